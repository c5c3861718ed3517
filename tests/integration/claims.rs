//! The claims of every fixture review: one snapshot per review, so a rule
//! change shows exactly which claims moved; and the provenance of each.

use concord::input::ReviewFile;

use crate::common::{builtin, fixture_reviews, root, snapshot};

fn read(path: &std::path::Path) -> ReviewFile {
    ReviewFile::new(
        path.display().to_string(),
        std::fs::read_to_string(root().join(path)).expect("fixture is UTF-8"),
    )
}

/// The snapshot name of a fixture: its path under `tests/fixtures`, with
/// `/` as `__`.
pub fn snapshot_name(path: &std::path::Path) -> String {
    // A film's reviews keep the names they had before the films moved
    // under films/: `claims__never-let-me-go__000_...`.
    let rel = path
        .strip_prefix("tests/fixtures/films")
        .or_else(|_| path.strip_prefix("tests/fixtures"))
        .expect("a fixture");
    rel.with_extension("")
        .to_string_lossy()
        .replace(['/', '\\'], "__")
}

#[test]
fn claims_of_every_fixture_review() {
    let rules = builtin();
    for path in fixture_reviews() {
        let review = concord::read_claims(&read(&path), &rules);
        let mut md = Vec::new();
        concord::render::claims::markdown(std::slice::from_ref(&review), &mut md).expect("render");
        snapshot!(
            format!("claims__{}", snapshot_name(&path)),
            format!(
                "Claims concord reads from {}: a table per property, with line, quote and rule.",
                path.display()
            ),
            String::from_utf8(md).expect("utf-8")
        );
    }
}

#[test]
fn every_claim_quotes_the_exact_bytes_at_its_span() {
    let rules = builtin();
    let mut checked = 0;
    for path in fixture_reviews() {
        let file = read(&path);
        for c in concord::read_claims(&file, &rules).claims {
            let bytes = &file.text.as_bytes()[c.span.start..c.span.end];
            assert_eq!(bytes, c.text.as_bytes(), "{}: span {:?}", c.id, c.span);
            assert!(!c.text.is_empty(), "{}: empty quote", c.id);
            assert_eq!(
                c.line,
                file.text[..c.span.start].matches('\n').count() + 1,
                "{}",
                c.id
            );
            assert!(c.rule.contains('.'), "{}: rule id {}", c.id, c.rule);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} claims checked");
}

#[test]
fn claim_ids_count_in_reading_order() {
    let rules = builtin();
    for path in fixture_reviews() {
        let review = concord::read_claims(&read(&path), &rules);
        for (i, c) in review.claims.iter().enumerate() {
            assert_eq!(*c.id, format!("{}#{}", path.display(), i + 1));
        }
        assert!(
            review
                .claims
                .windows(2)
                .all(|w| w[0].span.start <= w[1].span.start)
        );
    }
}

#[test]
fn no_claim_comes_from_a_publication_date_line() {
    let rules = builtin();
    for path in fixture_reviews() {
        let file = read(&path);
        let doc = concord::text::Document::new(file.text.clone(), &rules.page);
        let Some(line) = doc
            .lines
            .iter()
            .find(|l| l.kind == concord::text::LineKind::PublicationDate)
        else {
            continue;
        };
        let (start, end) = doc.original_span(line.start, line.end);
        for c in concord::read_claims(&file, &rules).claims {
            assert!(
                c.span.end <= start || c.span.start >= end,
                "{} comes from the date line",
                c.id
            );
        }
    }
}

#[test]
fn the_seeds_publication_dates_are_found() {
    let rules = builtin();
    let published = |name: &str| {
        let path = std::path::PathBuf::from("tests/fixtures/films/never-let-me-go").join(name);
        concord::read_claims(&read(&path), &rules).published
    };
    assert_eq!(
        published("002_8c5291b2a814dd0e.txt").as_deref(),
        Some("2012-02-05")
    );
    assert_eq!(
        published("004_0e27ec211dcc8335.txt").as_deref(),
        Some("2011-01-22")
    );
    assert_eq!(published("000_c7136c75fb2da2a1.txt"), None);
}

#[test]
fn a_bylines_date_is_the_publication_date() {
    let rules = builtin();
    let review = |text: &str| concord::read_claims(&ReviewFile::new("byline.txt", text), &rules);
    for (byline, date) in [
        ("Film Review by Jane Doe | 21 Jun 2011", "2011-06-21"),
        ("By Ray Lamont - March 3, 2017", "2017-03-03"),
    ] {
        let text = format!("A Quiet Film\n\n{byline}\nRelease date: 27 Jun\n\nIt is long.\n");
        let read = review(&text);
        assert_eq!(read.published.as_deref(), Some(date), "{byline}");
        // The year-less release date is read against it.
        let release = read
            .claims
            .iter()
            .find(|c| c.rule.as_ref() == "release.label");
        assert_eq!(
            release.map(|c| c.value.to_string()).as_deref(),
            Some(format!("{}-06-27", &date[..4]).as_str()),
            "{byline}"
        );
    }
    // A byline with no date is no date line.
    assert_eq!(
        review("By Jane Doe | Staff writer\nIt is long.\n").published,
        None
    );
}

#[test]
fn json_output_has_the_contract_shape() {
    let (code, out, err) = crate::common::concord(&[
        "claims",
        "--format",
        "json",
        "tests/fixtures/films/never-let-me-go/004_0e27ec211dcc8335.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let premiere = v
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["qualifiers"]["event"] == "premiere")
        .expect("the premiere");
    for key in [
        "id",
        "source",
        "property",
        "subject",
        "value",
        "qualifiers",
        "span",
        "text",
        "rule",
    ] {
        assert!(premiere.get(key).is_some(), "missing {key}");
    }
    assert_eq!(premiere["value"], "2010-09-03");
    assert_eq!(premiere["property"], "release_date");
    assert_eq!(premiere["subject"], serde_json::Value::Null);
    assert_eq!(premiere["qualifiers"]["place"], "Telluride Film Festival");
    assert_eq!(
        premiere["text"],
        "premiered at the Telluride Film Festival on September 3, 2010"
    );
    assert_eq!(premiere["rule"], "release.premiered-at-on");
    assert!(premiere["span"].as_array().is_some_and(|s| s.len() == 2));
}

#[test]
fn explain_gives_each_claim_its_rule_pattern_and_captures() {
    let rules = builtin();
    let mut explained = 0;
    for path in fixture_reviews() {
        let (review, claims) = concord::explain_claims(&read(&path), &rules);
        let plain = concord::read_claims(&read(&path), &rules);
        assert_eq!(
            review.claims.len(),
            plain.claims.len(),
            "{}: --explain reads other claims",
            path.display()
        );
        for e in claims {
            assert!(!e.captures.is_empty(), "{}: no captures", e.claim.id);
            let names: Vec<&str> = match rules.rules.iter().find(|r| r.id == e.claim.rule) {
                Some(rule) => rule
                    .regex
                    .capture_names()
                    .chain(rule.item.iter().flat_map(|i| i.capture_names()))
                    .flatten()
                    .collect(),
                None => {
                    let frame = rules
                        .frames
                        .iter()
                        .find(|f| *f.id == *e.claim.rule)
                        .expect("the claim's rule or frame");
                    frame.regex.capture_names().flatten().collect()
                }
            };
            for (name, _) in &e.captures {
                assert!(names.contains(&name.as_str()), "{}: {name}", e.claim.id);
            }
            explained += 1;
        }
    }
    assert!(explained > 100);
}

#[test]
fn explain_adds_one_field_to_the_contract_json() {
    let review = "tests/fixtures/films/never-let-me-go/004_0e27ec211dcc8335.txt";
    let (code, plain, _) = crate::common::concord(&["claims", "--format", "json", review]);
    assert_eq!(code, 0);
    let (code, explained, err) =
        crate::common::concord(&["claims", "--format", "json", "--explain", review]);
    assert_eq!(code, 0, "{err}");
    let plain: serde_json::Value = serde_json::from_str(&plain).expect("json");
    let mut explained: serde_json::Value = serde_json::from_str(&explained).expect("json");
    let premiere = explained
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["rule"] == "release.premiered-at-on")
        .expect("the premiere");
    let explain = &premiere["explain"];
    assert_eq!(explain["rule_file"], "rules/release.toml");
    assert!(
        explain["pattern"]
            .as_str()
            .is_some_and(|p| p.contains("(?P<"))
    );
    assert_eq!(
        explain["captures"]["place"].as_str().map(str::trim),
        Some("Telluride Film Festival")
    );
    // Without `explain`, the claims are the contract's, unchanged.
    for c in explained.as_array_mut().expect("array") {
        c.as_object_mut().expect("object").remove("explain");
    }
    assert_eq!(explained, plain);
    assert!(
        !serde_json::to_string(&plain)
            .expect("json")
            .contains("\"explain\"")
    );
}

#[test]
fn explain_reads_the_reviews_of_one_film_as_claims_does() {
    // A corpus of several films, one chosen: with or without `--explain`,
    // the same claims, and only that film's (its folder names it).
    let strip = |json: &str| {
        let mut v: serde_json::Value = serde_json::from_str(json).expect("json");
        for c in v.as_array_mut().expect("array") {
            c.as_object_mut().expect("object").remove("explain");
        }
        v
    };
    let args = ["claims", "tests/fixtures", "--format", "json"];
    let film = ["--film", "The Lighthouse Keepers"];
    let (code, plain, err) = crate::common::concord(&[&args[..], &film[..]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, explained, err) =
        crate::common::concord(&[&args[..], &film[..], &["--explain"][..]].concat());
    assert_eq!(code, 0, "{err}");
    let plain = strip(&plain);
    assert_eq!(strip(&explained), plain);
    let sources: std::collections::BTreeSet<&str> = plain
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["source"].as_str())
        .collect();
    assert!(!sources.is_empty());
    assert!(
        sources
            .iter()
            .all(|s| s.contains("the-lighthouse-keepers/")),
        "{sources:?}"
    );
    // No such film: the same error either way.
    let none = ["--film", "Vertigo"];
    let (code, _, plain_err) = crate::common::concord(&[&args[..], &none[..]].concat());
    assert_eq!(code, 2);
    let (code, _, explain_err) =
        crate::common::concord(&[&args[..], &none[..], &["--explain"][..]].concat());
    assert_eq!(code, 2);
    assert_eq!(explain_err, plain_err);
}

#[test]
fn explain_in_markdown_names_rule_pattern_and_captures() {
    let (code, md, err) = crate::common::concord(&[
        "claims",
        "--explain",
        "tests/fixtures/films/never-let-me-go/004_0e27ec211dcc8335.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("- rule: `runtime.runs-for` (rules/runtime.toml:"),
        "{md}"
    );
    assert!(md.contains("- pattern: `"), "{md}");
    assert!(md.contains("- captures: `value` = \"103 minutes\""), "{md}");
}

#[test]
fn explain_says_how_each_review_was_read_as_claims_does() {
    // The same notes on stderr, and the same notes in the library's
    // reviews, with --explain or without.
    let page = "tests/fixtures/bad/html-page.txt";
    let (code, _, plain) = crate::common::concord(&["claims", page]);
    assert_eq!(code, 0, "{plain}");
    assert!(plain.contains("read as an HTML page"), "{plain}");
    let (code, _, explained) = crate::common::concord(&["claims", "--explain", page]);
    assert_eq!(code, 0, "{explained}");
    assert_eq!(explained, plain);
    let file = read(std::path::Path::new(page));
    let rules = builtin();
    let (review, _) = concord::explain_claims(&file, &rules);
    assert_eq!(review.notes, concord::read_claims(&file, &rules).notes);
}

/// The prefilter only skips work: with it or without it (every rule over
/// the whole text), every fixture review and every rule example gives the
/// same claims. A new rule whose words the prefilter misreads fails here.
#[test]
fn the_prefilter_changes_nothing() {
    let rules = builtin();
    let mut all = rules.clone();
    all.prefilter = concord::rules::Prefilter::none(all.rules.len());
    let mut texts: Vec<ReviewFile> = fixture_reviews().iter().map(|p| read(p)).collect();
    for r in &rules.rules {
        for text in r
            .examples
            .iter()
            .map(|e| &e.text)
            .chain(r.counter_examples.iter().map(|c| &c.text))
        {
            texts.push(ReviewFile::new(r.id.to_string(), text.clone()));
        }
    }
    for file in &texts {
        let fast = concord::read_claims(file, &rules);
        let slow = concord::read_claims(file, &all);
        assert_eq!(
            serde_json::to_string(&fast.claims).expect("json"),
            serde_json::to_string(&slow.claims).expect("json"),
            "{}",
            file.source
        );
    }
}

#[test]
fn a_review_rated_by_one_board_dates_its_own_countrys_release() {
    let rules = builtin();
    let release = |text: &str| {
        let review = concord::read_claims(&ReviewFile::new("local.txt", text), &rules);
        let claim = review
            .claims
            .iter()
            .find(|c| c.rule.as_ref() == "release.in-cinemas-from")
            .cloned()
            .expect("the release is read");
        (
            claim.qualifier("place").map(str::to_string),
            claim.qualifier("place_from").map(str::to_string),
        )
    };
    let dated = "It is in cinemas from 12 November 2010.";
    // A BBFC certificate: a British review, so the UK release.
    assert_eq!(
        release(&format!("Rated 15 for strong language. {dated}")),
        (Some("UK".into()), Some("BBFC rating".into()))
    );
    // Two boards, or a certificate both issue: no country is sure.
    assert_eq!(
        release(&format!("Rated 15. Rated R for violence. {dated}")),
        (None, None)
    );
    assert_eq!(release(&format!("Rated PG. {dated}")), (None, None));
    assert_eq!(release(dated), (None, None));
    // A place the review gives is kept.
    let review = concord::read_claims(
        &ReviewFile::new(
            "local.txt",
            "Rated 15. It opens in Irish cinemas on 12 November 2010.",
        ),
        &rules,
    );
    let placed = review
        .claims
        .iter()
        .find(|c| c.property == concord::model::Property::ReleaseDate)
        .expect("the release is read");
    assert_eq!(placed.qualifier("place"), Some("Irish"));
    assert_eq!(placed.qualifier("place_from"), None);
}

#[test]
fn a_young_version_named_as_a_character_is_the_characters_version() {
    let rules = builtin();
    for text in [
        "CAST: JADEN PINER (Young Kevin), ANDRE HOLLAND (Kevin)",
        "Young Kevin (Jaden Piner) waits outside.",
    ] {
        let review = concord::read_claims(&ReviewFile::new("young.txt", text), &rules);
        let young: Vec<_> = review
            .claims
            .iter()
            .filter(|c| c.value.to_string() == "Jaden Piner")
            .map(|c| (c.subject.as_deref(), c.qualifier("version")))
            .collect();
        assert_eq!(young, [(Some("Kevin"), Some("young"))], "{text}");
    }
}

#[test]
fn a_pair_is_read_by_the_shape_of_its_names_when_nothing_says_their_types() {
    let rules = builtin();
    let text = "Mara Quill (Ada) and Tomas Kessel (Lena) are wonderful.";
    let review = concord::read_claims(&ReviewFile::new("pairs.txt", text), &rules);
    let mut cast: Vec<_> = review
        .claims
        .iter()
        .filter(|c| c.property == concord::model::Property::Cast)
        .map(|c| (c.subject.clone().unwrap_or_default(), c.value.to_string()))
        .collect();
    cast.sort();
    assert_eq!(
        cast,
        [
            ("Ada".to_string(), "Mara Quill".to_string()),
            ("Lena".to_string(), "Tomas Kessel".to_string())
        ]
    );
}
