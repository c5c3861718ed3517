//! One error type for the library. Every error names the file (and line,
//! for rule files) it concerns and, where there is one, what to do about it.

use std::fmt;
use std::path::PathBuf;

/// Where in a rule file a problem is: `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Location {
    /// The 1-based line and column of byte `offset` in `source`.
    pub fn at(file: &str, source: &str, offset: usize) -> Location {
        let offset = offset.min(source.len());
        let before = source.get(..offset).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let column = before
            .rfind('\n')
            .map_or(before.len(), |nl| before.len() - nl - 1)
            + 1;
        Location {
            file: file.to_string(),
            line,
            column,
        }
    }
}

#[derive(Debug)]
pub enum Error {
    /// A review or folder that could not be read.
    Input { path: PathBuf, message: String },
    /// A rule file that could not be loaded, or a rule that is not valid.
    /// It prints as one line (`file:line:column`, the rule, what is wrong,
    /// then `hint:` and what to do), so a list of problems reads, and greps,
    /// one problem a line.
    Rule {
        location: Location,
        rule: Option<String>,
        message: String,
        hint: String,
    },
    /// Nothing could be read at all.
    NothingRead { paths: Vec<String> },
    /// Writing the output failed (a closed pipe, a full disk).
    Output(std::io::Error),
    /// A command-line value that does not make sense.
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input { path, message } => {
                write!(f, "{}: {message}", crate::pathname::shown(path))
            }
            Error::Rule {
                location,
                rule,
                message,
                hint,
            } => {
                write!(f, "{location}: ")?;
                if let Some(rule) = rule {
                    write!(f, "rule `{rule}`: ")?;
                }
                write!(f, "{message}")?;
                if !hint.is_empty() {
                    write!(f, "; hint: {hint}")?;
                }
                Ok(())
            }
            Error::NothingRead { paths } => write!(
                f,
                "no review could be read from {}; give a .txt or .md file or a folder that holds some",
                paths.join(", ")
            ),
            Error::Output(e) => write!(
                f,
                "cannot write the output: {}; what was written is incomplete (is the disk full, or \
                 the output closed?)",
                lower(&e.to_string())
            ),
            Error::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// A system message in lower case, as concord's own messages are.
fn lower(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
