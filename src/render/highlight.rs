//! A review's own text cut into runs for highlighting its claims.
//!
//! Claims can overlap ("Ruth (Keira Knightley)" is a cast claim, and a
//! starring claim may cover the actor's name inside it) or nest, and HTML
//! marks cannot cross. So the text is cut at every span boundary into flat
//! runs, each knowing which claims cover it: a run is marked by all of them
//! at once, never by nested or crossing elements. Spans come from outside
//! (a claim's byte offsets), so they are clamped to the text and widened to
//! character boundaries instead of ever slicing inside a character.

use std::collections::BTreeSet;

use crate::model::Span;

/// A run of text and the claims (by their index in the list given) that
/// cover all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    /// Indices of the covering spans, ascending; empty for plain text.
    pub covered_by: Vec<usize>,
    /// Indices of the spans that begin at this run, ascending: where an
    /// anchor for each of them goes.
    pub starts: Vec<usize>,
    /// Indices of the (non-empty) spans that end with this run, ascending:
    /// where a tag saying what each of them is goes.
    pub ends: Vec<usize>,
}

/// The largest character boundary at or before `i`, within the text.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i`, within the text.
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text` cut into runs at every boundary of `spans`. The runs, joined,
/// are exactly `text`. An empty span (after clamping) covers nothing but
/// still gets its anchor, at the run where it would begin.
pub fn runs<'a>(text: &'a str, spans: &[Span]) -> Vec<Run<'a>> {
    // (start, end) of every span, clamped and on character boundaries.
    let bounds: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| {
            let start = floor_boundary(text, s.start);
            let end = ceil_boundary(text, s.end.max(s.start)).max(start);
            (start, end)
        })
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for &(start, end) in &bounds {
        cuts.insert(start);
        cuts.insert(end);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let covered_by = (0..bounds.len())
            .filter(|&i| bounds[i].0 <= a && b <= bounds[i].1)
            .collect();
        let starts = (0..bounds.len()).filter(|&i| bounds[i].0 == a).collect();
        let ends = (0..bounds.len())
            .filter(|&i| bounds[i].0 < bounds[i].1 && bounds[i].1 == b)
            .collect();
        out.push(Run {
            text: &text[a..b],
            covered_by,
            starts,
            ends,
        });
    }
    // Spans that begin at the very end of the text (empty ones) still need
    // their anchor somewhere.
    let at_end: Vec<usize> = (0..bounds.len())
        .filter(|&i| bounds[i].0 == text.len())
        .collect();
    if !at_end.is_empty() {
        out.push(Run {
            text: "",
            covered_by: Vec::new(),
            starts: at_end,
            ends: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    fn joined(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text).collect()
    }

    #[test]
    fn plain_text_is_one_run() {
        let r = runs("no claims here", &[]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].text, "no claims here");
        assert!(r[0].covered_by.is_empty());
    }

    #[test]
    fn nested_spans_cut_into_flat_runs() {
        let text = "Ruth (Keira Knightley) stars";
        // The cast claim, and a person claim inside it.
        let r = runs(text, &[span(0, 22), span(6, 21)]);
        assert_eq!(joined(&r), text);
        let covered: Vec<(&str, Vec<usize>)> =
            r.iter().map(|r| (r.text, r.covered_by.clone())).collect();
        assert_eq!(
            covered,
            [
                ("Ruth (", vec![0]),
                ("Keira Knightley", vec![0, 1]),
                (")", vec![0]),
                (" stars", vec![]),
            ]
        );
        assert_eq!(r[0].starts, [0]);
        assert_eq!(r[1].starts, [1]);
        assert_eq!(r[1].ends, [1]);
        assert_eq!(r[2].ends, [0]);
    }

    #[test]
    fn crossing_spans_do_not_nest() {
        let text = "abcdefgh";
        let r = runs(text, &[span(1, 5), span(3, 7)]);
        assert_eq!(joined(&r), text);
        let covered: Vec<(&str, Vec<usize>)> =
            r.iter().map(|r| (r.text, r.covered_by.clone())).collect();
        assert_eq!(
            covered,
            [
                ("a", vec![]),
                ("bc", vec![0]),
                ("de", vec![0, 1]),
                ("fg", vec![1]),
                ("h", vec![]),
            ]
        );
    }

    #[test]
    fn spans_inside_a_character_widen_to_its_boundaries() {
        // "é" is two bytes (1..3); a span from its second byte must not
        // slice it.
        let text = "Vé Holt";
        let r = runs(text, &[span(2, 4), span(0, 2)]);
        assert_eq!(joined(&r), text);
        let covered = |i: usize| -> String {
            r.iter()
                .filter(|r| r.covered_by.contains(&i))
                .map(|r| r.text)
                .collect()
        };
        assert_eq!(covered(0), "é ");
        assert_eq!(covered(1), "Vé");
    }

    #[test]
    fn spans_past_the_end_and_reversed_spans_do_not_panic() {
        let text = "short";
        let r = runs(text, &[span(3, 99), span(40, 50), span(4, 2)]);
        assert_eq!(joined(&r), text);
        let first: String = r
            .iter()
            .filter(|r| r.covered_by.contains(&0))
            .map(|r| r.text)
            .collect();
        assert_eq!(first, "rt");
        // The reversed span is empty: it covers nothing.
        assert!(r.iter().all(|r| !r.covered_by.contains(&2)));
        // The span wholly past the end keeps an anchor at the end.
        assert!(r.last().is_some_and(|r| r.starts.contains(&1)));
    }

    #[test]
    fn identical_spans_cover_the_same_run() {
        let r = runs("x 103 min y", &[span(2, 9), span(2, 9)]);
        assert!(
            r.iter()
                .any(|r| r.text == "103 min" && r.covered_by == [0, 1] && r.starts == [0, 1])
        );
    }
}
