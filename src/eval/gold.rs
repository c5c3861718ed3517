//! Gold files: what a careful reader says each review states, and what
//! they expect concord to report (the format is `docs/annotation.md`).
//!
//! The TOML is read into plain serde shapes (`deny_unknown_fields`, every
//! field with its span), then checked and turned into [`Gold`] or
//! [`CheckGold`]; a file that does not pass gives every problem at once,
//! each with `file:line:column` and what to write instead, as a rule file
//! does. Nothing unchecked reaches the scorer: properties, finding classes
//! and labels are names concord knows, and every string the scorer compares
//! holds a letter or a digit.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::matching::fold;
use crate::error::{Error, Location};
use crate::model::Property;
use crate::rules::diagnose::{did_you_mean, unknown_field};

/// The classes of a gold finding.
const CLASSES: &[&str] = &["consistent", "flagged", "consistent-or-absent"];
/// The labels of a fact-check.
const LABELS: &[&str] = &["supported", "refuted", "not_enough_info", "conflicting"];

/// One statement a review makes, as the annotator read it.
#[derive(Debug, Clone)]
pub struct GoldClaim {
    /// The review: its file name without extension, or a prefix of it up
    /// to `_` or `.` (`000` for `000_c7136c75fb2da2a1.txt`).
    pub source: String,
    pub property: String,
    pub subject: Option<String>,
    pub value: String,
    pub qualifier: Option<String>,
    /// Borderline: not required for recall, not wrong when extracted.
    pub optional: bool,
    /// The line of the gold file where the entry's `value` is.
    pub line: usize,
    /// The comment after the value on that line, if any: often the words
    /// of the review (`value = "122"   # "Run Time: 2 hours, 2 minutes"`).
    pub note: Option<String>,
}

/// What a careful reader expects the report to say about one fact.
#[derive(Debug, Clone)]
pub struct GoldFinding {
    pub id: String,
    pub property: String,
    pub subject: Option<String>,
    pub class: FindingClass,
    pub values: Vec<String>,
    pub line: usize,
}

/// How a gold finding must be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingClass {
    /// Stated by two reviews or more, agreeing or compatible.
    Consistent,
    /// A contradiction or a variant.
    Flagged,
    /// Must not be flagged (a premiere and a release; two boards).
    ConsistentOrAbsent,
}

impl FindingClass {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingClass::Consistent => "consistent",
            FindingClass::Flagged => "flagged",
            FindingClass::ConsistentOrAbsent => "consistent-or-absent",
        }
    }
}

/// A gold file of claims and findings.
#[derive(Debug, Clone)]
pub struct Gold {
    /// The file as named on the command line.
    pub file: String,
    /// Core properties: every statement of them is listed, so precision
    /// can be measured on them.
    pub core: Vec<String>,
    pub claims: Vec<GoldClaim>,
    pub findings: Vec<GoldFinding>,
}

/// One label a fact-check must give.
#[derive(Debug, Clone)]
pub struct GoldLabel {
    /// The review checked, under the reviews folder.
    pub review: String,
    /// The corpus it is checked against: a folder under the reviews
    /// folder, or `None` for the `--against` corpus.
    pub corpus: Option<String>,
    pub property: String,
    pub subject: Option<String>,
    pub value: String,
    pub label: String,
    pub line: usize,
}

/// A gold file of fact-check labels.
#[derive(Debug, Clone)]
pub struct CheckGold {
    pub file: String,
    pub labels: Vec<GoldLabel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGold {
    properties: Option<RawProperties>,
    #[serde(default)]
    claim: Vec<RawClaim>,
    #[serde(default)]
    finding: Vec<RawFinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperties {
    core: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    source: Spanned<String>,
    property: Spanned<String>,
    subject: Option<Spanned<String>>,
    value: Spanned<String>,
    qualifier: Option<Spanned<String>>,
    #[serde(default)]
    optional: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    id: Spanned<String>,
    property: Spanned<String>,
    subject: Option<Spanned<String>>,
    class: Spanned<String>,
    values: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecks {
    #[serde(default)]
    check: Vec<RawCheck>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    review: Spanned<String>,
    corpus: Option<Spanned<String>>,
    property: Spanned<String>,
    subject: Option<Spanned<String>>,
    value: Spanned<String>,
    label: Spanned<String>,
}

/// The problems of one file, each at its place.
struct Problems<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<Error>,
}

impl<'a> Problems<'a> {
    fn new(file: &'a str, source: &'a str) -> Self {
        Problems {
            file,
            source,
            errors: Vec::new(),
        }
    }

    fn at(&mut self, span: Range<usize>, message: String, hint: String) {
        self.errors.push(Error::Rule {
            location: Location::at(self.file, self.source, span.start),
            rule: None,
            message,
            hint,
        });
    }

    fn line(&self, span: &Range<usize>) -> usize {
        Location::at(self.file, self.source, span.start).line
    }

    /// A string the scorer compares: it must hold a letter or a digit.
    fn words(&mut self, field: &str, s: &Spanned<String>) -> String {
        if fold(s.get_ref()).is_empty() {
            self.at(
                s.span(),
                format!("`{field}` holds no letter or digit"),
                format!("write the {field} as the review writes it, or leave the field out"),
            );
        }
        s.get_ref().clone()
    }

    /// A property name concord knows.
    fn property(&mut self, p: &Spanned<String>) -> String {
        let name = p.get_ref();
        if Property::parse(name).is_none() {
            self.at(
                p.span(),
                format!("unknown property `{name}`"),
                format!(
                    "{}a property is one of {}",
                    did_you_mean(name, Property::ALL.iter().map(|p| p.as_str())),
                    Property::ALL.map(|p| p.as_str()).join(", ")
                ),
            );
        }
        name.clone()
    }

    /// One of `allowed`.
    fn one_of(&mut self, field: &str, s: &Spanned<String>, allowed: &[&str]) -> String {
        let name = s.get_ref();
        if !allowed.contains(&name.as_str()) {
            self.at(
                s.span(),
                format!("unknown {field} `{name}`"),
                format!(
                    "{}a {field} is one of {}",
                    did_you_mean(name, allowed.iter().copied()),
                    allowed.join(", ")
                ),
            );
        }
        name.clone()
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Error>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// Reads a file the user named; an error naming it when it cannot be read.
pub(crate) fn read_text(path: &Path, what: &str) -> Result<String, Vec<Error>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Error::Input {
            path: path.to_path_buf(),
            message: format!("cannot read the {what}: {e}"),
        }]
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        vec![Error::Rule {
            location: Location::at(&path.display().to_string(), &before, before.len()),
            rule: None,
            message: format!("the {what} is not UTF-8 text here"),
            hint: "save it as UTF-8".into(),
        }]
    })
}

/// Parses TOML into `T`, or the error at its place, with the fields the
/// table takes when a field is unknown.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    source: &str,
    what: &str,
    hint: &str,
) -> Result<T, Vec<Error>> {
    toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        let (message, hint) = match unknown_field(&message) {
            Some((field, expected)) => (
                format!("unknown field `{field}`"),
                format!(
                    "{}remove the field or fix its spelling; this table takes {}",
                    did_you_mean(field, expected.iter().copied()),
                    expected.join(", ")
                ),
            ),
            None if message.starts_with("invalid type") => (
                format!("cannot read the {what}: {message}"),
                "write the value in the type the field takes: text in quotes (`value = \"103\"`), \
                 `optional = true`, a list in brackets"
                    .to_string(),
            ),
            None => (
                format!("cannot read the {what}: {message}"),
                hint.to_string(),
            ),
        };
        vec![Error::Rule {
            location: Location::at(file, source, offset),
            rule: None,
            message,
            hint,
        }]
    })
}

/// The comment after the value whose span is `span`, on the same line.
fn note_after(source: &str, span: Range<usize>) -> Option<String> {
    let rest = source.get(span.end..)?;
    let line = rest.lines().next().unwrap_or("");
    let comment = line.trim_start().strip_prefix('#')?.trim();
    (!comment.is_empty()).then(|| comment.to_string())
}

impl Gold {
    /// Reads and checks the gold file at `path`.
    pub fn load(path: &Path) -> Result<Gold, Vec<Error>> {
        let file = path.display().to_string();
        let source = read_text(path, "gold file")?;
        Gold::parse(&file, &source)
    }

    /// Checks the gold file `file` whose text is `source`.
    pub fn parse(file: &str, source: &str) -> Result<Gold, Vec<Error>> {
        let raw: RawGold = parse_toml(
            file,
            source,
            "gold file",
            "fix the TOML syntax at this place; a gold file holds [properties] core = [...], \
             [[claim]] and [[finding]] tables (docs/annotation.md)",
        )?;
        let mut p = Problems::new(file, source);
        let core = match &raw.properties {
            Some(props) => props.core.iter().map(|c| p.property(c)).collect(),
            None if raw.claim.is_empty() => Vec::new(),
            None => {
                p.at(
                    raw.claim[0].source.span(),
                    "the gold file has claims but no [properties] core list".into(),
                    "add `[properties]` with `core = [\"director\", \"cast\", ...]`: the \
                     properties whose every statement the file lists"
                        .into(),
                );
                Vec::new()
            }
        };
        let claims = raw
            .claim
            .iter()
            .map(|c| GoldClaim {
                source: p.words("source", &c.source),
                property: p.property(&c.property),
                subject: c.subject.as_ref().map(|s| p.words("subject", s)),
                value: p.words("value", &c.value),
                qualifier: c.qualifier.as_ref().map(|q| p.words("qualifier", q)),
                optional: c.optional,
                line: p.line(&c.value.span()),
                note: note_after(source, c.value.span()),
            })
            .collect();
        let mut ids: Vec<(&str, Range<usize>)> = Vec::new();
        let mut findings = Vec::new();
        for f in &raw.finding {
            let class = match p.one_of("class", &f.class, CLASSES).as_str() {
                "flagged" => FindingClass::Flagged,
                "consistent-or-absent" => FindingClass::ConsistentOrAbsent,
                _ => FindingClass::Consistent,
            };
            if let Some((_, first)) = ids.iter().find(|(id, _)| id == f.id.get_ref()) {
                let first = p.line(first);
                p.at(
                    f.id.span(),
                    format!("the finding id `{}` is used twice", f.id.get_ref()),
                    format!("the first is on line {first}; give each finding its own id"),
                );
            }
            ids.push((f.id.get_ref(), f.id.span()));
            findings.push(GoldFinding {
                id: p.words("id", &f.id),
                property: p.property(&f.property),
                subject: f.subject.as_ref().map(|s| p.words("subject", s)),
                class,
                values: f.values.iter().map(|v| p.words("value", v)).collect(),
                line: p.line(&f.id.span()),
            });
        }
        p.finish(Gold {
            file: file.to_string(),
            core,
            claims,
            findings,
        })
    }
}

impl CheckGold {
    /// Reads and checks the fact-check gold file at `path`.
    pub fn load(path: &Path) -> Result<CheckGold, Vec<Error>> {
        let file = path.display().to_string();
        let source = read_text(path, "gold file")?;
        CheckGold::parse(&file, &source)
    }

    /// Checks the fact-check gold file `file` whose text is `source`.
    pub fn parse(file: &str, source: &str) -> Result<CheckGold, Vec<Error>> {
        let raw: RawChecks = parse_toml(
            file,
            source,
            "gold file",
            "fix the TOML syntax at this place; a fact-check gold file holds [[check]] tables \
             (docs/annotation.md)",
        )?;
        let mut p = Problems::new(file, source);
        let labels = raw
            .check
            .iter()
            .map(|c| GoldLabel {
                review: p.words("review", &c.review),
                corpus: c.corpus.as_ref().map(|s| p.words("corpus", s)),
                property: p.property(&c.property),
                subject: c.subject.as_ref().map(|s| p.words("subject", s)),
                value: p.words("value", &c.value),
                label: p.one_of("label", &c.label, LABELS),
                line: p.line(&c.review.span()),
            })
            .collect();
        p.finish(CheckGold {
            file: file.to_string(),
            labels,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(result: Result<Gold, Vec<Error>>) -> Vec<String> {
        result
            .expect_err("errors")
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn a_gold_file_reads_with_its_lines_and_notes() {
        let gold = Gold::parse(
            "g.toml",
            "[properties]\ncore = [\"runtime\"]\n\n[[claim]]\nsource = \"a\"\nproperty = \"runtime\"\nvalue = \"122\"   # \"2 hours, 2 minutes\"\n\n[[finding]]\nid = \"runtime\"\nproperty = \"runtime\"\nclass = \"flagged\"\nvalues = [\"122\", \"123\"]\n",
        )
        .expect("a good file");
        assert_eq!(gold.core, ["runtime"]);
        assert_eq!(gold.claims[0].line, 7);
        assert_eq!(
            gold.claims[0].note.as_deref(),
            Some("\"2 hours, 2 minutes\"")
        );
        assert_eq!(gold.findings[0].class, FindingClass::Flagged);
        assert_eq!(gold.findings[0].line, 10);
    }

    #[test]
    fn every_problem_is_named_at_its_place() {
        let errs = errors(Gold::parse(
            "g.toml",
            "[properties]\ncore = [\"runtim\"]\n[[claim]]\nsource = \"a\"\nproperty = \"cast\"\nvalue = \"--\"\n[[finding]]\nid = \"x\"\nproperty = \"cast\"\nclass = \"flaged\"\nvalues = []\n[[finding]]\nid = \"x\"\nproperty = \"cast\"\nclass = \"flagged\"\nvalues = []\n",
        ));
        assert_eq!(errs.len(), 4, "{errs:#?}");
        assert!(
            errs[0].starts_with(
                "g.toml:2:9: unknown property `runtim`; hint: did you mean `runtime`?"
            ),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("g.toml:6:9: `value` holds no letter or digit"),
            "{}",
            errs[1]
        );
        assert!(
            errs[2]
                .starts_with("g.toml:10:9: unknown class `flaged`; hint: did you mean `flagged`?"),
            "{}",
            errs[2]
        );
        assert!(
            errs[3].starts_with("g.toml:13:6: the finding id `x` is used twice"),
            "{}",
            errs[3]
        );
    }

    #[test]
    fn toml_errors_and_unknown_fields_give_file_and_line() {
        let errs = errors(Gold::parse(
            "g.toml",
            "[[claim]]\nsource = \"a\"\nvalue = \n",
        ));
        assert!(errs[0].starts_with("g.toml:3:"), "{}", errs[0]);
        let errs = errors(Gold::parse(
            "g.toml",
            "[properties]\ncore = []\n[[claim]]\nsource = \"a\"\nproperty = \"cast\"\nvalu = \"x\"\n",
        ));
        assert!(
            errs[0].starts_with("g.toml:6:1: unknown field `valu`"),
            "{}",
            errs[0]
        );
        assert!(errs[0].contains("did you mean `value`?"), "{}", errs[0]);
    }

    #[test]
    fn claims_need_the_core_list() {
        let errs = errors(Gold::parse(
            "g.toml",
            "[[claim]]\nsource = \"a\"\nproperty = \"cast\"\nvalue = \"x\"\n",
        ));
        assert!(errs[0].contains("no [properties] core list"), "{}", errs[0]);
    }

    #[test]
    fn check_labels_are_known_labels() {
        let errs = CheckGold::parse(
            "c.toml",
            "[[check]]\nreview = \"a/b.txt\"\nproperty = \"runtime\"\nvalue = \"103\"\nlabel = \"refute\"\n",
        )
        .expect_err("errors");
        assert!(
            errs[0]
                .to_string()
                .starts_with("c.toml:5:9: unknown label `refute`; hint: did you mean `refuted`?"),
            "{}",
            errs[0]
        );
    }
}
