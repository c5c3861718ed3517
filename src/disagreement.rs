//! One disagreement, one finding.
//!
//! Reconciling goes fact slot by fact slot, and a claim may sit in two
//! slots: "Miss Emily is the headmistress" is in *who is the headmistress*
//! and in *the role of Miss Emily*. So one disagreement about who holds a
//! role showed up as several contradictions (who is the headmistress, who
//! is the gallery owner, the role of each character named) quoting the same
//! words. Here the contradictions that share a claim are numbered as one
//! disagreement ([`mark`]: `Finding::disagreement`, in the JSON too), and
//! what people read (Markdown, the terminal, the page) shows each
//! disagreement as one finding with every side once ([`joined`]).
//!
//! The JSON keeps a finding per fact, as the contract and the reference
//! scorer read it (property, subject, values); the accuracy measure
//! ([`crate::eval`]) scores those.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::model::Property;
use crate::reconcile::{Finding, FindingValue, Quote, Verdict};
use crate::render::report::{FilmSummary, Report, Summary};

/// Numbers, from 1, each group of contradictions that share a claim
/// (`disagreement`); a contradiction that shares none keeps `None`.
pub fn mark(findings: &mut [Finding]) {
    let groups = groups(findings);
    for (n, members) in groups.values().filter(|g| g.len() > 1).enumerate() {
        for &i in members {
            findings[i].disagreement = Some(n + 1);
        }
    }
}

/// The report as people read it: each disagreement one finding, where the
/// first of its contradictions stood, and the counts recounted.
pub fn joined(report: &Report) -> Report {
    let findings = join(report.findings.clone());
    let recount = |s: &Summary, film: Option<&str>| {
        let of: Vec<Finding> = findings
            .iter()
            .filter(|f| film.is_none_or(|name| f.film.as_deref() == Some(name)))
            .cloned()
            .collect();
        Summary::of(s.reviews, s.claims, s.comment_claims, &of)
    };
    Report {
        sources: report.sources.clone(),
        summary: recount(&report.summary, None),
        films: report
            .films
            .iter()
            .map(|f| FilmSummary {
                film: f.film.clone(),
                sources: f.sources.clone(),
                summary: recount(&f.summary, Some(&f.film)),
            })
            .collect(),
        findings,
    }
}

/// The contradictions of `findings` grouped by shared claims (indices,
/// by the first of each group).
fn groups(findings: &[Finding]) -> BTreeMap<usize, Vec<usize>> {
    let claims_of = |f: &Finding| -> BTreeSet<Arc<str>> {
        f.values
            .iter()
            .flat_map(|v| v.claims.iter().cloned())
            .collect()
    };
    // Union-find over the contradictions, by shared claims.
    let contradictions: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].verdict == Verdict::Contradiction)
        .collect();
    let mut parent: Vec<usize> = (0..findings.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: BTreeMap<Arc<str>, usize> = BTreeMap::new();
    for &i in &contradictions {
        for c in claims_of(&findings[i]) {
            match owner.get(&c) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    owner.insert(c, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &contradictions {
        groups.entry(root(&mut parent, i)).or_default().push(i);
    }
    groups
}

/// `findings` with the contradictions that share a claim joined into one,
/// where the first of them stood.
fn join(findings: Vec<Finding>) -> Vec<Finding> {
    let groups = groups(&findings);
    if groups.values().all(|g| g.len() == 1) {
        return findings;
    }
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let mut joined: BTreeMap<usize, Finding> = BTreeMap::new();
    for (first, members) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        let parts: Vec<Finding> = members.iter().filter_map(|&i| slots[i].take()).collect();
        joined.insert(first, one(parts));
    }
    slots
        .into_iter()
        .enumerate()
        .filter_map(|(i, f)| f.or_else(|| joined.remove(&i)))
        .collect()
}

/// What one claim says, in a side's words: "Miss Emily is the
/// headmistress" (from the slot of who holds the role), "setting of
/// Hailsham: England" (any other).
fn side_of(f: &Finding, v: &FindingValue) -> String {
    match (f.qualifiers.get("role"), &f.subject) {
        (Some(role), None) => format!("{} is the {role}", v.entity.as_ref().unwrap_or(&v.value)),
        (_, Some(subject)) if f.property == Property::Role => {
            format!("{subject} is the {}", v.value)
        }
        _ => format!(
            "{}: {}",
            crate::render::report::fact(f),
            v.entity.as_ref().unwrap_or(&v.value)
        ),
    }
}

/// The contradictions `parts`, which share claims, as one finding.
fn one(parts: Vec<Finding>) -> Finding {
    let joins: Vec<String> = parts.iter().map(crate::render::report::fact).collect();
    // Each claim once, under the words of the first finding that has it;
    // the slots of who holds a role first, as they name both the person
    // and the role.
    let mut order: Vec<&Finding> = parts.iter().collect();
    order.sort_by_key(|f| !(f.qualifiers.contains_key("role") && f.subject.is_none()));
    let mut seen: BTreeSet<Arc<str>> = BTreeSet::new();
    let mut sides: BTreeMap<String, FindingValue> = BTreeMap::new();
    for f in &order {
        for v in &f.values {
            for q in &v.quotes {
                if !seen.insert(q.claim.clone()) {
                    continue;
                }
                let words = side_of(f, v);
                let side = sides.entry(words.clone()).or_insert_with(|| FindingValue {
                    value: words,
                    sources: Vec::new(),
                    claims: Vec::new(),
                    entity: None,
                    quotes: Vec::new(),
                });
                if !side.sources.contains(&q.source) {
                    side.sources.push(q.source.clone());
                }
                side.claims.push(q.claim.clone());
                side.quotes.push(Quote {
                    value: side.value.clone(),
                    ..q.clone()
                });
            }
        }
    }
    let mut values: Vec<FindingValue> = sides.into_values().collect();
    for v in &mut values {
        v.sources.sort();
    }
    values.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(a.value.cmp(&b.value))
    });
    let property = parts[0].property;
    let roles = parts.iter().all(|f| f.property == Property::Role);
    let seen_in = format!("one disagreement, seen in: {}", joins.join(", "));
    let explanation = if roles {
        format!("the reviews disagree on who holds which role; {seen_in}")
    } else {
        format!("the reviews disagree; {seen_in}")
    };
    Finding {
        film: parts[0].film.clone(),
        verdict: Verdict::Contradiction,
        property,
        subject: None,
        qualifiers: BTreeMap::new(),
        values,
        explanation,
        disagreement: parts[0].disagreement,
        joins,
    }
}
