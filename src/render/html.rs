//! `concord report --format html`: the consistency report as one page that
//! a person can scan, because a grid is quicker to read than a list.
//!
//! The page is a single self-contained file: the CSS and a few lines of
//! plain JavaScript (the filters, opening what a link points at, opening
//! every finding for print) are inline, and it fetches nothing. It has:
//!
//! - a header with the corpus, its claims and the findings per verdict;
//! - the fact × review [`grid`], a row per finding and a
//!   column per review, whose legend says what each cell's mark means;
//! - the findings, contradictions and variants first and open, each
//!   quoting every side with file and line, linked into the review's text;
//! - each review's own text with its claims highlighted, cut into flat
//!   runs by [`highlight`] so that overlapping claims
//!   never make crossing elements.
//!
//! The page is built with askama from `templates/report.html`: the
//! template is compiled and checked with the crate, and askama escapes every
//! value it prints, so no word of a review reaches the page unescaped. This
//! module only turns the report into plain view structs (strings, anchors,
//! classes) that the template lays out. Colour is never the only signal:
//! every verdict and mark also has an icon and a word.
//!
//! The output is deterministic: no clock, no random ids; anchors are
//! positions in the sorted report (`f3` the third finding, `r2-c7` the
//! seventh claim of the second review).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use askama::Template;

use super::grid::{self, Mark};
use super::highlight;
use super::report::{Report, common_dir, fact, heading, intro};
use crate::input::ReviewFile;
use crate::model::{Claim, Property, ReviewClaims};
use crate::reconcile::{Finding, Verdict};
use crate::rules::Lexicon;

/// One review for the page: its original text and the claims read from it
/// (their spans are byte offsets into `text`).
#[derive(Debug, Clone, Copy)]
pub struct ReviewText<'a> {
    pub source: &'a str,
    pub text: &'a str,
    pub claims: &'a [Claim],
    /// The review's publication date, when its page gives one.
    pub published: Option<&'a str>,
}

impl<'a> ReviewText<'a> {
    /// A review as read (`file`) with the claims read from it.
    pub fn new(file: &'a ReviewFile, review: &'a ReviewClaims) -> ReviewText<'a> {
        ReviewText {
            source: &review.source,
            text: &file.text,
            claims: &review.claims,
            published: review.published.as_deref(),
        }
    }
}

/// Writes the page of `report`; `reviews` are the texts it was made from
/// (a review of the report without its text gets a grid column but no
/// text view).
pub fn page(
    report: &Report,
    reviews: &[ReviewText],
    lexicon: &Lexicon,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let page = build(report, reviews, lexicon);
    page.write_into(out)
}

/// The icon of a verdict, the same as the grid mark it mostly gives.
fn verdict_icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradiction => Mark::Contradicts.icon(),
        Verdict::Variant => Mark::Variant.icon(),
        Verdict::Compatible => Mark::Compatible.icon(),
        Verdict::Agreement => Mark::Agrees.icon(),
        Verdict::Single => Mark::Alone.icon(),
    }
}

/// The colour class of a verdict (the grid mark's class).
fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradiction => Mark::Contradicts.as_str(),
        Verdict::Variant => Mark::Variant.as_str(),
        Verdict::Compatible => Mark::Compatible.as_str(),
        Verdict::Agreement => Mark::Agrees.as_str(),
        Verdict::Single => Mark::Alone.as_str(),
    }
}

#[derive(Debug)]
struct VerdictView {
    key: &'static str,
    class: &'static str,
    icon: &'static str,
    heading: &'static str,
    intro: &'static str,
    count: usize,
}

impl VerdictView {
    fn of(v: Verdict, count: usize) -> VerdictView {
        VerdictView {
            key: v.as_str(),
            class: verdict_class(v),
            icon: verdict_icon(v),
            heading: heading(v),
            intro: intro(v),
            count,
        }
    }
}

#[derive(Debug)]
struct MarkView {
    class: &'static str,
    icon: &'static str,
    word: &'static str,
    meaning: &'static str,
}

#[derive(Debug)]
struct PropertyView {
    key: &'static str,
    count: usize,
}

#[derive(Debug)]
struct ColumnView {
    label: String,
    short: String,
    anchor: String,
}

#[derive(Debug)]
struct CellView {
    class: &'static str,
    icon: &'static str,
    word: &'static str,
    value: String,
    title: String,
    href: Option<String>,
}

#[derive(Debug)]
struct RowView {
    anchor: String,
    fact: String,
    property: &'static str,
    verdict: &'static str,
    class: &'static str,
    icon: &'static str,
    cells: Vec<CellView>,
}

#[derive(Debug)]
struct QuoteView {
    place: String,
    text: String,
    href: Option<String>,
}

#[derive(Debug)]
struct ValueView {
    value: String,
    /// The person this spelling is taken for, when it is another name.
    entity: Option<String>,
    reviews: usize,
    quotes: Vec<QuoteView>,
}

#[derive(Debug)]
struct FindingView {
    anchor: String,
    fact: String,
    property: &'static str,
    verdict: &'static str,
    class: &'static str,
    icon: &'static str,
    open: bool,
    explanation: String,
    values: Vec<ValueView>,
}

#[derive(Debug)]
struct GroupView {
    verdict: VerdictView,
    findings: Vec<FindingView>,
}

/// A tag after a claim's words, saying what the claim is.
#[derive(Debug)]
struct TagView {
    class: &'static str,
    icon: &'static str,
}

#[derive(Debug)]
struct HighlightView {
    class: &'static str,
    nested: bool,
    title: String,
}

#[derive(Debug)]
struct RunView<'a> {
    text: &'a str,
    anchors: Vec<String>,
    mark: Option<HighlightView>,
    tags: Vec<TagView>,
}

#[derive(Debug)]
struct ClaimView {
    anchor: String,
    line: usize,
    fact: String,
    value: String,
    class: &'static str,
    icon: &'static str,
    word: &'static str,
    finding: Option<String>,
    /// The verdict of that finding.
    verdict: Option<&'static str>,
    rule: String,
}

#[derive(Debug)]
struct ReviewView<'a> {
    label: String,
    anchor: String,
    source: String,
    claims: usize,
    comments: usize,
    published: Option<String>,
    runs: Vec<RunView<'a>>,
    claim_rows: Vec<ClaimView>,
}

#[derive(Debug, Template)]
#[template(path = "report.html")]
struct Page<'a> {
    title: String,
    corpus: String,
    reviews_count: usize,
    claims_count: usize,
    comment_claims: usize,
    findings_count: usize,
    verdicts: Vec<VerdictView>,
    properties: Vec<PropertyView>,
    marks: Vec<MarkView>,
    columns: Vec<ColumnView>,
    rows: Vec<RowView>,
    groups: Vec<GroupView>,
    reviews: Vec<ReviewView<'a>>,
}

/// How a claim shows in its review's text: with the mark its review has
/// in the grid on the claim's fact, so the text and the grid agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ClaimKind {
    /// Part of a finding, where its review stands so.
    Found(Mark),
    /// Read but in no finding (nothing to compare it with).
    Unlinked,
    /// From reader comments, set aside.
    Comment,
}

impl ClaimKind {
    fn class(self) -> &'static str {
        match self {
            ClaimKind::Found(m) => m.as_str(),
            ClaimKind::Unlinked => "unlinked",
            ClaimKind::Comment => "comment",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            ClaimKind::Found(m) => m.icon(),
            ClaimKind::Unlinked => "◦",
            ClaimKind::Comment => "※",
        }
    }

    fn word(self) -> &'static str {
        match self {
            ClaimKind::Found(m) => m.as_str(),
            ClaimKind::Unlinked => "not compared",
            ClaimKind::Comment => "reader comment, set aside",
        }
    }
}

/// What a claim is about, as [`fact`] says it for a finding.
fn claim_fact(c: &Claim) -> String {
    let mut s = super::label::subject(c.property, c.subject.as_deref());
    let quals: Vec<&str> = ["event", "place", "system", "version", "of"]
        .iter()
        .filter_map(|k| c.qualifier(k))
        .collect();
    if !quals.is_empty() {
        s.push_str(&format!(" ({})", quals.join(", ")));
    }
    s
}

/// What a grid row is about. A multi-valued property (starring, producer)
/// has a row per member, so the member goes into the label; a row whose
/// reviews disagree is labelled by its fact alone, not by one of its sides.
fn row_label(f: &Finding) -> String {
    let one_value = matches!(f.verdict, Verdict::Agreement | Verdict::Single);
    match f.values.first() {
        Some(v) if one_value && !f.property.is_single_valued() => {
            format!("{}: {}", fact(f), v.entity.as_ref().unwrap_or(&v.value))
        }
        _ => fact(f),
    }
}

/// Words on one line, as a quote reads.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn build<'a>(report: &Report, reviews: &[ReviewText<'a>], lexicon: &Lexicon) -> Page<'a> {
    let dir = common_dir(&report.sources);
    let short = |s: &str| s.strip_prefix(dir.as_str()).unwrap_or(s).to_string();
    let label = |i: usize| format!("R{}", i + 1);
    let column_of: HashMap<&str, usize> = report
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();

    // Anchors: a finding by its place in the report, a claim by its review's
    // column and its place in the review.
    let finding_anchor = |i: usize| format!("f{}", i + 1);
    let mut claim_anchor: HashMap<&str, String> = HashMap::new();
    for r in reviews {
        let Some(&col) = column_of.get(r.source) else {
            continue;
        };
        for (k, c) in r.claims.iter().enumerate() {
            claim_anchor.insert(&*c.id, format!("r{}-c{}", col + 1, k + 1));
        }
    }
    let mut finding_of: HashMap<&str, usize> = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        for v in &f.values {
            for c in &v.claims {
                finding_of.entry(&**c).or_insert(i);
            }
        }
    }
    let grid_rows = grid::grid(report, lexicon);
    let kind_of = |c: &Claim, col: usize| -> (ClaimKind, Option<usize>) {
        if c.is_comment() {
            return (ClaimKind::Comment, None);
        }
        match finding_of.get(&*c.id) {
            Some(&i) => {
                let mark = grid_rows[i].cells.get(col).map_or(Mark::Alone, |c| c.mark);
                (ClaimKind::Found(mark), Some(i))
            }
            None => (ClaimKind::Unlinked, None),
        }
    };

    let count = |v: Verdict| report.findings.iter().filter(|f| f.verdict == v).count();
    let verdicts: Vec<VerdictView> = Verdict::ALL
        .iter()
        .map(|&v| VerdictView::of(v, count(v)))
        .collect();
    let mut by_property: BTreeMap<Property, usize> = BTreeMap::new();
    for f in &report.findings {
        *by_property.entry(f.property).or_default() += 1;
    }
    let properties = by_property
        .into_iter()
        .map(|(p, count)| PropertyView {
            key: p.as_str(),
            count,
        })
        .collect();
    let marks = Mark::ALL
        .iter()
        .map(|&m| MarkView {
            class: m.as_str(),
            icon: m.icon(),
            word: m.as_str(),
            meaning: m.meaning(),
        })
        .collect();
    let columns = report
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| ColumnView {
            label: label(i),
            short: short(s),
            anchor: format!("review-{}", i + 1),
        })
        .collect();

    let rows = grid_rows
        .iter()
        .map(|row| {
            let f = &report.findings[row.finding];
            let cells = row
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let value = c.values.join(" / ");
                    let mut title = format!(
                        "{} {}: {}",
                        label(i),
                        short(&report.sources[i]),
                        c.mark.as_str()
                    );
                    if !value.is_empty() {
                        title.push_str(&format!(", \"{value}\""));
                    }
                    title.push_str(&format!(" ({})", c.note));
                    CellView {
                        class: c.mark.as_str(),
                        icon: c.mark.icon(),
                        word: c.mark.as_str(),
                        value,
                        title,
                        href: c
                            .claim
                            .as_deref()
                            .and_then(|id| claim_anchor.get(id))
                            .map(|a| format!("#{a}")),
                    }
                })
                .collect();
            RowView {
                anchor: finding_anchor(row.finding),
                fact: row_label(f),
                property: f.property.as_str(),
                verdict: f.verdict.as_str(),
                class: verdict_class(f.verdict),
                icon: verdict_icon(f.verdict),
                cells,
            }
        })
        .collect();

    let groups = Verdict::ALL
        .iter()
        .filter(|&&v| count(v) > 0)
        .map(|&v| GroupView {
            verdict: VerdictView::of(v, count(v)),
            findings: report
                .findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.verdict == v)
                .map(|(i, f)| FindingView {
                    anchor: finding_anchor(i),
                    fact: fact(f),
                    property: f.property.as_str(),
                    verdict: v.as_str(),
                    class: verdict_class(v),
                    icon: verdict_icon(v),
                    open: matches!(v, Verdict::Contradiction | Verdict::Variant),
                    explanation: f.explanation.clone(),
                    values: f
                        .values
                        .iter()
                        .map(|value| ValueView {
                            value: value.value.clone(),
                            entity: value.entity.clone().filter(|e| *e != value.value),
                            reviews: value.sources.len(),
                            quotes: value
                                .quotes
                                .iter()
                                .map(|q| QuoteView {
                                    place: format!("{}:{}", short(&q.source), q.line),
                                    text: one_line(&q.text),
                                    href: claim_anchor.get(&*q.claim).map(|a| format!("#{a}")),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let mut review_views: Vec<(usize, ReviewView<'a>)> = reviews
        .iter()
        .filter_map(|r| {
            let col = *column_of.get(r.source)?;
            let kinds: Vec<(ClaimKind, Option<usize>)> =
                r.claims.iter().map(|c| kind_of(c, col)).collect();
            let spans: Vec<crate::model::Span> = r.claims.iter().map(|c| c.span).collect();
            let runs = highlight::runs(r.text, &spans)
                .into_iter()
                .map(|run| {
                    let mark = run
                        .covered_by
                        .iter()
                        .map(|&k| kinds[k].0)
                        .min()
                        .map(|strongest| HighlightView {
                            class: strongest.class(),
                            nested: run.covered_by.len() > 1,
                            title: run
                                .covered_by
                                .iter()
                                .map(|&k| {
                                    let c = &r.claims[k];
                                    format!(
                                        "{}: {} ({})",
                                        claim_fact(c),
                                        c.value,
                                        kinds[k].0.word()
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join("\n"),
                        });
                    let mut tag_kinds: Vec<ClaimKind> =
                        run.ends.iter().map(|&k| kinds[k].0).collect();
                    tag_kinds.sort();
                    tag_kinds.dedup();
                    RunView {
                        text: run.text,
                        anchors: run
                            .starts
                            .iter()
                            .map(|&k| format!("r{}-c{}", col + 1, k + 1))
                            .collect(),
                        mark,
                        tags: tag_kinds
                            .into_iter()
                            .map(|k| TagView {
                                class: k.class(),
                                icon: k.icon(),
                            })
                            .collect(),
                    }
                })
                .collect();
            let claim_rows = r
                .claims
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let (kind, finding) = kinds[k];
                    ClaimView {
                        anchor: format!("r{}-c{}", col + 1, k + 1),
                        line: c.line,
                        fact: claim_fact(c),
                        value: c.value.to_string(),
                        class: kind.class(),
                        icon: kind.icon(),
                        word: kind.word(),
                        finding: finding.map(finding_anchor),
                        verdict: finding.map(|i| report.findings[i].verdict.as_str()),
                        rule: c.rule.to_string(),
                    }
                })
                .collect();
            Some((
                col,
                ReviewView {
                    label: label(col),
                    anchor: format!("review-{}", col + 1),
                    source: r.source.to_string(),
                    claims: r.claims.len(),
                    comments: r.claims.iter().filter(|c| c.is_comment()).count(),
                    published: r.published.map(str::to_string),
                    runs,
                    claim_rows,
                },
            ))
        })
        .collect();
    review_views.sort_by_key(|(col, _)| *col);

    let s = &report.summary;
    let name = dir.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    Page {
        title: if name.is_empty() {
            format!(
                "Consistency report ({})",
                plural(s.reviews, "review", "reviews")
            )
        } else {
            format!(
                "Consistency report: {name} ({})",
                plural(s.reviews, "review", "reviews")
            )
        },
        corpus: dir.clone(),
        reviews_count: s.reviews,
        claims_count: s.claims,
        comment_claims: s.comment_claims,
        findings_count: report.findings.len(),
        verdicts,
        properties,
        marks,
        columns,
        rows,
        groups,
        reviews: review_views.into_iter().map(|(_, v)| v).collect(),
    }
}
