//! The way back from a rewritten text to the text it was rewritten from.
//!
//! concord rewrites a review twice before its rules see it: the file's bytes
//! are *decoded* to UTF-8 (a Windows-1252 `é` is one byte in the file, two in
//! the text), and the text is *folded* (curly quotes straightened, accents
//! dropped, HTML markup removed). A claim must still point at the bytes the
//! reviewer wrote, so each rewrite keeps an [`OffsetMap`]: a sparse, sorted
//! list of the places where it changed something. Unchanged stretches map one
//! to one, so a review in plain ASCII costs nothing.
//!
//! A span is mapped at its ends: a start inside a rewritten piece goes to the
//! start of that piece's original, an end inside it to the end, so a span
//! never cuts a character (or an HTML tag, or an entity) in two.

/// One place where a rewrite changed the text: `from_len` bytes at
/// `from_start` in the source became `to_len` bytes at `to_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    to_start: usize,
    to_len: usize,
    from_start: usize,
    from_len: usize,
}

/// Offsets in a rewritten text, mapped back to its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// Records that `from_len` source bytes at `from_start` were written as
    /// `to_len` bytes at `to_start`. Edits must come in text order.
    pub fn push(&mut self, to_start: usize, to_len: usize, from_start: usize, from_len: usize) {
        debug_assert!(self.edits.last().is_none_or(|e| {
            e.to_start + e.to_len <= to_start && e.from_start + e.from_len <= from_start
        }));
        self.edits.push(Edit {
            to_start,
            to_len,
            from_start,
            from_len,
        });
    }

    /// Whether the rewrite changed nothing.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The source offset where rewritten byte `pos` starts.
    pub fn start(&self, pos: usize) -> usize {
        self.map(pos, false)
    }

    /// The source offset where a rewritten span ending at `pos` ends.
    pub fn end(&self, pos: usize) -> usize {
        self.map(pos, true)
    }

    fn map(&self, pos: usize, is_end: bool) -> usize {
        // The last edit at or before `pos` (for an end, strictly before).
        let idx = self.edits.partition_point(|e| {
            if is_end {
                e.to_start < pos
            } else {
                e.to_start <= pos
            }
        });
        let Some(edit) = idx.checked_sub(1).map(|i| self.edits[i]) else {
            return pos;
        };
        let to_end = edit.to_start + edit.to_len;
        let from_end = edit.from_start + edit.from_len;
        if pos < to_end {
            // Inside a rewritten piece: the whole piece.
            return if is_end { from_end } else { edit.from_start };
        }
        pos - to_end + from_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_around_replacements_and_deletions() {
        // "a<b>cé" -> "acé": `<b>` deleted at 1, `é` (2 bytes) as 1 byte.
        let mut m = OffsetMap::default();
        m.push(1, 0, 1, 3);
        m.push(2, 1, 5, 2);
        assert_eq!((m.start(0), m.end(1)), (0, 1));
        assert_eq!((m.start(1), m.end(2)), (4, 5));
        assert_eq!((m.start(2), m.end(3)), (5, 7));
        assert_eq!(m.start(3), 7);
        assert!(!m.is_identity());
        assert_eq!(OffsetMap::default().start(42), 42);
    }
}
