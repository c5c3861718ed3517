//! `concord rules diff` output. Markdown for the person reviewing a rule
//! change: a count of what moved, then the claims lost, gained and changed
//! (file and line, the claim, the quote, the rule), then the findings that
//! moved. JSON for programs: the same, with claims in the contract's shape.

use std::io::Write;

use super::claims::cell;
use super::report::common_dir;
use crate::diff::{FindingSide, Movement, RuleDiff};
use crate::model::Claim;

/// A claim in a few words: `cast of Kathy: Carey Mulligan (version: young)`.
pub fn claim_words(c: &Claim) -> String {
    let mut s = super::label::subject(c.property, c.subject.as_deref());
    s.push_str(&format!(": {}", c.value));
    if !c.qualifiers.is_empty() {
        let q: Vec<String> = c
            .qualifiers
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        s.push_str(&format!(" ({})", q.join(", ")));
    }
    s
}

fn quote(text: &str) -> String {
    format!("\"{}\"", cell(text))
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A finding as one side has it: `agreement: 103 (3 reviews)`.
fn finding_words(side: Option<&FindingSide>) -> String {
    let Some(side) = side else {
        return "none".into();
    };
    let values: Vec<String> = side
        .values
        .iter()
        .map(|v| {
            format!(
                "{} ({})",
                v.value,
                count(v.sources.len(), "review", "reviews")
            )
        })
        .collect();
    format!("{}: {}", side.verdict.as_str(), values.join(", "))
}

fn movement(m: Movement) -> &'static str {
    match m {
        Movement::Appeared => "appeared",
        Movement::Disappeared => "disappeared",
        Movement::Verdict => "verdict",
        Movement::Support => "support",
    }
}

pub fn markdown(diff: &RuleDiff, out: &mut dyn Write) -> std::io::Result<()> {
    let dir = common_dir(&diff.sources);
    let short = |c: &Claim| {
        format!(
            "{}:{}",
            c.source.strip_prefix(dir.as_str()).unwrap_or(&c.source),
            c.line
        )
    };
    writeln!(out, "# Rule diff")?;
    writeln!(out)?;
    for (name, s) in [("Old", &diff.old), ("New", &diff.new)] {
        writeln!(
            out,
            "{name} rules: `{}` ({}, {}), {}.",
            s.rules,
            count(s.files, "file", "files"),
            count(s.rule_count, "rule", "rules"),
            count(s.claims, "claim", "claims")
        )?;
    }
    write!(out, "\n{}", count(diff.sources.len(), "review", "reviews"))?;
    if !dir.is_empty() {
        write!(out, " in `{dir}`")?;
    }
    writeln!(out, ".")?;
    writeln!(out)?;
    if diff.is_empty() {
        writeln!(
            out,
            "Nothing moved: both rule sets read the same claims and give the same findings."
        )?;
        return Ok(());
    }
    writeln!(out, "| what moved | count |")?;
    writeln!(out, "|---|---:|")?;
    writeln!(out, "| claims lost | {} |", diff.lost.len())?;
    writeln!(out, "| claims gained | {} |", diff.gained.len())?;
    writeln!(out, "| claims changed | {} |", diff.changed.len())?;
    writeln!(out, "| findings | {} |", diff.findings.len())?;

    for (title, claims) in [("Claims lost", &diff.lost), ("Claims gained", &diff.gained)] {
        if claims.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {title} ({})", claims.len())?;
        writeln!(out)?;
        writeln!(out, "| where | claim | quote | rule |")?;
        writeln!(out, "|---|---|---|---|")?;
        for c in claims {
            writeln!(
                out,
                "| {} | {} | {} | `{}` |",
                short(c),
                cell(&claim_words(c)),
                quote(&c.text),
                c.rule
            )?;
        }
    }
    if !diff.changed.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Claims changed ({})", diff.changed.len())?;
        writeln!(out)?;
        writeln!(out, "| where | old | new | quote | rule |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for c in &diff.changed {
            let quote = if c.old.text == c.new.text {
                quote(&c.new.text)
            } else {
                format!("{} → {}", quote(&c.old.text), quote(&c.new.text))
            };
            let rule = if c.old.rule == c.new.rule {
                format!("`{}`", c.new.rule)
            } else {
                format!("`{}` → `{}`", c.old.rule, c.new.rule)
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                short(&c.new),
                cell(&claim_words(&c.old)),
                cell(&claim_words(&c.new)),
                quote,
                rule
            )?;
        }
    }
    if !diff.findings.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Findings that moved ({})", diff.findings.len())?;
        writeln!(out)?;
        writeln!(
            out,
            "A verdict that changed, or a finding that appeared or disappeared; `support` is the same verdict from other values or reviews."
        )?;
        writeln!(out)?;
        writeln!(out, "| fact | change | old | new |")?;
        writeln!(out, "|---|---|---|---|")?;
        for f in &diff.findings {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&f.fact),
                movement(f.change),
                cell(&finding_words(f.old.as_ref())),
                cell(&finding_words(f.new.as_ref()))
            )?;
        }
    }
    Ok(())
}

/// The rule diff for programs, with `"schema": "concord.rules-diff/1"`.
pub fn json(diff: &RuleDiff, out: &mut dyn Write) -> std::io::Result<()> {
    super::versioned_json("concord.rules-diff/1", diff, out)
}
