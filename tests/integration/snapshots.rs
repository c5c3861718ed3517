//! Every snapshot in `snapshots/` belongs to a test: a snapshot whose
//! fixture is gone is a claim about nothing, and fails here.

use std::collections::BTreeSet;

use crate::claims::snapshot_name;
use crate::common::{fixture_reviews, root};

#[test]
fn no_orphaned_snapshots() {
    let mut expected: BTreeSet<String> = fixture_reviews()
        .iter()
        .map(|p| format!("claims__{}.snap", snapshot_name(p)))
        .collect();
    expected.extend(
        crate::rule_errors::snapshot_names()
            .iter()
            .map(|n| format!("{n}.snap")),
    );
    expected.extend(crate::eval::SNAPSHOTS.iter().map(|n| format!("{n}.snap")));
    expected.extend(
        crate::rules_diff::SNAPSHOTS
            .iter()
            .map(|n| format!("{n}.snap")),
    );
    expected.extend(
        crate::report_snapshot_names()
            .iter()
            .map(|n| format!("{n}.snap")),
    );
    let mut orphans = Vec::new();
    for e in std::fs::read_dir(root().join("snapshots")).expect("snapshots folder") {
        let name = e.expect("entry").file_name().to_string_lossy().to_string();
        if name.ends_with(".snap") && !expected.contains(&name) {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots no test writes (delete them): {orphans:?}"
    );
}
