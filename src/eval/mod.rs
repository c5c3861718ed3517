//! `concord eval`: how right concord is, measured against an annotated
//! corpus.
//!
//! Someone reads each review of a corpus and writes down, in a gold file
//! ([`gold`]; the format is `docs/annotation.md`), every statement it makes
//! and the findings a careful reader expects. `eval` runs concord's own
//! pipeline over the corpus in-process (the claims `concord claims` gives,
//! the findings `concord report` gives, the labels `concord check` gives)
//! and counts, with the matching rules of the reference scorer
//! `tests/fixtures/dev/score.py` ([`matching`], [`score`]):
//!
//! - claims: recall of every required gold claim, core recall and core
//!   precision, overall, by property and by review, and each claim missed
//!   (found in its review by [`locate`]) or wrong;
//! - findings: each gold finding right or not, with what was reported
//!   instead, and each contradiction or variant no gold finding expects;
//! - fact-check labels (`--check`): each right or not, a wrong one with its
//!   claim and evidence.
//!
//! Bounds on the figures ([`floors`]: flags, or a floors file of the day's
//! figures) make it a gate: exit 1 when a figure is out of bounds, 2 when
//! a gold or floors file cannot be used (every problem named with
//! `file:line:column`), 0 otherwise. [`render`] prints it as Markdown,
//! as JSON (`"schema": "concord.eval/1"`) or as floors.

pub mod floors;
pub mod gold;
pub mod locate;
pub mod matching;
pub mod render;
pub mod score;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, ValueEnum};

use crate::check::CheckReport;
use crate::cli::{EXIT_ERROR, EXIT_FINDING, EXIT_OK};
use crate::error::{Error, Location};
use crate::model::ReviewClaims;
use crate::reconcile::Finding;
use crate::rules::RuleSet;
use floors::{Bounds, Floors, Gate};
use gold::{CheckGold, Gold, GoldLabel};
use score::{ClaimScore, FindingScore, LabelResult, Ratio};

/// What `concord eval` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Md,
    Json,
    /// Today's figures as a table of a floors file (rounded down).
    Floors,
}

/// `concord eval`'s arguments.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("gold_files").required(true).multiple(true).args(["gold", "check"])),
    after_help = "Examples:\n  \
        concord eval tests/fixtures/dev/reviews/the-reader --gold tests/fixtures/dev/gold/the-reader.toml\n  \
        concord eval --check tests/fixtures/dev/gold/check.toml --reviews tests/fixtures/dev/reviews \\\n      \
        --against tests/fixtures/films/never-let-me-go\n  \
        concord eval CORPUS --gold GOLD --floors tests/fixtures/dev/floors.toml   # the CI gate\n"
)]
pub struct EvalArgs {
    /// The annotated corpus: review files or folders of them.
    #[arg(value_name = "CORPUS", requires = "gold")]
    pub corpus: Vec<PathBuf>,
    /// The gold file of the corpus's claims and findings
    /// (docs/annotation.md).
    #[arg(long, value_name = "FILE", requires = "corpus")]
    pub gold: Option<PathBuf>,
    /// A gold file of fact-check labels: each entry a review checked
    /// against a corpus and the label one of its claims must get.
    #[arg(long, value_name = "FILE", requires = "reviews")]
    pub check: Option<PathBuf>,
    /// The folder the `review` and `corpus` of each `--check` entry are in.
    #[arg(long, value_name = "DIR", requires = "check")]
    pub reviews: Option<PathBuf>,
    /// The corpus of the `--check` entries that name none (one path;
    /// repeat the option for more).
    #[arg(long, value_name = "PATH", requires = "check")]
    pub against: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: EvalFormat,
    /// Exit 1 when the recall of the required gold claims is below this.
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_recall: Option<f64>,
    /// Exit 1 when the recall of the core properties' claims is below this.
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_core_recall: Option<f64>,
    /// Exit 1 when the precision of the core claims is below this.
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_precision: Option<f64>,
    /// Exit 1 when the share of gold findings right is below this.
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_findings: Option<f64>,
    /// Exit 1 when more contradictions and variants than this are flagged
    /// that no gold finding expects.
    #[arg(long, value_name = "N")]
    pub max_unexpected_flags: Option<usize>,
    /// Exit 1 when the share of fact-check labels right is below this.
    #[arg(long, value_name = "SHARE", value_parser = share, requires = "check")]
    pub min_labels: Option<f64>,
    /// Bounds from a floors file: its table named after each gold file
    /// (`[the-reader]` for `the-reader.toml`); a flag above overrides it.
    #[arg(long, value_name = "FILE")]
    pub floors: Option<PathBuf>,
}

/// A share between 0 and 1, for the thresholds.
fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a share between 0 and 1 (0.75 for 75%)"
        )),
    }
}

impl EvalArgs {
    /// The bounds the flags set.
    fn bounds(&self) -> Bounds {
        Bounds {
            min_recall: self.min_recall,
            min_core_recall: self.min_core_recall,
            min_precision: self.min_precision,
            min_findings: self.min_findings,
            max_unexpected_flags: self.max_unexpected_flags,
            min_labels: self.min_labels,
        }
    }
}

/// Reads a corpus the way the other commands do (warning about each file
/// it cannot read; an error when it can read none), before the films'
/// entity tables settle the claims of their frames (eval settles them, so
/// that a review to check is read with its corpus's names).
pub type ReadCorpus<'r> =
    dyn FnMut(&[PathBuf], &mut dyn Write) -> Result<Vec<ReviewClaims>, Error> + 'r;

/// The claims and findings of a corpus against its gold file.
#[derive(Debug)]
pub struct CorpusEval<'a> {
    pub corpus: &'a [PathBuf],
    pub gold: &'a Gold,
    pub reviews: &'a [ReviewClaims],
    pub claims: ClaimScore<'a>,
    pub findings: FindingScore<'a>,
    /// Where each missed claim is in its review, when it is found (by the
    /// place of the claim in `claims.missed`).
    pub places: Vec<Place>,
}

/// Where a missed gold claim is.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The review the gold names, as concord read it.
    pub review: Option<String>,
    /// Its line and the words there, when they are found.
    pub found: Option<locate::Place>,
}

/// One review checked against one corpus.
#[derive(Debug)]
pub struct CheckRun {
    pub review: PathBuf,
    pub against: Vec<PathBuf>,
    pub report: CheckReport,
}

/// The fact-check labels against their gold file.
#[derive(Debug)]
pub struct CheckEval<'a> {
    pub gold: &'a CheckGold,
    pub runs: &'a [CheckRun],
    /// Each label, in the gold's order, with the run (by place) it is of.
    pub labels: Vec<(LabelResult<'a>, usize)>,
    pub right: Ratio,
    /// The labels right of each run.
    pub per_run: Vec<Ratio>,
}

/// Everything `eval` measured, and its gates.
#[derive(Debug)]
pub struct Eval<'a> {
    pub corpus: Option<CorpusEval<'a>>,
    pub check: Option<CheckEval<'a>>,
    pub gates: Vec<Gate>,
}

/// A gold file's name without `.toml`: its table in a floors file.
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into(),
    )
}

/// Says each error and gives the exit code of a file that cannot be used.
fn refuse(errors: &[Error], err: &mut dyn Write) -> u8 {
    for e in errors {
        let _ = writeln!(err, "concord: error: {e}");
    }
    EXIT_ERROR
}

/// Runs `concord eval`.
pub fn run(
    args: &EvalArgs,
    rules: &RuleSet,
    read: &mut ReadCorpus,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    // Every file is checked before any review is read.
    let floors = match args.floors.as_deref().map(Floors::load).transpose() {
        Ok(f) => f,
        Err(errors) => return Ok(refuse(&errors, err)),
    };
    let gold = match args.gold.as_deref().map(Gold::load).transpose() {
        Ok(g) => g,
        Err(errors) => return Ok(refuse(&errors, err)),
    };
    let check_gold = match args.check.as_deref().map(CheckGold::load).transpose() {
        Ok(g) => g,
        Err(errors) => return Ok(refuse(&errors, err)),
    };
    let flags = args.bounds();
    if gold.is_none() && flags.of_gold().any() {
        return Err(Error::Usage(
            "--min-recall, --min-core-recall, --min-precision, --min-findings and \
             --max-unexpected-flags bound the figures of a corpus: give CORPUS --gold FILE"
                .into(),
        ));
    }
    let bounds_of = |path: &Option<PathBuf>| -> Result<Bounds, Error> {
        match (&floors, path) {
            (Some(f), Some(p)) => Ok(f.of(&stem(p))?.overridden_by(flags)),
            _ => Ok(flags),
        }
    };
    let gold_bounds = bounds_of(&args.gold)?.of_gold();
    let check_bounds = bounds_of(&args.check)?.of_check();

    let corpus_data = match &gold {
        Some(g) => {
            let mut reviews = read(&args.corpus, err)?;
            crate::entities::settle(&mut reviews, rules);
            let report = crate::report(&reviews, rules);
            Some((g, reviews, report.findings))
        }
        None => None,
    };
    let runs = match &check_gold {
        Some(g) => match check_runs(args, g, rules, read, err)? {
            Ok(runs) => Some((g, runs)),
            Err(errors) => return Ok(refuse(&errors, err)),
        },
        None => None,
    };

    let corpus = corpus_data
        .as_ref()
        .map(|(g, reviews, findings)| corpus_eval(&args.corpus, g, reviews, findings));
    let check = runs.as_ref().map(|(g, runs)| check_eval(g, runs));
    if let Some(c) = &corpus {
        for (source, line) in &c.claims.unknown_sources {
            let _ = writeln!(
                err,
                "concord: warning: {}:{line}: the gold names a review `{source}` the corpus \
                 does not hold; its claims count as missed",
                c.gold.file
            );
        }
    }

    let mut gates = Vec::new();
    if let Some(c) = &corpus {
        let b = gold_bounds;
        let claims = &c.claims;
        for (figure, limit, ratio) in [
            ("recall", b.min_recall, claims.recall),
            ("core recall", b.min_core_recall, claims.core_recall),
            ("core precision", b.min_precision, claims.core_precision),
            ("findings right", b.min_findings, c.findings.right),
        ] {
            if let Some(limit) = limit {
                gates.push(Gate::min(figure, limit, ratio));
            }
        }
        if let Some(limit) = b.max_unexpected_flags {
            gates.push(Gate::max(
                "unexpected flags",
                limit,
                c.findings.unexpected.len(),
            ));
        }
    }
    if let (Some(c), Some(limit)) = (&check, check_bounds.min_labels) {
        gates.push(Gate::min("labels right", limit, c.right));
    }

    let eval = Eval {
        corpus,
        check,
        gates,
    };
    match args.format {
        EvalFormat::Md => render::markdown(&eval, out),
        EvalFormat::Json => render::json(&eval, out),
        EvalFormat::Floors => render::floors(&eval, out),
    }
    .map_err(Error::Output)?;
    let mut failed = false;
    for g in eval.gates.iter().filter(|g| !g.ok) {
        failed = true;
        let name = if g.figure == "labels right" {
            &args.check
        } else {
            &args.gold
        };
        let name = name.as_deref().map(stem).unwrap_or_default();
        let _ = writeln!(err, "concord: gate failed: {name}: {}", g.describe());
    }
    Ok(if failed { EXIT_FINDING } else { EXIT_OK })
}

/// Scores a corpus's claims and findings, and finds each missed claim in
/// its review.
fn corpus_eval<'a>(
    corpus: &'a [PathBuf],
    gold: &'a Gold,
    reviews: &'a [ReviewClaims],
    findings: &'a [Finding],
) -> CorpusEval<'a> {
    let claims = score::claims(reviews, gold);
    let findings = score::findings(findings, gold);
    // Each review's text, read again (as `report --format html` does) for
    // the reviews with a missed claim.
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    let places = claims
        .missed
        .iter()
        .map(|g| {
            let Some(review) = reviews
                .iter()
                .find(|r| matching::same_source(&g.source, &r.source))
            else {
                return Place::default();
            };
            let text = texts.entry(&review.source).or_insert_with(|| {
                crate::input::read_review(Path::new(&review.source))
                    .ok()
                    .map(|f| f.text)
            });
            let found = text.as_deref().and_then(|t| {
                let mut words = vec![g.value.as_str()];
                words.extend(g.subject.as_deref());
                locate::find_all(t, &words)
                    .or_else(|| locate::find_all(t, &words[..1]))
                    .or_else(|| locate::find_all(t, &words[1..]))
            });
            Place {
                review: Some(review.source.clone()),
                found,
            }
        })
        .collect();
    CorpusEval {
        corpus,
        gold,
        reviews,
        claims,
        findings,
        places,
    }
}

/// Runs `check` for each review the labels name, against its corpus, in
/// the order of (review, corpus); each corpus is read once. An entry that
/// names a review that cannot be read, or no corpus when `--against` gives
/// none, is an error at its line.
fn check_runs(
    args: &EvalArgs,
    gold: &CheckGold,
    rules: &RuleSet,
    read: &mut ReadCorpus,
    err: &mut dyn Write,
) -> Result<Result<Vec<CheckRun>, Vec<Error>>, Error> {
    let dir = args.reviews.clone().unwrap_or_default();
    let at = |l: &GoldLabel, message: String, hint: &str| Error::Rule {
        location: Location {
            file: gold.file.clone(),
            line: l.line,
            column: 1,
        },
        rule: None,
        message,
        hint: hint.into(),
    };
    let mut groups: BTreeMap<(&str, Option<&str>), &GoldLabel> = BTreeMap::new();
    for l in &gold.labels {
        groups
            .entry((l.review.as_str(), l.corpus.as_deref()))
            .or_insert(l);
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (&(review, corpus), &first) in &groups {
        let path = dir.join(review);
        let against = match corpus {
            Some(c) => vec![dir.join(c)],
            None if args.against.is_empty() => {
                errors.push(at(
                    first,
                    format!("the check of `{review}` names no corpus, and --against gives none"),
                    "add `corpus = \"<folder under --reviews>\"` to the entry, or give --against PATH",
                ));
                continue;
            }
            None => args.against.clone(),
        };
        match crate::input::read_review(&path) {
            Ok(file) => files.push((file, path, against)),
            Err(e) => errors.push(at(
                first,
                format!("the review to check cannot be read: {e}"),
                "`review` is a path under the --reviews folder",
            )),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    // Each corpus, settled, with what its frames found (the checked
    // review's names are read by it too, as `concord check` reads them).
    let mut corpora: HashMap<Vec<PathBuf>, (Vec<ReviewClaims>, Vec<crate::frames::Evidence>)> =
        HashMap::new();
    let mut runs = Vec::new();
    for (file, review, against) in files {
        if !corpora.contains_key(&against) {
            let mut read = read(&against, err)?;
            let known = read
                .iter()
                .filter_map(|r| r.names.as_deref().cloned())
                .collect();
            crate::entities::settle(&mut read, rules);
            corpora.insert(against.clone(), (read, known));
        }
        let (corpus, known) = &corpora[&against];
        let known: Vec<&crate::frames::Evidence> = known.iter().collect();
        let checked = crate::read_checked(&file, &known, rules);
        let report = crate::check::check(&checked, corpus, None, &rules.lexicon);
        runs.push(CheckRun {
            review,
            against,
            report,
        });
    }
    Ok(Ok(runs))
}

/// Scores each label against the run of its review and corpus.
fn check_eval<'a>(gold: &'a CheckGold, runs: &'a [CheckRun]) -> CheckEval<'a> {
    fn dir_of(l: &GoldLabel) -> (&str, Option<&str>) {
        (l.review.as_str(), l.corpus.as_deref())
    }
    let mut keys: Vec<(&str, Option<&str>)> = gold.labels.iter().map(dir_of).collect();
    keys.sort();
    keys.dedup();
    let mut right = Ratio::default();
    // Run by run, each run's labels in the gold's order.
    let mut labels: Vec<(LabelResult, usize)> = gold
        .labels
        .iter()
        .filter_map(|l| {
            let i = keys.binary_search(&dir_of(l)).ok()?;
            let result = score::label(l, &runs.get(i)?.report);
            right.add(result.ok);
            Some((result, i))
        })
        .collect();
    labels.sort_by_key(|(_, i)| *i);
    let mut per_run = vec![Ratio::default(); runs.len()];
    for (l, i) in &labels {
        per_run[*i].add(l.ok);
    }
    CheckEval {
        gold,
        runs,
        labels,
        right,
        per_run,
    }
}
