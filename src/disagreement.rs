//! One disagreement, one finding.
//!
//! Reconciling goes fact slot by fact slot, and a claim may sit in two
//! slots: "Miss Emily is the headmistress" is in *who is the headmistress*
//! and in *the role of Miss Emily*. So one disagreement about who holds a
//! role showed up as several contradictions (who is the headmistress, who
//! is the gallery owner, the role of each character named) quoting the same
//! words. Here the contradictions of one film that share a claim become one
//! finding, with every side once, saying which facts it joins
//! ([`Finding::joins`]).
//!
//! The accuracy measure ([`crate::eval`]) scores the slot findings, as the
//! gold files list them; people and programs reading a report get the
//! joined ones.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::model::Property;
use crate::reconcile::{Finding, FindingValue, Quote, Verdict};

/// `findings` (of one film, in the report's order) with the contradictions
/// that share a claim joined into one, where the first of them stood.
pub fn join(findings: Vec<Finding>) -> Vec<Finding> {
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
        joins,
    }
}
