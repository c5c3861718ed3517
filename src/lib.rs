//! concord reads many reviews of the same film and tells you where they
//! agree and where they contradict each other.
//!
//! # The pipeline
//!
//! 1. **Read** ([`input`], [`decode`], [`text`], [`html`]): a review's bytes
//!    become text (UTF-8, or Windows-1252 said so); a folded copy (straight
//!    quotes, no accents, no HTML markup) is what rules match, with a map
//!    back to the original bytes ([`offsets`]). Page furniture is told apart
//!    from the review: navigation, repeated captions, the publication date
//!    line, reader comments. A file that cannot be read is named and
//!    skipped; it never costs the others.
//! 2. **Extract** ([`rules`], [`extract`], [`values`]): rules kept as data in
//!    `rules/*.toml` find statements ("runs for 103 minutes"), and the value
//!    parsers read them into typed [`model::Claim`]s, each with its file,
//!    byte span, quoted words and rule id.
//! 3. **Link** ([`resolve`], [`link`]): claims of different reviews about the
//!    same thing meet in one graph: the same person spelt two ways, a
//!    character by a short and a long name, "1 hour 43 minutes" and "103
//!    minutes".
//! 4. **Reconcile** ([`reconcile`], [`compare`]): each fact slot gets a verdict:
//!    agreement, compatible, variant, contradiction, or single.
//! 5. **Render** ([`render`]): claims, reports and rule checks as Markdown
//!    for people and JSON for programs.
//!
//! [`cli`] wires the steps to the `concord` command; `main.rs` only calls it.

pub mod cli;
pub mod compare;
pub mod decode;
pub mod error;
pub mod extract;
pub mod html;
pub mod input;
pub mod link;
pub mod model;
pub mod numbers;
pub mod offsets;
pub mod quantity;
pub mod reconcile;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod text;
pub mod values;
pub mod verify;

use std::path::PathBuf;

use error::Error;
use input::ReviewFile;
use model::{ReadNote, ReviewClaims};
use rules::RuleSet;
use text::Document;

/// The claims of one review, with notes on how it was read.
pub fn read_claims(file: &ReviewFile, rules: &RuleSet) -> ReviewClaims {
    let doc = Document::decoded(file.text.clone(), file.decoding.clone(), &rules.page);
    let (claims, capped) = extract::extract_capped(&doc, &file.source, rules);
    let mut notes = file.notes.clone();
    if doc.html {
        notes.push(ReadNote::Note(
            "read as an HTML page: the text between its tags is read; tags, comments, scripts \
             and styles are not"
                .into(),
        ));
    }
    if capped {
        notes.push(ReadNote::Warning(format!(
            "more than {max} claims (a data dump, or many reviews in one file?); only the first \
             {max} are kept",
            max = extract::MAX_CLAIMS
        )));
    }
    ReviewClaims {
        source: file.source.clone(),
        published: doc.published.map(|d| d.to_string()),
        claims,
        notes,
    }
}

/// Every review under `paths`, read and extracted, and every path that
/// could not be read (the run goes on without it). How each review was read
/// is in its [`ReviewClaims::notes`].
pub fn read_corpus(paths: &[PathBuf], rules: &RuleSet) -> (Vec<ReviewClaims>, Vec<Error>) {
    let (files, mut problems) = input::find_reviews(paths);
    let mut reviews = Vec::with_capacity(files.len());
    for path in files {
        match input::read_review(&path) {
            Ok(file) => reviews.push(read_claims(&file, rules)),
            Err(e) => problems.push(e),
        }
    }
    (reviews, problems)
}

/// The consistency report of a corpus.
pub fn report(reviews: &[ReviewClaims], rules: &RuleSet) -> render::report::Report {
    let claims: Vec<&model::Claim> = reviews.iter().flat_map(|r| &r.claims).collect();
    let linked = link::link(&claims, &rules.lexicon);
    let findings = reconcile::reconcile(&linked, &rules.lexicon);
    let comment_claims = claims.iter().filter(|c| c.is_comment()).count();
    render::report::Report {
        sources: reviews.iter().map(|r| r.source.clone()).collect(),
        summary: render::report::Summary::of(
            reviews.len(),
            claims.len(),
            comment_claims,
            &findings,
        ),
        findings,
    }
}
