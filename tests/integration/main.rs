//! concord's integration tests, one binary. Each module is one concern:
//!
//! - `rules`: every built-in rule's examples and counter-examples, and the
//!   hygiene of the rule data (sorted lists, no film's names in patterns);
//! - `claims`: one snapshot of the claims of every fixture review, and the
//!   provenance of every claim (its text is the file's bytes at its span);
//! - `cli`: the command line's exit codes and messages;
//! - `snapshots`: no snapshot without a test that writes it.
//!
//! Shared fixtures and helpers are in `common`.

mod claims;
mod cli;
mod common;
mod rules;
mod snapshots;

/// The names of the snapshots that are not one per fixture review.
pub fn report_snapshot_names() -> &'static [&'static str] {
    &[]
}
