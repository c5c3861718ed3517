//! Where each frame can match, found with one automaton pass.
//!
//! Running every frame's regular expression over a whole review cost more
//! than the rest of extraction together: 34 searches of every byte. Most
//! frames need words that most lines lack ("directed by", "played", " (").
//! The prefilter's analysis ([`crate::rules::prefilter::required_words`])
//! works out, from each frame's expanded pattern, sets of words such that
//! every match holds a word of each set. One Aho-Corasick pass over the
//! name view finds every such word of every frame; a frame then searches
//! only the lines holding a word of each of its sets (with the line breaks
//! around them, so that `^`, `\n` and `\b` read the same bytes as over the
//! whole text). A frame with no such words searches everything.
//!
//! The contract: a frame finds the same matches, in the same order, as over
//! the whole view. It holds because no frame matches across a line break
//! (a frame's text is one line: its gaps are spaces and words, its lists
//! commas), and because a line without one of a frame's words cannot hold
//! its match. `tests/integration/frames.rs` runs every review of the
//! fixtures and of the development corpus both ways and compares.

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
            let sets = selective(crate::rules::prefilter::required_words(
                frame.regex.as_str(),
            ));
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
    /// apart: whole lines holding a word of each of its sets, each with the
    /// line break before and after it.
    pub fn ranges(&self, text: &str) -> Vec<Vec<Range<usize>>> {
        let frames = self.full.len();
        let Some(automaton) = &self.automaton else {
            return (0..frames)
                .map(|_| std::iter::once(0..text.len()).collect())
                .collect();
        };
        // Line starts, and for each line and frame the sets it fills.
        let mut starts = vec![0usize];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let lines = starts.len();
        let mut hit = vec![0u32; lines * frames];
        let mut line = 0;
        for m in automaton.find_overlapping_iter(text) {
            // Overlapping matches come by their ends, so nearly in order.
            if starts[line] > m.start() || starts.get(line + 1).is_some_and(|&s| s <= m.start()) {
                line = starts.partition_point(|&s| s <= m.start()) - 1;
            }
            for &(f, s) in &self.fills[m.pattern().as_usize()] {
                hit[line * frames + f as usize] |= 1 << s;
            }
        }
        (0..frames)
            .map(|f| {
                let full = self.full[f];
                if full == 0 {
                    return std::iter::once(0..text.len()).collect();
                }
                let mut out: Vec<Range<usize>> = Vec::new();
                for l in 0..lines {
                    if hit[l * frames + f] != full {
                        continue;
                    }
                    let start = starts[l].saturating_sub(1);
                    let end = starts.get(l + 1).copied().unwrap_or(text.len());
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
