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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Alternatives of a literal set or of an exact node beyond which the
/// analysis gives up on that node (the set would cost more than it saves).
const MAX_ALTERNATIVES: usize = 256;
/// How many literal sets one rule keeps: the most selective ones.
const SETS_PER_RULE: usize = 3;
/// Words shorter than this are too common to say much ("by", "as"); a rule
/// uses them only when it has no longer ones.
const MIN_WORD: usize = 3;
const MIN_SHORT_WORD: usize = 2;

/// What a node of the pattern says about the text it matches.
#[derive(Debug, Default, Clone)]
struct Info {
    /// The node matches exactly one of these strings (lower case), when
    /// they are few.
    exact: Option<Vec<String>>,
    /// Sets of words: every match of the node holds one word of each.
    required: Vec<Vec<String>>,
}

fn cross(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_ALTERNATIVES {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
            .collect(),
    )
}

/// The one lower-case ASCII character a class matches, up to ASCII case
/// (and the Kelvin sign and long s, which a review holding them bypasses).
fn class_char(class: &Class) -> Option<char> {
    let mut chars = Vec::new();
    match class {
        Class::Unicode(u) => {
            for r in u.iter() {
                if (r.end() as u32) - (r.start() as u32) > 4 {
                    return None;
                }
                for c in r.start()..=r.end() {
                    chars.push(c);
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.iter() {
                if r.end() - r.start() > 4 {
                    return None;
                }
                for c in r.start()..=r.end() {
                    chars.push(c as char);
                }
            }
        }
    }
    let mut folded = chars
        .into_iter()
        .filter(|&c| c != '\u{212A}' && c != '\u{17F}')
        .map(|c| c.to_ascii_lowercase());
    let first = folded.next()?;
    (first.is_ascii() && folded.all(|c| c == first)).then_some(first)
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
    let all = set.clone();
    set.retain(|w| !all.iter().any(|v| v != w && w.contains(v.as_str())));
}

fn analyze(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info {
            exact: Some(vec![String::new()]),
            required: vec![],
        },
        HirKind::Literal(lit) => Info {
            exact: std::str::from_utf8(&lit.0)
                .ok()
                .map(|s| vec![s.to_ascii_lowercase()]),
            required: vec![],
        },
        HirKind::Class(c) => Info {
            exact: class_char(c).map(|c| vec![c.to_string()]),
            required: vec![],
        },
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
                return Info {
                    exact,
                    required: vec![],
                };
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
            Info { exact, required }
        }
        HirKind::Concat(subs) => {
            let mut required = Vec::new();
            let mut run = Some(vec![String::new()]);
            let mut all_exact = true;
            for sub in subs {
                let info = analyze(sub);
                required.extend(info.required);
                match (info.exact, &run) {
                    (Some(e), Some(r)) => match cross(r, &e) {
                        Some(next) => run = Some(next),
                        None => {
                            all_exact = false;
                            required.push(r.clone());
                            run = Some(e);
                        }
                    },
                    (Some(e), None) => run = Some(e),
                    (None, _) => {
                        all_exact = false;
                        if let Some(r) = run.take() {
                            required.push(r);
                        }
                    }
                }
            }
            let exact = if all_exact { run.clone() } else { None };
            if let Some(r) = run {
                required.push(r);
            }
            Info { exact, required }
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
                return Info {
                    exact,
                    required: vec![],
                };
            }
            // One necessary set per branch; together they are necessary for
            // the alternation.
            let mut union = Vec::new();
            for info in infos {
                let mut sets = info.required;
                if let Some(e) = info.exact {
                    sets.push(e);
                }
                match sets
                    .into_iter()
                    .filter(|s| valid(s))
                    .min_by_key(|s| quality(s))
                {
                    Some(best) => union.extend(best),
                    None => {
                        return Info {
                            exact,
                            required: vec![],
                        };
                    }
                }
            }
            Info {
                exact,
                required: if union.len() <= MAX_ALTERNATIVES {
                    vec![union]
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
        Ok(hir) => words_of(&hir),
        Err(_) => Vec::new(),
    }
}

fn words_of(hir: &Hir) -> Vec<Vec<String>> {
    let info = analyze(hir);
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
    if useful.is_empty() {
        // A rule with only short words ("dp", " (") still gains from them:
        // they tell which lines to search. Not ", " or ". ", which every
        // line holds: they would cost a hit each and skip nothing.
        useful = sets
            .into_iter()
            .filter(|s| {
                s.iter().all(|w| {
                    w.len() >= MIN_SHORT_WORD && !w.chars().all(|c| matches!(c, ' ' | ',' | '.'))
                })
            })
            .take(1)
            .collect();
    }
    for set in &mut useful {
        prune(set);
    }
    useful
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

/// What the prefilter knows of one rule.
#[derive(Debug, Clone)]
struct Plan {
    /// Its word sets, as word ids; empty: the rule always runs.
    sets: Vec<Vec<usize>>,
    /// How many line breaks a match can span, when matches are bounded:
    /// then the rule only searches the lines around its words. `None` for
    /// a pattern whose matches are unbounded, may be empty or use `$` (the
    /// end of a stretch of lines is not the end of the text).
    lines: Option<usize>,
}

/// A line of the review, for [`Prefilter::regions`]: its folded byte range
/// and whether claims may come from it.
#[derive(Debug, Clone, Copy)]
pub struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub read: bool,
}

/// The words of every rule, compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    plans: Vec<Plan>,
    words: usize,
}

impl Prefilter {
    pub fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> Prefilter {
        let mut words: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let plans: Vec<Plan> = patterns
            .map(|p| {
                // One parse serves the line bound and the words.
                let hir = regex_syntax::ParserBuilder::new().build().parse(p).ok();
                let lines = hir.as_ref().and_then(|h| {
                    let props = h.properties();
                    if props.minimum_len().is_none_or(|n| n == 0)
                        || props.look_set().contains(Look::End)
                    {
                        return None;
                    }
                    max_newlines(h)
                });
                let sets = hir
                    .as_ref()
                    .map(words_of)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|set| {
                        set.into_iter()
                            .map(|w| {
                                *index.entry(w.clone()).or_insert_with(|| {
                                    words.push(w);
                                    words.len() - 1
                                })
                            })
                            .collect()
                    })
                    .collect();
                Plan { sets, lines }
            })
            .collect();
        // A full DFA: a few hundred kilobytes for the rules' words, and the
        // fastest way to report every (overlapping) occurrence.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        Prefilter {
            plans,
            words: words.len(),
            automaton,
        }
    }

    /// A prefilter that lets every rule search the whole text: the
    /// reference the real one must agree with.
    pub fn none(rules: usize) -> Prefilter {
        Prefilter {
            automaton: None,
            plans: vec![
                Plan {
                    sets: vec![],
                    lines: None,
                };
                rules
            ],
            words: 0,
        }
    }

    /// The rules that may match `text`, in order, each with the folded
    /// byte ranges it needs to search: the whole text, or the stretches of
    /// lines around its words. Searching a range `(start, end)` means
    /// searching `&text[..end]` from `start`, so that what comes before
    /// still counts for `\b` and `^`.
    ///
    /// Why a range is enough: a match holds a word of each of its rule's
    /// sets, and spans at most `n` line breaks, so it lies within `n` lines
    /// of a line holding a word of the first set. The ranges are those
    /// windows, merged; a match found in one is the match the whole text
    /// gives, since the text past a range's end cannot take part in it.
    pub fn regions(&self, text: &str, lines: &[LineSpan]) -> Vec<(usize, Vec<(usize, usize)>)> {
        let whole = vec![(0, text.len())];
        let (Some(ac), false) = (&self.automaton, text.contains(['\u{212A}', '\u{17F}'])) else {
            return (0..self.plans.len()).map(|i| (i, whole.clone())).collect();
        };
        // Which words each line holds, and the text as a whole.
        let stride = self.words.div_ceil(64).max(1);
        let mut per_line = vec![0u64; stride * lines.len().max(1)];
        let mut seen = vec![0u64; stride];
        for m in ac.find_overlapping_iter(text) {
            let w = m.pattern().as_usize();
            seen[w / 64] |= 1 << (w % 64);
            // Overlapping matches come in the order they end, not start.
            let line = lines
                .partition_point(|l| l.end < m.start())
                .min(lines.len().saturating_sub(1));
            per_line[line * stride + w / 64] |= 1 << (w % 64);
        }
        let has = |bits: &[u64], w: usize| bits[w / 64] & (1 << (w % 64)) != 0;
        let mut out = Vec::new();
        for (i, plan) in self.plans.iter().enumerate() {
            if !plan
                .sets
                .iter()
                .all(|set| set.iter().any(|&w| has(&seen, w)))
            {
                continue;
            }
            let (Some(span), Some(first)) = (plan.lines, plan.sets.first()) else {
                out.push((i, whole.clone()));
                continue;
            };
            let mut ranges: Vec<(usize, usize)> = Vec::new();
            for (l, ls) in lines.iter().enumerate() {
                let bits = &per_line[l * stride..(l + 1) * stride];
                let hit = if span == 0 {
                    // One line holds the whole match, so all its words,
                    // and it must be a line claims come from.
                    ls.read
                        && plan
                            .sets
                            .iter()
                            .all(|set| set.iter().any(|&w| has(bits, w)))
                } else {
                    first.iter().any(|&w| has(bits, w))
                };
                if !hit {
                    continue;
                }
                let from = lines[l.saturating_sub(span)].start;
                let to = lines[(l + span).min(lines.len() - 1)].end;
                match ranges.last_mut() {
                    Some(last) if from <= last.1 + 1 => last.1 = last.1.max(to),
                    _ => ranges.push((from, to)),
                }
            }
            if !ranges.is_empty() {
                out.push((i, ranges));
            }
        }
        out
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

    /// How many rules always run because no word of theirs could be named.
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
    fn words_a_match_cannot_do_without() {
        let runs = required_words(r"\b(?i:runs|lasts)[ ](?:(?i:for|at)[ ])?(?P<value>\d+) minutes");
        assert!(
            runs.starts_with(&[
                vec![" minutes".to_string()],
                vec!["lasts ".into(), "runs ".into()]
            ]),
            "{runs:?}"
        );
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
    fn a_rule_is_skipped_only_without_its_words() {
        let p = Prefilter::new(["(?i:runs) (?P<v>\\d+)", "[A-Z]\\d", "premiered at"].into_iter());
        assert_eq!(p.candidates("It RUNS 103 minutes."), vec![0, 1]);
        assert_eq!(p.candidates("It premiered at Venice."), vec![1, 2]);
        // The Kelvin sign folds to k in a case-insensitive pattern: no skip.
        assert_eq!(p.candidates("\u{212A}"), vec![0, 1, 2]);
        assert_eq!(p.unfiltered(), 1);
    }
}
