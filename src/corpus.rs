//! Reading a corpus: many review files, extracted in parallel (rayon),
//! delivered in the order the files were found whatever the number of
//! threads, and, for streaming output, a few at a time so memory holds a
//! window of reviews rather than the corpus.
//!
//! A review's claims depend on nothing else, so the work splits by file,
//! in batches of consecutive files that a thread extracts together (rule by
//! rule, which keeps each rule's search state in the caches; see
//! [`crate::extract::extract_batch`]); `collect` on an indexed parallel
//! iterator keeps the input order, which is what makes the output the same
//! bytes with one thread or many. `RAYON_NUM_THREADS` sets the number of
//! threads.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use rayon::prelude::*;

use crate::error::Error;
use crate::input::{self, Found, ReviewFile};
use crate::model::ReviewClaims;
use crate::progress::Progress;
use crate::rules::RuleSet;

/// How many reviews a streaming run has in hand at once, per thread: two
/// batches (see [`batch_size`]), enough to keep every thread busy while
/// the output catches up, and to let the others run on past one slow
/// batch.
pub const WINDOW_PER_THREAD: usize = 2 * crate::extract::BATCH;

/// How many reviews a thread reads together (see
/// [`crate::extract::extract_batch`]): [`crate::extract::BATCH`], or
/// fewer when the corpus is small, so that every thread still gets some.
pub fn batch_size(reviews: usize, threads: usize) -> usize {
    reviews
        .div_ceil(threads.max(1) * 4)
        .clamp(1, crate::extract::BATCH)
}

/// Reads and extracts one review found on disk. Its folder's film, when the
/// layout names one, comes before what the review itself says.
pub fn read_found(found: &Found, rules: &RuleSet) -> Result<ReviewClaims, Error> {
    let mut one = read_found_batch(std::slice::from_ref(found), rules);
    one.pop().expect("one review in, one out")
}

/// A review's film is its folder's, when the layout names one, before
/// what the review itself says.
fn folder_first(found: &Found, review: &mut ReviewClaims) {
    if found.folder_film.is_some() {
        review.film = found.folder_film.clone();
    }
}

/// [`read_found`] with the captures that made each claim, for `claims
/// --explain`.
pub fn explain_found(
    found: &Found,
    rules: &RuleSet,
) -> Result<(ReviewClaims, Vec<crate::extract::Explained>), Error> {
    let file = input::read_review(&found.path)?;
    let (mut review, explained) = crate::explain_unsettled(&file, rules);
    folder_first(found, &mut review);
    Ok((review, explained))
}

/// How much review text [`read_found_batch`] holds at once: a batch whose
/// files come to more is extracted in parts, so that a corpus of huge
/// files costs a thread one part's memory, not a whole batch's.
/// Reviews of usual size (a few KB) never reach it.
pub const BATCH_BYTES: usize = 1 << 20;

/// [`read_found`] for each review of a batch, in order, extracted together
/// (see [`crate::read_claims_batch`]) up to [`BATCH_BYTES`] of text at a
/// time.
pub fn read_found_batch(found: &[Found], rules: &RuleSet) -> Vec<Result<ReviewClaims, Error>> {
    let mut out: Vec<Option<Result<ReviewClaims, Error>>> = Vec::with_capacity(found.len());
    // Files read and not yet extracted, with their place in `out`.
    let mut part: Vec<(usize, ReviewFile)> = Vec::new();
    let mut bytes = 0;
    let extract = |part: &mut Vec<(usize, ReviewFile)>, out: &mut [Option<_>]| {
        let (places, files): (Vec<usize>, Vec<ReviewFile>) = part.drain(..).unzip();
        // A review in a film's folder is that film's, whatever its text
        // says (see [`folder_first`]).
        let known: Vec<bool> = places
            .iter()
            .map(|&i| found[i].folder_film.is_some())
            .collect();
        for (i, mut review) in places
            .into_iter()
            .zip(crate::read_owned_batch(files, &known, rules))
        {
            folder_first(&found[i], &mut review);
            out[i] = Some(Ok(review));
        }
    };
    for (i, f) in found.iter().enumerate() {
        match input::read_review(&f.path) {
            Ok(file) => {
                bytes += file.text.len();
                part.push((i, file));
                out.push(None);
            }
            Err(e) => out.push(Some(Err(e))),
        }
        if bytes >= BATCH_BYTES {
            extract(&mut part, &mut out);
            bytes = 0;
        }
    }
    extract(&mut part, &mut out);
    out.into_iter()
        .map(|r| r.expect("every file read is extracted"))
        .collect()
}

/// Every review found, read in parallel, in order; the files that could not
/// be read come back as errors in the same order.
pub fn read_all(
    found: &[Found],
    rules: &RuleSet,
    progress: &Progress,
) -> Vec<Result<ReviewClaims, Error>> {
    let batch = batch_size(found.len(), rayon::current_num_threads());
    found
        .par_chunks(batch)
        .flat_map_iter(|chunk| {
            let read = read_found_batch(chunk, rules);
            progress.add(chunk.len());
            read
        })
        .collect()
}

/// What [`stream`]'s workers wait on: how many reviews have been handed
/// on, whether to stop, and how many workers wait (none: no one to wake).
#[derive(Default)]
struct Gate {
    handed: usize,
    stop: bool,
    waiting: usize,
}

/// Sets the stop flag of [`stream`]'s gate when its thread unwinds.
struct StopOnPanic<'a>(&'a Mutex<Gate>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
            self.1.notify_all();
        }
    }
}

/// Reads the reviews on every thread and hands each, in the order found,
/// to `each` (with whether the next one is ready too); stops at the first
/// error `each` returns.
///
/// Reviews are read a batch at a time (see [`batch_size`]), extracted
/// together and passed one by one through `prepare` (the output's own
/// work, such as rendering it) on whichever thread took the batch: the
/// calling thread is one of the workers, and between two batches of its
/// own it hands on, in order, the reviews that are ready, so output never
/// waits for the corpus and no thread sits idle waiting for output.
/// Batches are taken in order from a shared counter, and none is started
/// that would end more than [`WINDOW_PER_THREAD`] reviews per thread past
/// the last one handed on: memory holds a window of reviews, not the
/// corpus, however slow one review is.
pub fn stream<T: Send, E>(
    found: &[Found],
    rules: &RuleSet,
    progress: &Progress,
    prepare: impl Fn(Result<ReviewClaims, Error>) -> T + Sync,
    mut each: impl FnMut(T, bool) -> Result<(), E>,
) -> Result<(), E> {
    let threads = rayon::current_num_threads().max(1);
    let window = WINDOW_PER_THREAD * threads;
    let batch = batch_size(found.len(), threads);
    let batches = found.len().div_ceil(batch);
    // The reviews of batch `k`.
    let range = |k: usize| k * batch..((k + 1) * batch).min(found.len());
    let next = AtomicUsize::new(0);
    let gate = Mutex::new(Gate::default());
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, Vec<T>)>();
    let work = |k: usize| {
        let reviews = range(k);
        let first = reviews.start;
        let read = read_found_batch(&found[reviews], rules);
        progress.add(read.len());
        (first, read.into_iter().map(&prepare).collect::<Vec<T>>())
    };
    let mut outcome = Ok(());
    rayon::in_place_scope(|s| {
        let _stop = StopOnPanic(&gate, &moved);
        for _ in 0..(threads - 1).min(batches) {
            let tx = tx.clone();
            let (next, gate, moved, work, range) = (&next, &gate, &moved, &work, &range);
            s.spawn(move |_| {
                // A worker that panics stops the others, so that the
                // output loop ends and the scope passes the panic on.
                let _stop = StopOnPanic(gate, moved);
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= batches {
                        break;
                    }
                    {
                        let mut g = gate.lock().unwrap_or_else(PoisonError::into_inner);
                        while !g.stop && range(k).end > g.handed + window {
                            g.waiting += 1;
                            g = moved.wait(g).unwrap_or_else(PoisonError::into_inner);
                            g.waiting -= 1;
                        }
                        if g.stop {
                            break;
                        }
                    }
                    if tx.send(work(k)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Reviews that came before their turn wait here, in a ring indexed
        // by position: at most a window of them.
        let mut waiting: VecDeque<Option<T>> = VecDeque::new();
        let put = |waiting: &mut VecDeque<Option<T>>,
                   (first, prepared): (usize, Vec<T>),
                   handed: usize| {
            let last = first + prepared.len() - handed;
            if waiting.len() < last {
                waiting.resize_with(last, || None);
            }
            for (slot, p) in waiting.range_mut(first - handed..last).zip(prepared) {
                *slot = Some(p);
            }
        };
        let mut handed = 0;
        'output: loop {
            while let Ok(done) = rx.try_recv() {
                put(&mut waiting, done, handed);
            }
            while let Some(Some(_)) = waiting.front() {
                let Some(Some(ready)) = waiting.pop_front() else {
                    break;
                };
                handed += 1;
                let mut g = gate.lock().unwrap_or_else(PoisonError::into_inner);
                g.handed = handed;
                if g.waiting > 0 {
                    moved.notify_all();
                }
                drop(g);
                let more = matches!(waiting.front(), Some(Some(_)));
                if let Err(e) = each(ready, more) {
                    outcome = Err(e);
                    break 'output;
                }
            }
            if handed == found.len() {
                break;
            }
            // A batch of our own, when one is left within the window.
            let k = next.load(Ordering::Relaxed);
            if k < batches
                && range(k).end <= handed + window
                && next
                    .compare_exchange(k, k + 1, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                put(&mut waiting, work(k), handed);
                continue;
            }
            // Else the next one to hand on is a worker's: wait for it.
            match rx.recv() {
                Ok(done) => put(&mut waiting, done, handed),
                Err(_) => break,
            }
        }
        gate.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
        moved.notify_all();
        drop(rx);
    });
    outcome
}
