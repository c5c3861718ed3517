//! Shared helpers: where the fixtures are, the built-in rules, running the
//! command in-process.

use std::path::{Path, PathBuf};

use concord::rules::RuleSet;

/// The crate root, so tests do not depend on the working directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture review (`tests/fixtures/**/*.txt`), sorted, as paths
/// relative to the crate root. Not the bad inputs, the rule files, nor the
/// development corpus (`dev/`) and the held-out reviews (`heldout/`), which
/// `eval` measures against their gold files rather than by a snapshot per
/// review (and whose words no rule may be written from).
pub fn fixture_reviews() -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(&root().join("tests/fixtures"), &mut out);
    out.sort();
    out.into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| {
            !p.components().any(|c| {
                ["bad", "rules", "dev", "heldout"]
                    .iter()
                    .any(|d| c.as_os_str() == *d)
            })
        })
        .map(|p| {
            p.strip_prefix(root())
                .expect("under the root")
                .to_path_buf()
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("fixtures folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

pub fn builtin() -> RuleSet {
    match RuleSet::builtin() {
        Ok(r) => r,
        Err(errors) => {
            let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("the built-in rules do not load:\n{}", msgs.join("\n"))
        }
    }
}

/// Runs `concord ARGS` in-process from the crate root; returns (exit code,
/// stdout, stderr).
pub fn concord(args: &[&str]) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let cwd = std::env::current_dir().expect("cwd");
    assert_eq!(
        cwd,
        root(),
        "cargo runs integration tests from the crate root"
    );
    let code = concord::cli::main(
        std::iter::once("concord").chain(args.iter().copied()),
        &mut out,
        &mut err,
    );
    (
        code,
        String::from_utf8(out).expect("utf-8 output"),
        String::from_utf8(err).expect("utf-8 errors"),
    )
}

/// The fixture folders of good reviews (not `bad/`, not rule files), as
/// paths relative to the crate root.
pub fn good_fixture_dirs() -> Vec<PathBuf> {
    [
        "check",
        "films/never-let-me-go",
        "styles",
        "films/the-lighthouse-keepers",
        "films/the-remains-of-the-day",
    ]
    .iter()
    .map(|d| PathBuf::from("tests/fixtures").join(d))
    .collect()
}

/// Asserts a snapshot kept in `snapshots/` under `name`, its header saying
/// what it shows (`description`) rather than the expression that made it.
/// A macro, so that each snapshot names the test file it comes from.
macro_rules! snapshot {
    ($name:expr, $description:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => $crate::common::root().join("snapshots"),
            prepend_module_to_snapshot => false,
            description => $description,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
pub(crate) use snapshot;
