//! Which rule set a command runs, and saying so.
//!
//! A built binary carries its rules inside it, so a rule edited in `rules/`
//! changes nothing until the next build. That surprised people: they edited
//! a rule, ran `concord rules check`, and were shown the old rules with
//! line numbers of a file that no longer matched. So:
//!
//! - `--rules DIR` runs the rules in `DIR`, on every command;
//! - `rules check` and `rules diff` (the commands for working on rules)
//!   without `--rules` run `./rules` when the current folder holds concord
//!   rules (a `rules/lexicon.toml`), the built-in set otherwise;
//! - every command says on stderr which rule set it runs when it is not the
//!   built-in one, and the other commands, which run the built-in set, say
//!   when `./rules` differs from it (the edit they would otherwise ignore).
//!
//! A rule error's hint names the folder in use: the library's hints speak
//! of `rules/lexicon.toml`, which is another file when the rules are
//! elsewhere.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::rules::{BUILTIN, RuleSet};

/// The folder `rules check` and `rules diff` look for in the current
/// folder.
pub const LOCAL: &str = "rules";

/// A rule set a command may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The rules built into the binary.
    Builtin,
    /// `--rules DIR`.
    Given(PathBuf),
    /// `./rules`, found in the current folder.
    Local(PathBuf),
}

/// Whether `dir` holds concord rules: a folder with a `lexicon.toml`, the
/// file every concord rule set starts from.
pub fn holds_rules(dir: &Path) -> bool {
    dir.join("lexicon.toml").is_file()
}

impl Choice {
    /// The rule set of a command: `--rules DIR` when given; otherwise, for
    /// the commands that work on rules (`local_first`), `./rules` when it
    /// holds concord rules; otherwise the built-in set.
    pub fn of(given: Option<&Path>, local_first: bool) -> Choice {
        match given {
            Some(dir) => Choice::Given(dir.to_path_buf()),
            None if local_first && holds_rules(Path::new(LOCAL)) => {
                Choice::Local(PathBuf::from(LOCAL))
            }
            None => Choice::Builtin,
        }
    }

    /// The folder of the rules, if they are not the built-in ones.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Choice::Builtin => None,
            Choice::Given(d) | Choice::Local(d) => Some(d),
        }
    }

    /// Loads the rule set, with hints that name its folder.
    pub fn load(&self) -> Result<RuleSet, Vec<Error>> {
        match self.dir() {
            None => RuleSet::builtin(),
            Some(d) => RuleSet::from_dir(d)
                .map_err(|errors| errors.into_iter().map(|e| actionable(e, Some(d))).collect()),
        }
    }

    /// Says on `err` which rule set runs, when it is not the built-in one;
    /// for the built-in one, says when `./rules` differs from it.
    pub fn announce(&self, err: &mut dyn Write) {
        let _ = match self {
            Choice::Builtin => {
                if local_differs() {
                    writeln!(
                        err,
                        "concord: note: running the built-in rules; ./{LOCAL} differs from them \
                         (edited since this binary was built?): give `--rules {LOCAL}` to run it"
                    )
                } else {
                    Ok(())
                }
            }
            Choice::Given(d) => writeln!(
                err,
                "concord: note: running the rules in {} (--rules), not the built-in ones",
                crate::pathname::shown(d)
            ),
            Choice::Local(d) => writeln!(
                err,
                "concord: note: running the rules in ./{} (the current folder holds concord \
                 rules), not the built-in ones; `--rules DIR` runs another folder",
                crate::pathname::shown(d)
            ),
        };
    }
}

/// Whether `./rules` holds concord rules whose text is not the built-in
/// rules' (a file edited, added or removed).
fn local_differs() -> bool {
    let dir = Path::new(LOCAL);
    if !holds_rules(dir) {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut on_disk: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let name = format!("{LOCAL}/{}", p.file_name()?.to_string_lossy());
            Some((name, std::fs::read(&p).ok()?))
        })
        .collect();
    on_disk.sort();
    let mut built: Vec<(String, Vec<u8>)> = BUILTIN
        .iter()
        .map(|&(n, s)| (n.to_string(), s.as_bytes().to_vec()))
        .collect();
    built.sort();
    on_disk != built
}

/// A rule error made to say where: the lexicon the hints send the author
/// to is the one of the folder in use. (What to do the rule loader says
/// itself: a missing field is no syntax error.)
pub fn actionable(e: Error, dir: Option<&Path>) -> Error {
    match e {
        Error::Rule {
            location,
            rule,
            message,
            hint,
        } => {
            let hint = match dir {
                Some(d) if d != Path::new(LOCAL) => {
                    let lexicon = d.join("lexicon.toml");
                    hint.replace("rules/lexicon.toml", &crate::pathname::shown(&lexicon))
                }
                _ => hint,
            };
            Error::Rule {
                location,
                rule,
                message,
                hint,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

    fn rule_error(message: &str, hint: &str) -> Error {
        Error::Rule {
            location: Location {
                file: "mine/cast.toml".into(),
                line: 3,
                column: 1,
            },
            rule: Some("cast.x".into()),
            message: message.into(),
            hint: hint.into(),
        }
    }

    #[test]
    fn hints_name_the_lexicon_of_the_folder_in_use() {
        let hint = "define it under [lists] or [patterns] in rules/lexicon.toml";
        let e = actionable(rule_error("unknown name", hint), Some(Path::new("mine"))).to_string();
        assert!(e.ends_with("in mine/lexicon.toml"), "{e}");
        let e = actionable(rule_error("unknown name", hint), Some(Path::new("rules"))).to_string();
        assert!(e.ends_with("in rules/lexicon.toml"), "{e}");
    }

    #[test]
    fn the_built_in_rules_are_not_said() {
        let mut err = Vec::new();
        Choice::Given(PathBuf::from("mine")).announce(&mut err);
        let said = String::from_utf8(err).expect("utf-8");
        assert!(said.contains("rules in mine (--rules)"), "{said}");
    }
}
