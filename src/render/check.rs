//! `concord check` output. Markdown for an editor: each refuted or
//! conflicting claim as a compiler-style diagnostic (annotate-snippets)
//! pointing at the review's own line with the words underlined and the
//! evidence beneath; then the supported claims, the ones the corpus cannot
//! judge, and a summary. JSON in the contract's shape.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::claims::cell;
use crate::check::{CheckReport, Checked, Label};

/// The width diagnostics are laid out for; a long line of the review is
/// shown cut around the claim's words, as a compiler shows long lines.
const WIDTH: usize = 100;

/// The lines of `text` that hold `[start, end)`: their start offset, the
/// lines, and the first one's 1-based number.
fn window(text: &str, start: usize, end: usize) -> (usize, &str, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line = text[..start].matches('\n').count() + 1;
    (line_start, &text[line_start..line_end], line)
}

/// One refuted or conflicting claim as a compiler shows an error, coloured
/// when `styled` (for a terminal).
pub(crate) fn diagnostic(
    review: &str,
    text: &str,
    c: &Checked,
    short: &dyn Fn(&str) -> String,
    styled: bool,
) -> String {
    let claim = &c.claim;
    // Spans are offsets into the file on disk; a file read as Windows-1252
    // is shown decoded, where an offset may fall inside a character. Widen
    // to character edges rather than slice inside one.
    let mut start = claim.span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = claim.span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let (from, shown, line) = window(text, start, end);
    // A terminal escape in the review must not reach the terminal.
    let shown = super::escape::same_width(shown);
    let level = match c.label {
        Label::Refuted => Level::ERROR.with_name("refuted"),
        _ => Level::WARNING.with_name("conflicting"),
    };
    let title = format!("{}: {}", fact(claim), c.explanation);
    let label = format!(
        "{} = {}",
        super::label::property(claim.property),
        claim.value
    );
    let mut groups = vec![
        level.primary_title(title).element(
            Snippet::source(&*shown)
                .line_start(line)
                .path(review)
                .annotation(
                    AnnotationKind::Primary
                        .span(start - from..end - from)
                        .label(label),
                ),
        ),
    ];
    for e in &c.evidence {
        let who = if e.reference { "reference" } else { "evidence" };
        let said = cell(&e.text);
        groups.push(Group::with_title(
            Level::NOTE.with_name(who).secondary_title(format!(
                "{}:{}: \"{said}\" ({})",
                short(&e.source),
                e.line,
                e.value
            )),
        ));
    }
    if let Some(s) = &c.suggestion {
        groups.push(Group::with_title(Level::HELP.secondary_title(s.clone())));
    }
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.term_width(WIDTH).render(&groups)
}

/// What a claim is about: "runtime", "cast of Miss Lucy", "rating (BBFC)".
pub(crate) fn fact(c: &crate::model::Claim) -> String {
    let mut s = super::label::subject(c.property, c.subject.as_deref());
    let q: Vec<&str> = ["event", "place", "system", "version"]
        .iter()
        .filter_map(|k| c.qualifier(k))
        .collect();
    if !q.is_empty() {
        s.push_str(&format!(" ({})", q.join(", ")));
    }
    s
}

pub fn markdown(
    report: &CheckReport,
    review_text: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let dir = super::report::common_dir(&report.against);
    let short = |s: &str| s.strip_prefix(dir.as_str()).unwrap_or(s).to_string();
    writeln!(out, "# Fact-check of {}", report.review)?;
    writeln!(out)?;
    write!(out, "Checked against {} reviews", report.against.len())?;
    if !dir.is_empty() {
        write!(out, " in `{dir}`")?;
    }
    if let Some(r) = &report.reference {
        write!(out, " and the reference `{r}`, which outranks them")?;
    }
    writeln!(out, ".")?;
    let s = &report.summary;
    writeln!(out)?;
    writeln!(
        out,
        "**{} refuted, {} conflicting, {} supported, {} not enough info.**",
        s.refuted, s.conflicting, s.supported, s.not_enough_info
    )?;
    if let Some(why) = &report.other_film {
        writeln!(out)?;
        writeln!(
            out,
            "> **This review seems to be about another film.** {}.",
            super::report::capitalise(why)
        )?;
        writeln!(out, "> Its claims are not checked against this corpus.")?;
    }

    let flagged: Vec<&Checked> = report
        .claims
        .iter()
        .filter(|c| matches!(c.label, Label::Refuted | Label::Conflicting))
        .collect();
    if !flagged.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Refuted and conflicting ({})", flagged.len())?;
        writeln!(out)?;
        writeln!(out, "```text")?;
        for (i, c) in flagged.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{}",
                diagnostic(&report.review, review_text, c, &short, false)
            )?;
        }
        writeln!(out, "```")?;
    }
    // A review of another film: its claims once, without the reason on
    // each (it is said above).
    let other = report.other_film.is_some();
    for (label, heading) in [
        (Label::Supported, "Supported"),
        (
            Label::NotEnoughInfo,
            if other {
                "Not checked"
            } else {
                "Not enough info"
            },
        ),
    ] {
        let these: Vec<&Checked> = report.claims.iter().filter(|c| c.label == label).collect();
        if these.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {heading} ({})", these.len())?;
        writeln!(out)?;
        if other {
            writeln!(out, "| line | fact | value | quote |")?;
            writeln!(out, "|---:|---|---|---|")?;
        } else {
            writeln!(out, "| line | fact | value | quote | why |")?;
            writeln!(out, "|---:|---|---|---|---|")?;
        }
        for c in these {
            write!(
                out,
                "| {} | {} | {} | \"{}\" |",
                c.claim.line,
                cell(&fact(&c.claim)),
                cell(&c.claim.value.to_string()),
                cell(&c.claim.text),
            )?;
            if other {
                writeln!(out)?;
            } else {
                writeln!(out, " {} |", cell(&c.explanation))?;
            }
        }
    }
    Ok(())
}

/// The fact-check for programs, with `"schema": "concord.check/1"`.
pub fn json(report: &CheckReport, out: &mut dyn Write) -> std::io::Result<()> {
    super::versioned_json("concord.check/1", report, out)
}
