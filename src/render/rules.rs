//! `concord rules check` output: one line per rule, then each failing case
//! with what was expected and what came out; with `--quiet`, only the
//! failing rules.

use std::io::Write;

use crate::rules::RuleSet;
use crate::verify::RuleResult;

/// `quiet`: only the rules that fail, with their cases, and nothing when
/// all pass.
pub fn check(
    rules: &RuleSet,
    results: &[RuleResult],
    quiet: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let cases: usize = results.iter().map(|r| r.cases).sum();
    for r in results {
        if quiet && r.failures.is_empty() {
            continue;
        }
        let status = if r.failures.is_empty() { "ok" } else { "FAIL" };
        writeln!(
            out,
            "{status:4} {} ({}:{}, {} cases)",
            r.id, r.file, r.line, r.cases
        )?;
        for f in &r.failures {
            writeln!(out, "     {f}")?;
        }
    }
    if quiet {
        return Ok(());
    }
    writeln!(
        out,
        "\n{} rules in {} files, {} cases: {} passed, {} failed",
        results.len(),
        rules.files.len(),
        cases,
        results.len() - failed,
        failed
    )
}
