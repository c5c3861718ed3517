//! `concord report` output. Markdown for a person: a summary, then
//! contradictions and variants with every side quoted (file and line), then
//! compatible statements, agreements and single claims. JSON for programs,
//! in the contract's shape.

use std::io::Write;

use serde::Serialize;

use super::claims::cell;
use crate::reconcile::{Finding, Verdict};

/// The report of a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub sources: Vec<String>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// One entry per film when the corpus holds several; empty (and left
    /// out of the JSON) for one film.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub films: Vec<FilmSummary>,
}

/// One film of a corpus of several: its reviews and its counts.
#[derive(Debug, Clone, Serialize)]
pub struct FilmSummary {
    pub film: String,
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub reviews: usize,
    pub claims: usize,
    /// Claims from reader comments, read but not compared.
    pub comment_claims: usize,
    pub contradiction: usize,
    pub variant: usize,
    pub compatible: usize,
    pub agreement: usize,
    pub single: usize,
}

impl Summary {
    pub fn of(
        reviews: usize,
        claims: usize,
        comment_claims: usize,
        findings: &[Finding],
    ) -> Summary {
        let n = |v: Verdict| findings.iter().filter(|f| f.verdict == v).count();
        Summary {
            reviews,
            claims,
            comment_claims,
            contradiction: n(Verdict::Contradiction),
            variant: n(Verdict::Variant),
            compatible: n(Verdict::Compatible),
            agreement: n(Verdict::Agreement),
            single: n(Verdict::Single),
        }
    }
}

/// The folder all sources share, so tables can show short names.
pub(crate) fn common_dir(sources: &[String]) -> String {
    let Some(first) = sources.first() else {
        return String::new();
    };
    let mut prefix = match first.rfind('/') {
        Some(i) => &first[..=i],
        None => return String::new(),
    };
    for s in sources {
        while !s.starts_with(prefix) {
            prefix = match prefix[..prefix.len() - 1].rfind('/') {
                Some(i) => &prefix[..=i],
                None => return String::new(),
            };
        }
    }
    prefix.to_string()
}

/// What a finding is about: "cast of Kathy (young)", "release_date
/// (premiere, Telluride Film Festival)".
pub fn fact(f: &Finding) -> String {
    if !f.joins.is_empty() {
        return if f.property == crate::model::Property::Role {
            "who holds which role".to_string()
        } else {
            f.joins.join("; ")
        };
    }
    if let (None, Some(role)) = (&f.subject, f.qualifiers.get("role")) {
        return format!("who is the {role}");
    }
    let mut s = super::label::subject(f.property, f.subject.as_deref());
    let mut quals: Vec<&str> = ["role", "event", "place", "system", "version", "of"]
        .iter()
        .filter_map(|k| f.qualifiers.get(*k).map(String::as_str))
        .collect();
    for (flag, word) in [
        ("negated", "denied"),
        ("rumor", "rumour"),
        ("hypothetical", "hypothetical"),
    ] {
        if f.qualifiers.contains_key(flag) {
            quals.push(word);
        }
    }
    if !quals.is_empty() {
        s.push_str(&format!(" ({})", quals.join(", ")));
    }
    s
}

pub(crate) fn heading(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradiction => "Contradictions",
        Verdict::Variant => "Spelling and naming variants",
        Verdict::Compatible => "Compatible statements",
        Verdict::Agreement => "Agreements",
        Verdict::Single => "Stated by one review only",
    }
}

pub(crate) fn intro(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradiction => "The reviews give values that cannot all be true.",
        Verdict::Variant => "One referent written differently; at most one spelling is right.",
        Verdict::Compatible => "The values differ but can all be true.",
        Verdict::Agreement => "Two or more reviews state the same value.",
        Verdict::Single => "Only one review states these; nothing confirms or contradicts them.",
    }
}

pub fn markdown(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let dir = common_dir(&report.sources);
    let short = |s: &str| s.strip_prefix(dir.as_str()).unwrap_or(s).to_string();
    let s = &report.summary;
    writeln!(out, "# Consistency report")?;
    writeln!(out)?;
    write!(out, "{} reviews", s.reviews)?;
    if !report.films.is_empty() {
        write!(out, " of {} films", report.films.len())?;
    }
    if !dir.is_empty() {
        write!(out, " in {}", super::escape::md_code(&dir))?;
    }
    write!(out, ", {} claims", s.claims)?;
    if s.comment_claims > 0 {
        write!(
            out,
            " ({} from reader comments, set aside)",
            s.comment_claims
        )?;
    }
    writeln!(out, ".")?;
    writeln!(out)?;
    writeln!(out, "| verdict | findings |")?;
    writeln!(out, "|---|---:|")?;
    for (v, n) in [
        (Verdict::Contradiction, s.contradiction),
        (Verdict::Variant, s.variant),
        (Verdict::Compatible, s.compatible),
        (Verdict::Agreement, s.agreement),
        (Verdict::Single, s.single),
    ] {
        writeln!(out, "| {} | {n} |", v.as_str())?;
    }

    if report.films.is_empty() {
        let all: Vec<&Finding> = report.findings.iter().collect();
        return sections(&all, 2, &short, out);
    }
    writeln!(out)?;
    writeln!(
        out,
        "| film | reviews | contradiction | variant | compatible | agreement | single |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    for f in &report.films {
        let s = &f.summary;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&f.film),
            s.reviews,
            s.contradiction,
            s.variant,
            s.compatible,
            s.agreement,
            s.single
        )?;
    }
    // One pass puts each finding with its film (not a scan of all findings
    // per film: a site has thousands of films).
    let mut by_film: std::collections::HashMap<&str, Vec<&Finding>> = Default::default();
    for x in &report.findings {
        by_film
            .entry(x.film.as_deref().unwrap_or(""))
            .or_default()
            .push(x);
    }
    for f in &report.films {
        writeln!(out)?;
        writeln!(out, "## {}", cell(&f.film))?;
        writeln!(out)?;
        writeln!(
            out,
            "{} reviews, {} claims.",
            f.summary.reviews, f.summary.claims
        )?;
        let findings = by_film.remove(f.film.as_str()).unwrap_or_default();
        sections(&findings, 3, &short, out)?;
    }
    Ok(())
}

/// The findings by verdict, under headings of `level` (`##` is 2).
fn sections(
    findings: &[&Finding],
    level: usize,
    short: &dyn Fn(&str) -> String,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let h = "#".repeat(level);
    for v in Verdict::ALL {
        let found: Vec<&Finding> = findings
            .iter()
            .copied()
            .filter(|f| f.verdict == v)
            .collect();
        if found.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{h} {} ({})", heading(v), found.len())?;
        writeln!(out)?;
        writeln!(out, "{}", intro(v))?;
        match v {
            Verdict::Contradiction | Verdict::Variant | Verdict::Compatible => {
                for f in found {
                    writeln!(out)?;
                    writeln!(out, "{h}# {}", cell(&fact(f)))?;
                    writeln!(out)?;
                    writeln!(out, "{}.", capitalise(&cell(&f.explanation)))?;
                    writeln!(out)?;
                    for value in &f.values {
                        for q in &value.quotes {
                            writeln!(
                                out,
                                "- **{}**: {}:{} \"{}\"",
                                cell(&q.value),
                                cell(&short(&q.source)),
                                q.line,
                                cell(&q.text)
                            )?;
                        }
                    }
                }
            }
            Verdict::Agreement => {
                writeln!(out)?;
                writeln!(out, "| fact | value | reviews | note |")?;
                writeln!(out, "|---|---|---:|---|")?;
                for f in found {
                    let note = f.explanation.split_once("; ").map_or("", |(_, rest)| rest);
                    let value = f.values[0].entity.as_ref().unwrap_or(&f.values[0].value);
                    let reviews: std::collections::BTreeSet<&std::sync::Arc<str>> =
                        f.values.iter().flat_map(|v| &v.sources).collect();
                    writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        cell(&fact(f)),
                        cell(value),
                        reviews.len(),
                        cell(note)
                    )?;
                }
            }
            Verdict::Single => {
                writeln!(out)?;
                writeln!(out, "| fact | value | where | quote |")?;
                writeln!(out, "|---|---|---|---|")?;
                for f in found {
                    for value in &f.values {
                        let q = &value.quotes[0];
                        writeln!(
                            out,
                            "| {} | {} | {}:{} | \"{}\" |",
                            cell(&fact(f)),
                            cell(&value.value),
                            cell(&short(&q.source)),
                            q.line,
                            cell(&q.text)
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The report for programs, with `"schema": "concord.report/1"`.
pub fn json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    super::versioned_json("concord.report/1", report, out)
}

/// A sentence's first letter in upper case.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
