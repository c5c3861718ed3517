//! Name mentions: the places where a review names someone or something,
//! found once, by one pass over the folded text.
//!
//! Rules that read names with a regular expression of capitalised words
//! cannot tell where a name starts ("When Carey Mulligan"), nor what it
//! is: an actor, a character, a place. This module only finds the names;
//! what each one is comes later, from every review of the film together
//! (`entities`), and the relations between them from frames (`frames`).
//!
//! A mention is a run of name words on one line, joined by single spaces:
//! capitalised words (`Mulligan`, `McEwan`, `O'Brien`, `Meikle-Small`),
//! initials (`H.`, `R.`), titles (`Miss`, `Dr.`), particles between them
//! (`del`, `van`, `de`), a closing `Jr.`; or a run of two or more words in
//! capitals (`CAREY MULLIGAN`). Words that only look like names at the
//! start of a sentence ("When", "Three", "Director") are not part of one:
//! the lexicon's `not_name` words, months and weekdays, and a word the
//! review also writes in lower case. A possessive (`Mulligan's`,
//! `Hanks'`) ends the mention and is noted.
//!
//! The **name view** is the text frames match: a copy of the folded text
//! in lower case where each mention is one character of Unicode's private
//! use plane 15 (`U+F0000 + index`), so that a frame written as
//! `{actor} plays {character}` is a regular expression over words and
//! single-character names, and the same frame reads "CAREY MULLIGAN plays"
//! and "Carey Mulligan plays". [`NameView::to_folded`] maps a view offset
//! back to the folded text, and from there the document maps it to the
//! file's bytes.

use crate::rules::Lexicon;
use crate::rules::{WordIs, with_lower};

/// The first character that stands for a mention in the name view.
pub const MARK_BASE: u32 = 0xF0000;

/// The most mentions one review's view holds (plane 15 has this many
/// characters); a review with more names than that is no review, and the
/// names past it stay text.
pub const MAX_MENTIONS: usize = 0xFFFD;

/// A regular expression class that matches any mention in the name view.
pub const MARK_CLASS: &str = r"[\x{F0000}-\x{FFFFD}]";

/// One name as the review writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Folded offsets of the name, without a possessive ending.
    pub start: usize,
    pub end: usize,
    /// The name's words in lower case, joined by single spaces, title and
    /// all: `miss emily`, `carey mulligan`, `kathy h.`.
    pub key: String,
    /// The title it starts with, in lower case without a full stop
    /// (`miss`, `dr`), when it has one.
    pub title: Option<String>,
    /// How many words it has besides its title.
    pub words: usize,
    /// Followed by `'s` or `'`.
    pub possessive: bool,
    /// Written in capitals (`CAREY MULLIGAN`).
    pub caps: bool,
    /// The first word of a sentence or a line.
    pub sentence_start: bool,
}

impl Mention {
    /// The words of the name without its title, in lower case.
    pub fn core(&self) -> impl Iterator<Item = &str> {
        let skip = usize::from(self.title.is_some());
        self.key.split(' ').skip(skip)
    }

    /// The first word after the title (a given name, usually).
    pub fn first(&self) -> Option<&str> {
        self.core().next()
    }

    /// The last word (a surname, usually), without a full stop.
    pub fn last(&self) -> Option<&str> {
        self.core()
            .filter(|w| !is_suffix(w))
            .last()
            .map(|w| w.trim_end_matches('.'))
    }
}

/// The name view of a review: its folded text in lower case with every
/// mention one character.
#[derive(Debug, Clone, Default)]
pub struct NameView {
    pub text: String,
    /// For each mention, in order: where its character is in the view.
    marks: Vec<usize>,
    /// Folded spans of the mentions, in the same order.
    spans: Vec<(usize, usize)>,
}

impl NameView {
    /// The mention a view character stands for.
    pub fn mention_of(c: char) -> Option<usize> {
        let n = c as u32;
        (MARK_BASE..MARK_BASE + MAX_MENTIONS as u32)
            .contains(&n)
            .then(|| (n - MARK_BASE) as usize)
    }

    /// The mentions in `view_text` (a piece of the view), in order.
    pub fn mentions_in(view_text: &str) -> impl Iterator<Item = usize> + '_ {
        view_text.chars().filter_map(NameView::mention_of)
    }

    /// The folded offset of a view offset: a mention's start or end maps
    /// to the name's, text between maps one to one.
    pub fn to_folded(&self, pos: usize) -> usize {
        let k = self.marks.partition_point(|&m| m < pos);
        // Marks before `pos`: the last one ends at or before it.
        if k == 0 {
            return pos;
        }
        let (mark, (_, end)) = (self.marks[k - 1], self.spans[k - 1]);
        let mark_end = mark + 4;
        if pos < mark_end {
            return self.spans[k - 1].0;
        }
        end + (pos - mark_end)
    }
}

/// Words that close a name after its surname.
fn is_suffix(w: &str) -> bool {
    matches!(w, "jr." | "sr." | "jr" | "sr" | "ii" | "iii" | "iv")
}

/// Particles that join two words of one name (`Guillermo del Toro`).
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "den", "der", "des", "di", "du", "ibn", "la", "le",
    "ten", "ter", "van", "von",
];

/// Abbreviations that keep their full stop inside a name.
const ABBREVIATIONS: &[&str] = &[
    "Capt", "Col", "Dr", "Gen", "Jr", "Lt", "Messrs", "Mme", "Mr", "Mrs", "Ms", "Prof", "Rev",
    "Sgt", "Sr", "St",
];

/// Words that start sentences and are never names, beside the lexicon's
/// `not_name` list: function words a capital letter does not make a name.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "also",
    "although", "always", "am", "among", "an", "and", "another", "any", "are", "around", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "down", "during", "each", "either", "else", "enough",
    "even", "ever", "every", "few", "for", "from", "had", "has", "have", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "least", "less", "let", "like", "many", "may", "me", "might", "more",
    "most", "much", "must", "my", "neither", "never", "no", "nor", "not", "now", "of", "off",
    "often", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "perhaps",
    "quite", "rather", "same", "shall", "she", "should", "since", "so", "some", "soon", "still",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "though", "through", "thus", "to", "too", "toward", "towards", "under", "unless",
    "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether",
    "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
    "yet", "you", "your",
];

/// A word of up to eight bytes as a number that sorts as the word does
/// (its bytes first to last, zeros after): every word of the text is
/// looked up in the lists above, and comparing numbers costs less than
/// comparing strings.
const fn packed(w: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        key <<= 8;
        if i < w.len() {
            key |= w[i] as u64;
        }
        i += 1;
    }
    key
}

/// `words`, [`packed`], in the same order.
const fn packed_all<const N: usize>(words: &[&str]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut i = 0;
    while i < N {
        out[i] = packed(words[i].as_bytes());
        i += 1;
    }
    out
}

const PARTICLE_KEYS: [u64; PARTICLES.len()] = packed_all(PARTICLES);
const FUNCTION_KEYS: [u64; FUNCTION_WORDS.len()] = packed_all(FUNCTION_WORDS);

/// Whether `w` (as written) is one of `keys`, a list of words of at most
/// eight bytes, sorted, [`packed`].
fn in_packed(keys: &[u64], w: &str) -> bool {
    w.len() <= 8 && keys.binary_search(&packed(w.as_bytes())).is_ok()
}

/// Whether `word` (in any case) is one of [`FUNCTION_WORDS`].
fn is_function_word(word: &str) -> bool {
    with_lower(word, |w| in_packed(&FUNCTION_KEYS, w))
}

/// One word of the folded text.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    kind: WordKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    /// `Mulligan`, `McEwan`, `O'Brien`.
    Cap,
    /// `MULLIGAN` (two letters or more).
    Caps,
    /// `H.`, `R.`, or a lone capital letter after a name (`Kathy H`).
    Initial,
    /// An abbreviation with its full stop: `Dr.`, `Mr.`, `Jr.`.
    Abbrev,
    /// `del`, `van`.
    Particle,
    /// Anything else: a word in lower case, a number.
    Other,
}

/// Whether the text before `at` on its line is empty or ends a sentence.
fn starts_sentence(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            ' ' | '"' | '\'' | '(' | '[' | '*' | '#' | '-' => continue,
            '\n' | '.' | '!' | '?' | ':' | '|' => return true,
            _ => return false,
        }
    }
    true
}

/// The character at byte `i` of `text` (a character boundary), read
/// without a full UTF-8 decode for ASCII: most of a review is ASCII, and
/// this is asked of every byte.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// The end of the run of letters and digits that starts at `i`.
fn alphanumeric_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// The words of `text`, with what each looks like.
fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    // About one word in six bytes of English: one allocation, mostly.
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let Some(c) = char_at(text, i) else {
            break;
        };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = alphanumeric_end(text, i);
        // A word runs over letters and digits, and over an apostrophe or a
        // hyphen between two of them.
        while let Some(p @ ('\'' | '-')) = char_at(text, end) {
            let next_end = alphanumeric_end(text, end + 1);
            if next_end == end + 1 {
                break;
            }
            // A dash before a small word ends the word: "Linklater-the
            // director's daughter" was "Linklater – the ...".
            if p == '-' && in_packed(&FUNCTION_KEYS, &text[end + 1..next_end]) {
                break;
            }
            end = next_end;
        }
        let word = &text[start..end];
        // "Mulligan's": the possessive is not part of the word.
        let word_end = if word.len() > 2 && word.ends_with("'s") {
            end - 2
        } else {
            end
        };
        let w = &text[start..word_end];
        let first = w.chars().next().unwrap_or(' ');
        let dot = bytes.get(word_end) == Some(&b'.');
        let kind = if first.is_uppercase() {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            if letters == 1 && w.len() == 1 {
                // "I" and "A" are words unless written as initials ("A.").
                if (w == "I" || w == "A") && !dot {
                    WordKind::Other
                } else {
                    WordKind::Initial
                }
            } else if dot && ABBREVIATIONS.contains(&w) {
                WordKind::Abbrev
            } else if upper == letters && letters >= 2 {
                WordKind::Caps
            } else if is_compound_word(w) {
                WordKind::Other
            } else if w.chars().any(|c| c.is_lowercase()) {
                WordKind::Cap
            } else {
                WordKind::Other
            }
        } else if in_packed(&PARTICLE_KEYS, w) {
            WordKind::Particle
        } else {
            WordKind::Other
        };
        let word_end = if dot && matches!(kind, WordKind::Initial | WordKind::Abbrev) {
            word_end + 1
        } else {
            word_end
        };
        out.push(Word {
            start,
            end: word_end,
            kind,
        });
        i = end.max(word_end);
    }
    out
}

/// Words of a character's age or version that start a name ("Young
/// Ilana", "Adult Michael") without being part of it.
fn is_version_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "young" | "younger" | "older" | "adult" | "teenage" | "teen" | "elderly" | "grown-up"
    )
}

/// Whether a capitalised word with a hyphen is a compound of common words
/// ("Thirteen-year-old", "Oscar-winning", "London-based"), not a name
/// ("Meikle-Small", "Joon-ho").
fn is_compound_word(w: &str) -> bool {
    let Some((head, tail)) = w.split_once('-') else {
        return false;
    };
    const TAILS: &[&str] = &[
        "acclaimed",
        "award",
        "based",
        "born",
        "era",
        "esque",
        "inspired",
        "like",
        "nominated",
        "old",
        "olds",
        "set",
        "style",
        "time",
        "winning",
    ];
    let tail_word = tail.split('-').next().unwrap_or(tail);
    tail.starts_with(|c: char| c.is_lowercase())
        && (TAILS.contains(&tail_word)
            || tail.starts_with("year")
            || head.chars().all(|c| c.is_ascii_digit())
            || crate::numbers::parse_number(&head.to_lowercase()).is_some())
}

/// The finder's view of the lexicon: what is never a name word.
struct NotNames<'a> {
    lexicon: &'a Lexicon,
    text: &'a str,
    words: &'a [Word],
    /// The words the text writes in lower case: a capitalised word at a
    /// sentence's start that is one of them ("Will it work? ... it will")
    /// is that word. Gathered once, so that asking costs no pass, and only
    /// when first asked: most runs are settled before the question comes.
    lower: std::cell::OnceCell<rustc_hash::FxHashSet<&'a str>>,
}

/// Whether `w` has a capital letter.
fn has_upper(w: &str) -> bool {
    if w.is_ascii() {
        w.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        w.chars().any(char::is_uppercase)
    }
}

impl NotNames<'_> {
    /// Whether the text writes `word` in lower case elsewhere.
    fn written_lower(&self, word: &str) -> bool {
        with_lower(word, |lower| {
            lower != word
                && self
                    .lower
                    .get_or_init(|| {
                        let mut lower = rustc_hash::FxHashSet::default();
                        lower.reserve(self.words.len());
                        lower.extend(
                            self.words
                                .iter()
                                // Other kinds start with a capital.
                                .filter(|w| matches!(w.kind, WordKind::Other | WordKind::Particle))
                                .map(|w| &self.text[w.start..w.end])
                                .filter(|w| !has_upper(w)),
                        );
                        lower
                    })
                    .contains(lower)
        })
    }

    /// Whether a capitalised word is never part of a name.
    fn never(&self, word: &str) -> bool {
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        self.lexicon.word_is(trimmed) & WordIs::NOT_NAME != 0
            || self.lexicon.word_is(word)
                & (WordIs::NOT_NAME
                    | WordIs::MONTH
                    | WordIs::WEEKDAY
                    | WordIs::NATIONALITY
                    | WordIs::NUMBER_WORD)
                != 0
    }

    fn is_given_name(&self, word: &str) -> bool {
        self.lexicon.word_is(word) & WordIs::GIVEN_NAME != 0
    }

    /// Whether a capitalised word at the start of a sentence reads as an
    /// English word rather than a name: a label or participle ("Directed",
    /// "Starring", "Based") or an adverb ("Sadly"), unless it is a given
    /// name ("Fred", "Sterling", "Emily").
    fn looks_like_a_word(&self, word: &str) -> bool {
        let w = word.to_ascii_lowercase();
        (w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly"))
            && w.len() > 4
            && !self.is_given_name(word)
    }

    fn is_title(&self, word: &str) -> bool {
        self.lexicon.word_is(word.trim_end_matches('.')) & WordIs::TITLE != 0
    }
}

/// Whether `rest` (the text after a word) goes on with a subject pronoun:
/// a sentence's first word before one ("Go she introduces herself",
/// "Still, he waits") is no name.
fn before_a_pronoun(rest: &str) -> bool {
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let word = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    matches!(word, "he" | "she" | "they" | "we" | "I" | "you" | "it")
}

/// The mentions of a folded text, in order, and its name view.
pub fn find(text: &str, lexicon: &Lexicon) -> (Vec<Mention>, NameView) {
    let words = words(text);
    let not = NotNames {
        lexicon,
        text,
        words: &words,
        lower: std::cell::OnceCell::new(),
    };
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // A run of name words joined by single spaces.
        if !matches!(
            words[i].kind,
            WordKind::Cap | WordKind::Caps | WordKind::Initial | WordKind::Abbrev
        ) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() {
            let gap = &text[words[j - 1].end..words[j].start];
            let joined = gap == " "
                || (gap == ", "
                    && is_suffix(&text[words[j].start..words[j].end].to_ascii_lowercase()));
            if !joined {
                break;
            }
            match words[j].kind {
                WordKind::Cap | WordKind::Caps | WordKind::Initial | WordKind::Abbrev => j += 1,
                WordKind::Particle
                    if words.get(j + 1).is_some_and(|n| {
                        matches!(n.kind, WordKind::Cap | WordKind::Caps)
                            && &text[words[j].end..n.start] == " "
                    }) =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        let run = &words[i..j];
        i = j;
        mentions_of_run(text, run, &not, &mut mentions);
    }
    mentions.truncate(MAX_MENTIONS);
    let view = view_of(text, &mentions);
    (mentions, view)
}

/// The mentions a run of name words holds, pushed to `out`: the run split
/// where capitals meet mixed case and at small words ("BASED ON THE NOVEL
/// BY IAN MCEWAN"), each piece with its leading words that are no names
/// dropped.
fn mentions_of_run(text: &str, run: &[Word], not: &NotNames, out: &mut Vec<Mention>) {
    let is_function = |w: &Word| {
        matches!(w.kind, WordKind::Cap | WordKind::Caps) && is_function_word(&text[w.start..w.end])
    };
    let mut from = 0;
    for k in 0..run.len() {
        let split_before = k > from && {
            let (a, b) = (run[k - 1].kind, run[k].kind);
            (a == WordKind::Caps && b == WordKind::Cap)
                || (a == WordKind::Cap && b == WordKind::Caps)
        };
        // A small word inside a run splits it, unless it is a given name
        // in the middle of a sentence ("says Will Smith").
        let small = is_function(&run[k])
            && (k == 0 && starts_sentence(text, run[k].start)
                || run[k].kind == WordKind::Caps
                || !not.is_given_name(&text[run[k].start..run[k].end]));
        if split_before || small {
            if k > from {
                out.extend(mention_of_piece(text, &run[from..k], not));
            }
            from = if small { k + 1 } else { k };
        }
    }
    if from < run.len() {
        out.extend(mention_of_piece(text, &run[from..], not));
    }
}

/// The mention a piece of a run holds, once its leading words that are no
/// names and its trailing particles are dropped; none when what is left is
/// no name.
fn mention_of_piece(text: &str, piece: &[Word], not: &NotNames) -> Option<Mention> {
    let mut s = 0;
    // Leading words that are no names.
    while s < piece.len() {
        let w = &text[piece[s].start..piece[s].end];
        let at_start = starts_sentence(text, piece[s].start);
        let drop = match piece[s].kind {
            WordKind::Particle | WordKind::Other => true,
            WordKind::Initial | WordKind::Abbrev => false,
            WordKind::Cap | WordKind::Caps => {
                not.never(w)
                    || (is_function_word(w) && (at_start || !not.is_given_name(w)))
                    || (s + 1 < piece.len() && is_version_word(w))
                    || (at_start
                        && piece[s].kind == WordKind::Cap
                        && (not.written_lower(w)
                            || not.looks_like_a_word(w)
                            || (s + 1 == piece.len()
                                && !not.is_given_name(w)
                                && before_a_pronoun(&text[piece[s].end..]))))
            }
        };
        if !drop {
            break;
        }
        s += 1;
    }
    let mut e = piece.len();
    // Trailing particles.
    while e > s && matches!(piece[e - 1].kind, WordKind::Particle | WordKind::Other) {
        e -= 1;
    }
    let words = &piece[s..e];
    let first = words.first()?;
    let caps = words
        .iter()
        .all(|w| matches!(w.kind, WordKind::Caps | WordKind::Initial));
    // Capitals alone are a name only two words at a time: one word in
    // capitals is an acronym (BBC, MPAA) or shouting.
    let full_words = words
        .iter()
        .filter(|w| matches!(w.kind, WordKind::Caps | WordKind::Cap))
        .count();
    if caps && full_words < 2 {
        return None;
    }
    let start = first.start;
    let end = words[words.len() - 1].end;
    // A lone initial or abbreviation is no name; nor is a label
    // ("Cast:", "Mus:").
    if full_words == 0 && !not.is_title(&text[first.start..first.end]) {
        return None;
    }
    if words.len() == 1 && text[end..].starts_with(':') {
        return None;
    }
    let mut key = String::with_capacity(end - start);
    for w in words {
        if !key.is_empty() {
            key.push(' ');
        }
        push_lowercase(&mut key, &text[w.start..w.end]);
    }
    let first_word = &text[first.start..first.end];
    let title = ((words.len() > 1 || full_words == 0) && not.is_title(first_word))
        .then(|| first_word.trim_end_matches('.').to_lowercase());
    let after = &text[end..];
    let possessive = after.starts_with("'s") && !after[2..].starts_with(char::is_alphanumeric)
        || (after.starts_with('\'')
            && key.ends_with('s')
            && !after[1..].starts_with(char::is_alphanumeric));
    Some(Mention {
        start,
        end,
        words: words.len() - usize::from(title.is_some()),
        title,
        key,
        possessive,
        caps,
        sentence_start: starts_sentence(text, start),
    })
}

/// Appends `word` in lower case, as `str::to_lowercase` gives it (a
/// Greek capital sigma reads its word's end), without a copy for ASCII.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// The name view of `text` with `mentions` (in order, not overlapping).
fn view_of(text: &str, mentions: &[Mention]) -> NameView {
    let mut view = String::with_capacity(text.len());
    let mut marks = Vec::with_capacity(mentions.len());
    let mut spans = Vec::with_capacity(mentions.len());
    let mut at = 0;
    for (k, m) in mentions.iter().enumerate() {
        push_lower(&mut view, &text[at..m.start]);
        marks.push(view.len());
        spans.push((m.start, m.end));
        view.push(char::from_u32(MARK_BASE + k as u32).unwrap_or('\u{FFFD}'));
        at = m.end;
    }
    push_lower(&mut view, &text[at..]);
    join_wrapped_lines(text, &mut view);
    NameView {
        text: view,
        marks,
        spans,
    }
}

/// The shortest line that a hard wrap can have ended: a line of a
/// paragraph wrapped at 70 or 80 columns, not a heading or a fact line.
const WRAPPED_LINE: usize = 60;

/// Joins the lines of hard-wrapped paragraphs with a space, so that a
/// frame reads "Kathy and Ruth (played in their adult form by\nAnn Vole
/// and ...)" as one clause. A line break stays where a line is short (a
/// heading, a fact line), ends a sentence or a label, or where the next
/// line is blank, a bullet, a table row or a label ("cast: ..."). The view
/// keeps its length: a break becomes a space, byte for byte.
fn join_wrapped_lines(text: &str, view: &mut String) {
    // Decided on the text (a name is its whole length there, not one
    // mark), then done on the view: the k-th line break of one is the
    // k-th of the other, since no name spans a line.
    let bytes = text.as_bytes();
    let mut joins = Vec::new();
    let mut line_start = 0;
    for (k, p) in memchr_newlines(bytes).enumerate() {
        let line = text[line_start..p].trim_end();
        let next_end = bytes[p + 1..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(bytes.len(), |i| p + 1 + i);
        let next = text[p + 1..next_end].trim_start();
        line_start = p + 1;
        let ends_clause = line.ends_with(['.', '!', '?', ':', ';']);
        let next_is_apart = next.is_empty()
            || next.starts_with(['-', '*', '•', '#', '|', '>', '(', '['])
            || next.find(':').is_some_and(|c| {
                c < 25
                    && next[..c]
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b' ')
            });
        if line.chars().count() >= WRAPPED_LINE && !ends_clause && !next_is_apart {
            joins.push(k);
        }
    }
    if joins.is_empty() {
        return;
    }
    let breaks: Vec<usize> = memchr_newlines(view.as_bytes()).collect();
    let mut out = std::mem::take(view).into_bytes();
    for k in joins {
        if let Some(&p) = breaks.get(k) {
            out[p] = b' ';
        }
    }
    *view = String::from_utf8(out).expect("a line break became a space");
}

/// The offsets of the line breaks of `bytes`.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i)
}

/// Appends `s` with ASCII letters in lower case (other characters keep
/// their bytes, so offsets stay one to one).
/// `s` in ASCII lower case, byte for byte; a character of the text that
/// falls among the marks (a private-use one) becomes another of the same
/// length, so that no text is read as a mention.
fn push_lower(out: &mut String, s: &str) {
    // A mark is four bytes from 0xF3: text without that byte is copied
    // whole and lowered in place.
    if !s.as_bytes().contains(&0xF3) {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
        return;
    }
    out.extend(s.chars().map(|c| {
        if NameView::mention_of(c).is_some() {
            '\u{10000}'
        } else {
            c.to_ascii_lowercase()
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        crate::rules::RuleSet::builtin()
            .expect("the built-in rules load")
            .lexicon
    }

    #[test]
    fn hard_wrapped_paragraphs_read_as_one_line_and_fact_lines_stay_apart() {
        let text = "As the three friends Kathy and Tom (played in their adult form by\n\
                    Ann Vole and Bo Lind) move, they grow.\n\
                    Director: Cy Ober\n\
                    cast: Ann Vole";
        let (_, view) = find(text, &lexicon());
        let lines: Vec<&str> = view.text.split('\n').collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].contains("form by ") && lines[0].ends_with("they grow."));
        // A long line that ends a sentence, or a label after it, keeps its break.
        let text = format!(
            "{}.\nNext one starts here.\n{}\ncast: Ann Vole",
            "a".repeat(70),
            "b".repeat(70)
        );
        let (_, view) = find(&text, &lexicon());
        assert_eq!(view.text.matches('\n').count(), 3);
    }

    #[test]
    fn a_private_use_character_of_the_text_is_no_mention() {
        let text = format!(
            "Nora Quill as {} Jenny.",
            char::from_u32(MARK_BASE + 40).unwrap()
        );
        let (mentions, view) = find(&text, &lexicon());
        assert_eq!(
            view.text.len(),
            text.len() - "Nora Quill".len() - "Jenny".len() + 8
        );
        assert!(NameView::mentions_in(&view.text).all(|k| k < mentions.len()));
    }

    fn keys(text: &str) -> Vec<String> {
        find(text, &lexicon())
            .0
            .into_iter()
            .map(|m| m.key)
            .collect()
    }

    /// A word list searched packed: sorted, without repeats, each word
    /// short enough to pack.
    fn assert_packable(list: &[&str]) {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, list);
        assert!(list.iter().all(|p| p.len() <= 8));
    }

    #[test]
    fn particles_are_sorted_and_short_for_packed_search() {
        assert_packable(PARTICLES);
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert_packable(FUNCTION_WORDS);
    }

    #[test]
    fn names_start_where_the_name_does() {
        assert_eq!(
            keys("When Carey Mulligan arrives, Kathy H. (Izzy Meikle-Small) waits."),
            ["carey mulligan", "kathy h.", "izzy meikle-small"]
        );
        assert_eq!(
            keys("Three friends meet. The film is by Guillermo del Toro."),
            ["guillermo del toro"]
        );
    }

    #[test]
    fn capitals_titles_and_possessives() {
        let (ms, _) = find(
            "from CAREY MULLIGAN and ANDREW GARFIELD; Miss Emily's gallery; Tom Hanks' Woody",
            &lexicon(),
        );
        let keys: Vec<&str> = ms.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "carey mulligan",
                "andrew garfield",
                "miss emily",
                "tom hanks",
                "woody"
            ]
        );
        assert!(ms[0].caps);
        assert_eq!(ms[2].title.as_deref(), Some("miss"));
        assert!(ms[2].possessive && ms[3].possessive && !ms[4].possessive);
        assert_eq!(ms[2].first(), Some("emily"));
        assert_eq!(ms[3].last(), Some("hanks"));
    }

    #[test]
    fn one_word_in_capitals_is_no_name() {
        assert_eq!(keys("BASED ON THE NOVEL BY IAN MCEWAN"), ["ian mcewan"]);
        assert!(keys("Rated R by the MPAA.").is_empty());
    }

    #[test]
    fn a_sentence_start_written_lower_elsewhere_is_a_word() {
        assert_eq!(
            keys("Will it work? It will, says Will Smith."),
            ["will smith"]
        );
    }

    #[test]
    fn the_view_maps_back() {
        let text = "Kathy (Carey Mulligan) is sad.";
        let (ms, view) = find(text, &lexicon());
        assert_eq!(ms.len(), 2);
        let a = char::from_u32(MARK_BASE).unwrap();
        let b = char::from_u32(MARK_BASE + 1).unwrap();
        assert_eq!(view.text, format!("{a} ({b}) is sad."));
        let paren = view.text.find('(').unwrap();
        assert_eq!(view.to_folded(paren), text.find('(').unwrap());
        let is = view.text.find(" is").unwrap();
        assert_eq!(view.to_folded(is), text.find(" is").unwrap());
        // A mention's own start and end.
        let b_at = view.text.find(b).unwrap();
        assert_eq!(view.to_folded(b_at), 7);
        assert_eq!(view.to_folded(b_at + 4), 21);
        assert_eq!(NameView::mention_of(b), Some(1));
        assert_eq!(
            NameView::mentions_in(&view.text).collect::<Vec<_>>(),
            [0, 1]
        );
    }

    #[test]
    fn suffixes_and_particles() {
        assert_eq!(
            keys("Mason Evans, Jr. and Vito Corleone meet Olivia de Havilland."),
            ["mason evans jr.", "vito corleone", "olivia de havilland"]
        );
    }
}
