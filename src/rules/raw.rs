//! The shape of a rule file as its author writes it. Nothing here is
//! checked beyond TOML syntax and field names (`deny_unknown_fields`); the
//! checks that need the whole rule (does the regex compile, does every
//! capture have a use) happen in `compile.rs`. The doc comment on each field
//! is the rule author's documentation.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One file of `rules/`. A family file holds `[[rule]]`s; `lexicon.toml`
/// holds the shared word lists and patterns; `page.toml` the page furniture.
/// Any file may hold any section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub rule: Vec<RawRule>,
    /// Relation frames: rules over the names of a review (see
    /// `crate::frames`).
    #[serde(default)]
    pub frame: Vec<crate::frames::RawFrame>,
    /// Word lists, used in patterns as `{{name}}`: matches any of the words.
    #[serde(default)]
    pub lists: BTreeMap<String, Spanned<Vec<String>>>,
    /// Named pattern pieces, used in patterns as `{{name}}`. They may use
    /// lists and other pieces, and must not hold named captures.
    #[serde(default)]
    pub patterns: BTreeMap<String, Spanned<String>>,
    /// Certificate systems and the certificates each issues, so a rating
    /// whose system the review does not name gets it when only one system
    /// has that certificate.
    #[serde(default)]
    pub certificate_systems: BTreeMap<String, Vec<String>>,
    /// The country whose releases a certificate system rates: a review
    /// that rates the film by one system only is written for that country,
    /// and a release it gives without a place is that country's.
    #[serde(default)]
    pub certificate_countries: BTreeMap<String, String>,
    /// What is not the reviewer's own text on a web page.
    #[serde(default)]
    pub page: Option<RawPage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    /// A whole line (trimmed) that is navigation or gallery furniture.
    pub navigation: Vec<Spanned<String>>,
    /// A line (trimmed) that opens a block of links to other pages; the
    /// block runs to the next blank line.
    #[serde(default)]
    pub sidebar_start: Vec<Spanned<String>>,
    /// A line (trimmed) that opens the reader comments.
    pub comments_start: Vec<Spanned<String>>,
    /// A line that names a commenter (as a numbered item); it opens the
    /// comments when an indented paragraph follows it.
    pub comment_author: Vec<Spanned<String>>,
    /// A line (trimmed) that is the review's own date, with the date in a
    /// capture named `date`.
    pub publication_date: Vec<Spanned<String>>,
    /// How many non-blank lines from the top a publication date may be on.
    pub date_line_window: usize,
    /// A short line near the top that states the film's title, with it in a
    /// capture named `title`: how a review says which film it is about
    /// when neither its folder nor a `film:` line does.
    #[serde(default)]
    pub film_title: Vec<Spanned<String>>,
}

/// A rule: where in a review a fact is stated and how to read it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Unique id, `family.what-it-reads`, e.g. `runtime.runs-for`.
    pub id: Spanned<String>,
    /// One of the contract's properties: `director`, `cast`, `runtime`, ...
    pub property: Spanned<String>,
    /// What the rule reads, in a sentence, for people reading rule output.
    pub description: String,
    /// A regular expression over the folded text (straight quotes, `-` for
    /// dashes, no accents). Named captures carry the words; `{{name}}` uses
    /// a list or pattern of the lexicon. The engine is linear-time: no
    /// look-around, no backreferences.
    pub pattern: Spanned<String>,
    /// Template for the subject, e.g. `"{character}"`. None: the film.
    #[serde(default)]
    pub subject: Option<Spanned<String>>,
    /// Template for the value; `{name}` inserts a capture, `{name|upper}`,
    /// `{name|lower}` or `{name|title}` changes its case. Default `{value}`.
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    /// Qualifier templates, e.g. `event = "premiere"`, `place = "{place}"`.
    /// A qualifier whose template comes out empty is left off.
    #[serde(default)]
    pub qualifiers: BTreeMap<String, Spanned<String>>,
    /// Captures that hold lists ("Russia and Belgium", "A, B and C"): each is
    /// split at commas and "and", and one claim is made per item. Several
    /// lists are paired item by item ("respectively"); a list of one item
    /// goes with every item of the others.
    #[serde(default)]
    pub split: Vec<Spanned<String>>,
    /// A pattern each item of the first `split` list must match; its named
    /// captures join the rule's. For lists of pairs: "A (Kathy), B (Ruth)".
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    /// A pattern that, when it matches the text just before the match (on
    /// the same line, up to 300 bytes), cancels it: `a movie starring ...`
    /// is another film. The engine has no look-behind; this is its place.
    #[serde(default)]
    pub not_after: Option<Spanned<String>>,
    /// Texts and the exact claims the rule must make from each.
    #[serde(default)]
    pub examples: Vec<RawExample>,
    /// Texts from which the rule must make no claim.
    #[serde(default)]
    pub counter_examples: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: Spanned<String>,
    /// The review's publication date, for examples with relative dates.
    #[serde(default)]
    pub published: Option<String>,
    pub claims: Vec<RawExpected>,
}

/// A claim an example must produce. `property` defaults to the rule's.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawExpected {
    #[serde(default)]
    pub property: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    pub value: String,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, String>,
}
