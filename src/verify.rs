//! Runs every rule's own examples and counter-examples, the way a test
//! suite runs its cases. A rule is *missing* when an example gives no claim,
//! *wrong* when it gives other claims than the example lists, and *noisy*
//! when a counter-example gives any claim at all.

use std::fmt;

use crate::extract::extract;
use crate::model::Claim;
use crate::rules::{Expected, Rule, RuleSet};
use crate::text::{Document, LineKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseResult {
    Missing {
        line: usize,
        text: String,
        expected: Vec<Expected>,
    },
    Wrong {
        line: usize,
        text: String,
        expected: Vec<Expected>,
        got: Vec<Expected>,
    },
    Noisy {
        line: usize,
        text: String,
        got: Vec<Expected>,
    },
}

/// One rule's results: no case results means every case passed.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub id: String,
    pub file: String,
    pub line: usize,
    pub cases: usize,
    pub failures: Vec<CaseResult>,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.property)?;
        if let Some(s) = &self.subject {
            write!(f, "[{s}]")?;
        }
        write!(f, " = {:?}", self.value)?;
        for (k, v) in &self.qualifiers {
            write!(f, " {k}={v:?}")?;
        }
        Ok(())
    }
}

fn list(items: &[Expected]) -> String {
    if items.is_empty() {
        return "nothing".into();
    }
    items
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl fmt::Display for CaseResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseResult::Missing {
                line,
                text,
                expected,
            } => {
                write!(
                    f,
                    "missing (line {line}): {text:?} should give {}",
                    list(expected)
                )
            }
            CaseResult::Wrong {
                line,
                text,
                expected,
                got,
            } => write!(
                f,
                "wrong value (line {line}): {text:?}\n      expected {}\n      got      {}",
                list(expected),
                list(got)
            ),
            CaseResult::Noisy { line, text, got } => {
                write!(
                    f,
                    "noisy (line {line}): {text:?} should give nothing, gave {}",
                    list(got)
                )
            }
        }
    }
}

/// A claim as an example states it. The `origin` qualifier is about the
/// page, not the words, and examples do not list it.
fn as_expected(c: &Claim) -> Expected {
    let mut qualifiers = c.qualifiers.clone();
    qualifiers.remove("origin");
    Expected {
        property: c.property,
        subject: c.subject.clone(),
        value: c.value.to_string(),
        qualifiers,
    }
}

/// The claims `rules` give for a snippet, read as plain review text (no
/// page furniture: an example is always the reviewer's words).
pub fn claims_of_snippet(
    text: &str,
    published: Option<crate::model::Date>,
    rules: &RuleSet,
) -> Vec<Claim> {
    let mut doc = Document::new(text.to_string(), &rules.page);
    for line in &mut doc.lines {
        if line.kind != LineKind::Blank {
            line.kind = LineKind::Body;
        }
    }
    doc.published = published;
    extract(&doc, "example", rules)
}

/// How an example fails, if it does: no claim where some were expected,
/// or other claims than expected.
fn example_failure(
    line: usize,
    text: &str,
    expected: &[Expected],
    got: &[Claim],
) -> Option<CaseResult> {
    let mut got: Vec<Expected> = got.iter().map(as_expected).collect();
    got.sort();
    if got.is_empty() && !expected.is_empty() {
        Some(CaseResult::Missing {
            line,
            text: text.to_string(),
            expected: expected.to_vec(),
        })
    } else if got != expected {
        Some(CaseResult::Wrong {
            line,
            text: text.to_string(),
            expected: expected.to_vec(),
            got,
        })
    } else {
        None
    }
}

/// How a counter-example fails, if it does: any claim at all.
fn counter_failure(line: usize, text: &str, got: &[Claim]) -> Option<CaseResult> {
    (!got.is_empty()).then(|| CaseResult::Noisy {
        line,
        text: text.to_string(),
        got: got.iter().map(as_expected).collect(),
    })
}

/// Runs one rule's cases with that rule alone.
pub fn check_rule(rule: &Rule, all: &RuleSet) -> RuleResult {
    let only = all.only(&rule.id);
    let mut failures = Vec::new();
    for ex in &rule.examples {
        let got = claims_of_snippet(&ex.text, ex.published, &only);
        failures.extend(example_failure(ex.line, &ex.text, &ex.claims, &got));
    }
    for ce in &rule.counter_examples {
        let got = claims_of_snippet(&ce.text, None, &only);
        failures.extend(counter_failure(ce.line, &ce.text, &got));
    }
    RuleResult {
        id: rule.id.to_string(),
        file: rule.file.clone(),
        line: rule.line,
        cases: rule.examples.len() + rule.counter_examples.len(),
        failures,
    }
}

/// The claims frame `index` makes from `text`, its names typed by all the
/// frames over `text` and `context` (another review of the same film).
pub fn frame_claims_of_snippet(
    index: usize,
    text: &str,
    context: Option<&str>,
    rules: &RuleSet,
) -> Vec<Claim> {
    let review = |text: &str, source: &str, own: bool| {
        let mut doc = Document::new(text.to_string(), &rules.page);
        for line in &mut doc.lines {
            if line.kind != LineKind::Blank {
                line.kind = LineKind::Body;
            }
        }
        let mut ev = crate::frames::run(&rules.frames, &doc, &rules.lexicon, false);
        if own {
            ev.candidates.retain(|c| c.frame as usize == index);
        } else {
            ev.candidates.clear();
        }
        crate::model::ReviewClaims {
            source: source.to_string(),
            path: None,
            published: None,
            film: Some("example".into()),
            claims: Vec::new(),
            notes: Vec::new(),
            names: Some(Box::new(ev)),
        }
    };
    let mut reviews = vec![review(text, "example", true)];
    if let Some(c) = context {
        reviews.push(review(c, "context", false));
    }
    crate::entities::settle_film(&mut reviews, rules, &[]);
    reviews.swap_remove(0).claims
}

/// Runs one frame's cases.
pub fn check_frame(index: usize, all: &RuleSet) -> RuleResult {
    let frame = &all.frames[index];
    let mut failures = Vec::new();
    for ex in &frame.examples {
        let got = frame_claims_of_snippet(index, &ex.text, ex.context.as_deref(), all);
        failures.extend(example_failure(ex.line, &ex.text, &ex.claims, &got));
    }
    for (text, line) in &frame.counter_examples {
        let got = frame_claims_of_snippet(index, text, None, all);
        failures.extend(counter_failure(*line, text, &got));
    }
    RuleResult {
        id: frame.id.clone(),
        file: frame.file.clone(),
        line: frame.line,
        cases: frame.examples.len() + frame.counter_examples.len(),
        failures,
    }
}

/// Runs every rule's and every frame's cases.
pub fn check_all(rules: &RuleSet) -> Vec<RuleResult> {
    rules
        .rules
        .iter()
        .map(|r| check_rule(r, rules))
        .chain((0..rules.frames.len()).map(|i| check_frame(i, rules)))
        .collect()
}
