//! From the raw shape of a rule to a rule the engine can trust.
//!
//! Every check that can fail on a rule file happens here, once, at load:
//! the property and qualifier names, the regex (compiled with a size bound,
//! so a hostile pattern cannot make concord slow), `{{name}}` uses of the
//! lexicon, templates that name captures the pattern does not have, captures
//! no template uses, and rules that come without examples. Each failure
//! names the file, line and column, the rule, and what to do.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::diagnose;
use super::lexicon::Lexicon;
use super::pattern::Pattern;
use super::raw::{RawExpected, RawRule};
use crate::error::{Error, Location};
use crate::model::{Date, Property, QUALIFIERS};

/// How big one compiled pattern may get. Generous for the word lists the
/// rules use, small enough that a pattern like `(a{1000}){1000}` is refused.
pub const PATTERN_SIZE_LIMIT: usize = 4 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    None,
    Upper,
    Lower,
    Title,
    /// `{name|or:words}`: the words when the capture is empty.
    Or(String),
    /// `{name|flag}`: `true` when the capture took part, else nothing.
    Flag,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Capture(String, Filter),
}

/// A value, subject or qualifier template: literal text and `{capture}`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
    pub source: String,
}

impl Template {
    pub fn parse(source: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("`{{` without a closing `}}` in `{source}`"))?;
            let inner = &rest[open + 1..open + close];
            let (name, filter) = match inner.split_once('|') {
                None => (inner, Filter::None),
                Some((n, "upper")) => (n, Filter::Upper),
                Some((n, "lower")) => (n, Filter::Lower),
                Some((n, "title")) => (n, Filter::Title),
                Some((n, "flag")) => (n, Filter::Flag),
                Some((n, f)) if f.starts_with("or:") => (n, Filter::Or(f[3..].to_string())),
                Some((_, f)) => {
                    return Err(format!(
                        "unknown filter `{f}` in `{source}`; use upper, lower, title, flag or or:WORDS"
                    ));
                }
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("`{{{inner}}}` in `{source}` is not a capture name"));
            }
            parts.push(Part::Capture(name.to_string(), filter));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        Ok(Template {
            parts,
            source: source.to_string(),
        })
    }

    pub fn captures(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Capture(name, _) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The template with captures filled in. Empty when every capture it
    /// uses is empty (an optional group that did not take part).
    pub fn render<'a>(&self, get: impl Fn(&str) -> Option<&'a str>) -> String {
        let mut out = String::new();
        let mut any_capture = false;
        let mut any_filled = false;
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Capture(name, filter) => {
                    any_capture = true;
                    let mut v = get(name).unwrap_or("").trim();
                    if let (true, Filter::Or(words)) = (v.is_empty(), filter) {
                        v = words;
                    }
                    any_filled |= !v.is_empty();
                    match filter {
                        Filter::None | Filter::Or(_) => out.push_str(v),
                        Filter::Flag => {
                            if !v.is_empty() {
                                out.push_str("true");
                            }
                        }
                        Filter::Upper => out.push_str(&v.to_uppercase()),
                        Filter::Lower => out.push_str(&v.to_lowercase()),
                        Filter::Title => {
                            let mut chars = v.chars();
                            if let Some(c) = chars.next() {
                                out.extend(c.to_uppercase());
                                out.push_str(chars.as_str());
                            }
                        }
                    }
                }
            }
        }
        if any_capture && !any_filled {
            return String::new();
        }
        out.trim().to_string()
    }
}

/// A claim an example expects, with its property resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub property: Property,
    pub subject: Option<String>,
    pub value: String,
    pub qualifiers: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub published: Option<Date>,
    pub claims: Vec<Expected>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct CounterExample {
    pub text: String,
    pub line: usize,
}

/// A validated, compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Arc<str>,
    pub property: Property,
    pub description: String,
    pub file: String,
    pub line: usize,
    /// The pattern as written.
    pub pattern: String,
    /// The pattern with `{{name}}`s expanded: what the engine runs.
    pub expanded: String,
    pub regex: Pattern,
    pub subject: Option<Template>,
    pub value: Template,
    pub qualifiers: Vec<(String, Template)>,
    pub split: Vec<String>,
    pub item: Option<Regex>,
    pub not_after: Option<Regex>,
    pub examples: Vec<Example>,
    pub counter_examples: Vec<CounterExample>,
}

/// Compiles one rule, or says everything that is wrong with it.
/// `windowed`: the prefilter searches the rule only in windows around its
/// words (see [`super::Prefilter::searches_windows`]), so the regex engine
/// need not look for them again.
pub fn compile_rule(
    raw: RawRule,
    file: &str,
    source: &str,
    lexicon: &Lexicon,
    windowed: bool,
    parsed: Option<&regex_syntax::hir::Hir>,
) -> Result<Rule, Vec<Error>> {
    let id = raw.id.get_ref().clone();
    let mut errors = Vec::new();
    let err = |span: std::ops::Range<usize>, message: String, hint: &str| Error::Rule {
        location: Location::at(file, source, span.start),
        rule: Some(id.clone()),
        message,
        hint: hint.to_string(),
    };

    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c))
    {
        errors.push(err(
            raw.id.span(),
            format!("rule id `{id}` is not of the form `family.what-it-reads`"),
            "use lower-case letters, digits, `-` and `.`",
        ));
    }

    let property = Property::parse(raw.property.get_ref());
    if property.is_none() {
        let known: Vec<&str> = Property::ALL.iter().map(|p| p.as_str()).collect();
        errors.push(err(
            raw.property.span(),
            format!("unknown property `{}`", raw.property.get_ref()),
            &format!(
                "{}use one of: {}",
                diagnose::did_you_mean(raw.property.get_ref(), known.iter().copied()),
                known.join(", ")
            ),
        ));
    }

    // A pattern (the rule's own, `item` or `not_after`): its `{{name}}`s
    // expanded, then compiled; each failure placed where it is.
    let expand = |p: &Spanned<String>, errors: &mut Vec<Error>| match lexicon.expand(p.get_ref()) {
        Ok(e) => Some(e),
        Err(message) => {
            errors.push(unknown_piece(p, &message, lexicon, file, source, &id));
            None
        }
    };
    let regex_of = |p: &Spanned<String>, expanded: &str, what: &str, errors: &mut Vec<Error>| {
        match RegexBuilder::new(expanded)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
        {
            Ok(r) => Some(r),
            Err(e) => {
                let (location, why) = diagnose::pattern_failure(file, source, p, &e);
                errors.push(Error::Rule {
                    location,
                    rule: Some(id.clone()),
                    message: format!("the {what} does not compile: {why}"),
                    hint: "check the regular expression at this place; the engine has no look-around or backreferences".into(),
                });
                None
            }
        }
    };
    let compile = |p: &Spanned<String>, what: &str, errors: &mut Vec<Error>| {
        let expanded = expand(p, errors)?;
        regex_of(p, &expanded, what, errors)
    };
    // The rule's own pattern, with the engine's literal search only when
    // the prefilter does not already search around the literals.
    let (regex, expanded) = expand(&raw.pattern, &mut errors)
        .and_then(|expanded| {
            // Parsed already for the prefilter, when it parses.
            let compiled = match parsed {
                Some(hir) => Pattern::from_hir(hir, !windowed),
                None => Pattern::new(&expanded, !windowed),
            };
            match compiled {
                Ok(p) => Some((p, expanded)),
                Err(e) => {
                    // The `regex` crate says where it fails, and why.
                    if regex_of(&raw.pattern, &expanded, "pattern", &mut errors).is_some() {
                        errors.push(err(
                            raw.pattern.span(),
                            format!("the pattern does not compile: {e}"),
                            "simplify the pattern",
                        ));
                    }
                    None
                }
            }
        })
        .unzip();
    let item = raw
        .item
        .as_ref()
        .and_then(|p| compile(p, "item pattern", &mut errors));
    let not_after = raw
        .not_after
        .as_ref()
        .and_then(|p| compile(p, "not_after pattern", &mut errors));
    if raw.item.is_some() && raw.split.is_empty() {
        errors.push(err(
            raw.id.span(),
            "`item` needs a `split` list to apply to".into(),
            "name the list capture in split = [\"...\"]",
        ));
    }

    let template =
        |t: Option<&Spanned<String>>, default: &str, errors: &mut Vec<Error>| -> Option<Template> {
            let (text, span) = match t {
                Some(s) => (s.get_ref().as_str(), s.span()),
                None => (default, raw.id.span()),
            };
            match Template::parse(text) {
                Ok(t) => Some(t),
                Err(m) => {
                    errors.push(err(span, m, "write captures as {name} or {name|upper}"));
                    None
                }
            }
        };
    let value = template(raw.value.as_ref(), "{value}", &mut errors);
    let subject = raw
        .subject
        .as_ref()
        .and_then(|s| template(Some(s), "", &mut errors));
    let mut qualifiers = Vec::new();
    for (key, t) in &raw.qualifiers {
        if !QUALIFIERS.contains(&key.as_str()) {
            errors.push(err(
                t.span(),
                format!("unknown qualifier `{key}`"),
                &format!(
                    "{}use one of: {}",
                    diagnose::did_you_mean(key, QUALIFIERS.iter().copied()),
                    QUALIFIERS.join(", ")
                ),
            ));
        }
        if let Some(t) = template(Some(t), "", &mut errors) {
            qualifiers.push((key.clone(), t));
        }
    }

    // Captures: every template capture exists, every capture has a use.
    if let (Some(regex), Some(value)) = (&regex, &value) {
        let mut names: BTreeSet<&str> = regex.capture_names().flatten().collect();
        if let Some(item) = &item {
            names.extend(item.capture_names().flatten());
        }
        let mut used: BTreeSet<&str> = BTreeSet::new();
        let mut unknown: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
        let templates = std::iter::once((
            value,
            raw.value.as_ref().map_or(raw.id.span(), |v| v.span()),
        ))
        .chain(subject.iter().zip(raw.subject.iter().map(|s| s.span())))
        .chain(
            qualifiers
                .iter()
                .map(|(k, t)| (t, raw.qualifiers[k].span())),
        );
        for (t, span) in templates {
            for name in t.captures() {
                used.insert(name);
                if !names.contains(name) {
                    unknown.push((name, span.clone()));
                }
            }
        }
        for s in &raw.split {
            used.insert(s.get_ref());
            if !names.contains(s.get_ref().as_str()) {
                errors.push(err(
                    s.span(),
                    format!(
                        "split names `{}`, which the pattern does not capture",
                        s.get_ref()
                    ),
                    "split takes names of the pattern's named captures",
                ));
            }
        }
        let unused: Vec<&str> = names.difference(&used).copied().collect();
        // A template naming a capture the pattern lacks usually leaves the
        // capture it meant unused: one mistake, said once, with the fix.
        for (name, span) in &unknown {
            let hint = match diagnose::closest(name, unused.iter().copied())
                .or_else(|| diagnose::closest(name, names.iter().copied()))
            {
                Some(c) => {
                    format!("did you mean `{{{c}}}`? or add `(?P<{name}>...)` to the pattern")
                }
                None if names.is_empty() => {
                    format!("add `(?P<{name}>...)` to the pattern; it has no named capture")
                }
                None => format!(
                    "add `(?P<{name}>...)` to the pattern, or use one of its captures: {}",
                    names.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            };
            errors.push(err(
                span.clone(),
                format!("`{{{name}}}` names a capture the pattern does not have"),
                &hint,
            ));
        }
        if unknown.is_empty() {
            for name in unused {
                errors.push(err(
                    capture_span(&raw.pattern, source, name),
                    format!("the capture `{name}` is never used"),
                    "use it in value, subject or a qualifier, or make the group non-capturing `(?:...)`",
                ));
            }
        }
    }

    if raw.examples.is_empty() {
        errors.push(err(
            raw.id.span(),
            "the rule has no examples".into(),
            "add [[rule.examples]] with a text and the claims it must give",
        ));
    }
    if raw.counter_examples.is_empty() {
        errors.push(err(
            raw.id.span(),
            "the rule has no counter-examples".into(),
            "add counter_examples = [\"a text that must give no claim\"]",
        ));
    }

    let mut examples = Vec::new();
    for ex in &raw.examples {
        let published = match &ex.published {
            None => None,
            Some(p) => match crate::values::parse_date(p, None) {
                Some(d) => Some(d),
                None => {
                    errors.push(err(
                        ex.text.span(),
                        format!("`published = \"{p}\"` is not a date"),
                        "write it as 2011-01-22",
                    ));
                    None
                }
            },
        };
        let mut claims = Vec::new();
        for c in &ex.claims {
            match expected(c, property) {
                Ok(e) => claims.push(e),
                // The rule's own unknown property is already said.
                Err(_) if c.property.is_none() => {}
                Err(m) => errors.push(err(
                    ex.text.span(),
                    m,
                    "an example's property is one of the contract's, as for a rule",
                )),
            }
        }
        claims.sort();
        examples.push(Example {
            text: ex.text.get_ref().clone(),
            published,
            claims,
            line: Location::at(file, source, ex.text.span().start).line,
        });
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(property), Some(regex), Some(value), Some(expanded)) =
        (property, regex, value, expanded)
    else {
        unreachable!("every missing piece pushed an error")
    };
    Ok(Rule {
        line: Location::at(file, source, raw.id.span().start).line,
        id: id.into(),
        property,
        description: raw.description,
        file: file.to_string(),
        pattern: raw.pattern.into_inner(),
        expanded,
        regex,
        subject,
        value,
        qualifiers,
        split: raw.split.into_iter().map(Spanned::into_inner).collect(),
        item,
        not_after,
        examples,
        counter_examples: raw
            .counter_examples
            .into_iter()
            .map(|c| CounterExample {
                line: Location::at(file, source, c.span().start).line,
                text: c.into_inner(),
            })
            .collect(),
    })
}

/// The error for a `{{name}}` the lexicon does not define, at that use in
/// the pattern when it is written there (not inside another piece).
fn unknown_piece(
    p: &Spanned<String>,
    message: &str,
    lexicon: &Lexicon,
    file: &str,
    source: &str,
    id: &str,
) -> Error {
    let pattern = p.get_ref();
    let known = |n: &str| lexicon.lists.contains_key(n) || lexicon.patterns.contains_key(n);
    let mut at = None;
    let mut from = 0;
    while let Some(open) = pattern[from..].find("{{").map(|o| o + from) {
        let Some(close) = pattern[open..].find("}}").map(|c| c + open) else {
            at = Some((open, None));
            break;
        };
        let name = pattern[open + 2..close].trim();
        if !known(name) {
            at = Some((open, Some(name)));
            break;
        }
        from = close + 2;
    }
    let (start, exact) = diagnose::string_start(source, p.span(), pattern);
    let offset = match at {
        Some((o, _)) if exact => start + o,
        _ => p.span().start,
    };
    let names = lexicon
        .lists
        .keys()
        .chain(lexicon.patterns.keys())
        .map(String::as_str);
    let hint = match at {
        Some((_, Some(name))) => format!(
            "{}define it under [lists] or [patterns] in rules/lexicon.toml",
            diagnose::did_you_mean(name, names)
        ),
        _ => "close it with `}}`, or define the name under [lists] or [patterns] in rules/lexicon.toml"
            .to_string(),
    };
    Error::Rule {
        location: Location::at(file, source, offset),
        rule: Some(id.to_string()),
        message: message.to_string(),
        hint,
    }
}

/// Where the capture `name` is opened in the pattern, or the pattern's
/// start when the pattern's text cannot be mapped to the file.
fn capture_span(pattern: &Spanned<String>, source: &str, name: &str) -> std::ops::Range<usize> {
    let text = pattern.get_ref();
    let (start, exact) = diagnose::string_start(source, pattern.span(), text);
    match text
        .find(&format!("(?P<{name}>"))
        .or_else(|| text.find(&format!("(?<{name}>")))
    {
        Some(o) if exact => start + o..start + o,
        _ => pattern.span(),
    }
}

fn expected(raw: &RawExpected, default: Option<Property>) -> Result<Expected, String> {
    let property = match &raw.property {
        Some(p) => {
            Property::parse(p).ok_or_else(|| format!("an example names unknown property `{p}`"))?
        }
        None => default.ok_or("the rule's property is unknown")?,
    };
    Ok(Expected {
        property,
        subject: raw.subject.clone(),
        value: raw.value.clone(),
        qualifiers: raw.qualifiers.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_captures_and_drop_when_empty() {
        let t = Template::parse("{month} {day}, {year}").unwrap();
        let caps = |n: &str| match n {
            "month" => Some("May"),
            "day" => Some("3"),
            _ => None,
        };
        assert_eq!(t.render(caps), "May 3,");
        let t = Template::parse("{place|title}").unwrap();
        assert_eq!(t.render(|_| None), "");
        assert_eq!(t.render(|_| Some("russia")), "Russia");
        assert_eq!(
            Template::parse("premiere").unwrap().render(|_| None),
            "premiere"
        );
        assert!(Template::parse("{a|shout}").is_err());
        assert!(Template::parse("{a").is_err());
    }
}
