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
//!    for people and JSON for programs; the report also as one HTML page
//!    ([`render::html`]), which needs each review's own text besides its
//!    claims (read with [`read_files`], then [`read_claims`]).
//!
//! Contradictions that share a claim are one disagreement, which what
//! people read shows as one finding ([`disagreement`]).
//!
//! [`check`] runs steps 1 to 4 for one new review against a corpus (and a
//! trusted [`reference`](mod@reference)) and labels each of its claims.
//!
//! Beside the pipeline, [`verify`] runs every rule's own examples,
//! [`diff`] runs the whole pipeline twice, with an old and a new rule set,
//! to show what a rule change moves, and [`eval`] measures the claims,
//! findings and fact-checks against an annotated corpus.
//!
//! A corpus may hold many films: [`film`] says which film each review is
//! about (its folder, a `film:` line, or the title it states), and steps 3
//! and 4 run film by film, so claims of two films never meet. [`corpus`]
//! reads the reviews in parallel and in a stable order; when the output
//! streams, each review as soon as those before it are out, with at most a
//! window of reviews in hand; the rules' [`rules::prefilter`] keeps step 2
//! from running rules a review cannot match, and each thread runs step 2
//! on a batch of reviews at a time, rule by rule
//! ([`extract::extract_batch`]), so a rule's search state stays in the
//! processor's caches from one review to the next.
//!
//! [`cli`] wires the steps to the `concord` command; `main.rs` only calls it.
//! [`ruleset`] says which rule set a command runs (the built-in one,
//! `--rules DIR`, or `./rules` for the commands that work on rules).

pub mod check;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod decode;
pub mod diff;
pub mod disagreement;
pub mod entities;
pub mod error;
pub mod eval;
pub mod extract;
pub mod film;
pub mod frames;
pub mod html;
pub mod input;
pub mod link;
pub mod mentions;
pub mod model;
pub mod numbers;
pub mod offsets;
pub mod pathname;
pub mod progress;
pub mod quantity;
pub mod reconcile;
pub mod reference;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod ruleset;
pub mod text;
pub mod values;
pub mod verify;

use rayon::prelude::*;
use std::path::PathBuf;

use error::Error;
use input::ReviewFile;
use model::{ReadNote, ReviewClaims};
use rules::RuleSet;
use text::Document;

/// The claims of one review, with notes on how it was read.
pub fn read_claims(file: &ReviewFile, rules: &RuleSet) -> ReviewClaims {
    let mut one = read_claims_batch(std::slice::from_ref(file), rules);
    entities::settle(&mut one, rules);
    one.pop().expect("one review in, one out")
}

/// The claims of a review to check against a corpus: its names are read by
/// what the corpus's reviews say of them (`known`, their frames' evidence,
/// as [`ReviewClaims`] holds it before settling) as well as by its own.
pub fn read_checked(
    file: &ReviewFile,
    known: &[&frames::Evidence],
    rules: &RuleSet,
) -> ReviewClaims {
    let mut one = read_claims_batch(std::slice::from_ref(file), rules);
    entities::settle_film(&mut one, rules, known);
    one.pop().expect("one review in, one out")
}

/// The claims of each review of a batch, in order, as [`read_claims`]
/// gives them: the same claims, found faster together (see
/// [`extract::extract_batch`]; batches of [`extract::BATCH`] serve best).
pub fn read_claims_batch(files: &[ReviewFile], rules: &RuleSet) -> Vec<ReviewClaims> {
    read_owned_batch(files.to_vec(), &[], rules)
}

/// [`read_claims_batch`] of files it may keep (their text becomes the
/// reviews' own, not a copy). The reviews whose film is known apart (their
/// folder's) say so in `film_known` (by place; missing: not known): the
/// title their text states is not looked for, and their `film` is `None`.
pub(crate) fn read_owned_batch(
    files: Vec<ReviewFile>,
    film_known: &[bool],
    rules: &RuleSet,
) -> Vec<ReviewClaims> {
    read_batch(files, film_known, rules, false)
        .into_iter()
        .map(|(review, _)| review)
        .collect()
}

/// The claims of one review, each with the captures that made it, for
/// `concord claims --explain`: the claims [`read_claims`] gives.
pub fn explain_claims(
    file: &ReviewFile,
    rules: &RuleSet,
) -> (ReviewClaims, Vec<extract::Explained>) {
    let mut one = vec![explain_unsettled(file, rules)];
    entities::settle_explained(&mut one, rules);
    one.pop().expect("one review in, one out")
}

/// [`explain_claims`] before the review's entity table has settled the
/// claims of its frames (see [`entities::settle_explained`]).
pub(crate) fn explain_unsettled(
    file: &ReviewFile,
    rules: &RuleSet,
) -> (ReviewClaims, Vec<extract::Explained>) {
    let mut one = read_batch(vec![file.clone()], &[], rules, true);
    one.pop().expect("one review in, one out")
}

/// Each review of a batch read, with notes on how it was read, and, when
/// `explain` says so, its claims with the captures that made each.
fn read_batch(
    files: Vec<ReviewFile>,
    film_known: &[bool],
    rules: &RuleSet,
    explain: bool,
) -> Vec<(ReviewClaims, Vec<extract::Explained>)> {
    let mut rest = Vec::with_capacity(files.len());
    let mut paths = Vec::with_capacity(files.len());
    let docs: Vec<Document> = files
        .into_iter()
        .map(|f| {
            rest.push((f.source, f.notes));
            paths.push(f.path);
            Document::decoded(f.text, f.decoding, &rules.page)
        })
        .collect();
    let pairs: Vec<(&Document, &str)> = docs
        .iter()
        .zip(&rest)
        .map(|(d, (source, _))| (d, source.as_str()))
        .collect();
    let extracted = extract::extract_batch(&pairs, rules, explain);
    let mut paths = paths.into_iter();
    rest.into_iter()
        .zip(&docs)
        .zip(extracted)
        .enumerate()
        .map(|(i, (((source, mut notes), doc), (explained, capped)))| {
            if doc.html {
                notes.push(ReadNote::Note(
                    "read as an HTML page: the text between its tags is read; tags, comments, \
                     scripts and styles are not"
                        .into(),
                ));
            }
            if capped {
                notes.push(ReadNote::Warning(format!(
                    "more than {max} claims (a data dump, or many reviews in one file?); only \
                     the first {max} are kept",
                    max = extract::MAX_CLAIMS
                )));
            }
            let (claims, explained) = if explain {
                (
                    explained.iter().map(|e| e.claim.clone()).collect(),
                    explained,
                )
            } else {
                (explained.into_iter().map(|e| e.claim).collect(), Vec::new())
            };
            let known = film_known.get(i).copied().unwrap_or(false);
            let names = (!rules.frames.is_empty())
                .then(|| Box::new(frames::run(&rules.frames, doc, &rules.lexicon, false)));
            let review = ReviewClaims {
                source,
                path: paths.next().flatten(),
                published: doc.published.map(|d| d.to_string()),
                film: if known {
                    None
                } else {
                    film::stated(doc, &rules.page)
                },
                claims,
                notes,
                names,
            };
            (review, explained)
        })
        .collect()
}

/// Every review file under `paths`, read, and every file that could not be
/// read (the run goes on without it).
pub fn read_files(paths: &[PathBuf]) -> (Vec<ReviewFile>, Vec<Error>) {
    let (found, mut problems) = input::find(paths);
    let mut files = Vec::with_capacity(found.len());
    for f in found {
        match input::read_review(&f.path) {
            Ok(file) => files.push(file),
            Err(e) => problems.push(e),
        }
    }
    (files, problems)
}

/// Every review under `paths`, read and extracted (in parallel, in order),
/// and every path that could not be read (the run goes on without it). How
/// each review was read is in its [`ReviewClaims::notes`].
pub fn read_corpus(paths: &[PathBuf], rules: &RuleSet) -> (Vec<ReviewClaims>, Vec<Error>) {
    read_corpus_following(paths, rules, false)
}

/// [`read_corpus`], following symbolic links out of `paths` if `follow`
/// (see [`input::find_following`]).
pub fn read_corpus_following(
    paths: &[PathBuf],
    rules: &RuleSet,
    follow: bool,
) -> (Vec<ReviewClaims>, Vec<Error>) {
    let (found, mut problems) = input::find_following(paths, follow);
    let mut reviews = Vec::with_capacity(found.len());
    for r in corpus::read_all(&found, rules, &progress::Progress::hidden()) {
        match r {
            Ok(review) => reviews.push(review),
            Err(e) => problems.push(e),
        }
    }
    entities::settle(&mut reviews, rules);
    (reviews, problems)
}

/// Every review under `paths`, each read by `read`, one after the other,
/// and every file that could not be read.
pub fn read_corpus_with<T>(
    paths: &[PathBuf],
    read: impl FnMut(&ReviewFile) -> T,
) -> (Vec<T>, Vec<Error>) {
    let (files, problems) = read_files(paths);
    (files.iter().map(read).collect(), problems)
}

/// The consistency report of a corpus, film by film: each film's claims are
/// linked and reconciled on their own. With one film the report is that
/// film's; with several, every finding names its film and `films`
/// summarises each.
///
/// The order of `reviews` does not matter: the report takes them in the
/// order of their paths ([`input::source_order`]), as the command line
/// reads them, so its sources, its films' names and the page's columns are
/// the same whatever order the files came in.
///
/// A finding is about one fact slot; contradictions that share a claim are
/// one disagreement seen from several facts, and carry the same
/// `disagreement` number ([`disagreement::mark`]); what people read joins
/// them ([`disagreement::joined`]).
pub fn report(reviews: &[ReviewClaims], rules: &RuleSet) -> render::report::Report {
    use render::report::{FilmSummary, Report, Summary};
    let in_order = |a: &ReviewClaims, b: &ReviewClaims| input::source_order(&a.source, &b.source);
    if !reviews.is_sorted_by(|a, b| in_order(a, b).is_le()) {
        let mut sorted = reviews.to_vec();
        sorted.sort_by(in_order);
        return report(&sorted, rules);
    }
    let films = film::group(reviews);
    let several = films.len() > 1;
    // Each film is linked and reconciled on its own, on every core; the
    // results come back in the films' order.
    let per_film: Vec<(Vec<reconcile::Finding>, Option<FilmSummary>)> = films
        .into_par_iter()
        .map(|(name, members)| {
            let claims: Vec<&model::Claim> = members.iter().flat_map(|r| &r.claims).collect();
            let linked = link::link(&claims, &rules.lexicon);
            let mut found = reconcile::reconcile(&linked, &rules.lexicon);
            let comment_claims = claims.iter().filter(|c| c.is_comment()).count();
            let summary = several.then(|| {
                for f in &mut found {
                    f.film = Some(name.clone());
                }
                FilmSummary {
                    film: name,
                    sources: members.iter().map(|r| r.source.clone()).collect(),
                    summary: Summary::of(members.len(), claims.len(), comment_claims, &found),
                }
            });
            (found, summary)
        })
        .collect();
    let mut findings = Vec::new();
    let mut summaries = Vec::new();
    for (mut found, summary) in per_film {
        findings.append(&mut found);
        summaries.extend(summary);
    }
    disagreement::mark(&mut findings);
    let claims = reviews.iter().map(|r| r.claims.len()).sum();
    let comment_claims = reviews
        .iter()
        .flat_map(|r| &r.claims)
        .filter(|c| c.is_comment())
        .count();
    Report {
        sources: reviews.iter().map(|r| r.source.clone()).collect(),
        summary: Summary::of(reviews.len(), claims, comment_claims, &findings),
        findings,
        films: summaries,
    }
}
