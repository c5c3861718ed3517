//! The figures: concord's claims, findings and fact-check labels set
//! against a gold file, counted as the reference scorer
//! (`tests/fixtures/dev/score.py`) counts them.
//!
//! - **Claims.** concord's claims are first made distinct by review,
//!   property, folded subject and folded value (the same words read by two
//!   rules count once). *Recall* is the share of the gold's required claims
//!   (all but `optional` ones) that some claim matches; *core recall* the
//!   same over the core properties. *Core precision* is the share of
//!   concord's core claims that some gold claim (optional ones too)
//!   supports, leaving out a part of a name the gold gives in full in that
//!   review ("Romanek" beside "Mark Romanek": neither right nor wrong).
//! - **Findings.** A gold finding is matched by the report's findings of
//!   its property whose subject matches and whose values include every gold
//!   value; a `flagged` one is right when one of them is a contradiction or
//!   a variant, a `consistent` one when there is one and all of them agree
//!   or are compatible, a `consistent-or-absent` one when none is flagged.
//!   A contradiction or variant that no `flagged` gold finding of its
//!   property and subject expects is an *unexpected flag*.
//! - **Labels.** A label is right when a checked claim of its property,
//!   value (and subject) gets it.
//!
//! A ratio over nothing is 0, as the scorer has it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Serialize, Serializer};

use super::gold::{FindingClass, Gold, GoldClaim, GoldFinding, GoldLabel};
use super::matching::{
    PERSON_PROPS, SUBJECT_KEYED, fold, qualifier_match, same_source, subject_match, value_match,
};
use crate::check::{CheckReport, Checked, Label};
use crate::model::{Claim, Property, ReviewClaims};
use crate::reconcile::{Finding, Verdict};

/// `hit` of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub hit: usize,
    pub total: usize,
}

impl Ratio {
    /// `hit / total`, 0 over nothing.
    pub fn value(self) -> f64 {
        self.hit as f64 / self.total.max(1) as f64
    }

    /// Counts one more, a hit or not.
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Ratio", 3)?;
        st.serialize_field("hit", &self.hit)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("value", &self.value())?;
        st.end()
    }
}

/// The claims' figures of one property.
#[derive(Debug, Clone, Serialize)]
pub struct PropertyScore {
    pub property: String,
    pub core: bool,
    /// Of the gold's required claims of this property.
    pub recall: Ratio,
    /// Of concord's claims of this property, when it is core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_precision: Option<Ratio>,
}

/// The claims' figures of one review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewScore {
    pub review: String,
    pub recall: Ratio,
    pub core_recall: Ratio,
    pub core_precision: Ratio,
}

/// How concord's claims compare with the gold's.
#[derive(Debug, Clone)]
pub struct ClaimScore<'a> {
    /// concord's claims, and how many are distinct.
    pub system_claims: usize,
    pub distinct: usize,
    pub recall: Ratio,
    pub core_recall: Ratio,
    pub core_precision: Ratio,
    pub by_property: Vec<PropertyScore>,
    pub by_review: Vec<ReviewScore>,
    /// Required gold claims no claim matches, in the gold's order.
    pub missed: Vec<&'a GoldClaim>,
    /// Core claims no gold claim supports, in the corpus's order.
    pub wrong: Vec<&'a Claim>,
    /// Gold `source`s that name no review of the corpus (each with the
    /// line of its first claim): their claims can only be missed.
    pub unknown_sources: Vec<(&'a str, usize)>,
}

/// Whether concord's claim `c` states the gold claim `g` (`matches()`).
fn matches(g: &GoldClaim, c: &Claim) -> bool {
    same_source(&g.source, &c.source)
        && g.property == c.property.as_str()
        && value_match(&g.value, &c.value.to_string(), &g.property)
        && (!SUBJECT_KEYED.contains(&g.property.as_str())
            || subject_match(g.subject.as_deref(), c.subject.as_deref()))
        && qualifier_match(g.qualifier.as_deref(), &c.qualifiers)
}

/// Whether `c` is a part of a name some gold claim of its review and
/// property gives in full (`partial_name()`).
fn partial_name(c: &Claim, golds: &[GoldClaim]) -> bool {
    if !PERSON_PROPS.contains(&c.property.as_str()) {
        return false;
    }
    let folded = fold(&c.value.to_string());
    let toks: BTreeSet<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    !toks.is_empty()
        && golds.iter().any(|g| {
            let gold = fold(&g.value);
            let gtoks: BTreeSet<&str> = gold.split(' ').filter(|w| !w.is_empty()).collect();
            same_source(&g.source, &c.source)
                && g.property == c.property.as_str()
                && toks.is_subset(&gtoks)
                && toks != gtoks
        })
}

/// The place of a property in the contract's order (unknown ones last).
fn property_rank(name: &str) -> usize {
    Property::parse(name).map_or(usize::MAX, |p| p as usize)
}

/// The figures of the property `name`, in the contract's order of
/// properties.
fn of_property<'m, 'a>(
    by: &'m mut BTreeMap<(usize, &'a str), PropertyScore>,
    name: &'a str,
    core: &BTreeSet<&str>,
) -> &'m mut PropertyScore {
    by.entry((property_rank(name), name))
        .or_insert_with(|| PropertyScore {
            property: name.to_string(),
            core: core.contains(name),
            recall: Ratio::default(),
            core_precision: core.contains(name).then(Ratio::default),
        })
}

/// Scores the claims of `reviews` (as `concord claims` gives them, in its
/// order) against `gold`.
pub fn claims<'a>(reviews: &'a [ReviewClaims], gold: &'a Gold) -> ClaimScore<'a> {
    let all: Vec<&Claim> = reviews.iter().flat_map(|r| &r.claims).collect();
    let mut seen = HashSet::new();
    let uniq: Vec<&Claim> = all
        .iter()
        .copied()
        .filter(|c| {
            seen.insert((
                c.source.clone(),
                c.property,
                fold(c.subject.as_deref().unwrap_or("")),
                fold(&c.value.to_string()),
            ))
        })
        .collect();
    let core: BTreeSet<&str> = gold.core.iter().map(String::as_str).collect();
    let is_core = |p: &str| core.contains(p);

    // Which required gold claims some claim states.
    let required: Vec<(&GoldClaim, bool)> = gold
        .claims
        .iter()
        .filter(|g| !g.optional)
        .map(|g| (g, uniq.iter().any(|c| matches(g, c))))
        .collect();
    // concord's core claims, each supported or not; a part of a name the
    // gold gives in full is left out unless supported.
    let judged: Vec<(&Claim, bool)> = uniq
        .iter()
        .copied()
        .filter(|c| is_core(c.property.as_str()))
        .map(|c| (c, gold.claims.iter().any(|g| matches(g, c))))
        .filter(|(c, good)| *good || !partial_name(c, &gold.claims))
        .collect();

    let mut recall = Ratio::default();
    let mut core_recall = Ratio::default();
    let mut by_property: BTreeMap<(usize, &str), PropertyScore> = BTreeMap::new();
    for &(g, hit) in &required {
        recall.add(hit);
        if is_core(&g.property) {
            core_recall.add(hit);
        }
        of_property(&mut by_property, &g.property, &core)
            .recall
            .add(hit);
    }
    let mut core_precision = Ratio::default();
    for &(c, good) in &judged {
        core_precision.add(good);
        if let Some(r) = of_property(&mut by_property, c.property.as_str(), &core)
            .core_precision
            .as_mut()
        {
            r.add(good);
        }
    }

    let by_review = reviews
        .iter()
        .map(|r| {
            let mut s = ReviewScore {
                review: r.source.clone(),
                recall: Ratio::default(),
                core_recall: Ratio::default(),
                core_precision: Ratio::default(),
            };
            for &(g, hit) in required
                .iter()
                .filter(|(g, _)| same_source(&g.source, &r.source))
            {
                s.recall.add(hit);
                if is_core(&g.property) {
                    s.core_recall.add(hit);
                }
            }
            for &(_, good) in judged.iter().filter(|(c, _)| *c.source == *r.source) {
                s.core_precision.add(good);
            }
            s
        })
        .collect();

    let mut unknown_sources: Vec<(&str, usize)> = Vec::new();
    for g in &gold.claims {
        let known = reviews.iter().any(|r| same_source(&g.source, &r.source));
        if !known && !unknown_sources.iter().any(|(s, _)| *s == g.source) {
            unknown_sources.push((&g.source, g.line));
        }
    }

    ClaimScore {
        system_claims: all.len(),
        distinct: uniq.len(),
        recall,
        core_recall,
        core_precision,
        by_property: by_property.into_values().collect(),
        by_review,
        missed: required
            .iter()
            .filter(|(_, hit)| !hit)
            .map(|(g, _)| *g)
            .collect(),
        wrong: judged
            .iter()
            .filter(|(_, good)| !good)
            .map(|(c, _)| *c)
            .collect(),
        unknown_sources,
    }
}

/// A contradiction or a variant.
fn flagged(v: Verdict) -> bool {
    matches!(v, Verdict::Contradiction | Verdict::Variant)
}

/// An agreement or compatible values.
fn consistent(v: Verdict) -> bool {
    matches!(v, Verdict::Agreement | Verdict::Compatible)
}

/// One gold finding and what the report says of it.
#[derive(Debug, Clone)]
pub struct FindingResult<'a> {
    pub gold: &'a GoldFinding,
    pub ok: bool,
    /// The report's findings of the gold's property, subject and values.
    pub matched: Vec<&'a Finding>,
    /// When none is: the findings of its property and subject, whatever
    /// their values (what concord said instead).
    pub related: Vec<&'a Finding>,
}

/// How the report's findings compare with the gold's.
#[derive(Debug, Clone)]
pub struct FindingScore<'a> {
    pub right: Ratio,
    pub results: Vec<FindingResult<'a>>,
    /// Contradictions and variants no `flagged` gold finding expects.
    pub unexpected: Vec<&'a Finding>,
}

/// Scores the report's `findings` against `gold`.
pub fn findings<'a>(findings: &'a [Finding], gold: &'a Gold) -> FindingScore<'a> {
    let about = |g: &GoldFinding, f: &Finding| {
        f.property.as_str() == g.property
            && (g.subject.is_none() || subject_match(g.subject.as_deref(), f.subject.as_deref()))
    };
    let mut right = Ratio::default();
    let results = gold
        .findings
        .iter()
        .map(|g| {
            let (matched, related): (Vec<&Finding>, Vec<&Finding>) =
                findings.iter().filter(|f| about(g, f)).partition(|f| {
                    g.values.iter().all(|gv| {
                        f.values
                            .iter()
                            .any(|sv| value_match(gv, &sv.value, &g.property))
                    })
                });
            let verdicts = || matched.iter().map(|f| f.verdict);
            let ok = match g.class {
                FindingClass::Flagged => verdicts().any(flagged),
                FindingClass::Consistent => !matched.is_empty() && verdicts().all(consistent),
                FindingClass::ConsistentOrAbsent => !verdicts().any(flagged),
            };
            right.add(ok);
            FindingResult {
                gold: g,
                ok,
                related: if matched.is_empty() {
                    related
                } else {
                    Vec::new()
                },
                matched,
            }
        })
        .collect();
    let unexpected = findings
        .iter()
        .filter(|f| flagged(f.verdict))
        .filter(|f| {
            !gold
                .findings
                .iter()
                .any(|g| g.class == FindingClass::Flagged && about(g, f))
        })
        .collect();
    FindingScore {
        right,
        results,
        unexpected,
    }
}

/// One gold label and the label concord gave.
#[derive(Debug, Clone)]
pub struct LabelResult<'a> {
    pub gold: &'a GoldLabel,
    /// The checked claim whose label counts: the first of the gold's
    /// fact with the gold's label, else the last of its fact.
    pub got: Option<&'a Checked>,
    pub ok: bool,
}

impl LabelResult<'_> {
    pub fn label(&self) -> Option<Label> {
        self.got.map(|c| c.label)
    }
}

/// The label `check` gives the gold label's fact.
pub fn label<'a>(gold: &'a GoldLabel, report: &'a CheckReport) -> LabelResult<'a> {
    let mut got = None;
    for it in &report.claims {
        let c = &it.claim;
        if c.property.as_str() != gold.property
            || !value_match(&gold.value, &c.value.to_string(), &gold.property)
        {
            continue;
        }
        if gold.subject.is_some() && !subject_match(gold.subject.as_deref(), c.subject.as_deref()) {
            continue;
        }
        got = Some(it);
        if it.label.as_str() == gold.label {
            break;
        }
    }
    LabelResult {
        gold,
        ok: got.is_some_and(|c| c.label.as_str() == gold.label),
        got,
    }
}
