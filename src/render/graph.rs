//! `concord graph`: the claim graph as Graphviz dot or JSON. Nodes are named
//! by what they are (`claim:FILE#3`, `person:Carey Mulligan`, `value:runtime
//! = 103`), never by their index in the graph, and printed sorted, so the
//! same corpus always gives the same file.
//!
//! The values of a slot are joined pair by pair (`compatible`,
//! `conflicting`) when they are few; a slot of many values (more than
//! [`MAX_PAIRED_GROUPS`](crate::link::MAX_PAIRED_GROUPS)) is drawn as a
//! node of its own (`slot:cast[Kathy]`) that each value joins, so the
//! graph grows with the claims, not with their pairs.

use std::collections::BTreeSet;
use std::io::Write;

use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::link::{Linked, Node, Slot};
use crate::resolve::EntityKind;

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct JsonNode {
    id: String,
    kind: &'static str,
    label: String,
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct JsonEdge {
    from: String,
    to: String,
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct JsonGraph {
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

fn describe(linked: &Linked, node: &Node) -> JsonNode {
    match node {
        Node::Entity(e) => {
            let entity = &linked.resolution.entities[*e];
            let kind = match entity.kind {
                EntityKind::Person => "person",
                EntityKind::Character => "character",
            };
            let spellings: Vec<&str> = entity.spellings.keys().map(String::as_str).collect();
            JsonNode {
                id: format!("{kind}:{}", entity.canonical),
                kind,
                label: spellings.join(" / "),
            }
        }
        Node::Claim(i) => {
            let c = linked.claims[*i];
            JsonNode {
                id: format!("claim:{}", c.id),
                kind: "claim",
                label: format!(
                    "{}: {}",
                    c.property,
                    c.text.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
            }
        }
        Node::Value { slot, group } => {
            let s = &linked.slots[*slot];
            let fact = fact(s);
            let value = &s.groups[*group].value;
            JsonNode {
                id: format!("value:{fact} = {value}"),
                kind: "value",
                label: format!("{fact} = {value}"),
            }
        }
        Node::Slot(slot) => {
            let fact = fact(&linked.slots[*slot]);
            let n = linked.slots[*slot].groups.len();
            JsonNode {
                id: format!("slot:{fact}"),
                kind: "slot",
                label: format!("{fact}: {n} values"),
            }
        }
    }
}

/// A slot as nodes name it: `cast[Kathy]`, `release_date event=premiere`.
fn fact(s: &Slot) -> String {
    let mut fact = s.key.property.to_string();
    if let Some(subject) = &s.key.subject {
        fact.push_str(&format!("[{subject}]"));
    }
    for (k, v) in &s.key.qualifiers {
        fact.push_str(&format!(" {k}={v}"));
    }
    fact
}

fn collect(linked: &Linked) -> JsonGraph {
    let g = &linked.graph;
    let nodes: BTreeSet<JsonNode> = g.node_indices().map(|n| describe(linked, &g[n])).collect();
    let edges: BTreeSet<JsonEdge> = g
        .edge_references()
        .map(|e| JsonEdge {
            from: describe(linked, &g[e.source()]).id,
            to: describe(linked, &g[e.target()]).id,
            kind: e.weight().as_str(),
        })
        .collect();
    JsonGraph {
        nodes: nodes.into_iter().collect(),
        edges: edges.into_iter().collect(),
    }
}

/// The graph for programs, with `"schema": "concord.graph/1"`.
pub fn json(linked: &Linked, out: &mut dyn Write) -> std::io::Result<()> {
    super::versioned_json("concord.graph/1", &collect(linked), out)
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn dot(linked: &Linked, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = collect(linked);
    writeln!(out, "graph concord {{")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    for n in &graph.nodes {
        let shape = match n.kind {
            "claim" => "note",
            "value" | "slot" => "box",
            _ => "ellipse",
        };
        writeln!(
            out,
            "  {} [label={}, shape={shape}];",
            quoted(&n.id),
            quoted(&n.label)
        )?;
    }
    for e in &graph.edges {
        let style = match e.kind {
            "conflicting" => ", color=red, penwidth=2",
            "compatible" => ", color=darkgreen, style=dashed",
            "same_entity" => ", color=gray",
            _ => "",
        };
        writeln!(
            out,
            "  {} -- {} [label={}{style}];",
            quoted(&e.from),
            quoted(&e.to),
            quoted(e.kind)
        )?;
    }
    writeln!(out, "}}")
}
