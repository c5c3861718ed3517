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
pub mod report;
pub mod rules;
