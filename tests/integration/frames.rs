//! The frames' cue words only skip work: every frame finds the same
//! matches, in the same order, searching only the lines that hold its cues
//! as searching the whole name view. Over every review the repository
//! holds (fixtures, development corpus, held-out reviews) and over random
//! texts.

use std::path::Path;
use std::sync::LazyLock;

use concord::frames::Frames;
use concord::rules::RuleSet;
use concord::text::Document;
use proptest::prelude::*;

use crate::common;

static RULES: LazyLock<RuleSet> = LazyLock::new(common::builtin);
static UNCUED: LazyLock<Frames> = LazyLock::new(|| RULES.frames.without_cues());

/// The frames' evidence of `text`, with and without their cues.
fn both_ways(text: &str) -> (String, String) {
    let doc = Document::new(text.to_string(), &RULES.page);
    let cued = concord::frames::run(&RULES.frames, &doc, &RULES.lexicon, false);
    let whole = concord::frames::run(&UNCUED, &doc, &RULES.lexicon, false);
    (format!("{cued:?}"), format!("{whole:?}"))
}

fn every_review(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a fixtures folder") {
        let p = e.expect("an entry").path();
        if p.is_dir() {
            every_review(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

#[test]
fn cues_never_change_what_a_frame_finds() {
    let mut paths = Vec::new();
    every_review(&common::root().join("tests/fixtures"), &mut paths);
    paths.sort();
    assert!(paths.len() > 150, "only {} reviews found", paths.len());
    let mut candidates = 0;
    for p in &paths {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue; // the bad inputs that are no UTF-8
        };
        let (cued, whole) = both_ways(&text);
        candidates += cued.matches("Candidate {").count();
        assert!(
            cued == whole,
            "{}: the cues change the frames' evidence",
            p.display()
        );
    }
    // The comparison is not empty: the frames read many names.
    assert!(candidates > 1000, "only {candidates} candidates");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn cues_never_change_what_a_frame_finds_in_any_text(
        words in prop::collection::vec(prop::sample::select(vec![
            "Ann Lee", "Bo Dunn", "Kit", "as", "plays", "played by", "directed by", "(", ")",
            ",", "and", "the", "\n", "D:", "W:", "'s", "film", "novel by", "her mother",
            "young", "stars", "score", ".", "is", "brilliant as", "cast:", "\n\n", "voiced by",
        ]), 0..60)
    ) {
        let text = words.join(" ");
        let (cued, whole) = both_ways(&text);
        prop_assert_eq!(cued, whole);
    }
}
