//! Reading a corpus: many review files, extracted in parallel (rayon),
//! delivered in the order the files were found whatever the number of
//! threads, and, for streaming output, a few at a time so memory holds a
//! window of reviews rather than the corpus.
//!
//! Each file is read and extracted on its own (a review's claims depend on
//! nothing else), so the work splits by file; `collect` on an indexed
//! parallel iterator keeps the input order, which is what makes the output
//! the same bytes with one thread or many. `RAYON_NUM_THREADS` sets the
//! number of threads.

use rayon::prelude::*;

use crate::error::Error;
use crate::input::{self, Found};
use crate::model::ReviewClaims;
use crate::progress::Progress;
use crate::rules::RuleSet;

/// How many reviews a streaming run has in hand at once, per thread: enough
/// to keep every thread busy while the output catches up.
const WINDOW_PER_THREAD: usize = 16;

/// Reads and extracts one review found on disk. Its folder's film, when the
/// layout names one, comes before what the review itself says.
pub fn read_found(found: &Found, rules: &RuleSet) -> Result<ReviewClaims, Error> {
    let file = input::read_review(&found.path)?;
    let mut review = crate::read_claims(&file, rules);
    if found.folder_film.is_some() {
        review.film = found.folder_film.clone();
    }
    Ok(review)
}

/// Every review found, read in parallel, in order; the files that could not
/// be read come back as errors in the same order.
pub fn read_all(
    found: &[Found],
    rules: &RuleSet,
    progress: &Progress,
) -> Vec<Result<ReviewClaims, Error>> {
    found
        .par_iter()
        .map(|f| {
            let r = read_found(f, rules);
            progress.inc();
            r
        })
        .collect()
}

/// Reads the reviews a window at a time and hands each to `each` in order,
/// as soon as its window is done; stops at the first error `each` returns.
pub fn stream<E>(
    found: &[Found],
    rules: &RuleSet,
    progress: &Progress,
    mut each: impl FnMut(Result<ReviewClaims, Error>) -> Result<(), E>,
) -> Result<(), E> {
    let window = WINDOW_PER_THREAD * rayon::current_num_threads().max(1);
    for chunk in found.chunks(window) {
        for r in read_all(chunk, rules, progress) {
            each(r)?;
        }
    }
    Ok(())
}
