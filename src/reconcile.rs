//! From linked claims to findings: for each fact slot, a verdict and the
//! reasons for it.
//!
//! - `agreement`: two or more sources state the same value (a surname alone
//!   for the full name counts as the same value);
//! - `compatible`: the values differ but can all be true (2010 and
//!   2010-10-15; "twenties" and "early twenties");
//! - `variant`: one referent written two ways, at most one right;
//! - `contradiction`: the values cannot all be true;
//! - `single`: one source only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::link::{Group, Linked, Slot};
use crate::model::{Claim, Property};
use crate::resolve::Resolution;
use crate::rules::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Contradiction,
    Variant,
    Compatible,
    Agreement,
    Single,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Contradiction,
        Verdict::Variant,
        Verdict::Compatible,
        Verdict::Agreement,
        Verdict::Single,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Contradiction => "contradiction",
            Verdict::Variant => "variant",
            Verdict::Compatible => "compatible",
            Verdict::Agreement => "agreement",
            Verdict::Single => "single",
        }
    }
}

/// The words of one claim, for quoting.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quote {
    /// The value as this claim gives it (its own spelling).
    pub value: String,
    pub source: Arc<str>,
    pub line: usize,
    pub text: Arc<str>,
    pub claim: Arc<str>,
}

/// One value a finding's sources give, as they write it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingValue {
    pub value: String,
    pub sources: Vec<Arc<str>>,
    pub claims: Vec<Arc<str>>,
    /// For a person, the name this spelling resolves to ("Knightly" →
    /// "Keira Knightley").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The film the finding is about, when the corpus holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub film: Option<String>,
    pub verdict: Verdict,
    pub property: Property,
    pub subject: Option<String>,
    /// The qualifiers that make this fact what it is (event, place, system).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub qualifiers: BTreeMap<String, String>,
    pub values: Vec<FindingValue>,
    pub explanation: String,
    /// The number of the disagreement this contradiction is part of, when
    /// it shares a claim with other contradictions (who is the
    /// headmistress, the role of each character named): one disagreement,
    /// seen from several facts (see [`crate::disagreement`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<usize>,
    /// In what people read, a finding that joins one disagreement's
    /// contradictions: the facts it joins. Never in the JSON, whose
    /// findings are each about one fact.
    #[serde(skip)]
    pub joins: Vec<String>,
}

fn quote(c: &Claim) -> Quote {
    Quote {
        value: c.value.to_string(),
        source: c.source.clone(),
        line: c.line,
        text: c.text.clone(),
        claim: c.id.clone(),
    }
}

fn sources_of<'a>(linked: &'a Linked, group: &Group) -> BTreeSet<&'a str> {
    group
        .claims
        .iter()
        .map(|&i| &*linked.claims[i].source)
        .collect()
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The spellings of a person group, with their sources, when they differ.
fn spellings(linked: &Linked, group: &Group) -> BTreeMap<String, BTreeSet<Arc<str>>> {
    let mut out: BTreeMap<String, BTreeSet<Arc<str>>> = BTreeMap::new();
    for &i in &group.claims {
        let c = linked.claims[i];
        out.entry(c.value.to_string())
            .or_default()
            .insert(c.source.clone());
    }
    out
}

/// The values of a group: one per way the sources write it, the most
/// used first.
fn values_of(linked: &Linked, group: &Group, holder: bool) -> Vec<FindingValue> {
    let mut by_spelling: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &group.claims {
        let written = if group.entity.is_some() {
            linked.claims[i].value.to_string()
        } else {
            group.value.clone()
        };
        by_spelling.entry(written).or_default().push(i);
    }
    let mut out: Vec<FindingValue> = by_spelling
        .into_iter()
        .map(|(value, claims)| {
            let sources: BTreeSet<Arc<str>> = claims
                .iter()
                .map(|&i| linked.claims[i].source.clone())
                .collect();
            FindingValue {
                value,
                sources: sources.into_iter().collect(),
                claims: claims
                    .iter()
                    .map(|&i| linked.claims[i].id.clone())
                    .collect(),
                entity: group.entity.map(|_| group.value.clone()),
                quotes: claims
                    .iter()
                    .map(|&i| {
                        let mut q = quote(linked.claims[i]);
                        if holder {
                            // Who holds the role, not the role itself.
                            q.value = group.value.clone();
                        }
                        q
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(a.value.cmp(&b.value))
    });
    out
}

/// Why the subject of a slot is one character though named several ways.
fn subject_note(linked: &Linked, slot: &Slot) -> Option<String> {
    if !matches!(
        slot.key.property,
        Property::Cast | Property::Role | Property::Alias
    ) || slot.key.subject.is_none()
    {
        return None;
    }
    let names: BTreeSet<&str> = slot
        .groups
        .iter()
        .flat_map(|g| {
            g.claims
                .iter()
                .map(|&i| linked.claims[i].subject.as_deref().unwrap_or(""))
        })
        .collect();
    if names.len() < 2 {
        return None;
    }
    let e = linked.resolution.character(names.iter().next()?)?;
    let reasons: BTreeSet<&str> = linked.resolution.entities[e]
        .merges
        .iter()
        .map(|m| m.reason.as_str())
        .collect();
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Some(format!(
        "{} are one character: {}",
        list.join(" and "),
        reasons.into_iter().collect::<Vec<_>>().join("; ")
    ))
}

/// The verdict and explanation of a slot whose claims all resolve to one value.
fn one_value(linked: &Linked, group: &Group, lexicon: &Lexicon) -> (Verdict, String) {
    let sources = sources_of(linked, group).len();
    let spelled = spellings(linked, group);
    if spelled.len() <= 1 || group.entity.is_none() {
        let verdict = if sources > 1 {
            Verdict::Agreement
        } else {
            Verdict::Single
        };
        return (verdict, String::new());
    }
    // One person, several spellings: shorter forms of the full name agree;
    // other spellings are variants, at most one of them right.
    let canonical = &group.value;
    let real: Vec<(&String, &BTreeSet<Arc<str>>)> = spelled
        .iter()
        .filter(|(s, _)| *s != canonical && !Resolution::is_short_form(s, canonical, lexicon))
        .collect();
    let (most, most_sources) = spelled
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
        .map(|(s, src)| (s.clone(), src.len()))
        .unwrap_or_default();
    if real.is_empty() {
        let shorts: Vec<String> = spelled
            .keys()
            .filter(|s| *s != canonical)
            .map(|s| format!("\"{s}\""))
            .collect();
        let verdict = if sources > 1 {
            Verdict::Agreement
        } else {
            Verdict::Single
        };
        return (
            verdict,
            format!("{} short for \"{canonical}\"", shorts.join(", ")),
        );
    }
    let e = &linked.resolution.entities[group.entity.unwrap_or(0)];
    let all: Vec<String> = spelled
        .iter()
        .map(|(s, src)| format!("\"{s}\" ({})", count(src.len(), "review", "reviews")))
        .collect();
    // Why each other spelling was taken for this person.
    let why: Vec<String> = spelled
        .keys()
        .filter(|s| *s != canonical)
        .filter_map(|s| {
            let reason = e
                .merges
                .iter()
                .find(|m| m.b == *s)
                .or_else(|| e.merges.iter().find(|m| m.a == *s))
                .map(|m| m.reason.as_str())?;
            Some(format!("\"{s}\" is {reason}"))
        })
        .collect();
    let tie = spelled
        .values()
        .filter(|src| src.len() == most_sources)
        .count()
        > 1;
    let majority = if tie {
        "no spelling has a majority".to_string()
    } else {
        format!("most reviews write \"{most}\" ({most_sources} of {sources})")
    };
    let mut text = format!(
        "the name is written {} ways: {}",
        spelled.len(),
        all.join(", ")
    );
    if !why.is_empty() {
        text.push_str(&format!("; {}", why.join("; ")));
    }
    (Verdict::Variant, format!("{text}; {majority}"))
}

fn judge(linked: &Linked, slot: &Slot, lexicon: &Lexicon) -> Finding {
    let sources: BTreeSet<&str> = slot
        .groups
        .iter()
        .flat_map(|g| sources_of(linked, g))
        .collect();
    // Groups with the most sources first; within a group, its spellings.
    let mut groups: Vec<&Group> = slot.groups.iter().collect();
    groups.sort_by(|a, b| {
        sources_of(linked, b)
            .len()
            .cmp(&sources_of(linked, a).len())
            .then(a.value.cmp(&b.value))
    });
    let holder = slot.key.qualifiers.contains_key("role");
    let values: Vec<FindingValue> = groups
        .iter()
        .flat_map(|g| values_of(linked, g, holder))
        .collect();

    let (verdict, mut explanation) = if slot.groups.len() == 1 {
        let (v, why) = one_value(linked, &slot.groups[0], lexicon);
        let lead = match v {
            Verdict::Single => format!("only {} states it", values[0].sources[0]),
            Verdict::Agreement => format!("{} reviews agree", sources.len()),
            _ => String::new(),
        };
        (
            v,
            [lead, why]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        )
    } else {
        let conflicting = slot.conflicting;
        let listing: Vec<String> = groups
            .iter()
            .map(|g| {
                format!(
                    "{} ({})",
                    g.value,
                    count(sources_of(linked, g).len(), "review", "reviews")
                )
            })
            .collect();
        if sources.len() == 1 {
            (
                Verdict::Single,
                format!(
                    "only {} states it, in {} ways: {}",
                    values[0].sources[0],
                    groups.len(),
                    listing.join(", ")
                ),
            )
        } else if conflicting && slot.key.is_single_valued() {
            let what = if let Some(role) = slot.key.qualifiers.get("role") {
                format!(
                    "only one character can be the {role}, and the reviews name {}",
                    groups.len()
                )
            } else {
                format!(
                    "the reviews give {} values that cannot all be true",
                    groups.len()
                )
            };
            (
                Verdict::Contradiction,
                format!("{what}: {}", listing.join(", ")),
            )
        } else {
            let most_precise = slot
                .groups
                .iter()
                .max_by_key(|g| g.value.len())
                .map(|g| &g.typed);
            let why: Vec<String> = slot
                .groups
                .iter()
                .filter(|g| Some(&g.typed) != most_precise)
                .filter_map(|g| most_precise.map(|p| crate::compare::why_compatible(&g.typed, p)))
                .collect();
            (
                Verdict::Compatible,
                format!("{}: {}", listing.join(", "), why.join("; ")),
            )
        }
    };
    if let Some(note) = subject_note(linked, slot) {
        explanation = format!("{explanation}; {note}");
    }
    let mut qualifiers = slot.key.qualifiers.clone();
    if let Some(place) = slot.groups[0]
        .claims
        .first()
        .and_then(|&i| linked.claims[i].qualifier("place"))
    {
        // The place as the first source writes it, not its comparison key.
        qualifiers.insert("place".into(), place.to_string());
    }
    Finding {
        film: None,
        verdict,
        property: slot.key.property,
        subject: slot.subject.clone(),
        qualifiers,
        values,
        explanation,
        disagreement: None,
        joins: Vec::new(),
    }
}

/// Every slot's finding, contradictions and variants first.
pub fn reconcile(linked: &Linked, lexicon: &Lexicon) -> Vec<Finding> {
    let mut findings: Vec<Finding> = linked
        .slots
        .iter()
        .map(|s| judge(linked, s, lexicon))
        .collect();
    findings.sort_by(|a, b| {
        (
            a.verdict,
            a.property,
            &a.subject,
            &a.qualifiers,
            &a.values[0].value,
        )
            .cmp(&(
                b.verdict,
                b.property,
                &b.subject,
                &b.qualifiers,
                &b.values[0].value,
            ))
    });
    findings
}
