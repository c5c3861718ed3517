//! `concord eval` output. Markdown for the person changing rules or gold:
//! the figures, then by property and by review, then each claim missed and
//! each wrong, with file, line and quote, in the style of `rules diff`;
//! each gold finding right or not, with what the report said; each
//! unexpected flag; each fact-check label; the gates. JSON for programs
//! (`"schema": "concord.eval/1"`): the same, every figure with its counts.
//! Floors: the figures as a table of a floors file, rounded down.

use std::io::Write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::floors::floor_of;
use super::gold::GoldClaim;
use super::score::{PropertyScore, Ratio, ReviewScore};
use super::{CheckEval, CorpusEval, Eval};
use crate::check::Checked;
use crate::model::Claim;
use crate::reconcile::Finding;
use crate::render::claims::cell;
use crate::render::diff::claim_words;
use crate::render::report::{common_dir, fact};

/// The JSON document's shape and version (CONTRACT.md).
pub const SCHEMA: &str = "concord.eval/1";

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `0.55 (62/112)`, or `-` over nothing.
fn ratio(r: Ratio) -> String {
    if r.total == 0 {
        "-".into()
    } else {
        format!("{:.2} ({}/{})", r.value(), r.hit, r.total)
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", cell(text))
}

/// A gold claim in a few words: `cast of Michael (adult): Ralph Fiennes`.
fn gold_words(g: &GoldClaim) -> String {
    let mut s = g.property.clone();
    if let Some(subject) = &g.subject {
        s.push_str(&format!(" of {subject}"));
    }
    if let Some(q) = &g.qualifier {
        s.push_str(&format!(" ({q})"));
    }
    s.push_str(&format!(": {}", g.value));
    s
}

/// A finding in a few words: `contradiction: 122 (1 review), 123 (1 review)`.
fn finding_words(f: &Finding) -> String {
    let values: Vec<String> = f
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
    format!("{}: {}", f.verdict.as_str(), values.join(", "))
}

/// The name of a file relative to the folder all sources share.
fn short<'s>(path: &'s str, dir: &str) -> &'s str {
    path.strip_prefix(dir).unwrap_or(path)
}

/// The last part of a path: how a gold file is named in a table.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub fn markdown(eval: &Eval, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(c) = &eval.corpus {
        corpus_markdown(c, out)?;
    }
    if let Some(c) = &eval.check {
        if eval.corpus.is_some() {
            writeln!(out)?;
        }
        check_markdown(c, out)?;
    }
    if !eval.gates.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Gates")?;
        writeln!(out)?;
        writeln!(out, "| figure | bound | value | |")?;
        writeln!(out, "|---|---|---:|---|")?;
        for g in &eval.gates {
            let bound = match g.bound {
                "min" => format!("at least {}", g.limit),
                _ => format!("at most {}", g.limit),
            };
            let value = g.ratio.map_or_else(|| g.value.to_string(), ratio);
            let ok = if g.ok { "ok" } else { "FAIL" };
            writeln!(out, "| {} | {bound} | {value} | {ok} |", g.figure)?;
        }
        let failed = eval.gates.iter().filter(|g| !g.ok).count();
        writeln!(out)?;
        if failed == 0 {
            writeln!(out, "Every figure is within its bound.")?;
        } else {
            writeln!(
                out,
                "{} out of bound: `concord eval` exits 1.",
                count(failed, "figure is", "figures are")
            )?;
        }
    }
    Ok(())
}

fn corpus_markdown(c: &CorpusEval, out: &mut dyn Write) -> std::io::Result<()> {
    let sources: Vec<String> = c.reviews.iter().map(|r| r.source.clone()).collect();
    let dir = common_dir(&sources);
    let claims = &c.claims;
    let findings = &c.findings;
    writeln!(out, "# Eval against `{}`", c.gold.file)?;
    writeln!(out)?;
    let required = c.gold.claims.iter().filter(|g| !g.optional).count();
    write!(out, "{}", count(c.reviews.len(), "review", "reviews"))?;
    if !dir.is_empty() {
        write!(out, " in `{dir}`")?;
    }
    writeln!(
        out,
        ", {} ({} distinct); the gold file lists {} ({} required) and {}.",
        count(claims.system_claims, "claim", "claims"),
        claims.distinct,
        count(c.gold.claims.len(), "claim", "claims"),
        required,
        count(c.gold.findings.len(), "finding", "findings"),
    )?;
    writeln!(out)?;
    writeln!(out, "| figure | value | right | of |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for (name, r) in [
        ("recall", claims.recall),
        ("core recall", claims.core_recall),
        ("core precision", claims.core_precision),
        ("findings right", findings.right),
    ] {
        writeln!(
            out,
            "| {name} | {:.2} | {} | {} |",
            r.value(),
            r.hit,
            r.total
        )?;
    }
    writeln!(
        out,
        "| unexpected flags | {} | | |",
        findings.unexpected.len()
    )?;

    writeln!(out)?;
    writeln!(out, "## Claims by property")?;
    writeln!(out)?;
    writeln!(
        out,
        "Recall of the gold's required claims; precision of concord's claims of the core properties."
    )?;
    writeln!(out)?;
    writeln!(out, "| property | core | recall | core precision |")?;
    writeln!(out, "|---|---|---:|---:|")?;
    for p in &claims.by_property {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            p.property,
            if p.core { "core" } else { "" },
            ratio(p.recall),
            p.core_precision.map_or_else(String::new, ratio)
        )?;
    }

    writeln!(out)?;
    writeln!(out, "## Claims by review")?;
    writeln!(out)?;
    writeln!(out, "| review | recall | core recall | core precision |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for r in &claims.by_review {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(short(&r.review, &dir)),
            ratio(r.recall),
            ratio(r.core_recall),
            ratio(r.core_precision)
        )?;
    }

    let gold_file = file_name(&c.gold.file);
    if !claims.missed.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Missed ({})", claims.missed.len())?;
        writeln!(out)?;
        writeln!(
            out,
            "Required gold claims that no claim of concord's states: where the words are in the review, when they are found, else the gold's note."
        )?;
        writeln!(out)?;
        writeln!(out, "| where | gold claim | quote | gold |")?;
        writeln!(out, "|---|---|---|---|")?;
        for (g, place) in claims.missed.iter().zip(&c.places) {
            let (at, words) = match (&place.review, &place.found) {
                (Some(r), Some(f)) => (format!("{}:{}", short(r, &dir), f.line), quote(&f.quote)),
                (Some(r), None) => (short(r, &dir).to_string(), note(g)),
                (None, _) => (format!("{} (no such review)", g.source), note(g)),
            };
            writeln!(
                out,
                "| {} | {} | {} | {gold_file}:{} |",
                cell(&at),
                cell(&gold_words(g)),
                words,
                g.line
            )?;
        }
    }
    if !claims.wrong.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Wrong ({})", claims.wrong.len())?;
        writeln!(out)?;
        writeln!(out, "Core claims that no gold claim supports.")?;
        writeln!(out)?;
        writeln!(out, "| where | claim | quote | rule |")?;
        writeln!(out, "|---|---|---|---|")?;
        for w in &claims.wrong {
            writeln!(
                out,
                "| {}:{} | {} | {} | `{}` |",
                cell(short(&w.source, &dir)),
                w.line,
                cell(&claim_words(w)),
                quote(&w.text),
                w.rule
            )?;
        }
    }

    writeln!(out)?;
    writeln!(
        out,
        "## Findings ({} of {} right)",
        findings.right.hit, findings.right.total
    )?;
    if !findings.results.is_empty() {
        writeln!(out)?;
        writeln!(out, "| | gold finding | expected | concord reported |")?;
        writeln!(out, "|---|---|---|---|")?;
    }
    for r in &findings.results {
        let g = r.gold;
        let mut about = g.property.clone();
        if let Some(s) = &g.subject {
            about.push_str(&format!(" of {s}"));
        }
        let expected = match g.class {
            super::gold::FindingClass::ConsistentOrAbsent => "not flagged".to_string(),
            class => class.as_str().to_string(),
        };
        let reported = if !r.matched.is_empty() {
            words_of(&r.matched)
        } else if r.related.is_empty() {
            "nothing".into()
        } else {
            format!(
                "nothing with these values; of this fact: {}",
                words_of(&r.related)
            )
        };
        writeln!(
            out,
            "| {} | `{}` ({}) | {}: {} | {} |",
            if r.ok { "ok" } else { "FAIL" },
            g.id,
            cell(&about),
            expected,
            cell(&g.values.join(", ")),
            cell(&reported)
        )?;
    }
    if !findings.unexpected.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Unexpected flags ({})", findings.unexpected.len())?;
        writeln!(out)?;
        writeln!(
            out,
            "Contradictions and variants that no flagged gold finding of their fact expects."
        )?;
        writeln!(out)?;
        writeln!(out, "| fact | reported | quotes |")?;
        writeln!(out, "|---|---|---|")?;
        for f in &findings.unexpected {
            let quotes: Vec<String> = f
                .values
                .iter()
                .flat_map(|v| &v.quotes)
                .map(|q| format!("{}:{} {}", short(&q.source, &dir), q.line, quote(&q.text)))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} |",
                cell(&fact(f)),
                cell(&finding_words(f)),
                quotes.join("; ")
            )?;
        }
    }
    Ok(())
}

/// The gold's note on a claim it could not be found from.
fn note(g: &GoldClaim) -> String {
    match &g.note {
        Some(n) => format!("gold note: {}", cell(n)),
        None => "not found in the text".into(),
    }
}

/// Findings in a few words each, `;` between; at most four, then how many
/// more.
fn words_of(found: &[&Finding]) -> String {
    const SHOWN: usize = 4;
    let mut words: Vec<String> = found
        .iter()
        .take(SHOWN)
        .map(|f| format!("{} {}", fact(f), finding_words(f)))
        .collect();
    if found.len() > SHOWN {
        words.push(format!("and {} more", found.len() - SHOWN));
    }
    words.join("; ")
}

fn check_markdown(c: &CheckEval, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# Fact-check labels against `{}`", c.gold.file)?;
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} right ({:.2}), {} checked.",
        c.right.hit,
        count(c.right.total, "label", "labels"),
        c.right.value(),
        count(c.runs.len(), "review", "reviews")
    )?;
    writeln!(out)?;
    writeln!(out, "| review | against | labels right |")?;
    writeln!(out, "|---|---|---:|")?;
    for (run, r) in c.runs.iter().zip(&c.per_run) {
        let against: Vec<String> = run
            .against
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        writeln!(
            out,
            "| {} | {} | {}/{} |",
            cell(&run.review.display().to_string()),
            cell(&against.join(", ")),
            r.hit,
            r.total
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## Labels")?;
    writeln!(out)?;
    writeln!(
        out,
        "`no claim`: concord read no claim of that fact from the review."
    )?;
    writeln!(out)?;
    writeln!(out, "| | review | fact | want | got | gold |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    let gold_file = file_name(&c.gold.file);
    for (l, _) in &c.labels {
        let g = l.gold;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {gold_file}:{} |",
            if l.ok { "ok" } else { "FAIL" },
            cell(&g.review),
            cell(&label_fact(g)),
            g.label,
            l.label().map_or("no claim", |x| x.as_str()),
            g.line
        )?;
    }
    // A wrong label with a claim: the claim and the evidence it was
    // labelled on.
    let wrong: Vec<_> = c
        .labels
        .iter()
        .filter_map(|(l, _)| l.got.filter(|_| !l.ok).map(|got| (l, got)))
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "## Wrong labels of a claim ({})", wrong.len())?;
    for (l, checked) in wrong {
        let g = l.gold;
        writeln!(out)?;
        writeln!(
            out,
            "### {}: {}: want {}, got {}",
            g.review,
            label_fact(g),
            g.label,
            checked.label.as_str()
        )?;
        writeln!(out)?;
        writeln!(out, "- gold: {gold_file}:{}", g.line)?;
        checked_markdown(checked, out)?;
    }
    Ok(())
}

/// `cast of Ruth = Keira Knightly`.
fn label_fact(g: &super::gold::GoldLabel) -> String {
    match &g.subject {
        Some(s) => format!("{} of {s} = {}", g.property, g.value),
        None => format!("{} = {}", g.property, g.value),
    }
}

fn checked_markdown(c: &Checked, out: &mut dyn Write) -> std::io::Result<()> {
    let claim = &c.claim;
    writeln!(
        out,
        "- claim: {}:{} {} ({}, `{}`)",
        file_name(&claim.source),
        claim.line,
        quote(&claim.text),
        cell(&claim_words(claim)),
        claim.rule
    )?;
    writeln!(out, "- explanation: {}", cell(&c.explanation))?;
    for e in &c.evidence {
        writeln!(
            out,
            "- evidence: {}:{} {} ({})",
            file_name(&e.source),
            e.line,
            quote(&e.text),
            cell(&e.value)
        )?;
    }
    Ok(())
}

/// A finding in brief, for JSON: its verdict and fact, and each value
/// with the reviews that give it (`concord report --format json` has the
/// rest).
#[derive(Serialize)]
struct Brief<'a> {
    verdict: &'static str,
    property: &'static str,
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    qualifiers: &'a BTreeMap<String, String>,
    values: Vec<BriefValue<'a>>,
}

#[derive(Serialize)]
struct BriefValue<'a> {
    value: &'a str,
    sources: &'a [Arc<str>],
}

fn brief<'a>(found: &[&'a Finding]) -> Vec<Brief<'a>> {
    found
        .iter()
        .map(|f| Brief {
            verdict: f.verdict.as_str(),
            property: f.property.as_str(),
            subject: f.subject.as_deref(),
            qualifiers: &f.qualifiers,
            values: f
                .values
                .iter()
                .map(|v| BriefValue {
                    value: &v.value,
                    sources: &v.sources,
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct CorpusJson<'a> {
    /// The corpus's paths, as given.
    paths: &'a [PathBuf],
    gold: &'a str,
    reviews: usize,
    claims: ClaimsJson<'a>,
    findings: FindingsJson<'a>,
}

#[derive(Serialize)]
struct ClaimsJson<'a> {
    /// concord's claims, and how many are distinct.
    system: usize,
    distinct: usize,
    recall: Ratio,
    core_recall: Ratio,
    core_precision: Ratio,
    by_property: &'a [PropertyScore],
    by_review: &'a [ReviewScore],
    missed: Vec<MissedJson<'a>>,
    wrong: &'a [&'a Claim],
}

#[derive(Serialize)]
struct MissedJson<'a> {
    source: &'a str,
    property: &'a str,
    subject: Option<&'a str>,
    value: &'a str,
    qualifier: Option<&'a str>,
    gold_line: usize,
    note: Option<&'a str>,
    /// The review the gold names, as concord read it.
    review: Option<&'a str>,
    /// Where its words are in the review, when they are found.
    line: Option<usize>,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    right: Ratio,
    unexpected_flags: usize,
    gold: Vec<GoldFindingJson<'a>>,
    unexpected: &'a [&'a Finding],
}

#[derive(Serialize)]
struct GoldFindingJson<'a> {
    id: &'a str,
    property: &'a str,
    subject: Option<&'a str>,
    class: &'static str,
    values: &'a [String],
    gold_line: usize,
    ok: bool,
    /// The report's findings of its fact and values.
    reported: Vec<Brief<'a>>,
    /// When there are none: the findings of its fact.
    related: Vec<Brief<'a>>,
}

fn corpus_json<'a>(c: &'a CorpusEval) -> CorpusJson<'a> {
    let claims = &c.claims;
    CorpusJson {
        paths: c.corpus,
        gold: &c.gold.file,
        reviews: c.reviews.len(),
        claims: ClaimsJson {
            system: claims.system_claims,
            distinct: claims.distinct,
            recall: claims.recall,
            core_recall: claims.core_recall,
            core_precision: claims.core_precision,
            by_property: &claims.by_property,
            by_review: &claims.by_review,
            missed: claims
                .missed
                .iter()
                .zip(&c.places)
                .map(|(g, place)| MissedJson {
                    source: &g.source,
                    property: &g.property,
                    subject: g.subject.as_deref(),
                    value: &g.value,
                    qualifier: g.qualifier.as_deref(),
                    gold_line: g.line,
                    note: g.note.as_deref(),
                    review: place.review.as_deref(),
                    line: place.found.as_ref().map(|f| f.line),
                    text: place.found.as_ref().map(|f| f.quote.as_str()),
                })
                .collect(),
            wrong: &claims.wrong,
        },
        findings: FindingsJson {
            right: c.findings.right,
            unexpected_flags: c.findings.unexpected.len(),
            gold: c
                .findings
                .results
                .iter()
                .map(|r| GoldFindingJson {
                    id: &r.gold.id,
                    property: &r.gold.property,
                    subject: r.gold.subject.as_deref(),
                    class: r.gold.class.as_str(),
                    values: &r.gold.values,
                    gold_line: r.gold.line,
                    ok: r.ok,
                    reported: brief(&r.matched),
                    related: brief(&r.related),
                })
                .collect(),
            unexpected: &c.findings.unexpected,
        },
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    gold: &'a str,
    right: Ratio,
    runs: Vec<RunJson<'a>>,
    labels: Vec<LabelJson<'a>>,
}

#[derive(Serialize)]
struct RunJson<'a> {
    review: &'a Path,
    against: &'a [PathBuf],
    right: Ratio,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_film: Option<&'a str>,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    review: &'a str,
    corpus: Option<&'a str>,
    property: &'a str,
    subject: Option<&'a str>,
    value: &'a str,
    gold_line: usize,
    want: &'a str,
    got: Option<&'static str>,
    ok: bool,
    /// The run (by place in `runs`) the label is of.
    run: usize,
    /// The checked claim the label was read from, with its evidence.
    checked: Option<&'a Checked>,
}

fn check_json<'a>(c: &'a CheckEval) -> CheckJson<'a> {
    CheckJson {
        gold: &c.gold.file,
        right: c.right,
        runs: c
            .runs
            .iter()
            .zip(&c.per_run)
            .map(|(r, &right)| RunJson {
                review: &r.review,
                against: &r.against,
                right,
                other_film: r.report.other_film.as_deref(),
            })
            .collect(),
        labels: c
            .labels
            .iter()
            .map(|(l, run)| LabelJson {
                review: &l.gold.review,
                corpus: l.gold.corpus.as_deref(),
                property: &l.gold.property,
                subject: l.gold.subject.as_deref(),
                value: &l.gold.value,
                gold_line: l.gold.line,
                want: &l.gold.label,
                got: l.label().map(|x| x.as_str()),
                ok: l.ok,
                run: *run,
                checked: l.got,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    corpus: Option<CorpusJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<CheckJson<'a>>,
    gates: &'a [super::floors::Gate],
    passed: bool,
}

pub fn json(eval: &Eval, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = Document {
        schema: SCHEMA,
        corpus: eval.corpus.as_ref().map(corpus_json),
        check: eval.check.as_ref().map(check_json),
        gates: &eval.gates,
        passed: eval.gates.iter().all(|g| g.ok),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A table name of a floors file: bare when TOML allows it.
fn table(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_default()
    }
}

/// The figures as floors: a table per gold file, each share rounded down.
pub fn floors(eval: &Eval, out: &mut dyn Write) -> std::io::Result<()> {
    let stem = |file: &str| super::stem(std::path::Path::new(file));
    if let Some(c) = &eval.corpus {
        writeln!(out, "[{}]", table(&stem(&c.gold.file)))?;
        for (key, r) in [
            ("min_recall", c.claims.recall),
            ("min_core_recall", c.claims.core_recall),
            ("min_precision", c.claims.core_precision),
            ("min_findings", c.findings.right),
        ] {
            writeln!(out, "{key} = {}  # {}/{}", floor_of(r), r.hit, r.total)?;
        }
        writeln!(
            out,
            "max_unexpected_flags = {}",
            c.findings.unexpected.len()
        )?;
    }
    if let Some(c) = &eval.check {
        if eval.corpus.is_some() {
            writeln!(out)?;
        }
        writeln!(out, "[{}]", table(&stem(&c.gold.file)))?;
        writeln!(
            out,
            "min_labels = {}  # {}/{}",
            floor_of(c.right),
            c.right.hit,
            c.right.total
        )?;
    }
    Ok(())
}
