//! Everything concord prints: claims, reports, rule checks. Renderers take
//! finished, sorted data and write it; they decide nothing.

pub mod claims;
pub mod diff;
pub mod explain;
pub mod graph;
pub mod report;
pub mod rules;
