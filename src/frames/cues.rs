//! Where each frame can match, found with one automaton pass.
//!
//! Running every frame's regular expression over a whole review cost more
//! than the rest of extraction together: 34 searches of every byte. Most
//! frames need words that most sentences lack ("directed by", "played",
//! " ("). The prefilter's analysis
//! ([`crate::rules::prefilter::required_words`]) works out, from each
//! frame's expanded pattern, sets of words such that every match holds a
//! word of each set. One Aho-Corasick pass over the name view finds every
//! such word of every frame; a frame then searches only the sentences
//! holding a word of each of its sets, each with the boundary before it (a
//! line break, or the full stop that ends the sentence before), so that
//! `^`, `\n` and `[.!?][ ]+` read the same bytes as over the whole text.
//! The search is bounded by the sentence, and its look-arounds (`\b`,
//! `$`) see the text on both sides. A frame with no such words searches
//! everything.
//!
//! Measured on 2,000 generated reviews (5.6 MB): searching lines, the
//! frames read 92 MB; searching sentences, 56 MB.
//!
//! The contract: a frame finds the same matches, in the same order, as over
//! the whole view. It holds because no frame matches across a line break
//! or a sentence end (see `units`: a frame's text is one clause, its
//! gaps written not to cross a full stop and a space), and because a
//! sentence without one of a frame's words cannot hold its match.
//! `tests/integration/frames.rs` runs every review of the fixtures and of
//! the development corpus both ways and compares.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Frame;

/// How many word sets of one frame count (a bit each in a `u32`).
const MAX_SETS: usize = 32;

/// The shortest word that makes a set worth its hits: a set of short
/// words ("the ", "a ", "his ") is hit on nearly every line and costs the
/// pass more than it saves the frame.
const MIN_WORD: usize = 4;

/// The sets of a frame worth looking for: those whose words are all long
/// enough, or else the one whose shortest word is longest.
fn selective(mut sets: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let shortest = |set: &Vec<String>| set.iter().map(String::len).min().unwrap_or(0);
    if sets.iter().any(|s| shortest(s) >= MIN_WORD) {
        sets.retain(|s| shortest(s) >= MIN_WORD);
    } else if let Some(best) = sets.iter().max_by_key(|s| shortest(s)).cloned() {
        sets = vec![best];
    }
    sets
}

/// The cue words of a list of frames, compiled into one automaton.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    automaton: Option<AhoCorasick>,
    /// For each word of the automaton: the frames and sets it fills.
    fills: Vec<Vec<(u16, u8)>>,
    /// For each frame: the bits of all its sets; 0 when it has none (it
    /// searches everything).
    full: Vec<u32>,
}

impl Cues {
    /// The cues of `frames`, from their patterns.
    pub fn new(frames: &[Frame]) -> Cues {
        let mut words: Vec<String> = Vec::new();
        let mut fills: Vec<Vec<(u16, u8)>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut full = Vec::with_capacity(frames.len());
        for (f, frame) in frames.iter().enumerate() {
            let sets = selective(crate::rules::prefilter::required_words(&frame.expanded));
            let sets = &sets[..sets.len().min(MAX_SETS)];
            let mut bits = 0u32;
            for (s, set) in sets.iter().enumerate() {
                bits |= 1 << s;
                for word in set {
                    let w = *index.entry(word.clone()).or_insert_with(|| {
                        words.push(word.clone());
                        fills.push(Vec::new());
                        words.len() - 1
                    });
                    fills[w].push((f as u16, s as u8));
                }
            }
            full.push(bits);
        }
        let automaton = (!words.is_empty()).then(|| {
            // The view is in ASCII lower case outside its marks, as the
            // words are: no case folding, and a DFA (a few hundred words).
            AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(&words)
                .expect("cue words are plain literals")
        });
        Cues {
            automaton,
            fills,
            full,
        }
    }

    /// No cues: every frame searches the whole text (for tests that hold
    /// the cues to their contract).
    pub fn none(frames: usize) -> Cues {
        Cues {
            automaton: None,
            fills: Vec::new(),
            full: vec![0; frames],
        }
    }

    /// For each frame, the ranges of `text` it searches, in order and
    /// apart: the sentences holding a word of each of its sets (see
    /// `units`), each with the boundary before and after it.
    pub fn ranges(&self, text: &str) -> Vec<Vec<Range<usize>>> {
        let frames = self.full.len();
        let Some(automaton) = &self.automaton else {
            return (0..frames)
                .map(|_| std::iter::once(0..text.len()).collect())
                .collect();
        };
        let units = units(text);
        let mut hit = vec![0u32; units.len() * frames];
        let mut unit = 0;
        let core = |u: usize| units[u].core..units.get(u + 1).map_or(text.len(), |n| n.core);
        for m in automaton.find_overlapping_iter(text) {
            // Overlapping matches come by their ends, so nearly in order.
            if !core(unit).contains(&m.start()) {
                unit = units.partition_point(|u| u.core <= m.start()).max(1) - 1;
            }
            // A word across a boundary fills every unit it is in.
            let mut u = unit;
            loop {
                for &(f, s) in &self.fills[m.pattern().as_usize()] {
                    hit[u * frames + f as usize] |= 1 << s;
                }
                u += 1;
                if u >= units.len() || units[u].core >= m.end() {
                    break;
                }
            }
        }
        (0..frames)
            .map(|f| {
                let full = self.full[f];
                if full == 0 {
                    return std::iter::once(0..text.len()).collect();
                }
                let mut out: Vec<Range<usize>> = Vec::new();
                for u in 0..units.len() {
                    if hit[u * frames + f] != full {
                        continue;
                    }
                    let Range { end, .. } = core(u);
                    let start = units[u].from;
                    match out.last_mut() {
                        Some(last) if last.end >= start => last.end = end,
                        _ => out.push(start..end),
                    }
                }
                out
            })
            .collect()
    }
}

/// A piece of the name view that no frame's match crosses: a sentence of
/// a line, or a whole line.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Where its own text starts: after a line break, or after the spaces
    /// that end the sentence before it.
    core: usize,
    /// Where a search of it starts: at the line break before it, or at the
    /// full stop (or `!`, `?`) that ends the sentence before it, so that a
    /// frame's `\n` or `[.!?][ ]+` before its words reads them.
    from: usize,
}

/// The units of `text`, in order: lines, cut after each sentence end. A
/// sentence ends at a `.`, `!` or `?` that follows two letters and is
/// followed by a space ("the end. Then"); not after an initial, inside
/// "U.S." or "...", nor before a closing quote or bracket, where the next
/// words may still belong to the sentence. The contract of the cues (no
/// frame matches across a unit's end) is held by the tests that run every
/// frame both ways.
fn units(text: &str) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut out = vec![Unit { core: 0, from: 0 }];
    let mut i = 0;
    while let Some(k) = memchr_sentence(&bytes[i..]) {
        let p = i + k;
        i = p + 1;
        if bytes[p] == b'\n' {
            out.push(Unit {
                core: p + 1,
                from: p,
            });
            continue;
        }
        let letter = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_lowercase);
        if p < 2 || !letter(p - 1) || !letter(p - 2) || bytes.get(p + 1) != Some(&b' ') {
            continue;
        }
        let mut q = p + 1;
        while bytes.get(q) == Some(&b' ') {
            q += 1;
        }
        if q < bytes.len() && bytes[q] != b'\n' {
            out.push(Unit { core: q, from: p });
        }
        i = q;
    }
    out
}

/// The first line break, `.`, `!` or `?` in `bytes`.
fn memchr_sentence(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The units' own texts, and where each one's search starts.
    fn cut(text: &str) -> Vec<(&str, &str)> {
        let units = units(text);
        (0..units.len())
            .map(|u| {
                let end = units.get(u + 1).map_or(text.len(), |n| n.core);
                (&text[units[u].core..end], &text[units[u].from..end])
            })
            .collect()
    }

    #[test]
    fn a_unit_is_a_sentence_of_a_line() {
        assert_eq!(
            cut("it ends. then\nnext line! and?"),
            [
                ("it ends. ", "it ends. "),
                ("then\n", ". then\n"),
                ("next line! ", "\nnext line! "),
                ("and?", "! and?"),
            ]
        );
    }

    #[test]
    fn no_sentence_ends_after_an_initial_or_inside_an_abbreviation() {
        // "u.s." (a letter before each stop), "..." and a stop before a
        // closing quote or bracket end no sentence.
        assert_eq!(cut("in the u.s. by ada").len(), 1);
        assert_eq!(cut("ada ... bo").len(), 1);
        assert_eq!(cut("\"it ends.\" then (so.) it").len(), 1);
        // Spaces then a line break: the line break cuts, once.
        assert_eq!(cut("ends.  \nnext").len(), 2);
    }
}
