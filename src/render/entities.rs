//! `concord entities` output: each film's entity table, a name a row, with
//! its kind and the evidence for it (Markdown), or the same as JSON.

use std::io::{self, Write};

use crate::entities::Table;

/// How many pieces of evidence a row quotes before it counts the rest.
const SHOWN: usize = 4;

pub fn markdown(tables: &[(String, Table)], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Entities")?;
    for (film, table) in tables {
        writeln!(out, "\n## {film}\n")?;
        writeln!(out, "| name | kind | forms | evidence |")?;
        writeln!(out, "|---|---|---|---|")?;
        for e in &table.entities {
            let kind = match (e.kind, e.also) {
                (Some(k), Some(a)) => format!("{} and {}", k.as_str(), a.as_str()),
                (Some(k), None) => k.as_str().to_string(),
                (None, _) if e.person_like => "(a person's name)".to_string(),
                (None, _) => "?".to_string(),
            };
            let forms: Vec<String> = e
                .forms
                .iter()
                .map(|f| format!("{} ({})", f.written.first().map_or(&f.key, |w| w), f.count))
                .collect();
            let mut evidence: Vec<String> = e.evidence.iter().take(SHOWN).cloned().collect();
            if e.evidence.len() > SHOWN {
                evidence.push(format!("and {} more", e.evidence.len() - SHOWN));
            }
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&e.name),
                kind,
                cell(&forms.join(", ")),
                cell(&evidence.join("; "))
            )?;
        }
    }
    Ok(())
}

pub fn json(tables: &[(String, Table)], out: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Film<'a> {
        film: &'a str,
        entities: &'a [crate::entities::Entity],
    }
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        schema: &'static str,
        films: Vec<Film<'a>>,
    }
    let doc = Doc {
        schema: "concord.entities/1",
        films: tables
            .iter()
            .map(|(f, t)| Film {
                film: f,
                entities: &t.entities,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A Markdown table cell: no line breaks, no bar.
fn cell(s: &str) -> String {
    super::escape::md(s)
}
