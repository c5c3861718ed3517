//! How a file's path is shown: in claims (`source`), reports and messages.
//!
//! A path is bytes, not text. Shown lossily, `bad\xff.txt` and
//! `bad\xfe.txt` would both print as `bad�.txt`: two files would become one
//! source (their claim ids would collide, and one review would agree with
//! itself). And a name may hold a line break or a terminal escape, which
//! would forge a heading in a report or drive the terminal. So, as
//! ripgrep does, a name that is not plain printable UTF-8 is shown with
//! its odd bytes escaped: `\xFF` for a byte that is no UTF-8, `\n`, `\r`,
//! `\t` and `\x1B` (`\u{85}` beyond ASCII) for control characters, and
//! `\\` for a backslash in such a name, so that two different names never
//! show alike. A plain name is shown as it is.

use std::path::Path;

/// The path as concord shows it (see the module's doc).
pub fn shown(path: &Path) -> String {
    let bytes = path_bytes(path);
    match std::str::from_utf8(&bytes) {
        Ok(s) if !s.chars().any(char::is_control) => s.to_string(),
        _ => escaped(&bytes),
    }
}

/// Whether [`shown`] escapes something of the path.
pub fn is_odd(path: &Path) -> bool {
    let bytes = path_bytes(path);
    std::str::from_utf8(&bytes).map_or(true, |s| s.chars().any(char::is_control))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(path.to_string_lossy().into_owned().into_bytes())
}

fn escaped(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    while !bytes.is_empty() {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (ok, bad) = bytes.split_at(e.valid_up_to());
                // The prefix is valid UTF-8 by the error's word.
                (std::str::from_utf8(ok).unwrap_or(""), bad)
            }
        };
        for c in valid.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
                c if c.is_control() => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
                c => out.push(c),
            }
        }
        let Some((&bad, after)) = rest.split_first() else {
            break;
        };
        out.push_str(&format!("\\x{bad:02X}"));
        bytes = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_shown_as_they_are() {
        assert_eq!(shown(Path::new("reviews/café 1.txt")), "reviews/café 1.txt");
        assert!(!is_odd(Path::new("reviews/café 1.txt")));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            shown(Path::new("a\n# b|\u{1b}[31m.txt")),
            "a\\n# b|\\x1B[31m.txt"
        );
        assert_eq!(shown(Path::new("a\\b\t.txt")), "a\\\\b\\t.txt");
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_no_utf8_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| shown(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name(b"bad\xff.txt"), "bad\\xFF.txt");
        assert_eq!(name(b"bad\xfe.txt"), "bad\\xFE.txt");
        assert_eq!(name("bad\u{FFFD}.txt".as_bytes()), "bad\u{FFFD}.txt");
        assert_eq!(name(b"caf\xc3\xa9\xff"), "caf\u{e9}\\xFF");
    }
}
