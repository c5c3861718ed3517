//! `concord rules diff`: what a rule change moves. Removing a rule file
//! must lose exactly the claims its rules made, and the findings built on
//! them; the seeds without the runtime rules are snapshotted as the worked
//! example of the README.

use std::collections::BTreeSet;
use std::path::PathBuf;

use concord::diff::{Movement, RuleDiff, Side};
use concord::model::ReviewClaims;
use concord::reconcile::Verdict;
use concord::rules::{BUILTIN, RuleSet};

use crate::common::{builtin, concord, snapshot};

/// The names of the snapshots this module writes.
pub const SNAPSHOTS: &[&str] = &["rules_diff__never-let-me-go__without-runtime"];

fn side(rules: &RuleSet, reviews: &[ReviewClaims]) -> Side {
    Side {
        rules: String::new(),
        files: rules.files.len(),
        rule_count: rules.rules.len(),
        claims: reviews.iter().map(|r| r.claims.len()).sum(),
    }
}

fn read(rules: &RuleSet) -> Vec<ReviewClaims> {
    let (reviews, problems) = concord::read_corpus(&crate::common::good_fixture_dirs(), rules);
    assert!(problems.is_empty(), "{problems:?}");
    reviews
}

/// A claim without its id, which renumbers when claims come and go.
fn key(c: &concord::model::Claim) -> String {
    format!(
        "{}:{:?} {} {:?} {} {:?} {}",
        c.source, c.span, c.property, c.subject, c.value, c.qualifiers, c.rule
    )
}

#[test]
fn without_a_rule_file_exactly_its_claims_are_lost() {
    let all = builtin();
    let reviews = read(&all);
    let report = concord::report(&reviews, &all);
    let families: Vec<&str> = BUILTIN
        .iter()
        .map(|(n, _)| *n)
        // Word lists only: no rule of their own.
        .filter(|n| !["rules/lexicon.toml", "rules/page.toml", "rules/names.toml"].contains(n))
        .collect();
    assert!(families.len() >= 5, "{families:?}");
    for file in families {
        let sources: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(n, _)| *n != file)
            .map(|&(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let fewer = match RuleSet::from_sources(sources) {
            Ok(r) => r,
            Err(e) => panic!("the rules without {file} do not load: {e:?}"),
        };
        let fewer_reviews = read(&fewer);
        let fewer_report = concord::report(&fewer_reviews, &fewer);
        let diff: RuleDiff = concord::diff::compare(
            (side(&all, &reviews), &reviews, &report),
            (side(&fewer, &fewer_reviews), &fewer_reviews, &fewer_report),
        );
        let its_rules: BTreeSet<&str> = all
            .rules
            .iter()
            .filter(|r| r.file == file)
            .map(|r| &*r.id)
            .chain(
                all.frames
                    .iter()
                    .filter(|f| f.file == file)
                    .map(|f| f.id.as_str()),
            )
            .collect();
        // A release placed by the review's rating (`place_from`) moves
        // with the rules that read ratings: that is the one claim of other
        // rules a rule file's claims change.
        let rates = all
            .rules
            .iter()
            .any(|r| r.file == file && r.property == concord::model::Property::Rating);
        let made: BTreeSet<String> = reviews
            .iter()
            .flat_map(|r| &r.claims)
            .filter(|c| {
                its_rules.contains(&*c.rule) || (rates && c.qualifier("place_from").is_some())
            })
            .map(key)
            .collect();
        assert!(!made.is_empty(), "the rules of {file} read nothing");
        // A frame reads its names by the film's entity table, which the
        // votes of every file's frames feed: without a file that votes,
        // another file's frames may read a name otherwise, and their claims
        // move with it.
        let votes = all
            .frames
            .iter()
            .any(|f| f.file == file && !f.votes.is_empty());
        let others_frames: BTreeSet<&str> = all
            .frames
            .iter()
            .filter(|f| f.file != file)
            .map(|f| f.id.as_str())
            .collect();
        let moved: BTreeSet<String> = diff
            .lost
            .iter()
            .chain(diff.changed.iter().map(|c| &c.old))
            .filter(|c| !(votes && others_frames.contains(&*c.rule)))
            .map(key)
            .collect();
        assert_eq!(
            moved, made,
            "without {file}, the claims lost or changed are not the claims its rules made"
        );
        assert!(
            diff.gained
                .iter()
                .chain(diff.changed.iter().map(|c| &c.new))
                .all(|c| !its_rules.contains(&*c.rule)),
            "a claim of {file}'s rules after removing it"
        );
    }
}

#[test]
fn without_the_runtime_rules_the_seeds_lose_103_minutes_and_its_agreement() {
    let dir = std::env::temp_dir().join(format!("concord-no-runtime-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in BUILTIN {
        if *name != "rules/runtime.toml" {
            let file = name.strip_prefix("rules/").expect("under rules/");
            std::fs::write(dir.join(file), text).expect("write");
        }
    }
    let new = dir.display().to_string();
    let seeds = "tests/fixtures/films/never-let-me-go";
    let (code, json, err) = concord(&[
        "rules", "diff", "--old", "rules", "--new", &new, "--format", "json", seeds,
    ]);
    let (md_code, md, _) = concord(&["rules", "diff", "--old", "rules", "--new", &new, seeds]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    assert_eq!(md_code, 0);

    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let lost = v["lost"].as_array().expect("lost");
    assert!(lost.len() >= 2, "{lost:?}");
    for c in lost {
        assert_eq!(c["property"], "runtime", "{c}");
        assert_eq!(c["value"], "103", "{c}");
        assert!(
            c["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("runtime."))
        );
    }
    assert_eq!(v["gained"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["changed"].as_array().map(Vec::len), Some(0));
    let findings = v["findings"].as_array().expect("findings");
    let runtime: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["property"] == "runtime")
        .collect();
    assert_eq!(runtime.len(), 1, "{findings:?}");
    assert_eq!(runtime[0]["change"], "disappeared");
    assert_eq!(runtime[0]["old"]["verdict"], "agreement");
    assert_eq!(runtime[0]["new"], serde_json::Value::Null);

    // The heading counts every rule of both sets, and names a temporary
    // folder: the snapshot starts after it, so that adding a rule anywhere
    // else does not change it.
    let (heading, moved) = md.split_once("\n| what moved").expect("something moved");
    assert!(heading.contains("Old rules: `rules` ("), "{heading}");
    assert!(heading.contains("5 reviews in `tests/fixtures/films/never-let-me-go/`"));
    let md = format!("| what moved{moved}");
    snapshot!(
        SNAPSHOTS[0],
        "`concord rules diff` over tests/fixtures/films/never-let-me-go, from the built-in rules to the same without rules/runtime.toml (the output after its heading): the runtime claims lost and the runtime agreement gone.",
        md
    );
}

#[test]
fn the_same_rules_move_nothing() {
    let (code, out, err) = concord(&["rules", "diff", "--old", "rules", "tests/fixtures/styles"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Nothing moved"), "{out}");
}

#[test]
fn old_rules_from_a_git_revision() {
    let in_git = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!("not a git checkout with commits: --old-rev is not tested here");
        return;
    }
    let (code, out, err) = concord(&[
        "rules",
        "diff",
        "--old-rev",
        "HEAD",
        "tests/fixtures/styles",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Old rules: `HEAD:rules/`"), "{out}");

    let (code, _, err) = concord(&[
        "rules",
        "diff",
        "--old-rev",
        "no-such-revision-anywhere",
        "tests/fixtures/styles",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--old-rev no-such-revision-anywhere: git knows no such revision"),
        "{err}"
    );
}

#[test]
fn old_rules_are_required_once() {
    let (code, _, err) = concord(&["rules", "diff", "tests/fixtures/styles"]);
    assert_eq!(code, 2);
    assert!(err.contains("--old"), "{err}");
    let (code, _, err) = concord(&[
        "rules",
        "diff",
        "--old",
        "rules",
        "--old-rev",
        "HEAD",
        "tests/fixtures/styles",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

/// The built-in rules with the rule `id` cut out of its file.
fn without_rule(id: &str) -> RuleSet {
    let sources: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|&(n, s)| {
            let kept: Vec<&str> = s
                .split("[[rule]]")
                .filter(|block| !block.contains(&format!("id = \"{id}\"")))
                .collect();
            (n.to_string(), kept.join("[[rule]]"))
        })
        .collect();
    let rules = match RuleSet::from_sources(sources) {
        Ok(r) => r,
        Err(e) => panic!("the rules without {id} do not load: {e:?}"),
    };
    assert!(rules.rules.iter().all(|r| &*r.id != id));
    rules
}

/// The diff over the seeds between the built-in rules and `new`.
fn seeds_diff(all: &RuleSet, new: &RuleSet) -> RuleDiff {
    let seeds = [PathBuf::from("tests/fixtures/films/never-let-me-go")];
    let (old_reviews, _) = concord::read_corpus(&seeds, all);
    let (new_reviews, _) = concord::read_corpus(&seeds, new);
    let old_report = concord::report(&old_reviews, all);
    let new_report = concord::report(&new_reviews, new);
    concord::diff::compare(
        (side(all, &old_reviews), &old_reviews, &old_report),
        (side(new, &new_reviews), &new_reviews, &new_report),
    )
}

#[test]
fn a_finding_whose_verdict_changes_shows_both_sides() {
    let all = builtin();
    let diff = seeds_diff(&all, &without_rule("runtime.runs-for"));
    assert!(
        diff.gained.is_empty() && diff.changed.is_empty(),
        "{diff:?}"
    );
    let lost: Vec<(&str, String)> = diff
        .lost
        .iter()
        .map(|c| (&*c.rule, c.value.to_string()))
        .collect();
    assert_eq!(lost, [("runtime.runs-for", "103".to_string())]);
    // "runs for 103 minutes" was one of two reviews agreeing on 103
    // minutes: the other now stands alone.
    let runtime: Vec<_> = diff
        .findings
        .iter()
        .filter(|f| f.fact == "runtime")
        .collect();
    assert_eq!(runtime.len(), 1, "{:?}", diff.findings);
    assert_eq!(runtime[0].change, Movement::Verdict);
    assert_eq!(
        runtime[0].old.as_ref().map(|o| o.verdict),
        Some(Verdict::Agreement)
    );
    assert_eq!(
        runtime[0].new.as_ref().map(|n| n.verdict),
        Some(Verdict::Single)
    );
}

#[test]
fn a_claim_another_rule_takes_over_is_changed_not_lost() {
    // Without `runtime.label`, "Run Time\n1 hour 43 minutes" is still read,
    // by `runtime.standalone`, from fewer words.
    let all = builtin();
    let diff = seeds_diff(&all, &without_rule("runtime.label"));
    assert!(diff.lost.is_empty() && diff.gained.is_empty(), "{diff:?}");
    assert_eq!(diff.changed.len(), 1, "{:?}", diff.changed);
    let c = &diff.changed[0];
    assert_eq!(c.changed, ["span", "rule"]);
    assert_eq!(
        (&*c.old.rule, &*c.new.rule),
        ("runtime.label", "runtime.standalone")
    );
    assert_eq!(&*c.new.text, "1 hour 43 minutes");
    assert!(diff.findings.is_empty(), "{:?}", diff.findings);
}
