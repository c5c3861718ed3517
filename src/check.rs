//! Fact-checking one review against a corpus (`concord check`).
//!
//! The review's claims are linked into the corpus's graph with the same
//! resolution as `report`, so "Tomy" meets "Tommy" and "Sally Hawkin"
//! meets "Sally Hawkins". Each claim then gets a label, in the manner of
//! the FEVER fact-verification task:
//!
//! - `supported`: the corpus gives the same value (or one it is compatible
//!   with: 2010 for 2010-10-15);
//! - `refuted`: the corpus agrees on another value, or on another spelling
//!   of the same name (with a suggestion);
//! - `not_enough_info`: no review of the corpus speaks of that fact (a
//!   certificate of another system, a release in another country);
//! - `conflicting`: the corpus itself disagrees on it.
//!
//! A trusted reference ([`crate::reference`]) outranks the corpus majority.
//! When the review's credits share nobody with the corpus, it is about
//! another film: the check says so first instead of refuting everything.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::compare::{Relation, relate};
use crate::link::{Edge, Group, Linked, Slot, link};
use crate::model::{Claim, Property, ReviewClaims, Span, ValueKind};
use crate::reference::Reference;
use crate::resolve::Resolution;
use crate::rules::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Refuted,
    Conflicting,
    Supported,
    NotEnoughInfo,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Refuted => "refuted",
            Label::Conflicting => "conflicting",
            Label::Supported => "supported",
            Label::NotEnoughInfo => "not_enough_info",
        }
    }
}

/// A corpus (or reference) claim that bears on a checked claim.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub source: Arc<str>,
    pub span: Span,
    pub text: Arc<str>,
    pub value: String,
    pub line: usize,
    /// Whether this is the trusted reference rather than a review.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub claim: Claim,
    pub label: Label,
    pub evidence: Vec<Evidence>,
    pub explanation: String,
    /// For a misspelt name: the spelling the corpus uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSummary {
    pub supported: usize,
    pub refuted: usize,
    pub not_enough_info: usize,
    pub conflicting: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub review: String,
    /// The corpus the review was checked against.
    pub against: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Set when the review is about another film than the corpus's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_film: Option<String>,
    pub claims: Vec<Checked>,
    pub summary: CheckSummary,
}

/// Properties that say which film a review is about.
fn identifies_film(p: Property) -> bool {
    matches!(
        p,
        Property::Director
            | Property::Screenwriter
            | Property::SourceAuthor
            | Property::Cinematographer
            | Property::Composer
            | Property::Starring
            | Property::Cast
    )
}

fn evidence(c: &Claim, reference: bool) -> Evidence {
    Evidence {
        source: c.source.clone(),
        span: c.span,
        text: c.text.clone(),
        value: c.value.to_string(),
        line: c.line,
        reference,
    }
}

/// "2 reviews give 103", "1 of 3 reviews gives X".
fn give(n: usize, total: usize, value: &str) -> String {
    match (n, total) {
        (1, 1) => format!("the one review that states it gives {value}"),
        (n, t) if n == t => format!("{n} reviews give {value}"),
        (1, t) => format!("1 of {t} reviews gives {value}"),
        (n, t) => format!("{n} of {t} reviews give {value}"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Why the review seems to be about another film, if it does: it credits
/// two or more people and the corpus names none of them.
fn other_film(linked: &Linked, review: &str, corpus_sources: &BTreeSet<&str>) -> Option<String> {
    let people = |from_review: bool| -> BTreeMap<usize, String> {
        linked
            .claims
            .iter()
            .filter(|c| identifies_film(c.property) && (&*c.source == review) == from_review)
            .filter(|c| from_review || corpus_sources.contains(&*c.source))
            .filter_map(|c| {
                let e = linked.resolution.person(&c.value.to_string())?;
                Some((e, linked.resolution.entities[e].canonical.clone()))
            })
            .collect()
    };
    let theirs = people(true);
    let ours = people(false);
    if theirs.len() < 2 || ours.is_empty() || theirs.keys().any(|e| ours.contains_key(e)) {
        return None;
    }
    let named: Vec<&str> = theirs.values().map(String::as_str).take(4).collect();
    // Each director once, by the name the corpus gives them in full
    // ("Romanek" is "Mark Romanek").
    let corpus_directors: BTreeSet<String> = linked
        .claims
        .iter()
        .filter(|c| c.property == Property::Director && corpus_sources.contains(&*c.source))
        .map(|c| {
            let v = c.value.to_string();
            match linked.resolution.person(&v) {
                Some(e) => linked.resolution.entities[e].canonical.clone(),
                None => v,
            }
        })
        .collect();
    let mut why = format!(
        "this review credits {}, none of whom the {} of the corpus name",
        named.join(", "),
        plural(corpus_sources.len(), "review", "reviews")
    );
    if !corpus_directors.is_empty() {
        why.push_str(&format!(
            "; the corpus's film is directed by {}",
            corpus_directors
                .into_iter()
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    Some(why)
}

/// The label of claim `i` from one slot it belongs to.
fn judge(
    linked: &Linked,
    slot: &Slot,
    i: usize,
    review: &str,
    reference: Option<&str>,
    lexicon: &Lexicon,
) -> Checked {
    let claim = linked.claims[i];
    let is_ref = |c: &Claim| reference == Some(&*c.source);
    let mine: &Group = slot
        .groups
        .iter()
        .find(|g| g.claims.contains(&i))
        .expect("the claim's own group");
    // The slot's groups as the corpus (and reference) give them.
    let others: Vec<(&Group, Vec<&Claim>)> = slot
        .groups
        .iter()
        .map(|g| {
            let cs: Vec<&Claim> = g
                .claims
                .iter()
                .map(|&k| linked.claims[k])
                .filter(|c| &*c.source != review)
                .collect();
            (g, cs)
        })
        .filter(|(_, cs)| !cs.is_empty())
        .collect();
    let sources_of = |cs: &[&Claim]| cs.iter().map(|c| &*c.source).collect::<BTreeSet<_>>().len();
    let this_says = format!("this review says {}", claim.value);
    // As the graph joins the groups: two actors for one part conflict
    // only when one of them plays another character (see `link`).
    let relation = |g: &Group| {
        if std::ptr::eq(g, mine) {
            Relation::Equal
        } else {
            match linked.relation(mine, g) {
                Some(Edge::Compatible) => Relation::Compatible,
                Some(_) => Relation::Conflicting,
                None if g.entity.is_some() || mine.entity.is_some() => Relation::Conflicting,
                None => relate(&mine.typed, &g.typed),
            }
        }
    };
    let checked = |label, evidence, explanation, suggestion| Checked {
        claim: claim.clone(),
        label,
        evidence,
        explanation,
        suggestion,
    };

    // The reference first: it outranks the corpus.
    let refs: Vec<(&Group, &Claim)> = others
        .iter()
        .flat_map(|(g, cs)| cs.iter().filter(|c| is_ref(c)).map(move |c| (*g, *c)))
        .collect();
    if let Some(&(g, r)) = refs.first() {
        let agreeing = others
            .iter()
            .filter(|(og, _)| std::ptr::eq(*og, g))
            .map(|(_, cs)| cs.iter().filter(|c| !is_ref(c)).count())
            .sum::<usize>();
        let ev: Vec<Evidence> = std::iter::once(evidence(r, true))
            .chain(
                others
                    .iter()
                    .filter(|(og, _)| std::ptr::eq(*og, g))
                    .flat_map(|(_, cs)| {
                        cs.iter().filter(|c| !is_ref(c)).map(|c| evidence(c, false))
                    }),
            )
            .collect();
        return match relation(g) {
            Relation::Equal | Relation::Compatible => checked(
                Label::Supported,
                ev,
                format!(
                    "the reference gives {}; {} agree",
                    g.value,
                    plural(agreeing, "review", "reviews")
                ),
                None,
            ),
            Relation::Conflicting => checked(
                Label::Refuted,
                ev,
                format!("the reference gives {}; {this_says}", g.value),
                None,
            ),
        };
    }

    if others.is_empty() {
        return checked(
            Label::NotEnoughInfo,
            Vec::new(),
            "no review of the corpus states this fact".into(),
            None,
        );
    }

    // A divided corpus: its groups cannot all be true.
    let divided = slot.key.is_single_valued()
        && crate::link::any_conflict(
            slot.key.property,
            &others.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
        );
    let listing = |groups: &[(&Group, Vec<&Claim>)]| {
        groups
            .iter()
            .map(|(g, cs)| {
                format!(
                    "{} ({})",
                    g.value,
                    plural(sources_of(cs), "review", "reviews")
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all_evidence: Vec<Evidence> = others
        .iter()
        .flat_map(|(_, cs)| cs.iter().map(|c| evidence(c, false)))
        .collect();
    if divided {
        return checked(
            Label::Conflicting,
            all_evidence,
            format!(
                "the corpus itself disagrees: {}; {this_says}",
                listing(&others)
            ),
            None,
        );
    }

    let total: usize = others.iter().map(|(_, cs)| sources_of(cs)).sum();
    if let Some((_, same)) = others.iter().find(|(g, _)| std::ptr::eq(*g, mine)) {
        // The same value; for a person, perhaps spelt otherwise.
        let ev: Vec<Evidence> = same.iter().map(|c| evidence(c, false)).collect();
        if mine.entity.is_some() && claim.property.value_kind() == ValueKind::Person {
            let written = claim.value.to_string();
            let mut spellings: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
            for c in same {
                spellings
                    .entry(c.value.to_string())
                    .or_default()
                    .insert(&*c.source);
            }
            let canonical = &mine.value;
            let shorter = Resolution::is_short_form(&written, canonical, lexicon);
            if !spellings.contains_key(&written) && !shorter {
                let (best, n) = spellings
                    .iter()
                    .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
                    .map(|(s, src)| (s.clone(), src.len()))
                    .unwrap_or_default();
                return checked(
                    Label::Refuted,
                    ev,
                    format!("the corpus spells it \"{best}\"; {this_says}"),
                    Some(format!(
                        "did you mean \"{best}\" ({})?",
                        plural(n, "review", "reviews")
                    )),
                );
            }
        }
        return checked(
            Label::Supported,
            ev,
            give(sources_of(same), total, &mine.value),
            None,
        );
    }
    if others
        .iter()
        .all(|(g, _)| relation(g) == Relation::Compatible)
        && mine.entity.is_some()
    {
        // Another actor for a part the corpus gives to someone who plays
        // nothing else: a younger self, perhaps; nothing says so.
        return checked(
            Label::NotEnoughInfo,
            all_evidence,
            format!(
                "the corpus gives {} for this part; a second actor (another age) is possible but not stated",
                listing(&others)
            ),
            None,
        );
    }
    if others
        .iter()
        .all(|(g, _)| relation(g) == Relation::Compatible)
    {
        return checked(
            Label::Supported,
            all_evidence,
            format!("compatible with {}", listing(&others)),
            None,
        );
    }
    if slot.key.is_single_valued() {
        return checked(
            Label::Refuted,
            all_evidence,
            if let [(g, cs)] = others.as_slice() {
                format!("{}; {this_says}", give(sources_of(cs), total, &g.value))
            } else {
                format!("the reviews give {}; {this_says}", listing(&others))
            },
            None,
        );
    }
    checked(
        Label::NotEnoughInfo,
        all_evidence,
        "the corpus names others, not this one".into(),
        None,
    )
}

/// Why a claim the corpus has no slot for gets no label: the facts of the
/// same property the corpus does state, in other slots (another rating
/// system, another country, another event).
fn nearby(linked: &Linked, claim: &Claim, review: &str) -> (String, Vec<Evidence>) {
    let near: Vec<&Claim> = linked
        .claims
        .iter()
        .copied()
        .filter(|c| {
            &*c.source != review && c.property == claim.property && c.subject == claim.subject
        })
        .collect();
    if near.is_empty() {
        return (
            "no review of the corpus states this fact".into(),
            Vec::new(),
        );
    }
    let describe = |c: &Claim| {
        let q: Vec<&str> = ["event", "place", "system", "version"]
            .iter()
            .filter_map(|k| c.qualifier(k))
            .collect();
        if q.is_empty() {
            c.value.to_string()
        } else {
            format!("{} ({})", c.value, q.join(", "))
        }
    };
    let said: BTreeSet<String> = near.iter().map(|c| describe(c)).collect();
    let mine = ["event", "place", "system", "version"]
        .iter()
        .filter_map(|k| claim.qualifier(k))
        .collect::<Vec<_>>()
        .join(", ");
    let this = if mine.is_empty() {
        "this fact".to_string()
    } else {
        format!("this fact ({mine})")
    };
    (
        format!(
            "the corpus does not state {this}; it states {}: {}",
            claim.property,
            said.into_iter().collect::<Vec<_>>().join(", ")
        ),
        near.iter().map(|c| evidence(c, false)).collect(),
    )
}

/// A character's name the review spells unlike the corpus ("Tomy" where
/// the corpus writes "Tommy"): the explanation and the suggestion, as for
/// an actor's name. A shorter form ("Kathy" of "Kathy H.") or a title more
/// or less is no misspelling; only names resolution joined as spelt
/// differently are.
fn misspelt_subject(linked: &Linked, claim: &Claim, review: &str) -> Option<(String, String)> {
    if !matches!(
        claim.property,
        Property::Cast | Property::Role | Property::Alias
    ) {
        return None;
    }
    let written = claim.subject.as_deref()?;
    let e = &linked.resolution.entities[linked.resolution.character(written)?];
    let key = crate::resolve::name_key(written);
    // The corpus's spellings, by how many of its sources use each.
    let theirs: Vec<(&String, usize)> = e
        .spellings
        .iter()
        .map(|(s, src)| (s, src.iter().filter(|x| &***x != review).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    if theirs
        .iter()
        .any(|(s, _)| crate::resolve::name_key(s) == key)
    {
        return None;
    }
    let spelt = |other: &str| {
        e.merges.iter().any(|m| {
            m.reason.starts_with("spelt differently")
                && ((crate::resolve::name_key(&m.a) == key && m.b == other)
                    || (crate::resolve::name_key(&m.b) == key && m.a == other))
        })
    };
    let (best, n) = theirs
        .iter()
        .filter(|(s, _)| spelt(s))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
    Some((
        format!("the corpus spells the character \"{best}\"; this review says {written}"),
        format!(
            "did you mean \"{best}\" ({})?",
            plural(*n, "review", "reviews")
        ),
    ))
}

/// Checks `review` against `corpus` (and `reference`, when given).
pub fn check(
    review: &ReviewClaims,
    corpus: &[ReviewClaims],
    reference: Option<&Reference>,
    lexicon: &Lexicon,
) -> CheckReport {
    let corpus: Vec<&ReviewClaims> = corpus
        .iter()
        .filter(|r| r.source != review.source)
        .collect();
    let corpus_sources: BTreeSet<&str> = corpus.iter().map(|r| r.source.as_str()).collect();
    let mut all: Vec<&Claim> = corpus.iter().flat_map(|r| &r.claims).collect();
    if let Some(r) = reference {
        all.extend(&r.claims);
    }
    all.extend(&review.claims);
    let linked = link(&all, lexicon);
    let mut placed: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (s, slot) in linked.slots.iter().enumerate() {
        for g in &slot.groups {
            for &i in &g.claims {
                placed.entry(i).or_default().push(s);
            }
        }
    }
    let other = other_film(&linked, &review.source, &corpus_sources);
    let reference_source = reference.map(|r| r.source.as_str());

    let mut checked: Vec<Checked> = Vec::new();
    for c in &review.claims {
        let position = linked.claims.iter().position(|l| std::ptr::eq(*l, c));
        let result = match (position, &other) {
            (_, Some(_)) => Checked {
                claim: c.clone(),
                label: Label::NotEnoughInfo,
                evidence: Vec::new(),
                // The reason is the report's, said once (`other_film`).
                explanation: "the review is about another film; `other_film` says why".into(),
                suggestion: None,
            },
            (None, _) => Checked {
                claim: c.clone(),
                label: Label::NotEnoughInfo,
                evidence: Vec::new(),
                explanation: "a reader comment, not the review's own statement".into(),
                suggestion: None,
            },
            (Some(i), None) => {
                // The strongest label over the claim's slots (a role held by
                // one character has two).
                let mut best: Option<Checked> = None;
                for &s in placed.get(&i).into_iter().flatten() {
                    let j = judge(
                        &linked,
                        &linked.slots[s],
                        i,
                        &review.source,
                        reference_source,
                        lexicon,
                    );
                    if best.as_ref().is_none_or(|b| j.label < b.label) {
                        best = Some(j);
                    }
                }
                let mut j = best.expect("every linked claim has a slot");
                if let Some((why, suggestion)) = misspelt_subject(&linked, c, &review.source) {
                    if j.label == Label::Supported {
                        j.label = Label::Refuted;
                        j.explanation = why;
                    }
                    j.suggestion.get_or_insert(suggestion);
                }
                if j.label == Label::NotEnoughInfo && j.evidence.is_empty() {
                    let (why, ev) = nearby(&linked, c, &review.source);
                    j.explanation = why;
                    j.evidence = ev;
                }
                j
            }
        };
        checked.push(result);
    }
    let n = |l: Label| checked.iter().filter(|c| c.label == l).count();
    let summary = CheckSummary {
        supported: n(Label::Supported),
        refuted: n(Label::Refuted),
        not_enough_info: n(Label::NotEnoughInfo),
        conflicting: n(Label::Conflicting),
    };
    CheckReport {
        review: review.source.clone(),
        against: corpus_sources.iter().map(|s| s.to_string()).collect(),
        reference: reference_source.map(String::from),
        other_film: other,
        claims: checked,
        summary,
    }
}
