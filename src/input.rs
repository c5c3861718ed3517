//! Finding and reading reviews. A path is a review file or a folder of them
//! (`*.txt`, `*.md`, recursively, in sorted order), or `-`: a list of such
//! paths on stdin, one a line. A file that cannot be read is an
//! [`Error::Input`] with its path and the reason, never the end of the run:
//! the other reviews are still read. Finding a review also notes the film
//! its folder names, when the layout names one (see [`crate::film`]).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A review's text as read, and the name it goes by in claims.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    pub source: String,
    pub text: String,
}

/// How big a review may be before concord declines it. Reviews are a few
/// kilobytes; a file this size is a data dump or a mistake.
pub const MAX_REVIEW_BYTES: u64 = 64 << 20;

fn is_review(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Error>, depth: usize) {
    if depth > 32 {
        problems.push(Error::Input {
            path: dir.to_path_buf(),
            message: "folders nest too deep (a link loop?); skipped".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Error::Input {
                path: dir.to_path_buf(),
                message: format!("cannot read the folder: {e}; skipped"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, problems, depth + 1);
        } else if is_review(&p) {
            out.push(p);
        }
    }
}

/// A review file found, and the film its folder names, if the layout
/// names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub folder_film: Option<String>,
}

/// A folder's own name, also for `.` and `..`.
fn folder_name(dir: &Path) -> Option<String> {
    let named = dir.file_name().is_some_and(|n| n != "." && n != "..");
    let dir = if named {
        dir.to_path_buf()
    } else {
        dir.canonicalize().ok()?
    };
    dir.file_name().map(|n| n.to_string_lossy().to_string())
}

/// The review files named by `paths`, in order, each with the film its
/// folder names, and the paths that could not be used. A review in a
/// subfolder of a folder given is that subfolder's film; a folder given
/// that holds reviews and no subfolder of reviews is one film; a file
/// named on its own, or loose beside film folders, has no folder film.
pub fn find(paths: &[PathBuf]) -> (Vec<Found>, Vec<Error>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &mut problems, 0);
            if files.is_empty() {
                problems.push(Error::Input {
                    path: path.clone(),
                    message: "the folder holds no review (*.txt or *.md)".into(),
                });
            }
            let nested = files.iter().any(|f| f.parent() != Some(path.as_path()));
            let own = if nested { None } else { folder_name(path) };
            for f in files {
                let folder_film = match f.parent() {
                    Some(parent) if parent != path.as_path() => folder_name(parent),
                    _ => own.clone(),
                };
                found.push(Found {
                    path: f,
                    folder_film,
                });
            }
        } else if path.exists() {
            found.push(Found {
                path: path.clone(),
                folder_film: None,
            });
        } else {
            problems.push(Error::Input {
                path: path.clone(),
                message: "no such file or folder".into(),
            });
        }
    }
    (found, problems)
}

/// The review files named by `paths`, in order, and the paths that could not
/// be used.
pub fn find_reviews(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let (found, problems) = find(paths);
    (found.into_iter().map(|f| f.path).collect(), problems)
}

/// `paths` with every `-` replaced by the paths listed on `stdin`, one a
/// line (blank lines skipped), as `find . -name '*.txt' | concord report -`
/// gives them.
pub fn expand_stdin(paths: &[PathBuf], stdin: impl BufRead) -> Result<Vec<PathBuf>, Error> {
    if !paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(paths.to_vec());
    }
    let mut listed = Vec::new();
    for line in stdin.lines() {
        let line = line.map_err(|e| Error::Input {
            path: PathBuf::from("-"),
            message: format!("cannot read the list of files on stdin: {e}"),
        })?;
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            listed.push(PathBuf::from(line));
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.append(&mut listed);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Reads one review, or says why it cannot be read.
pub fn read_review(path: &Path) -> Result<ReviewFile, Error> {
    let fail = |message: String| Error::Input {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}; skipped")))?;
    if meta.len() > MAX_REVIEW_BYTES {
        return Err(fail(format!(
            "{} MB is larger than a review can be ({} MB); skipped",
            meta.len() >> 20,
            MAX_REVIEW_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}; skipped")))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fail("the file is empty; skipped".into()));
    }
    if bytes.contains(&0) {
        return Err(fail(
            "the file is binary (it holds NUL bytes), not a review; skipped".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the file is not UTF-8 text (bad byte at offset {}); save it as UTF-8; skipped",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(ReviewFile {
        source: path.display().to_string(),
        text,
    })
}
