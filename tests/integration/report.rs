//! The consistency report: snapshots of each fixture corpus's report, and
//! the findings the seeds must give, checked one by one.

use concord::reconcile::{Finding, Verdict};
use concord::render::report::Report;

use crate::common::{builtin, concord, snapshot};

/// The fixture corpora whose reports are snapshotted.
pub const CORPORA: &[&str] = &[
    "never-let-me-go",
    "the-lighthouse-keepers",
    "the-remains-of-the-day",
];

fn report_of(corpus: &str) -> Report {
    let rules = builtin();
    let (reviews, problems) =
        concord::read_corpus(&[format!("tests/fixtures/films/{corpus}").into()], &rules);
    assert!(problems.is_empty(), "{problems:?}");
    concord::report(&reviews, &rules)
}

/// The report as people read it: each disagreement one finding.
fn joined_of(corpus: &str) -> Report {
    concord::disagreement::joined(&report_of(corpus))
}

#[test]
fn report_of_every_fixture_corpus() {
    for corpus in CORPORA {
        let (code, md, err) = concord(&["report", &format!("tests/fixtures/films/{corpus}")]);
        assert_eq!(code, 0, "{err}");
        let (code, json, err) = concord(&[
            "report",
            "--format",
            "json",
            &format!("tests/fixtures/films/{corpus}"),
        ]);
        assert_eq!(code, 0, "{err}");
        snapshot!(
            format!("report__{corpus}"),
            format!(
                "The consistency report of tests/fixtures/films/{corpus}: contradictions and variants quoted, then compatible, agreements, single claims."
            ),
            md
        );
        snapshot!(
            format!("report__{corpus}__json"),
            format!(
                "The consistency report of tests/fixtures/films/{corpus} as JSON (the contract's shape), claim numbers shown as #[n]."
            ),
            without_claim_numbers(&json)
        );
    }
}

/// The JSON with every claim id's number (`review.txt#12`) shown as
/// `#[n]`. A claim's number counts the claims before it in its review, so
/// one claim gained or lost renumbers all that follow; with the numbers
/// left out, a rule change shows in this snapshot as the findings it moved
/// and nothing else. `claims::claim_ids_count_in_reading_order` checks the
/// numbers themselves.
fn without_claim_numbers(json: &str) -> String {
    let id = regex::Regex::new(r#"(\.(?:txt|md))#\d+""#).expect("a valid pattern");
    id.replace_all(json, r#"$1#[n]""#).into_owned()
}

fn find<'a>(r: &'a Report, property: &str, subject: Option<&str>, value: &str) -> &'a Finding {
    r.findings
        .iter()
        .find(|f| {
            f.property.as_str() == property
                && f.subject.as_deref() == subject
                && f.values.iter().any(|v| v.value == value)
        })
        .unwrap_or_else(|| panic!("no finding for {property} {subject:?} = {value}"))
}

#[test]
fn the_seeds_agree_on_credits_runtime_rating_cast_and_story() {
    let r = report_of("never-let-me-go");
    for (property, subject, value) in [
        ("director", None, "Mark Romanek"),
        ("source_author", None, "Kazuo Ishiguro"),
        ("screenwriter", None, "Alex Garland"),
        ("source_year", None, "2005"),
        ("runtime", None, "103"),
        ("rating", None, "R"),
        ("cinematographer", None, "Adam Kimmel"),
        ("composer", None, "Rachel Portman"),
        ("cast", Some("Kathy"), "Carey Mulligan"),
        ("cast", Some("Tommy"), "Andrew Garfield"),
        ("cast", Some("Miss Lucy"), "Sally Hawkins"),
        ("story_year", Some("Hailsham"), "1978"),
    ] {
        let f = find(&r, property, subject, value);
        assert_eq!(
            f.verdict,
            Verdict::Agreement,
            "{property} {subject:?}: {}",
            f.explanation
        );
    }
    // "1 hour 43 minutes" in one review, "103 minutes" in another.
    let runtime = find(&r, "runtime", None, "103");
    let quotes: Vec<&str> = runtime
        .values
        .iter()
        .flat_map(|v| &v.quotes)
        .map(|q| &*q.text)
        .collect();
    assert!(
        quotes.iter().any(|q| q.contains("1 hour 43 minutes")),
        "{quotes:?}"
    );
    assert!(
        quotes.iter().any(|q| q.contains("103 minutes")),
        "{quotes:?}"
    );
}

#[test]
fn the_seeds_spell_two_actors_two_ways() {
    let r = report_of("never-let-me-go");
    let madame = find(&r, "cast", Some("Madame Mary Claude"), "Natalie Richard");
    assert_eq!(madame.verdict, Verdict::Variant, "{}", madame.explanation);
    let spelled: Vec<&str> = madame.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(spelled, ["Natalie Richard", "Nathalie Richard"]);
    assert!(madame.values.iter().all(|v| v.sources.len() == 1));
    assert!(
        madame
            .explanation
            .contains("\"Madame\" and \"Madame Mary Claude\" are one character"),
        "{}",
        madame.explanation
    );

    let ruth = find(&r, "cast", Some("Ruth"), "Keira Knightley");
    assert_eq!(ruth.verdict, Verdict::Variant, "{}", ruth.explanation);
    assert!(
        ruth.explanation.contains("\"Knightly\""),
        "{}",
        ruth.explanation
    );
    assert!(
        ruth.explanation
            .contains("most reviews write \"Keira Knightley\""),
        "{}",
        ruth.explanation
    );
}

#[test]
fn premieres_releases_and_years_are_not_contradictions() {
    let r = report_of("never-let-me-go");
    let contradictions: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Contradiction)
        .map(|f| format!("{} {:?}: {}", f.property, f.subject, f.explanation))
        .collect();
    // The seeds disagree on roles and scope (tested below), never on dates,
    // credits, runtime or ratings.
    assert!(
        contradictions
            .iter()
            .all(|c| c.starts_with("role") || c.starts_with("setting")),
        "{contradictions:?}"
    );
    let premiere = find(&r, "release_date", None, "2010-09-03");
    assert_eq!(
        premiere.qualifiers.get("event").map(String::as_str),
        Some("premiere")
    );
    assert_eq!(premiere.verdict, Verdict::Single);
    let release = find(&r, "release_date", None, "2010-10-15");
    assert_eq!(
        release.verdict,
        Verdict::Compatible,
        "{}",
        release.explanation
    );
    assert!(release.values.iter().any(|v| v.value == "2010"));
}

#[test]
fn the_second_corpus_flags_its_planted_contradictions_and_variants() {
    let r = report_of("the-lighthouse-keepers");
    assert_eq!(
        find(&r, "runtime", None, "118").verdict,
        Verdict::Contradiction
    );
    assert_eq!(
        find(&r, "composer", None, "Erik Solberg").verdict,
        Verdict::Contradiction
    );
    assert_eq!(
        find(&r, "story_year", Some("a later part"), "1961").verdict,
        Verdict::Contradiction
    );
    let agnes = find(&r, "cast", Some("Agnes Varga"), "Marianne Holt");
    assert_eq!(agnes.verdict, Verdict::Variant, "{}", agnes.explanation);
    let captain = find(&r, "cast", Some("Captain Elias Ward"), "Richard Carne");
    assert_eq!(
        captain.verdict,
        Verdict::Agreement,
        "{}",
        captain.explanation
    );
    // A US rating and a UK certificate are two facts.
    assert_eq!(find(&r, "rating", None, "12A").verdict, Verdict::Single);
    assert_eq!(find(&r, "rating", None, "PG-13").verdict, Verdict::Single);
    // Reader comments are set aside, not compared.
    assert!(r.summary.comment_claims > 0);
    assert!(
        r.findings
            .iter()
            .all(|f| f.values.iter().all(|v| v.value != "100"))
    );
}

#[test]
fn fail_on_gates_exit_1() {
    let seeds = "tests/fixtures/films/never-let-me-go";
    let lighthouse = "tests/fixtures/films/the-lighthouse-keepers";
    let quiet = "tests/fixtures/styles/arrival-factbox.txt";
    assert_eq!(
        concord(&["report", quiet, "--fail-on", "contradiction"]).0,
        0
    );
    assert_eq!(
        concord(&["report", seeds, "--fail-on", "contradiction"]).0,
        1
    );
    assert_eq!(concord(&["report", seeds, "--fail-on", "variant"]).0, 1);
    assert_eq!(
        concord(&["report", lighthouse, "--fail-on", "contradiction"]).0,
        1
    );
    assert_eq!(concord(&["report", lighthouse]).0, 0);
}

#[test]
fn the_report_json_has_the_contract_shape() {
    let (code, out, _) = concord(&[
        "report",
        "--format",
        "json",
        "tests/fixtures/films/never-let-me-go",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["sources"].as_array().map(Vec::len), Some(5));
    for f in v["findings"].as_array().expect("findings") {
        for key in ["verdict", "property", "subject", "values", "explanation"] {
            assert!(f.get(key).is_some(), "finding without {key}: {f}");
        }
        for value in f["values"].as_array().expect("values") {
            for key in ["value", "sources", "claims"] {
                assert!(value.get(key).is_some(), "value without {key}: {value}");
            }
        }
    }
}

#[test]
fn the_graph_exports_deterministic_dot_and_json() {
    let a = concord(&["graph", "tests/fixtures/films/never-let-me-go"]);
    let b = concord(&["graph", "tests/fixtures/films/never-let-me-go"]);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a, b);
    assert!(a.1.starts_with("graph concord {"));
    assert!(
        a.1.contains("\"person:Keira Knightley\""),
        "the person node"
    );
    let (code, json, _) = concord(&[
        "graph",
        "--format",
        "json",
        "tests/fixtures/films/never-let-me-go",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let edges = v["edges"].as_array().expect("edges");
    assert!(edges.iter().any(|e| e["kind"] == "compatible"));
    assert!(
        edges
            .iter()
            .any(|e| e["kind"] == "same_entity" && e["to"] == "character:Kathy")
    );
}

/// The finding about `property` of `subject`, whatever its values.
fn about<'a>(
    r: &'a Report,
    property: &str,
    subject: Option<&str>,
    role: Option<&str>,
) -> &'a Finding {
    r.findings
        .iter()
        .find(|f| {
            f.property.as_str() == property
                && f.subject.as_deref() == subject
                && f.qualifiers.get("role").map(String::as_str) == role
        })
        .unwrap_or_else(|| panic!("no finding for {property} {subject:?} {role:?}"))
}

#[test]
fn the_seeds_story_claims_agree_by_meaning() {
    let r = report_of("never-let-me-go");
    let life = about(&r, "life_expectancy", None, None);
    assert_eq!(life.verdict, Verdict::Compatible, "{}", life.explanation);
    let sources: std::collections::BTreeSet<&str> = life
        .values
        .iter()
        .flat_map(|v| v.sources.iter().map(|s| &**s))
        .collect();
    assert_eq!(sources.len(), 4, "life expectancy in four reviews");
    let ages = about(&r, "age", Some("they"), None);
    assert_eq!(
        ages.verdict,
        Verdict::Compatible,
        "twenties and early twenties: {}",
        ages.explanation
    );
    for (property, subject, value, verdict, n) in [
        ("duration", "time apart", "10 years", Verdict::Agreement, 2),
        ("count", "Ruth", "2", Verdict::Agreement, 2),
        ("event", "Kathy", "becomes carer", Verdict::Agreement, 3),
        ("event", "Miss Lucy", "dismissed", Verdict::Agreement, 3),
        ("story_year", "The Cottages", "1985", Verdict::Single, 1),
    ] {
        let f = find(&r, property, Some(subject), value);
        assert_eq!(
            f.verdict, verdict,
            "{property} of {subject}: {}",
            f.explanation
        );
        let sources: std::collections::BTreeSet<&str> = f
            .values
            .iter()
            .flat_map(|v| v.sources.iter().map(|s| &**s))
            .collect();
        assert_eq!(sources.len(), n, "{property} of {subject}");
    }
}

#[test]
fn the_seeds_disagree_on_roles_and_scope() {
    let r = report_of("never-let-me-go");
    let madame = about(&r, "role", Some("Madame Mary Claude"), None);
    assert_eq!(
        madame.verdict,
        Verdict::Contradiction,
        "headmistress vs gallery owner"
    );
    let head = about(&r, "role", None, Some("headmistress"));
    assert_eq!(head.verdict, Verdict::Contradiction);
    let names: Vec<&str> = head.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(names, ["Madame Mary Claude", "Miss Emily"]);
    let gallery = about(&r, "role", None, Some("gallery owner"));
    assert_eq!(gallery.verdict, Verdict::Contradiction);
    let scope = about(&r, "setting", Some("Hailsham"), None);
    assert_eq!(
        scope.verdict,
        Verdict::Contradiction,
        "England vs all over the world"
    );
    // Miss Lucy is a teacher in three reviews, and no rumour touches it.
    let lucy = find(&r, "role", Some("Miss Lucy"), "teacher");
    assert_eq!(lucy.verdict, Verdict::Agreement);
}

/// Who runs Hailsham and who owns the gallery is one disagreement: the
/// report has one finding for it, with each of the four statements once,
/// not four findings quoting the same words.
#[test]
fn one_disagreement_about_roles_is_one_finding_with_every_side() {
    // For programs, a finding per fact, the four numbered as one
    // disagreement; the setting is another.
    let slots = report_of("never-let-me-go");
    let numbered: Vec<Option<usize>> = slots
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Contradiction)
        .map(|f| f.disagreement)
        .collect();
    assert_eq!(numbered, [Some(1), Some(1), Some(1), Some(1), None]);
    let r = joined_of("never-let-me-go");
    let contradictions: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Contradiction)
        .collect();
    assert_eq!(contradictions.len(), 2, "roles, and the setting");
    assert_eq!(r.summary.contradiction, 2);
    let roles = contradictions[0];
    assert_eq!(
        roles.joins,
        [
            "who is the gallery owner",
            "who is the headmistress",
            "role of Madame Mary Claude",
            "role of Miss Emily"
        ]
    );
    let sides: Vec<&str> = roles.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(
        sides,
        [
            "Madame Mary Claude is the gallery owner",
            "Madame Mary Claude is the headmistress",
            "Miss Emily is the gallery owner",
            "Miss Emily is the headmistress"
        ]
    );
    // Each claim quoted once.
    let mut claims: Vec<&str> = roles
        .values
        .iter()
        .flat_map(|v| v.claims.iter().map(|c| &**c))
        .collect();
    let n = claims.len();
    claims.sort();
    claims.dedup();
    assert_eq!((n, claims.len()), (4, 4));
    // In prose, the heading says what the disagreement is about.
    let (_, md, _) = concord(&["report", "tests/fixtures/films/never-let-me-go"]);
    assert!(md.contains("### who holds which role\n"), "{md}");
    assert!(!md.contains("### who is the headmistress"), "{md}");
}

/// Prose names facts in words: "release date", not `release_date`, and
/// no "age of they".
#[test]
fn prose_names_facts_in_words() {
    let (_, md, _) = concord(&["report", "tests/fixtures/films/never-let-me-go"]);
    for raw in [
        "release_date",
        "life_expectancy",
        "story_year",
        "source_author",
        "age of they",
    ] {
        assert!(!md.contains(raw), "{raw} in\n{md}");
    }
    assert!(md.contains("### release date (release, US)"), "{md}");
    assert!(md.contains("age (said of \"they\")"), "{md}");
    // The JSON keeps the contract's names.
    let (_, json, _) = concord(&[
        "report",
        "--format",
        "json",
        "tests/fixtures/films/never-let-me-go",
    ]);
    assert!(json.contains("\"property\": \"release_date\""));
}

/// Every JSON document printed whole carries its schema, first.
#[test]
fn json_documents_name_their_schema() {
    let seeds = "tests/fixtures/films/never-let-me-go";
    for (args, schema) in [
        (
            vec!["report", "--format", "json", seeds],
            "concord.report/1",
        ),
        (
            vec![
                "check",
                "tests/fixtures/check/consistent.txt",
                "--against",
                seeds,
                "--format",
                "json",
            ],
            "concord.check/1",
        ),
        (vec!["graph", "--format", "json", seeds], "concord.graph/1"),
        (
            vec!["entities", "--format", "json", seeds],
            "concord.entities/1",
        ),
        (
            vec!["rules", "diff", "--old", "rules", "--format", "json", seeds],
            "concord.rules-diff/1",
        ),
    ] {
        let (code, json, err) = concord(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            json.starts_with(&format!("{{\n  \"schema\": \"{schema}\",\n")),
            "{args:?}: {}",
            &json[..json.len().min(200)]
        );
    }
}

/// A corpus made of the given texts, one review each.
fn report_of_texts(texts: &[&str]) -> Report {
    let rules = builtin();
    let reviews: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            concord::read_claims(
                &concord::input::ReviewFile::new(format!("r{i}.txt"), *t),
                &rules,
            )
        })
        .collect();
    concord::report(&reviews, &rules)
}

#[test]
fn a_second_actor_for_a_part_is_a_contradiction_only_when_they_play_another() {
    let cast = |r: &Report| {
        r.findings
            .iter()
            .find(|f| {
                f.property == concord::model::Property::Cast && f.subject.as_deref() == Some("Nora")
            })
            .map(|f| f.verdict)
    };
    let both = "Nora (Ann Lee) and Mae (Joan Park) are sisters.";
    // A child actor nobody names for another part: two ages of one part.
    let r = report_of_texts(&[both, "As a girl, Nora (Lily Cole) hides in the barn."]);
    assert_eq!(cast(&r), Some(Verdict::Compatible));
    // An actor the reviews give another part: one of them is wrong.
    let r = report_of_texts(&[both, "Nora (Joan Park) hides in the barn."]);
    assert_eq!(cast(&r), Some(Verdict::Contradiction));
}
