//! Inputs built to be large where concord could be quadratic or unbounded:
//! one fact given 20,000 different values, a reference of 20,000 names, a
//! rule set past its bound. The bounds are on the work's size (edges,
//! bytes of output, lines found), never on time, so a busy machine cannot
//! fail them and a quadratic change always does.

use std::collections::BTreeMap;
use std::sync::Arc;

use concord::link::{Edge, link};
use concord::model::{Claim, Property, Span, Value};
use concord::reconcile::{Verdict, reconcile};

use crate::common::builtin;

/// `n` names that no two reviews share and name resolution cannot take
/// for spellings of one another ("Bace Depubimu", ...).
fn distinct_names(n: usize) -> Vec<String> {
    const C: &[u8] = b"bcdfghklmnprstvz";
    const V: &[u8] = b"aeiou";
    let syllable = |k: usize| [C[k % C.len()] as char, V[(k / C.len()) % V.len()] as char];
    (0..n)
        .map(|i| {
            // The number, syllable by syllable (80 syllables), in a
            // surname of four and a given name of two.
            let mut k = i * 7919 + 13;
            let mut word = |len: usize| {
                let mut w = String::new();
                for _ in 0..len {
                    w.extend(syllable(k % 80));
                    k /= 80;
                }
                let mut c = w.chars();
                let first = c.next().expect("a letter").to_ascii_uppercase();
                std::iter::once(first).chain(c).collect::<String>()
            };
            let surname = word(4);
            let given = word(2);
            format!("{given} {surname}")
        })
        .collect()
}

/// A claim of review `i`, as extraction would make it.
fn claim(i: usize, property: Property, subject: Option<&str>, value: Value) -> Claim {
    let source: Arc<str> = format!("r{i:05}.txt").into();
    Claim {
        id: format!("{source}#1").into(),
        source,
        property,
        subject: subject.map(str::to_string),
        value,
        qualifiers: BTreeMap::new(),
        span: Span { start: 0, end: 10 },
        text: "Kathy (A B)".into(),
        rule: "test.rule".into(),
        line: 1,
    }
}

const N: usize = 20_000;

#[test]
fn one_part_with_20000_actors_links_in_linear_size() {
    let rules = builtin();
    let names = distinct_names(N);
    assert_eq!(
        names
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        N,
        "the names are distinct"
    );
    let claims: Vec<Claim> = names
        .iter()
        .enumerate()
        .map(|(i, n)| claim(i, Property::Cast, Some("Kathy"), Value::Person(n.clone())))
        .collect();
    let refs: Vec<&Claim> = claims.iter().collect();
    let linked = link(&refs, &rules.lexicon);
    let groups: usize = linked.slots.iter().map(|s| s.groups.len()).sum();
    assert!(groups > N / 2, "most names stay apart: {groups} groups");
    // A claim joins its entities and its group; each group joins its
    // slot: a few edges a claim, where all pairs would be 200 million.
    let edges = linked.graph.edge_count();
    assert!(edges <= 4 * N, "{edges} edges for {N} claims");
    let between: usize = linked
        .graph
        .edge_weights()
        .filter(|e| matches!(e, Edge::Compatible | Edge::Conflicting))
        .count();
    assert!(between <= groups, "{between} edges between values");

    // Nobody plays another part: every actor may be the part at some age.
    let findings = reconcile(&linked, &rules.lexicon);
    let kathy: Vec<_> = findings
        .iter()
        .filter(|f| f.subject.as_deref() == Some("Kathy"))
        .collect();
    assert_eq!(kathy.len(), 1);
    assert_eq!(kathy[0].verdict, Verdict::Compatible);

    // The graph as JSON grows with the claims too (about 800 bytes a
    // claim; all pairs would be gigabytes).
    let mut out = Vec::new();
    concord::render::graph::json(&linked, &mut out).expect("written");
    assert!(out.len() < 2000 * N, "{} bytes of graph", out.len());
}

#[test]
fn an_actor_of_another_part_makes_the_crowd_a_contradiction() {
    let rules = builtin();
    let names = distinct_names(N);
    let mut claims: Vec<Claim> = names
        .iter()
        .enumerate()
        .map(|(i, n)| claim(i, Property::Cast, Some("Kathy"), Value::Person(n.clone())))
        .collect();
    // One more review names both parts, and gives Ruth to the last of
    // Kathy's actors: that one is a mistake for Kathy.
    claims.push(claim(
        N,
        Property::Cast,
        Some("Kathy"),
        Value::Person(names[0].clone()),
    ));
    let mut ruth = claim(
        N,
        Property::Cast,
        Some("Ruth"),
        Value::Person(names[N - 1].clone()),
    );
    ruth.id = format!("{}#2", ruth.source).into();
    ruth.span = Span { start: 20, end: 30 };
    claims.push(ruth);
    let refs: Vec<&Claim> = claims.iter().collect();
    let linked = link(&refs, &rules.lexicon);
    assert!(linked.graph.edge_count() <= 4 * (N + 2));
    let findings = reconcile(&linked, &rules.lexicon);
    let kathy = findings
        .iter()
        .find(|f| f.subject.as_deref() == Some("Kathy"))
        .expect("Kathy's finding");
    assert_eq!(kathy.verdict, Verdict::Contradiction);
}

#[test]
fn twenty_thousand_runtimes_are_one_contradiction_of_linear_size() {
    let rules = builtin();
    let claims: Vec<Claim> = (0..N)
        .map(|i| claim(i, Property::Runtime, None, Value::Minutes(60 + i as u32)))
        .collect();
    let refs: Vec<&Claim> = claims.iter().collect();
    let linked = link(&refs, &rules.lexicon);
    assert!(linked.graph.edge_count() <= 3 * N);
    let findings = reconcile(&linked, &rules.lexicon);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].verdict, Verdict::Contradiction);
    assert_eq!(findings[0].values.len(), N);
}

#[test]
fn a_reference_of_20000_names_loads_with_the_line_of_each() {
    let rules = builtin();
    let names = distinct_names(N);
    let mut text = String::from("title = \"A Film\"\nproducer = [\n");
    for n in &names {
        text.push_str(&format!("  \"{n}\",\n"));
    }
    text.push_str("]\nruntime = 103\n");
    let reference = concord::reference::Reference::parse("ref.toml", &text, &rules.lexicon)
        .expect("the reference loads");
    let producers: Vec<_> = reference
        .claims
        .iter()
        .filter(|c| c.property == Property::Producer)
        .collect();
    assert_eq!(producers.len(), N);
    // Each name on its own line, from line 3.
    for (i, c) in producers.iter().enumerate() {
        assert_eq!(c.line, i + 3, "{c:?}");
    }
    let runtime = reference
        .claims
        .iter()
        .find(|c| c.property == Property::Runtime)
        .expect("the runtime");
    assert_eq!(runtime.line, N + 4);
}

#[test]
fn a_rule_set_past_its_bound_is_refused_before_it_compiles() {
    let mut sources: Vec<(String, String)> = concord::rules::BUILTIN
        .iter()
        .map(|&(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let builtin_rules = builtin().rules.len();
    let extra = concord::rules::MAX_RULES + 1 - builtin_rules;
    let mut generated = String::new();
    for i in 0..extra {
        generated.push_str(&format!(
            "[[rule]]\nid = \"runtime.gen-{i}\"\nproperty = \"runtime\"\n\
             description = \"A generated rule.\"\n\
             pattern = '''\\bgen{i}s[ ](?P<value>\\d{{2,3}})[ ]minutes'''\n\
             counter_examples = [\"nothing\"]\n[[rule.examples]]\n\
             text = \"it gen{i}s 103 minutes\"\nclaims = [{{ value = \"103\" }}]\n\n"
        ));
    }
    sources.push(("rules/generated.toml".into(), generated));
    let errors = concord::rules::RuleSet::from_sources(sources).expect_err("too many rules");
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    let last = extra - 1;
    assert!(
        message.starts_with("rules/generated.toml:")
            && message.contains(&format!("rule `runtime.gen-{last}`: the rules number 2001")),
        "{message}"
    );
}
