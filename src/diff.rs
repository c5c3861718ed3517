//! What a rule change moves: the same reviews read with an old and a new
//! rule set, and the difference in claims, then in findings.
//!
//! Claims are paired per review, never by id (ids count claims in reading
//! order, so one claim gained renumbers every later one):
//!
//! 1. a claim both runs make alike (span, property, subject, value,
//!    qualifiers and rule) did not move;
//! 2. of the rest, an old and a new claim whose spans overlap and that share
//!    their rule, or else their property, are one claim *changed* (a value
//!    read differently, a qualifier added, a wider quote, another rule);
//! 3. what is left is *lost* (old only) or *gained* (new only).
//!
//! Findings are paired by their fact (property, subject, qualifiers, and the
//! member of a multi-valued property), else by a quote they share; a pair
//! whose verdict or support differs has moved, and an unpaired finding
//! appeared or disappeared. Everything is sorted, so the same two rule sets
//! always give the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Claim, ReviewClaims};
use crate::reconcile::{Finding, Verdict};
use crate::render::report::Report;

/// One rule set of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// Where the rules came from: a folder, `REV:rules/`, or `built-in`.
    pub rules: String,
    pub files: usize,
    pub rule_count: usize,
    /// The claims this rule set reads from the reviews.
    pub claims: usize,
}

/// One claim read differently by the two rule sets.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedClaim {
    pub old: Claim,
    pub new: Claim,
    /// What differs: `property`, `subject`, `value`, `qualifiers`, `span`,
    /// `rule`.
    pub changed: Vec<&'static str>,
}

/// How a finding moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Only the new rules give this finding.
    Appeared,
    /// Only the old rules gave it.
    Disappeared,
    /// Both give it, with another verdict.
    Verdict,
    /// Same verdict, but other values or other reviews behind them.
    Support,
}

/// One value of a finding and the reviews that state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Support {
    pub value: String,
    pub sources: Vec<Arc<str>>,
}

/// A finding as one side gives it, without claim ids.
#[derive(Debug, Clone, Serialize)]
pub struct FindingSide {
    pub verdict: Verdict,
    pub values: Vec<Support>,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingChange {
    pub change: Movement,
    /// What the finding is about, as the report heads it: "cast of Kathy".
    pub fact: String,
    pub property: crate::model::Property,
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub qualifiers: BTreeMap<String, String>,
    pub old: Option<FindingSide>,
    pub new: Option<FindingSide>,
}

/// Everything a rule change moves over a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct RuleDiff {
    pub old: Side,
    pub new: Side,
    pub sources: Vec<String>,
    pub gained: Vec<Claim>,
    pub lost: Vec<Claim>,
    pub changed: Vec<ChangedClaim>,
    pub findings: Vec<FindingChange>,
}

impl RuleDiff {
    /// Whether the two rule sets read these reviews alike.
    pub fn is_empty(&self) -> bool {
        self.gained.is_empty()
            && self.lost.is_empty()
            && self.changed.is_empty()
            && self.findings.is_empty()
    }
}

/// A sort key of a claim that does not use its id.
fn claim_order(c: &Claim) -> impl Ord + '_ {
    (
        &c.source,
        c.span,
        c.property,
        &c.subject,
        &c.value,
        &c.qualifiers,
        &c.rule,
    )
}

fn same(a: &Claim, b: &Claim) -> bool {
    claim_order(a) == claim_order(b)
}

fn overlap(a: &Claim, b: &Claim) -> usize {
    let start = a.span.start.max(b.span.start);
    let end = a.span.end.min(b.span.end);
    end.saturating_sub(start)
}

fn differences(a: &Claim, b: &Claim) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.property != b.property {
        out.push("property");
    }
    if a.subject != b.subject {
        out.push("subject");
    }
    if a.value != b.value {
        out.push("value");
    }
    if a.qualifiers != b.qualifiers {
        out.push("qualifiers");
    }
    if a.span != b.span {
        out.push("span");
    }
    if a.rule != b.rule {
        out.push("rule");
    }
    out
}

/// Pairs the claims of one review (see the module doc).
fn pair_claims<'a>(
    old: &[&'a Claim],
    new: &[&'a Claim],
    diff: &mut (Vec<Claim>, Vec<Claim>, Vec<ChangedClaim>),
) {
    let mut new_left: Vec<Option<&Claim>> = new.iter().copied().map(Some).collect();
    let mut old_left: Vec<&Claim> = Vec::new();
    for &o in old {
        match new_left.iter_mut().find(|n| n.is_some_and(|n| same(o, n))) {
            Some(slot) => *slot = None,
            None => old_left.push(o),
        }
    }
    for o in old_left {
        // The best partner: the same rule before the same property, then
        // the widest overlap, then reading order.
        let best = new_left
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.map(|n| (i, n)))
            .filter(|(_, n)| overlap(o, n) > 0 && (n.rule == o.rule || n.property == o.property))
            .min_by_key(|(i, n)| (n.rule != o.rule, std::cmp::Reverse(overlap(o, n)), *i));
        match best {
            Some((i, n)) => {
                new_left[i] = None;
                diff.2.push(ChangedClaim {
                    old: o.clone(),
                    new: n.clone(),
                    changed: differences(o, n),
                });
            }
            None => diff.1.push(o.clone()),
        }
    }
    diff.0.extend(new_left.into_iter().flatten().cloned());
}

/// The member of a multi-valued property's finding, which is part of what
/// the finding is about.
fn member(f: &Finding) -> Option<String> {
    if f.property.is_single_valued() {
        return None;
    }
    f.values
        .first()
        .map(|v| v.entity.clone().unwrap_or_else(|| v.value.clone()))
}

type FactKey = (
    crate::model::Property,
    Option<String>,
    BTreeMap<String, String>,
    Option<String>,
);

fn fact_key(f: &Finding) -> FactKey {
    (
        f.property,
        f.subject.clone(),
        f.qualifiers.clone(),
        member(f),
    )
}

fn quotes(f: &Finding) -> BTreeSet<(&str, usize, &str)> {
    f.values
        .iter()
        .flat_map(|v| &v.quotes)
        .map(|q| (&*q.source, q.line, &*q.text))
        .collect()
}

fn side(f: &Finding) -> FindingSide {
    FindingSide {
        verdict: f.verdict,
        values: f
            .values
            .iter()
            .map(|v| Support {
                value: v.value.clone(),
                sources: v.sources.clone(),
            })
            .collect(),
        explanation: f.explanation.clone(),
    }
}

fn change(movement: Movement, old: Option<&Finding>, new: Option<&Finding>) -> FindingChange {
    let f = new.or(old).expect("a change has a side");
    FindingChange {
        change: movement,
        fact: crate::render::report::fact(f),
        property: f.property,
        subject: f.subject.clone(),
        qualifiers: f.qualifiers.clone(),
        old: old.map(side),
        new: new.map(side),
    }
}

/// Pairs the findings of the two reports and keeps those that moved.
fn pair_findings(old: &[Finding], new: &[Finding]) -> Vec<FindingChange> {
    let mut new_left: Vec<Option<&Finding>> = new.iter().map(Some).collect();
    // The new findings by fact, each fact's in report order, so pairing is
    // a look-up, not a scan, on large corpora.
    let mut by_fact: BTreeMap<FactKey, std::collections::VecDeque<usize>> = BTreeMap::new();
    for (i, n) in new.iter().enumerate() {
        by_fact.entry(fact_key(n)).or_default().push_back(i);
    }
    let mut pairs: Vec<(&Finding, &Finding)> = Vec::new();
    let mut old_left: Vec<&Finding> = Vec::new();
    for o in old {
        match by_fact.get_mut(&fact_key(o)).and_then(|q| q.pop_front()) {
            Some(i) => pairs.push((o, new_left[i].take().expect("each index once"))),
            None => old_left.push(o),
        }
    }
    let mut gone: Vec<&Finding> = Vec::new();
    for o in old_left {
        let said = quotes(o);
        let partner = new_left
            .iter_mut()
            .find(|n| n.is_some_and(|n| n.property == o.property && !quotes(n).is_disjoint(&said)));
        match partner {
            Some(slot) => pairs.push((o, slot.take().expect("found as some"))),
            None => gone.push(o),
        }
    }
    let mut out: Vec<FindingChange> = Vec::new();
    for (o, n) in pairs {
        if o.verdict != n.verdict {
            out.push(change(Movement::Verdict, Some(o), Some(n)));
        } else if side(o).values != side(n).values {
            out.push(change(Movement::Support, Some(o), Some(n)));
        }
    }
    out.extend(
        gone.into_iter()
            .map(|o| change(Movement::Disappeared, Some(o), None)),
    );
    out.extend(
        new_left
            .into_iter()
            .flatten()
            .map(|n| change(Movement::Appeared, None, Some(n))),
    );
    out.sort_by(|a, b| {
        (a.property, &a.subject, &a.qualifiers, &a.fact, a.change).cmp(&(
            b.property,
            &b.subject,
            &b.qualifiers,
            &b.fact,
            b.change,
        ))
    });
    out
}

/// The difference between the same reviews read with two rule sets, and
/// the reports of each.
pub fn compare(
    old: (Side, &[ReviewClaims], &Report),
    new: (Side, &[ReviewClaims], &Report),
) -> RuleDiff {
    let mut by_source: BTreeMap<&str, (Vec<&Claim>, Vec<&Claim>)> = BTreeMap::new();
    for r in old.1 {
        by_source.entry(&r.source).or_default().0.extend(&r.claims);
    }
    for r in new.1 {
        by_source.entry(&r.source).or_default().1.extend(&r.claims);
    }
    let mut moved = (Vec::new(), Vec::new(), Vec::new());
    for (o, n) in by_source.values() {
        pair_claims(o, n, &mut moved);
    }
    let (mut gained, mut lost, mut changed) = moved;
    gained.sort_by(|a, b| claim_order(a).cmp(&claim_order(b)));
    lost.sort_by(|a, b| claim_order(a).cmp(&claim_order(b)));
    changed.sort_by(|a, b| {
        (claim_order(&a.old), claim_order(&a.new)).cmp(&(claim_order(&b.old), claim_order(&b.new)))
    });
    let sources: BTreeSet<String> = old
        .1
        .iter()
        .chain(new.1)
        .map(|r| r.source.clone())
        .collect();
    RuleDiff {
        findings: pair_findings(&old.2.findings, &new.2.findings),
        old: old.0,
        new: new.0,
        sources: sources.into_iter().collect(),
        gained,
        lost,
        changed,
    }
}
