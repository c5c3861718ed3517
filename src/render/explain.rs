//! `concord claims --explain`: each claim with what made it, the rule (its
//! file, line and description), the pattern as written and the named
//! captures it read, so a surprising claim can be traced to the words and
//! the rule in one look. Markdown for people; in JSON each claim of the
//! contract gains an `explain` object, and no other field changes.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::diff::claim_words;
use crate::extract::Explained;
use crate::model::{Claim, ReviewClaims};
use crate::rules::{Rule, RuleSet};

/// What made one claim, as JSON.
#[derive(Debug, Serialize)]
struct Explanation<'a> {
    rule_file: &'a str,
    rule_line: usize,
    description: &'a str,
    pattern: &'a str,
    /// Set only when the rule does not take the default `{value}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_template: Option<&'a str>,
    captures: BTreeMap<&'a str, &'a str>,
}

#[derive(Debug, Serialize)]
struct ExplainedClaim<'a> {
    #[serde(flatten)]
    claim: &'a Claim,
    explain: Option<Explanation<'a>>,
}

fn rule<'a>(rules: &'a RuleSet, id: &str) -> Option<&'a Rule> {
    rules.rules.iter().find(|r| &*r.id == id)
}

fn explained<'a>(e: &'a Explained, rules: &'a RuleSet) -> ExplainedClaim<'a> {
    let captures = || {
        e.captures
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    };
    let by_rule = rule(rules, &e.claim.rule).map(|r| Explanation {
        rule_file: &r.file,
        rule_line: r.line,
        description: &r.description,
        pattern: &r.pattern,
        value_template: (r.value.source != "{value}").then_some(r.value.source.as_str()),
        captures: captures(),
    });
    // A frame's claim: the frame, its pattern with its slots.
    let by_frame = || {
        rules
            .frames
            .iter()
            .find(|f| *f.id == *e.claim.rule)
            .map(|f| Explanation {
                rule_file: &f.file,
                rule_line: f.line,
                description: &f.description,
                pattern: &f.source,
                value_template: None,
                captures: captures(),
            })
    };
    ExplainedClaim {
        claim: &e.claim,
        explain: by_rule.or_else(by_frame),
    }
}

/// `text` as Markdown inline code, whatever backticks it holds.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn markdown(
    reviews: &[(ReviewClaims, Vec<Explained>)],
    rules: &RuleSet,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (i, (review, claims)) in reviews.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "## {}", review.source)?;
        writeln!(out)?;
        write!(out, "{} claims", claims.len())?;
        if let Some(p) = &review.published {
            write!(out, "; published {p}")?;
        }
        writeln!(out, ".")?;
        for e in claims {
            let c = &e.claim;
            let number = c.id.rsplit_once('#').map_or(&*c.id, |(_, n)| n);
            writeln!(out)?;
            writeln!(out, "### #{number}, line {}: {}", c.line, claim_words(c))?;
            writeln!(out)?;
            writeln!(out, "> \"{}\"", one_line(&c.text))?;
            writeln!(out)?;
            match explained(e, rules).explain {
                Some(r) => {
                    let kind = if rule(rules, &c.rule).is_some() {
                        "rule"
                    } else {
                        "frame"
                    };
                    writeln!(
                        out,
                        "- {kind}: `{}` ({}:{}): {}",
                        c.rule, r.rule_file, r.rule_line, r.description
                    )?;
                    writeln!(out, "- pattern: {}", code(r.pattern))?;
                    if let Some(v) = r.value_template {
                        writeln!(out, "- value: {}", code(v))?;
                    }
                }
                None => writeln!(out, "- rule: `{}`", c.rule)?,
            }
            let captures: Vec<String> = e
                .captures
                .iter()
                .map(|(k, v)| format!("`{k}` = \"{}\"", one_line(v)))
                .collect();
            if captures.is_empty() {
                writeln!(out, "- captures: none")?;
            } else {
                writeln!(out, "- captures: {}", captures.join(", "))?;
            }
        }
    }
    Ok(())
}

pub fn json(
    reviews: &[(ReviewClaims, Vec<Explained>)],
    rules: &RuleSet,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let all: Vec<ExplainedClaim> = reviews
        .iter()
        .flat_map(|(_, claims)| claims)
        .map(|e| explained(e, rules))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

pub fn jsonl(claims: &[Explained], rules: &RuleSet, out: &mut dyn Write) -> std::io::Result<()> {
    for e in claims {
        serde_json::to_writer(&mut *out, &explained(e, rules))?;
        writeln!(out)?;
    }
    Ok(())
}
