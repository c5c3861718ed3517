//! Web pages saved as `.txt`: markup is never a review's words.
//!
//! A review copied from a browser with "Save as" is HTML whatever its name.
//! Its tags, comments, scripts and styles must give no claim (an `alt`
//! attribute or a tracking script can hold "directed by ..." as well as the
//! review), but the text between the tags is the review. This module finds
//! the markup; the folding layer ([`crate::text::Folded`]) replaces each piece
//! with what a browser shows in its place (nothing for inline tags like
//! `<b>`, a line break for blocks like `<p>`, a space for the rest),
//! decodes character references (`&amp;`, `&#8217;`, `&nbsp;`) and collapses
//! runs of blank space as a browser does, keeping every change in its offset
//! map, so claims still point at the file's bytes.
//!
//! The scanner is lenient, like a browser, and linear: a tag ends at the
//! first `>` outside a quoted attribute value; a `<` that starts no tag is
//! text; an unterminated comment or script runs to the end of the file.

/// How far into a file its start may be to say it is HTML.
const SNIFF_BYTES: usize = 1024;

/// A quoted attribute value longer than this is not one (an unbalanced
/// quote); the tag then ends at its first `>`. It also bounds the work a
/// single `<` can cost.
const MAX_QUOTED: usize = 4096;

/// Whether `text` is an HTML page: its first kilobyte holds `<html`,
/// `<head`, `<body` or `<!doctype html`, or it starts with a tag and holds a
/// closing one.
pub fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_ascii_lowercase();
    ["<html", "<head", "<body", "<!doctype html"]
        .iter()
        .any(|t| head.contains(t))
        || (head.starts_with('<')
            && head[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '!')
            && (head.contains("</") || head.contains("/>")))
}

/// What a piece of markup shows as.
const NOTHING: &str = "";
const SPACE: &str = " ";
const LINE_BREAK: &str = "\n";

/// Tags a browser shows inline: the words around them run on.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
];

/// Tags a browser shows as a block of their own: a line break.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "table",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is not text: it goes with the tags.
const RAW: &[&str] = &["script", "style", "template", "svg", "math"];

/// Finds markup in one text, remembering what it has learnt so that no
/// byte is scanned more than a bounded number of times.
#[derive(Debug, Default)]
pub struct Scanner {
    /// No `>` at or after this offset.
    no_gt_from: Option<usize>,
}

impl Scanner {
    /// The markup that starts at byte `i` (a `<`): its length and what it
    /// shows as. `None` when the `<` is text ("a < b", "<3").
    pub fn markup_at(&mut self, text: &str, i: usize) -> Option<(usize, &'static str)> {
        let b = text.as_bytes();
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            let end = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            return Some((end - i, SPACE));
        }
        let name_at = match rest.get(1) {
            Some(c) if c.is_ascii_alphabetic() => i + 1,
            Some(b'/') if rest.get(2).is_some_and(u8::is_ascii_alphabetic) => i + 2,
            Some(b'!' | b'?') => i + 1,
            _ => return None,
        };
        let end = self.tag_end(b, i)?;
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = text[name_at..name_at + name_len].to_ascii_lowercase();
        let closing = name_at == i + 2;
        if !closing && RAW.contains(&name.as_str()) && !b[..end].ends_with(b"/>") {
            // The content runs to the closing tag, or the end of the file.
            let mut from = end;
            let stop = loop {
                let Some(at) = find(b, from, b"</") else {
                    break b.len();
                };
                let after = &b[at + 2..];
                if after.len() >= name.len()
                    && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                    && !after.get(name.len()).is_some_and(u8::is_ascii_alphanumeric)
                {
                    break self.tag_end(b, at).unwrap_or(b.len());
                }
                from = at + 2;
            };
            return Some((stop - i, LINE_BREAK));
        }
        let shows = if INLINE.contains(&name.as_str()) {
            NOTHING
        } else if BLOCK.contains(&name.as_str()) {
            LINE_BREAK
        } else {
            SPACE
        };
        Some((end - i, shows))
    }

    /// The offset just after the `>` that closes the tag at `i`.
    fn tag_end(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if self.no_gt_from.is_some_and(|n| i >= n) {
            return None;
        }
        let mut j = i + 1;
        let mut after_eq = false;
        while j < b.len() {
            match b[j] {
                b'>' => return Some(j + 1),
                q @ (b'"' | b'\'') if after_eq => {
                    let limit = b.len().min(j + 1 + MAX_QUOTED);
                    match b[j + 1..limit].iter().position(|&c| c == q) {
                        Some(k) => j += k + 1,
                        None => break,
                    }
                    after_eq = false;
                }
                b'=' => after_eq = true,
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ => after_eq = false,
            }
            j += 1;
        }
        // No `>` after balanced quotes: the first `>` at all.
        match b[i..].iter().position(|&c| c == b'>') {
            Some(k) => Some(i + k + 1),
            None => {
                self.no_gt_from = Some(i);
                None
            }
        }
    }
}

/// The first `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Named references and the character each stands for. Accented letters
/// (`&eacute;`) are read by their base letter, since folding drops accents.
const NAMED: &[(&str, char)] = &[
    ("AElig", '\u{00C6}'),
    ("aelig", '\u{00E6}'),
    ("amp", '&'),
    ("apos", '\''),
    ("bdquo", '\u{201E}'),
    ("bull", '\u{2022}'),
    ("copy", '\u{00A9}'),
    ("deg", '\u{00B0}'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("gt", '>'),
    ("hellip", '\u{2026}'),
    ("laquo", '\u{00AB}'),
    ("ldquo", '\u{201C}'),
    ("lsaquo", '\u{2039}'),
    ("lsquo", '\u{2018}'),
    ("lt", '<'),
    ("mdash", '\u{2014}'),
    ("middot", '\u{00B7}'),
    ("nbsp", '\u{00A0}'),
    ("ndash", '\u{2013}'),
    ("OElig", '\u{0152}'),
    ("oelig", '\u{0153}'),
    ("quot", '"'),
    ("raquo", '\u{00BB}'),
    ("rdquo", '\u{201D}'),
    ("reg", '\u{00AE}'),
    ("rsaquo", '\u{203A}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201A}'),
    ("shy", '\u{00AD}'),
    ("szlig", '\u{00DF}'),
    ("thinsp", '\u{2009}'),
    ("times", '\u{00D7}'),
    ("trade", '\u{2122}'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// The accents of named references to accented letters: `&eacute;` is `e`.
const ACCENTS: &[&str] = &[
    "acute", "grave", "circ", "uml", "tilde", "cedil", "ring", "slash",
];

/// The character reference at byte `i` (an `&`): its length and character.
/// `None` when the `&` is text ("Tom & Jerry", "&unknown;").
pub fn entity_at(text: &str, i: usize) -> Option<(usize, char)> {
    let rest = text.get(i + 1..)?;
    let body_len = rest
        .bytes()
        .take(32)
        .take_while(|&c| c.is_ascii_alphanumeric() || c == b'#')
        .count();
    if rest.as_bytes().get(body_len) != Some(&b';') || body_len == 0 {
        return None;
    }
    let body = &rest[..body_len];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if (1..=6).contains(&hex.len()) => u32::from_str_radix(hex, 16).ok()?,
            None if (1..=7).contains(&num.len()) => num.parse().ok()?,
            _ => return None,
        };
        char::from_u32(code).filter(|c| *c != '\0')?
    } else if let Some(&(_, c)) = NAMED.iter().find(|(n, _)| *n == body) {
        c
    } else {
        let mut chars = body.chars();
        let letter = chars.next().filter(char::is_ascii_alphabetic)?;
        ACCENTS.contains(&chars.as_str()).then_some(letter)?
    };
    Some((body_len + 2, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pages_not_reviews() {
        assert!(looks_like_html("\u{FEFF}  <!DOCTYPE html><html>"));
        assert!(looks_like_html("junk\n<HTML lang=en>"));
        assert!(looks_like_html("<p>A review.</p>"));
        assert!(!looks_like_html("I <3 this film, and a < b."));
        assert!(!looks_like_html("<3 a film"));
    }

    #[test]
    fn finds_tags_comments_and_scripts() {
        let mut s = Scanner::default();
        let t = r#"<a href="x>y" title='q'>"#;
        assert_eq!(s.markup_at(t, 0), Some((t.len(), NOTHING)));
        assert_eq!(s.markup_at("</P>", 0), Some((4, LINE_BREAK)));
        assert_eq!(s.markup_at("<foo>", 0), Some((5, SPACE)));
        assert_eq!(s.markup_at("<!-- a > b -->x", 0), Some((14, SPACE)));
        let t = "<script>if (a</b) {}</SCRIPT >after";
        assert_eq!(s.markup_at(t, 0), Some((t.len() - 5, LINE_BREAK)));
        assert_eq!(s.markup_at("<style>p{}", 0), Some((10, LINE_BREAK)));
        assert_eq!(s.markup_at("< b", 0), None);
        assert_eq!(s.markup_at("<b and no end", 0), None);
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(entity_at("&amp;", 0), Some((5, '&')));
        assert_eq!(entity_at("&#8217;s", 0), Some((7, '\u{2019}')));
        assert_eq!(entity_at("&#x2019;", 0), Some((8, '\u{2019}')));
        assert_eq!(entity_at("&eacute;", 0), Some((8, 'e')));
        assert_eq!(entity_at("&nbsp;", 0), Some((6, '\u{00A0}')));
        assert_eq!(entity_at("& co", 0), None);
        assert_eq!(entity_at("&bogus;", 0), None);
        assert_eq!(entity_at("&#0;", 0), None);
        assert_eq!(entity_at("&#99999999;", 0), None);
        assert_eq!(entity_at("&#xD800;", 0), None);
    }
}
