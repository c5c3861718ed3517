//! The command line: `concord claims`, `concord report`, `concord graph`,
//! `concord rules check` and `concord rules diff`.
//! Parses arguments (clap), loads the rules once, runs the library and maps
//! the outcome to the contract's exit codes. Warnings about single files go
//! to stderr as `concord: warning: PATH: why`, and the run goes on.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::input::ReviewFile;
use crate::render;
use crate::rules::RuleSet;

/// Exit codes of the contract.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDING: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "concord",
    version,
    about = "Reads many reviews of one film and tells you where they agree and where they contradict each other."
)]
pub struct Cli {
    /// Use the rules in this folder instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    Md,
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
    /// One self-contained page: a fact × review grid, the findings with
    /// their quotes, each review's text with its claims highlighted.
    Html,
}

/// Formats of commands that have no page: Markdown or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MdJsonFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
}

/// Findings that make `report` exit 1, for CI gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Contradiction,
    Variant,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The claims extracted from each review.
    Claims {
        /// Review files or folders of them (*.txt, *.md).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ClaimsFormat,
        /// With each claim, the rule, its pattern and the captures that
        /// made the claim (in JSON, an `explain` object on each claim).
        #[arg(long)]
        explain: bool,
    },
    /// The consistency report over a corpus: agreements, variants,
    /// contradictions, with every side quoted.
    Report {
        /// Review files or folders of them (*.txt, *.md).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Exit 1 when the report has a finding of this kind (repeatable).
        #[arg(long, value_enum, value_name = "VERDICT")]
        fail_on: Vec<FailOn>,
    },
    /// Fact-check one review against a corpus: each claim supported,
    /// refuted, not enough info, or conflicting. Exits 1 when a claim is
    /// refuted.
    Check {
        /// The review to check.
        #[arg(value_name = "REVIEW")]
        review: PathBuf,
        /// The corpus: review files or folders of them.
        #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
        against: Vec<PathBuf>,
        /// A TOML file of known facts of the film, which outranks the corpus.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: MdJsonFormat,
    },
    /// The graph of claims and entities, for Graphviz (`dot -Tsvg`) or JSON.
    Graph {
        /// Review files or folders of them (*.txt, *.md).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
    },
    /// Validate the rules and run their examples.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load every rule file, then run every rule's examples and
    /// counter-examples. Exit 0 when all pass, 1 when a case fails, 2 when a
    /// rule file cannot be loaded.
    Check,
    /// Run an old and a new rule set over the same reviews and show what
    /// moved: claims lost, gained and changed, then the findings whose
    /// verdict changed.
    Diff {
        /// The old rules: a folder of rule files (all of them, lexicon too).
        #[arg(
            long,
            value_name = "DIR",
            conflicts_with = "old_rev",
            required_unless_present = "old_rev"
        )]
        old: Option<PathBuf>,
        /// The old rules: `rules/` at this git revision of the project
        /// (`HEAD`, `main`, a commit), read with `git show`.
        #[arg(long, value_name = "REV")]
        old_rev: Option<String>,
        /// The new rules: a folder of rule files. Default: `--rules DIR`, or
        /// the built-in rules.
        #[arg(long, value_name = "DIR")]
        new: Option<PathBuf>,
        /// Review files or folders of them (*.txt, *.md).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: MdJsonFormat,
    },
}

/// Reads the review files under `paths`, warning about each file that
/// cannot be read; an error only when none can.
fn read_texts(paths: &[PathBuf], err: &mut dyn Write) -> Result<Vec<ReviewFile>, Error> {
    let (files, problems) = crate::read_files(paths);
    for p in &problems {
        warn(err, p);
    }
    if files.is_empty() {
        return Err(Error::NothingRead {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
        });
    }
    Ok(files)
}

/// The claims of the reviews under `paths`, as [`read_texts`] reads them.
fn read(
    paths: &[PathBuf],
    rules: &RuleSet,
    err: &mut dyn Write,
) -> Result<Vec<crate::model::ReviewClaims>, Error> {
    read_with(paths, err, |f| crate::read_claims(f, rules))
}

/// As [`read`], each review read by `each`.
fn read_with<T>(
    paths: &[PathBuf],
    err: &mut dyn Write,
    each: impl FnMut(&ReviewFile) -> T,
) -> Result<Vec<T>, Error> {
    Ok(read_texts(paths, err)?.iter().map(each).collect())
}

fn warn(err: &mut dyn Write, e: &Error) {
    let _ = writeln!(err, "concord: warning: {e}");
}

fn fail(err: &mut dyn Write, e: &Error) -> u8 {
    let _ = writeln!(err, "concord: error: {e}");
    EXIT_ERROR
}

/// Loads the rule set the command line asks for.
pub fn load_rules(dir: Option<&PathBuf>) -> Result<RuleSet, Vec<Error>> {
    match dir {
        Some(d) => RuleSet::from_dir(d),
        None => RuleSet::builtin(),
    }
}

/// Runs concord with `args` (the program name first), writing to `out` and
/// `err`; returns the exit code.
pub fn main<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return code;
        }
    };
    match run(cli, out, err) {
        Ok(code) => code,
        Err(e) => match e {
            Error::Output(ref io) if io.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
            e => fail(err, &e),
        },
    }
}

fn load_or_report(dir: Option<&PathBuf>, err: &mut dyn Write) -> Result<RuleSet, u8> {
    load_rules(dir).map_err(|errors| {
        for e in &errors {
            let _ = writeln!(err, "concord: error: {e}");
        }
        EXIT_ERROR
    })
}

/// Where a rule set of `rules diff` comes from, and its label.
enum RuleSource<'a> {
    Dir(&'a PathBuf),
    Revision(&'a str),
    Builtin,
}

impl RuleSource<'_> {
    fn label(&self) -> String {
        match self {
            RuleSource::Dir(d) => d.display().to_string(),
            RuleSource::Revision(rev) => format!("{rev}:rules/"),
            RuleSource::Builtin => "built-in".into(),
        }
    }

    fn load(&self, err: &mut dyn Write) -> Result<RuleSet, u8> {
        let loaded = match self {
            RuleSource::Dir(d) => RuleSet::from_dir(d),
            RuleSource::Revision(rev) => crate::rules::revision::sources_at(rev)
                .map_err(|e| vec![e])
                .and_then(RuleSet::from_sources),
            RuleSource::Builtin => RuleSet::builtin(),
        };
        loaded.map_err(|errors| {
            for e in &errors {
                let _ = writeln!(err, "concord: error: {e}");
            }
            EXIT_ERROR
        })
    }
}

/// `concord rules diff`: both rule sets over the same reviews.
fn rules_diff(
    old: RuleSource,
    new: RuleSource,
    paths: &[PathBuf],
    format: MdJsonFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let (old_rules, new_rules) = match (old.load(err), new.load(err)) {
        (Ok(o), Ok(n)) => (o, n),
        _ => return Ok(EXIT_ERROR),
    };
    let old_reviews = read(paths, &old_rules, err)?;
    // The same files again: their problems were said once already.
    let (new_reviews, _) = crate::read_corpus(paths, &new_rules);
    let side = |source: &RuleSource, rules: &RuleSet, reviews: &[crate::model::ReviewClaims]| {
        crate::diff::Side {
            rules: source.label(),
            files: rules.files.len(),
            rule_count: rules.rules.len(),
            claims: reviews.iter().map(|r| r.claims.len()).sum(),
        }
    };
    let old_report = crate::report(&old_reviews, &old_rules);
    let new_report = crate::report(&new_reviews, &new_rules);
    let diff = crate::diff::compare(
        (
            side(&old, &old_rules, &old_reviews),
            &old_reviews,
            &old_report,
        ),
        (
            side(&new, &new_rules, &new_reviews),
            &new_reviews,
            &new_report,
        ),
    );
    match format {
        MdJsonFormat::Md => render::diff::markdown(&diff, out),
        MdJsonFormat::Json => render::diff::json(&diff, out),
    }
    .map_err(Error::Output)?;
    Ok(EXIT_OK)
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    // `rules diff` loads its own two rule sets.
    if let Command::Rules(RulesCommand::Diff {
        old,
        old_rev,
        new,
        paths,
        format,
    }) = &cli.command
    {
        let old = match (old, old_rev) {
            (Some(dir), _) => RuleSource::Dir(dir),
            (None, Some(rev)) => RuleSource::Revision(rev),
            (None, None) => {
                return Err(Error::Usage(
                    "rules diff needs the old rules: --old DIR or --old-rev REV".into(),
                ));
            }
        };
        let new = match new.as_ref().or(cli.rules.as_ref()) {
            Some(dir) => RuleSource::Dir(dir),
            None => RuleSource::Builtin,
        };
        return rules_diff(old, new, paths, *format, out, err);
    }
    let rules = match load_or_report(cli.rules.as_ref(), err) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match cli.command {
        Command::Claims {
            paths,
            format,
            explain: true,
        } => {
            let reviews = read_with(&paths, err, |f| crate::explain_claims(f, &rules))?;
            match format {
                ClaimsFormat::Md => render::explain::markdown(&reviews, &rules, out),
                ClaimsFormat::Json => render::explain::json(&reviews, &rules, out),
                ClaimsFormat::Jsonl => reviews
                    .iter()
                    .try_for_each(|(_, e)| render::explain::jsonl(e, &rules, out)),
            }
            .map_err(Error::Output)?;
            Ok(EXIT_OK)
        }
        Command::Claims {
            paths,
            format,
            explain: false,
        } => {
            let reviews = read(&paths, &rules, err)?;
            match format {
                ClaimsFormat::Md => render::claims::markdown(&reviews, out),
                ClaimsFormat::Json => render::claims::json(&reviews, out),
                ClaimsFormat::Jsonl => reviews
                    .iter()
                    .try_for_each(|r| render::claims::jsonl(r, out)),
            }
            .map_err(Error::Output)?;
            Ok(EXIT_OK)
        }
        Command::Report {
            paths,
            format,
            fail_on,
        } => {
            let files = read_texts(&paths, err)?;
            let reviews: Vec<crate::model::ReviewClaims> = files
                .iter()
                .map(|f| crate::read_claims(f, &rules))
                .collect();
            let report = crate::report(&reviews, &rules);
            match format {
                ReportFormat::Md => render::report::markdown(&report, out),
                ReportFormat::Json => render::report::json(&report, out),
                ReportFormat::Html => {
                    let texts: Vec<render::html::ReviewText> = files
                        .iter()
                        .zip(&reviews)
                        .map(|(f, r)| render::html::ReviewText::new(f, r))
                        .collect();
                    render::html::page(&report, &texts, &rules.lexicon, out)
                }
            }
            .map_err(Error::Output)?;
            let gate = fail_on.iter().any(|f| match f {
                FailOn::Contradiction => report.summary.contradiction > 0,
                FailOn::Variant => report.summary.variant > 0,
            });
            Ok(if gate { EXIT_FINDING } else { EXIT_OK })
        }
        Command::Check {
            review,
            against,
            reference,
            format,
        } => {
            let file = crate::input::read_review(&review)?;
            let checked = crate::read_claims(&file, &rules);
            let corpus = read(&against, &rules, err)?;
            let reference = reference
                .map(|r| crate::reference::Reference::load(&r, &rules.lexicon))
                .transpose()?;
            let report = crate::check::check(&checked, &corpus, reference.as_ref(), &rules.lexicon);
            match format {
                MdJsonFormat::Md => render::check::markdown(&report, &file.text, out),
                MdJsonFormat::Json => render::check::json(&report, out),
            }
            .map_err(Error::Output)?;
            Ok(if report.summary.refuted > 0 {
                EXIT_FINDING
            } else {
                EXIT_OK
            })
        }
        Command::Graph { paths, format } => {
            let reviews = read(&paths, &rules, err)?;
            let claims: Vec<&crate::model::Claim> =
                reviews.iter().flat_map(|r| &r.claims).collect();
            let linked = crate::link::link(&claims, &rules.lexicon);
            match format {
                GraphFormat::Dot => render::graph::dot(&linked, out),
                GraphFormat::Json => render::graph::json(&linked, out),
            }
            .map_err(Error::Output)?;
            Ok(EXIT_OK)
        }
        Command::Rules(RulesCommand::Check) => {
            let results = crate::verify::check_all(&rules);
            render::rules::check(&rules, &results, out).map_err(Error::Output)?;
            let failed = results.iter().any(|r| !r.failures.is_empty());
            Ok(if failed { EXIT_FINDING } else { EXIT_OK })
        }
        Command::Rules(RulesCommand::Diff { .. }) => unreachable!("handled above"),
    }
}
