//! Malformed and hostile rule files: they never crash concord or make it
//! slow, and every error names the file and line.

use std::time::{Duration, Instant};

use concord::input::ReviewFile;
use concord::rules::RuleSet;

use crate::common::concord;

/// A rule that passes validation but for its pattern.
fn rule(id: &str, pattern: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nproperty = \"runtime\"\ndescription = \"x\"\n\
         pattern = '''{pattern}'''\ncounter_examples = [\"no\"]\n\
         [[rule.examples]]\ntext = \"runs 9 minutes\"\nclaims = [{{ value = \"9\" }}]\n"
    )
}

fn load(files: &[(&str, &str)]) -> (Result<RuleSet, Vec<String>>, Duration) {
    let start = Instant::now();
    let result = RuleSet::from_sources(
        files
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect(),
    )
    .map_err(|errors| errors.iter().map(|e| e.to_string()).collect());
    (result, start.elapsed())
}

fn errors_of(files: &[(&str, &str)]) -> Vec<String> {
    match load(files).0 {
        Ok(_) => panic!("the rules should not load"),
        Err(e) => e,
    }
}

#[test]
fn a_pattern_too_large_to_compile_is_named_by_file_and_line() {
    let file = format!("# a comment\n{}", rule("x.big", r"(?P<value>\w{1000})"));
    let errors = errors_of(&[("rules/big.toml", &file)]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "rules/big.toml:6:11: rule `x.big`: the pattern does not compile: it is larger than"
        ),
        "{errors:?}"
    );
}

#[test]
fn many_large_patterns_fail_together_in_bounded_time() {
    // Each compiles alone (under 1 MiB), a hundred together do not: they
    // are refused before any is compiled on its own, in bounded time.
    let file: String = (0..100)
        .map(|i| rule(&format!("x.r{i}"), r"(?P<value>\w{40})"))
        .collect();
    let (result, took) = load(&[("rules/many.toml", &file)]);
    let errors = result.expect_err("too large together");
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The rule that takes the set past its size is named.
    assert!(
        errors[0].starts_with("rules/many.toml:")
            && errors[0].contains("the rules together are too large to compile")
            && errors[0].contains("this pattern takes them past it"),
        "{errors:?}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn lexicon_pieces_that_multiply_are_refused_quickly() {
    let mut lexicon = String::from("[patterns]\np0 = 'x'\n");
    for i in 1..=7 {
        lexicon.push_str(&format!(
            "p{i} = '{}'\n",
            format!("{{{{p{}}}}}", i - 1).repeat(40)
        ));
    }
    let (result, took) = load(&[
        ("rules/lexicon.toml", &lexicon),
        ("rules/x.toml", &rule("x.y", "(?P<value>{{p7}})")),
    ]);
    let errors = result.expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e
                .starts_with("rules/x.toml:5:11: rule `x.y`: the pattern expands to more than")),
        "{errors:?}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn a_pattern_that_backtracks_elsewhere_runs_in_linear_time() {
    // `(a+)+b` takes exponential time in a backtracking engine on a run of
    // `a`s without a `b`; concord's engine has no backtracking.
    let file = rule("x.nested", r"(?P<value>(?:a+)+b)");
    let rules = match load(&[("rules/x.toml", &file)]).0 {
        Ok(r) => r,
        Err(e) => panic!("{e:?}"),
    };
    let review = ReviewFile::new("r.txt", format!("{}c", "a".repeat(200_000)));
    let start = Instant::now();
    let claims = concord::read_claims(&review, &rules).claims;
    assert!(claims.is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_crash() {
    for nested in [
        format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("x = {}", "{ a = ".repeat(50_000)),
        "[[rule]]\n".repeat(10_000),
    ] {
        let errors = errors_of(&[("rules/deep.toml", &nested)]);
        assert!(
            errors.iter().all(|e| e.starts_with("rules/deep.toml:")),
            "{errors:?}"
        );
    }
}

#[test]
fn a_rules_folder_with_a_non_utf8_file_names_its_line() {
    let dir = std::env::temp_dir().join(format!("concord-latin1-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("latin1.toml"), b"# ok\n# caf\xE9\n").expect("write");
    let dir_arg = dir.display().to_string();
    let (code, _, err) = concord(&[
        "--rules",
        &dir_arg,
        "claims",
        "tests/fixtures/films/never-let-me-go",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert!(
        err.contains("latin1.toml:2:6: the rule file is not UTF-8 text here"),
        "{err}"
    );
}
