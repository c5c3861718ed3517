//! The fact × review grid of a report: what each review says on each fact
//! slot, and how that sits with the other reviews.
//!
//! A finding knows its values and, for each, the reviews that give it; the
//! grid turns that around, one cell per finding and review. The cell's
//! [`Mark`] follows from the finding's verdict and from which side the
//! review is on:
//!
//! - **silent**: the review says nothing on this fact;
//! - **alone**: the review is the only one to state it (verdict `single`);
//! - **agrees**: the review gives the value the others give: every review
//!   of an `agreement`; in a `variant`, the reviews that write the majority
//!   spelling or a short form of it ("Knightley" for "Keira Knightley"); in
//!   a `contradiction`, the reviews on the side most reviews take;
//! - **compatible**: the values differ but can all be true (a year and a
//!   full date);
//! - **variant**: the review writes the referent another way than the
//!   majority, or no spelling has a majority (one each way);
//! - **contradicts**: the review gives a value that cannot be true with the
//!   majority's, or there is no majority to side with.
//!
//! A majority is strict: more reviews than any other value. A review that
//! gives two sides of a contradiction contradicts (itself, at least).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::reconcile::{Finding, Verdict};
use crate::render::report::Report;
use crate::resolve::Resolution;
use crate::rules::Lexicon;

/// How one review stands on one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    Contradicts,
    Variant,
    Compatible,
    Agrees,
    Alone,
    Silent,
}

impl Mark {
    pub const ALL: [Mark; 6] = [
        Mark::Agrees,
        Mark::Compatible,
        Mark::Variant,
        Mark::Contradicts,
        Mark::Alone,
        Mark::Silent,
    ];

    /// The word for it, also its CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Contradicts => "contradicts",
            Mark::Variant => "variant",
            Mark::Compatible => "compatible",
            Mark::Agrees => "agrees",
            Mark::Alone => "alone",
            Mark::Silent => "silent",
        }
    }

    /// The icon beside the colour, so colour is never the only signal.
    pub fn icon(self) -> &'static str {
        match self {
            Mark::Contradicts => "✗",
            Mark::Variant => "~",
            Mark::Compatible => "≈",
            Mark::Agrees => "✓",
            Mark::Alone => "•",
            Mark::Silent => "·",
        }
    }

    /// What the mark means, in a few words, for the legend.
    pub fn meaning(self) -> &'static str {
        match self {
            Mark::Agrees => "gives the value the others give (or the majority's)",
            Mark::Compatible => "another value that can also be true",
            Mark::Variant => "writes the name unlike the majority",
            Mark::Contradicts => "a value that cannot be true with the majority's",
            Mark::Alone => "the only review that states it",
            Mark::Silent => "says nothing on it",
        }
    }
}

/// What one review says on one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub mark: Mark,
    /// The values the review gives, as it writes them, in the finding's
    /// order; empty when silent.
    pub values: Vec<String>,
    /// The review's first claim on this fact, to link to its words.
    pub claim: Option<std::sync::Arc<str>>,
    /// One sentence on why the cell has its mark.
    pub note: String,
}

/// One fact slot: the finding (by index in the report) and a cell per
/// review, in the report's source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub finding: usize,
    pub cells: Vec<Cell>,
}

/// The grid of `report`, a row per finding in the report's order.
pub fn grid(report: &Report, lexicon: &Lexicon) -> Vec<Row> {
    report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let fact = Fact::new(f);
            Row {
                finding: i,
                cells: report
                    .sources
                    .iter()
                    .map(|s| cell(&fact, s, lexicon))
                    .collect(),
            }
        })
        .collect()
}

/// What every cell of a finding's row needs, worked out once a row: a
/// cell then costs what its own review gives, not what the whole finding
/// holds (a row of 10,000 reviews would otherwise cost 10,000 squared).
struct Fact<'a> {
    finding: &'a Finding,
    /// Every review that gives a value.
    total: BTreeSet<&'a str>,
    /// The values each review gives (indices into `values`, ascending), and
    /// its first claim on the fact.
    by_source: HashMap<&'a str, (Vec<usize>, Option<&'a Arc<str>>)>,
    /// The majority spelling (variants) or side (contradictions).
    majority: Option<(&'a str, usize)>,
}

impl<'a> Fact<'a> {
    fn new(f: &'a Finding) -> Fact<'a> {
        let mut by_source: HashMap<&str, (Vec<usize>, Option<&Arc<str>>)> = HashMap::new();
        for (i, v) in f.values.iter().enumerate() {
            for s in &v.sources {
                let given = &mut by_source.entry(&**s).or_default().0;
                if given.last() != Some(&i) {
                    given.push(i);
                }
            }
        }
        // A review's first claim: the first quote of its own, in the
        // order of the values it gives.
        for (i, v) in f.values.iter().enumerate() {
            for q in &v.quotes {
                if let Some((given, claim)) = by_source.get_mut(&*q.source)
                    && claim.is_none()
                    && given.contains(&i)
                {
                    *claim = Some(&q.claim);
                }
            }
        }
        let total = by_source.keys().copied().collect();
        let majority = match f.verdict {
            Verdict::Variant => majority(f, |i| f.values[i].value.as_str()),
            Verdict::Contradiction => majority(f, |i| side(f, i)),
            _ => None,
        };
        Fact {
            finding: f,
            total,
            by_source,
            majority,
        }
    }
}

/// The side of a contradiction value `i` is on: its person, or its value.
fn side(f: &Finding, i: usize) -> &str {
    f.values[i]
        .entity
        .as_deref()
        .unwrap_or(f.values[i].value.as_str())
}

/// The value (or person) most reviews give, if more give it than any
/// other, with how many do; `key` says which values count as one.
fn majority<'a>(f: &'a Finding, key: impl Fn(usize) -> &'a str) -> Option<(&'a str, usize)> {
    let mut sources: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, v) in f.values.iter().enumerate() {
        sources
            .entry(key(i))
            .or_default()
            .extend(v.sources.iter().map(|s| &**s));
    }
    let mut counted: Vec<(&str, usize)> = sources.into_iter().map(|(k, s)| (k, s.len())).collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match counted.as_slice() {
        [(k, n)] => Some((k, *n)),
        [(k, n), (_, m), ..] if n > m => Some((k, *n)),
        _ => None,
    }
}

fn reviews(n: usize) -> String {
    if n == 1 {
        "1 review".into()
    } else {
        format!("{n} reviews")
    }
}

fn cell(fact: &Fact, source: &str, lexicon: &Lexicon) -> Cell {
    let f = fact.finding;
    let (given, claim) = match fact.by_source.get(source) {
        Some((given, claim)) => (given.as_slice(), claim.cloned()),
        None => (&[][..], None),
    };
    let mut values: Vec<String> = Vec::new();
    for &i in given {
        if !values.contains(&f.values[i].value) {
            values.push(f.values[i].value.clone());
        }
    }
    let total = &fact.total;
    let (mark, note) = if given.is_empty() {
        (Mark::Silent, "says nothing on this fact".to_string())
    } else {
        match f.verdict {
            Verdict::Single => (Mark::Alone, "the only review that states it".to_string()),
            Verdict::Agreement => (
                Mark::Agrees,
                format!("{} give this value", reviews(total.len())),
            ),
            Verdict::Compatible => (
                Mark::Compatible,
                "a different value that can be true with the others".to_string(),
            ),
            Verdict::Variant => match fact.majority {
                Some((most, n))
                    if values.iter().any(|v| v == most)
                        || values
                            .iter()
                            .all(|v| Resolution::is_short_form(v, most, lexicon)) =>
                {
                    (
                        Mark::Agrees,
                        format!(
                            "writes the majority spelling \"{most}\" ({} of {}) or a short form of it",
                            n,
                            total.len()
                        ),
                    )
                }
                Some((most, n)) => (
                    Mark::Variant,
                    format!(
                        "writes it another way; {} of {} write \"{most}\"",
                        n,
                        total.len()
                    ),
                ),
                None => (
                    Mark::Variant,
                    "one of several spellings; none has a majority".to_string(),
                ),
            },
            Verdict::Contradiction => match fact.majority {
                Some((most, n)) if given.iter().all(|&i| side(f, i) == most) => (
                    Mark::Agrees,
                    format!(
                        "sides with the majority: {} of {} give {most}",
                        n,
                        total.len()
                    ),
                ),
                Some((most, n)) => (
                    Mark::Contradicts,
                    format!("against the majority: {} of {} give {most}", n, total.len()),
                ),
                None => (
                    Mark::Contradicts,
                    "the reviews split evenly; no value has a majority".to_string(),
                ),
            },
        }
    };
    Cell {
        mark,
        values,
        claim,
        note,
    }
}
