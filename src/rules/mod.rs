//! Rules are data: `rules/*.toml`, one file per family of claims, plus the
//! shared lexicon and the page furniture patterns. This module loads them
//! (built into the binary, or from `--rules DIR`), validates them
//! (`raw` → `compile`) and hands the engine a [`RuleSet`] compiled once per
//! run.

mod compile;
mod diagnose;
mod lexicon;
pub mod prefilter;
pub mod raw;
pub mod revision;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;

pub use compile::{CounterExample, Example, Expected, PATTERN_SIZE_LIMIT, Rule, Template};
pub use lexicon::Lexicon;
pub use prefilter::Prefilter;

use crate::error::{Error, Location};
use crate::text::PageRules;

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
];

/// Every rule of a run, compiled, with what they share.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The words each rule needs: one pass over a review says which rules
    /// can match it at all.
    pub prefilter: Prefilter,
    pub lexicon: Lexicon,
    pub page: PageRules,
    /// The files the rules came from, in load order.
    pub files: Vec<String>,
}

/// Parses one rule file into its raw shape.
fn parse_file(name: &str, source: &str) -> Result<raw::RawFile, Error> {
    toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        let (message, hint) = match unknown_field(&message) {
            Some((field, expected)) => (
                format!("unknown field `{field}`"),
                format!(
                    "{}remove the field or fix its spelling; this table takes {}",
                    diagnose::did_you_mean(field, expected.iter().copied()),
                    expected.join(", ")
                ),
            ),
            None => (
                format!("cannot read the rule file: {message}"),
                "fix the TOML syntax at this place".to_string(),
            ),
        };
        Error::Rule {
            location: Location::at(name, source, offset),
            rule: diagnose::rule_id_at(source, offset),
            message,
            hint,
        }
    })
}

/// The field and the expected fields of serde's "unknown field `x`,
/// expected one of `a`, `b`" (or "expected `a`").
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect::<Vec<&str>>();
    Some((field, expected))
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

impl RuleSet {
    /// The rules built into concord.
    pub fn builtin() -> Result<RuleSet, Vec<Error>> {
        RuleSet::from_sources(
            BUILTIN
                .iter()
                .map(|&(n, s)| (n.to_string(), s.to_string()))
                .collect(),
        )
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
            match std::fs::read(&p).map(String::from_utf8) {
                Ok(Ok(s)) => sources.push((p.display().to_string(), s)),
                Ok(Err(_)) => errors.push(Error::Input {
                    path: p,
                    message: "the rule file is not UTF-8 text; save it as UTF-8".into(),
                }),
                Err(e) => errors.push(Error::Input {
                    path: p,
                    message: format!("cannot read the rule file: {e}"),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        RuleSet::from_sources(sources)
    }

    /// Loads rule files given as `(name, text)`, reporting every problem.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<RuleSet, Vec<Error>> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        for (name, source) in &sources {
            match parse_file(name, source) {
                Ok(f) => parsed.push((name, source, f)),
                Err(e) => errors.push(e),
            }
        }

        // The lexicon and the page patterns first: rules use them.
        let mut lists = BTreeMap::new();
        let mut patterns = BTreeMap::new();
        let mut systems = BTreeMap::new();
        let mut page = PageRules {
            navigation: vec![],
            sidebar_start: vec![],
            comments_start: vec![],
            comment_author: vec![],
            publication_date: vec![],
            date_line_window: 0,
            film_title: vec![],
        };
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
            if let Some(p) = file.page.take() {
                page.navigation = compile_regexes(name, source, &p.navigation, &mut errors);
                page.sidebar_start = compile_regexes(name, source, &p.sidebar_start, &mut errors);
                page.comments_start = compile_regexes(name, source, &p.comments_start, &mut errors);
                page.comment_author = compile_regexes(name, source, &p.comment_author, &mut errors);
                page.publication_date =
                    compile_regexes(name, source, &p.publication_date, &mut errors);
                page.date_line_window = p.date_line_window;
                page.film_title = compile_regexes(name, source, &p.film_title, &mut errors);
            }
        }
        let lexicon = Lexicon::new(lists, patterns, systems);

        let mut rules: Vec<Rule> = Vec::new();
        let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (name, source, file) in parsed {
            for raw in file.rule {
                let id = raw.id.get_ref().clone();
                let at = Location::at(name, source, raw.id.span().start);
                if let Some((other_file, other_line)) = seen.get(&id) {
                    errors.push(Error::Rule {
                        location: at,
                        rule: Some(id.clone()),
                        message: format!(
                            "duplicate rule id, first defined at {other_file}:{other_line}"
                        ),
                        hint: "give each rule its own id".into(),
                    });
                    continue;
                }
                seen.insert(id, (name.clone(), at.line));
                match compile::compile_rule(raw, name, source, &lexicon) {
                    Ok(rule) => rules.push(rule),
                    Err(mut e) => errors.append(&mut e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let prefilter = Prefilter::new(rules.iter().map(|r| r.expanded.as_str()));
        Ok(RuleSet {
            rules,
            prefilter,
            lexicon,
            page,
            files: sources.into_iter().map(|(n, _)| n).collect(),
        })
    }

    /// Only the rules whose id is `id`, with the same lexicon and page
    /// patterns: for running one rule's examples on its own.
    pub fn only(&self, id: &str) -> RuleSet {
        let rules: Vec<Rule> = self.rules.iter().filter(|r| r.id == id).cloned().collect();
        RuleSet {
            prefilter: Prefilter::new(rules.iter().map(|r| r.expanded.as_str())),
            rules,
            lexicon: self.lexicon.clone(),
            page: self.page.clone(),
            files: self.files.clone(),
        }
    }
}
