//! Output for a terminal: what `check` and `report` print when their
//! output is a terminal (or with `--format term`).
//!
//! Markdown is for files and pipes; on a terminal its tables and fences are
//! noise. So `check` prints its diagnostics as a compiler does (coloured,
//! no Markdown wrapper), then one line per other claim and a summary line;
//! `report` prints a summary, every contradiction and variant with its
//! sides, and one line per other finding that differs. Colours follow
//! `--color` and `NO_COLOR` ([`Colors`]); without them the text is the same,
//! so tests can read it.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::report::{Report, common_dir, fact};
use crate::check::{CheckReport, Checked, Label};
use crate::reconcile::{Finding, Verdict};

/// Whether to colour, and the styles to colour with.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    pub on: bool,
}

impl Colors {
    fn paint(self, style: Style, text: &str) -> String {
        if self.on {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    fn dim(self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn verdict(self, v: Verdict, text: &str) -> String {
        let color = match v {
            Verdict::Contradiction => AnsiColor::Red,
            Verdict::Variant => AnsiColor::Yellow,
            Verdict::Compatible => AnsiColor::Cyan,
            Verdict::Agreement => AnsiColor::Green,
            Verdict::Single => AnsiColor::BrightBlack,
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), text)
    }

    fn label(self, l: Label, text: &str) -> String {
        let color = match l {
            Label::Refuted => AnsiColor::Red,
            Label::Conflicting => AnsiColor::Yellow,
            Label::Supported => AnsiColor::Green,
            Label::NotEnoughInfo => AnsiColor::BrightBlack,
        };
        self.paint(Style::new().fg_color(Some(color.into())).bold(), text)
    }
}

fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradiction => "✗",
        Verdict::Variant => "~",
        Verdict::Compatible => "≈",
        Verdict::Agreement => "✓",
        Verdict::Single => "•",
    }
}

/// Words from a review (a quote, a name, a value) for a terminal: on one
/// line, control characters (a terminal escape) replaced.
fn plain(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    super::escape::same_width(&one_line).into_owned()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `check` for a terminal: each refuted or conflicting claim as a
/// diagnostic, then the other claims a line each, then the summary.
pub fn check(
    report: &CheckReport,
    review_text: &str,
    colors: Colors,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let dir = common_dir(&report.against);
    let short = |s: &str| s.strip_prefix(dir.as_str()).unwrap_or(s).to_string();
    if let Some(why) = &report.other_film {
        writeln!(
            out,
            "{}: {}",
            colors.label(Label::Refuted, "other film"),
            colors.bold("this review seems to be about another film than the corpus's")
        )?;
        writeln!(out, "  = {}", plain(why))?;
        writeln!(out, "  = its claims are not checked against this corpus")?;
        writeln!(out)?;
    }
    for c in report
        .claims
        .iter()
        .filter(|c| matches!(c.label, Label::Refuted | Label::Conflicting))
    {
        let shown = super::check::diagnostic(&report.review, review_text, c, &short, colors.on);
        writeln!(out, "{shown}")?;
        writeln!(out)?;
    }
    for (label, heading) in [
        (Label::Supported, "supported"),
        (Label::NotEnoughInfo, "not enough info"),
    ] {
        let these: Vec<&Checked> = report.claims.iter().filter(|c| c.label == label).collect();
        if these.is_empty() || (label == Label::NotEnoughInfo && report.other_film.is_some()) {
            continue;
        }
        writeln!(
            out,
            "{}",
            colors.label(label, &format!("{heading} ({})", these.len()))
        )?;
        for c in these {
            writeln!(
                out,
                "  {}:{} {} = {} {}",
                report.review,
                c.claim.line,
                plain(&super::check::fact(&c.claim)),
                plain(&c.claim.value.to_string()),
                colors.dim(&format!("({})", plain(&c.explanation)))
            )?;
        }
        writeln!(out)?;
    }
    let s = &report.summary;
    let mut against = format!(
        "{} in {dir}",
        plural(report.against.len(), "review", "reviews")
    );
    if dir.is_empty() {
        against = plural(report.against.len(), "review", "reviews");
    }
    if let Some(r) = &report.reference {
        against.push_str(&format!(" and the reference {r}"));
    }
    writeln!(
        out,
        "{}: {}, {}, {}, {} (against {against})",
        colors.bold(&report.review),
        colors.label(Label::Refuted, &format!("{} refuted", s.refuted)),
        colors.label(
            Label::Conflicting,
            &format!("{} conflicting", s.conflicting)
        ),
        colors.label(Label::Supported, &format!("{} supported", s.supported)),
        colors.label(
            Label::NotEnoughInfo,
            &format!("{} not enough info", s.not_enough_info)
        ),
    )
}

/// One finding of the report, with its sides and their quotes.
fn finding(
    f: &Finding,
    short: &dyn Fn(&str) -> String,
    colors: Colors,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let film = f
        .film
        .as_ref()
        .map(|name| format!("{name}: "))
        .unwrap_or_default();
    writeln!(
        out,
        "{} {film}{}",
        colors.verdict(
            f.verdict,
            &format!("{} {}", icon(f.verdict), f.verdict.as_str())
        ),
        colors.bold(&plain(&fact(f)))
    )?;
    writeln!(out, "  {}", plain(&f.explanation))?;
    for v in &f.values {
        writeln!(
            out,
            "  {} {}",
            colors.bold(&plain(&v.value)),
            colors.dim(&format!(
                "({})",
                plural(v.sources.len(), "review", "reviews")
            ))
        )?;
        for q in &v.quotes {
            writeln!(
                out,
                "    {}:{} \"{}\"",
                short(&q.source),
                q.line,
                plain(&q.text)
            )?;
        }
    }
    writeln!(out)
}

/// `report` for a terminal: the counts, every contradiction and variant
/// with its quotes, one line per compatible finding; agreements and single
/// statements counted (`--format md` lists them).
pub fn report(report: &Report, colors: Colors, out: &mut dyn Write) -> std::io::Result<()> {
    let dir = common_dir(&report.sources);
    let short = |s: &str| s.strip_prefix(dir.as_str()).unwrap_or(s).to_string();
    let s = &report.summary;
    let mut head = plural(s.reviews, "review", "reviews");
    if !report.films.is_empty() {
        head.push_str(&format!(" of {} films", report.films.len()));
    }
    if !dir.is_empty() {
        head.push_str(&format!(" in {dir}"));
    }
    writeln!(
        out,
        "{}, {}",
        colors.bold(&head),
        plural(s.claims, "claim", "claims")
    )?;
    let counts = [
        (
            Verdict::Contradiction,
            s.contradiction,
            "contradiction",
            "contradictions",
        ),
        (Verdict::Variant, s.variant, "variant", "variants"),
        (
            Verdict::Compatible,
            s.compatible,
            "compatible",
            "compatible",
        ),
        (Verdict::Agreement, s.agreement, "agreement", "agreements"),
        (Verdict::Single, s.single, "single", "single"),
    ];
    let line: Vec<String> = counts
        .iter()
        .map(|&(v, n, one, many)| {
            colors.verdict(v, &format!("{} {}", icon(v), plural(n, one, many)))
        })
        .collect();
    writeln!(out, "{}", line.join("  "))?;
    writeln!(out)?;
    for f in report
        .findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Contradiction | Verdict::Variant))
    {
        finding(f, &short, colors, out)?;
    }
    let compatible: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Compatible)
        .collect();
    if !compatible.is_empty() {
        for f in compatible {
            let values: Vec<&str> = f.values.iter().map(|v| v.value.as_str()).collect();
            writeln!(
                out,
                "{} {}: {}",
                colors.verdict(Verdict::Compatible, icon(Verdict::Compatible)),
                plain(&fact(f)),
                plain(&values.join(", "))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        colors.dim(&format!(
            "{} and {} more: `--format md` lists every finding, `--format html` draws the grid",
            plural(s.agreement, "agreement", "agreements"),
            plural(
                s.single,
                "statement of one review",
                "statements of one review"
            )
        ))
    )
}
