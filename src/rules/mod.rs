//! Rules are data: `rules/*.toml`, one file per family of claims, plus the
//! shared lexicon and the page furniture patterns. This module loads them
//! (built into the binary, or from `--rules DIR`), validates them
//! (`raw` → `compile`) and hands the engine a [`RuleSet`] compiled once per
//! run.

mod compile;
pub(crate) mod diagnose;
mod lexicon;
pub mod pattern;
pub mod prefilter;
pub mod raw;
pub mod revision;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use regex::Regex;

pub use compile::{CounterExample, Example, Expected, PATTERN_SIZE_LIMIT, Rule, Template};
pub use lexicon::{Lexicon, WordIs, with_lower};
pub use prefilter::Prefilter;

use crate::error::{Error, Location};
use crate::text::{AnyOf, PageRules};

/// The built-in rule files, embedded so the binary runs from any folder.
/// A test checks this list against the files in `rules/`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/lexicon.toml",
        include_str!("../../rules/lexicon.toml"),
    ),
    ("rules/page.toml", include_str!("../../rules/page.toml")),
    (
        "rules/credits.toml",
        include_str!("../../rules/credits.toml"),
    ),
    ("rules/cast.toml", include_str!("../../rules/cast.toml")),
    (
        "rules/runtime.toml",
        include_str!("../../rules/runtime.toml"),
    ),
    (
        "rules/release.toml",
        include_str!("../../rules/release.toml"),
    ),
    ("rules/rating.toml", include_str!("../../rules/rating.toml")),
    ("rules/story.toml", include_str!("../../rules/story.toml")),
    ("rules/roles.toml", include_str!("../../rules/roles.toml")),
    ("rules/events.toml", include_str!("../../rules/events.toml")),
    ("rules/names.toml", include_str!("../../rules/names.toml")),
    ("rules/people.toml", include_str!("../../rules/people.toml")),
];

/// The most compiled program all the rule patterns of a set may take
/// together (and, apart, all their `item` and `not_after` patterns). The
/// built-in rules take between 4 and 8 MiB.
///
/// It is checked before any rule is compiled on its own, which bounds the
/// time any rule set takes to load: a file of a thousand patterns each just
/// under [`PATTERN_SIZE_LIMIT`] fails in one bounded compile (under a
/// second) instead of costing a tenth of a second a rule.
pub const SET_SIZE_LIMIT: usize = 32 << 20;

/// How long all the patterns of a set may get together once expanded. The
/// built-in ones come to about 50 KB; parsing costs time in proportion to
/// length.
pub const MAX_TOTAL_EXPANDED_BYTES: usize = 1 << 20;

/// How many rules a set may hold. The built-in set holds about 150.
/// Loading grows with the rules (compiling each pattern, and the
/// prefilter's words), about half a millisecond of CPU and 170 KB a rule
/// on a shared 2-core machine: 2,000 simple rules load in about 1.1 s of
/// CPU (1.5 to 2.2 s of wall time) and 470 MB, 4,000 in 2.3 s and 820 MB.
/// A set past this bound is refused before any rule is compiled, so a
/// hostile set costs nothing to refuse.
pub const MAX_RULES: usize = 2_000;

/// Every rule of a run, compiled, with what they share.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The words each rule needs: one pass over a review says which rules
    /// can match it at all.
    pub prefilter: Prefilter,
    pub lexicon: Lexicon,
    pub page: PageRules,
    /// The relation frames, in file order (see [`crate::frames`]).
    pub frames: crate::frames::Frames,
    /// The files the rules came from, in load order.
    pub files: Vec<String>,
}

/// One expanded pattern of a rule file, and where it is written.
struct Expanded<'a> {
    file: &'a str,
    source: &'a str,
    at: usize,
    rule: &'a str,
    pattern: String,
}

/// The error for a set of more than [`MAX_RULES`] rules, at the first rule
/// past the bound.
fn too_many_rules(parsed: &[(&String, &String, raw::RawFile)]) -> Option<Error> {
    let total: usize = parsed.iter().map(|(_, _, f)| f.rule.len()).sum();
    if total <= MAX_RULES {
        return None;
    }
    let (name, source, rule) = parsed
        .iter()
        .flat_map(|(name, source, f)| f.rule.iter().map(move |r| (*name, *source, r)))
        .nth(MAX_RULES)?;
    Some(Error::Rule {
        location: Location::at(name, source, rule.id.span().start),
        rule: Some(rule.id.get_ref().clone()),
        message: format!(
            "the rules number {total}, more than a rule set may hold ({MAX_RULES}); this is the \
             first past the bound"
        ),
        hint: "rules that differ only in their words are one rule with a list of the \
               lexicon (`{{name}}`, under [lists]); a set this large would take seconds and \
               gigabytes to load"
            .into(),
    })
}

/// Checks that the rules' patterns, all together, stay within
/// [`MAX_TOTAL_EXPANDED_BYTES`] and [`SET_SIZE_LIMIT`], before any is
/// compiled on its own. Patterns that do not expand or parse are left out:
/// compiling their rule says what is wrong with them. Only the forward
/// program of each pattern is built here, the cheapest part that tells its
/// size.
fn check_together(
    parsed: &[(&String, &String, raw::RawFile)],
    lexicon: &Lexicon,
) -> Result<(), Error> {
    let mut main = Vec::new();
    let mut extra = Vec::new();
    for (name, source, file) in parsed {
        for r in &file.rule {
            let expand = |p: &toml::Spanned<String>| {
                lexicon.expand(p.get_ref()).ok().map(|pattern| Expanded {
                    file: name,
                    source,
                    at: p.span().start,
                    rule: r.id.get_ref(),
                    pattern,
                })
            };
            main.extend(expand(&r.pattern));
            extra.extend(r.item.as_ref().and_then(expand));
            extra.extend(r.not_after.as_ref().and_then(expand));
        }
    }
    let total: usize = main.iter().chain(&extra).map(|e| e.pattern.len()).sum();
    if total > MAX_TOTAL_EXPANDED_BYTES {
        let largest = main.iter().chain(&extra).max_by_key(|e| e.pattern.len());
        return Err(Error::Rule {
            location: largest.map_or_else(
                || Location {
                    file: "rules".into(),
                    line: 1,
                    column: 1,
                },
                |e| Location::at(e.file, e.source, e.at),
            ),
            rule: largest.map(|e| e.rule.to_string()),
            message: format!(
                "the rules' patterns expand to more than {} KiB together; the largest pattern, this one, expands to {} KiB",
                MAX_TOTAL_EXPANDED_BYTES >> 10,
                largest.map_or(0, |e| e.pattern.len() >> 10)
            ),
            hint: "use fewer or shorter patterns and lexicon pieces".into(),
        });
    }
    match culprit(&extra) {
        Some(e) => Err(e),
        None => culprit(&main).map_or(Ok(()), Err),
    }
}

const SIZE_HINT: &str = "split or simplify the pattern: bounded repeats of classes (`\\w{100}`) \
    and long word lists compile big";

fn set_too_large() -> String {
    format!(
        "the rules together are too large to compile (more than {} MiB)",
        SET_SIZE_LIMIT >> 20
    )
}

/// The pattern that takes a set past its size. Patterns are compiled a few
/// at a time (one each on every core), each up to [`PATTERN_SIZE_LIMIT`],
/// and added up in order; the work stops at the first batch that crosses
/// [`SET_SIZE_LIMIT`], so it stays bounded by the limit, and the pattern
/// named is the same whatever the number of cores.
fn culprit(patterns: &[Expanded]) -> Option<Error> {
    use regex_automata::nfa::thompson;
    const BATCH: usize = 8;
    let mut left = SET_SIZE_LIMIT;
    for batch in patterns.chunks(BATCH) {
        let sizes: Vec<Result<usize, bool>> = batch
            .par_iter()
            .map(|e| {
                thompson::Compiler::new()
                    .configure(thompson::Config::new().nfa_size_limit(Some(PATTERN_SIZE_LIMIT)))
                    .build(&e.pattern)
                    .map(|nfa| nfa.memory_usage())
                    // Not a size: the syntax, which compiling the rule
                    // reports.
                    .map_err(|error| error.size_limit().is_some())
            })
            .collect();
        for (e, size) in batch.iter().zip(sizes) {
            let message = match size {
                Ok(size) if size <= left => {
                    left -= size;
                    continue;
                }
                Err(false) => continue,
                Err(true) => format!(
                    "the pattern does not compile: it is larger than {} MiB compiled",
                    PATTERN_SIZE_LIMIT >> 20
                ),
                Ok(_) => format!("{}; this pattern takes them past it", set_too_large()),
            };
            return Some(Error::Rule {
                location: Location::at(e.file, e.source, e.at),
                rule: Some(e.rule.to_string()),
                message,
                hint: SIZE_HINT.into(),
            });
        }
    }
    None
}

/// How big a rule file may be. The built-in ones are a few KB each.
pub const MAX_RULE_FILE_BYTES: u64 = 1 << 20;

/// Reads one rule file of a `--rules` folder: a regular file, not too big,
/// UTF-8 (a bad byte is named by line and column).
fn read_rule_file(path: &Path) -> Result<String, Error> {
    let fail = |message: String| Error::Input {
        path: path.to_path_buf(),
        message,
    };
    let meta =
        std::fs::metadata(path).map_err(|e| fail(format!("cannot read the rule file: {e}")))?;
    if !meta.is_file() {
        return Err(fail(
            "the rule file is not a regular file (a pipe, socket or device); give a file".into(),
        ));
    }
    let too_big = || {
        fail(format!(
            "the rule file is larger than {} KiB; split it, rule files are a few KB",
            MAX_RULE_FILE_BYTES >> 10
        ))
    };
    if meta.len() > MAX_RULE_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RULE_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| fail(format!("cannot read the rule file: {e}")))?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = String::from_utf8_lossy(valid);
        Error::Rule {
            location: Location::at(&path.display().to_string(), &before, before.len()),
            rule: None,
            message: "the rule file is not UTF-8 text here".into(),
            hint: "save it as UTF-8".into(),
        }
    })
}

/// Parses one rule file into its raw shape.
fn parse_file(name: &str, source: &str) -> Result<raw::RawFile, Error> {
    toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        let (message, hint) = match diagnose::unknown_field(&message) {
            Some((field, expected)) => (
                format!("unknown field `{field}`"),
                format!(
                    "{}remove the field or fix its spelling; this table takes {}",
                    diagnose::did_you_mean(field, expected.iter().copied()),
                    expected.join(", ")
                ),
            ),
            None => {
                // A missing field is no syntax error: say what to add.
                let hint = match diagnose::missing_field(&message) {
                    Some(field) => format!(
                        "add `{field} = ...` to this table (a rule needs it; see the rules \
                         beside it for its form)"
                    ),
                    None => "fix the TOML syntax at this place".to_string(),
                };
                (format!("cannot read the rule file: {message}"), hint)
            }
        };
        Error::Rule {
            location: Location::at(name, source, offset),
            rule: diagnose::rule_id_at(source, offset),
            message,
            hint,
        }
    })
}

fn compile_regexes(
    name: &str,
    source: &str,
    patterns: &[toml::Spanned<String>],
    errors: &mut Vec<Error>,
) -> Vec<Regex> {
    patterns
        .iter()
        .filter_map(|p| {
            match regex::RegexBuilder::new(p.get_ref())
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
            {
                Ok(r) => Some(r),
                Err(e) => {
                    let (location, why) = diagnose::pattern_failure(name, source, p, &e);
                    errors.push(Error::Rule {
                        location,
                        rule: None,
                        message: format!("a page pattern does not compile: {why}"),
                        hint: "check the regular expression at this place".into(),
                    });
                    None
                }
            }
        })
        .collect()
}

/// A file's `[page]` patterns, not compiled yet: how many errors the rule
/// set had said when it was read (where its own go), the file's name and
/// text, and the patterns.
type PendingPage<'a> = (usize, &'a str, &'a str, raw::RawPage);

/// The page patterns of each file that has them, compiled (a later file's
/// replace an earlier's), and each file's errors with where they go (see
/// [`PendingPage`]).
fn compile_pages(pending: &[PendingPage]) -> (PageRules, Vec<(usize, Vec<Error>)>) {
    let mut page = PageRules::default();
    let mut all = Vec::with_capacity(pending.len());
    for &(at, name, source, ref p) in pending {
        let mut errors = Vec::new();
        let mut compile = |patterns| compile_regexes(name, source, patterns, &mut errors);
        page.navigation = AnyOf::new(compile(&p.navigation));
        page.sidebar_start = AnyOf::new(compile(&p.sidebar_start));
        page.comments_start = AnyOf::new(compile(&p.comments_start));
        page.comment_author = AnyOf::new(compile(&p.comment_author));
        page.publication_date = compile(&p.publication_date);
        page.date_line_window = p.date_line_window;
        page.film_title = compile(&p.film_title);
        all.push((at, errors));
    }
    (page, all)
}

/// Puts each file's page errors where the file's place among the rule
/// set's errors is, so that errors come in the order of the files.
fn insert_page_errors(errors: &mut Vec<Error>, page_errors: Vec<(usize, Vec<Error>)>) {
    // From the last, so that the places before stay where they were.
    for (at, e) in page_errors.into_iter().rev() {
        errors.splice(at..at, e);
    }
}

/// The built-in rule files, as `(name, text)`.
fn builtin_sources() -> Vec<(String, String)> {
    BUILTIN
        .iter()
        .map(|&(n, s)| (n.to_string(), s.to_string()))
        .collect()
}

impl RuleSet {
    /// The rules built into concord. Unlike [`RuleSet::from_sources`], it
    /// does not first check all their patterns together for size (a fifth
    /// of loading them): they are no input, and a test checks them once.
    pub fn builtin() -> Result<RuleSet, Vec<Error>> {
        RuleSet::load(builtin_sources(), false)
    }

    /// The rules in `dir` (every `*.toml`, in name order), instead of the
    /// built-in ones.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, Vec<Error>> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![Error::Input {
                path: dir.to_path_buf(),
                message: format!(
                    "cannot read the rules folder: {e}; give a folder of rule files (*.toml)"
                ),
            }]
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(vec![Error::Input {
                path: dir.to_path_buf(),
                message: "the rules folder holds no *.toml file".into(),
            }]);
        }
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for p in paths {
            match read_rule_file(&p) {
                Ok(s) => sources.push((p.display().to_string(), s)),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        RuleSet::from_sources(sources)
    }

    /// Loads rule files given as `(name, text)`, reporting every problem.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<RuleSet, Vec<Error>> {
        RuleSet::load(sources, true)
    }

    /// [`RuleSet::from_sources`]; `check` says whether the patterns are
    /// checked together for size before any is compiled on its own.
    fn load(sources: Vec<(String, String)>, check: bool) -> Result<RuleSet, Vec<Error>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (name, source) in &sources {
            match parse_file(name, source) {
                Ok(f) => parsed.push((name, source, f)),
                Err(e) => errors.push(e),
            }
        }

        if let Some(e) = too_many_rules(&parsed) {
            errors.push(e);
            return Err(errors);
        }

        // The lexicon and the page patterns first: rules use them.
        let mut lists = BTreeMap::new();
        let mut patterns = BTreeMap::new();
        let mut systems = BTreeMap::new();
        let mut countries = BTreeMap::new();
        let mut pages: Vec<PendingPage> = Vec::new();
        for (name, source, file) in &mut parsed {
            for (key, words) in std::mem::take(&mut file.lists) {
                let span = words.span();
                if lists.insert(key.clone(), words.into_inner()).is_some() {
                    errors.push(Error::Rule {
                        location: Location::at(name, source, span.start),
                        rule: None,
                        message: format!("the list `{key}` is defined twice"),
                        hint: "keep one definition; lists are shared by all rule files".into(),
                    });
                }
            }
            for (key, piece) in std::mem::take(&mut file.patterns) {
                let span = piece.span();
                if patterns.insert(key.clone(), piece.into_inner()).is_some() {
                    errors.push(Error::Rule {
                        location: Location::at(name, source, span.start),
                        rule: None,
                        message: format!("the pattern `{key}` is defined twice"),
                        hint: "keep one definition; patterns are shared by all rule files".into(),
                    });
                }
            }
            systems.append(&mut file.certificate_systems);
            countries.append(&mut file.certificate_countries);
            // Compiled later, while the rules compile: page patterns are
            // needed once reviews are read, not before.
            if let Some(p) = file.page.take() {
                pages.push((errors.len(), name, source, p));
            }
        }
        let mut lexicon = Lexicon::new(lists, patterns, systems);
        lexicon.certificate_countries = countries;
        // All patterns together first: a hostile rule set fails here, in
        // bounded time, before any rule is compiled on its own.
        if check && let Err(e) = check_together(&parsed, &lexicon) {
            let (_, page_errors) = compile_pages(&pages);
            insert_page_errors(&mut errors, page_errors);
            errors.push(e);
            return Err(errors);
        }

        let mut todo = Vec::new();
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let mut frames = Vec::new();
        for (name, source, file) in &mut parsed {
            for raw in std::mem::take(&mut file.frame) {
                let id = raw.id.get_ref().clone();
                let at = Location::at(name, source, raw.id.span().start);
                if let Err(e) = first_of_its_id(
                    &mut seen,
                    &id,
                    name,
                    &at,
                    "give each rule and frame its own id",
                ) {
                    errors.push(e);
                    continue;
                }
                match crate::frames::Frame::compile(raw, name, source, &lexicon) {
                    Ok(f) => frames.push(f),
                    Err(message) => errors.push(Error::Rule {
                        location: at,
                        rule: Some(id),
                        message,
                        hint: "see the frame format in src/frames.rs".into(),
                    }),
                }
            }
        }
        for (name, source, file) in parsed {
            for raw in file.rule {
                let id = raw.id.get_ref().clone();
                let at = Location::at(name, source, raw.id.span().start);
                if let Err(e) =
                    first_of_its_id(&mut seen, &id, name, &at, "give each rule its own id")
                {
                    errors.push(e);
                    continue;
                }
                todo.push((raw, name, source));
            }
        }
        // The prefilter reads the patterns first: how it searches a rule
        // decides how its regex is built. (A pattern that does not expand
        // is an error below, and the prefilter is then not kept.)
        // Each pattern is parsed once, for the prefilter and its rule.
        let parsed: Vec<Option<regex_syntax::hir::Hir>> = todo
            .par_iter()
            .map(|(raw, _, _)| {
                prefilter::parse(&lexicon.expand(raw.pattern.get_ref()).unwrap_or_default())
            })
            .collect();
        let mut prefilter = Prefilter::planned_from(&parsed);
        let windowed: Vec<bool> = (0..todo.len())
            .map(|i| prefilter.searches_windows(i))
            .collect();
        // Rules compile apart from each other, on every core, gathered in
        // file order, while the automaton of their words is built and the
        // page patterns compile.
        let ((page, page_errors), compiled) = rayon::join(
            || {
                prefilter.build_words();
                compile_pages(&pages)
            },
            || -> Vec<Result<Rule, Vec<Error>>> {
                todo.into_par_iter()
                    .zip(windowed)
                    .zip(&parsed)
                    .map(|(((raw, name, source), windowed), hir)| {
                        compile::compile_rule(raw, name, source, &lexicon, windowed, hir.as_ref())
                    })
                    .collect()
            },
        );
        insert_page_errors(&mut errors, page_errors);
        let mut rules: Vec<Rule> = Vec::with_capacity(compiled.len());
        for result in compiled {
            match result {
                Ok(rule) => rules.push(rule),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RuleSet {
            rules,
            prefilter,
            lexicon,
            page,
            frames: crate::frames::Frames::new(frames),
            files: sources.into_iter().map(|(n, _)| n).collect(),
        })
    }

    /// Only the rules whose id is `id`, with the same lexicon and page
    /// patterns: for running one rule's examples on its own.
    pub fn only(&self, id: &str) -> RuleSet {
        let rules: Vec<Rule> = self
            .rules
            .iter()
            .filter(|r| &*r.id == id)
            .cloned()
            .collect();
        RuleSet {
            prefilter: Prefilter::new(rules.iter().map(|r| r.expanded.as_str())),
            rules,
            lexicon: self.lexicon.clone(),
            page: self.page.clone(),
            frames: crate::frames::Frames::default(),
            files: self.files.clone(),
        }
    }
}

/// Records the id of a rule or frame at `at` of file `name`; an error when
/// another rule or frame has it already.
fn first_of_its_id(
    seen: &mut BTreeMap<String, (String, usize)>,
    id: &str,
    name: &str,
    at: &Location,
    hint: &str,
) -> Result<(), Error> {
    if let Some((other_file, other_line)) = seen.get(id) {
        return Err(Error::Rule {
            location: at.clone(),
            rule: Some(id.to_string()),
            message: format!("duplicate rule id, first defined at {other_file}:{other_line}"),
            hint: hint.into(),
        });
    }
    seen.insert(id.to_string(), (name.to_string(), at.line));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_field_says_what_to_add_not_to_fix_the_syntax() {
        let source = "[[rule]]\nid = \"x.y\"\nproperty = \"runtime\"\ndescription = \"d\"\n";
        let Err(Error::Rule { hint, .. }) = parse_file("mine.toml", source) else {
            panic!("a rule without a pattern must not parse");
        };
        assert!(hint.contains("add `pattern = ...`"), "{hint}");
        assert!(!hint.contains("TOML syntax"), "{hint}");
    }

    #[test]
    fn the_builtin_rules_pass_the_check_they_skip() {
        // `builtin` skips the size check of all patterns together; this is
        // where they take it.
        let checked = RuleSet::from_sources(builtin_sources()).expect("the built-in rules");
        let builtin = RuleSet::builtin().expect("the built-in rules");
        let ids = |r: &RuleSet| r.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&checked), ids(&builtin));
        assert!(!checked.rules.is_empty());
    }

    #[test]
    fn page_pattern_errors_come_in_the_order_of_the_files() {
        // Page patterns compile after the other files are read (while the
        // rules compile); their errors still come where their file is.
        let twice = "[lists]\nrole = [\"x\"]\n";
        let page = "[page]\nnavigation = ['(unclosed']\ncomments_start = []\ncomment_author = []\npublication_date = []\ndate_line_window = 6\n";
        let sources = vec![
            ("a.toml".to_string(), twice.to_string()),
            ("b.toml".to_string(), twice.to_string()),
            ("page.toml".to_string(), page.to_string()),
            ("z.toml".to_string(), twice.to_string()),
        ];
        let errors = RuleSet::from_sources(sources).expect_err("a broken rule set");
        let files: Vec<String> = errors
            .iter()
            .map(|e| {
                e.to_string()
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_eq!(files, ["b.toml", "page.toml", "z.toml"], "{errors:?}");
        assert!(
            errors[1]
                .to_string()
                .contains("a page pattern does not compile")
        );
    }
}
