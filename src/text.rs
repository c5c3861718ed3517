//! The text layer: from a review's bytes to text the rules can match, and
//! back to the original bytes for every match.
//!
//! Rules match a *folded* copy of the review: curly quotes become straight,
//! dashes become `-`, accents are dropped (`Nathalie` and `Nathálie` read
//! alike), non-breaking spaces become spaces and `\r\n` becomes `\n`. Folding
//! changes byte lengths, so [`Folded`] keeps a sparse map of every change and
//! turns a folded span back into the exact original bytes; provenance never
//! points at text the reviewer did not write.
//!
//! The layer also tells the reviewer's own statements apart from the rest of
//! a web page ([`LineKind`]): navigation and photo-gallery lines, captions
//! repeated under pictures, the publication date line (a reference date for
//! "will open on February 3", never a release date) and reader comments
//! below the article. The patterns for those live in `rules/page.toml`.

use regex::Regex;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::model::Date;
use crate::values;

/// One place where folding changed the text.
#[derive(Debug, Clone, Copy)]
struct Edit {
    folded_start: u32,
    folded_len: u32,
    orig_start: u32,
    orig_len: u32,
}

/// The folded text and the way back to the original bytes.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    edits: Vec<Edit>,
}

/// What a character folds to, or `None` when it stays as it is.
fn fold_char(c: char, next: Option<char>, out: &mut String) -> bool {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
            out.push(' ')
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
        '\u{2026}' => out.push_str("..."),
        '\r' => {
            if next != Some('\n') {
                out.push('\n');
            }
        }
        '\u{00DF}' => out.push_str("ss"),
        '\u{00E6}' => out.push_str("ae"),
        '\u{00C6}' => out.push_str("Ae"),
        '\u{0153}' => out.push_str("oe"),
        '\u{0152}' => out.push_str("Oe"),
        '\u{00F8}' => out.push('o'),
        '\u{00D8}' => out.push('O'),
        '\u{0142}' => out.push('l'),
        '\u{0141}' => out.push('L'),
        '\u{0111}' => out.push('d'),
        '\u{0110}' => out.push('D'),
        c if c.is_ascii() => return false,
        c => {
            let before = out.len();
            let mut changed = false;
            decompose_canonical(c, |d| {
                if is_combining_mark(d) {
                    changed = true;
                } else {
                    out.push(d);
                }
            });
            if !changed {
                out.truncate(before);
                return false;
            }
        }
    }
    true
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut edits = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let folded_start = text.len();
            if fold_char(c, next, &mut text) {
                edits.push(Edit {
                    folded_start: folded_start as u32,
                    folded_len: (text.len() - folded_start) as u32,
                    orig_start: at as u32,
                    orig_len: c.len_utf8() as u32,
                });
            } else {
                text.push(c);
            }
        }
        Folded { text, edits }
    }

    /// The original byte offset where folded byte `pos` starts.
    pub fn start_to_original(&self, pos: usize) -> usize {
        self.map(pos, false)
    }

    /// The original byte offset where a folded span ending at `pos` ends.
    pub fn end_to_original(&self, pos: usize) -> usize {
        self.map(pos, true)
    }

    fn map(&self, pos: usize, is_end: bool) -> usize {
        let pos = pos as u32;
        // The last edit at or before `pos` (for an end, strictly before).
        let idx = self.edits.partition_point(|e| {
            if is_end {
                e.folded_start < pos
            } else {
                e.folded_start <= pos
            }
        });
        let Some(edit) = idx.checked_sub(1).map(|i| self.edits[i]) else {
            return pos as usize;
        };
        let folded_end = edit.folded_start + edit.folded_len;
        let orig_end = edit.orig_start + edit.orig_len;
        if pos < folded_end {
            // Inside a changed character: the whole character.
            return if is_end { orig_end } else { edit.orig_start } as usize;
        }
        (pos - folded_end + orig_end) as usize
    }
}

/// What a line of a web page is, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// The reviewer's own words.
    Body,
    /// A caption line repeated on the page; its first showing is read as a
    /// caption, the repeats are skipped so a caption counts once.
    Caption,
    RepeatedCaption,
    /// Navigation, share buttons, photo-gallery counters.
    Navigation,
    /// The review's own date: a reference, never a claim.
    PublicationDate,
    /// Reader comments below the article.
    Comment,
    /// Metadata at the top of the file (a `film:` line, a `---` block):
    /// says which film the review is about, never a claim.
    FrontMatter,
}

impl LineKind {
    /// Whether claims may come from this line.
    pub fn is_read(self) -> bool {
        matches!(self, LineKind::Body | LineKind::Caption | LineKind::Comment)
    }
}

/// The patterns that tell page furniture from the review (`rules/page.toml`).
#[derive(Debug, Clone)]
pub struct PageRules {
    pub navigation: Vec<Regex>,
    pub sidebar_start: Vec<Regex>,
    pub comments_start: Vec<Regex>,
    pub comment_author: Vec<Regex>,
    pub publication_date: Vec<Regex>,
    /// How many non-blank lines from the top a publication date may sit on.
    pub date_line_window: usize,
    /// Lines near the top that state the film's title (capture `title`).
    pub film_title: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// Folded byte range, without the newline.
    pub start: usize,
    pub end: usize,
    pub kind: LineKind,
}

/// A review, read and laid out for the rules.
#[derive(Debug, Clone)]
pub struct Document {
    pub original: String,
    pub folded: Folded,
    pub lines: Vec<Line>,
    /// Original byte offset of each line start, for line numbers.
    orig_line_starts: Vec<usize>,
    pub published: Option<Date>,
}

impl Document {
    pub fn new(original: String, page: &PageRules) -> Document {
        let folded = Folded::new(&original);
        let orig_line_starts = std::iter::once(0)
            .chain(original.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut doc = Document {
            lines: Vec::new(),
            original,
            folded,
            orig_line_starts,
            published: None,
        };
        doc.classify_lines(page);
        doc
    }

    fn classify_lines(&mut self, page: &PageRules) {
        let text = &self.folded.text;
        let mut start = 0;
        for piece in text.split('\n') {
            let end = start + piece.len();
            let kind = if piece.trim().is_empty() {
                LineKind::Blank
            } else {
                LineKind::Body
            };
            self.lines.push(Line { start, end, kind });
            start = end + 1;
        }

        // Front matter: a `---` block at the top, or `film:` lines there.
        let first = self.lines.iter().position(|l| l.kind != LineKind::Blank);
        if let Some(first) = first {
            let is = |l: &Line, what: &str| text[l.start..l.end].trim() == what;
            let close = is(&self.lines[first], "---")
                .then(|| {
                    self.lines[first + 1..]
                        .iter()
                        .take(30)
                        .position(|l| is(l, "---"))
                })
                .flatten();
            let block = match close {
                Some(n) => first..first + n + 2,
                None => {
                    first
                        ..self.lines[first..]
                            .iter()
                            .position(|l| {
                                crate::film::front_matter(&text[l.start..l.end]).is_none()
                            })
                            .map_or(self.lines.len(), |n| first + n)
                }
            };
            for line in &mut self.lines[block] {
                line.kind = LineKind::FrontMatter;
            }
        }

        // Navigation and gallery lines, and blocks of links to other pages.
        let mut in_sidebar = false;
        for line in &mut self.lines {
            let t = text[line.start..line.end].trim();
            if line.kind == LineKind::Blank {
                in_sidebar = false;
                continue;
            }
            if line.kind == LineKind::FrontMatter {
                continue;
            }
            if page.sidebar_start.iter().any(|r| r.is_match(t)) {
                in_sidebar = true;
            }
            if in_sidebar || page.navigation.iter().any(|r| r.is_match(t)) {
                line.kind = LineKind::Navigation;
            }
        }

        // The publication date: a line near the top that is only a date.
        for line in self
            .lines
            .iter_mut()
            .filter(|l| l.kind != LineKind::Blank)
            .take(page.date_line_window)
        {
            let t = text[line.start..line.end].trim();
            if line.kind != LineKind::Body {
                continue;
            }
            if let Some(date) = page
                .publication_date
                .iter()
                .find_map(|r| r.captures(t))
                .and_then(|c| c.name("date"))
                .and_then(|m| values::parse_date(m.as_str(), None))
                .filter(|d| d.year.is_some())
            {
                line.kind = LineKind::PublicationDate;
                self.published = Some(date);
                break;
            }
        }

        // Reader comments: from a comments heading, or from the first
        // numbered line that is only a commenter's name followed by an
        // indented paragraph, to the end of the page.
        let comment_start = self.lines.iter().enumerate().position(|(i, line)| {
            let raw = &text[line.start..line.end];
            let t = raw.trim();
            if line.kind != LineKind::Body {
                return false;
            }
            if page.comments_start.iter().any(|r| r.is_match(t)) {
                return true;
            }
            page.comment_author.iter().any(|r| r.is_match(raw))
                && self.lines[i + 1..]
                    .iter()
                    .find(|l| l.kind != LineKind::Blank)
                    .is_some_and(|l| text[l.start..l.end].starts_with([' ', '\t']))
        });
        if let Some(first) = comment_start {
            for line in &mut self.lines[first..] {
                if line.kind == LineKind::Body {
                    line.kind = LineKind::Comment;
                }
            }
        }

        // Captions: short lines the page shows more than once. A line made
        // only of repeats of a caption is a repeat too.
        let mut seen: std::collections::HashMap<&str, usize> = Default::default();
        for line in &self.lines {
            if line.kind == LineKind::Body {
                let t = text[line.start..line.end].trim();
                if t.len() <= 200 {
                    *seen.entry(t).or_default() += 1;
                }
            }
        }
        let captions: Vec<&str> = {
            let mut c: Vec<&str> = seen
                .iter()
                .filter(|&(_, &n)| n > 1)
                .map(|(&t, _)| t)
                .collect();
            c.sort_unstable();
            c
        };
        let mut shown: std::collections::HashSet<&str> = Default::default();
        for line in &mut self.lines {
            if line.kind != LineKind::Body {
                continue;
            }
            let t = text[line.start..line.end].trim();
            if captions.binary_search(&t).is_ok() {
                line.kind = if shown.insert(t) {
                    LineKind::Caption
                } else {
                    LineKind::RepeatedCaption
                };
            } else if captions
                .iter()
                .any(|c| t.len() > c.len() && t.split(c).all(|rest| rest.trim().is_empty()))
            {
                line.kind = LineKind::RepeatedCaption;
            }
        }
    }

    /// The line holding folded byte `pos`.
    pub fn line_at(&self, pos: usize) -> &Line {
        let i = self.lines.partition_point(|l| l.end < pos);
        &self.lines[i.min(self.lines.len() - 1)]
    }

    /// The original byte span of a folded span.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.folded.start_to_original(start);
        let e = self.folded.end_to_original(end).max(s);
        (s, e)
    }

    /// The 1-based line number of an original byte offset.
    pub fn line_number(&self, orig_offset: usize) -> usize {
        self.orig_line_starts.partition_point(|&s| s <= orig_offset)
    }

    /// The folded range of the sentence around folded byte `pos`: from the
    /// previous sentence end (`.`, `!`, `?` followed by a space, or a line
    /// break) to the next.
    pub fn sentence_at(&self, pos: usize) -> (usize, usize) {
        sentence_bounds(&self.folded.text, pos)
    }
}

/// Whether the `.` at `i` ends a sentence rather than an initial ("Kathy H.")
/// or a title ("Mr.").
fn ends_sentence(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        b'!' | b'?' => true,
        b'.' => {
            let word_start = text[..i]
                .rfind(|c: char| !c.is_alphanumeric())
                .map_or(0, |p| p + 1);
            let word = &text[word_start..i];
            !(word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase())
                || matches!(word, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "vs" | "Jr" | "Sr"))
        }
        _ => false,
    }
}

pub fn sentence_bounds(text: &str, pos: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let pos = pos.min(b.len());
    let mut start = pos;
    while start > 0 {
        let c = b[start - 1];
        if c == b'\n' {
            break;
        }
        if start >= 2 && c == b' ' && ends_sentence(text, start - 2) {
            break;
        }
        start -= 1;
    }
    let mut end = pos;
    while end < b.len() {
        let c = b[end];
        if c == b'\n' {
            break;
        }
        if matches!(c, b'.' | b'!' | b'?')
            && (end + 1 == b.len() || b[end + 1] == b' ' || b[end + 1] == b'\n')
            && ends_sentence(text, end)
        {
            end += 1;
            break;
        }
        end += 1;
    }
    while start < end && b[start] == b' ' {
        start += 1;
    }
    (start, end)
}

/// Every sentence of a text, as folded byte ranges.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let (s, e) = sentence_bounds(text, pos);
        if e > s && !text[s..e].trim().is_empty() {
            out.push((s, e));
        }
        pos = e.max(pos + 1);
        while pos < text.len()
            && (!text.is_char_boundary(pos) || text.as_bytes()[pos].is_ascii_whitespace())
        {
            pos += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_spans_back_to_original_bytes() {
        let original =
            "Kazuo Ishiguro\u{2019}s 2005 novel \u{2014} \u{201C}Nathálie\u{201D}\u{2026} end";
        let f = Folded::new(original);
        assert_eq!(f.text, "Kazuo Ishiguro's 2005 novel - \"Nathalie\"... end");
        for word in ["Ishiguro's", "\"Nathalie\"", "...", "end", "-"] {
            let s = f.text.find(word).unwrap();
            let (a, b) = (f.start_to_original(s), f.end_to_original(s + word.len()));
            let back = &original[a..b];
            assert_eq!(Folded::new(back).text, word, "{word}");
        }
    }

    #[test]
    fn crlf_becomes_lf_and_deleted_characters_map() {
        let original = "\u{FEFF}One\r\nTwo";
        let f = Folded::new(original);
        assert_eq!(f.text, "One\nTwo");
        let s = f.text.find("Two").unwrap();
        assert_eq!(
            &original[f.start_to_original(s)..f.end_to_original(s + 3)],
            "Two"
        );
        assert_eq!(
            &original[f.start_to_original(0)..f.end_to_original(3)],
            "One"
        );
    }

    #[test]
    fn sentences_do_not_end_at_initials() {
        let t = "Kathy H. is the narrator. Mr. Smith agrees! Next";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            s,
            ["Kathy H. is the narrator.", "Mr. Smith agrees!", "Next"]
        );
    }
}
