//! The command line: `concord claims`, `concord report`, `concord graph`,
//! `concord check`, `concord eval`, `concord rules check` and `concord
//! rules diff`.
//! Parses arguments (clap), loads the rules once, runs the library and maps
//! the outcome to the contract's exit codes. Warnings about single files go
//! to stderr as `concord: warning: PATH: why` (a file skipped, or read in a
//! way the user should check), notes on how a file was read as
//! `concord: note: PATH: how`, and the run goes on. A `PATH` of `-` reads
//! the list of paths from stdin; `--film` keeps one film of a corpus of
//! many.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::model::ReadNote;
use crate::progress::Progress;
use crate::render;
use crate::rules::RuleSet;
use crate::ruleset::Choice;

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
    /// Follow symbolic links in review folders wherever they lead; by
    /// default a link out of the paths given is skipped with a warning.
    #[arg(long, global = true)]
    pub follow: bool,
    /// Colour terminal output: `auto` when the output is a terminal and
    /// NO_COLOR is not set, `always` (also through a pipe, e.g. `less -R`),
    /// or `never`.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, also through a pipe.
    Always,
    /// Never.
    Never,
}

/// What the process's output is connected to, which `--color auto` and
/// the default formats follow. Tests run as if through a pipe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub stdout: bool,
    /// NO_COLOR is set to something (<https://no-color.org>).
    pub no_color: bool,
}

impl Terminal {
    /// The process's own standard output and environment.
    pub fn detect() -> Terminal {
        use std::io::IsTerminal;
        Terminal {
            stdout: std::io::stdout().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    /// Whether to colour under `choice`.
    pub fn colors(self, choice: ColorChoice) -> render::term::Colors {
        let on = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => self.stdout && !self.no_color,
        };
        render::term::Colors { on }
    }

    /// Whether a command without `--format` prints for a terminal: when
    /// its output is one, or colours are asked for (`--color always`).
    fn wants_term(self, choice: ColorChoice) -> bool {
        self.stdout || choice == ColorChoice::Always
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    /// Markdown: a table of claims per review, with line, quote and rule.
    Md,
    /// JSON: one array of every claim (the contract's claim shape).
    Json,
    /// JSON Lines: one claim a line, printed as the reviews are read.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For a terminal: the counts, each contradiction and variant with its
    /// quotes, coloured (the default when the output is a terminal).
    Term,
    /// Markdown: every finding, quoted (the default through a pipe).
    Md,
    /// JSON for programs (the contract's shape, with a `schema` field).
    Json,
    /// One self-contained page: a fact × review grid, the findings with
    /// their quotes, each review's text with its claims highlighted.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For a terminal: diagnostics as a compiler prints them, coloured
    /// (the default when the output is a terminal).
    Term,
    /// Markdown: the same diagnostics in a code block, then tables (the
    /// default through a pipe).
    Md,
    /// JSON for programs (the contract's shape, with a `schema` field).
    Json,
}

/// Formats of commands that have no page: Markdown or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MdJsonFormat {
    /// Markdown, for people.
    Md,
    /// JSON for programs (with a `schema` field).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz's dot language (`dot -Tsvg` draws it).
    Dot,
    /// JSON for programs: nodes and edges (with a `schema` field).
    Json,
}

/// Findings that make `report` exit 1, for CI gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Contradiction,
    Variant,
}

/// What makes `check` exit 1, for a publishing gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFailOn {
    /// A claim the corpus (or the reference) contradicts.
    Refuted,
    /// A claim on which the corpus itself disagrees.
    Conflicting,
    /// The review is about another film than the corpus's.
    OtherFilm,
    /// A claim no review of the corpus states.
    NotEnoughInfo,
}

impl CheckFailOn {
    /// The gate without `--fail-on`: a refuted claim, or a review of
    /// another film (a wrong review for the corpus is no pass).
    pub const DEFAULT: [CheckFailOn; 2] = [CheckFailOn::Refuted, CheckFailOn::OtherFilm];

    /// Whether `report` has what this gate stops on.
    pub fn stops(self, report: &crate::check::CheckReport) -> bool {
        let s = &report.summary;
        match self {
            CheckFailOn::Refuted => s.refuted > 0,
            CheckFailOn::Conflicting => s.conflicting > 0,
            CheckFailOn::OtherFilm => report.other_film.is_some(),
            CheckFailOn::NotEnoughInfo => s.not_enough_info > 0,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The claims extracted from each review.
    #[command(
        after_help = "Example:\n  concord claims tests/fixtures/films/never-let-me-go\n  concord claims review.txt --format json --explain"
    )]
    Claims {
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: ClaimsFormat,
        /// With each claim, the rule, its pattern and the captures that
        /// made the claim (in JSON, an `explain` object on each claim).
        #[arg(long)]
        explain: bool,
        /// Only the reviews of this film (as its folder, `film:` line or
        /// title names it).
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
    },
    /// The consistency report over a corpus: agreements, variants,
    /// contradictions, with every side quoted.
    #[command(
        after_help = "Example:\n  concord report tests/fixtures/films/never-let-me-go\n  concord report reviews/ --format html > report.html"
    )]
    Report {
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line. A folder per film makes a corpus
        /// of many films, reported film by film.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// What to print (default: `term` on a terminal, `md` otherwise).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Only the reviews of this film (as its folder, `film:` line or
        /// title names it).
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
        /// Exit 1 when the report has a finding of this kind (repeatable).
        #[arg(long, value_enum, value_name = "VERDICT")]
        fail_on: Vec<FailOn>,
    },
    /// Fact-check one review against a corpus: each claim supported,
    /// refuted, not enough info, or conflicting. Exits 1 when a claim is
    /// refuted or the review is about another film (see `--fail-on`).
    #[command(
        after_help = "Example:\n  concord check tests/fixtures/check/errors.txt --against tests/fixtures/films/never-let-me-go\n  concord check new.txt --against reviews/ --fail-on refuted --fail-on conflicting"
    )]
    Check {
        /// The review to check.
        #[arg(value_name = "REVIEW")]
        review: PathBuf,
        /// The corpus: a review file or a folder of them; repeat the option
        /// for more (`--against a/ --against b.txt`). One value each, so the
        /// review may stand before or after it.
        #[arg(long, required = true, value_name = "PATH")]
        against: Vec<PathBuf>,
        /// A TOML file of known facts of the film, which outranks the corpus.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        /// Exit 1 when the check finds this (repeatable; given, it replaces
        /// the default: refuted and other-film).
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Vec<CheckFailOn>,
        /// What to print (default: `term` on a terminal, `md` otherwise).
        #[arg(long, value_enum)]
        format: Option<CheckFormat>,
    },
    /// The graph of claims and entities, for Graphviz (`dot -Tsvg`) or JSON.
    #[command(
        after_help = "Example:\n  concord graph tests/fixtures/films/never-let-me-go | dot -Tsvg > graph.svg"
    )]
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
    /// What each name the reviews use is (actor, crew, character, place,
    /// work, org), film by film, with the evidence for it: what the claims
    /// of people rest on.
    #[command(after_help = "Example:\n  concord entities tests/fixtures/films/never-let-me-go")]
    Entities {
        /// Review files or folders of them (*.txt, *.md); `-` reads a list
        /// of them from stdin, one a line.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "md")]
        format: MdJsonFormat,
        /// Only the reviews of this film (as its folder, `film:` line or
        /// title names it).
        #[arg(long, value_name = "NAME")]
        film: Option<String>,
    },
    /// How right concord is on an annotated corpus: recall and precision
    /// of the claims, the findings and the fact-check labels against gold
    /// files (docs/annotation.md). Exits 1 when a figure is below its
    /// bound, 2 when a gold file cannot be used.
    // Its examples are EvalArgs's own `after_help`.
    Eval(crate::eval::EvalArgs),
    /// Validate the rules and run their examples; show what a rule change
    /// moves.
    #[command(subcommand)]
    Rules(RulesCommand),
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load every rule file, then run every rule's examples and
    /// counter-examples. Exit 0 when all pass, 1 when a case fails, 2 when a
    /// rule file cannot be loaded. Without `--rules`, runs `./rules` when
    /// the current folder holds concord rules (no rebuild needed after an
    /// edit), the built-in rules otherwise.
    #[command(after_help = "Example:\n  concord rules check --quiet")]
    Check {
        /// Print only the rules that fail, with their cases.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Run an old and a new rule set over the same reviews and show what
    /// moved: claims lost, gained and changed, then the findings whose
    /// verdict changed.
    #[command(after_help = "Example:\n  concord rules diff --old-rev HEAD tests/fixtures/films")]
    Diff {
        /// The old rules: a folder of rule files (all of them, lexicon too).
        #[arg(long, value_name = "DIR", conflicts_with = "old_rev")]
        old: Option<PathBuf>,
        /// The old rules: `rules/` at this git revision of the project
        /// (`HEAD`, `main`, a commit), read with `git show`.
        #[arg(long, value_name = "REV")]
        old_rev: Option<String>,
        /// The new rules: a folder of rule files. Default: `--rules DIR`,
        /// else `./rules` when the current folder holds concord rules, else
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

/// The review files of a corpus (see [`list`]), and the paths that could
/// not be used.
type Listing = Result<(Vec<crate::input::Found>, Vec<Error>), Error>;

/// Lists the review files under `paths` (`-`: listed on stdin), following
/// links out of them if `follow`.
fn list(paths: &[PathBuf], follow: bool) -> Listing {
    let paths = crate::input::expand_stdin(paths, std::io::stdin().lock())?;
    Ok(crate::input::find_following(&paths, follow))
}

/// The files of `listing`, warning about each path that cannot be used.
fn found(listing: Listing, err: &mut dyn Write) -> Result<Vec<crate::input::Found>, Error> {
    let (found, problems) = listing?;
    for p in &problems {
        warn(err, p);
    }
    Ok(found)
}

fn nothing_read(paths: &[PathBuf]) -> Error {
    Error::NothingRead {
        paths: paths.iter().map(|p| crate::pathname::shown(p)).collect(),
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

/// Reads the reviews `listing` found under `paths` (of `film`, if given),
/// warning about each file that cannot be read; an error only when none
/// can.
fn read(
    corpus: (&[PathBuf], Listing),
    film: Option<&str>,
    rules: &RuleSet,
    err: &mut dyn Write,
) -> Result<Vec<crate::model::ReviewClaims>, Error> {
    let mut reviews = read_unsettled(corpus, rules, err)?;
    crate::entities::settle(&mut reviews, rules);
    if let Some(name) = film {
        let mut keep = of_film(name, &reviews)?.into_iter();
        reviews.retain(|_| keep.next().unwrap_or(false));
    }
    Ok(reviews)
}

/// [`read`] of every film, before the films' entity tables have settled
/// the claims of their frames.
fn read_unsettled(
    (paths, listing): (&[PathBuf], Listing),
    rules: &RuleSet,
    err: &mut dyn Write,
) -> Result<Vec<crate::model::ReviewClaims>, Error> {
    let found = found(listing, err)?;
    let progress = Progress::new(found.len(), true);
    let mut reviews = Vec::with_capacity(found.len());
    for r in crate::corpus::read_all(&found, rules, &progress) {
        match r {
            Ok(review) => reviews.push(review),
            Err(e) => warn(err, &e),
        }
    }
    progress.finish();
    for review in &reviews {
        say_notes(review, err);
    }
    if reviews.is_empty() {
        return Err(nothing_read(paths));
    }
    Ok(reviews)
}

/// Which of `reviews` are about the film `name` (`--film`); an error
/// naming the films there are when none is.
fn of_film(name: &str, reviews: &[crate::model::ReviewClaims]) -> Result<Vec<bool>, Error> {
    let keep: Vec<bool> = crate::film::names(reviews)
        .into_iter()
        .map(|f| crate::film::is(name, Some(f)))
        .collect();
    if keep.contains(&true) {
        Ok(keep)
    } else {
        Err(no_such_film(name, reviews))
    }
}

/// `claims --format jsonl`: each film's claims printed as soon as its run
/// of reviews is read and its entity table settled, so memory holds one
/// film's reviews, not the corpus.
fn stream_jsonl(
    (paths, listing): (&[PathBuf], Listing),
    film: Option<&str>,
    rules: &RuleSet,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let found = found(listing, err)?;
    let progress = Progress::new(found.len(), true);
    let mut read = 0usize;
    let mut of_film = 0usize;
    // A review's notes are rendered on the thread that read it; this one
    // settles each film's run of reviews and writes them, in order.
    let prepare = |r: Result<crate::model::ReviewClaims, Error>| {
        r.map(|review| {
            let mut notes = Vec::new();
            say_notes(&review, &mut notes);
            (notes, review)
        })
    };
    let mut run: Vec<crate::model::ReviewClaims> = Vec::new();
    let mut write_run = |run: &mut Vec<crate::model::ReviewClaims>, out: &mut dyn Write| {
        crate::entities::settle_film(run, rules, &[]);
        for review in run.drain(..) {
            if film.is_none_or(|name| crate::film::is(name, review.film.as_deref())) {
                of_film += 1;
                let mut lines = Vec::new();
                // Writing to memory cannot fail.
                let _ = render::claims::jsonl(&review, &mut lines);
                out.write_all(&lines).map_err(Error::Output)?;
            }
        }
        out.flush().map_err(Error::Output)
    };
    crate::corpus::stream(&found, rules, &progress, prepare, |r, _more| match r {
        Ok((notes, review)) => {
            read += 1;
            let _ = err.write_all(&notes);
            let same_film = run
                .first()
                .is_some_and(|first| review.film.is_some() && first.film == review.film);
            if !same_film && !run.is_empty() {
                write_run(&mut run, out)?;
            }
            run.push(review);
            Ok(())
        }
        Err(e) => {
            warn(err, &e);
            Ok(())
        }
    })?;
    if !run.is_empty() {
        write_run(&mut run, out)?;
    }
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

/// Says on stderr how a review was read, when there is something to say.
fn say_notes(review: &crate::model::ReviewClaims, err: &mut dyn Write) {
    for note in &review.notes {
        let _ = match note {
            ReadNote::Note(m) => writeln!(err, "concord: note: {}: {m}", review.source),
            ReadNote::Warning(m) => writeln!(err, "concord: warning: {}: {m}", review.source),
        };
    }
}

fn warn(err: &mut dyn Write, e: &Error) {
    let _ = writeln!(err, "concord: warning: {e}");
}

fn fail(err: &mut dyn Write, e: &Error) -> u8 {
    let _ = writeln!(err, "concord: error: {e}");
    EXIT_ERROR
}

/// Loads the rule set the command line asks for: the rules in `dir`, or
/// the built-in ones (see [`crate::ruleset`] for `./rules`).
pub fn load_rules(dir: Option<&PathBuf>) -> Result<RuleSet, Vec<Error>> {
    Choice::of(dir.map(PathBuf::as_path), false).load()
}

/// Runs concord with `args` (the program name first), writing to `out` and
/// `err`; returns the exit code.
pub fn main<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    main_with(args, out, err, Terminal::default())
}

/// [`main`] for output connected to `terminal` (the binary passes
/// [`Terminal::detect`]; tests, what they need).
pub fn main_with<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, terminal: Terminal) -> u8
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
    // Output is buffered: a write error (a full disk) may only show when
    // the rest is flushed, so the flush is part of the run.
    let outcome = run(cli, terminal, out, err).and_then(|code| {
        out.flush().map_err(Error::Output)?;
        Ok(code)
    });
    match outcome {
        Ok(code) => code,
        // A reader that stopped early (`| head`) is no error.
        Err(Error::Output(ref io)) if io.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => fail(err, &e),
    }
}

/// Says each error of a rule set that does not load; the exit code.
fn report_rule_errors(errors: &[Error], err: &mut dyn Write) -> u8 {
    for e in errors {
        let _ = writeln!(err, "concord: error: {e}");
    }
    EXIT_ERROR
}

/// Where a rule set of `rules diff` comes from, and its label.
enum RuleSource<'a> {
    Dir(&'a PathBuf),
    Revision(&'a str),
    Chosen(Choice),
}

impl RuleSource<'_> {
    fn label(&self) -> String {
        match self {
            RuleSource::Dir(d) => d.display().to_string(),
            RuleSource::Revision(rev) => format!("{rev}:rules/"),
            RuleSource::Chosen(c) => match c.dir() {
                Some(d) => d.display().to_string(),
                None => "built-in".into(),
            },
        }
    }

    fn load(&self, err: &mut dyn Write) -> Result<RuleSet, u8> {
        let loaded = match self {
            RuleSource::Dir(d) => Choice::Given(d.to_path_buf()).load(),
            RuleSource::Revision(rev) => crate::rules::revision::sources_at(rev)
                .map_err(|e| vec![e])
                .and_then(RuleSet::from_sources),
            RuleSource::Chosen(c) => c.load(),
        };
        loaded.map_err(|errors| report_rule_errors(&errors, err))
    }
}

/// `concord rules diff`: both rule sets over the same reviews.
fn rules_diff(
    old: RuleSource,
    new: RuleSource,
    paths: &[PathBuf],
    format: MdJsonFormat,
    follow: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let (old_rules, new_rules) = match (old.load(err), new.load(err)) {
        (Ok(o), Ok(n)) => (o, n),
        _ => return Ok(EXIT_ERROR),
    };
    let old_reviews = read((paths, list(paths, follow)), None, &old_rules, err)?;
    // The same files again: their problems were said once already.
    let (new_reviews, _) = crate::read_corpus_following(paths, &new_rules, follow);
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

pub fn run(
    cli: Cli,
    terminal: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let colors = terminal.colors(cli.color);
    let term = terminal.wants_term(cli.color);
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
                    "rules diff needs the old rules to compare with: --old-rev REV for rules/ at \
                     a git revision (`--old-rev HEAD`: before your uncommitted edits), or --old \
                     DIR for a folder of rule files"
                        .into(),
                ));
            }
        };
        let new = match new {
            Some(dir) => RuleSource::Dir(dir),
            None => {
                let choice = Choice::of(cli.rules.as_deref(), true);
                choice.announce(err);
                RuleSource::Chosen(choice)
            }
        };
        return rules_diff(old, new, paths, *format, cli.follow, out, err);
    }
    // The corpus's files are listed while the rules load: neither needs
    // the other, and listing 20,000 files takes a third of loading.
    let paths = match &cli.command {
        Command::Claims { paths, .. }
        | Command::Report { paths, .. }
        | Command::Graph { paths, .. }
        | Command::Entities { paths, .. } => Some(paths.as_slice()),
        Command::Check { against, .. } => Some(against.as_slice()),
        Command::Eval(_) | Command::Rules(_) => None,
    };
    // `rules check` runs the rules being worked on: `./rules` when the
    // current folder holds some.
    let choice = Choice::of(
        cli.rules.as_deref(),
        matches!(cli.command, Command::Rules(_)),
    );
    choice.announce(err);
    // Without a thread to spare, the files are listed after.
    let (loaded, mut listing) = std::thread::scope(|s| {
        let listing = paths.map(|p| {
            let thread = std::thread::Builder::new().spawn_scoped(s, move || list(p, cli.follow));
            (p, thread.ok())
        });
        let loaded = choice.load();
        let listed = listing.map(|(p, thread)| match thread {
            Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            None => list(p, cli.follow),
        });
        (loaded, listed)
    });
    let rules = match loaded {
        Ok(r) => r,
        Err(errors) => return Ok(report_rule_errors(&errors, err)),
    };
    // The listing made above (once; a command lists one corpus).
    let follow = cli.follow;
    let mut listed = |paths: &[PathBuf]| listing.take().unwrap_or_else(|| list(paths, follow));
    match cli.command {
        Command::Claims {
            paths,
            format,
            film,
            explain: true,
        } => {
            let mut reviews = Vec::new();
            for found in found(listed(&paths), err)? {
                match crate::corpus::explain_found(&found, &rules) {
                    Ok(review) => reviews.push(review),
                    Err(e) => warn(err, &e),
                }
            }
            if reviews.is_empty() {
                return Err(nothing_read(&paths));
            }
            for (review, _) in &reviews {
                say_notes(review, err);
            }
            crate::entities::settle_explained(&mut reviews, &rules);
            if let Some(name) = film.as_deref() {
                let (claims, explained): (Vec<_>, Vec<_>) = reviews.into_iter().unzip();
                let keep = of_film(name, &claims)?;
                reviews = claims
                    .into_iter()
                    .zip(explained)
                    .zip(keep)
                    .filter_map(|(review, keep)| keep.then_some(review))
                    .collect();
            }
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
            film,
            explain: false,
        } => {
            if format == ClaimsFormat::Jsonl {
                stream_jsonl((&paths, listed(&paths)), film.as_deref(), &rules, out, err)?;
                return Ok(EXIT_OK);
            }
            let reviews = read((&paths, listed(&paths)), film.as_deref(), &rules, err)?;
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
            let reviews = read((&paths, listed(&paths)), film.as_deref(), &rules, err)?;
            let report = crate::report(&reviews, &rules);
            let format = format.unwrap_or(if term {
                ReportFormat::Term
            } else {
                ReportFormat::Md
            });
            // People read each disagreement as one finding; programs, a
            // finding per fact, numbered by disagreement.
            let joined = || crate::disagreement::joined(&report);
            match format {
                ReportFormat::Term => render::term::report(&joined(), colors, out),
                ReportFormat::Md => render::report::markdown(&joined(), out),
                ReportFormat::Json => render::report::json(&report, out),
                ReportFormat::Html => {
                    // The page shows each review's own words: read them again.
                    let files = reviews
                        .iter()
                        .map(|r| {
                            let path = r.path.clone().unwrap_or_else(|| r.source.clone().into());
                            crate::input::read_review(&path)
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let texts: Vec<render::html::ReviewText> = files
                        .iter()
                        .zip(&reviews)
                        .map(|(f, r)| render::html::ReviewText::new(f, r))
                        .collect();
                    render::html::page(&joined(), &texts, &rules.lexicon, out)
                }
            }
            .map_err(Error::Output)?;
            let gate = fail_on.iter().any(|f| match f {
                FailOn::Contradiction => report.summary.contradiction > 0,
                FailOn::Variant => report.summary.variant > 0,
            });
            // Every claim and finding, freed one by one, costs a serial
            // tenth of a second per 10,000 reviews: another thread does it
            // while the output is flushed (and the process may end first).
            // Without a thread to spare, they are freed here.
            let _ = std::thread::Builder::new().spawn(move || drop((reviews, report)));
            Ok(if gate { EXIT_FINDING } else { EXIT_OK })
        }
        Command::Check {
            review,
            against,
            reference,
            format,
            fail_on,
        } => {
            let file = crate::input::read_review(&review)?;
            let mut corpus = read_unsettled((&against, listed(&against)), &rules, err)?;
            // The review's names are read by what the corpus knows of them
            // as well as by its own words.
            let known: Vec<&crate::frames::Evidence> =
                corpus.iter().filter_map(|r| r.names.as_deref()).collect();
            let checked = crate::read_checked(&file, &known, &rules);
            crate::entities::settle(&mut corpus, &rules);
            let reference = reference
                .map(|r| crate::reference::Reference::load(&r, &rules.lexicon))
                .transpose()?;
            let report = crate::check::check(&checked, &corpus, reference.as_ref(), &rules.lexicon);
            let format = format.unwrap_or(if term {
                CheckFormat::Term
            } else {
                CheckFormat::Md
            });
            match format {
                CheckFormat::Term => render::term::check(&report, &file.text, colors, out),
                CheckFormat::Md => render::check::markdown(&report, &file.text, out),
                CheckFormat::Json => render::check::json(&report, out),
            }
            .map_err(Error::Output)?;
            let gates: &[CheckFailOn] = if fail_on.is_empty() {
                &CheckFailOn::DEFAULT
            } else {
                &fail_on
            };
            Ok(if gates.iter().any(|g| g.stops(&report)) {
                EXIT_FINDING
            } else {
                EXIT_OK
            })
        }
        Command::Graph {
            paths,
            format,
            film,
        } => {
            let reviews = read((&paths, listed(&paths)), film.as_deref(), &rules, err)?;
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
        Command::Entities {
            paths,
            format,
            film,
        } => {
            let mut reviews = read_unsettled((&paths, listed(&paths)), &rules, err)?;
            if let Some(name) = film.as_deref() {
                let mut keep = of_film(name, &reviews)?.into_iter();
                reviews.retain(|_| keep.next().unwrap_or(false));
            }
            let tables: Vec<(String, crate::entities::Table)> =
                crate::entities::film_runs(&reviews)
                    .into_iter()
                    .map(|run| {
                        let of = &reviews[run];
                        let name = of[0].film.clone().unwrap_or_else(|| of[0].source.clone());
                        (name, crate::entities::table_of(of, &rules))
                    })
                    .collect();
            match format {
                MdJsonFormat::Md => render::entities::markdown(&tables, out),
                MdJsonFormat::Json => render::entities::json(&tables, out),
            }
            .map_err(Error::Output)?;
            Ok(EXIT_OK)
        }
        Command::Eval(args) => {
            let mut read_corpus = |paths: &[PathBuf], err: &mut dyn Write| {
                read_unsettled((paths, list(paths, follow)), &rules, err)
            };
            crate::eval::run(&args, &rules, &mut read_corpus, out, err)
        }
        Command::Rules(RulesCommand::Check { quiet }) => {
            let results = crate::verify::check_all(&rules);
            render::rules::check(&rules, &results, quiet, out).map_err(Error::Output)?;
            let failed = results.iter().any(|r| !r.failures.is_empty());
            Ok(if failed { EXIT_FINDING } else { EXIT_OK })
        }
        Command::Rules(RulesCommand::Diff { .. }) => unreachable!("handled above"),
    }
}
