//! The command line: exit codes and messages of the contract.

use crate::common::concord;

#[test]
fn a_missing_path_alone_exits_2_and_names_it() {
    let (code, out, err) = concord(&["claims", "no/such/review.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no/such/review.txt"), "{err}");
    assert!(err.contains("no such file or folder"), "{err}");
}

#[test]
fn a_missing_path_beside_a_good_review_is_a_warning() {
    let (code, out, err) = concord(&[
        "claims",
        "no/such/review.txt",
        "tests/fixtures/films/never-let-me-go/000_c7136c75fb2da2a1.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("concord: warning: no/such/review.txt"),
        "{err}"
    );
    assert!(out.contains("Carey Mulligan"));
}

#[test]
fn output_is_the_same_bytes_every_run() {
    let a = concord(&["claims", "--format", "jsonl", "tests/fixtures"]);
    let b = concord(&["claims", "--format", "jsonl", "tests/fixtures"]);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a, b);
    assert!(a.1.lines().count() > 100);
}

#[test]
fn a_rules_folder_with_a_syntax_error_exits_2_naming_file_and_line() {
    let dir = std::env::temp_dir().join(format!("concord-broken-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("broken.toml"),
        "[[rule]]\nid = \"x.y\"\nproperty = \n",
    )
    .expect("write");
    let dir_arg = dir.display().to_string();
    let (code, _, err) = concord(&[
        "--rules",
        &dir_arg,
        "claims",
        "tests/fixtures/films/never-let-me-go",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert!(err.contains("broken.toml:3:"), "{err}");
}
