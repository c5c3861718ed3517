//! A progress bar on stderr for long runs (indicatif). It stays hidden
//! unless stderr is a terminal, and appears only once a run has taken a
//! couple of seconds: an editor's twenty reviews finish before it would
//! show, and a pipe or a CI log never sees it.
//!
//! The bar is drawn by the threads that read reviews, through its own
//! handle on the terminal (a duplicate of the stderr descriptor): `main`
//! holds the lock of `std::io::stderr()` for the whole run, and a bar drawn
//! through it would wait for that lock forever.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar shows.
const SHOW_AFTER: Duration = Duration::from_secs(2);

/// Stderr as a terminal of its own, not behind `std::io::stderr()`'s lock.
#[cfg(unix)]
fn stderr_target() -> ProgressDrawTarget {
    use std::os::fd::AsFd;
    let term = std::io::stderr()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|w| Ok((w.try_clone()?, w)));
    match term {
        Ok((r, w)) => ProgressDrawTarget::term(console::Term::read_write_pair(r, w), 10),
        Err(_) => ProgressDrawTarget::hidden(),
    }
}

#[cfg(not(unix))]
fn stderr_target() -> ProgressDrawTarget {
    ProgressDrawTarget::hidden()
}

#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar over `total` reviews, drawn only when `enabled` and stderr is a
    /// terminal.
    pub fn new(total: usize, enabled: bool) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} reading reviews {bar:40} {pos}/{len} ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// A progress that never shows: for library callers and tests.
    pub fn hidden() -> Progress {
        Progress::new(0, false)
    }

    /// One more review done.
    pub fn inc(&self) {
        self.add(1);
    }

    /// `n` more reviews done.
    pub fn add(&self, n: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.inc(n as u64);
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(stderr_target());
        }
    }

    /// Clears the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
