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
//! entities they name and the group they state. Slots are found by key
//! (sorting), never by comparing all claims with each other.
//!
//! How two groups of a slot relate (`compatible` or `conflicting`) is
//! worked out when asked ([`Linked::relation`]), and whether a slot holds
//! two values that cannot both be true once per slot
//! ([`Slot::conflicting`]), never by joining every pair of groups: a
//! corpus of 10,000 reviews each naming another actor for one part would
//! make 50 million pairs. The graph joins the groups of a small slot (at
//! most [`MAX_PAIRED_GROUPS`]) pair by pair, as a reader of a drawing wants;
//! a larger slot gets a node of its own, which each of its groups joins by
//! `conflicting` (the slot's values cannot all be true) or `compatible`.
//! Either way the graph grows linearly with the claims.

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
    /// For a cast slot, whether the group's actor plays another character
    /// in these reviews: then a second actor for the part is a mistake,
    /// not a younger self.
    pub plays_another: bool,
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub key: SlotKey,
    /// The subject as the first claim writes it (the key may be folded).
    pub subject: Option<String>,
    pub groups: Vec<Group>,
    /// Whether two of the groups cannot both be true.
    pub conflicting: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Entity(usize),
    Claim(usize),
    Value {
        slot: usize,
        group: usize,
    },
    /// A slot of more than [`MAX_PAIRED_GROUPS`] groups, which its groups
    /// join instead of each other.
    Slot(usize),
}

/// The most groups of a slot the graph joins pair by pair: at most 15
/// edges a group. Fixture corpora have slots of two or three groups; only
/// a hostile or generated corpus has more.
pub const MAX_PAIRED_GROUPS: usize = 16;

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
    /// How two value groups of a slot relate: `Compatible` or
    /// `Conflicting`; `None` for a group and itself, or groups of two
    /// slots.
    pub fn relation(&self, a: &Group, b: &Group) -> Option<Edge> {
        let slot_of = |g: &Group| match self.graph[g.node] {
            Node::Value { slot, .. } => Some(slot),
            _ => None,
        };
        let slot = slot_of(a)?;
        if a.node == b.node || slot_of(b) != Some(slot) {
            return None;
        }
        Some(relation(self.slots[slot].key.property, a, b))
    }
}

/// How two groups of a slot of `property` relate.
fn relation(property: Property, a: &Group, b: &Group) -> Edge {
    match (a.entity, b.entity) {
        // Two actors for one character conflict when one of them plays
        // another character in these reviews ("Keira Knightley" for Kathy,
        // who is Ruth elsewhere); else the part has two actors, as a child
        // and an adult do.
        (Some(_), Some(_)) if property == Property::Cast => {
            if a.plays_another || b.plays_another {
                Edge::Conflicting
            } else {
                Edge::Compatible
            }
        }
        (Some(_), Some(_)) | (Some(_), None) | (None, Some(_)) => Edge::Conflicting,
        (None, None) => match relate(&a.typed, &b.typed) {
            Relation::Conflicting => Edge::Conflicting,
            Relation::Equal | Relation::Compatible => Edge::Compatible,
        },
    }
}

/// Whether two of `groups` (of one slot of `property`) cannot both be
/// true, as [`Linked::relation`] would say of some pair, without asking it
/// of every pair. People go by kind: a person and a value that is no
/// person conflict; two people conflict unless both are actors of one part
/// who play nothing else. Other values are compared pair by pair, stopping
/// at the first conflict: values that are all compatible with each other
/// are few (a year, its month and its day) except amounts whose ranges
/// share a point, which are checked at once.
pub fn any_conflict(property: Property, groups: &[&Group]) -> bool {
    let (people, values): (Vec<&Group>, Vec<&Group>) =
        groups.iter().partition(|g| g.entity.is_some());
    if !people.is_empty() && !values.is_empty() {
        return true;
    }
    if people.len() >= 2 {
        return property != Property::Cast || people.iter().any(|g| g.plays_another);
    }
    if let Some(all_overlap) = amounts_overlap(&values) {
        return !all_overlap;
    }
    (1..values.len()).any(|b| {
        (0..b).any(|a| relate(&values[a].typed, &values[b].typed) == Relation::Conflicting)
    })
}

/// For groups whose values are all amounts (as [`relate`] compares them:
/// ranges that overlap, round numbers widened), whether every two overlap:
/// ranges on a line overlap pairwise exactly when the highest start is
/// at most the lowest end. `None` when some value is no amount.
fn amounts_overlap(groups: &[&Group]) -> Option<bool> {
    use crate::quantity::{bounds, loosely};
    if groups.len() < 3 {
        return None;
    }
    let mut unit: Option<&str> = None;
    let mut quantities = false;
    let mut lo = 0u64;
    let mut hi = u64::MAX;
    for g in groups {
        let (a, b) = match &g.typed {
            Value::Quantity(q) if unit.is_none() => {
                quantities = true;
                bounds(loosely(*q))
            }
            Value::Duration(q, u) if !quantities && unit.is_none_or(|x| x == u) => {
                unit = Some(u);
                bounds(*q)
            }
            _ => return None,
        };
        lo = lo.max(a);
        hi = hi.min(b);
    }
    Some(lo <= hi)
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
                plays_another: key.property == Property::Cast
                    && entity.is_some_and(|e| plays_another(e, &key.subject)),
            });
        }
        let conflicting = any_conflict(key.property, &out.iter().collect::<Vec<_>>());
        if out.len() <= MAX_PAIRED_GROUPS {
            for a in 0..out.len() {
                for b in a + 1..out.len() {
                    let edge = relation(key.property, &out[a], &out[b]);
                    graph.add_edge(out[a].node, out[b].node, edge);
                }
            }
        } else {
            let node = graph.add_node(Node::Slot(s));
            let edge = if conflicting {
                Edge::Conflicting
            } else {
                Edge::Compatible
            };
            for g in &out {
                graph.add_edge(g.node, node, edge);
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
            conflicting,
        });
    }
    Linked {
        claims,
        resolution,
        slots,
        graph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Quantity;

    fn group(typed: Value) -> Group {
        Group {
            value: typed.to_string(),
            typed,
            entity: None,
            claims: Vec::new(),
            node: NodeIndex::new(0),
            plays_another: false,
        }
    }

    /// `any_conflict` says what comparing every pair says.
    #[test]
    fn a_conflict_is_found_as_all_pairs_would_find_it() {
        let q = |a, b| group(Value::Quantity(Quantity::Range(a, b)));
        let years = |n| group(Value::Duration(Quantity::Exact(n), "years".into()));
        let sets: Vec<Vec<Group>> = vec![
            vec![q(20, 29), q(25, 35), q(28, 40)],
            vec![q(20, 29), q(25, 35), q(30, 40)],
            vec![
                q(0, 100),
                group(Value::Quantity(Quantity::Exact(100))),
                group(Value::Quantity(Quantity::AtLeast(97))),
            ],
            vec![years(10), years(10), years(12)],
            vec![
                years(10),
                group(Value::Text("several years".into())),
                years(10),
            ],
            vec![group(Value::Minutes(103)), group(Value::Minutes(110))],
        ];
        for set in &sets {
            let refs: Vec<&Group> = set.iter().collect();
            let pairwise = (0..set.len()).any(|a| {
                (a + 1..set.len())
                    .any(|b| relation(Property::Age, &set[a], &set[b]) == Edge::Conflicting)
            });
            assert_eq!(any_conflict(Property::Age, &refs), pairwise, "{set:?}");
        }
    }
}
