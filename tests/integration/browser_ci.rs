//! The browser test's own gate: without Chromium it skips on a
//! developer's machine and fails when CI runs (`CI=true`), so CI cannot
//! pass without it. Run with a PATH that holds no browser (an empty
//! folder: the script needs bash alone to get that far).

use std::path::PathBuf;
use std::process::Command;

use crate::common::root;

/// bash, found on the test's own PATH.
fn bash() -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("bash"))
        .find(|p| p.is_file())
}

fn run_without_a_browser(ci: Option<&str>) -> (i32, String) {
    let empty = std::env::temp_dir().join(format!("concord-no-browser-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("temp dir");
    let mut cmd = Command::new(bash().expect("bash on PATH"));
    cmd.arg("tests/browser/run.sh")
        .current_dir(root())
        .env("PATH", &empty)
        .env_remove("CI");
    if let Some(ci) = ci {
        cmd.env("CI", ci);
    }
    let out = cmd.output().expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn without_chromium_ci_fails_and_a_developer_skips() {
    let (code, out) = run_without_a_browser(Some("true"));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("browser test: FAILED: no Chromium found"),
        "{out}"
    );
    let (code, out) = run_without_a_browser(None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("browser test: SKIPPED"), "{out}");
}
