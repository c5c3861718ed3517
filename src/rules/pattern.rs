//! A rule's compiled pattern, on the regex engine's lower layer
//! (`regex_automata::meta`), for what the `regex` crate does not let us
//! choose: the literal prefilter is off for a pattern whose windows the
//! rule prefilter already builds around its words (searching again for
//! those words in every short window costs more than it saves), and each
//! thread keeps a rule's search state and capture slots ([`Scratch`]) from
//! match to match and review to review, instead of taking the state from
//! the engine's shared pool at every search and making new slots.
//!
//! The syntax and limits are the `regex` crate's: the same pattern matches
//! the same text either way.

use std::sync::atomic::{AtomicU64, Ordering};

pub use regex_automata::Anchored;
use regex_automata::Input;
use regex_automata::meta;
use regex_automata::util::captures::Captures as Slots;

use super::compile::PATTERN_SIZE_LIMIT;

/// A compiled rule pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    regex: meta::Regex,
    /// Which compiled pattern this is (a clone is the same one): a
    /// [`Scratch`] serves only the pattern that made it.
    id: u64,
}

/// What a search of one pattern needs besides the text: the engine's
/// state (its lazily built automata) and the capture slots. One per
/// thread and pattern, kept from review to review; made by
/// [`Pattern::scratch`].
#[derive(Debug, Clone)]
pub struct Scratch {
    cache: meta::Cache,
    slots: Slots,
    pattern: u64,
}

impl Scratch {
    /// Whether this scratch was made by `pattern` (another pattern's would
    /// give wrong results).
    pub fn serves(&self, pattern: &Pattern) -> bool {
        self.pattern == pattern.id
    }

    /// The groups of the last match found with it, read against the text
    /// it was found in.
    pub fn captures<'t>(&'t self, text: &'t str) -> Captures<'t> {
        Captures {
            text,
            slots: &self.slots,
        }
    }
}

/// The next [`Pattern::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

impl Pattern {
    /// Compiles `pattern` with the `regex` crate's defaults and
    /// [`PATTERN_SIZE_LIMIT`]; `prefilter` says whether the engine may look
    /// for the pattern's literals first.
    pub fn new(pattern: &str, prefilter: bool) -> Result<Pattern, meta::BuildError> {
        Pattern::with_size_limit(pattern, prefilter, PATTERN_SIZE_LIMIT)
    }

    /// [`Pattern::new`] from `pattern` already parsed (by
    /// [`super::prefilter::parse`], the engine's own syntax): the same
    /// pattern, without parsing it again.
    pub fn from_hir(
        hir: &regex_syntax::hir::Hir,
        prefilter: bool,
    ) -> Result<Pattern, meta::BuildError> {
        let regex = meta::Regex::builder()
            .configure(Pattern::config(prefilter))
            .build_from_hir(hir)?;
        Ok(Pattern::numbered(regex))
    }

    /// [`Pattern::new`] with another limit on the compiled size.
    pub fn with_size_limit(
        pattern: &str,
        prefilter: bool,
        size_limit: usize,
    ) -> Result<Pattern, meta::BuildError> {
        let regex = meta::Regex::builder()
            .configure(Pattern::config(prefilter).nfa_size_limit(Some(size_limit)))
            .build(pattern)?;
        Ok(Pattern::numbered(regex))
    }

    fn numbered(regex: meta::Regex) -> Pattern {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Pattern { regex, id }
    }

    fn config(prefilter: bool) -> meta::Config {
        meta::Config::new()
            .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
            .auto_prefilter(prefilter)
    }

    /// A new [`Scratch`] for searching with this pattern.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            cache: self.regex.create_cache(),
            slots: self.regex.create_captures(),
            pattern: self.id,
        }
    }

    /// Searches `haystack` for the first match at or after `start`
    /// (anchored: the match starting exactly there), as
    /// `regex::Regex::captures_at`: look-arounds see all of `haystack`.
    /// `start` is at most `haystack.len()`. Whether there is one; its
    /// groups are then in `scratch` ([`Scratch::captures`]). The search
    /// uses this thread's own state, made anew when `scratch` is another
    /// pattern's.
    pub fn search_with(
        &self,
        scratch: &mut Scratch,
        haystack: &str,
        start: usize,
        anchored: Anchored,
    ) -> bool {
        if !scratch.serves(self) {
            *scratch = self.scratch();
        }
        let input = Input::new(haystack).range(start..).anchored(anchored);
        self.regex
            .search_captures_with(&mut scratch.cache, &input, &mut scratch.slots);
        scratch.slots.is_match()
    }

    /// Searches `haystack[span]` for its first match, as
    /// [`Pattern::search_with`] does from a start: the match lies inside
    /// `span`, and look-arounds see the text on both sides of it (a `$` or
    /// `\b` at the span's end reads the byte after it, not the end of the
    /// text). Whether there is one; its groups are then in `scratch`.
    pub fn search_in(
        &self,
        scratch: &mut Scratch,
        haystack: &str,
        span: std::ops::Range<usize>,
    ) -> bool {
        if !scratch.serves(self) {
            *scratch = self.scratch();
        }
        let input = Input::new(haystack).span(span);
        self.regex
            .search_captures_with(&mut scratch.cache, &input, &mut scratch.slots);
        scratch.slots.is_match()
    }

    /// [`Pattern::search_with`], and the groups of the match found.
    pub fn captures_with<'t>(
        &self,
        scratch: &'t mut Scratch,
        haystack: &'t str,
        start: usize,
        anchored: Anchored,
    ) -> Option<Captures<'t>> {
        self.search_with(scratch, haystack, start, anchored)
            .then(|| scratch.captures(haystack))
    }

    /// The names of the capture groups, in order (`None` for an unnamed
    /// group, the whole match first), as `regex::Regex::capture_names`.
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.regex
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
    }

    /// The end of the first match at or after `start` (or, anchored, of
    /// the match starting there), for tools that only count matches.
    pub fn find_end(&self, haystack: &str, start: usize, anchored: Anchored) -> Option<usize> {
        self.regex
            .search(&Input::new(haystack).range(start..).anchored(anchored))
            .map(|m| m.end())
    }
}

/// The groups of one match, read against the text it was found in.
#[derive(Debug)]
pub struct Captures<'t> {
    text: &'t str,
    slots: &'t Slots,
}

/// One group's text and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Match<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Match<'t> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl<'t> Captures<'t> {
    fn matched(&self, span: Option<regex_automata::Span>) -> Option<Match<'t>> {
        span.map(|s| Match {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }

    /// Group `i` (0: the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'t>> {
        self.matched(self.slots.get_group(i))
    }

    /// The group named `name`, when it took part in the match. A pattern
    /// has a few names: comparing them beats hashing `name` for the
    /// engine's map.
    pub fn name(&self, name: &str) -> Option<Match<'t>> {
        let index = self
            .slots
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .position(|n| n == Some(name))?;
        self.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_read_like_the_regex_crate() {
        let p = Pattern::new(r"(?P<who>\w+) is (?P<age>\d+)\b", false).unwrap();
        let text = "Kathy is 28, Tommy is 29";
        let mut scratch = p.scratch();
        let caps = p
            .captures_with(&mut scratch, text, 1, Anchored::No)
            .expect("a match");
        assert_eq!(caps.get(0).map(|m| m.as_str()), Some("athy is 28"));
        assert_eq!(
            caps.name("age").map(|m| (m.start(), m.end())),
            Some((9, 11))
        );
        let names: Vec<Option<&str>> = p.capture_names().collect();
        assert_eq!(names, [None, Some("who"), Some("age")]);
        // Look-arounds see past the range's start: `\b` after "2" holds.
        let caps = p.captures_with(&mut scratch, &text[..15], 13, Anchored::No);
        assert!(caps.is_none(), "no room for a match");
        assert_eq!(p.find_end(text, 12, Anchored::No), Some(24));
        assert_eq!(p.find_end(text, 12, Anchored::Yes), None);
        assert_eq!(p.find_end(text, 13, Anchored::Yes), Some(24));
    }

    #[test]
    fn an_anchored_search_finds_only_the_match_starting_there() {
        let p = Pattern::new(r"\bat (?P<n>\d+) minutes", false).unwrap();
        let text = "that 5 minutes, at 90 minutes";
        let mut scratch = p.scratch();
        // "at" inside "that" is no word start: no match there, though the
        // unanchored search from there finds the later one.
        assert!(
            p.captures_with(&mut scratch, text, 2, Anchored::Yes)
                .is_none()
        );
        assert_eq!(
            p.captures_with(&mut scratch, text, 2, Anchored::No)
                .map(|c| c.get(0).unwrap().start()),
            Some(16)
        );
        let caps = p
            .captures_with(&mut scratch, text, 16, Anchored::Yes)
            .expect("a match");
        assert_eq!(caps.name("n").map(|m| m.as_str()), Some("90"));
        // A haystack cut before the match's end holds no match.
        assert!(
            p.captures_with(&mut scratch, &text[..25], 16, Anchored::Yes)
                .is_none()
        );
    }

    #[test]
    fn parsed_once_or_from_the_text_the_pattern_is_the_same() {
        let text = "Directed by Ana Ruiz (2019), it runs 1 hour 43 minutes.\n\
            Ana Ruiz, 41, DIRECTED BY Bo Li.";
        for pattern in [
            r"(?i:directed by) (?P<who>[A-Z][a-z]+(?: [A-Z][a-z]+)*)",
            r"(?P<h>\d+) hours? (?P<m>\d+) minutes\b",
            r"(?m)^(?P<name>[A-Z]\w+ [A-Z]\w+), (?P<age>\d{1,3})\b",
            r"\((?P<year>1[89]\d\d|20\d\d)\)",
        ] {
            let parsed = crate::rules::prefilter::parse(pattern).expect("it parses");
            let a = Pattern::new(pattern, false).unwrap();
            let b = Pattern::from_hir(&parsed, false).unwrap();
            let matches = |p: &Pattern| {
                let mut scratch = p.scratch();
                let mut found = Vec::new();
                let mut at = 0;
                while let Some(caps) = p.captures_with(&mut scratch, text, at, Anchored::No) {
                    let groups: Vec<Option<(usize, usize)>> = (0..p.capture_names().count())
                        .map(|i| caps.get(i).map(|m| (m.start(), m.end())))
                        .collect();
                    at = groups[0].expect("group 0").1.max(at + 1);
                    found.push(groups);
                    if at > text.len() {
                        break;
                    }
                }
                found
            };
            let (one, other) = (matches(&a), matches(&b));
            assert!(!one.is_empty(), "{pattern}");
            assert_eq!(one, other, "{pattern}");
        }
    }

    #[test]
    fn a_scratch_serves_its_own_pattern_and_its_clones_only() {
        let a = Pattern::new(r"(?P<n>\d+) minutes", false).unwrap();
        let b = Pattern::new(r"(?P<n>\d+) minutes", false).unwrap();
        let mut scratch = a.scratch();
        assert!(scratch.serves(&a) && scratch.serves(&a.clone()));
        assert!(
            !scratch.serves(&b),
            "the same syntax, another compiled pattern"
        );
        let text = "it runs 103 minutes";
        let n = a
            .captures_with(&mut scratch, text, 0, Anchored::No)
            .and_then(|c| c.name("n").map(|m| m.as_str()));
        assert_eq!(n, Some("103"));
        // Given another pattern's scratch, a search makes its own.
        let start = b
            .captures_with(&mut scratch, text, 8, Anchored::Yes)
            .map(|c| c.get(0).unwrap().start());
        assert_eq!(start, Some(8));
        assert!(scratch.serves(&b) && !scratch.serves(&a));
        assert!(
            b.captures_with(&mut scratch, text, 7, Anchored::Yes)
                .is_none()
        );
    }

    #[test]
    fn with_or_without_the_prefilter_the_matches_are_the_same() {
        let text = "directed by Mark Romanek; written by Alex Garland";
        let spans = |prefilter| {
            let p = Pattern::new(
                r"(?:directed|written) by (?P<who>[A-Z]\w+ [A-Z]\w+)",
                prefilter,
            )
            .unwrap();
            let mut scratch = p.scratch();
            let mut at = 0;
            let mut out = Vec::new();
            while let Some(c) = p.captures_with(&mut scratch, text, at, Anchored::No) {
                let m = c.name("who").unwrap();
                out.push(m.as_str().to_string());
                at = c.get(0).unwrap().end();
            }
            out
        };
        assert_eq!(spans(true), ["Mark Romanek", "Alex Garland"]);
        assert_eq!(spans(false), spans(true));
    }
}
