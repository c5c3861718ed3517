//! Finding and reading reviews. A path is a review file or a folder of them
//! (`*.txt`, `*.md`, recursively, in sorted order), or `-`: a list of such
//! paths on stdin, one a line. Finding a review also notes the film its
//! folder names, when the layout names one (see [`crate::film`]).
//!
//! A folder from the wild can hold anything, and one bad file must never
//! cost the others: a file that cannot be read is an [`Error::Input`] with
//! its path and the reason, and the run goes on. What concord refuses, and
//! why:
//!
//! - a path that does not exist, a folder with no review, a symbolic link
//!   that leads nowhere or loops, a folder link back to a folder being read
//!   (it would be read forever), the same file reached twice (read once);
//! - a symbolic link in a folder that leads out of the paths given (a
//!   review folder holding `leak.txt -> /etc/passwd` would put that file in
//!   the HTML page), unless `--follow`;
//! - what is not a regular file (a FIFO would block the run, a device never
//!   end), and a file over [`MAX_REVIEW_BYTES`];
//! - an empty file or one of blank space only; a binary file; UTF-16 text;
//!   text in an encoding other than UTF-8 or Windows-1252 (see
//!   [`crate::decode`]).
//!
//! What it reads, and says how ([`ReadNote`]): Windows-1252 or mixed text,
//! a byte-order mark, CRLF or CR line endings, a line of megabytes. HTML
//! pages are told apart by the text layer ([`crate::text`]).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::decode::{Encoding, decode};
use crate::error::Error;
use crate::model::ReadNote;
use crate::offsets::OffsetMap;

/// A review's text as read, and the name it goes by in claims.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    /// The name it goes by: its path as [`crate::pathname::shown`] shows it.
    pub source: String,
    /// The file it was read from (none for a text made in memory), to read
    /// it again (the HTML page shows each review's own words).
    pub path: Option<PathBuf>,
    /// The text, decoded to UTF-8.
    pub text: String,
    /// From offsets in `text` back to the file's bytes (the identity for a
    /// UTF-8 file).
    pub decoding: OffsetMap,
    /// How the file was read, when out of the ordinary.
    pub notes: Vec<ReadNote>,
}

/// How big a review may be before concord declines it. Reviews are a few
/// kilobytes and a web page saved with its scripts a few megabytes; a file
/// this size is a data dump or a mistake, and reading it would cost the
/// rest of the corpus time and memory.
pub const MAX_REVIEW_BYTES: u64 = 16 << 20;

/// A line this long is worth a note: line numbers say little in it.
const LONG_LINE_BYTES: usize = 1 << 20;

/// How deep folders may nest under a path given on the command line.
const MAX_DEPTH: usize = 32;

impl ReviewFile {
    /// A review whose text is already UTF-8 (a test, a tool).
    pub fn new(source: impl Into<String>, text: impl Into<String>) -> ReviewFile {
        ReviewFile {
            source: source.into(),
            path: None,
            text: text.into(),
            decoding: OffsetMap::default(),
            notes: Vec::new(),
        }
    }

    /// A review from a file's bytes, or why they are not a review (without
    /// the path; the caller adds it).
    pub fn from_bytes(source: impl Into<String>, bytes: &[u8]) -> Result<ReviewFile, String> {
        if bytes.is_empty() {
            return Err("the file is empty".into());
        }
        let decoded = decode(bytes)?;
        let text = decoded.text;
        if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .is_empty()
        {
            return Err("the file holds only blank space".into());
        }
        let mut notes = Vec::new();
        match decoded.encoding {
            Encoding::Utf8 => {}
            Encoding::Windows1252 => notes.push(ReadNote::Warning(
                "read as Windows-1252 (Latin-1): the file is not UTF-8; claims quote the decoded \
                 words, and their spans are the file's bytes"
                    .into(),
            )),
            Encoding::MixedUtf8 { bytes, first } => notes.push(ReadNote::Warning(format!(
                "not valid UTF-8: {bytes} stray byte{} (the first at byte {first}) read as \
                 Windows-1252, the rest as UTF-8",
                if bytes == 1 { "" } else { "s" }
            ))),
        }
        let mut how = Vec::new();
        if text.starts_with('\u{FEFF}') {
            how.push("a UTF-8 byte-order mark".to_string());
        }
        if text.contains("\r\n") {
            how.push("Windows (CRLF) line endings".to_string());
        } else if text.contains('\r') {
            how.push("old Mac (CR) line endings".to_string());
        }
        let longest = text.split('\n').map(str::len).max().unwrap_or(0);
        if longest >= LONG_LINE_BYTES {
            how.push(format!("a line of {} MiB", longest >> 20));
        }
        if !how.is_empty() {
            notes.push(ReadNote::Note(format!("read with {}", how.join(" and "))));
        }
        Ok(ReviewFile {
            source: source.into(),
            path: None,
            text,
            decoding: decoded.map,
            notes,
        })
    }
}

fn is_review(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// An I/O error as a reason, in lower case.
fn reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// Why `path` cannot be opened: a link that leads nowhere says so.
fn cannot_open(path: &Path, e: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        format!(
            "a symbolic link that leads nowhere or loops ({})",
            reason(e)
        )
    } else {
        format!("cannot read it: {}", reason(e))
    }
}

/// A walk through the folders under the paths of one run.
#[derive(Debug, Default)]
struct Walk {
    /// The folders being read, outermost first (real paths).
    ancestors: Vec<PathBuf>,
    /// Every folder read so far (real paths): a folder reached again by a
    /// link is not read twice, so links cannot make the walk explode.
    visited: HashSet<PathBuf>,
    found: Vec<PathBuf>,
    problems: Vec<Error>,
    /// Whether a symbolic link was met: only links (or paths given twice)
    /// can make one file come up under two names.
    linked: bool,
    /// The paths given (real paths): a link found in a folder is followed
    /// only to a file or folder under one of them, unless `follow`.
    roots: Vec<PathBuf>,
    follow: bool,
}

impl Walk {
    /// Why the link `p` is not followed: it leads out of the paths given
    /// (a review folder holding `leak.txt -> /etc/passwd` must not put that
    /// file in a report), unless `follow`. A link that leads nowhere is
    /// left to reading, which says so.
    fn outside(&self, p: &Path) -> Option<Error> {
        if self.follow {
            return None;
        }
        let target = std::fs::canonicalize(p).ok()?;
        if self.roots.iter().any(|r| target.starts_with(r)) {
            return None;
        }
        Some(Error::Input {
            path: p.to_path_buf(),
            message: format!(
                "a symbolic link to {}, outside the paths given; skipped (--follow reads it)",
                crate::pathname::shown(&target)
            ),
        })
    }

    fn folder(&mut self, dir: &Path) {
        let skip = |message: String| Error::Input {
            path: dir.to_path_buf(),
            message: format!("{message}; skipped"),
        };
        let real = match std::fs::canonicalize(dir) {
            Ok(r) => r,
            Err(e) => {
                let problem = skip(format!("cannot read the folder: {}", reason(&e)));
                return self.problems.push(problem);
            }
        };
        if self.ancestors.contains(&real) {
            return self.problems.push(skip(format!(
                "a link back to {}, a folder being read (a link loop)",
                crate::pathname::shown(&real)
            )));
        }
        if !self.visited.insert(real.clone()) {
            // Read already, under another name.
            return;
        }
        if self.ancestors.len() >= MAX_DEPTH {
            let problem = skip(format!("folders nest more than {MAX_DEPTH} deep"));
            return self.problems.push(problem);
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let problem = skip(format!("cannot read the folder: {}", reason(&e)));
                return self.problems.push(problem);
            }
        };
        // What an entry is comes with the folder's listing; only a link
        // (or an entry the listing does not type) costs a look of its own.
        let mut paths: Vec<(PathBuf, Option<bool>)> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                let dir = e
                    .file_type()
                    .ok()
                    .filter(|t| !t.is_symlink())
                    .map(|t| t.is_dir());
                Some((e.path(), dir))
            })
            .collect();
        paths.sort();
        self.ancestors.push(real);
        for (p, dir) in paths {
            let dir = match dir {
                Some(dir) => dir,
                None => {
                    self.linked = true;
                    if let Some(problem) = self.outside(&p) {
                        self.problems.push(problem);
                        continue;
                    }
                    p.is_dir()
                }
            };
            if dir {
                self.folder(&p);
            } else if is_review(&p) {
                self.found.push(p);
            }
        }
        self.ancestors.pop();
    }
}

/// What tells one file from another: its device and inode where there
/// are such (a hard link is the same file too), else its real path.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// `items`, each file once: the same file by two names (a link, a path
/// given twice) is read once, under the first, since a review must not
/// agree with itself; each other name is a problem that says so. An item
/// whose file cannot be looked up stays (reading it says what is wrong).
fn once<T>(items: Vec<T>, path: impl Fn(&T) -> &Path, problems: &mut Vec<Error>) -> Vec<T> {
    let mut seen: HashMap<_, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let Some(id) = identity(path(&item)) else {
            kept.push(item);
            continue;
        };
        match seen.get(&id) {
            Some(first) => problems.push(Error::Input {
                path: path(&item).to_path_buf(),
                message: format!(
                    "the same file as {}; read once",
                    crate::pathname::shown(first)
                ),
            }),
            None => {
                seen.insert(id, path(&item).to_path_buf());
                kept.push(item);
            }
        }
    }
    kept
}

/// The review files named by `paths`, in order, each once, and the paths
/// that could not be used. A symbolic link found in a folder is followed
/// only where it leads under one of `paths` (see [`find_following`]).
pub fn find_reviews(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    walk(paths, paths, false)
}

/// [`find_reviews`] of `paths`, following links in folders only to
/// `roots`, or anywhere if `follow`.
fn walk(paths: &[PathBuf], roots: &[PathBuf], follow: bool) -> (Vec<PathBuf>, Vec<Error>) {
    let mut walk = Walk {
        roots: roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(r).ok())
            .collect(),
        follow,
        ..Walk::default()
    };
    for path in paths {
        if path.is_dir() {
            if std::fs::canonicalize(path).is_ok_and(|r| walk.visited.contains(&r)) {
                walk.problems.push(Error::Input {
                    path: path.clone(),
                    message: "a folder already read; read once".into(),
                });
                continue;
            }
            let before = walk.found.len();
            walk.folder(path);
            if walk.found.len() == before {
                walk.problems.push(Error::Input {
                    path: path.clone(),
                    message: "the folder holds no review (*.txt or *.md)".into(),
                });
            }
        } else if std::fs::symlink_metadata(path).is_ok() {
            // A file, or something that looks like one: reading says what.
            walk.found.push(path.clone());
        } else {
            walk.problems.push(Error::Input {
                path: path.clone(),
                message: "no such file or folder".into(),
            });
        }
    }
    // The same file by two names (a link, a path given twice) is read once:
    // a review must not agree with itself.
    let Walk {
        found,
        mut problems,
        linked,
        ..
    } = walk;
    if paths.len() < 2 && !linked {
        // One path, no link in it: every file was listed once, by one name.
        return (found, problems);
    }
    let files = once(found, |p| p, &mut problems);
    (files, problems)
}

/// The bytes of the file at `path`, a `what` ("review", "reference") of
/// at most `max` bytes, or why it cannot be read: only a regular file (a
/// FIFO would block the run, a device never end), and never more than
/// `max` bytes, even if it grows while being read.
pub fn read_capped(path: &Path, what: &str, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_open(path, &e))?;
    if meta.is_dir() {
        return Err(format!("a folder, not a {what} file"));
    }
    if !meta.is_file() {
        return Err(format!(
            "not a regular file (a pipe, socket or device), not a {what}"
        ));
    }
    let too_big = |len: u64| {
        let mib = |n: u64| {
            if n >= 1 << 20 {
                format!("{} MiB", n.div_ceil(1 << 20))
            } else {
                format!("{} KiB", n.div_ceil(1 << 10))
            }
        };
        format!(
            "the file is {}, larger than a {what} can be ({})",
            mib(len),
            mib(max)
        )
    };
    if meta.len() > max {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot_open(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {}", reason(&e)))?;
    if bytes.len() as u64 > max {
        // It grew while being read, or its size was not what it said.
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads one review, or says why it cannot be read.
pub fn read_review(path: &Path) -> Result<ReviewFile, Error> {
    let fail = |message: String| Error::Input {
        path: path.to_path_buf(),
        message: format!("{message}; skipped"),
    };
    let bytes = read_capped(path, "review", MAX_REVIEW_BYTES).map_err(fail)?;
    let mut file = ReviewFile::from_bytes(crate::pathname::shown(path), &bytes).map_err(fail)?;
    file.path = Some(path.to_path_buf());
    if crate::pathname::is_odd(path) {
        file.notes.push(ReadNote::Note(
            "the file's name holds bytes that are no UTF-8 or control characters; they are \
             shown escaped (\\xFF, \\n)"
                .into(),
        ));
    }
    Ok(file)
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

/// The review files named by `paths` (found as [`find_reviews`] finds
/// them), sorted by path whatever the order of `paths`, each with the film
/// its folder names, and the paths that
/// could not be used. A review in a subfolder of a folder given is that
/// subfolder's film; a folder given that holds reviews and no subfolder of
/// reviews is one film; a file named on its own, or loose beside film
/// folders, has no folder film.
pub fn find(paths: &[PathBuf]) -> (Vec<Found>, Vec<Error>) {
    find_following(paths, false)
}

/// [`find`], where a symbolic link met in a folder that leads out of the
/// paths given is skipped with a warning, unless `follow` (`--follow`, as
/// ripgrep's `-L`). A link named on the command line is always read: it
/// is one of the paths given.
pub fn find_following(paths: &[PathBuf], follow: bool) -> (Vec<Found>, Vec<Error>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let (files, mut trouble) = walk(std::slice::from_ref(path), paths, follow);
        problems.append(&mut trouble);
        if !path.is_dir() {
            found.extend(files.into_iter().map(|f| Found {
                path: f,
                folder_film: None,
            }));
            continue;
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
    }
    if paths.len() > 1 {
        // The order the paths are given in must not change the output:
        // reviews are read in the order of their paths (which keeps each
        // folder's own sorted order), and of two names of one file the
        // first in that order is kept.
        found.sort_by(|a, b| path_order(&a.path, &b.path));
        // The same file under two of the paths given is read once too.
        found = once(found, |f| f.path.as_path(), &mut problems);
    }
    found = distinct_names(found, &mut problems);
    (found, problems)
}

/// `found`, where no two files show as one name: an escaped name
/// (`bad\xFF.txt`, see [`crate::pathname`]) could be spelt by another file
/// in plain letters, and two files of one name would be one source, their
/// claims' ids alike. The first in order is read; the other is skipped
/// with the reason.
fn distinct_names(found: Vec<Found>, problems: &mut Vec<Error>) -> Vec<Found> {
    if !found.iter().any(|f| crate::pathname::is_odd(&f.path)) {
        // Plain names show as themselves: two paths, two names.
        return found;
    }
    let mut shown: HashMap<String, PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(found.len());
    for f in found {
        let name = crate::pathname::shown(&f.path);
        if let Some(first) = shown.get(&name) {
            problems.push(Error::Input {
                path: f.path.clone(),
                message: format!(
                    "shows as the same name as another file ({}); skipped (rename one of them)",
                    crate::pathname::shown(first)
                ),
            });
            continue;
        }
        shown.insert(name, f.path.clone());
        kept.push(f);
    }
    kept
}

/// A path from its bytes.
#[cfg(unix)]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// A path from its bytes (as UTF-8, where paths are not bytes).
#[cfg(not(unix))]
fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The order of reviews in every output: by path, a component at a time
/// (a folder's reviews stay together, in the folder's sorted order), a
/// leading `./` aside; of two names of one path, the shorter first (`x`
/// before `./x`).
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    fn key(p: &Path) -> impl Iterator<Item = std::path::Component<'_>> {
        p.components()
            .filter(|c| *c != std::path::Component::CurDir)
    }
    key(a)
        .cmp(key(b))
        .then(a.as_os_str().len().cmp(&b.as_os_str().len()))
        .then(a.cmp(b))
}

/// [`path_order`] of two sources (their paths as shown).
pub fn source_order(a: &str, b: &str) -> std::cmp::Ordering {
    path_order(Path::new(a), Path::new(b))
}

/// `paths` with every `-` replaced by the paths listed on `stdin`, one a
/// line (blank lines skipped), as `find . -name '*.txt' | concord report -`
/// gives them. A line is a path's bytes, whatever they are: a name that is
/// not UTF-8 is read like any other (and shown escaped, see
/// [`crate::pathname`]).
pub fn expand_stdin(paths: &[PathBuf], stdin: impl BufRead) -> Result<Vec<PathBuf>, Error> {
    if !paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(paths.to_vec());
    }
    let mut listed = Vec::new();
    for line in stdin.split(b'\n') {
        let line = line.map_err(|e| Error::Input {
            path: PathBuf::from("-"),
            message: format!("cannot read the list of files on stdin: {}", reason(&e)),
        })?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            listed.push(path_of_bytes(line));
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
