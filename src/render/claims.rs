//! `concord claims` output: a readable table per review (Markdown), or the
//! contract's JSON (an array of claims) and JSON Lines (a claim a line).

use std::io::Write;

use crate::model::{Claim, ReviewClaims};

/// A cell of a Markdown table: one line, pipes and markup escaped (see
/// [`super::escape::md`]).
pub fn cell(s: &str) -> String {
    super::escape::md(s)
}

fn qualifiers(c: &Claim) -> String {
    c.qualifiers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn markdown(reviews: &[ReviewClaims], out: &mut dyn Write) -> std::io::Result<()> {
    for (i, review) in reviews.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "## {}", cell(&review.source))?;
        writeln!(out)?;
        let comments = review.claims.iter().filter(|c| c.is_comment()).count();
        write!(out, "{} claims", review.claims.len())?;
        if comments > 0 {
            write!(out, " ({comments} from reader comments)")?;
        }
        if let Some(p) = &review.published {
            write!(out, "; published {p}")?;
        }
        writeln!(out, ".")?;
        if review.claims.is_empty() {
            continue;
        }
        let mut claims: Vec<&Claim> = review.claims.iter().collect();
        claims.sort_by(|a, b| {
            (a.property, a.span.start, &a.id).cmp(&(b.property, b.span.start, &b.id))
        });
        let mut current = None;
        for c in claims {
            if current != Some(c.property) {
                current = Some(c.property);
                writeln!(out)?;
                writeln!(out, "### {}", c.property)?;
                writeln!(out)?;
                writeln!(
                    out,
                    "| line | subject | value | qualifiers | quote | rule |"
                )?;
                writeln!(out, "|---:|---|---|---|---|---|")?;
            }
            writeln!(
                out,
                "| {} | {} | {} | {} | \"{}\" | `{}` |",
                c.line,
                cell(c.subject.as_deref().unwrap_or("")),
                cell(&c.value.to_string()),
                cell(&qualifiers(c)),
                cell(&c.text),
                c.rule
            )?;
        }
    }
    Ok(())
}

pub fn json(reviews: &[ReviewClaims], out: &mut dyn Write) -> std::io::Result<()> {
    let all: Vec<&Claim> = reviews.iter().flat_map(|r| &r.claims).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

pub fn jsonl(review: &ReviewClaims, out: &mut impl Write) -> std::io::Result<()> {
    for c in &review.claims {
        serde_json::to_writer(&mut *out, c)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
