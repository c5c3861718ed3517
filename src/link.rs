//! One graph of the claims of a corpus.
//!
//! Claims of different reviews meet in *fact slots*: the property, the
//! resolved subject (a character, whoever named it how), and the qualifiers
//! that make it a different fact (a premiere is not a release, a UK
//! certificate is not an MPAA rating, a young version of a character is its
//! own cast slot). Multi-valued properties (starring, producers) get a slot
//! per member, so leaving someone out contradicts nothing.
//!
//! Within a slot, claims with the same value (after resolution: "Mulligan"
//! and "Carey Mulligan" are one value) form a group. The graph (petgraph)
//! has a node per entity, per claim and per value group; claims point at the
//! entities they name and the group they state, and groups of one slot are
//! joined by `compatible` or `conflicting` edges. Slots are found by key
//! (sorting), never by comparing all claims with each other.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{Graph, NodeIndex};

use crate::compare::{Relation, relate};
use crate::model::{Claim, Property, Value, ValueKind};
use crate::resolve::{Resolution, name_key, resolve};
use crate::rules::Lexicon;

/// Qualifiers that make two claims of one property different facts.
const SLOT_QUALIFIERS: &[&str] = &[
    "event",
    "place",
    "system",
    "version",
    "of",
    "negated",
    "rumor",
    "hypothetical",
];

/// One way of naming a country, for telling release slots apart.
fn place_key(place: &str) -> String {
    let k = name_key(place).replace('.', "");
    match k.as_str() {
        "us"
        | "usa"
        | "u s"
        | "united states"
        | "united states of america"
        | "america"
        | "american" => "US".into(),
        "uk" | "u k" | "united kingdom" | "britain" | "great britain" | "british" => "UK".into(),
        _ => k,
    }
}

/// What a slot is about, for sorting and display.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SlotKey {
    pub property: Property,
    /// The resolved subject: an entity's canonical name, or the subject's
    /// words.
    pub subject: Option<String>,
    pub qualifiers: BTreeMap<String, String>,
    /// For multi-valued properties, the member the slot is about.
    pub member: Option<String>,
}

/// Claims of one slot that state the same value.
#[derive(Debug, Clone)]
pub struct Group {
    /// The value's canonical text: an entity's canonical name for people.
    pub value: String,
    /// The typed value, for comparison (of the first claim).
    pub typed: Value,
    /// The entity of a person value.
    pub entity: Option<usize>,
    /// Indices into [`Linked::claims`], in claim order.
    pub claims: Vec<usize>,
    pub node: NodeIndex,
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub key: SlotKey,
    /// The subject as the first claim writes it (the key may be folded).
    pub subject: Option<String>,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Entity(usize),
    Claim(usize),
    Value { slot: usize, group: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edge {
    /// A claim names an entity (as subject or value).
    SameEntity,
    /// A claim states a value group's value.
    Equivalent,
    Compatible,
    Conflicting,
}

impl Edge {
    pub fn as_str(self) -> &'static str {
        match self {
            Edge::SameEntity => "same_entity",
            Edge::Equivalent => "equivalent",
            Edge::Compatible => "compatible",
            Edge::Conflicting => "conflicting",
        }
    }
}

/// The claims of a corpus, linked.
#[derive(Debug)]
pub struct Linked<'a> {
    pub claims: Vec<&'a Claim>,
    pub resolution: Resolution,
    pub slots: Vec<Slot>,
    pub graph: Graph<Node, Edge>,
}

/// A value group being gathered: its person entity and its claims.
type GroupDraft = (Option<usize>, Option<Value>, Vec<usize>);

/// A slot a claim belongs to: its key, the value's identity, the value's
/// person entity, and the value to compare when it is not the claim's own
/// (who holds a role, rather than the role).
type Placement = (SlotKey, String, Option<usize>, Option<Value>);

impl Linked<'_> {
    /// How two value groups of a slot relate, as the graph joins them:
    /// `Compatible` or `Conflicting`; `None` for a group and itself.
    pub fn relation(&self, a: &Group, b: &Group) -> Option<Edge> {
        self.graph
            .edges_connecting(a.node, b.node)
            .chain(self.graph.edges_connecting(b.node, a.node))
            .map(|e| *e.weight())
            .find(|w| matches!(w, Edge::Compatible | Edge::Conflicting))
    }
}

impl SlotKey {
    /// Whether the slot holds one value, so that two values contradict.
    /// Multi-valued properties have a slot per member.
    pub fn is_single_valued(&self) -> bool {
        self.member.is_none()
    }
}

/// The resolved subject of a claim: a character or person's canonical name
/// when the name is known, the folded words otherwise.
fn resolved_subject(c: &Claim, s: &str, res: &Resolution) -> String {
    let entity = match c.property {
        Property::KnownFor => res.person(s),
        _ => res.character(s),
    };
    match entity {
        Some(e) => res.entities[e].canonical.clone(),
        None if matches!(c.property, Property::Cast | Property::Alias) => s.to_string(),
        None => name_key(s),
    }
}

/// The slots a claim belongs to. Most claims have one; a role that only
/// one character can hold ("the headmistress") is also a slot of its own,
/// whose value is who holds it.
fn slots_of(c: &Claim, res: &Resolution, lexicon: &Lexicon) -> Vec<Placement> {
    let subject = c.subject.as_ref().map(|s| resolved_subject(c, s, res));
    let qualifiers: BTreeMap<String, String> = SLOT_QUALIFIERS
        .iter()
        .filter_map(|&k| {
            c.qualifier(k).map(|v| {
                let v = if k == "place" {
                    place_key(v)
                } else {
                    v.to_string()
                };
                (k.to_string(), v)
            })
        })
        .collect();
    let (value, entity) = match (&c.value, c.property.value_kind()) {
        (Value::Person(p), ValueKind::Person) => match res.person(p) {
            Some(e) => (res.entities[e].canonical.clone(), Some(e)),
            None => (p.clone(), None),
        },
        (Value::Text(t), _) => (name_key(t), None),
        (v, _) => (v.to_string(), None),
    };
    let exclusive = c.property == Property::Role && lexicon.in_list("exclusive_role", &value);
    // A setting with a subject ("Hailsham is one of many schools across
    // England") has one scope; an exclusive role is one per character.
    let single = c.property.is_single_valued()
        || exclusive
        || (c.property == Property::Setting && subject.is_some());
    let mut out = vec![(
        SlotKey {
            property: c.property,
            subject: subject.clone(),
            qualifiers: qualifiers.clone(),
            member: (!single).then(|| value.clone()),
        },
        value.clone(),
        entity,
        None,
    )];
    if exclusive && let Some(holder) = subject {
        let mut q = qualifiers;
        q.insert("role".into(), value);
        out.push((
            SlotKey {
                property: c.property,
                subject: None,
                qualifiers: q,
                member: None,
            },
            holder.clone(),
            None,
            Some(Value::Text(holder)),
        ));
    }
    out
}

/// A release dated by its year alone and no place ("Never Let Me Go
/// (2010)") says the film came out somewhere that year: it is weighed
/// against the release of each place the corpus dates in that year (the
/// US release of October 15, 2010 agrees with it), not only against other
/// releases without a place. A place dated in another year is left alone:
/// a film of 2010 may open in Belgium in 2011. The year leaves its own
/// slot when it found a place and nothing but bare years are left there.
/// Only places another review dates count.
/// Release slots are few per film.
fn spread_release_years(
    by_slot: &mut BTreeMap<SlotKey, BTreeMap<String, GroupDraft>>,
    claims: &[&Claim],
) {
    let year_only = |v: &str| v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit());
    // Whether every date of a slot falls in `year` (or gives no year).
    let within = |groups: &BTreeMap<String, GroupDraft>, year: &str| {
        groups.keys().all(|v| {
            v == year
                || v.starts_with("--")
                || v.strip_prefix(year).is_some_and(|r| r.starts_with('-'))
        })
    };
    let unplaced: Vec<SlotKey> = by_slot
        .keys()
        .filter(|k| k.property == Property::ReleaseDate && !k.qualifiers.contains_key("place"))
        .cloned()
        .collect();
    for key in unplaced {
        let Some(groups) = by_slot.get(&key) else {
            continue;
        };
        let years: Vec<(String, GroupDraft)> = groups
            .iter()
            .filter(|(v, _)| year_only(v))
            .map(|(v, g)| (v.clone(), g.clone()))
            .collect();
        if years.is_empty() {
            continue;
        }
        let placed: Vec<SlotKey> = by_slot
            .keys()
            .filter(|k| {
                k.property == key.property
                    && k.subject == key.subject
                    && k.member == key.member
                    && k.qualifiers.contains_key("place")
                    && k.qualifiers
                        .iter()
                        .filter(|(q, _)| *q != "place")
                        .eq(key.qualifiers.iter())
            })
            .cloned()
            .collect();
        let mut placed_all = true;
        for (year, (entity, typed, members)) in &years {
            let mut found = false;
            for p in &placed {
                let Some(groups) = by_slot.get_mut(p) else {
                    continue;
                };
                // Only where another review dates the place: a review's own
                // year beside its own dated release says nothing new.
                let others = groups.values().flat_map(|g| &g.2).any(|&c| {
                    members
                        .iter()
                        .all(|&m| claims[m].source != claims[c].source)
                });
                if !within(groups, year) || !others {
                    continue;
                }
                found = true;
                let group =
                    groups
                        .entry(year.clone())
                        .or_insert((*entity, typed.clone(), Vec::new()));
                group.2.extend(members);
                group.2.sort_unstable();
                group.2.dedup();
            }
            placed_all &= found;
        }
        if placed_all
            && by_slot
                .get(&key)
                .is_some_and(|g| g.keys().all(|v| year_only(v)))
        {
            by_slot.remove(&key);
        }
    }
}

/// Resolves the names of `claims` and links them into slots and a graph.
/// Reader comments are left out: they are not the reviews' statements.
pub fn link<'a>(all: &[&'a Claim], lexicon: &Lexicon) -> Linked<'a> {
    let mut claims: Vec<&Claim> = all.iter().copied().filter(|c| !c.is_comment()).collect();
    // The order the reviews came in must not change the findings: claims
    // are taken by source, then by place in it (stable, so claims at one
    // place keep their reading order).
    claims.sort_by(|a, b| (&a.source, a.span.start).cmp(&(&b.source, b.span.start)));
    let resolution = resolve(&claims, lexicon);
    let mut by_slot: BTreeMap<SlotKey, BTreeMap<String, GroupDraft>> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        for (key, value, entity, typed) in slots_of(c, &resolution, lexicon) {
            by_slot
                .entry(key)
                .or_default()
                .entry(value)
                .or_insert((entity, typed, Vec::new()))
                .2
                .push(i);
        }
    }
    spread_release_years(&mut by_slot, &claims);

    let mut graph = Graph::new();
    let entity_nodes: Vec<NodeIndex> = (0..resolution.entities.len())
        .map(|e| graph.add_node(Node::Entity(e)))
        .collect();
    let claim_nodes: Vec<NodeIndex> = (0..claims.len())
        .map(|i| graph.add_node(Node::Claim(i)))
        .collect();
    for (i, c) in claims.iter().enumerate() {
        let mut named = BTreeSet::new();
        if let Some(s) = &c.subject {
            let e = match c.property {
                Property::Cast | Property::Role | Property::Alias => resolution.character(s),
                Property::KnownFor => resolution.person(s),
                _ => None,
            };
            named.extend(e);
        }
        if c.property.value_kind() == ValueKind::Person {
            named.extend(resolution.person(&c.value.to_string()));
        }
        for e in named {
            graph.add_edge(claim_nodes[i], entity_nodes[e], Edge::SameEntity);
        }
    }

    // The characters each actor plays, to tell a second actor for a part
    // (a younger self, a recast) from a mistake.
    let mut parts: BTreeMap<usize, BTreeSet<Option<String>>> = BTreeMap::new();
    for (key, groups) in &by_slot {
        if key.property == Property::Cast {
            for (entity, _, _) in groups.values() {
                if let Some(e) = entity {
                    parts.entry(*e).or_default().insert(key.subject.clone());
                }
            }
        }
    }
    let plays_another = |e: usize, subject: &Option<String>| {
        parts
            .get(&e)
            .is_some_and(|s| s.iter().any(|other| other != subject))
    };
    let mut slots = Vec::with_capacity(by_slot.len());
    for (s, (key, groups)) in by_slot.into_iter().enumerate() {
        let mut out: Vec<Group> = Vec::with_capacity(groups.len());
        for (g, (value, (entity, typed, members))) in groups.into_iter().enumerate() {
            let node = graph.add_node(Node::Value { slot: s, group: g });
            for &m in &members {
                graph.add_edge(claim_nodes[m], node, Edge::Equivalent);
            }
            let first = claims[members[0]];
            out.push(Group {
                // People by their canonical name; other values as the first
                // claim writes them.
                value: match (&entity, &typed) {
                    (Some(_), _) | (None, Some(_)) => value,
                    (None, None) => first.value.to_string(),
                },
                typed: typed.unwrap_or_else(|| first.value.clone()),
                entity,
                claims: members,
                node,
            });
        }
        // Groups of a slot are few (the distinct values reviews give).
        for a in 0..out.len() {
            for b in a + 1..out.len() {
                let edge = match (out[a].entity, out[b].entity) {
                    // Two actors for one character conflict when one of
                    // them plays another character in these reviews ("Keira
                    // Knightley" for Kathy, who is Ruth elsewhere); else the
                    // part has two actors, as a child and an adult do.
                    (Some(x), Some(y)) if key.property == Property::Cast => {
                        if plays_another(x, &key.subject) || plays_another(y, &key.subject) {
                            Edge::Conflicting
                        } else {
                            Edge::Compatible
                        }
                    }
                    (Some(_), Some(_)) | (Some(_), None) | (None, Some(_)) => Edge::Conflicting,
                    (None, None) => match relate(&out[a].typed, &out[b].typed) {
                        Relation::Conflicting => Edge::Conflicting,
                        Relation::Equal | Relation::Compatible => Edge::Compatible,
                    },
                };
                graph.add_edge(out[a].node, out[b].node, edge);
            }
        }
        // The subject as a review writes it, unless it resolved to a
        // character or person, whose canonical name is better.
        let first = out
            .iter()
            .flat_map(|g| &g.claims)
            .min()
            .and_then(|&i| claims[i].subject.clone());
        let subject = match (&key.subject, first) {
            (None, _) => None,
            (Some(k), Some(f)) if *k == name_key(&f) => Some(f),
            (Some(k), _) => Some(k.clone()),
        };
        slots.push(Slot {
            key,
            subject,
            groups: out,
        });
    }
    Linked {
        claims,
        resolution,
        slots,
        graph,
    }
}
