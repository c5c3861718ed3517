//! Which film a review is about, so that a corpus of many films is
//! reconciled film by film and claims of two films never meet.
//!
//! Three witnesses, in this order of trust; the first that answers wins:
//!
//! 1. **The folder.** Reviews laid out a folder per film are that folder's
//!    film: a review found under a folder given on the command line, in a
//!    subfolder of it, belongs to the folder that holds it
//!    (`corpus/arrival/*.txt` is *arrival*). A folder given that holds
//!    reviews and no subfolder of reviews is one film itself: an editor's
//!    folder of twenty reviews is one film, whatever each says. The folder
//!    is trusted first because someone put the file there on purpose.
//! 2. **A `film:` line** at the top of the file (front matter such as
//!    `film: Arrival (2016)`, alone or between `---` lines): the review's own
//!    metadata, written by whoever published it. It is page furniture, not
//!    the reviewer's words: no claim comes from it.
//! 3. **The title the review states**: a short line among the first few,
//!    read by the `film_title` patterns of `rules/page.toml` ("Never Let Me Go
//!    (2010)", "'Argo' Review: ...", "FILM REVIEW: MOONLIGHT"). A guess from
//!    the page's headline, so it comes last.
//!
//! Files named one by one (on the command line or in a list on stdin) have
//! no folder witness, and a file loose beside film folders neither. A review
//! no witness names joins the film the other reviews name, when they all
//! name one; otherwise the reviews no witness names are one film together.
//!
//! Films are told apart by a [`key`] (folded, lower case, punctuation and a
//! trailing year dropped), so the folder `never-let-me-go` and the title
//! "Never Let Me Go (2010)" are one film.

use std::collections::BTreeMap;

use crate::model::ReviewClaims;
use crate::text::{Document, LineKind, PageRules};

/// How many non-blank lines from the top a title may be on.
const TITLE_WINDOW: usize = 8;
/// A title line is a headline, not a paragraph.
const TITLE_LINE_MAX: usize = 150;
/// Headline words that name no film ("MOVIE REVIEW").
const NOT_TITLES: &[&str] = &["film", "films", "movie", "movies", "review", "reviews"];

/// The name a film is known by when no witness names it.
pub const UNKNOWN: &str = "unknown film";

/// What tells films apart: "Never Let Me Go (2010)", "never-let-me-go" and
/// "NEVER LET ME GO" are one key.
pub fn key(name: &str) -> String {
    let folded = crate::text::Folded::new(name).text.to_lowercase();
    // A year in brackets after the title is the film's date, not its name
    // (but "Blade Runner 2049" keeps its number).
    let mut base = folded.trim_end();
    if let Some(open) = base.rfind('(')
        && let Some(inner) = base[open + 1..].strip_suffix(')')
        && inner.len() == 4
        && inner.chars().all(|c| c.is_ascii_digit())
    {
        base = &base[..open];
    }
    base.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of a `film:` front-matter line, when `line` is one.
pub fn front_matter(line: &str) -> Option<&str> {
    let t = line.trim();
    let (k, v) = t.split_once(':')?;
    (k.trim().eq_ignore_ascii_case("film") && !v.trim().is_empty()).then(|| v.trim())
}

/// The film a review says it is about: its `film:` line, else the title
/// its first lines state.
pub fn stated(doc: &Document, page: &PageRules) -> Option<String> {
    let text = &doc.folded.text;
    let declared = doc
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::FrontMatter)
        .find_map(|l| {
            let (s, e) = doc.original_span(l.start, l.end);
            front_matter(&doc.original[s..e]).map(str::to_string)
        });
    if declared.is_some() {
        return declared;
    }
    let lines: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .take(TITLE_WINDOW)
        .map(|l| text[l.start..l.end].trim())
        .filter(|t| t.len() <= TITLE_LINE_MAX)
        .collect();
    for pattern in &page.film_title {
        for line in &lines {
            let Some(title) = pattern.captures(line).and_then(|c| c.name("title")) else {
                continue;
            };
            let title = title
                .as_str()
                .trim()
                .trim_end_matches([',', '.', ':', ';', '-'])
                .trim();
            let k = key(title);
            if !k.is_empty() && !NOT_TITLES.contains(&k.as_str()) {
                return Some(title.to_string());
            }
        }
    }
    None
}

/// The reviews of each film, films in the order of their keys; within a
/// film, reviews in corpus order. A film goes by the name its first review
/// gives it. Reviews no witness names join the film the others name when
/// they all name the same one (an editor's handful of reviews, a few of
/// which state the title); otherwise they are a film of their own,
/// [`UNKNOWN`].
pub fn group(reviews: &[ReviewClaims]) -> Vec<(String, Vec<&ReviewClaims>)> {
    let mut films: BTreeMap<String, (String, Vec<&ReviewClaims>)> = BTreeMap::new();
    for (r, name) in reviews.iter().zip(names(reviews)) {
        films
            .entry(key(name))
            .or_insert_with(|| (name.to_string(), Vec::new()))
            .1
            .push(r);
    }
    films.into_values().collect()
}

/// The film each review is counted under, as [`group`] counts it.
pub fn names(reviews: &[ReviewClaims]) -> Vec<&str> {
    let named: BTreeMap<String, &str> = reviews
        .iter()
        .filter_map(|r| r.film.as_deref())
        .map(|f| (key(f), f))
        .collect();
    let only = (named.len() == 1)
        .then(|| reviews.iter().find_map(|r| r.film.as_deref()))
        .flatten();
    reviews
        .iter()
        .map(|r| r.film.as_deref().or(only).unwrap_or(UNKNOWN))
        .collect()
}

/// Whether `name` (as a user types it after `--film`) is the film `film`.
pub fn is(name: &str, film: Option<&str>) -> bool {
    key(name) == key(film.unwrap_or(UNKNOWN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_punctuation_and_the_year() {
        assert_eq!(key("Never Let Me Go (2010)"), "never let me go");
        assert_eq!(key("never-let-me-go"), "never let me go");
        assert_eq!(key("NEVER LET ME GO"), "never let me go");
        assert_eq!(key("Blade Runner 2049"), "blade runner 2049");
    }

    #[test]
    fn front_matter_lines() {
        assert_eq!(front_matter("film: Arrival (2016)"), Some("Arrival (2016)"));
        assert_eq!(front_matter("Film : Argo"), Some("Argo"));
        assert_eq!(front_matter("filmed: in Malta"), None);
        assert_eq!(front_matter("film:"), None);
    }
}
