//! `concord eval`: the figures against a gold file, as Markdown and JSON
//! (snapshotted on a small gold file of the invented film's reviews and
//! on a few fact-check labels), the gates, and gold files that cannot be
//! used. That the figures equal the reference scorer's on the development
//! corpus is `tests/eval/compare_with_score_py.sh`'s to show (CI runs it);
//! here, that the floors hold today, and that losing a rule file breaks
//! them.

use std::path::{Path, PathBuf};

use crate::common::{concord, root, snapshot};

/// The names of the snapshots this module writes.
pub const SNAPSHOTS: &[&str] = &[
    "eval__the-lighthouse-keepers",
    "eval__the-lighthouse-keepers__json",
    "eval__check",
    "eval__check__json",
    "eval__broken-gold",
];

const LIGHTHOUSE: &str = "tests/fixtures/films/the-lighthouse-keepers";
const LIGHTHOUSE_GOLD: &str = "tests/fixtures/eval/the-lighthouse-keepers.toml";
const SEEDS: &str = "tests/fixtures/films/never-let-me-go";
const DEV: &str = "tests/fixtures/dev";
const FLOORS: &str = "tests/fixtures/dev/floors.toml";

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).expect("eval's JSON")
}

/// `concord eval` of the lighthouse keepers with `extra` arguments.
fn lighthouse(extra: &[&str]) -> (u8, String, String) {
    let mut args = vec!["eval", LIGHTHOUSE, "--gold", LIGHTHOUSE_GOLD];
    args.extend(extra);
    concord(&args)
}

/// A temporary folder of this test process, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("concord-eval-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

#[test]
fn the_figures_of_a_small_gold_file_as_markdown_and_json() {
    let (code, md, err) = lighthouse(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    // Three wrong core claims: a film's year in a title line read as a
    // release, and two of a reader's comment (the scorer counts every
    // claim).
    assert!(md.contains("| core precision | 0.82 | 14 | 17 |"), "{md}");
    assert!(
        md.contains("03_saltirescreen.txt:3 | release date: 2019"),
        "{md}"
    );
    assert!(
        md.contains("| 04_popcornpulpit.txt:9 | director: Tobias Renn |"),
        "{md}"
    );
    assert!(md.contains("gold note: \"It's the early fifties\""), "{md}");
    snapshot!(
        SNAPSHOTS[0],
        "`concord eval` of tests/fixtures/films/the-lighthouse-keepers against tests/fixtures/eval/the-lighthouse-keepers.toml: the figures, by property and review, each claim missed and wrong, each gold finding.",
        md
    );

    let (code, out, err) = lighthouse(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["schema"], "concord.eval/1");
    let claims = &v["corpus"]["claims"];
    for figure in ["recall", "core_recall", "core_precision"] {
        let f = &claims[figure];
        let (hit, total) = (f["hit"].as_u64(), f["total"].as_u64());
        assert!(hit.is_some() && total.is_some(), "{figure}: {f}");
        let value = f["value"].as_f64().expect("a value");
        assert!((value - hit.unwrap_or(0) as f64 / total.unwrap_or(1) as f64).abs() < 1e-12);
    }
    assert_eq!(claims["core_precision"]["hit"], 14);
    assert_eq!(v["corpus"]["findings"]["right"]["total"], 8);
    assert_eq!(v["corpus"]["findings"]["unexpected_flags"], 0);
    assert_eq!(v["passed"], true);
    snapshot!(
        SNAPSHOTS[1],
        "`concord eval --format json` of tests/fixtures/films/the-lighthouse-keepers against tests/fixtures/eval/the-lighthouse-keepers.toml (schema concord.eval/1): every figure with its counts, the claims missed and wrong, the gold findings with what the report gave.",
        out
    );
}

#[test]
fn fact_check_labels_as_markdown_and_json() {
    let args = [
        "eval",
        "--check",
        "tests/fixtures/eval/check.toml",
        "--reviews",
        "tests/fixtures/check",
        "--against",
        SEEDS,
    ];
    let (code, md, err) = concord(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("7 of 7 labels right (1.00), 2 reviews checked."),
        "{md}"
    );
    assert!(md.contains("| ok | errors.txt | source_author = Kazuo Ishiguro | supported | supported | check.toml:22 |"), "{md}");
    snapshot!(
        SNAPSHOTS[2],
        "`concord eval --check tests/fixtures/eval/check.toml`: the reviews of tests/fixtures/check checked against the seeds, each label right or wrong.",
        md
    );
    let (code, out, err) = concord(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["schema"], "concord.eval/1");
    assert_eq!(v["check"]["right"]["hit"], 7);
    assert_eq!(v["check"]["right"]["total"], 7);
    let labels = v["check"]["labels"].as_array().expect("labels");
    let refuted = labels
        .iter()
        .find(|l| l["property"] == "runtime" && l["want"] == "refuted")
        .expect("the runtime of errors.txt");
    assert_eq!(refuted["got"], "refuted");
    assert_eq!(refuted["checked"]["claim"]["value"], "110");
    assert!(
        !refuted["checked"]["evidence"]
            .as_array()
            .expect("evidence")
            .is_empty()
    );
    snapshot!(
        SNAPSHOTS[3],
        "`concord eval --check tests/fixtures/eval/check.toml --format json` (schema concord.eval/1): each label with the checked claim and its evidence.",
        out
    );
}

#[test]
fn thresholds_set_the_exit_code() {
    // recall 18/22 (0.818), core precision 13/15, findings 7/8, no
    // unexpected flag.
    for (args, want) in [
        (&["--min-recall", "0.86"][..], 0),
        (&["--min-recall", "0.87"][..], 1),
        (&["--min-core-recall", "0.875"][..], 0),
        (&["--min-core-recall", "0.88"][..], 1),
        (&["--min-precision", "0.82"][..], 0),
        (&["--min-precision", "1"][..], 1),
        (&["--min-findings", "0.875"][..], 0),
        (&["--min-findings", "0.9"][..], 1),
        (&["--max-unexpected-flags", "0"][..], 0),
        (&["--min-recall", "0.5", "--min-precision", "0.9"][..], 1),
    ] {
        let (code, md, err) = lighthouse(args);
        assert_eq!(code, want, "{args:?}: {err}");
        assert!(md.contains("## Gates"), "{args:?}");
        if want == 1 {
            assert!(
                err.contains("concord: gate failed: the-lighthouse-keepers: "),
                "{err}"
            );
            assert!(md.contains("| FAIL |"), "{md}");
        } else {
            assert_eq!(err, "", "{args:?}");
        }
    }
    // Without a bound, no gates.
    let (code, md, _) = lighthouse(&[]);
    assert_eq!(code, 0);
    assert!(!md.contains("## Gates"));
    // The labels' bound.
    let check = [
        "eval",
        "--check",
        "tests/fixtures/eval/check.toml",
        "--reviews",
        "tests/fixtures/check",
        "--against",
        SEEDS,
    ];
    let (code, _, _) = concord(&[&check[..], &["--min-labels", "1"]].concat());
    assert_eq!(code, 0);
    // Without the frames of rules/people.toml, "the Kazuo Ishiguro novel"
    // is no claim, and one label of seven goes wrong.
    let rules = TempDir::new("rules-without-people");
    for e in std::fs::read_dir(root().join("rules")).expect("rules/") {
        let path = e.expect("entry").path();
        if path.file_name().is_some_and(|n| n != "people.toml") {
            std::fs::copy(&path, rules.path().join(path.file_name().expect("a name")))
                .expect("copy a rule file");
        }
    }
    let rules_arg = rules.path().display().to_string();
    let (code, _, err) = concord(
        &[
            &["--rules", rules_arg.as_str()][..],
            &check[..],
            &["--min-labels", "0.9"],
        ]
        .concat(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("gate failed: check: labels right 0.86 (6/7) is below 0.9"),
        "{err}"
    );
    // Bounds that make no sense are usage errors.
    for args in [
        &["--min-recall", "1.5"][..],
        &["--min-recall", "most"][..],
        &["--min-labels", "0.5"][..],
    ] {
        let (code, _, err) = lighthouse(args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
}

#[test]
fn the_floors_hold_today_and_fail_without_a_rule_file() {
    let (code, _, err) = concord(&[
        "eval",
        &format!("{DEV}/reviews/the-reader"),
        "--gold",
        &format!("{DEV}/gold/the-reader.toml"),
        "--floors",
        FLOORS,
    ]);
    assert_eq!(code, 0, "the floors of the-reader do not hold today: {err}");
    let (code, _, err) = concord(&[
        "eval",
        SEEDS,
        "--gold",
        &format!("{DEV}/gold/seeds.toml"),
        "--floors",
        FLOORS,
    ]);
    assert_eq!(code, 0, "the floors of the seeds do not hold today: {err}");

    // The rules without their runtime file: every runtime claim is lost.
    let rules = TempDir::new("rules");
    for e in std::fs::read_dir(root().join("rules")).expect("rules/") {
        let path = e.expect("entry").path();
        if path.file_name().is_some_and(|n| n != "runtime.toml") {
            std::fs::copy(&path, rules.path().join(path.file_name().expect("a name")))
                .expect("copy a rule file");
        }
    }
    assert!(!rules.path().join("runtime.toml").exists());
    let rules_arg = rules.path().display().to_string();
    let (code, md, err) = concord(&[
        "--rules",
        &rules_arg,
        "eval",
        &format!("{DEV}/reviews/the-reader"),
        "--gold",
        &format!("{DEV}/gold/the-reader.toml"),
        "--floors",
        FLOORS,
    ]);
    assert_eq!(code, 1, "the gate should fail: {err}");
    assert!(
        err.contains("concord: gate failed: the-reader: core recall "),
        "{err}"
    );
    assert!(
        md.lines()
            .any(|l| l.starts_with("| core recall | at least ") && l.ends_with("| FAIL |")),
        "{md}"
    );
    assert!(md.contains("| runtime | core | 0.00 (0/"), "{md}");
    let (code, _, err) = concord(&[
        "--rules",
        &rules_arg,
        "eval",
        SEEDS,
        "--gold",
        &format!("{DEV}/gold/seeds.toml"),
        "--floors",
        FLOORS,
    ]);
    assert_eq!(code, 1, "the gate should fail: {err}");
    assert!(err.contains("gate failed: seeds: core recall"), "{err}");
}

#[test]
fn a_floors_file_needs_a_table_for_the_gold_file() {
    let dir = TempDir::new("floors");
    let floors = dir.path().join("floors.toml");
    std::fs::write(&floors, "[another-film]\nmin_recall = 0.5\n").expect("write");
    let floors = floors.display().to_string();
    let (code, _, err) = lighthouse(&["--floors", &floors]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no [the-lighthouse-keepers] table of floors"),
        "{err}"
    );
    // A flag overrides the floors file's bound.
    std::fs::write(
        dir.path().join("floors.toml"),
        "[the-lighthouse-keepers]\nmin_recall = 0.9\nmax_unexpected_flags = 0\n",
    )
    .expect("write");
    let (code, _, _) = lighthouse(&["--floors", &floors]);
    assert_eq!(code, 1);
    let (code, md, err) = lighthouse(&["--floors", &floors, "--min-recall", "0.8"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("| recall | at least 0.8 |"), "{md}");
    assert!(
        md.contains("| unexpected flags | at most 0 | 0 | ok |"),
        "{md}"
    );
    // Today's figures as floors pass.
    let (code, floors_now, _) = lighthouse(&["--format", "floors"]);
    assert_eq!(code, 0);
    assert!(
        floors_now.starts_with("[the-lighthouse-keepers]\nmin_recall = 0.8636  # 19/22\n"),
        "{floors_now}"
    );
    std::fs::write(dir.path().join("floors.toml"), &floors_now).expect("write");
    let (code, _, err) = lighthouse(&["--floors", &floors]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_gold_file_that_cannot_be_used_exits_2_naming_file_and_line() {
    let broken = root().join("tests/fixtures/eval/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&broken)
        .expect("tests/fixtures/eval/broken")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut all = String::new();
    for path in files {
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        let rel = format!("tests/fixtures/eval/broken/{name}");
        let (code, out, err) = lighthouse_with_gold(&rel);
        assert_eq!(code, 2, "{rel}: {err}");
        assert_eq!(out, "", "{rel}: nothing is measured");
        let prefix = format!("concord: error: {rel}:");
        assert!(err.starts_with(&prefix), "{rel}: {err}");
        // file:line:column, then what and a hint.
        let place = err[prefix.len()..].split(':').take(2).collect::<Vec<_>>();
        assert!(
            place.len() == 2 && place.iter().all(|n| n.parse::<usize>().is_ok()),
            "{err}"
        );
        assert!(err.contains("; hint: "), "{err}");
        all.push_str(&format!("## {name}\n{err}\n"));
    }
    snapshot!(
        SNAPSHOTS[4],
        "`concord eval --gold` with each gold file of tests/fixtures/eval/broken/ (one problem each): the error, at file:line:column, with a hint.",
        all
    );
    // A gold file that is not there.
    let (code, _, err) = lighthouse_with_gold("tests/fixtures/eval/no-such-gold.toml");
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-gold.toml: cannot read the gold file"),
        "{err}"
    );
}

fn lighthouse_with_gold(gold: &str) -> (u8, String, String) {
    concord(&["eval", LIGHTHOUSE, "--gold", gold])
}

#[test]
fn a_gold_review_the_corpus_lacks_is_said_and_counted_missed() {
    let dir = TempDir::new("gold");
    let gold = dir.path().join("gold.toml");
    std::fs::write(
        &gold,
        "[properties]\ncore = [\"runtime\"]\n\n[[claim]]\nsource = \"01_filmledger\"\nproperty = \"runtime\"\nvalue = \"112\"\n\n[[claim]]\nsource = \"05_nowhere\"\nproperty = \"runtime\"\nvalue = \"112\"\n",
    )
    .expect("write");
    let (code, md, err) = lighthouse_with_gold(&gold.display().to_string());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("gold.toml:12: the gold names a review `05_nowhere` the corpus does not hold"),
        "{err}"
    );
    assert!(md.contains("| recall | 0.50 | 1 | 2 |"), "{md}");
    assert!(
        md.contains("| 05_nowhere (no such review) | runtime: 112 |"),
        "{md}"
    );
}

#[test]
fn check_entries_need_a_corpus_and_a_review_that_exists() {
    let dir = TempDir::new("check");
    let gold = dir.path().join("check.toml");
    std::fs::write(
        &gold,
        "[[check]]\nreview = \"errors.txt\"\nproperty = \"runtime\"\nvalue = \"110\"\nlabel = \"refuted\"\n\n[[check]]\nreview = \"gone.txt\"\ncorpus = \"never-let-me-go\"\nproperty = \"runtime\"\nvalue = \"110\"\nlabel = \"refuted\"\n",
    )
    .expect("write");
    let gold = gold.display().to_string();
    let (code, out, err) = concord(&[
        "eval",
        "--check",
        &gold,
        "--reviews",
        "tests/fixtures/check",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains(
            "check.toml:2:1: the check of `errors.txt` names no corpus, and --against gives none"
        ),
        "{err}"
    );
    assert!(
        err.contains("check.toml:8:1: the review to check cannot be read"),
        "{err}"
    );
}
