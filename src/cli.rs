//! The command line: `concord claims`, `concord report`, `concord rules`.
//! Parses arguments (clap), loads the rules once, runs the library and maps
//! the outcome to the contract's exit codes. Warnings about single files go
//! to stderr as `concord: warning: PATH: why` (a file skipped, or read in a
//! way the user should check), notes on how a file was read as
//! `concord: note: PATH: how`, and the run goes on.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::ReadNote;
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
}

/// Reads the reviews under `paths`, warning about each file that cannot be
/// read; an error only when none can.
fn read(
    paths: &[PathBuf],
    rules: &RuleSet,
    err: &mut dyn Write,
) -> Result<Vec<crate::model::ReviewClaims>, Error> {
    let (reviews, problems) = crate::read_corpus(paths, rules);
    for p in &problems {
        warn(err, p);
    }
    for review in &reviews {
        for note in &review.notes {
            let _ = match note {
                ReadNote::Note(m) => writeln!(err, "concord: note: {}: {m}", review.source),
                ReadNote::Warning(m) => writeln!(err, "concord: warning: {}: {m}", review.source),
            };
        }
    }
    if reviews.is_empty() {
        return Err(Error::NothingRead {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
        });
    }
    Ok(reviews)
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

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let rules = match load_or_report(cli.rules.as_ref(), err) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    match cli.command {
        Command::Claims { paths, format } => {
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
            let reviews = read(&paths, &rules, err)?;
            let report = crate::report(&reviews, &rules);
            match format {
                ReportFormat::Md => render::report::markdown(&report, out),
                ReportFormat::Json => render::report::json(&report, out),
            }
            .map_err(Error::Output)?;
            let gate = fail_on.iter().any(|f| match f {
                FailOn::Contradiction => report.summary.contradiction > 0,
                FailOn::Variant => report.summary.variant > 0,
            });
            Ok(if gate { EXIT_FINDING } else { EXIT_OK })
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
    }
}
