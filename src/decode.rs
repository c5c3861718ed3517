//! From a file's bytes to text, or a plain reason why not.
//!
//! Reviews from the wild are mostly UTF-8, but files saved on older Windows
//! systems are in Windows-1252 (a superset of Latin-1 for everything but
//! control codes), and some files mix the two. concord reads them rather
//! than skip them, and says so, because a silently garbled `é` is worse than
//! a skipped file:
//!
//! - valid UTF-8 is the text as it is;
//! - otherwise every byte that is not part of a valid UTF-8 sequence is read
//!   as Windows-1252, and the rest as UTF-8. The caller warns that the file
//!   was read as Windows-1252 (or as mixed, with the first odd byte);
//! - a file that would read as mostly accented letters and symbols is in
//!   some other encoding (Cyrillic, Greek, a CJK one): it is refused, not
//!   guessed at;
//! - NUL or many control bytes mean a binary file; a UTF-16 byte-order mark
//!   means UTF-16 text. Both are refused with what to do about it.
//!
//! Decoding changes byte lengths (a one-byte `é` becomes two), so the
//! decoded text comes with an [`OffsetMap`] back to the file's bytes: claims
//! report spans in the file's bytes and quote the decoded words.

use crate::offsets::OffsetMap;

/// The Windows-1252 characters of bytes 0x80 to 0x9F; `None` for the five
/// bytes the code page leaves undefined. 0xA0 to 0xFF are Latin-1, the same
/// code points as their byte values.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// The Windows-1252 character of a byte, `None` for an undefined one.
pub fn cp1252(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => Some(char::from(b)),
    }
}

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// No valid multi-byte UTF-8 sequence: the whole file is Windows-1252.
    Windows1252,
    /// Mostly UTF-8, with `bytes` stray bytes read as Windows-1252, the
    /// first at byte `first`.
    MixedUtf8 {
        bytes: usize,
        first: usize,
    },
}

/// A file's text and the way back to its bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// From offsets in `text` to offsets in the file (identity for UTF-8).
    pub map: OffsetMap,
    pub encoding: Encoding,
}

/// Above this share of non-ASCII letters among all letters, Windows-1252 is
/// the wrong guess. French, German or Spanish prose has a few percent of
/// accented letters (a short name like "Né à Zürich" a third); Cyrillic or
/// Greek read as Windows-1252 is nearly all of them.
const MAX_ACCENTED_SHARE: f64 = 0.5;

/// Above this share of control bytes (other than tab, line feed, carriage
/// return and form feed) a file is not text.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Bytes as concord reads them when they are not all UTF-8: UTF-8 where
/// valid, each other byte as Windows-1252. What a claim's `text` is for the
/// bytes of its span in a file read that way.
pub fn as_read(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push(cp1252(b).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }
    out
}

/// How many control bytes `bytes` holds (other than tab, line feed,
/// carriage return and form feed). Counted in blocks whose per-byte test
/// the compiler turns into vector instructions: this runs over every byte
/// of every review.
fn count_controls(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            let n: u8 = block
                .iter()
                .map(|&b| {
                    u8::from(b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' && b != 0x0C)
                        + u8::from(b == 0x7F)
                })
                .fold(0, u8::wrapping_add);
            usize::from(n)
        })
        .sum()
}

/// Decodes a review's bytes, or says in a few words why they are not text
/// concord can read (the caller adds the file's name and what to do).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text; save it as UTF-8".into());
    }
    let controls = count_controls(bytes);
    // A NUL is a control byte: only a file with some is looked at for one.
    if controls > 0
        && let Some(at) = bytes.iter().position(|&b| b == 0)
    {
        return Err(format!(
            "the file is binary (a NUL byte at byte {at}), not a review"
        ));
    }
    if controls as f64 > bytes.len() as f64 * MAX_CONTROL_SHARE {
        return Err(format!(
            "the file is binary ({controls} control bytes), not a review"
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            map: OffsetMap::default(),
            encoding: Encoding::Utf8,
        });
    }

    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut map = OffsetMap::default();
    let mut multibyte = false;
    let mut stray = 0;
    let mut first = None;
    let mut undefined = 0;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        multibyte |= !valid.is_ascii();
        text.push_str(valid);
        at += valid.len();
        for &b in chunk.invalid() {
            let c = cp1252(b).unwrap_or_else(|| {
                undefined += 1;
                char::REPLACEMENT_CHARACTER
            });
            map.push(text.len(), c.len_utf8(), at, 1);
            text.push(c);
            first.get_or_insert(at);
            stray += 1;
            at += 1;
        }
    }
    let first = first.unwrap_or(0);
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let accented = text
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        .count();
    if undefined > 0 || accented as f64 > letters as f64 * MAX_ACCENTED_SHARE {
        return Err(format!(
            "the file is not UTF-8 (first bad byte at {first}), and read as Windows-1252 it would be \
             mostly symbols: another encoding; save it as UTF-8"
        ));
    }
    let encoding = if multibyte {
        Encoding::MixedUtf8 {
            bytes: stray,
            first,
        }
    } else {
        Encoding::Windows1252
    };
    Ok(Decoded {
        text,
        map,
        encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_counted_across_blocks() {
        // More than a block's worth, so that a per-block count that
        // wrapped would show; the four allowed ones are not counted.
        let mut bytes = vec![0x01u8; 600];
        bytes.extend([b'\t', b'\n', b'\r', 0x0C, b'a', 0x7F, 0x1F]);
        assert_eq!(count_controls(&bytes), 602);
        assert_eq!(count_controls(b"plain text\n"), 0);
        let naive = |b: &[u8]| {
            b.iter()
                .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
                .count()
        };
        let all: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        assert_eq!(count_controls(&all), naive(&all));
    }

    #[test]
    fn utf8_is_read_as_it_is() {
        let d = decode("Nathálie’s".as_bytes()).unwrap();
        assert_eq!(d.text, "Nathálie’s");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.map.is_identity());
    }

    #[test]
    fn windows_1252_maps_back_to_single_bytes() {
        // "Nathálie’s" in Windows-1252: á = E1, ’ = 92.
        let bytes = b"Nath\xE1lie\x92s film";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Nathálie’s film");
        assert_eq!(d.encoding, Encoding::Windows1252);
        let s = d.text.find("lie’s").unwrap();
        let (a, b) = (d.map.start(s), d.map.end(s + "lie’s".len()));
        assert_eq!(&bytes[a..b], b"lie\x92s");
    }

    #[test]
    fn mixed_files_say_where_the_first_odd_byte_is() {
        let d = decode(b"caf\xC3\xA9 and caf\xE9").unwrap();
        assert_eq!(d.text, "café and café");
        assert_eq!(
            d.encoding,
            Encoding::MixedUtf8 {
                bytes: 1,
                first: 13
            }
        );
    }

    #[test]
    fn binary_utf16_and_other_encodings_are_refused() {
        assert!(decode(b"PNG\0\0\x01").unwrap_err().contains("binary"));
        assert!(
            decode(b"\x01\x02\x03\x04 text")
                .unwrap_err()
                .contains("binary")
        );
        assert!(decode(b"\xFF\xFEa\0").unwrap_err().contains("UTF-16"));
        // "Привет мир" in Windows-1251.
        let cyrillic = b"\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0";
        assert!(decode(cyrillic).unwrap_err().contains("another encoding"));
        assert!(
            decode(b"abc \x81 def")
                .unwrap_err()
                .contains("another encoding")
        );
    }
}
