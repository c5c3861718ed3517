//! Which rules can match a review, found cheaply before any rule runs.
//!
//! Most rules need words that most reviews lack: "directed by", "runs",
//! "premiered". From each rule's pattern this module works out sets of
//! literal words such that every match holds at least one word of each set
//! (a necessary condition, never a sufficient one), and one Aho-Corasick
//! pass over a review says which words occur. A rule runs its own regex
//! only when every one of its sets is hit; a rule with no such words always
//! runs. The result is the same as running every rule: a rule is skipped
//! only when it cannot match.
//!
//! This replaces a `RegexSet` of all the patterns, whose overlapping search
//! had to build a lazy DFA of every rule at once: on a few thousand reviews
//! that DFA never stopped growing, and the pass cost more than the rules.
//!
//! Matching is ASCII case-insensitive, which only lets more rules through.
//! The two characters whose Unicode case folds leave ASCII (the Kelvin sign
//! for `k`, the long s for `s`) are not in the word lists; a review that
//! holds one runs every rule.

use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use rayon::prelude::*;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Alternatives of a literal set or of an exact node beyond which the
/// analysis gives up on that node (the set would cost more than it saves).
const MAX_ALTERNATIVES: usize = 256;
/// How many literal sets one rule keeps: the most selective ones.
const SETS_PER_RULE: usize = 5;
/// Words shorter than this are too common to say much ("by", "as"); a rule
/// uses them only when it has no longer ones.
const MIN_WORD: usize = 3;
const MIN_SHORT_WORD: usize = 2;
/// How many sets of short words one rule keeps besides.
const SHORT_SETS_PER_RULE: usize = 5;
// A review marks the sets it fills a bit each, in a `u32` per rule.
const _: () = assert!(SETS_PER_RULE + SHORT_SETS_PER_RULE < 32);

/// What a node of the pattern says about the text it matches.
#[derive(Debug, Default, Clone)]
struct Info {
    /// The node matches exactly one of these strings (lower case), when
    /// they are few.
    exact: Option<Vec<String>>,
    /// Every match starts with one of these strings (lower case; `""`
    /// says nothing), when they are few.
    prefix: Option<Vec<String>>,
    /// Every match ends with one of these.
    suffix: Option<Vec<String>>,
    /// Sets of words: every match of the node holds one word of each.
    required: Vec<Vec<String>>,
}

impl Info {
    /// A node that matches exactly one of `exact`.
    fn exact(exact: Option<Vec<String>>) -> Info {
        Info {
            prefix: exact.clone(),
            suffix: exact.clone(),
            exact,
            required: vec![],
        }
    }
}

/// Which end of its matches an edge set ([`Info::prefix`] or
/// [`Info::suffix`]) tells.
#[derive(Clone, Copy)]
enum End {
    Start,
    Finish,
}

/// The union of the branches' prefixes (or suffixes), when each has some.
/// When they are too many together, each is cut to its first (or last)
/// few characters, as many as keep them few: every match still starts
/// (or ends) with one of the cut strings. A year, `1[89]\d\d|20\d\d`,
/// starts with one of 300 strings, or one of 30 of three digits.
fn union(sets: impl Iterator<Item = Option<Vec<String>>>, end: End) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for set in sets {
        all.extend(set?);
    }
    if all.len() <= MAX_ALTERNATIVES {
        return Some(all);
    }
    all.sort();
    all.dedup();
    let longest = all.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for keep in (1..longest).rev() {
        if all.len() <= MAX_ALTERNATIVES {
            break;
        }
        for s in &mut all {
            let n = s.chars().count();
            if n > keep {
                *s = match end {
                    End::Start => s.chars().take(keep).collect(),
                    End::Finish => s.chars().skip(n - keep).collect(),
                };
            }
        }
        all.sort();
        all.dedup();
    }
    (all.len() <= MAX_ALTERNATIVES).then_some(all)
}

/// How every match of a concatenation starts (items in order) or ends
/// (items from the last back, `join` putting a string before the others):
/// the exact items' strings joined, then the first other item's own edge,
/// as far as they stay few.
fn edge<'a>(
    items: impl Iterator<Item = (&'a Option<Vec<String>>, &'a Option<Vec<String>>)>,
    join: impl Fn(&[String], &[String]) -> Option<Vec<String>>,
) -> Option<Vec<String>> {
    let mut edge = vec![String::new()];
    for (exact, own) in items {
        let (next, last) = match (exact, own) {
            (Some(e), _) => (join(&edge, e), false),
            (None, Some(o)) => (join(&edge, o), true),
            (None, None) => break,
        };
        match next {
            Some(longer) => edge = longer,
            None => break,
        }
        if last {
            break;
        }
    }
    // Nothing known: say nothing.
    (edge != [""]).then_some(edge)
}

fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_ALTERNATIVES {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| {
                b.iter().map(move |y| {
                    let mut xy = String::with_capacity(x.len() + y.len());
                    xy.push_str(x);
                    xy.push_str(y);
                    xy
                })
            })
            .collect(),
    )
}

/// The most characters a class may match and still count as a few exact
/// strings: the ten digits.
const MAX_CLASS_CHARS: usize = 10;

/// The lower-case ASCII characters a class matches, up to ASCII case, when
/// they are few. The Kelvin sign and the long s (which fold to `k` and `s`)
/// and digits beyond ASCII (which `\d` matches) are left out: a review
/// holding one bypasses the prefilter.
fn class_chars(class: &Class) -> Option<Vec<char>> {
    let mut chars = Vec::new();
    let mut push = |lo: u32, hi: u32| -> Option<()> {
        for c in lo..=hi {
            let c = char::from_u32(c)?.to_ascii_lowercase();
            if !chars.contains(&c) {
                chars.push(c);
                if chars.len() > MAX_CLASS_CHARS {
                    return None;
                }
            }
        }
        Some(())
    };
    match class {
        Class::Unicode(u) => {
            for r in u.iter() {
                let (lo, hi) = (r.start() as u32, r.end() as u32);
                if hi > 0x7F && !bypassed_range(lo, hi) {
                    return None;
                }
                if lo <= 0x7F {
                    push(lo, hi.min(0x7F))?;
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.iter() {
                if r.end() > 0x7F {
                    return None;
                }
                push(u32::from(r.start()), u32::from(r.end()))?;
            }
        }
    }
    (!chars.is_empty()).then_some(chars)
}

/// A rule's pattern parsed as the engine parses it (the `regex` crate's
/// syntax): one parse serves the prefilter and the compiled rule
/// ([`super::pattern::Pattern::from_hir`]).
pub fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// Whether every character of a range beyond ASCII is one a review
/// holding it bypasses the prefilter for (see [`bypasses`]).
fn bypassed_range(lo: u32, hi: u32) -> bool {
    // A run of digits at a time: `\d` holds ranges of ten and more.
    let mut c = lo.max(0x80);
    while c <= hi {
        let Some(ch) = char::from_u32(c) else {
            return false;
        };
        c = match digits_from(ch) {
            Some(last) => u32::from(last) + 1,
            None if ch == '\u{212A}' || ch == '\u{17F}' => c + 1,
            None => return false,
        };
    }
    true
}

/// Whether a review holds a character the word lists cannot see: one that
/// a case-insensitive pattern folds to an ASCII letter, or a digit beyond
/// ASCII. Such a review runs every rule over its whole text.
fn bypasses(text: &str) -> bool {
    // Runs of ASCII are skipped a word at a time; only the characters
    // beyond ASCII are looked at.
    const RUN: usize = 32;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + RUN).min(bytes.len());
        if bytes[at..end].is_ascii() {
            at = end;
            continue;
        }
        // `at` is on a character boundary: it only ever moves past ASCII
        // runs and whole characters.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if c == '\u{212A}' || c == '\u{17F}' || (!c.is_ascii() && is_digit(c)) {
            return true;
        }
        at += c.len_utf8();
    }
    false
}

/// Whether `\d` matches `c`.
fn is_digit(c: char) -> bool {
    digits_from(c).is_some()
}

/// When `\d` matches `c`, the last character of the run of digits it
/// starts.
fn digits_from(c: char) -> Option<char> {
    static DIGITS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        let hir = regex_syntax::Parser::new()
            .parse(r"\d")
            .expect("a valid pattern");
        match hir.kind() {
            HirKind::Class(Class::Unicode(u)) => u.iter().map(|r| (r.start(), r.end())).collect(),
            _ => Vec::new(),
        }
    });
    // The ranges are sorted and apart: the last one starting at or
    // before `c` is the only one that may hold it.
    let i = DIGITS.partition_point(|&(lo, _)| lo <= c);
    (i > 0 && c <= DIGITS[i - 1].1).then(|| DIGITS[i - 1].1)
}

/// Whether a set says anything: words, none of them empty.
fn valid(set: &[String]) -> bool {
    !set.is_empty() && set.iter().all(|w| !w.is_empty())
}

/// How good a set is, smaller first: longer shortest word, then fewer words.
fn quality(set: &[String]) -> (std::cmp::Reverse<usize>, usize) {
    let min = set.iter().map(String::len).min().unwrap_or(0);
    (std::cmp::Reverse(min), set.len())
}

/// The valid sets, best first, each sorted and without repeats.
fn rank(sets: &mut Vec<Vec<String>>) {
    sets.retain(|s| valid(s));
    for s in sets.iter_mut() {
        s.sort();
        s.dedup();
    }
    sets.sort_by(|a, b| quality(a).cmp(&quality(b)).then(a.cmp(b)));
    sets.dedup();
}

/// A word holding another word of its set adds nothing: where it occurs,
/// the shorter one does too.
fn prune(set: &mut Vec<String>) {
    // Only a shorter word can lie within another (the set has no repeats).
    let mut shorter: Vec<String> = set.clone();
    shorter.sort_by_key(String::len);
    set.retain(|w| {
        !shorter
            .iter()
            .take_while(|v| v.len() < w.len())
            .any(|v| w.contains(v.as_str()))
    });
}

/// Whether `word` (a word of a set, spaces around it aside) is one nearly
/// every review holds many times: one or two characters (a comma, a
/// bracket, a digit, "of", "by"), an English function word, what every
/// review of a film says ("film"), or a word found within many others
/// ("one" in "someone", "ten" in "often", "out" in "about"). On a corpus
/// of 20,000 reviews such words made half of the prefilter's hits while
/// the sets and start words holding them skipped almost nothing.
fn common(word: &str) -> bool {
    let t = word.trim_matches(' ');
    t.len() <= 2 || COMMON.contains(&t)
}

/// The words of [`common`] longer than two characters.
const COMMON: &[&str] = &[
    "the", "an", "his", "her", "its", "our", "their", "for", "from", "and", "with", "has", "one",
    "ten", "out", "film", "movie",
];

/// Sorts `words`, drops repeats and every word that begins with another of
/// them: where the longer one occurs, the shorter one does too. A sort, not
/// a comparison of every pair.
fn drop_extensions(words: &mut Vec<String>) {
    words.sort();
    words.dedup();
    // Sorted, the words a word begins follow it, together.
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    for w in words.drain(..) {
        if kept.last().is_none_or(|v| !w.starts_with(v.as_str())) {
            kept.push(w);
        }
    }
    *words = kept;
}

/// [`prune`] for the words that begin or end with another of the set only,
/// which is what a set made by joining words has ("have not met for
/// almost " and "have not met for "): two sorts, where [`prune`] compares
/// every pair. Leaves the set sorted, without repeats.
fn prune_affixes(set: &mut Vec<String>) {
    drop_extensions(set);
    let reversed = |w: &String| w.chars().rev().collect::<String>();
    let mut backwards: Vec<String> = set.iter().map(reversed).collect();
    drop_extensions(&mut backwards);
    *set = backwards.iter().map(reversed).collect();
    set.sort();
}

fn analyze(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(Some(vec![String::new()])),
        HirKind::Literal(lit) => Info::exact(
            std::str::from_utf8(&lit.0)
                .ok()
                .map(|s| vec![s.to_ascii_lowercase()]),
        ),
        HirKind::Class(c) => {
            Info::exact(class_chars(c).map(|cs| cs.into_iter().map(String::from).collect()))
        }
        HirKind::Capture(cap) => analyze(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = analyze(&rep.sub);
            if rep.min == 0 {
                // `x?` of a few exact strings is those strings or nothing:
                // "out on" and "out in theaters on" stay words.
                let exact = match (rep.max, sub.exact) {
                    (Some(1), Some(mut e)) if e.len() < MAX_ALTERNATIVES => {
                        e.push(String::new());
                        Some(e)
                    }
                    _ => None,
                };
                return Info::exact(exact);
            }
            let mut required = sub.required;
            if let Some(exact) = &sub.exact {
                required.push(exact.clone());
            }
            let exact = match (rep.max, &sub.exact) {
                (Some(max), Some(e)) if max == rep.min && rep.min <= 4 => {
                    let mut acc = vec![String::new()];
                    for _ in 0..rep.min {
                        acc = cross(&acc, e).unwrap_or_default();
                    }
                    (!acc.is_empty()).then_some(acc)
                }
                _ => None,
            };
            // At least once: a match starts as the first one does and ends
            // as the last one does.
            Info {
                prefix: exact.clone().or(sub.prefix),
                suffix: exact.clone().or(sub.suffix),
                exact,
                required,
            }
        }
        HirKind::Concat(subs) => {
            let infos: Vec<Info> = subs.iter().map(analyze).collect();
            // How every match starts: the exact items first, then the first
            // other item's start; how it ends, likewise from the last item
            // back. Only worth working out when the node is not exact.
            let (mut prefix, mut suffix) = (None, None);
            let exact_fits = infos
                .iter()
                .try_fold(1usize, |n, i| {
                    i.exact.as_ref().map(|e| n.saturating_mul(e.len()))
                })
                .is_some_and(|n| n <= MAX_ALTERNATIVES);
            if !exact_fits {
                prefix = edge(infos.iter().map(|i| (&i.exact, &i.prefix)), |a, b| {
                    cross(a, b)
                });
                suffix = edge(infos.iter().rev().map(|i| (&i.exact, &i.suffix)), |a, b| {
                    cross(b, a)
                });
            }
            let mut required = Vec::new();
            // The strings the items read so far end with, together: exact
            // items multiply them; an item that is not exact ends them with
            // its own start (a required set), and its end begins the next.
            let mut run = Some(vec![String::new()]);
            let mut all_exact = true;
            for info in infos {
                required.extend(info.required);
                if let Some(e) = info.exact {
                    run = match run.as_ref().map(|r| cross(r, &e)) {
                        Some(Some(next)) => Some(next),
                        Some(None) => {
                            // Too many together: the node is no longer
                            // exact, and the run starts again.
                            all_exact = false;
                            required.extend(run.take());
                            Some(e)
                        }
                        None => Some(e),
                    };
                    continue;
                }
                all_exact = false;
                let ended = match (run.take(), &info.prefix) {
                    (Some(r), Some(p)) => cross(&r, p).or(Some(r)),
                    (r, _) => r,
                };
                required.extend(ended);
                run = info.suffix;
            }
            if all_exact {
                return Info {
                    required,
                    ..Info::exact(run)
                };
            }
            required.extend(run);
            Info {
                exact: None,
                prefix,
                suffix,
                required,
            }
        }
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(analyze).collect();
            let exact = infos
                .iter()
                .map(|i| i.exact.clone())
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|all| all.concat())
                .filter(|e| e.len() <= MAX_ALTERNATIVES);
            if exact.is_some() {
                // The exact strings say it all (and more precisely).
                return Info::exact(exact);
            }
            let prefix = union(infos.iter().map(|i| i.prefix.clone()), End::Start);
            let suffix = union(infos.iter().map(|i| i.suffix.clone()), End::Finish);
            // One necessary set per branch; together they are necessary for
            // the alternation. Each branch gives its most selective set.
            let mut branches = Vec::with_capacity(infos.len());
            for info in infos {
                let mut sets: Vec<Vec<String>> = info.required;
                sets.extend(info.exact);
                sets.retain(|s| valid(s));
                if sets.is_empty() {
                    return Info {
                        exact,
                        prefix,
                        suffix,
                        required: vec![],
                    };
                }
                sets.sort_by_key(|s| quality(s));
                branches.push(sets);
            }
            let mut chosen = vec![0usize; branches.len()];
            let total = |branches: &[Vec<Vec<String>>], chosen: &[usize]| -> usize {
                chosen
                    .iter()
                    .zip(branches)
                    .map(|(&c, sets)| sets[c].len())
                    .sum()
            };
            if total(&branches, &chosen) > MAX_ALTERNATIVES {
                // Too many together. Each set pruned first (a word holding
                // another names no place the other does not: "have not met
                // for almost " and "have not met for "); then, while still
                // too many, the widest branch that has a smaller set gives
                // it (its most selective among those).
                for sets in branches.iter_mut() {
                    for set in sets.iter_mut() {
                        prune_affixes(set);
                    }
                    sets.sort_by_key(|s| quality(s));
                }
                while total(&branches, &chosen) > MAX_ALTERNATIVES {
                    let smaller = |b: usize| {
                        let size = branches[b][chosen[b]].len();
                        branches[b].iter().position(|s| s.len() < size)
                    };
                    let Some((b, next)) = (0..branches.len())
                        .filter_map(|b| Some((b, smaller(b)?)))
                        .max_by_key(|&(b, _)| (branches[b][chosen[b]].len(), std::cmp::Reverse(b)))
                    else {
                        break;
                    };
                    chosen[b] = next;
                }
            }
            let all: Vec<String> = chosen
                .iter()
                .zip(&branches)
                .flat_map(|(&c, sets)| sets[c].iter().cloned())
                .collect();
            Info {
                exact,
                prefix,
                suffix,
                required: if all.len() <= MAX_ALTERNATIVES {
                    vec![all]
                } else {
                    vec![]
                },
            }
        }
    }
}

/// The literal sets of one pattern, most selective first; empty when the
/// pattern needs no word the analysis can name.
pub fn required_words(pattern: &str) -> Vec<Vec<String>> {
    match regex_syntax::ParserBuilder::new().build().parse(pattern) {
        Ok(hir) => words_of(&hir).0,
        Err(_) => Vec::new(),
    }
}

/// The strings every match of `pattern` starts with (up to ASCII case),
/// none a prefix of another; empty when the analysis cannot name them.
pub fn start_words(pattern: &str) -> Vec<String> {
    match regex_syntax::ParserBuilder::new().build().parse(pattern) {
        Ok(hir) => words_of(&hir).1,
        Err(_) => Vec::new(),
    }
}

/// A pattern's literal sets (see [`required_words`]) and its start words
/// (see [`start_words`]), from one analysis.
fn words_of(hir: &Hir) -> (Vec<Vec<String>>, Vec<String>) {
    let info = analyze(hir);
    let mut starts = info.exact.clone().or(info.prefix).unwrap_or_default();
    if !valid(&starts) {
        starts.clear();
    }
    // Where a word starts, a longer one it begins also starts: the shorter
    // one names every such place.
    drop_extensions(&mut starts);
    let mut sets = info.required;
    if let Some(e) = info.exact {
        sets.push(e);
    }
    rank(&mut sets);
    let mut useful: Vec<Vec<String>> = sets
        .iter()
        .filter(|s| s.iter().all(|w| w.len() >= MIN_WORD))
        .take(SETS_PER_RULE)
        .cloned()
        .collect();
    // Short words ("dp", " (", a digit, a colon) are sets too: common in
    // some reviews, rare in others, and each review searches around the set
    // it holds least of (see [`Prefilter::regions`]). Not ". " or a lone
    // letter, which every line holds: they would cost a hit each and skip
    // nothing.
    let short: Vec<Vec<String>> = sets
        .into_iter()
        .filter(|s| !useful.contains(s))
        .filter(|s| {
            // Pairs of letters ("er", "an": what is left of month names
            // cut short) are in every line; a set of several says nothing.
            let pairs = s
                .iter()
                .filter(|w| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_alphabetic()))
                .count();
            pairs <= 2
                && s.iter().all(|w| {
                    let lone = w.len() == 1
                        && w.bytes()
                            .all(|b| b.is_ascii_punctuation() || b.is_ascii_digit());
                    (w.len() >= MIN_SHORT_WORD || lone)
                        && !w.chars().all(|c| matches!(c, ' ' | '.'))
                })
        })
        .take(SHORT_SETS_PER_RULE)
        .collect();
    useful.extend(short);
    for set in &mut useful {
        prune(set);
    }
    (useful, starts)
}

/// A pattern's word sets and start words, as [`words_of`] gives them.
type Words = (Vec<Vec<String>>, Vec<String>);

/// Drops what makes a hit at nearly every word of a review for little:
/// the sets holding a word every review holds ([`common`]) from the rules
/// that have a rarer set, unless the automaton looks for all of the set's
/// words anyway (another rule's only set, or its start words: the hits are
/// then paid for, and the set still narrows this rule's windows); and the
/// start words of such rules when any of them is common (start words are
/// as common as their commonest, and the windows around the rarer set are
/// narrow enough).
fn drop_common_sets(rules: &mut [&mut Words]) {
    let has_common = |s: &Vec<String>| s.iter().any(|w| common(w));
    for (sets, starts) in rules.iter_mut().map(|r| &mut **r) {
        if starts.iter().any(|w| common(w)) && sets.iter().any(|s| !has_common(s)) {
            starts.clear();
        }
    }
    let mut needed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (sets, starts) in rules.iter().map(|r| &**r) {
        needed.extend(starts.iter().cloned());
        if sets.iter().all(has_common) {
            needed.extend(sets.iter().flatten().cloned());
        }
    }
    for (sets, _) in rules.iter_mut().map(|r| &mut **r) {
        if sets.iter().any(|s| !has_common(s)) {
            sets.retain(|s| !has_common(s) || s.iter().all(|w| needed.contains(w)));
        }
    }
}

/// How many line breaks a match of `hir` can span; `None` when there is no
/// bound (`\s+`).
fn max_newlines(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => Some(lit.0.iter().filter(|&&b| b == b'\n').count()),
        HirKind::Class(Class::Unicode(u)) => Some(usize::from(
            u.iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        )),
        HirKind::Class(Class::Bytes(b)) => Some(usize::from(
            b.iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        )),
        HirKind::Capture(cap) => max_newlines(&cap.sub),
        HirKind::Repetition(rep) => match (max_newlines(&rep.sub)?, rep.max) {
            (0, _) => Some(0),
            (n, Some(max)) => n.checked_mul(max as usize),
            (_, None) => None,
        },
        HirKind::Concat(subs) => subs
            .iter()
            .map(max_newlines)
            .try_fold(0usize, |acc, n| acc.checked_add(n?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .map(max_newlines)
            .try_fold(0usize, |acc, n| Some(acc.max(n?))),
    }
}

/// The bytes a match of `hir` can hold, as a 256-bit set; a class with
/// a character beyond ASCII allows every byte from 0x80 up (any part of
/// any multi-byte character).
fn allowed_bytes(hir: &Hir, set: &mut [u64; 4]) {
    // The bits `lo..=hi` (up to 255), a word at a time: a Unicode class
    // has hundreds of ranges, and a rule's pattern many classes.
    let mut add = |lo: u32, hi: u32| {
        let hi = hi.min(255);
        if lo > hi {
            return;
        }
        for w in lo / 64..=hi / 64 {
            let from = if w == lo / 64 { lo % 64 } else { 0 };
            let to = if w == hi / 64 { hi % 64 } else { 63 };
            set[w as usize] |= (u64::MAX >> (63 - to)) & (u64::MAX << from);
        }
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => {
            for &b in lit.0.iter() {
                add(u32::from(b), u32::from(b));
            }
        }
        HirKind::Class(Class::Unicode(u)) => {
            let mut beyond_ascii = false;
            for r in u.iter() {
                add(r.start() as u32, (r.end() as u32).min(0x7F));
                beyond_ascii |= r.end() as u32 > 0x7F;
            }
            if beyond_ascii {
                add(0x80, 0xFF);
            }
        }
        HirKind::Class(Class::Bytes(b)) => {
            for r in b.iter() {
                add(u32::from(r.start()), u32::from(r.end()));
            }
        }
        HirKind::Capture(cap) => allowed_bytes(&cap.sub, set),
        HirKind::Repetition(rep) => allowed_bytes(&rep.sub, set),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                allowed_bytes(sub, set);
            }
        }
    }
}

/// How many bytes at each end of a pattern [`core_bytes`] may leave out.
const EDGE: usize = 12;
/// The longest item of a pattern that may be a gap (see [`Core`]), in
/// bytes: 40 characters of up to 4 bytes each, and a little.
const GAP: usize = 192;
/// How many gaps one pattern may have.
const GAPS: usize = 2;

/// What bytes a match of a pattern can hold, told so that a window around
/// one of its words can be narrow. A match is a head (at most `head`
/// bytes), a core, and a tail (at most `tail` bytes); the core holds only
/// `allowed` bytes, except within at most `gaps` short stretches of
/// `gap` bytes or fewer in all (a short aside between a name and its age,
/// say) and within asides in brackets (see [`Bracket`]), however many. A
/// pattern of names that ends on "any character but a letter"
/// (`[^A-Za-z]`) still cannot hold a comma before its last character, and
/// that is what makes a window narrow.
#[derive(Debug, Clone, Copy)]
struct Core {
    allowed: [u64; 4],
    head: usize,
    tail: usize,
    gaps: usize,
    gap: usize,
    /// The asides a match may hold besides.
    bracket: Option<Bracket>,
}

fn bytes_of(hir: &Hir) -> [u64; 4] {
    let mut set = [0u64; 4];
    allowed_bytes(hir, &mut set);
    set
}

/// The barrier candidates (see [`barrier_candidate`]) of `a` not in `b`.
fn new_barriers(a: &[u64; 4], b: &[u64; 4]) -> usize {
    (0..128u8)
        .filter(|&c| barrier_candidate(c) && has(a, c) && !has(b, c))
        .count()
}

/// An aside a match may hold, told by its brackets: `open`, then only
/// `inner` bytes (neither bracket among them), then `close`, at most
/// `longest` bytes from bracket to bracket. A name followed by "(...)" and
/// a comma is one match across the aside's punctuation: the barrier bytes
/// within an aside do not bound a window (see [`Prefilter::regions`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bracket {
    open: u8,
    close: u8,
    longest: usize,
    inner: [u64; 4],
}

impl Bracket {
    /// Makes the aside's bytes, brackets and all, bytes of the core
    /// (`allowed`): for an aside that cannot bound anything.
    fn read_as_core(&self, allowed: &mut [u64; 4]) {
        add(allowed, &self.inner);
        put(allowed, self.open);
        put(allowed, self.close);
    }
}

/// Whether byte `b` is in `set` (a bit per byte value).
fn has(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b) / 64] & (1 << (b % 64)) != 0
}

/// Puts byte `b` in `set`.
fn put(set: &mut [u64; 4], b: u8) {
    set[usize::from(b) / 64] |= 1 << (b % 64);
}

/// Puts every byte of `other` in `set`.
fn add(set: &mut [u64; 4], other: &[u64; 4]) {
    for (w, o) in set.iter_mut().zip(other) {
        *w |= o;
    }
}

/// The aside `item` is, when it is one (optional or not): a literal
/// ending in the opening bracket, items that hold neither bracket, a
/// literal starting with the closing one; with the bytes of the item
/// outside the aside.
fn bracket_of(item: &Hir) -> Option<(Bracket, [u64; 4])> {
    let mut h = item;
    loop {
        match h.kind() {
            HirKind::Capture(cap) => h = &cap.sub,
            HirKind::Repetition(rep) if rep.max == Some(1) => h = &rep.sub,
            _ => break,
        }
    }
    let HirKind::Concat(items) = h.kind() else {
        return None;
    };
    let literal = |h: &Hir| match h.kind() {
        HirKind::Literal(lit) => Some(lit.0.clone()),
        _ => None,
    };
    let i = items.iter().position(|h| literal(h).is_some())?;
    let opening = literal(&items[i])?;
    let open = *opening.last()?;
    let j = i + 1 + items[i + 1..].iter().position(|h| literal(h).is_some())?;
    let closing = literal(&items[j])?;
    let close = *closing.first()?;
    if open == close || !barrier_candidate(open) || !barrier_candidate(close) {
        return None;
    }
    let mut inner = [0u64; 4];
    let mut longest = Some(2usize);
    for h in &items[i + 1..j] {
        allowed_bytes(h, &mut inner);
        longest = longest
            .zip(h.properties().maximum_len())
            .map(|(a, b)| a + b);
    }
    if has(&inner, open) || has(&inner, close) {
        return None;
    }
    let mut outside = [0u64; 4];
    for h in items[..i].iter().chain(&items[j + 1..]) {
        allowed_bytes(h, &mut outside);
    }
    for &b in opening[..opening.len() - 1].iter().chain(&closing[1..]) {
        put(&mut outside, b);
    }
    let bracket = Bracket {
        open,
        close,
        longest: longest.unwrap_or(usize::MAX),
        inner,
    };
    Some((bracket, outside))
}

fn core_bytes(hir: &Hir) -> Core {
    let mut h = hir;
    while let HirKind::Capture(cap) = h.kind() {
        h = &cap.sub;
    }
    let items: &[Hir] = match h.kind() {
        HirKind::Concat(subs) => subs,
        _ => std::slice::from_ref(h),
    };
    let short = |x: &Hir| x.properties().maximum_len().filter(|&n| n <= EDGE);
    let (mut lo, mut head) = (0, 0);
    while let Some(n) = items.get(lo).and_then(short).filter(|n| head + n <= EDGE) {
        head += n;
        lo += 1;
    }
    let (mut hi, mut tail) = (items.len(), 0);
    while hi > lo
        && let Some(n) = short(&items[hi - 1]).filter(|n| tail + n <= EDGE)
    {
        tail += n;
        hi -= 1;
    }
    // Long items make the allowed bytes; a short item that would add
    // barrier bytes to them is a gap instead, up to [`GAPS`] of them (the
    // ones adding most).
    let mut allowed = [0u64; 4];
    let mut short_items = Vec::new();
    // Asides with the same brackets: their bytes outside the brackets are
    // core bytes; another kind of aside is read as any other item.
    let mut bracket: Option<Bracket> = None;
    for item in &items[lo..hi] {
        if let Some((b, outside)) = bracket_of(item) {
            match &mut bracket {
                None => bracket = Some(b),
                Some(a) if (a.open, a.close) == (b.open, b.close) => {
                    add(&mut a.inner, &b.inner);
                    a.longest = a.longest.max(b.longest);
                }
                Some(_) => {
                    allowed_bytes(item, &mut allowed);
                    continue;
                }
            }
            add(&mut allowed, &outside);
            continue;
        }
        match item.properties().maximum_len().filter(|&n| n <= GAP) {
            Some(n) => short_items.push((n, bytes_of(item))),
            None => allowed_bytes(item, &mut allowed),
        }
    }
    let mut gaps: Vec<(usize, usize, [u64; 4])> = Vec::new();
    for (n, set) in short_items {
        let new = new_barriers(&set, &allowed);
        if new == 0 {
            continue;
        }
        gaps.push((new, n, set));
    }
    gaps.sort_by_key(|g| std::cmp::Reverse(g.0));
    for (_, _, set) in gaps.iter().skip(GAPS) {
        for (w, s) in allowed.iter_mut().zip(set) {
            *w |= s;
        }
    }
    gaps.truncate(GAPS);
    // Brackets the core's other bytes allow bound nothing: no aside.
    if let Some(b) = bracket.filter(|b| has(&allowed, b.open) || has(&allowed, b.close)) {
        b.read_as_core(&mut allowed);
        bracket = None;
    }
    // A gap whose bytes the others now allow is no gap.
    gaps.retain(|(_, _, set)| new_barriers(set, &allowed) > 0);
    Core {
        allowed,
        head,
        tail,
        gaps: gaps.len(),
        gap: gaps.iter().map(|g| g.1).sum(),
        bracket,
    }
}

/// Whether every match of `hir` starts at the start of a line, and whether
/// every match ends at the end of one: the pattern starts with `^` (or
/// `\A`), ends with `$` (or `\z`).
fn line_anchors(hir: &Hir) -> (bool, bool) {
    let mut h = hir;
    while let HirKind::Capture(cap) = h.kind() {
        h = &cap.sub;
    }
    let HirKind::Concat(items) = h.kind() else {
        return (false, false);
    };
    let is = |item: Option<&Hir>, looks: &[Look]| matches!(item.map(Hir::kind), Some(HirKind::Look(l)) if looks.contains(l));
    (
        is(items.first(), &[Look::Start, Look::StartLF]),
        is(items.last(), &[Look::End, Look::EndLF]),
    )
}

/// What the prefilter knows of one rule.
#[derive(Debug, Clone)]
struct Plan {
    /// Its word sets, as word ids; empty: the rule always runs.
    sets: Vec<Vec<usize>>,
    /// The words every match starts with, as word ids; empty when they
    /// cannot be named. A review where they are few is searched only
    /// where they occur, each time for a match starting there.
    starts: Vec<usize>,
    /// How many line breaks a match can span, when matches are bounded:
    /// then the rule only searches the lines around its words. `None` for
    /// a pattern whose matches are unbounded, may be empty or use `$` (the
    /// end of a stretch of lines is not the end of the text).
    lines: Option<usize>,
    /// Which group of barrier bytes (see [`Prefilter::barriers`]) bounds
    /// its windows, with the rest of what [`Core`] says: a match lies
    /// within the run of core bytes around its word, widened by the head,
    /// the tail and the gaps, and across asides (the group of their
    /// brackets last). `None` when the core may hold any barrier.
    edges: Option<Edges>,
    /// The longest a match can be, when that is short: a window is then
    /// that far around a word at most.
    longest: Option<usize>,
    /// Whether a match starts at the start of a line (`^` first), and
    /// whether it ends at the end of one (`$` last).
    anchored: (bool, bool),
}

/// A line of the review, for [`Prefilter::regions`]: its folded byte range
/// and whether claims may come from it.
#[derive(Debug, Clone, Copy)]
pub struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub read: bool,
}

/// One occurrence of a word in a review.
#[derive(Debug, Clone, Copy)]
struct Hit {
    word: usize,
    start: usize,
    end: usize,
    /// The index of its line.
    line: usize,
}

/// A cursor over sorted positions (the barrier bytes of a group, or the
/// occurrences of a set's words), for a run of queries that mostly move
/// forward, as a review's words do: a few steps from where the last query
/// left it, else a binary search.
struct Seek<'a, T> {
    at: &'a [T],
    k: usize,
}

/// How far a [`Seek`] steps before it searches instead.
const STEPS: usize = 8;

impl<'a, T: Copy> Seek<'a, T> {
    fn new(at: &'a [T]) -> Seek<'a, T> {
        Seek { at, k: 0 }
    }

    /// Moves to the first item not `below` (the point `below` turns false).
    fn to(&mut self, below: impl Fn(&T) -> bool) {
        let (at, mut k) = (self.at, self.k);
        let mut steps = 0;
        while k < at.len() && below(&at[k]) && steps < STEPS {
            k += 1;
            steps += 1;
        }
        while k > 0 && !below(&at[k - 1]) && steps < STEPS {
            k -= 1;
            steps += 1;
        }
        if steps == STEPS {
            k = at.partition_point(below);
        }
        self.k = k;
    }
}

impl Seek<'_, usize> {
    /// The last position before `x`.
    fn before(&mut self, x: usize) -> Option<usize> {
        self.to(|&p| p < x);
        self.k.checked_sub(1).map(|k| self.at[k])
    }

    /// The first position at or after `x`.
    fn after(&mut self, x: usize) -> Option<usize> {
        self.to(|&p| p < x);
        self.at.get(self.k).copied()
    }
}

/// Whether each set of `cursors` (see [`Work::cursors`], by set) has a
/// word with an occurrence within `[from, to)`. The cursors move on with
/// the windows, which mostly move forward.
fn holds_each_set<'a>(
    cursors: &mut [(usize, u32, usize)],
    occurrences: &impl Fn(usize) -> &'a [u32],
    hits: &[Hit],
    from: usize,
    to: usize,
) -> bool {
    cursors.chunk_by_mut(|a, b| a.0 == b.0).all(|set| {
        set.iter_mut().any(|(_, w, k)| {
            let at = occurrences(*w as usize);
            let mut seek = Seek { at, k: *k };
            seek.to(|&j| hits[j as usize].start < from);
            *k = seek.k;
            at[seek.k..]
                .iter()
                .map(|&j| &hits[j as usize])
                .take_while(|h| h.start < to)
                .any(|h| h.end <= to)
        })
    })
}

/// The asides of `bytes` (see [`Bracket`]) as `(open, close)` places,
/// in order, from where its brackets are (`at`, in order): each opening
/// bracket followed by a closing one, with no bracket between, near enough
/// and with only inner bytes between.
fn find_asides(bytes: &[u8], at: &[usize], bracket: &Bracket, asides: &mut Vec<(usize, usize)>) {
    for pair in at.windows(2) {
        let (o, c) = (pair[0], pair[1]);
        if bytes[o] == bracket.open
            && bytes[c] == bracket.close
            && c - o < bracket.longest
            && bytes[o + 1..c].iter().all(|&b| has(&bracket.inner, b))
        {
            asides.push((o, c));
        }
    }
}

/// The aside holding place `p`, if any.
fn aside_at(asides: &mut Seek<(usize, usize)>, p: usize) -> Option<(usize, usize)> {
    if asides.at.is_empty() {
        return None;
    }
    asides.to(|&(o, _)| o <= p);
    let (o, c) = *asides.at.get(asides.k.checked_sub(1)?)?;
    (p <= c).then_some((o, c))
}

/// The nearest barrier outside the asides: the last before `x` when
/// `back` ([`Seek::before`]), else the first at or after it
/// ([`Seek::after`]). A barrier within an aside sends the search on past
/// the aside's far bracket.
fn nearest_outside(
    seek: &mut Seek<usize>,
    asides: &mut Seek<(usize, usize)>,
    mut x: usize,
    back: bool,
) -> Option<usize> {
    loop {
        let p = if back {
            seek.before(x)?
        } else {
            seek.after(x)?
        };
        match aside_at(asides, p) {
            Some((open, close)) => x = if back { open } else { close + 1 },
            None => return Some(p),
        }
    }
}

/// Walks `ac` from `state` over `bytes` from `at` until it reaches a
/// special state (a match, or the dead state) or the end; that state, and
/// where it stopped (one past the byte that led there). A loop of its own,
/// so that the state stays in a register: between two words, which is most
/// bytes, the walk is a load a byte.
#[inline(never)]
fn walk(ac: &DFA, mut state: StateID, bytes: &[u8], mut at: usize) -> (StateID, usize) {
    while let Some(&b) = bytes.get(at) {
        state = ac.next_state(Anchored::No, state, b);
        at += 1;
        if ac.is_special(state) {
            break;
        }
    }
    (state, at)
}

/// [`walk`] over [`WALKS`] stretches at once, until any walk reaches a
/// special state or the shortest stretch ends: the states, and how many
/// bytes each walked. Each step's load depends on the step before; walks
/// that do not depend on each other let the processor wait for their
/// loads at once.
#[inline(never)]
fn walk_many(ac: &DFA, mut s: [StateID; WALKS], at: [&[u8]; WALKS]) -> ([StateID; WALKS], usize) {
    let n = at.iter().map(|a| a.len()).min().unwrap_or(0);
    for k in 0..n {
        let mut special = false;
        for (state, bytes) in s.iter_mut().zip(&at) {
            *state = ac.next_state(Anchored::No, *state, bytes[k]);
            special |= ac.is_special(*state);
        }
        if special {
            return (s, k + 1);
        }
    }
    (s, n)
}

/// How many walks [`find_words`] makes over a long text at once.
const WALKS: usize = 2;

/// Adds the words `ac` says end at `end` (in `state`) to `hits`.
fn record(ac: &DFA, state: StateID, end: usize, hits: &mut Vec<Hit>) {
    if !ac.is_match(state) {
        return;
    }
    for k in 0..ac.match_len(state) {
        let word = ac.match_pattern(state, k);
        hits.push(Hit {
            word: word.as_usize(),
            start: end - ac.pattern_len(word),
            end,
            line: 0,
        });
    }
}

/// Every occurrence in `bytes` of every word of `ac` (overlapping), into
/// `hits`, in the order they end; `later` are buffers.
///
/// A loop of our own, since the library's iterator costs a call and a
/// resumption per occurrence, and a review holds one every few bytes. A
/// long text is walked as [`WALKS`] parts at once (see [`walk_many`]):
/// each part's walk but the first starts a word's length early, so that it
/// sees every word that ends in the part, and keeps only those.
fn find_words(
    ac: &DFA,
    start: StateID,
    bytes: &[u8],
    hits: &mut Vec<Hit>,
    later: &mut [Vec<Hit>; WALKS - 1],
) {
    hits.clear();
    // At least 1: an automaton of no words still splits the text into
    // parts that start where the walk before them ends.
    let longest = ac.max_pattern_len().max(1);
    if bytes.len() < 2 * WALKS * longest {
        walk_alone(ac, start, bytes, 0, hits);
        return;
    }
    let part = bytes.len() / WALKS;
    let ends: [usize; WALKS] = std::array::from_fn(|t| {
        if t + 1 == WALKS {
            bytes.len()
        } else {
            (t + 1) * part
        }
    });
    let mut at: [usize; WALKS] = std::array::from_fn(|t| (t * part + 1).saturating_sub(longest));
    at[0] = 0;
    let mut s = [start; WALKS];
    // Together as far as the first part goes.
    while at[0] < part {
        let n;
        (s, n) = walk_many(ac, s, std::array::from_fn(|t| &bytes[at[t]..ends[t]]));
        for t in 0..WALKS {
            at[t] += n;
            if at[t] > t * part {
                let own = match t {
                    0 => &mut *hits,
                    _ => &mut later[t - 1],
                };
                record(ac, s[t], at[t], own);
            }
        }
    }
    // The rest of each part alone (the words that end in it are past its
    // start by now).
    for (t, own) in later.iter_mut().enumerate() {
        walk_alone(ac, s[t + 1], &bytes[..ends[t + 1]], at[t + 1], own);
        hits.append(own);
    }
}

/// Walks `ac` from `state` over `bytes` from `at` to the end, adding the
/// words that end on the way to `hits`.
fn walk_alone(ac: &DFA, mut state: StateID, bytes: &[u8], mut at: usize, hits: &mut Vec<Hit>) {
    while at < bytes.len() {
        (state, at) = walk(ac, state, bytes, at);
        if !ac.is_special(state) || ac.is_dead(state) {
            // The end of the text.
            break;
        }
        record(ac, state, at, hits);
    }
}

/// The words of every rule, compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: Option<DFA>,
    plans: Vec<Plan>,
    /// For each byte, the groups of barrier bytes it belongs to (a bit
    /// each). A group is the punctuation a rule's core cannot hold: one
    /// pass over a review lists where each group's bytes are, and a window
    /// ends at the nearest ones around a word.
    barriers: [u32; 256],
    /// The words, by id.
    word_list: Vec<String>,
    /// For each word, the plans and sets it belongs to: which sets a
    /// review's words fill is worked out from the words it holds, not from
    /// every rule's every word.
    members: Vec<Vec<(u32, u8)>>,
    /// Where each plan's sets start in one numbering of all sets, and
    /// (last) how many sets there are.
    set_base: Vec<usize>,
}

/// A live rule of [`Regions`]: its index, where its ranges are, and where
/// its match starts are when it is searched at those only.
type LiveRule = (usize, (usize, usize), Option<(usize, usize)>);

/// One rule's part of a review's [`Regions`]: the rule, its ranges and,
/// when it is searched only for matches starting at some places within
/// them, those places (in order).
pub type Region<'a> = (usize, &'a [(usize, usize)], Option<&'a [usize]>);

/// Where a rule's matches may start within its ranges, as
/// [`Prefilter::starts_within`] finds it.
enum Starts {
    /// Its start words are nowhere in its ranges: it cannot match.
    Nowhere,
    /// Too many places, or none known: the ranges are searched.
    Anywhere,
    /// These places, in the `starts` of [`Regions`].
    At(usize, usize),
}

impl Starts {
    /// Adds rule `i`, its ranges at `ranges`, to the live rules, unless
    /// it cannot match.
    fn push(self, rules: &mut Vec<LiveRule>, i: usize, ranges: (usize, usize)) {
        match self {
            Starts::Nowhere => {}
            Starts::Anywhere => rules.push((i, ranges, None)),
            Starts::At(a, b) => rules.push((i, ranges, Some((a, b)))),
        }
    }
}

/// The windows each rule searches in one review (see
/// [`Prefilter::regions`]). Kept from review to review, so that once a
/// thread has read a few reviews, the next costs no allocation.
#[derive(Debug, Default)]
pub struct Regions {
    /// Each live rule, where its ranges are in `ranges`, and where its
    /// match starts are in `starts` when it is searched at those only.
    rules: Vec<LiveRule>,
    ranges: Vec<(usize, usize)>,
    starts: Vec<usize>,
}

/// The buffers that find a review's [`Regions`]: one per thread (see
/// [`WORK`]), not one per review, since a batch holds many reviews'
/// regions at once and the arrays sized by the rule set's words (tens of
/// kilobytes) would then be cold again at every review.
#[derive(Debug, Default)]
struct Work {
    hits: Vec<Hit>,
    /// The hits of the other parts of a review (see [`find_words`]).
    later: [Vec<Hit>; WALKS - 1],
    /// Per word: its occurrences in this review (zero between reviews),
    /// and where they start in `by_word`.
    count: Vec<u32>,
    first: Vec<u32>,
    /// The words this review holds.
    touched: Vec<u32>,
    by_word: Vec<u32>,
    /// Per plan: the sets this review holds a word of, a bit each.
    filled: Vec<u32>,
    /// Per set (numbered across plans): the words of it this review
    /// holds, and how often they occur; `used` lists the sets to reset.
    present: Vec<Vec<u32>>,
    set_hits: Vec<u32>,
    used: Vec<usize>,
    stops: Vec<Vec<usize>>,
    chosen: Vec<u32>,
    windows: Vec<(usize, usize)>,
    /// For a rule's windows: a cursor (set, word, place) over the
    /// occurrences of each word of its other sets.
    cursors: Vec<(usize, u32, usize)>,
    /// For a rule's windows: the asides of the review it may hold.
    asides: Vec<(usize, usize)>,
}

thread_local! {
    /// This thread's [`Work`].
    static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

impl Regions {
    pub fn new() -> Regions {
        Regions::default()
    }

    /// The rules that may match, in order, each with its ranges and, when
    /// it is to be searched only for matches starting at some places
    /// within them, those places (in order).
    pub fn iter(&self) -> impl Iterator<Item = Region<'_>> {
        self.rules.iter().map(|&(i, (a, b), starts)| {
            (
                i,
                &self.ranges[a..b],
                starts.map(|(c, d)| &self.starts[c..d]),
            )
        })
    }
}

/// The longest a match may be for [`Plan::longest`] to bound its windows.
const MAX_LONGEST: usize = 512;

/// How many bytes of window an anchored search at a match start must
/// spare for it to be chosen over searching the window (a search costs a
/// call and a few bytes where a window costs its bytes).
const BYTES_PER_START: usize = 16;

/// How many groups of barrier bytes one rule set keeps.
const BARRIER_GROUPS: usize = 16;
/// How many kinds of aside brackets one rule set keeps (see
/// [`group_barriers`]); each is a group of barrier bytes, after the others.
const BRACKET_GROUPS: usize = 4;
const _: () = assert!(BARRIER_GROUPS + BRACKET_GROUPS <= 32);

/// The bytes that may bound a window: ASCII but neither letters nor the
/// space, which almost every rule reads and almost every line holds.
fn barrier_candidate(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphabetic() && b != b' '
}

/// Whether `b` is an ASCII letter, the space or not ASCII, which no group
/// of barrier bytes holds (see [`barrier_candidate`]).
fn never_barrier(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26 || b == b' ' || b >= 0x80
}

/// [`never_barrier`] for eight bytes at once (the first in the lowest
/// byte of `word`): the top bit of each byte that may be a barrier is set,
/// every other bit is clear. Each byte is tested in its own eight bits,
/// with additions that never carry into the next byte.
fn may_be_barriers(word: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    let ascii = !word & each(0x80);
    let low = word & each(0x7f);
    // The letters, either case: folded to lower case, from 'a' up to
    // 'z'. A byte of `low` is below 0x80, so adding below 0x80 keeps it
    // within its eight bits.
    let folded = low | each(0x20);
    let from_a = folded + each(0x80 - b'a');
    let past_z = folded + each(0x80 - (b'z' + 1));
    let letter = from_a & !past_z;
    // The space: the byte that is zero once the space is taken off.
    let space = !((low ^ each(b' ')) + each(0x7f));
    ascii & !letter & !space & each(0x80)
}

/// Puts each plan's barrier bytes in a group, and says which bytes belong
/// to which group. A rule whose barriers find no group (more than
/// [`BARRIER_GROUPS`] kinds) takes the largest group within its own, or
/// none. The brackets of asides (see [`Bracket`]) are groups of their own,
/// after those ([`BRACKET_GROUPS`] kinds; a rule whose brackets find none
/// reads its asides as any other bytes).
type Edges = (usize, Core, Option<usize>);

fn group_barriers(cores: &[Option<Core>]) -> ([u32; 256], Vec<Option<Edges>>) {
    let mut groups: Vec<[bool; 128]> = Vec::new();
    let mut brackets: Vec<(u8, u8)> = Vec::new();
    let mut edges = Vec::with_capacity(cores.len());
    for core in cores {
        let Some(mut core) = *core else {
            edges.push(None);
            continue;
        };
        let mut aside = None;
        if let Some(b) = core.bracket {
            let pair = (b.open, b.close);
            aside = match brackets.iter().position(|&p| p == pair) {
                Some(k) => Some(k),
                None if brackets.len() < BRACKET_GROUPS => {
                    brackets.push(pair);
                    Some(brackets.len() - 1)
                }
                None => None,
            };
            if aside.is_none() {
                b.read_as_core(&mut core.allowed);
                core.bracket = None;
            }
        }
        let mut bar = [false; 128];
        for b in 0..128u8 {
            bar[usize::from(b)] = barrier_candidate(b) && !has(&core.allowed, b);
        }
        if !bar.contains(&true) {
            edges.push(None);
            continue;
        }
        let group = match groups.iter().position(|g| *g == bar) {
            Some(g) => Some(g),
            None if groups.len() < BARRIER_GROUPS => {
                groups.push(bar);
                Some(groups.len() - 1)
            }
            None => groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.iter().zip(&bar).all(|(&x, &y)| !x || y))
                .max_by_key(|(_, g)| g.iter().filter(|&&x| x).count())
                .map(|(i, _)| i),
        };
        edges.push(group.map(|g| (g, core, aside.map(|k| BARRIER_GROUPS + k))));
    }
    let mut table = [0u32; 256];
    for (g, bar) in groups.iter().enumerate() {
        for (b, &is) in bar.iter().enumerate() {
            if is {
                table[b] |= 1 << g;
            }
        }
    }
    for (k, &(open, close)) in brackets.iter().enumerate() {
        for b in [open, close] {
            table[usize::from(b)] |= 1 << (BARRIER_GROUPS + k);
        }
    }
    (table, edges)
}

impl Prefilter {
    /// The prefilter of `patterns` (in rule order).
    pub fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> Prefilter {
        let mut prefilter = Prefilter::planned(patterns);
        prefilter.build_words();
        prefilter
    }

    /// What the prefilter knows of each pattern, without the automaton of
    /// their words ([`Prefilter::build_words`] builds it; until then every
    /// rule searches the whole text). Apart, so that a rule set builds the
    /// automaton while its rules compile.
    pub fn planned<'a>(patterns: impl Iterator<Item = &'a str>) -> Prefilter {
        let patterns: Vec<&str> = patterns.collect();
        let hirs: Vec<Option<Hir>> = patterns.par_iter().map(|p| parse(p)).collect();
        Prefilter::planned_from(&hirs)
    }

    /// [`Prefilter::planned`] from the patterns parsed ([`parse`]; `None`:
    /// a pattern that does not parse, which always runs), so that the
    /// rules compile from the same parse.
    pub fn planned_from(hirs: &[Option<Hir>]) -> Prefilter {
        // Each pattern is read apart (on every core), then its words are
        // numbered in pattern order.
        type Read = (Plan, Words, Option<Core>);
        let read: Vec<Read> = hirs
            .par_iter()
            .map(|hir| {
                // Windows need matches that are never empty.
                let windowed = hir
                    .as_ref()
                    .filter(|h| h.properties().minimum_len().is_some_and(|n| n > 0));
                let plan = Plan {
                    sets: Vec::new(),
                    starts: Vec::new(),
                    lines: windowed.and_then(max_newlines),
                    edges: None,
                    longest: windowed
                        .and_then(|h| h.properties().maximum_len())
                        .filter(|&n| n <= MAX_LONGEST),
                    anchored: windowed.map_or((false, false), line_anchors),
                };
                let sets = hir.as_ref().map(words_of).unwrap_or_default();
                (plan, sets, windowed.map(core_bytes))
            })
            .collect();
        let mut read = read;
        drop_common_sets(&mut read.iter_mut().map(|r| &mut r.1).collect::<Vec<_>>());
        let mut words: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut plans = Vec::with_capacity(read.len());
        let mut cores = Vec::with_capacity(read.len());
        for (mut plan, (sets, starts), core) in read {
            let mut id = |w: String| {
                *index.entry(w.clone()).or_insert_with(|| {
                    words.push(w);
                    words.len() - 1
                })
            };
            plan.sets = sets
                .into_iter()
                .map(|set| set.into_iter().map(&mut id).collect())
                .collect();
            plan.starts = starts.into_iter().map(&mut id).collect();
            plans.push(plan);
            cores.push(core);
        }
        // Each rule's group of barrier bytes.
        let (barriers, edges) = group_barriers(&cores);
        for (plan, edges) in plans.iter_mut().zip(edges) {
            plan.edges = edges;
        }
        let mut set_base = Vec::with_capacity(plans.len() + 1);
        let mut sets = 0;
        for plan in &plans {
            set_base.push(sets);
            sets += plan.sets.len();
        }
        set_base.push(sets);
        let mut members = vec![Vec::new(); words.len()];
        for (p, plan) in plans.iter().enumerate() {
            for (k, set) in plan.sets.iter().enumerate() {
                for &w in set {
                    members[w].push((p as u32, k as u8));
                }
            }
        }
        Prefilter {
            plans,
            automaton: None,
            barriers,
            word_list: words,
            members,
            set_base,
        }
    }

    /// Builds the automaton of the rules' words.
    pub fn build_words(&mut self) {
        // A full DFA: a few megabytes for the rules' words, and the
        // fastest way to report every (overlapping) occurrence. Walked by
        // our own loop (see `find_regions`): no prefilter, since nearly
        // every byte of prose starts some word.
        self.automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&self.word_list)
            .ok();
    }

    /// A prefilter that lets every rule search the whole text: the
    /// reference the real one must agree with.
    pub fn none(rules: usize) -> Prefilter {
        Prefilter {
            automaton: None,
            plans: vec![
                Plan {
                    sets: vec![],
                    starts: vec![],
                    lines: None,
                    edges: None,
                    longest: None,
                    anchored: (false, false),
                };
                rules
            ],
            barriers: [0; 256],
            word_list: Vec::new(),
            members: Vec::new(),
            set_base: vec![0; rules + 1],
        }
    }

    /// The rules that may match `text`, in order, each with the folded
    /// byte ranges it needs to search: the whole text, or windows around
    /// its words. Searching a range `(start, end)` means searching
    /// `&text[..end]` from `start`, so that what comes before still counts
    /// for `\b` and `^`.
    ///
    /// Why a window is enough: a match holds a word of each of its rule's
    /// sets. So it lies around an occurrence of a word of the first set:
    /// within `n` lines of it when matches span at most `n` line breaks,
    /// and within the run of bytes the pattern can match at all (a rule
    /// reading names and spaces stops at a comma, a bracket, a quote; one
    /// that allows an aside in brackets passes over the asides there). A
    /// window holding no word of some other set is dropped. A window ends
    /// one character past the last byte a match can reach, so that
    /// look-arounds there see what the whole text has; the windows, merged,
    /// give exactly the matches the whole text gives, since no match can
    /// cross a window's edge.
    pub fn regions(&self, text: &str, lines: &[LineSpan]) -> Vec<(usize, Vec<(usize, usize)>)> {
        let mut found = Regions::new();
        self.find_regions(text, lines, &mut found);
        found.iter().map(|(i, r, _)| (i, r.to_vec())).collect()
    }

    /// [`Prefilter::regions`], into `found` (its buffers reused).
    pub fn find_regions(&self, text: &str, lines: &[LineSpan], found: &mut Regions) {
        WORK.with(|work| match work.try_borrow_mut() {
            Ok(mut work) => self.find_regions_with(text, lines, found, &mut work),
            // Only a call from within a call could find it taken.
            Err(_) => self.find_regions_with(text, lines, found, &mut Work::default()),
        });
    }

    fn find_regions_with(
        &self,
        text: &str,
        lines: &[LineSpan],
        found: &mut Regions,
        work: &mut Work,
    ) {
        let Regions {
            rules,
            ranges,
            starts,
        } = found;
        let Work {
            hits: by_start,
            later,
            count,
            first,
            touched,
            by_word,
            filled,
            present,
            set_hits,
            used,
            stops,
            chosen: hits,
            windows,
            cursors,
            asides,
        } = work;
        rules.clear();
        ranges.clear();
        starts.clear();
        let start =
            (self.automaton.as_ref()).and_then(|ac| Some((ac, ac.start_state(Anchored::No).ok()?)));
        let (Some((ac, state)), false) = (start, bypasses(text)) else {
            for i in 0..self.plans.len() {
                rules.push((i, (ranges.len(), ranges.len() + 1), None));
                ranges.push((0, text.len()));
            }
            return;
        };
        // Every occurrence of every word, by position, each with its line;
        // then by word (to walk one word's).
        by_start.clear();
        touched.clear();
        if count.len() < self.word_list.len() {
            count.resize(self.word_list.len(), 0);
            first.resize(self.word_list.len(), 0);
        }
        // Every occurrence of every word (overlapping), in the order they
        // end (see [`find_words`]).
        find_words(ac, state, text.as_bytes(), by_start, later);
        for h in by_start.iter() {
            if count[h.word] == 0 {
                touched.push(h.word as u32);
            }
            count[h.word] += 1;
        }
        // Overlapping matches come in the order they end, not start; a
        // word starts at most its length before a shorter one that ends
        // first, so each is only a few places from its own: an insertion
        // sort moves it there.
        for i in 1..by_start.len() {
            let mut j = i;
            while j > 0 && by_start[j - 1].start > by_start[j].start {
                by_start.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut line = 0;
        for h in by_start.iter_mut() {
            while line + 1 < lines.len() && lines[line].end < h.start {
                line += 1;
            }
            h.line = line;
        }
        let mut at = 0;
        for &w in touched.iter() {
            first[w as usize] = at;
            at += count[w as usize];
        }
        by_word.clear();
        by_word.resize(by_start.len(), 0);
        for (i, h) in by_start.iter().enumerate() {
            let slot = &mut first[h.word];
            by_word[*slot as usize] = i as u32;
            *slot += 1;
        }
        // `first` now holds where each word's occurrences end.
        let occurrences = |w: usize| -> &[u32] {
            match count[w] as usize {
                0 => &[],
                n => &by_word[first[w] as usize - n..first[w] as usize],
            }
        };
        // The sets each rule has a word of here: the rules whose every set
        // has one are live.
        filled.clear();
        filled.resize(self.plans.len(), 0);
        let all_sets = self.set_base.last().copied().unwrap_or(0);
        if present.len() < all_sets {
            present.resize_with(all_sets, Vec::new);
            set_hits.resize(all_sets, 0);
        }
        used.clear();
        for &w in touched.iter() {
            for &(p, k) in &self.members[w as usize] {
                filled[p as usize] |= 1 << k;
                let set = self.set_base[p as usize] + usize::from(k);
                if present[set].is_empty() {
                    used.push(set);
                }
                present[set].push(w);
                set_hits[set] += count[w as usize];
            }
        }
        let live = |i: usize| filled[i] == (1u32 << self.plans[i].sets.len()) - 1;
        // The groups of barrier bytes live rules stop at.
        let needed = (0..self.plans.len())
            .filter(|&i| live(i))
            .filter_map(|i| self.plans[i].edges)
            .fold(0u32, |m, (g, _, aside)| {
                m | 1 << g | aside.map_or(0, |a| 1 << a)
            });
        // Where each needed group's barrier bytes are, in one pass.
        stops.resize_with(BARRIER_GROUPS + BRACKET_GROUPS, Vec::new);
        for s in stops.iter_mut() {
            s.clear();
        }
        if needed != 0 {
            // Letters, spaces and non-ASCII bytes are never barriers: the
            // text is read eight bytes at a time for the bytes that may be
            // (see [`may_be_barriers`]), and only those are looked up.
            let bytes = text.as_bytes();
            let (words, rest) = bytes.as_chunks::<8>();
            let mut note = |at: usize| {
                let mut groups = self.barriers[usize::from(bytes[at])] & needed;
                while groups != 0 {
                    stops[groups.trailing_zeros() as usize].push(at);
                    groups &= groups - 1;
                }
            };
            for (k, &word) in words.iter().enumerate() {
                let mut may = may_be_barriers(u64::from_le_bytes(word));
                while may != 0 {
                    note(k * 8 + may.trailing_zeros() as usize / 8);
                    may &= may - 1;
                }
            }
            let tail = bytes.len() - rest.len();
            for (j, &b) in rest.iter().enumerate() {
                if !never_barrier(b) {
                    note(tail + j);
                }
            }
        }
        for i in (0..self.plans.len()).filter(|&i| live(i)) {
            let plan = &self.plans[i];
            let span = plan.lines.filter(|_| !lines.is_empty());
            let begin = ranges.len();
            // The windows come from the set with the fewest occurrences
            // in this review: any set will do, since a match holds a word
            // of each.
            let base = self.set_base[i];
            let chosen = (0..plan.sets.len()).min_by_key(|&k| set_hits[base + k]);
            // Windows when a match is bounded (by lines, barriers or its
            // length), else the whole text.
            let bounded = span.is_some() || plan.edges.is_some() || plan.longest.is_some();
            match chosen.filter(|_| bounded) {
                None => ranges.push((0, text.len())),
                Some(chosen) => {
                    windows.clear();
                    hits.clear();
                    for &w in &present[base + chosen] {
                        hits.extend_from_slice(occurrences(w as usize));
                    }
                    // One word's occurrences are in order already.
                    if present[base + chosen].len() > 1 {
                        hits.sort_unstable();
                    }
                    // A window must hold a word of each other set: a
                    // cursor over each of their words' occurrences (in
                    // order of position), by set.
                    cursors.clear();
                    for k in (0..plan.sets.len()).filter(|&k| k != chosen) {
                        cursors.extend(present[base + k].iter().map(|&w| (k, w, 0)));
                    }
                    let at = plan.edges.map_or(&[][..], |(g, _, _)| &stops[g][..]);
                    let mut befores = [Seek::new(at), Seek::new(at), Seek::new(at)];
                    let mut afters = [Seek::new(at), Seek::new(at), Seek::new(at)];
                    // The asides a match may hold, whose barriers are none.
                    asides.clear();
                    if let Some((_, core, Some(k))) = plan.edges
                        && let Some(bracket) = core.bracket
                    {
                        find_asides(text.as_bytes(), &stops[k], &bracket, asides);
                    }
                    let mut asides_back = Seek::new(&asides[..]);
                    let mut asides_on = Seek::new(&asides[..]);
                    for h in hits.iter().map(|&i| &by_start[i as usize]) {
                        let (mut from, mut to) = (0, text.len());
                        if let Some(span) = span {
                            let l = h.line;
                            // A match on one line comes from a line claims come
                            // from.
                            if span == 0 && !lines[l].read {
                                continue;
                            }
                            from = lines[l.saturating_sub(span)].start;
                            to = lines[(l + span).min(lines.len() - 1)].end;
                        }
                        if let Some(n) = plan.longest {
                            from = from.max((h.end).saturating_sub(n));
                            to = to.min(h.start + n);
                        }
                        if let Some((_, core, _)) = plan.edges {
                            // The word may lie in the edges, not the core: the run
                            // of core bytes is looked for from past them, up to
                            // the nearest barriers, and past those when a gap may
                            // cover them. Each step has its own cursor: its
                            // queries move forward with the words.
                            let mut before = |seek: &mut Seek<usize>, x| {
                                nearest_outside(seek, &mut asides_back, x, true)
                            };
                            let mut stop =
                                before(&mut befores[0], h.start.saturating_sub(core.tail));
                            for seek in &mut befores[1..=core.gaps] {
                                stop = stop
                                    .and_then(|p| before(seek, (p + 1).saturating_sub(core.gap)));
                            }
                            let a = stop.map_or(0, |p| p + 1);
                            let mut after = |seek: &mut Seek<usize>, x| {
                                nearest_outside(seek, &mut asides_on, x, false)
                            };
                            let mut stop = after(&mut afters[0], h.end + core.head);
                            for seek in &mut afters[1..=core.gaps] {
                                stop = stop.and_then(|q| after(seek, q + core.gap));
                            }
                            let b = stop.unwrap_or(text.len());
                            // A match held to its line's start (or end) starts (or
                            // ends) there: the run must reach it.
                            if span == Some(0) {
                                let line = &lines[h.line];
                                if plan.anchored.0 && a > line.start + core.head
                                    || plan.anchored.1 && b + core.tail < line.end
                                {
                                    continue;
                                }
                            }
                            from = from.max(a.saturating_sub(core.head));
                            to = to.min(b + core.tail).max(from);
                        }
                        let mut from = from.min(h.start);
                        while !text.is_char_boundary(from) {
                            from -= 1;
                        }
                        let mut to = to.max(h.end).min(text.len());
                        while !text.is_char_boundary(to) {
                            to += 1;
                        }
                        if !holds_each_set(cursors, &occurrences, by_start, from, to) {
                            continue;
                        }
                        let past = text[to..].chars().next().map_or(0, char::len_utf8);
                        windows.push((from, to + past));
                    }
                    windows.sort_unstable();
                    for &(from, to) in windows.iter() {
                        match ranges[begin..].last_mut() {
                            Some(last) if from <= last.1 => last.1 = last.1.max(to),
                            _ => ranges.push((from, to)),
                        }
                    }
                }
            }
            if ranges.len() > begin {
                let found = self.starts_within(
                    plan,
                    &ranges[begin..],
                    &occurrences,
                    by_start,
                    hits,
                    starts,
                );
                found.push(rules, i, (begin, ranges.len()));
            }
        }
        for &w in touched.iter() {
            count[w as usize] = 0;
        }
        for &set in used.iter() {
            present[set].clear();
            set_hits[set] = 0;
        }
    }

    /// Where in `ranges` a match of `plan` may start, appended to `starts`
    /// when those places are few enough that an anchored search at each
    /// beats searching the ranges.
    fn starts_within<'a>(
        &self,
        plan: &Plan,
        ranges: &[(usize, usize)],
        occurrences: &impl Fn(usize) -> &'a [u32],
        by_start: &[Hit],
        scratch: &mut Vec<u32>,
        starts: &mut Vec<usize>,
    ) -> Starts {
        if plan.starts.is_empty() {
            return Starts::Anywhere;
        }
        scratch.clear();
        for &w in &plan.starts {
            scratch.extend_from_slice(occurrences(w));
        }
        // Hit indices are in order of position.
        scratch.sort_unstable();
        let begin = starts.len();
        let mut r = 0;
        for &j in scratch.iter() {
            let at = by_start[j as usize].start;
            while r < ranges.len() && ranges[r].1 <= at {
                r += 1;
            }
            if r == ranges.len() {
                break;
            }
            let new = starts.len() == begin || starts.last().is_some_and(|&last| last < at);
            if ranges[r].0 <= at && new {
                starts.push(at);
            }
        }
        let bytes: usize = ranges.iter().map(|(a, b)| b - a).sum();
        match starts.len() - begin {
            0 => Starts::Nowhere,
            n if n * BYTES_PER_START <= bytes => Starts::At(begin, starts.len()),
            _ => {
                starts.truncate(begin);
                Starts::Anywhere
            }
        }
    }

    /// The indices of the rules that may match `text`, in order.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        self.regions(
            text,
            &[LineSpan {
                start: 0,
                end: text.len(),
                read: true,
            }],
        )
        .into_iter()
        .map(|(i, _)| i)
        .collect()
    }

    /// What the prefilter knows of rule `i`, in a line: its words, how many
    /// lines a match spans, and what bounds its windows. For people
    /// tuning a rule's speed.
    pub fn describe(&self, i: usize) -> String {
        let Some(plan) = self.plans.get(i) else {
            return String::new();
        };
        let sets: Vec<Vec<&str>> = plan
            .sets
            .iter()
            .map(|s| s.iter().map(|&w| self.word_list[w].as_str()).collect())
            .collect();
        let barriers = plan.edges.map(|(g, core, _)| {
            let bytes: String = (0..128u8)
                .filter(|&b| self.barriers[usize::from(b)] & (1 << g) != 0)
                .map(|b| if b == b'\n' { '¶' } else { char::from(b) })
                .collect();
            let asides = core.bracket.map_or(String::new(), |b| {
                format!(
                    ", asides {}...{} of {} bytes",
                    char::from(b.open),
                    char::from(b.close),
                    b.longest
                )
            });
            format!(
                "stops at {bytes:?} (head {}, tail {}, {} gaps of {}{asides})",
                core.head, core.tail, core.gaps, core.gap
            )
        });
        let starts: Vec<&str> = plan
            .starts
            .iter()
            .map(|&w| self.word_list[w].as_str())
            .collect();
        format!(
            "words {sets:?}; starts {starts:?}; lines {:?}; longest {:?}; {}",
            plan.lines,
            plan.longest,
            barriers.unwrap_or_else(|| "no barriers".into())
        )
    }

    /// How many rules always run because no word of theirs could be named.
    /// Whether rule `i` searches windows around its words (given a review
    /// whose lines are known) rather than whole texts: then its regex need
    /// not look for those words again.
    pub fn searches_windows(&self, i: usize) -> bool {
        self.plans.get(i).is_some_and(|p| {
            !p.sets.is_empty() && (p.lines.is_some() || p.edges.is_some() || p.longest.is_some())
        })
    }

    pub fn unfiltered(&self) -> usize {
        self.plans.iter().filter(|p| p.sets.is_empty()).count()
    }

    /// How many rules search only the lines around their words.
    pub fn line_bounded(&self) -> usize {
        self.plans
            .iter()
            .filter(|p| p.lines.is_some() && !p.sets.is_empty())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_words_cannot_see_are_found_anywhere() {
        let pad = "a plain line of ASCII, long enough to span blocks. ";
        for odd in ["\u{212A}", "\u{17F}", "\u{0663}", "\u{FF15}"] {
            for before in 0..70 {
                let text = format!("{}é—{odd} and more", &pad.repeat(2)[..before]);
                assert!(bypasses(&text), "{odd:?} after {before} bytes");
            }
        }
        assert!(!bypasses(&format!("{pad}café — naïve “quotes” {pad}")));
        assert!(!bypasses(""));
    }

    #[test]
    fn the_bytes_a_pattern_can_hold() {
        let bytes = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(p)
                .unwrap();
            let set = bytes_of(&hir);
            (0..=255u8).filter(|&b| has(&set, b)).collect::<Vec<u8>>()
        };
        assert_eq!(bytes(r"[a-c]x"), b"abcx");
        // Ranges across word edges (63/64, 127/128) and the last byte.
        assert_eq!(
            bytes(r"(?-u:[\x3E-\x41\x7F-\x81\xFF])"),
            [0x3E, 0x3F, 0x40, 0x41, 0x7F, 0x80, 0x81, 0xFF]
        );
        // A character beyond ASCII allows every byte of multi-byte ones.
        let e = bytes(r"[eé]");
        assert_eq!(e.len(), 1 + 128);
        assert!(e.contains(&b'e') && e.contains(&0x80) && e.contains(&0xFF));
    }

    #[test]
    fn letters_spaces_and_non_ascii_bytes_are_never_barriers() {
        for b in 0..=255u8 {
            let never = b.is_ascii_alphabetic() || b == b' ' || !b.is_ascii();
            assert_eq!(never_barrier(b), never, "byte {b:#x}");
            assert!(!(never_barrier(b) && barrier_candidate(b)), "byte {b:#x}");
        }
    }

    #[test]
    fn walks_over_parts_find_every_word_once() {
        let words = ["the headmistress", "he", "head", "mistress", " is ", "s i"];
        let ac = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(words)
            .unwrap();
        let start = ac.start_state(Anchored::No).unwrap();
        let key = |h: &Hit| (h.end, h.start, h.word);
        // Texts of every length around the one where the walk splits, so
        // that words lie across every place a part may start or end.
        let unit = "The headmistress is here. ";
        for len in 0..(4 * WALKS * ac.max_pattern_len()) {
            let text = unit.repeat(len / unit.len() + 1)[..len].to_string();
            let (mut whole, mut parts) = (Vec::new(), Vec::new());
            walk_alone(&ac, start, text.as_bytes(), 0, &mut whole);
            find_words(
                &ac,
                start,
                text.as_bytes(),
                &mut parts,
                &mut Default::default(),
            );
            // The same occurrences, each once, in the order they end.
            assert!(parts.windows(2).all(|w| w[0].end <= w[1].end), "{len}");
            let (mut a, mut b): (Vec<_>, Vec<_>) = (
                whole.iter().map(key).collect(),
                parts.iter().map(key).collect(),
            );
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{len}: {text:?}");
        }
    }

    #[test]
    fn a_rule_set_of_no_words_still_reads_a_long_review() {
        // No pattern has a word: the automaton has none, and the walk over
        // parts must still end (it once waited forever on an empty part).
        let p = Prefilter::new(["[A-Z][a-z]+"].into_iter());
        assert!(p.automaton.is_some());
        assert_eq!(p.candidates(&"Some text here. ".repeat(50)), vec![0]);
    }

    #[test]
    fn eight_bytes_at_once_are_read_as_one_at_a_time() {
        // Every byte value at every place of the word, among neighbours
        // that could carry into it (0xff, 0x7f) or not (0x00, 'a').
        for fill in [0x00u8, 0x7f, 0xff, b'a', b' '] {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut word = [fill; 8];
                    word[place] = b;
                    let may = may_be_barriers(u64::from_le_bytes(word));
                    for (j, &x) in word.iter().enumerate() {
                        let bit = may >> (8 * j) & 0xff;
                        let want = if never_barrier(x) { 0 } else { 0x80 };
                        assert_eq!(bit, want, "byte {x:#x} at {j} of {word:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_words_every_match_starts_with() {
        // A word that begins another names every place the other starts.
        let at = start_words(r"\b(?i:at)[ ](?:(?i:just|about)[ ])?(?P<v>\d+) minutes");
        assert!(at.iter().all(|w| w.starts_with("at ")), "{at:?}");
        for w in ["at 0", "at 9", "at just 5", "at about 1"] {
            assert!(at.contains(&w.to_string()), "{w} in {at:?}");
        }
        assert_eq!(
            start_words(r"(?:directed|helmed) by (?P<v>[A-Z][a-z]+)"),
            ["directed by ", "helmed by "]
        );
        // "that " holds "at " but does not start with it: both stay.
        assert_eq!(start_words(r"(?:that|at) (?P<v>[a-z]+)"), ["at ", "that "]);
        assert_eq!(start_words(r"(?:at|at last) (?P<v>[a-z]+)"), ["at "]);
        // A pattern that may start with any capital, or with nothing
        // known, has no start words.
        assert!(start_words(r"(?P<who>[A-Z][a-z]+) is (?P<age>\d+)").is_empty());
        assert!(start_words(r"(?:at )?(?P<v>[a-z]+) minutes").is_empty());
        // An optional word before digits: the digits may start a match too.
        assert!(start_words(r"(?:at )?(?P<v>\d+) minutes").contains(&"7".to_string()));
    }

    #[test]
    fn words_a_match_cannot_do_without() {
        let runs = required_words(r"\b(?i:runs|lasts)[ ](?:(?i:for|at)[ ])?(?P<value>\d+) minutes");
        let digits = |around: &dyn Fn(char) -> String| ('0'..='9').map(around).collect::<Vec<_>>();
        // A number's first and last digits join the words around it.
        assert_eq!(runs[0], digits(&|d| format!("{d} minutes")), "{runs:?}");
        assert_eq!(runs[1].len(), 60, "{runs:?}");
        assert!(
            ["runs 1", "runs for 1", "lasts at 9"]
                .iter()
                .all(|w| runs[1].contains(&w.to_string())),
            "{runs:?}"
        );
        // An optional word between them: both ways.
        let age = required_words(r"[A-Z][a-z]+, (?:an? )?(?P<age>\d{1,3})(?:-year-old|,)");
        assert!(
            age.iter().any(|set| set.contains(&", 2".to_string())
                && set.contains(&", an 2".to_string())
                && set.len() == 30),
            "{age:?}"
        );
        assert!(!age.contains(&vec![", ".to_string()]), "{age:?}");
        assert_eq!(
            required_words(r"(?:directed|helmed) by (?P<value>[A-Z][a-z]+)"),
            vec![vec!["directed by ".to_string(), "helmed by ".into()]]
        );
        // Optional words are never required.
        assert!(required_words(r"(?:premiered)?[A-Z][a-z]+").is_empty());
        // A branch without words makes the alternation say nothing.
        assert!(required_words(r"(?:premiered|[A-Z]+) [a-z]+").is_empty());
    }

    #[test]
    fn an_alternation_too_wide_for_its_best_words_takes_fewer() {
        // The third branch's most selective words are 168 ("have not met
        // for almost ", ...): with the other two's, past the limit, and the
        // rule ran on every review. Each of them holds one of 24 shorter
        // ones ("have not met for "), which name the same places: the
        // branches' words fit.
        let n = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a decade|a couple of|several|a few)";
        let apart = format!(
            r"(?:(?i:almost|nearly|about|some|around|roughly|over)[ ])?{n}(?:[ ](?i:years?))?[ ](?i:apart)"
        );
        let another = format!(
            r"(?i:it's|it is|it was)[ ](?i:another)[ ](?:(?i:almost|nearly|about|some)[ ])?{n}[ ](?i:before)"
        );
        let met = format!(
            r"(?i:have not|haven't|had not|hadn't)[ ](?i:met|seen each other|spoken)[ ](?i:for|in)[ ](?:(?i:almost|nearly|about|some|over|more than)[ ])?{n}[ ](?i:years)"
        );
        let sets = required_words(&format!("{apart}|{another}|{met}"));
        let words = sets.first().expect("a set of words");
        for w in [
            "0 apart",
            "ten years apart",
            "it's another ",
            "haven't met for ",
        ] {
            assert!(words.contains(&w.to_string()), "{w} in {words:?}");
        }
        assert!(words.len() <= MAX_ALTERNATIVES, "{}", words.len());
        // Branches of 150 words each (all exact): the second has a smaller
        // set (ten words, how its matches end) and gives it.
        let names = |k: &str| {
            (0..150)
                .map(|i| format!("{k}{i:03}"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let wide = format!(
            r"(?:{}) apart|(?:{}) \d+ days",
            names("alpha"),
            names("beta")
        );
        let sets = required_words(&wide);
        let words = sets.first().expect("a set of words");
        assert_eq!(words.len(), 160, "{words:?}");
        assert!(
            words.contains(&"alpha000 apart".to_string()) && words.contains(&"9 days".to_string()),
            "{words:?}"
        );
    }

    #[test]
    fn words_that_begin_or_end_with_another_add_nothing() {
        let mut set: Vec<String> = [
            "have not met for almost ",
            "have not met for ",
            "had not met for ",
            "0 years apart",
            "years apart",
            "ten years apart",
            "have not met for ",
            "not met",
        ]
        .map(String::from)
        .to_vec();
        prune_affixes(&mut set);
        // "had not met for " holds "not met" within, not at an end: kept
        // (the pairwise `prune` would drop it).
        assert_eq!(
            set,
            [
                "had not met for ",
                "have not met for ",
                "not met",
                "years apart"
            ]
            .map(String::from)
        );
    }

    #[test]
    fn words_every_review_holds_are_no_set_when_there_are_others() {
        let sets = |patterns: &[&str], i: usize| -> Vec<Vec<String>> {
            let p = Prefilter::planned(patterns.iter().copied());
            p.plans[i]
                .sets
                .iter()
                .map(|s| s.iter().map(|&w| p.word_list[w].clone()).collect())
                .collect()
        };
        let head = r"(?P<a>[A-Z][a-z]+), (?P<b>[a-z]+) is (?:the|a) headmistress";
        let pair = r"[A-Z][a-z]+, [A-Z][a-z]+";
        // ", " is in nearly every line: the rule's windows come from its
        // rarer words alone.
        assert_eq!(
            sets(&[head], 0),
            vec![vec![
                " is a headmistress".to_string(),
                " is the headmistress".into()
            ]]
        );
        // A rule with nothing rarer keeps it: some words beat none; and
        // then the automaton looks for it anyway, so the other rule keeps
        // it too (the hits cost nothing more, and narrow its windows).
        assert_eq!(sets(&[pair], 0), vec![vec![", ".to_string()]]);
        assert!(sets(&[head, pair], 0).contains(&vec![", ".to_string()]));
        // Where matches start is dropped when those are common words and
        // the rule has rarer ones; kept when they are all it has.
        let starts = |pattern: &str| {
            Prefilter::planned(std::iter::once(pattern)).plans[0]
                .starts
                .len()
        };
        assert_eq!(
            starts(r"(?:the|a|an) [a-z]+ (?:headmistress|teacher), [A-Z][a-z]+"),
            0
        );
        assert_eq!(starts(r"(?:the|a|an) [A-Z][a-z]+ runs"), 0);
        assert_eq!(starts(r"(?:\d+|several) minutes? long"), 0);
        assert_eq!(starts(r"(?:the|a|an) [A-Z][a-z]+, [A-Z][a-z]+"), 3);
        for w in [",", " (", "9", "of", "the ", " is ", "someone", " is a "] {
            assert_eq!(common(w), !matches!(w, "someone" | " is a "), "{w:?}");
        }
    }

    #[test]
    fn too_many_edges_are_cut_short_not_forgotten() {
        // A year starts with one of 300 strings: too many, so with one of
        // 30 three-digit ones, and the words around it join those.
        let year = "(?:1[89]\\d\\d|20\\d\\d)";
        let titled = required_words(&format!("[A-Z][a-z]+ \\({year}\\)"));
        assert!(titled[0].contains(&" (199".to_string()), "{titled:?}");
        assert_eq!(titled[0].len(), 30, "{titled:?}");
        assert!(titled[1].contains(&"99)".to_string()), "{titled:?}");
        // After a year or a month, "by" is "0 by" or "er by", not any "by".
        let by = required_words(&format!(
            "(?:{year}|(?:Octob|Novemb)er|May) by (?P<v>[A-Z][a-z]+)"
        ));
        assert!(by[0].contains(&"10 by ".to_string()), "{by:?}");
        assert!(by[0].contains(&"er by ".to_string()), "{by:?}");
        assert!(
            !by.iter().flatten().any(|w| w == " by " || w == "by"),
            "{by:?}"
        );
        // Cut to pairs of letters, a set says nothing: it is dropped.
        let months = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
        let cut = required_words(&format!("premiered on (?:\\d{{1,2}} (?:{months})|{year})"));
        assert!(cut[0].contains(&"premiered on 1".to_string()), "{cut:?}");
        assert!(!cut.iter().flatten().any(|w| w == "er"), "{cut:?}");
    }

    #[test]
    fn every_word_set_has_a_word_in_every_match() {
        let pair = "(?:aa|bb|cc|dd|ee|ff|gg|hh|ii|jj|kk|ll|mm|nn|oo|pp)";
        let cases = [
            // Exact items too many to join: the run starts again, and the
            // part is not exact any more.
            (format!("w(?P<g>q{pair}{pair}{pair}z)"), "wqaabbccz"),
            (
                format!("xx {pair}{pair}{pair}(?:a|b)? \\d+ yy"),
                "xx aabbcc 12 yy",
            ),
            (
                r"(?P<n>[A-Z][a-z]+), (?:an? )?(?P<age>\d{1,3})(?:-year-old|,)".into(),
                "Kathy, an 28-year-old",
            ),
            (
                r"(?i:at) (?:about )?(?:\d+|two|three) (?:hours?|minutes?)\b".into(),
                "At about two hours",
            ),
            // Edges cut short: a year, then "by".
            (
                r"(?:1[89]\d\d|20\d\d|May) by (?P<v>[A-Z][a-z]+)".into(),
                "released 1987 by Fox",
            ),
        ];
        for (pattern, text) in &cases {
            assert!(
                regex::Regex::new(pattern).unwrap().is_match(text),
                "{pattern}"
            );
            let lower = text.to_ascii_lowercase();
            for set in required_words(pattern) {
                assert!(
                    set.iter().any(|w| lower.contains(w.as_str())),
                    "{pattern}: {set:?}"
                );
            }
        }
    }

    #[test]
    fn a_rule_is_skipped_only_without_its_words() {
        let p = Prefilter::new(
            [
                "(?i:runs) (?P<v>\\d+)",
                "[A-Z][a-z]",
                "premiered at",
                "[A-Z]\\d",
            ]
            .into_iter(),
        );
        assert_eq!(p.candidates("It RUNS 103 minutes."), vec![0, 1, 3]);
        assert_eq!(p.candidates("It premiered at Venice."), vec![1, 2]);
        // The Kelvin sign folds to k in a case-insensitive pattern, and
        // `\d` matches digits beyond ASCII: no skip.
        assert_eq!(p.candidates("\u{212A}"), vec![0, 1, 2, 3]);
        assert_eq!(p.candidates("B\u{0663}"), vec![0, 1, 2, 3]);
        assert_eq!(p.unfiltered(), 1);
    }

    #[test]
    fn a_rule_searches_only_around_its_words() {
        // Names and spaces: a match stops at a comma or a line break.
        let p = Prefilter::new(["[A-Z][a-z]+ as [A-Z][a-z]+(?:[^A-Za-z]|$)"].into_iter());
        let text = "Intro, then more, Carey Mulligan as Kathy, and\nnothing else here";
        let lines = [
            LineSpan {
                start: 0,
                end: 46,
                read: true,
            },
            LineSpan {
                start: 47,
                end: text.len(),
                read: true,
            },
        ];
        let regions = p.regions(text, &lines);
        assert_eq!(regions.len(), 1);
        let (from, to) = regions[0].1[0];
        assert_eq!(regions[0].1.len(), 1);
        // From the comma before the names (less the pattern's short ends)
        // to one character past the comma after them.
        assert!(from <= text.find("Carey").unwrap(), "{from}");
        assert!(from >= text.find("then").unwrap(), "{from}");
        assert!(to > text.find("Kathy,").unwrap() + 6, "{to}");
        assert!(to < text.find("nothing").unwrap(), "{to}");
    }

    #[test]
    fn an_aside_in_brackets_is_told_by_its_brackets() {
        let hir = parse("(?:[ ]\\([^()\\n]{1,60}\\))?").unwrap();
        let (b, outside) = bracket_of(&hir).expect("an aside");
        assert_eq!((b.open, b.close), (b'(', b')'));
        // 60 characters of up to four bytes, and the brackets.
        assert_eq!(b.longest, 242);
        assert!(has(&b.inner, b',') && has(&b.inner, b'7') && !has(&b.inner, b'\n'));
        assert!(has(&outside, b' ') && !has(&outside, b'('));
        // Brackets that may hold a bracket, or none at all, are no aside.
        assert!(bracket_of(&parse("\\([^)]*\\)").unwrap()).is_none());
        assert!(bracket_of(&parse("[ ][a-z]+,").unwrap()).is_none());
    }

    #[test]
    fn a_window_passes_over_asides_not_over_stray_brackets() {
        // A name, an aside, a comma, a role: the aside's comma and digits
        // do not end the window; a bracket with no partner does.
        let p = Prefilter::new(
            ["[A-Z][a-z]+(?:[ ]\\([^()\\n]{1,60}\\))?, the (?:carer|donor)"].into_iter(),
        );
        let window = |text: &str| {
            let lines = [LineSpan {
                start: 0,
                end: text.len(),
                read: true,
            }];
            let regions = p.regions(text, &lines);
            assert_eq!(regions.len(), 1, "{text}");
            assert_eq!(regions[0].1.len(), 1, "{text}");
            regions[0].1[0]
        };
        let text = "Intro; then Kathy (a girl of 31, quiet), the carer, now; then some more words";
        let (from, to) = window(text);
        assert!(from <= text.find("Kathy").unwrap(), "{from}");
        assert!(from > text.find("Intro").unwrap(), "{from}");
        // Past the first barrier after the role but one, by the pattern's
        // short end (", the carer") at most.
        assert!(to < text.find("words").unwrap(), "{to}");
        let text = "Intro; then Ann 31) Kathy Holmes Brown, the carer";
        let (from, _) = window(text);
        assert!(from > text.find("31").unwrap(), "{from}");
    }
}
