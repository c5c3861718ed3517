//! concord's integration tests, one binary. Each module is one concern:
//!
//! - `rules`: every built-in rule's examples and counter-examples, and the
//!   hygiene of the rule data (sorted lists, no film's names in patterns);
//! - `claims`: one snapshot of the claims of every fixture review, the
//!   provenance of every claim (its text is the file's bytes at its span),
//!   and what `claims --explain` adds;
//! - `report`: one snapshot of the report of every fixture corpus, and the
//!   findings the seeds must give;
//! - `check`: fact-checking new reviews against the seeds;
//! - `html`: the HTML report: a snapshot of the seeds' page, every finding
//!   on it, the grid's marks, review texts whole and escaped;
//! - `rule_errors`: rule files with one problem each, and rules that fail
//!   their own cases, with the message each gives snapshotted;
//! - `rules_diff`: what `concord rules diff` says a rule change moves;
//! - `rule_set`: which rule set a command runs (`./rules` for `rules
//!   check` and `rules diff`), said on stderr, and rule errors' hints;
//! - `eval`: `concord eval` against gold files: the figures as Markdown
//!   and JSON, fact-check labels, thresholds and floors (the gate fails
//!   without a rule file), gold files that cannot be used;
//! - `frames`: the frames' cue words change nothing they find;
//! - `cli`: the command line's exit codes and messages;
//! - `scale`: corpora of many films, parallel and streaming reading, file
//!   lists on stdin;
//! - `limits`: one fact given 20,000 values links, reports and draws in
//!   size linear in the claims; a reference of 20,000 names loads; a rule
//!   set past its bound is refused before it compiles;
//! - `bad_input`: the binary on a folder of bad files next to a good review
//!   (`tests/fixtures/bad/`, and what git cannot hold made on the fly);
//! - `bad_rules`: malformed and hostile rule files fail fast, by file and
//!   line;
//! - `properties`: what holds for any input (proptest): quotes match spans,
//!   output is deterministic, file order does not matter, nothing panics;
//! - `browser_ci`: without Chromium the browser test fails under CI and
//!   skips elsewhere;
//! - `terminal`: output on a terminal, colours, help with examples;
//! - `readme`: the README's commands print the outputs it shows;
//! - `snapshots`: no snapshot without a test that writes it.
//!
//! Shared fixtures and helpers are in `common`.

mod bad_input;
mod bad_rules;
mod browser_ci;
mod check;
mod claims;
mod cli;
mod common;
mod eval;
mod frames;
mod html;
mod limits;
mod properties;
mod readme;
mod report;
mod rule_errors;
mod rule_set;
mod rules;
mod rules_diff;
mod scale;
mod snapshots;
mod terminal;

/// The names of the snapshots that are not one per fixture review.
pub fn report_snapshot_names() -> Vec<String> {
    report::CORPORA
        .iter()
        .flat_map(|c| [format!("report__{c}"), format!("report__{c}__json")])
        .chain(
            check::REVIEWS
                .iter()
                .flat_map(|r| [format!("check__{r}"), format!("check__{r}__json")]),
        )
        .chain(
            ["check__errors__term", "report__never-let-me-go__term"]
                .iter()
                .map(|s| s.to_string()),
        )
        .chain(
            html::HTML_CORPORA
                .iter()
                .map(|c| format!("report__{c}__html")),
        )
        .collect()
}
