//! The gate: the least each figure may be (the most, for unexpected
//! flags), from the command line or from a floors file, and whether the
//! figures pass.
//!
//! A floors file is TOML, a table per gold file, named by the gold file's
//! name without `.toml` (`[the-reader]` for `gold/the-reader.toml`), whose
//! keys are the flags' names:
//!
//! ```toml
//! [the-reader]
//! min_recall = 0.5535          # 62/112
//! min_core_recall = 0.6944     # 50/72
//! min_precision = 0.9636       # 53/55
//! min_findings = 0.3636        # 8/22
//! max_unexpected_flags = 1
//!
//! [check]
//! min_labels = 0.4065          # 37/91
//! ```
//!
//! Set at the day's figures (`concord eval --format floors` prints them,
//! rounded down), it is a ratchet: a change that lowers a figure fails, and
//! a change that raises one raises its floor in the same commit.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::gold::{parse_toml, read_text};
use super::score::Ratio;
use crate::error::{Error, Location};

/// The bounds of one gold file's figures. Each is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Least recall of all required gold claims.
    pub min_recall: Option<f64>,
    /// Least recall of the core properties' claims.
    pub min_core_recall: Option<f64>,
    /// Least precision of concord's core claims.
    pub min_precision: Option<f64>,
    /// Least share of gold findings right.
    pub min_findings: Option<f64>,
    /// Most contradictions and variants no gold finding expects.
    pub max_unexpected_flags: Option<usize>,
    /// Least share of fact-check labels right.
    pub min_labels: Option<f64>,
}

impl Bounds {
    /// These bounds, each replaced by `over`'s where it has one.
    pub fn overridden_by(self, over: Bounds) -> Bounds {
        Bounds {
            min_recall: over.min_recall.or(self.min_recall),
            min_core_recall: over.min_core_recall.or(self.min_core_recall),
            min_precision: over.min_precision.or(self.min_precision),
            min_findings: over.min_findings.or(self.min_findings),
            max_unexpected_flags: over.max_unexpected_flags.or(self.max_unexpected_flags),
            min_labels: over.min_labels.or(self.min_labels),
        }
    }

    /// Whether any bound is set.
    pub fn any(&self) -> bool {
        *self != Bounds::default()
    }

    /// The bounds on claims and findings (those of a `--gold` file).
    pub fn of_gold(self) -> Bounds {
        Bounds {
            min_labels: None,
            ..self
        }
    }

    /// The bound on labels (that of a `--check` file).
    pub fn of_check(self) -> Bounds {
        Bounds {
            min_labels: self.min_labels,
            ..Bounds::default()
        }
    }
}

/// A floors file: the bounds of each gold file, by its name.
#[derive(Debug, Clone)]
pub struct Floors {
    pub file: String,
    pub tables: BTreeMap<String, Bounds>,
}

impl Floors {
    pub fn load(path: &Path) -> Result<Floors, Vec<Error>> {
        let file = path.display().to_string();
        let source = read_text(path, "floors file")?;
        let tables: BTreeMap<String, Bounds> = parse_toml(
            &file,
            &source,
            "floors file",
            "fix the TOML syntax at this place; a floors file holds a table per gold file \
             ([the-reader]) of min_recall, min_core_recall, min_precision, min_findings, \
             max_unexpected_flags and min_labels",
        )?;
        let mut errors = Vec::new();
        for (name, b) in &tables {
            for (key, v) in [
                ("min_recall", b.min_recall),
                ("min_core_recall", b.min_core_recall),
                ("min_precision", b.min_precision),
                ("min_findings", b.min_findings),
                ("min_labels", b.min_labels),
            ] {
                if let Some(v) = v.filter(|v| !(0.0..=1.0).contains(v)) {
                    errors.push(Error::Rule {
                        location: Location::at(&file, &source, table_start(&source, name)),
                        rule: None,
                        message: format!("[{name}] {key} = {v} is not a share between 0 and 1"),
                        hint: format!("write {key} as a fraction, 0.75 for 75%"),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(Floors { file, tables })
        } else {
            Err(errors)
        }
    }

    /// The bounds of the gold file `name`, or an error saying the table is
    /// missing.
    pub fn of(&self, name: &str) -> Result<Bounds, Error> {
        self.tables.get(name).copied().ok_or_else(|| {
            Error::Usage(format!(
                "{}: no [{name}] table of floors for the gold file `{name}`; add one (`concord \
                 eval ... --format floors` prints today's figures as one) or drop --floors",
                self.file
            ))
        })
    }
}

/// Where the table `[name]` starts in a floors file (0 when it cannot be
/// told).
fn table_start(source: &str, name: &str) -> usize {
    source
        .find(&format!("[{name}]"))
        .or_else(|| source.find(&format!("[\"{name}\"]")))
        .unwrap_or(0)
}

/// One figure held to a bound.
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// What is measured: `recall`, `core recall`, ...
    pub figure: &'static str,
    /// `min` or `max`.
    pub bound: &'static str,
    pub limit: f64,
    pub value: f64,
    /// The count behind the value, when it is a ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
    pub ok: bool,
}

impl Gate {
    pub fn min(figure: &'static str, limit: f64, ratio: Ratio) -> Gate {
        let value = ratio.value();
        Gate {
            figure,
            bound: "min",
            limit,
            value,
            ratio: Some(ratio),
            ok: value >= limit,
        }
    }

    pub fn max(figure: &'static str, limit: usize, value: usize) -> Gate {
        Gate {
            figure,
            bound: "max",
            limit: limit as f64,
            value: value as f64,
            ratio: None,
            ok: value <= limit,
        }
    }

    /// "core recall 0.62 (45/72) is below 0.69".
    pub fn describe(&self) -> String {
        match (self.bound, self.ratio) {
            ("min", Some(r)) => format!(
                "{} {:.2} ({}/{}) is {} {}",
                self.figure,
                r.value(),
                r.hit,
                r.total,
                if self.ok { "at least" } else { "below" },
                self.limit
            ),
            _ => format!(
                "{} {} is {} {}",
                self.figure,
                self.value,
                if self.ok { "at most" } else { "above" },
                self.limit
            ),
        }
    }
}

/// A share rounded down to four decimals, as a floor: any change of one
/// claim in ten thousand falls below it.
pub fn floor_of(r: Ratio) -> String {
    let tenths = (r.hit * 10_000) / r.total.max(1);
    format!("{}.{:04}", tenths / 10_000, tenths % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_round_down() {
        assert_eq!(
            floor_of(Ratio {
                hit: 62,
                total: 112
            }),
            "0.5535"
        );
        assert_eq!(floor_of(Ratio { hit: 2, total: 3 }), "0.6666");
        assert_eq!(floor_of(Ratio { hit: 5, total: 5 }), "1.0000");
        assert_eq!(floor_of(Ratio { hit: 0, total: 0 }), "0.0000");
        let r = Ratio {
            hit: 29,
            total: 100,
        };
        assert!(r.value() >= floor_of(r).parse::<f64>().expect("a number"));
    }

    #[test]
    fn gates_hold_at_their_bound() {
        assert!(Gate::min("recall", 0.5, Ratio { hit: 1, total: 2 }).ok);
        assert!(!Gate::min("recall", 0.51, Ratio { hit: 1, total: 2 }).ok);
        assert!(Gate::max("unexpected flags", 2, 2).ok);
        assert!(!Gate::max("unexpected flags", 2, 3).ok);
        assert_eq!(
            Gate::min("core recall", 0.69, Ratio { hit: 45, total: 72 }).describe(),
            "core recall 0.62 (45/72) is below 0.69"
        );
    }

    #[test]
    fn a_share_above_one_is_refused_at_its_table() {
        let dir = std::env::temp_dir().join(format!("concord-floors-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("floors.toml");
        std::fs::write(&path, "[a]\nmin_recall = 0.5\n\n[b]\nmin_recall = 50\n").expect("write");
        let errors = Floors::load(&path).expect_err("refused");
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            errors[0]
                .to_string()
                .contains("floors.toml:4:1: [b] min_recall = 50 is not a share"),
            "{}",
            errors[0]
        );
    }
}
