//! Properties that hold for any input (proptest): every claim quotes the
//! bytes at its span, the same input gives the same bytes out, the order of
//! the input files changes nothing in any output format, and nothing
//! panics.
//!
//! The texts are built from pieces of reviews (credits, runtimes, dates,
//! HTML, curly quotes, CRLF, Windows-1252 bytes) mixed with arbitrary
//! characters and bytes, so that rules fire on them; purely random text
//! rarely makes a claim. Case counts are modest to keep `cargo test` fast;
//! the fuzz targets (`fuzz/`) search the same ground for much longer.

use std::sync::LazyLock;

use concord::input::ReviewFile;
use concord::model::ReviewClaims;
use concord::rules::RuleSet;
use proptest::prelude::*;

use crate::common::{builtin, root};

static RULES: LazyLock<RuleSet> = LazyLock::new(builtin);

/// Pieces of reviews and of the pages they come in.
const PIECES: &[&str] = &[
    "Directed by ",
    "directed by ",
    "Mark Romanek",
    "Carey Mulligan",
    "Andrew Garfield",
    " as ",
    "Kathy H.",
    " (",
    ")",
    "It runs ",
    "runs ",
    "103",
    " minutes",
    "1 hour 43 minutes",
    "rated R",
    " for language",
    "premiered at the Telluride Film Festival on September 3, 2010",
    "Jan 22, 2011",
    "In 1978, at Hailsham",
    " starring ",
    "Written by Alex Garland",
    ". ",
    ", ",
    " and ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{FEFF}",
    "\u{2019}",
    "\u{201C}",
    "\u{201D}",
    "\u{2014}",
    "\u{00A0}",
    "Nath\u{00E1}lie",
    "e\u{0301}",
    "<!DOCTYPE html><html>",
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<br/>",
    "<script>",
    "</script>",
    "<style>",
    "<!-- ",
    " -->",
    "<a href=\"x>y\">",
    "&amp;",
    "&#8217;",
    "&nbsp;",
    "&eacute;",
    "&#x1F600;",
    "Comments",
    "1. Ed",
    "   ",
    "7 photos",
    "Photo: Fox Searchlight",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z0-9 .,]{0,12}",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

/// The lines of every fixture review, whole or cut at a random point.
static FIXTURE_LINES: LazyLock<Vec<String>> = LazyLock::new(|| {
    crate::common::fixture_reviews()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect()
});

/// Reviews made of fixture lines, cut and joined anyhow, with pieces and
/// stray characters between: what the rules read, in new company.
fn mixed_strategy() -> impl Strategy<Value = String> {
    let line = (
        prop::sample::select(FIXTURE_LINES.as_slice()),
        0usize..400,
        0usize..400,
    )
        .prop_map(|(l, a, b)| {
            let cut = |n: usize| {
                (0..=n.min(l.len()))
                    .rev()
                    .find(|&i| l.is_char_boundary(i))
                    .unwrap_or(0)
            };
            let (a, b) = (cut(a.min(b)), cut(a.max(b)));
            if b > a { l[a..b].to_string() } else { l }
        });
    let piece = prop_oneof![
        4 => line,
        2 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(&["\n", ", ", "(", ")", ": ", "\"", "'", " 2010 ", "; "][..])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn bytes_strategy() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
        // Windows-1252: a curly apostrophe, an e acute, quotes.
        1 => prop::sample::select(&[0x92u8, 0xE9, 0x93, 0x94, 0x96][..]).prop_map(|b| vec![b]),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.concat())
}

fn claims_json(review: &ReviewClaims) -> Vec<u8> {
    let mut out = Vec::new();
    concord::render::claims::json(std::slice::from_ref(review), &mut out).expect("render");
    out
}

/// The claims of the fixture corpora, read once.
static FIXTURES: LazyLock<Vec<ReviewClaims>> = LazyLock::new(|| {
    ["never-let-me-go", "the-lighthouse-keepers"]
        .iter()
        .flat_map(|c| {
            let (reviews, problems) =
                concord::read_corpus(&[root().join("tests/fixtures/films").join(c)], &RULES);
            assert!(problems.is_empty(), "{problems:?}");
            reviews
        })
        .collect()
});

/// The whole report as JSON: findings, sources, films.
fn findings_json(reviews: &[ReviewClaims]) -> String {
    let report = concord::report(reviews, &RULES);
    let mut out = Vec::new();
    concord::render::report::json(&report, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_claim_quotes_the_bytes_at_its_span(text in text_strategy()) {
        let review = concord::read_claims(&ReviewFile::new("p.txt", text.clone()), &RULES);
        for c in &review.claims {
            prop_assert!(c.span.start < c.span.end && c.span.end <= text.len(), "{c:?}");
            prop_assert_eq!(&text.as_bytes()[c.span.start..c.span.end], c.text.as_bytes());
            prop_assert_eq!(c.line, text[..c.span.start].matches('\n').count() + 1);
        }
        // The same input gives the same bytes out.
        let again = concord::read_claims(&ReviewFile::new("p.txt", text), &RULES);
        prop_assert_eq!(claims_json(&review), claims_json(&again));
    }

    #[test]
    fn any_bytes_read_or_refused_never_panic(bytes in bytes_strategy()) {
        let Ok(file) = ReviewFile::from_bytes("b.txt", &bytes) else {
            return Ok(());
        };
        let review = concord::read_claims(&file, &RULES);
        for c in &review.claims {
            prop_assert!(c.span.start < c.span.end && c.span.end <= bytes.len(), "{c:?}");
            prop_assert_eq!(concord::decode::as_read(&bytes[c.span.start..c.span.end]), c.text.to_string());
        }
    }
}

/// Every rule over the whole text, the reference for the prefilter.
static UNFILTERED: LazyLock<RuleSet> = LazyLock::new(|| {
    let mut all = RULES.clone();
    all.prefilter = concord::rules::Prefilter::none(all.rules.len());
    all
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The prefilter only skips work: the windows it gives each rule hold
    /// every match the whole text holds, whatever the text.
    #[test]
    fn the_prefilter_never_loses_a_claim(text in prop_oneof![mixed_strategy(), text_strategy()]) {
        let file = ReviewFile::new("p.txt", text);
        let fast = concord::read_claims(&file, &RULES);
        let slow = concord::read_claims(&file, &UNFILTERED);
        prop_assert_eq!(
            String::from_utf8(claims_json(&fast)).expect("utf-8"),
            String::from_utf8(claims_json(&slow)).expect("utf-8")
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn the_order_of_the_input_files_does_not_change_the_findings(
        order in Just((0..FIXTURES.len()).collect::<Vec<usize>>()).prop_shuffle(),
        extra in text_strategy(),
    ) {
        // The fixtures and one generated review, in two orders.
        let mut reviews: Vec<ReviewClaims> = FIXTURES.clone();
        reviews.push(concord::read_claims(&ReviewFile::new("generated.txt", extra), &RULES));
        let shuffled: Vec<ReviewClaims> = order
            .iter()
            .map(|&i| FIXTURES[i].clone())
            .chain(reviews.last().cloned())
            .rev()
            .collect();
        prop_assert_eq!(findings_json(&reviews), findings_json(&shuffled));
    }
}

/// Every output a corpus has, each format of each command.
const FORMATS: &[&[&str]] = &[
    &["claims"],
    &["claims", "--format", "json"],
    &["claims", "--format", "jsonl"],
    &["report"],
    &["report", "--format", "json"],
    &["report", "--format", "html"],
    &["graph", "--film", "never-let-me-go"],
    &["entities"],
    &["entities", "--format", "json"],
];

/// Review files of two films, named one by one.
static FILES: LazyLock<Vec<String>> = LazyLock::new(|| {
    crate::common::fixture_reviews()
        .iter()
        .filter(|p| {
            p.starts_with("tests/fixtures/films/never-let-me-go")
                || p.starts_with("tests/fixtures/films/the-lighthouse-keepers")
        })
        .map(|p| p.display().to_string())
        .collect()
});

/// What `concord ARGS FILES...` prints.
fn output(args: &[&str], files: &[&String]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(files.iter().map(|f| f.as_str()));
    let (code, out, err) = crate::common::concord(&all);
    assert_eq!(code, 0, "{all:?}: {err}");
    out
}

static IN_ORDER: LazyLock<Vec<String>> = LazyLock::new(|| {
    let files: Vec<&String> = FILES.iter().collect();
    FORMATS.iter().map(|f| output(f, &files)).collect()
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2))]

    /// The files named in any order give the same bytes in every format.
    #[test]
    fn the_order_of_the_files_named_changes_no_output(
        order in Just((0..FILES.len()).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        prop_assume!(order.windows(2).any(|w| w[0] > w[1]));
        let files: Vec<&String> = order.iter().map(|&i| &FILES[i]).collect();
        for (format, expected) in FORMATS.iter().zip(IN_ORDER.iter()) {
            prop_assert_eq!(&output(format, &files), expected, "{:?}", format);
        }
    }
}
