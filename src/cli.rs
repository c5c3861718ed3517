//! The command line: `concord claims`, `concord report`, `concord rules`.
//! Parses arguments (clap), loads the rules once, runs the library and maps
//! the outcome to the contract's exit codes. Warnings about single files go
//! to stderr as `concord: warning: PATH: why`, and the run goes on. A `PATH`
//! of `-` reads the list of paths from stdin; `--film` keeps one film of a
//! corpus of many.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::progress::Progress;
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
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ClaimsFormat,
        /// Only the reviews of this film (as its folder, `film:` line or
        /// title names it).
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
    },
    /// The consistency report over a corpus: agreements, variants,
    /// contradictions, with every side quoted.
    Report {
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line. A folder per film makes a corpus
        /// of many films, reported film by film.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Only the reviews of this film (as its folder, `film:` line or
        /// title names it).
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
        /// Exit 1 when the report has a finding of this kind (repeatable).
        #[arg(long, value_enum, value_name = "VERDICT")]
        fail_on: Vec<FailOn>,
    },
    /// The graph of claims and entities, for Graphviz (`dot -Tsvg`) or JSON.
    Graph {
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
        /// The film to draw, when the corpus holds several.
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
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

/// The review files under `paths` (`-`: listed on stdin), warning about
/// each path that cannot be used.
fn find(paths: &[PathBuf], err: &mut dyn Write) -> Result<Vec<crate::input::Found>, Error> {
    let paths = crate::input::expand_stdin(paths, std::io::stdin().lock())?;
    let (found, problems) = crate::input::find(&paths);
    for p in &problems {
        warn(err, p);
    }
    Ok(found)
}

fn nothing_read(paths: &[PathBuf]) -> Error {
    Error::NothingRead {
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
    }
}

/// The error for a `--film` no review is about, naming the films there are.
fn no_such_film(name: &str, reviews: &[crate::model::ReviewClaims]) -> Error {
    let films: Vec<String> = crate::film::group(reviews)
        .into_iter()
        .map(|(f, _)| format!("\"{f}\""))
        .collect();
    let shown = films.len().min(20);
    let more = if films.len() > shown {
        format!(" and {} more", films.len() - shown)
    } else {
        String::new()
    };
    Error::Usage(format!(
        "no review is about the film \"{name}\"; the reviews are about {}{more}",
        films[..shown].join(", ")
    ))
}

/// Reads the reviews under `paths` (of `film`, if given), warning about
/// each file that cannot be read; an error only when none can.
fn read(
    paths: &[PathBuf],
    film: Option<&str>,
    rules: &RuleSet,
    err: &mut dyn Write,
) -> Result<Vec<crate::model::ReviewClaims>, Error> {
    let found = find(paths, err)?;
    let progress = Progress::new(found.len(), true);
    let mut reviews = Vec::with_capacity(found.len());
    for r in crate::corpus::read_all(&found, rules, &progress) {
        match r {
            Ok(review) => reviews.push(review),
            Err(e) => warn(err, &e),
        }
    }
    progress.finish();
    if reviews.is_empty() {
        return Err(nothing_read(paths));
    }
    if let Some(name) = film {
        let keep: Vec<bool> = crate::film::names(&reviews)
            .into_iter()
            .map(|f| crate::film::is(name, Some(f)))
            .collect();
        if !keep.contains(&true) {
            return Err(no_such_film(name, &reviews));
        }
        let mut keep = keep.into_iter();
        reviews.retain(|_| keep.next().unwrap_or(false));
    }
    Ok(reviews)
}

/// `claims --format jsonl`: each review's claims printed as soon as its
/// window of reviews is read, so memory holds a window, not the corpus.
fn stream_jsonl(
    paths: &[PathBuf],
    film: Option<&str>,
    rules: &RuleSet,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let found = find(paths, err)?;
    let progress = Progress::new(found.len(), true);
    let mut read = 0usize;
    let mut of_film = 0usize;
    crate::corpus::stream(&found, rules, &progress, |r| match r {
        Ok(review) => {
            read += 1;
            if film.is_none_or(|name| crate::film::is(name, review.film.as_deref())) {
                of_film += 1;
                render::claims::jsonl(&review, out).map_err(Error::Output)?;
            }
            Ok(())
        }
        Err(e) => {
            warn(err, &e);
            Ok(())
        }
    })?;
    progress.finish();
    if read == 0 {
        return Err(nothing_read(paths));
    }
    if let (Some(name), 0) = (film, of_film) {
        return Err(Error::Usage(format!(
            "no review is about the film \"{name}\"; `concord report` lists the films"
        )));
    }
    Ok(())
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
        Command::Claims {
            paths,
            format,
            film,
        } => {
            if format == ClaimsFormat::Jsonl {
                stream_jsonl(&paths, film.as_deref(), &rules, out, err)?;
                return Ok(EXIT_OK);
            }
            let reviews = read(&paths, film.as_deref(), &rules, err)?;
            match format {
                ClaimsFormat::Md => render::claims::markdown(&reviews, out),
                ClaimsFormat::Json | ClaimsFormat::Jsonl => render::claims::json(&reviews, out),
            }
            .map_err(Error::Output)?;
            Ok(EXIT_OK)
        }
        Command::Report {
            paths,
            format,
            film,
            fail_on,
        } => {
            let reviews = read(&paths, film.as_deref(), &rules, err)?;
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
        Command::Graph {
            paths,
            format,
            film,
        } => {
            let reviews = read(&paths, film.as_deref(), &rules, err)?;
            let films = crate::film::group(&reviews);
            if films.len() > 1 {
                let names: Vec<String> = films
                    .iter()
                    .map(|(f, _)| format!("\"{f}\""))
                    .take(20)
                    .collect();
                return Err(Error::Usage(format!(
                    "the reviews are about {} films ({}{}); draw one with --film NAME",
                    films.len(),
                    names.join(", "),
                    if films.len() > 20 { ", ..." } else { "" }
                )));
            }
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
