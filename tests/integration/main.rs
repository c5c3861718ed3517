//! concord's integration tests, one binary. Each module is one concern:
//!
//! - `rules`: every built-in rule's examples and counter-examples, and the
//!   hygiene of the rule data (sorted lists, no film's names in patterns);
//! - `claims`: one snapshot of the claims of every fixture review, and the
//!   provenance of every claim (its text is the file's bytes at its span);
//! - `report`: one snapshot of the report of every fixture corpus, and the
//!   findings the seeds must give;
//! - `cli`: the command line's exit codes and messages;
//! - `bad_input`: the binary on a folder of bad files next to a good review
//!   (`tests/fixtures/bad/`, and what git cannot hold made on the fly);
//! - `bad_rules`: malformed and hostile rule files fail fast, by file and
//!   line;
//! - `properties`: what holds for any input (proptest): quotes match spans,
//!   output is deterministic, file order does not matter, nothing panics;
//! - `snapshots`: no snapshot without a test that writes it.
//!
//! Shared fixtures and helpers are in `common`.

mod bad_input;
mod bad_rules;
mod claims;
mod cli;
mod common;
mod properties;
mod report;
mod rules;
mod snapshots;

/// The names of the snapshots that are not one per fixture review.
pub fn report_snapshot_names() -> Vec<String> {
    report::CORPORA
        .iter()
        .flat_map(|c| [format!("report__{c}"), format!("report__{c}__json")])
        .collect()
}
