//! Which rule set a command runs: `rules check` and `rules diff` run
//! `./rules` when the current folder holds concord rules (an edit needs no
//! rebuild), the built-in rules otherwise; every command says on stderr
//! when it runs another set than the built-in one, and the other commands
//! say when `./rules` differs from the built-in set they run. Run as the
//! binary, from folders made for each case.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::root;

/// A folder made for one test, removed after it.
struct Folder(PathBuf);

impl Folder {
    /// An empty folder, or one holding a copy of the built-in rules in
    /// `rules/`, with `edit` applied to `rules/runtime.toml`.
    fn new(name: &str, edit: Option<(&str, &str)>) -> Folder {
        let dir =
            std::env::temp_dir().join(format!("concord-ruleset-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).expect("temp dir");
        if let Some((from, to)) = edit {
            let rules = dir.join("rules");
            std::fs::create_dir_all(&rules).expect("rules dir");
            for e in std::fs::read_dir(root().join("rules")).expect("rules") {
                let p = e.expect("entry").path();
                let mut text = std::fs::read_to_string(&p).expect("rule file");
                if p.ends_with("runtime.toml") {
                    assert!(text.contains(from), "the edit applies");
                    text = text.replacen(from, to, 1);
                }
                std::fs::write(rules.join(p.file_name().expect("name")), text).expect("copy");
            }
        }
        Folder(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `concord ARGS` run in `dir`: (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the concord binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An example of `runtime.runs-for` made wrong: 103 minutes said to be 104.
const BREAK: (&str, &str) = (
    "text = \"It runs for 103 minutes and is rated R.\"\nclaims = [{ value = \"103\" }]",
    "text = \"It runs for 103 minutes and is rated R.\"\nclaims = [{ value = \"104\" }]",
);

#[test]
fn rules_check_runs_the_edited_rules_of_the_current_folder() {
    let dir = Folder::new("edited", Some(BREAK));
    let (code, out, err) = run_in(dir.path(), &["rules", "check"]);
    assert_eq!(
        code, 1,
        "the edited example fails without a rebuild: {out}{err}"
    );
    assert!(
        out.contains("FAIL runtime.runs-for (rules/runtime.toml:"),
        "{out}"
    );
    assert!(
        err.contains("running the rules in ./rules (the current folder holds concord rules)"),
        "said on stderr: {err}"
    );
    // --quiet: only the failure.
    let (code, quiet, _) = run_in(dir.path(), &["rules", "check", "--quiet"]);
    assert_eq!(code, 1);
    assert!(quiet.starts_with("FAIL runtime.runs-for"), "{quiet}");
    assert!(!quiet.contains("ok "), "no passing rule: {quiet}");
    assert!(!quiet.contains("passed"), "no summary: {quiet}");
}

#[test]
fn other_commands_run_the_built_in_rules_and_say_rules_differs() {
    let dir = Folder::new("differs", Some(BREAK));
    let seed = root().join("tests/fixtures/check/consistent.txt");
    let seed = seed.to_str().expect("utf-8 path");
    let (code, _, err) = run_in(dir.path(), &["claims", seed]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("running the built-in rules; ./rules differs from them")
            && err.contains("--rules rules"),
        "{err}"
    );
    // With --rules, the folder's rules, said so.
    let (code, _, err) = run_in(dir.path(), &["--rules", "rules", "claims", seed]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("running the rules in rules (--rules)"),
        "{err}"
    );
    // A copy that matches the built-in rules is not worth a word.
    let same = Folder::new("same", Some(("", "")));
    let (_, _, err) = run_in(same.path(), &["claims", seed]);
    assert_eq!(err, "");
}

#[test]
fn without_rules_in_the_current_folder_the_built_in_set_runs_silently() {
    let dir = Folder::new("empty", None);
    let (code, out, err) = run_in(dir.path(), &["rules", "check", "--quiet"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn rules_diff_compares_with_the_current_folders_rules_and_names_old_rev() {
    // `runs` taken out of runtime.runs-for in ./rules; `old/` is the
    // built-in rules as they are.
    let dir = Folder::new("diff", Some(("(?i:runs|running|ran|", "(?i:running|ran|")));
    copy_rules(&dir.path().join("old"));
    let (code, _, err) = run_in(dir.path(), &["rules", "diff", "x.txt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--old-rev REV") && err.contains("--old DIR"),
        "{err}"
    );
    let seeds = root().join(SEEDS);
    let seeds = seeds.to_str().expect("utf-8 path");
    let (code, out, err) = run_in(dir.path(), &["rules", "diff", "--old", "old", seeds]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("running the rules in ./rules"), "{err}");
    assert!(
        out.contains("runs for 103 minutes"),
        "the claim the edit loses is shown lost: {out}"
    );
}

const SEEDS: &str = "tests/fixtures/films/never-let-me-go";

/// A copy of the built-in rules in `to`.
fn copy_rules(to: &Path) {
    std::fs::create_dir_all(to).expect("rules dir");
    for e in std::fs::read_dir(root().join("rules")).expect("rules") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
    }
}

#[test]
fn a_missing_field_says_what_to_add_not_to_fix_the_syntax() {
    let dir = Folder::new("missing", Some(("", "")));
    let file = dir.path().join("rules/runtime.toml");
    let text = std::fs::read_to_string(&file).expect("rule file");
    let without: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("pattern = '''\\b(?i:runs|"))
        .collect();
    assert_eq!(
        without.len() + 1,
        text.lines().count(),
        "one line taken out"
    );
    std::fs::write(&file, without.join("\n")).expect("write");
    let (code, _, err) = run_in(dir.path(), &["rules", "check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing field `pattern`"), "{err}");
    assert!(err.contains("hint: add `pattern = ...`"), "{err}");
    assert!(!err.contains("TOML syntax"), "{err}");
}
