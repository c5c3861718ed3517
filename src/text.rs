//! The text layer: from a review's bytes to text the rules can match, and
//! back to the original bytes for every match.
//!
//! Rules match a *folded* copy of the review: curly quotes become straight,
//! dashes become `-`, accents are dropped (`Nathalie` and `Nathálie` read
//! alike), ligatures are spelt out (`ﬁ` is `fi`), non-breaking spaces become
//! spaces and `\r\n` becomes `\n`. Folding
//! changes byte lengths, so [`Folded`] keeps a sparse map of every change and
//! turns a folded span back into the exact original bytes; provenance never
//! points at text the reviewer did not write. An HTML page saved as text is
//! folded to what a browser shows of it ([`crate::html`]): its markup is
//! folded away like an accent, with the same map. A review decoded from
//! another encoding ([`crate::decode`]) brings a second map, from its text
//! to the file's bytes; [`Document::original_span`] goes through both.
//!
//! Nothing here is quadratic in a line's length or a file's size: a review
//! saved without line breaks can be one line of megabytes.
//!
//! The layer also tells the reviewer's own statements apart from the rest of
//! a web page ([`LineKind`]): navigation and photo-gallery lines, captions
//! repeated under pictures, the publication date line (a reference date for
//! "will open on February 3", never a release date) and reader comments
//! below the article. The patterns for those live in `rules/page.toml`.

use regex::Regex;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::html;
use crate::model::Date;
use crate::offsets::OffsetMap;
use crate::rules::prefilter::LineSpan;
use crate::values;

/// The folded text and the way back to the text it was folded from.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    map: OffsetMap,
}

/// What a character folds to, or `None` when it stays as it is.
/// The only ASCII characters [`fold_char`] changes (a test holds the two
/// to each other): all other ASCII text is copied as it is.
const ASCII_FOLDED: [u8; 3] = [b'\r', b'\t', b'`'];

/// How many bytes at the start of `bytes` are ASCII that folding leaves as
/// it is. Blocks are tested whole first (a test the compiler turns into
/// vector instructions), since most of any review is such ASCII.
fn plain_run(bytes: &[u8]) -> usize {
    let [x, y, z] = ASCII_FOLDED;
    let stops =
        |b: u8| u8::from(b >= 0x80) | u8::from(b == x) | u8::from(b == y) | u8::from(b == z);
    let mut at = 0;
    for block in bytes.chunks(32) {
        if block.iter().fold(0, |any, &b| any | stops(b)) != 0 {
            return at
                + block
                    .iter()
                    .position(|&b| stops(b) != 0)
                    .unwrap_or(block.len());
        }
        at += block.len();
    }
    at
}

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
        // Typographic ligatures, as PDF and e-book text keeps them: one
        // would end a name in the middle ("Mark Ro\u{FB00}anek").
        '\u{FB00}' => out.push_str("ff"),
        '\u{FB01}' => out.push_str("fi"),
        '\u{FB02}' => out.push_str("fl"),
        '\u{FB03}' => out.push_str("ffi"),
        '\u{FB04}' => out.push_str("ffl"),
        '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
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

/// Blank space an HTML page shows as one space (or none after another).
fn is_html_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

impl Folded {
    /// The folded copy of a plain-text review.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut map = OffsetMap::default();
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Plain ASCII, most of any review, is copied as it is; only the
            // characters that may fold are looked at one by one.
            let run = plain_run(&bytes[at..]);
            text.push_str(&original[at..at + run]);
            at += run;
            let mut chars = original[at..].chars();
            let Some(c) = chars.next() else {
                break;
            };
            let folded_start = text.len();
            if fold_char(c, chars.next(), &mut text) {
                map.push(folded_start, text.len() - folded_start, at, c.len_utf8());
            } else {
                text.push(c);
            }
            at += c.len_utf8();
        }
        Folded { text, map }
    }

    /// The folded copy of an HTML page: what a browser shows of it (see
    /// [`crate::html`]), folded like plain text.
    pub fn html(original: &str) -> Folded {
        let b = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        let mut map = OffsetMap::default();
        let mut scanner = html::Scanner::default();
        let mut i = 0;
        while i < b.len() {
            let at = text.len();
            let blank = text.is_empty() || text.ends_with([' ', '\n']);
            if b[i] == b'<'
                && let Some((len, shows)) = scanner.markup_at(original, i)
            {
                let shows = if shows == " " && blank { "" } else { shows };
                text.push_str(shows);
                map.push(at, shows.len(), i, len);
                i += len;
                continue;
            }
            if is_html_blank(b[i]) {
                let len = b[i..].iter().take_while(|&&c| is_html_blank(c)).count();
                if blank {
                    map.push(at, 0, i, len);
                } else {
                    text.push(' ');
                    if len > 1 || b[i] != b' ' {
                        map.push(at, 1, i, len);
                    }
                }
                i += len;
                continue;
            }
            let entity = if b[i] == b'&' {
                html::entity_at(original, i)
            } else {
                None
            };
            let (c, len) = match entity {
                Some((len, c)) => (c, len),
                None => {
                    let c = original[i..].chars().next().unwrap_or(' ');
                    (c, c.len_utf8())
                }
            };
            if !fold_char(c, None, &mut text) {
                text.push(c);
                if len != c.len_utf8() {
                    map.push(at, text.len() - at, i, len);
                }
            } else {
                map.push(at, text.len() - at, i, len);
            }
            i += len;
        }
        Folded { text, map }
    }

    /// The original byte offset where folded byte `pos` starts.
    pub fn start_to_original(&self, pos: usize) -> usize {
        self.map.start(pos)
    }

    /// The original byte offset where a folded span ending at `pos` ends.
    pub fn end_to_original(&self, pos: usize) -> usize {
        self.map.end(pos)
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

/// Patterns of one kind, any of which marks a line ("a navigation line"):
/// tested together, in one search of the line rather than one per pattern.
#[derive(Debug, Clone, Default)]
pub struct AnyOf {
    regexes: Vec<Regex>,
    /// All of them as one set; `None` when there are none, or when the set
    /// would pass the size limit (then they are tried one by one).
    set: Option<regex::RegexSet>,
}

impl AnyOf {
    pub fn new(regexes: Vec<Regex>) -> AnyOf {
        let set = (!regexes.is_empty())
            .then(|| {
                regex::RegexSetBuilder::new(regexes.iter().map(Regex::as_str))
                    .size_limit(crate::rules::PATTERN_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .flatten();
        AnyOf { regexes, set }
    }

    /// Whether any of the patterns matches `text`.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.set {
            Some(set) => set.is_match(text),
            None => self.regexes.iter().any(|r| r.is_match(text)),
        }
    }
}

/// The patterns that tell page furniture from the review (`rules/page.toml`).
#[derive(Debug, Clone, Default)]
pub struct PageRules {
    pub navigation: AnyOf,
    pub sidebar_start: AnyOf,
    pub comments_start: AnyOf,
    pub comment_author: AnyOf,
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

/// Page furniture is short: a line longer than this is the reviewer's text
/// whatever it starts with. Without it, a review saved without line breaks,
/// whose one line starts with its date and byline ("Jan 22, 2011 - By ..."),
/// would be a single publication-date line and give no claim.
const FURNITURE_MAX_LINE: usize = 300;

/// Captions are short lines; a longer line shown twice is the text itself.
const CAPTION_MAX_LINE: usize = 200;

/// A line made only of repeats of a caption is a repeat too; longer lines
/// are not checked (it would cost a pass per caption).
const CAPTION_REPEAT_MAX_LINE: usize = 2000;

/// A review, read and laid out for the rules.
#[derive(Debug, Clone)]
pub struct Document {
    /// The review's text as read. For a UTF-8 file these are the file's
    /// bytes; for a file decoded from another encoding, the decoded text.
    pub original: String,
    pub folded: Folded,
    /// From offsets in `original` back to the file's bytes (the identity
    /// for a UTF-8 file).
    decoding: OffsetMap,
    /// Whether the review is an HTML page (its markup gives no claims).
    pub html: bool,
    pub lines: Vec<Line>,
    /// Offset in `original` of each line start, for line numbers.
    orig_line_starts: Vec<usize>,
    pub published: Option<Date>,
}

impl Document {
    /// A review whose text is the file's own bytes (UTF-8).
    pub fn new(original: String, page: &PageRules) -> Document {
        Document::decoded(original, OffsetMap::default(), page)
    }

    /// A review decoded from a file's bytes, with the map back to them.
    pub fn decoded(original: String, decoding: OffsetMap, page: &PageRules) -> Document {
        let html = html::looks_like_html(&original);
        let folded = if html {
            Folded::html(&original)
        } else {
            Folded::new(&original)
        };
        let orig_line_starts = std::iter::once(0)
            .chain(original.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut doc = Document {
            lines: Vec::new(),
            original,
            folded,
            decoding,
            html,
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
            if line.kind == LineKind::Blank || t.len() > FURNITURE_MAX_LINE {
                in_sidebar = false;
                continue;
            }
            if line.kind == LineKind::FrontMatter {
                continue;
            }
            if page.sidebar_start.is_match(t) {
                in_sidebar = true;
            }
            if in_sidebar || page.navigation.is_match(t) {
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
            if line.kind != LineKind::Body || t.len() > FURNITURE_MAX_LINE {
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
            if line.kind != LineKind::Body || t.len() > FURNITURE_MAX_LINE {
                return false;
            }
            if page.comments_start.is_match(t) {
                return true;
            }
            page.comment_author.is_match(raw)
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
                if t.len() <= CAPTION_MAX_LINE {
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
            } else if t.len() <= CAPTION_REPEAT_MAX_LINE && is_caption_repeat(t, &captions) {
                line.kind = LineKind::RepeatedCaption;
            }
        }
    }

    /// Its lines as the rules' prefilter takes them: where each is, and
    /// whether claims may come from it.
    pub fn line_spans(&self) -> Vec<LineSpan> {
        self.lines
            .iter()
            .map(|l| LineSpan {
                start: l.start,
                end: l.end,
                read: l.kind.is_read(),
            })
            .collect()
    }

    /// The line holding folded byte `pos`.
    pub fn line_at(&self, pos: usize) -> &Line {
        let i = self.lines.partition_point(|l| l.end < pos);
        &self.lines[i.min(self.lines.len() - 1)]
    }

    /// The span in [`Document::original`] of a folded span: the words a
    /// claim quotes.
    pub fn quote_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.folded.start_to_original(start);
        let e = self.folded.end_to_original(end).max(s);
        (s, e)
    }

    /// The span in the file's bytes of a folded span: a claim's `span`.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let (s, e) = self.quote_span(start, end);
        let fs = self.decoding.start(s);
        (fs, self.decoding.end(e).max(fs))
    }

    /// The 1-based line number of an offset in [`Document::original`].
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

/// Whether `line` is only repeats of one of the (sorted) `captions`,
/// separated by blank space. Such a caption starts and ends the line, so
/// only the line's short prefixes that are also its suffix are looked up,
/// not every caption: a line costs at most a few hundred short compares.
fn is_caption_repeat(line: &str, captions: &[&str]) -> bool {
    if captions.is_empty() {
        return false;
    }
    let repeats = |c: &str| {
        !c.is_empty()
            && c.len() < line.len()
            && c.len() <= CAPTION_MAX_LINE
            && !c.ends_with(char::is_whitespace)
            && line.starts_with(c)
            && line.ends_with(c)
            && line.split(c).all(|r| r.trim().is_empty())
    };
    // The caption it repeats starts it: either each caption is tried, or
    // each start of the line (up to a caption's length) is looked up among
    // the captions, whichever is fewer, so that a page of many captions
    // costs each line a bounded number of tries.
    let starts = line.len().min(CAPTION_MAX_LINE);
    if captions.len() <= starts {
        captions.iter().any(|&c| repeats(c))
    } else {
        line.char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .take_while(|&i| i <= CAPTION_MAX_LINE)
            .map(|i| &line[..i])
            .any(|c| line.ends_with(c) && captions.binary_search(&c).is_ok() && repeats(c))
    }
}

/// Whether the `.` at `i` ends a sentence rather than an initial ("Kathy H.")
/// or a title ("Mr.").
fn ends_sentence(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        b'!' | b'?' => true,
        b'.' => {
            // Past the character before the word, which may take more
            // than one byte.
            let word_start = text[..i]
                .char_indices()
                .rev()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(0, |(p, c)| p + c.len_utf8());
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
    fn only_the_listed_ascii_characters_fold() {
        for b in 0..128u8 {
            let mut out = String::new();
            let next = [None, Some('\n'), Some('a')];
            let folds = next.iter().any(|&n| fold_char(char::from(b), n, &mut out));
            assert_eq!(folds, ASCII_FOLDED.contains(&b), "{:?}", char::from(b));
        }
    }

    #[test]
    fn a_sentence_after_a_character_of_many_bytes_has_bounds() {
        // The word before the full stop follows a four-byte character.
        let text = "x\u{8b573}H. Then more.";
        let (s, e) = sentence_bounds(text, text.len() - 2);
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert_eq!(sentence_bounds("\u{2605}A. b", 6).1, 7);
    }

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
    fn html_folds_to_what_a_browser_shows_and_maps_back() {
        let original = "<html><head><script>var a = \"runs 9 minutes\";</script></head>\n\
            <body><p>Directed  by <b>Jane\r\nCampion</b>&#8217;s &amp; runs&nbsp;128 min</p>\
            <!-- a > b --><div>Next</div></body></html>";
        let f = Folded::html(original);
        assert!(!f.text.contains("runs 9"), "{:?}", f.text);
        assert!(
            f.text
                .contains("\nDirected by Jane Campion's & runs 128 min\n"),
            "{:?}",
            f.text
        );
        assert!(f.text.contains("\nNext\n"), "{:?}", f.text);
        for (word, quote) in [
            (
                "Directed by Jane Campion's",
                "Directed  by <b>Jane\r\nCampion</b>&#8217;s",
            ),
            ("& runs 128", "&amp; runs&nbsp;128"),
            ("Next", "Next"),
        ] {
            let s = f.text.find(word).unwrap();
            let (a, b) = (f.start_to_original(s), f.end_to_original(s + word.len()));
            assert_eq!(&original[a..b], quote);
        }
    }

    #[test]
    fn any_of_matches_when_one_pattern_does() {
        let any = AnyOf::new(vec![
            Regex::new(r"^Home$").unwrap(),
            Regex::new(r"(?i)^share on").unwrap(),
        ]);
        assert!(any.is_match("Home"));
        assert!(any.is_match("SHARE ON Facebook"));
        assert!(!any.is_match("Home is where the heart is"));
        assert!(!AnyOf::default().is_match("Home"));
    }

    #[test]
    fn lines_of_megabytes_are_not_page_furniture() {
        let page = PageRules {
            publication_date: vec![Regex::new(r"^(?P<date>\d{4}-\d\d-\d\d)(?: by\b.*)?$").unwrap()],
            date_line_window: 3,
            ..PageRules::default()
        };
        let short = Document::new("2011-01-22 by Ann\nText".into(), &page);
        assert_eq!(short.lines[0].kind, LineKind::PublicationDate);
        let long = format!("2011-01-22 by Ann. {}", "It runs 103 minutes. ".repeat(100));
        let long = Document::new(long, &page);
        assert_eq!(long.lines[0].kind, LineKind::Body);
        assert!(long.published.is_none());
    }

    #[test]
    fn repeated_captions_are_found_without_trying_every_caption() {
        let captions = ["Carey Mulligan as Kathy", "Photo: Fox"];
        assert!(is_caption_repeat(
            "Photo: Fox  Photo: Fox Photo: Fox",
            &captions
        ));
        assert!(is_caption_repeat("Photo: FoxPhoto: Fox", &captions));
        assert!(!is_caption_repeat(
            "Photo: Fox and more Photo: Fox",
            &captions
        ));
        assert!(!is_caption_repeat("Photo: Fox", &captions));
        // With more captions than a line has starts, the starts are looked
        // up among them: the same answers.
        let mut many: Vec<String> = (0..300).map(|i| format!("Caption {i:03}")).collect();
        many.extend(captions.iter().map(|c| c.to_string()));
        many.sort();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for line in [
            "Photo: Fox  Photo: Fox Photo: Fox",
            "Photo: FoxPhoto: Fox",
            "Caption 007 Caption 007",
        ] {
            assert!(is_caption_repeat(line, &many), "{line}");
        }
        for line in [
            "Photo: Fox and more Photo: Fox",
            "Photo: Fox",
            "Caption 007 008",
        ] {
            assert!(!is_caption_repeat(line, &many), "{line}");
        }
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
