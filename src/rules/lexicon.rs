//! The shared vocabulary of the rules: word lists (months, number words,
//! titles, role nouns, words that are never names) and named pattern pieces
//! (what a person's name looks like), used in rule patterns as `{{name}}`.
//! Kept as data in `rules/lexicon.toml`, so a rule author extends English
//! without touching code.

use std::collections::{BTreeMap, HashSet};

use regex::Regex;

/// How deep `{{piece}}` uses may nest before the lexicon is called circular.
const MAX_DEPTH: usize = 8;

/// How long one pattern may get once its `{{name}}`s are expanded. The
/// longest built-in pattern expands to about 3 KB; parsing a pattern costs
/// time in proportion to its length (a megabyte takes a second), so a
/// lexicon whose pieces use each other many times over is refused here
/// rather than left to make loading slow.
pub const MAX_EXPANDED_BYTES: usize = 64 << 10;

/// How much expanding one pattern may read, pieces and lists counted each
/// time they are used. Bounds the work even when the result stays short
/// (a piece that expands to nothing, used a thousand times, eight deep).
const MAX_EXPANSION_WORK: usize = 1 << 20;

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub lists: BTreeMap<String, Vec<String>>,
    pub patterns: BTreeMap<String, String>,
    pub certificate_systems: BTreeMap<String, Vec<String>>,
    /// The country each certificate system rates films for (`BBFC` ->
    /// `UK`).
    pub certificate_countries: BTreeMap<String, String>,
    not_name: HashSet<String>,
    /// For each word of the lists the name finder asks about, in lower
    /// case: the [`WordIs`] bits of the lists it is in. One lookup a word.
    word_is: rustc_hash::FxHashMap<String, u8>,
    /// Every list, in lower case, for [`Lexicon::in_list`] (asked of
    /// every name of every film: a fast hash, and no lower-case copies).
    sets: rustc_hash::FxHashMap<String, rustc_hash::FxHashSet<String>>,
    /// `{{person}}`, compiled: finds the name a pronoun stands for.
    pub person: Option<Regex>,
    /// Words that make a statement a rumour ("rumored", "supposedly").
    pub rumour_cue: Option<Regex>,
    /// Words that make a statement hypothetical ("if", "would have").
    pub hypothetical_cue: Option<Regex>,
}

/// Bits of [`Lexicon::word_is`]: a word's lists, for the name finder.
#[derive(Debug)]
pub struct WordIs;

impl WordIs {
    pub const NOT_NAME: u8 = 1;
    pub const MONTH: u8 = 2;
    pub const WEEKDAY: u8 = 4;
    pub const NATIONALITY: u8 = 8;
    pub const NUMBER_WORD: u8 = 16;
    pub const GIVEN_NAME: u8 = 32;
    pub const TITLE: u8 = 64;
    const LISTS: [(&'static str, u8); 7] = [
        ("not_name", WordIs::NOT_NAME),
        ("month", WordIs::MONTH),
        ("weekday", WordIs::WEEKDAY),
        ("nationality", WordIs::NATIONALITY),
        ("number_word", WordIs::NUMBER_WORD),
        ("given_name", WordIs::GIVEN_NAME),
        ("title", WordIs::TITLE),
    ];
}

/// `f` of `word` in lower case, without allocating for a short ASCII word.
pub fn with_lower<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    if !word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        return f(word);
    }
    let mut buf = [0u8; 48];
    if word.is_ascii() && word.len() <= buf.len() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).expect("ASCII stays UTF-8"))
    } else {
        f(&word.to_lowercase())
    }
}

impl Lexicon {
    pub fn new(
        lists: BTreeMap<String, Vec<String>>,
        patterns: BTreeMap<String, String>,
        certificate_systems: BTreeMap<String, Vec<String>>,
    ) -> Lexicon {
        let not_name = lists
            .get("not_name")
            .into_iter()
            .flatten()
            .map(|w| w.to_lowercase())
            .collect();
        let sets = lists
            .iter()
            .map(|(k, words)| (k.clone(), words.iter().map(|w| w.to_lowercase()).collect()))
            .collect();
        let mut word_is: rustc_hash::FxHashMap<String, u8> = Default::default();
        for (list, bit) in WordIs::LISTS {
            for w in lists.get(list).into_iter().flatten() {
                *word_is.entry(w.to_lowercase()).or_default() |= bit;
            }
        }
        let mut lex = Lexicon {
            word_is,
            sets,
            lists,
            patterns,
            certificate_systems,
            certificate_countries: BTreeMap::new(),
            not_name,
            person: None,
            rumour_cue: None,
            hypothetical_cue: None,
        };
        lex.person = lex
            .patterns
            .contains_key("person")
            .then(|| lex.expand("{{person}}"))
            .and_then(|p| p.ok())
            .and_then(|p| Regex::new(&p).ok());
        lex.rumour_cue = lex.cue("rumour_cue");
        lex.hypothetical_cue = lex.cue("hypothetical_cue");
        lex
    }

    /// A case-insensitive, whole-word regex for the words of list `name`.
    fn cue(&self, name: &str) -> Option<Regex> {
        let words = self.lists.get(name)?;
        let alternation: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        Regex::new(&format!(
            r"(?i)(?-u:\b)(?:{})(?-u:\b)",
            alternation.join("|")
        ))
        .ok()
    }

    #[cfg(test)]
    pub fn for_tests(not_name: &[&str]) -> Lexicon {
        let mut lists = BTreeMap::new();
        lists.insert(
            "not_name".to_string(),
            not_name.iter().map(|s| s.to_string()).collect(),
        );
        Lexicon::new(lists, BTreeMap::new(), BTreeMap::new())
    }

    /// Whether a capitalised word is never part of a person's or a
    /// character's name ("When", "The", "Director").
    pub fn is_not_name(&self, word: &str) -> bool {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        self.not_name.contains(&w.to_lowercase())
    }

    /// The [`WordIs`] bits of `word` (case-insensitive): which of the
    /// lists the name finder asks about hold it.
    pub fn word_is(&self, word: &str) -> u8 {
        with_lower(word, |w| self.word_is.get(w).copied().unwrap_or(0))
    }

    /// Whether `word` is in the list `list` (case-insensitive).
    pub fn in_list(&self, list: &str, word: &str) -> bool {
        self.sets
            .get(list)
            .is_some_and(|l| with_lower(word, |w| l.contains(w)))
    }

    /// The system that issues `certificate`, when exactly one does.
    pub fn certificate_system(&self, certificate: &str) -> Option<&str> {
        let mut systems = self
            .certificate_systems
            .iter()
            .filter(|(_, certs)| certs.iter().any(|c| c.eq_ignore_ascii_case(certificate)));
        let first = systems.next()?;
        systems.next().is_none().then_some(first.0.as_str())
    }

    /// A pattern with every `{{name}}` replaced by its list or piece.
    pub fn expand(&self, pattern: &str) -> Result<String, String> {
        let mut work = 0;
        self.expand_at(pattern, 0, &mut work)
            .map(|p| ascii_word_boundaries(&p))
    }

    fn expand_at(&self, pattern: &str, depth: usize, work: &mut usize) -> Result<String, String> {
        if depth > MAX_DEPTH {
            return Err("`{{...}}` uses nest too deep; is a pattern piece using itself?".into());
        }
        let too_long = || {
            format!(
                "the pattern expands to more than {} KiB: its `{{{{...}}}}` pieces use each other too many times",
                MAX_EXPANDED_BYTES >> 10
            )
        };
        *work += pattern.len() + 1;
        if *work > MAX_EXPANSION_WORK {
            return Err(too_long());
        }
        let mut out = String::with_capacity(pattern.len());
        let mut rest = pattern;
        while let Some(open) = rest.find("{{") {
            if out.len() > MAX_EXPANDED_BYTES {
                return Err(too_long());
            }
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find("}}")
                .ok_or_else(|| "`{{` without a closing `}}`".to_string())?;
            let name = rest[open + 2..open + close].trim();
            if let Some(piece) = self.patterns.get(name) {
                out.push_str("(?:");
                out.push_str(&self.expand_at(piece, depth + 1, work)?);
                out.push(')');
            } else if let Some(words) = self.lists.get(name) {
                *work += words.iter().map(|w| w.len() + 1).sum::<usize>();
                if *work > MAX_EXPANSION_WORK {
                    return Err(too_long());
                }
                let mut words: Vec<&String> = words.iter().collect();
                // Longest first, so `Sept` is tried before `Sep`.
                words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                out.push_str("(?:");
                let alternation: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
                out.push_str(&alternation.join("|"));
                out.push(')');
            } else {
                return Err(format!(
                    "`{{{{{name}}}}}` is neither a list nor a pattern of the lexicon"
                ));
            }
            rest = &rest[open + close + 2..];
        }
        out.push_str(rest);
        if out.len() > MAX_EXPANDED_BYTES {
            return Err(too_long());
        }
        Ok(out)
    }
}

/// `\b` as an ASCII word boundary. Folded text is ASCII but for the odd
/// symbol, and a Unicode `\b` makes the regex engine leave its fast DFA for
/// a slow one on any text that holds a non-ASCII character.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push(c);
                    out.push(n);
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_lists_and_pieces_and_refuses_loops() {
        let mut lists = BTreeMap::new();
        lists.insert("month".into(), vec!["Sep".into(), "Sept".into()]);
        let mut patterns = BTreeMap::new();
        patterns.insert("date".into(), r"{{month}} \d+".into());
        patterns.insert("loop".into(), "{{loop}}".into());
        let lex = Lexicon::new(lists, patterns, BTreeMap::new());
        assert_eq!(
            lex.expand("on {{date}}").unwrap(),
            r"on (?:(?:Sept|Sep) \d+)"
        );
        assert!(lex.expand("{{loop}}").is_err());
        assert!(lex.expand("{{nothing}}").unwrap_err().contains("nothing"));
        assert_eq!(lex.expand(r"\bx\\b\d").unwrap(), r"(?-u:\b)x\\b\d");
    }

    #[test]
    fn pieces_that_multiply_are_refused_quickly() {
        // Each piece uses the one below it 50 times: 50^7 copies of `x`,
        // or of nothing, if expanded.
        for leaf in ["x", ""] {
            let mut patterns = BTreeMap::new();
            patterns.insert("p0".to_string(), leaf.to_string());
            for i in 1..=7 {
                patterns.insert(format!("p{i}"), format!("{{{{p{}}}}}", i - 1).repeat(50));
            }
            let lex = Lexicon::new(BTreeMap::new(), patterns, BTreeMap::new());
            let start = std::time::Instant::now();
            let err = lex.expand("{{p7}}").unwrap_err();
            assert!(err.contains("expands to more than"), "{err}");
            assert!(start.elapsed().as_secs() < 2);
        }
    }
}
