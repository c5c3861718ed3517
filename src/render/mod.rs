//! Everything concord prints: claims, reports, rule checks. Renderers take
//! finished, sorted data and write it; they decide nothing. The HTML report
//! has two helpers of its own: [`grid`] (what each review says on each fact)
//! and [`highlight`] (a review's text cut into runs by its claims).
//! [`escape`] keeps what reviews and file names hold from acting on the
//! format they are printed in.

pub mod check;
pub mod claims;
pub mod diff;
pub mod entities;
pub mod escape;
pub mod explain;
pub mod graph;
pub mod grid;
pub mod highlight;
pub mod html;
pub mod label;
pub mod report;
pub mod rules;
pub mod term;

/// A JSON document as concord prints it whole: a `schema` field first,
/// naming its shape and version (`concord.report/1`), then the document's
/// own fields. A reader checks the schema; a change a reader must know of
/// bumps the version (fields are added, never renamed or dropped).
#[derive(serde::Serialize)]
pub(crate) struct Versioned<'a, T: serde::Serialize> {
    pub schema: &'static str,
    #[serde(flatten)]
    pub body: &'a T,
}

/// Writes `body` as pretty JSON under `schema`, then a line break.
pub(crate) fn versioned_json<T: serde::Serialize>(
    schema: &'static str,
    body: &T,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Versioned { schema, body })?;
    writeln!(out)
}
