//! What reviews and file names may hold must not act on the output they
//! are printed in: a line break or `#` that starts a heading, a `|` that
//! splits a table cell, raw HTML that a Markdown viewer would run, a
//! terminal escape (ESC) that recolours or clears the screen. Each format
//! escapes for itself: Markdown here ([`md`], [`md_code`]), the terminal's
//! diagnostics here ([`same_width`]), HTML by the page's templates, JSON
//! by serde. File names arrive already shown safely
//! ([`crate::pathname::shown`]); these helpers make review words safe.

/// A control character as text: `\x1B`, `\u{85}`.
fn control(c: char) -> String {
    if c.is_ascii() {
        format!("\\x{:02X}", c as u32)
    } else {
        format!("\\u{{{:X}}}", c as u32)
    }
}

/// Words for Markdown running text or a table cell: on one line (runs of
/// blank space become one space), with the characters Markdown would read
/// as markup or raw HTML escaped by a backslash (`\<`, `\|`, `\\`) and
/// control characters written out (`\x1B`). A viewer shows the words as
/// they were; a terminal shows them with a backslash before `<` and `|`.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\\' | '<' | '|' | '`' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push_str(&control(c)),
                c => out.push(c),
            }
        }
    }
    out
}

/// `s` as a Markdown code span: fenced by more backticks than it holds in
/// a row, padded when it starts or ends with one; control characters
/// written out.
pub fn md_code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_control() {
                control(c)
            } else {
                c.to_string()
            }
        })
        .collect();
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A review's line for a terminal diagnostic, each control character but
/// a tab replaced by a character of as many bytes (`?`, or `¿` for the
/// two-byte controls beyond ASCII), so that offsets into the line still
/// point at the same words.
pub fn same_width(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\t' && c != '\n') {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            c if c.is_control() && c.len_utf8() == 1 => '?',
            c if c.is_control() => '¿',
            c => c,
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_words_stay_words() {
        assert_eq!(
            md("a\n# b | <script>x</script>"),
            "a # b \\| \\<script>x\\</script>"
        );
        assert_eq!(md(">=100"), ">=100");
        assert_eq!(md("red \u{1b}[31m"), "red \\x1B[31m");
        assert_eq!(md("Carey Mulligan"), "Carey Mulligan");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(md_code("dir/"), "`dir/`");
        assert_eq!(md_code("a`b/"), "``a`b/``");
        assert_eq!(md_code("`a/"), "`` `a/ ``");
    }

    #[test]
    fn terminal_lines_keep_their_offsets() {
        let line = "it runs \u{1b}[2J 103 minutes\u{85}";
        let safe = same_width(line);
        assert_eq!(safe.len(), line.len());
        assert_eq!(safe, "it runs ?[2J 103 minutes¿");
    }
}
