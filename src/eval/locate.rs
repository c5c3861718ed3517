//! Where in a review a missed gold claim is: a gold file names the review
//! and the words, not the place, but whoever reads a missed claim wants the
//! line and the quote, as `rules diff` shows them for a claim. The words
//! are looked for token by token, folded as the scorer folds them, so
//! "Nathalie Richard" finds "NATHALIE RICHARD" and "Nathalie-Richard"; a
//! value a review writes in other words ("122" for "2 hours, 2 minutes") is
//! not found, and the gold's own note on the entry stands in for it.

use super::matching::fold;

/// How much of the line around the words a quote shows, in characters
/// each side.
const CONTEXT: usize = 40;

/// A place in a review: its 1-based line and the words quoted there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub quote: String,
}

/// A word of a line: its folded tokens and its byte range in the line.
struct Word {
    folded: String,
    start: usize,
    end: usize,
}

fn words(line: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                for folded in fold(&line[s..i]).split(' ').filter(|w| !w.is_empty()) {
                    out.push(Word {
                        folded: folded.to_string(),
                        start: s,
                        end: i,
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The first place in `text` where the words of `needle` stand together,
/// with up to `CONTEXT` characters of the line each side.
pub fn find(text: &str, needle: &str) -> Option<Place> {
    find_all(text, &[needle])
}

/// The first line of `text` that holds the words of each of `needles`
/// (each standing together), quoted around the first needle's.
pub fn find_all(text: &str, needles: &[&str]) -> Option<Place> {
    let wanted: Vec<Vec<String>> = needles
        .iter()
        .map(|n| {
            fold(n)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    if wanted.is_empty() || wanted.iter().any(Vec::is_empty) {
        return None;
    }
    let at = |ws: &[Word], want: &[String]| {
        ws.windows(want.len())
            .position(|win| win.iter().zip(want).all(|(w, want)| w.folded == *want))
    };
    for (n, line) in text.lines().enumerate() {
        let ws = words(line);
        let Some(first) = at(&ws, &wanted[0]) else {
            continue;
        };
        if wanted[1..].iter().any(|want| at(&ws, want).is_none()) {
            continue;
        }
        let (start, end) = (ws[first].start, ws[first + wanted[0].len() - 1].end);
        return Some(Place {
            line: n + 1,
            quote: around(line, start, end),
        });
    }
    None
}

/// `line[start..end]` with some of the line each side, cut at spaces, and
/// `...` where the line goes on.
fn around(line: &str, start: usize, end: usize) -> String {
    let before: Vec<(usize, char)> = line[..start].char_indices().collect();
    let mut from = before.len().checked_sub(CONTEXT).map_or(0, |i| before[i].0);
    if from > 0 {
        // Start at a word.
        from = line[from..start]
            .find(' ')
            .map_or(start, |sp| from + sp + 1);
    }
    let mut to = line[end..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(line.len(), |(i, _)| end + i);
    if to < line.len() {
        to = line[end..to].rfind(' ').map_or(end, |sp| end + sp);
    }
    let mut quote = String::new();
    if from > 0 {
        quote.push_str("...");
    }
    quote.push_str(line[from..to].trim());
    if to < line.len() {
        quote.push_str("...");
    }
    quote
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_folded_on_their_line() {
        let text =
            "URL: x\n\nStarring CAREY MULLIGAN, Andrew Garfield.\nKeira Knightley as Ruth.\n";
        assert_eq!(
            find(text, "Carey Mulligan"),
            Some(Place {
                line: 3,
                quote: "Starring CAREY MULLIGAN, Andrew Garfield.".into()
            })
        );
        assert_eq!(find(text, "Ruth").map(|p| p.line), Some(4));
        assert_eq!(find(text, "Sally Hawkins"), None);
        assert_eq!(find(text, "--"), None);
        // Whole words only.
        assert_eq!(find(text, "Carey Mull"), None);
        // Several needles: the first line with all of them.
        let text = "Ruth is cold.\nKeira Knightley, in her best part.\nKeira Knightley as Ruth.\n";
        assert_eq!(
            find_all(text, &["Keira Knightley", "Ruth"]).map(|p| p.line),
            Some(3)
        );
        assert_eq!(find_all(text, &[]), None);
    }

    #[test]
    fn a_long_line_is_cut_around_the_words() {
        let line = format!(
            "{} directed by Mark Romanek, {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let place = find(&line, "Mark Romanek").expect("found");
        assert!(place.quote.starts_with("...word"), "{}", place.quote);
        assert!(place.quote.contains("directed by Mark Romanek,"));
        assert!(place.quote.ends_with("more..."), "{}", place.quote);
        // Accented and other letters before the words keep the cut on a
        // character boundary.
        let line = format!("{} Éric Gautier shot it", "é".repeat(60));
        assert!(
            find(&line, "Eric Gautier")
                .expect("found")
                .quote
                .starts_with("...")
        );
    }
}
