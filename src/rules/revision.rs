//! The rules as they were at a git revision of the project, for
//! `concord rules diff --old-rev REV`: "what does my edit move, compared
//! with `main`?" without checking the old rules out into a folder.
//!
//! It runs the `git` program (no library: the files are few and `git show`
//! is the one interface every git has) from the current folder, and names
//! each file `REV:rules/NAME.toml`, so an error in an old rule file says
//! which revision it is in.

use std::path::PathBuf;
use std::process::Command;

use crate::error::Error;

fn git(args: &[&str], dir: Option<&PathBuf>) -> Result<std::process::Output, Error> {
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.arg("-C").arg(d);
    }
    cmd.args(args).output().map_err(|e| {
        Error::Usage(format!(
            "--old-rev needs the `git` program, which cannot be run: {e}; hint: install git, or give the old rules as a folder with --old DIR"
        ))
    })
}

fn stderr_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The rule files (`rules/*.toml`) of revision `rev` of the git checkout
/// the current folder is in, as `(name, text)` in name order.
pub fn sources_at(rev: &str) -> Result<Vec<(String, String)>, Error> {
    if rev.starts_with('-') || rev.is_empty() {
        return Err(Error::Usage(format!(
            "--old-rev `{rev}` is not a revision; hint: give a commit, branch or tag, e.g. HEAD or main"
        )));
    }
    let top = git(&["rev-parse", "--show-toplevel"], None)?;
    if !top.status.success() {
        return Err(Error::Usage(format!(
            "--old-rev {rev}: the current folder is not in a git checkout ({}); hint: run concord from the project's checkout, or give the old rules as a folder with --old DIR",
            stderr_line(&top)
        )));
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let commit = format!("{rev}^{{commit}}");
    let found = git(&["rev-parse", "--verify", "--quiet", &commit], Some(&top))?;
    if !found.status.success() {
        return Err(Error::Usage(format!(
            "--old-rev {rev}: git knows no such revision; hint: give a commit, branch or tag (`git log --oneline` lists commits), e.g. HEAD or main"
        )));
    }
    let tree = format!("{rev}:rules");
    let listed = git(&["ls-tree", "--name-only", &tree], Some(&top))?;
    if !listed.status.success() {
        return Err(Error::Usage(format!(
            "--old-rev {rev}: the revision has no rules/ folder ({}); hint: give a revision of concord's own project, which keeps its rules in rules/",
            stderr_line(&listed)
        )));
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|n| n.ends_with(".toml"))
        .map(str::to_string)
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::Usage(format!(
            "--old-rev {rev}: rules/ holds no *.toml file at that revision; hint: give a later revision"
        )));
    }
    let mut sources = Vec::with_capacity(names.len());
    for name in names {
        let path = format!("{rev}:rules/{name}");
        let shown = git(&["show", &path], Some(&top))?;
        if !shown.status.success() {
            return Err(Error::Usage(format!(
                "--old-rev {rev}: cannot read {path}: {}",
                stderr_line(&shown)
            )));
        }
        let text = String::from_utf8(shown.stdout).map_err(|_| {
            Error::Usage(format!(
                "{path}: the rule file is not UTF-8 text; hint: compare with a revision whose rule files are UTF-8"
            ))
        })?;
        sources.push((path, text));
    }
    Ok(sources)
}
