//! Rule files that are wrong, one problem each (`tests/fixtures/rules/broken/`),
//! and rules that load but fail their own cases
//! (`tests/fixtures/rules/failing/`). Each message is snapshotted, so a
//! change to what a rule author reads shows up in review.

use std::path::{Path, PathBuf};

use concord::rules::{BUILTIN, RuleSet};

use crate::common::{concord, root, snapshot};

const BROKEN: &str = "tests/fixtures/rules/broken";
const FAILING: &str = "tests/fixtures/rules/failing";

/// The `.toml` files of a fixture folder, sorted, relative to the root.
fn cases(folder: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| Path::new(folder).join(p.file_name().expect("a file name")))
        .collect();
    out.sort();
    out
}

/// The snapshot of a rule fixture: its path under `tests/fixtures`, `/` as
/// `__`, like the reviews'.
fn snapshot_name(path: &Path) -> String {
    crate::claims::snapshot_name(path)
}

/// The names of the snapshots this module writes.
pub fn snapshot_names() -> Vec<String> {
    cases(BROKEN)
        .iter()
        .chain(&cases(FAILING))
        .map(|p| snapshot_name(p))
        .collect()
}

/// What the fixture is about: its opening comment, in one line.
fn description(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The built-in lexicon and page patterns with one more file, named by its
/// path as given, so only that file's problems show.
fn with_builtin_lexicon(path: &Path) -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(root().join(path)).expect("fixture is UTF-8");
    let mut sources: Vec<(String, String)> = BUILTIN
        .iter()
        .filter(|(name, _)| *name == "rules/lexicon.toml" || *name == "rules/page.toml")
        .map(|&(n, s)| (n.to_string(), s.to_string()))
        .collect();
    sources.push((path.display().to_string(), text.clone()));
    (text, sources)
}

/// A folder holding the built-in lexicon and page patterns and `path`, for
/// running the command on; removed when dropped.
struct RulesDir(PathBuf);

impl RulesDir {
    fn with(path: &Path, tag: &str) -> RulesDir {
        let dir =
            std::env::temp_dir().join(format!("concord-rule-errors-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for name in ["lexicon.toml", "page.toml"] {
            std::fs::copy(root().join("rules").join(name), dir.join(name)).expect("copy");
        }
        let file = path.file_name().expect("a file name");
        std::fs::copy(root().join(path), dir.join(file)).expect("copy");
        RulesDir(dir)
    }
}

impl Drop for RulesDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

#[test]
fn every_broken_rule_file_fails_with_its_one_problem() {
    let broken = cases(BROKEN);
    assert!(broken.len() >= 9, "only {} broken rule files", broken.len());
    for path in broken {
        let (text, sources) = with_builtin_lexicon(&path);
        let errors = match RuleSet::from_sources(sources) {
            Ok(_) => panic!("{} loads, but it is there to fail", path.display()),
            Err(e) => e,
        };
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("concord: error: {e}"))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "{} should show one problem:\n{}",
            path.display(),
            lines.join("\n")
        );
        let line = &lines[0];
        let at = format!("concord: error: {}:", path.display());
        assert!(line.starts_with(&at), "{line}");
        assert!(line.contains(": rule `"), "no rule id: {line}");
        assert!(line.contains("; hint: "), "no hint: {line}");
        assert!(!line.contains('\n'), "not one line: {line}");
        snapshot!(
            snapshot_name(&path),
            format!("The error for {}: {}", path.display(), description(&text)),
            line
        );
    }
}

#[test]
fn a_broken_rule_file_makes_rules_check_exit_2() {
    for (i, path) in cases(BROKEN).iter().enumerate() {
        let dir = RulesDir::with(path, &i.to_string());
        let dir_arg = dir.0.display().to_string();
        let (code, out, err) = concord(&["--rules", &dir_arg, "rules", "check"]);
        assert_eq!(code, 2, "{}: {err}", path.display());
        assert!(out.is_empty(), "{out}");
        let file = dir.0.join(path.file_name().expect("a file name"));
        // First which rules run, then the error.
        let (note, error) = err.split_once('\n').expect("two lines");
        assert!(note.contains("(--rules), not the built-in ones"), "{note}");
        assert!(
            error.starts_with(&format!("concord: error: {}:", file.display())),
            "{err}"
        );
    }
}

#[test]
fn rules_that_fail_their_cases_are_missing_wrong_or_noisy() {
    for path in cases(FAILING) {
        let (text, sources) = with_builtin_lexicon(&path);
        let rules = match RuleSet::from_sources(sources) {
            Ok(r) => r,
            Err(e) => panic!("{} does not load: {e:?}", path.display()),
        };
        let results = concord::verify::check_all(&rules);
        let mut out = Vec::new();
        concord::render::rules::check(&rules, &results, false, &mut out).expect("render");
        let out = String::from_utf8(out).expect("utf-8");
        for kind in ["ok ", "missing (", "wrong value (", "noisy ("] {
            assert!(out.contains(kind), "no `{kind}` in\n{out}");
        }
        snapshot!(
            snapshot_name(&path),
            format!(
                "`concord rules check` on {}: {}",
                path.display(),
                description(&text)
            ),
            out
        );

        let dir = RulesDir::with(&path, "failing");
        let dir_arg = dir.0.display().to_string();
        let (code, _, err) = concord(&["--rules", &dir_arg, "rules", "check"]);
        assert_eq!(code, 1, "{err}");
    }
}

#[test]
fn the_built_in_rules_pass_rules_check() {
    // From the crate root, `rules check` runs ./rules, the same files.
    let (code, out, err) = concord(&["rules", "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "concord: note: running the rules in ./rules (the current folder holds concord rules), \
          not the built-in ones; `--rules DIR` runs another folder"
        ],
    );
    assert!(out.contains(" 0 failed"), "{out}");
}
