//! Relation frames: rules over names, not over letters.
//!
//! A frame is a rule whose pattern runs over a review's *name view* (see
//! [`crate::mentions`]): the text in lower case with each name one
//! character. `{actor} plays {character}` is then one short regular
//! expression that reads "Carey Mulligan plays Kathy", "CAREY MULLIGAN
//! plays Kathy H." and "Mulligan plays Kathy" alike, and cannot start a
//! name on "When". A slot is written `{name}` (one name), `{name*}` (a
//! list: "A, B and C"), `{name+}` (a list that ends with "and"),
//! `{name&}` (joined by "and" only) or `{name/}` (joined by slashes
//! only); `{{...}}` uses the lexicon as rule patterns do.
//!
//! What a name *is* decides how a frame reads it, never where it stands:
//! a frame may offer several **readings**, each with the types it needs
//! (`need = { a = "character", b = "actor" }`) and the claims it makes,
//! and the film's entity table (see [`crate::entities`]) picks the one the
//! names fit, or none when they fit none or the table cannot tell. "Carey
//! Mulligan (Jenny Mellor)" and "Jenny (Carey Mulligan)" are one frame.
//!
//! A frame whose words say what its names are ("played by {actor}")
//! **votes**: every match is evidence for the table, counted over every
//! review of the film, so that what one review says plainly reads another
//! review's loose wording.
//!
//! A frame reads one sentence: no match crosses a line break or the end
//! of a sentence ("the end. Then", see [`cues`]), so that its gaps cannot
//! join the names of two sentences. A gap that could (`[^()]{1,60}`) is
//! written not to (`(?:[^().!?]|[.!?][^ ])`); the tests run every frame
//! over every review both ways and hold it.
//!
//! Frames run in two steps. Here, per review: every match becomes
//! [`Candidate`] claims with the types they need, and [`Vote`]s. Then,
//! per film, the entity table keeps the candidates whose names fit.

pub mod cues;

use std::cell::RefCell;
use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::mentions::{MARK_CLASS, Mention, NameView};
use crate::model::{Date, Property, Value};
use crate::rules::pattern::{Captures, Match as Group, Pattern, Scratch};
use crate::rules::{Lexicon, Template, WordIs};
use crate::text::{Document, LineKind};
use crate::values;

/// What a name is, as the entity table decides it and frames need it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A performer: actor, actress, voice.
    Actor,
    /// The film's director.
    Director,
    /// A writer: of the screenplay, or of the book it adapts.
    Writer,
    /// Someone else who made the film: cinematographer, composer, editor,
    /// producer.
    Crew,
    /// A person of the story.
    Character,
    Place,
    /// Another film, a book, a show.
    Work,
    /// A studio, a distributor, a broadcaster.
    Org,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Actor,
        Kind::Director,
        Kind::Writer,
        Kind::Crew,
        Kind::Character,
        Kind::Place,
        Kind::Work,
        Kind::Org,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Director => "director",
            Kind::Writer => "writer",
            Kind::Crew => "crew",
            Kind::Character => "character",
            Kind::Place => "place",
            Kind::Work => "work",
            Kind::Org => "org",
        }
    }

    /// Whether this is a real person who made the film (an actor or crew).
    pub fn is_person(self) -> bool {
        matches!(
            self,
            Kind::Actor | Kind::Director | Kind::Writer | Kind::Crew
        )
    }
}

/// What a reading needs a slot's name to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Need {
    Actor,
    Director,
    Writer,
    /// Anyone who made the film without (only) acting in it.
    Crew,
    /// A real person: an actor or crew, or a name that looks like a
    /// person's and that nothing says more of.
    Person,
    Character,
    Place,
    Work,
    Org,
}

impl Need {
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Actor => "actor",
            Need::Director => "director",
            Need::Writer => "writer",
            Need::Crew => "crew",
            Need::Person => "person",
            Need::Character => "character",
            Need::Place => "place",
            Need::Work => "work",
            Need::Org => "org",
        }
    }
}

/// A frame as its author writes it (in any rule file, as `[[frame]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrame {
    /// Unique id, `family.what-it-reads`, e.g. `cast.played-by`.
    pub id: Spanned<String>,
    /// What the frame reads, in a sentence.
    pub description: String,
    /// A regular expression over the name view (lower case; each name one
    /// character). `{slot}` is one name, `{slot*}` a list of names;
    /// `{{name}}` uses the lexicon; other named captures may be used in
    /// the claim templates.
    pub pattern: Spanned<String>,
    /// What the frame's own words say each slot's name is: evidence for
    /// the film's entity table, whatever the claims.
    #[serde(default)]
    pub votes: BTreeMap<String, Kind>,
    /// The types the claims need, when the frame has one reading. Default:
    /// its votes.
    #[serde(default)]
    pub need: Option<BTreeMap<String, Need>>,
    /// The claims of the frame's one reading.
    #[serde(default)]
    pub claims: Vec<RawClaimSpec>,
    /// Readings to choose from by the names' types, when the words alone
    /// do not say which name is which.
    #[serde(default)]
    pub reading: Vec<RawReading>,
    /// Lists pair item by item only ("A and B ... as C and D,
    /// respectively"); without it, a list of one name goes with every
    /// name of another list ("C (played by A and B)").
    #[serde(default)]
    pub respectively: bool,
    /// A pattern over the name view that, when it matches the text just
    /// before a match (on its line), cancels the match; `{name}` is any
    /// name there. The engine has no look-behind; this is its place.
    #[serde(default)]
    pub not_after: Option<Spanned<String>>,
    /// A pattern that, found anywhere in a match, cancels it: the words
    /// a frame's gaps must not hold ("best known as" is not a part);
    /// `{name}` is any name.
    #[serde(default)]
    pub not_within: Option<Spanned<String>>,
    /// Whether its claims need every name known, by the film's other
    /// evidence, to be what the reading needs (a frame whose words say
    /// little, as "Tom Hanks' Woody").
    #[serde(default)]
    pub sure: bool,
    /// Texts and the exact claims the frame must make from each.
    #[serde(default)]
    pub examples: Vec<RawFrameExample>,
    /// Texts from which the frame must make no claim.
    #[serde(default)]
    pub counter_examples: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReading {
    pub need: BTreeMap<String, Need>,
    pub claims: Vec<RawClaimSpec>,
    /// Captures of the pattern that, when they match, rule this reading
    /// out ("Adam Kimmel (Capote, Lars and the Real Girl)": a name
    /// followed by titles is no character's actor).
    #[serde(default)]
    pub unless: Vec<String>,
}

/// A claim a reading makes: templates over slots and captures.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawClaimSpec {
    pub property: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub value: String,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, String>,
}

/// An example of a frame: its text (and, optionally, other text of the
/// same film that says what its names are) and the claims it gives.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrameExample {
    pub text: Spanned<String>,
    /// Another review of the same film: evidence for the names, no claims.
    #[serde(default)]
    pub context: Option<String>,
    pub claims: Vec<crate::rules::raw::RawExpected>,
}

/// A slot of a compiled frame.
#[derive(Debug, Clone)]
pub struct Slot {
    pub name: String,
    pub list: bool,
}

/// What joins the names of a list slot: `{x*}` takes commas too ("A, B
/// and C"), `{x+}` commas only in a list that ends with "and" ("A, B and
/// C", never "A, B"), `{x&}` only "and" ("Ada and Bo Lund"), so that a
/// credit in prose ends at the comma after it, and `{x/}` only a slash
/// ("Pan/Pale Man": two parts in one bracket, where a comma would start a
/// note).
fn list_joint(joint: char) -> &'static str {
    match joint {
        '*' => r"(?:,[ ]|,?[ ]and[ ]|,?[ ]&[ ]|[ ]?/[ ]?)",
        '&' => r"(?:[ ]and[ ]|[ ]&[ ])",
        _ => r"(?:[ ]?/[ ]?)",
    }
}

/// A claim a compiled reading makes.
#[derive(Debug, Clone)]
pub struct ClaimSpec {
    pub property: Property,
    pub subject: Option<Template>,
    pub value: Template,
    pub qualifiers: Vec<(String, Template)>,
}

#[derive(Debug, Clone)]
pub struct Reading {
    /// Slot index and what its name must be.
    pub need: Vec<(usize, Need)>,
    pub claims: Vec<ClaimSpec>,
    /// Captures whose match rules the reading out.
    pub unless: Vec<String>,
}

/// A frame, compiled.
#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub description: String,
    pub file: String,
    /// The line of its id in the file.
    pub line: usize,
    /// The pattern as written.
    pub source: String,
    /// The pattern with its slots and the lexicon's lists written out:
    /// the regular expression that runs.
    pub expanded: String,
    pub regex: Pattern,
    pub slots: Vec<Slot>,
    pub votes: Vec<(usize, Kind)>,
    pub readings: Vec<Reading>,
    pub respectively: bool,
    pub not_after: Option<Regex>,
    pub not_within: Option<Regex>,
    pub sure: bool,
    pub examples: Vec<FrameExample>,
    pub counter_examples: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct FrameExample {
    pub text: String,
    pub context: Option<String>,
    pub claims: Vec<crate::rules::Expected>,
    pub line: usize,
}

/// Expands a frame pattern: the lexicon's `{{...}}`, then the slots.
/// Returns the regular expression and the slots, in order.
pub fn expand(pattern: &str, lexicon: &Lexicon) -> Result<(String, Vec<Slot>), String> {
    let expanded = lexicon.expand(pattern)?;
    let mut out = String::with_capacity(expanded.len() * 2);
    let mut slots: Vec<Slot> = Vec::new();
    let bytes = expanded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' {
            // An escape: copied with the character it escapes.
            let next = expanded[i + 1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&expanded[i..i + 1 + next]);
            i += 1 + next;
            continue;
        }
        if c == b'{' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_lowercase()) {
            let close = expanded[i..]
                .find('}')
                .ok_or_else(|| format!("`{{` without a closing `}}` in `{pattern}`"))?;
            let inner = &expanded[i + 1..i + close];
            let list = inner
                .chars()
                .last()
                .filter(|c| matches!(c, '*' | '&' | '/' | '+'));
            let name = list.map_or(inner, |c| &inner[..inner.len() - c.len_utf8()]);
            if !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(format!(
                    "`{{{inner}}}` is not a slot: a slot is `{{name}}`, `{{name*}}`, `{{name+}}`, `{{name&}}` or `{{name/}}`, in lower case"
                ));
            }
            if slots.iter().any(|s| s.name == name) {
                return Err(format!("the slot `{{{name}}}` is used twice"));
            }
            slots.push(Slot {
                name: name.to_string(),
                list: list.is_some(),
            });
            if list == Some('+') {
                // Commas, but only in a list that ends with "and".
                out.push_str(&format!(
                    "(?P<{name}>{MARK_CLASS}(?:(?:,[ ]{MARK_CLASS}|[ ](?:and|&)[ ]{MARK_CLASS}){{0,14}},?[ ](?:and|&)[ ]{MARK_CLASS})?)"
                ));
            } else if let Some(kind) = list {
                let joint = list_joint(kind);
                out.push_str(&format!(
                    "(?P<{name}>{MARK_CLASS}(?:{joint}{MARK_CLASS}){{0,15}})"
                ));
            } else {
                out.push_str(&format!("(?P<{name}>{MARK_CLASS})"));
            }
            i += close + 1;
            continue;
        }
        let len = expanded[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&expanded[i..i + len]);
        i += len;
    }
    if slots.is_empty() {
        return Err("a frame needs at least one slot, `{name}`".into());
    }
    Ok((out, slots))
}

/// How much of the line before a match a frame's `not_after` sees.
const NOT_AFTER_WINDOW: usize = 200;

/// The most compiled program one frame may take.
pub const FRAME_SIZE_LIMIT: usize = 1 << 20;

impl Frame {
    /// Whether slot `i` may hold a character's name, by its votes or a
    /// reading's needs.
    pub fn may_be_character(&self, i: usize) -> bool {
        self.votes
            .iter()
            .any(|&(s, k)| s == i && k == Kind::Character)
            || self
                .readings
                .iter()
                .any(|r| r.need.iter().any(|&(s, n)| s == i && n == Need::Character))
    }

    /// Compiles a raw frame from `file`.
    pub fn compile(
        raw: RawFrame,
        file: &str,
        source_text: &str,
        lexicon: &Lexicon,
    ) -> Result<Frame, String> {
        let id = raw.id.get_ref().clone();
        let line_of = |at: usize| crate::error::Location::at(file, source_text, at).line;
        let source = raw.pattern.get_ref().clone();
        let (expanded, slots) = expand(&source, lexicon)?;
        let regex = Pattern::with_size_limit(&expanded, true, FRAME_SIZE_LIMIT)
            .map_err(|e| format!("the pattern does not compile: {e}"))?;
        let slot_of = |name: &str| -> Result<usize, String> {
            slots.iter().position(|s| s.name == name).ok_or_else(|| {
                format!(
                    "`{name}` is not a slot of the pattern (slots: {})",
                    slot_names(&slots)
                )
            })
        };
        let captures: Vec<String> = regex.capture_names().flatten().map(String::from).collect();
        let template = |t: &str| -> Result<Template, String> {
            let t = Template::parse(t)?;
            for c in t.captures() {
                if !captures.iter().any(|n| n == c) {
                    return Err(format!("`{{{c}}}` is no capture or slot of the pattern"));
                }
            }
            Ok(t)
        };
        let claim_spec = |c: &RawClaimSpec| -> Result<ClaimSpec, String> {
            let property = Property::parse(&c.property)
                .ok_or_else(|| format!("`{}` is not a property", c.property))?;
            let mut qualifiers = Vec::new();
            for (k, v) in &c.qualifiers {
                if !crate::model::QUALIFIERS.contains(&k.as_str()) {
                    return Err(format!("`{k}` is not a qualifier"));
                }
                qualifiers.push((k.clone(), template(v)?));
            }
            Ok(ClaimSpec {
                property,
                subject: c.subject.as_deref().map(template).transpose()?,
                value: template(&c.value)?,
                qualifiers,
            })
        };
        let mut votes = Vec::new();
        for (slot, kind) in &raw.votes {
            votes.push((slot_of(slot)?, *kind));
        }
        let mut readings = Vec::new();
        if !raw.claims.is_empty() {
            let need = match &raw.need {
                Some(need) => need
                    .iter()
                    .map(|(s, n)| Ok((slot_of(s)?, *n)))
                    .collect::<Result<Vec<_>, String>>()?,
                None => votes.iter().map(|&(s, k)| (s, need_of(k))).collect(),
            };
            readings.push(Reading {
                need,
                claims: raw
                    .claims
                    .iter()
                    .map(claim_spec)
                    .collect::<Result<_, _>>()?,
                unless: Vec::new(),
            });
        }
        for r in &raw.reading {
            if let Some(u) = r.unless.iter().find(|u| !captures.contains(u)) {
                return Err(format!("`unless` names `{u}`, no capture of the pattern"));
            }
            readings.push(Reading {
                need: r
                    .need
                    .iter()
                    .map(|(s, n)| Ok((slot_of(s)?, *n)))
                    .collect::<Result<Vec<_>, String>>()?,
                claims: r.claims.iter().map(claim_spec).collect::<Result<_, _>>()?,
                unless: r.unless.clone(),
            });
        }
        if readings.is_empty() && votes.is_empty() {
            return Err("a frame needs claims, readings or votes".into());
        }
        let not_after = match &raw.not_after {
            None => None,
            Some(p) => {
                let expanded = lexicon.expand(&p.get_ref().replace("{name}", MARK_CLASS))?;
                Some(
                    regex::RegexBuilder::new(&format!("(?:{expanded})$"))
                        .size_limit(FRAME_SIZE_LIMIT)
                        .build()
                        .map_err(|e| format!("`not_after` does not compile: {e}"))?,
                )
            }
        };
        let not_within = match &raw.not_within {
            None => None,
            Some(p) => {
                let expanded = lexicon.expand(&p.get_ref().replace("{name}", MARK_CLASS))?;
                Some(
                    regex::RegexBuilder::new(&expanded)
                        .size_limit(FRAME_SIZE_LIMIT)
                        .build()
                        .map_err(|e| format!("`not_within` does not compile: {e}"))?,
                )
            }
        };
        let default = readings
            .first()
            .and_then(|r| r.claims.first())
            .map(|c| c.property);
        let mut examples = Vec::new();
        for e in raw.examples {
            let mut claims = Vec::new();
            for c in &e.claims {
                let property = match &c.property {
                    Some(p) => Property::parse(p)
                        .ok_or_else(|| format!("an example names unknown property `{p}`"))?,
                    None => default.ok_or("an example of a frame that makes no claim")?,
                };
                claims.push(crate::rules::Expected {
                    property,
                    subject: c.subject.clone(),
                    value: c.value.clone(),
                    qualifiers: c.qualifiers.clone(),
                });
            }
            claims.sort();
            examples.push(FrameExample {
                line: line_of(e.text.span().start),
                text: e.text.into_inner(),
                context: e.context,
                claims,
            });
        }
        if examples.is_empty() && !readings.is_empty() {
            return Err("a frame that makes claims needs examples: add [[frame.examples]] with a text and the claims it gives".into());
        }
        Ok(Frame {
            line: line_of(raw.id.span().start),
            id,
            description: raw.description,
            file: file.to_string(),
            source,
            expanded,
            regex,
            slots,
            votes,
            readings,
            respectively: raw.respectively,
            not_after,
            not_within,
            sure: raw.sure,
            examples,
            counter_examples: raw
                .counter_examples
                .into_iter()
                .map(|c| (line_of(c.span().start), c.into_inner()))
                .map(|(l, t)| (t, l))
                .collect(),
        })
    }
}

fn slot_names(slots: &[Slot]) -> String {
    slots
        .iter()
        .map(|s| format!("`{}`", s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a vote of `kind` needs of a name, as a reading's default.
fn need_of(kind: Kind) -> Need {
    match kind {
        Kind::Actor => Need::Actor,
        Kind::Director => Need::Director,
        Kind::Writer => Need::Writer,
        Kind::Crew => Need::Crew,
        Kind::Character => Need::Character,
        Kind::Place => Need::Place,
        Kind::Work => Need::Work,
        Kind::Org => Need::Org,
    }
}

/// A name of a review, as the film's table needs it.
#[derive(Debug, Clone)]
pub struct NameInfo {
    pub key: String,
    pub title: Option<String>,
    pub words: usize,
    pub possessive: bool,
    pub caps: bool,
    pub sentence_start: bool,
    /// As the review writes it.
    pub surface: String,
    pub line: usize,
}

/// Evidence that a name is of a kind: a frame's words said so.
#[derive(Debug, Clone)]
pub struct Vote {
    /// The review's name (index into [`Evidence::names`]).
    pub name: u32,
    pub kind: Kind,
    /// The frame (index into the rule set's frames).
    pub frame: u32,
    pub line: usize,
}

/// A claim a frame reading would make, if the names fit.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The match (and, for a run of matches of one list, the run): the
    /// readings of one group are chosen together.
    pub group: u32,
    pub reading: u16,
    pub frame: u32,
    pub property: Property,
    pub subject: Option<String>,
    pub value: Value,
    pub qualifiers: BTreeMap<String, String>,
    /// Folded span (for ordering and overlaps) and the original one.
    pub folded: (usize, usize),
    pub span: (usize, usize),
    pub text: String,
    pub line: usize,
    /// Names and what this reading needs each to be.
    pub needs: Vec<(u32, Need)>,
    /// The words each named capture read (a slot: its row's name), for
    /// `claims --explain`.
    pub captures: Vec<(String, String)>,
}

/// What the frames found in one review, for its film's entity table.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub names: Vec<NameInfo>,
    pub votes: Vec<Vote>,
    pub candidates: Vec<Candidate>,
    /// For each group, how many readings its frame has.
    pub groups: Vec<u16>,
}

/// The frames of a rule set, in file order, with the cue words that say
/// where each can match (see [`cues`]).
#[derive(Debug, Clone, Default)]
pub struct Frames {
    list: Vec<Frame>,
    cues: cues::Cues,
}

impl Frames {
    pub fn new(list: Vec<Frame>) -> Frames {
        let cues = cues::Cues::new(&list);
        Frames { list, cues }
    }

    /// For each frame, the ranges of a name view it searches.
    pub fn ranges(&self, view: &str) -> Vec<Vec<std::ops::Range<usize>>> {
        self.cues.ranges(view)
    }

    /// The same frames, each searching the whole text: the cues' contract
    /// is that this changes nothing.
    pub fn without_cues(&self) -> Frames {
        Frames {
            cues: cues::Cues::none(self.list.len()),
            list: self.list.clone(),
        }
    }
}

impl std::ops::Deref for Frames {
    type Target = [Frame];
    fn deref(&self) -> &[Frame] {
        &self.list
    }
}

/// Runs every frame over one review.
pub fn run(frames: &Frames, doc: &Document, lexicon: &Lexicon, only_for_votes: bool) -> Evidence {
    let (mut mentions, view) = crate::mentions::find(&doc.folded.text, lexicon);
    // The names move their key and title to the evidence: matching below
    // reads only where each mention is.
    let mut ev = Evidence {
        names: mentions
            .iter_mut()
            .map(|m| {
                let (qs, qe) = doc.quote_span(m.start, m.end);
                NameInfo {
                    key: std::mem::take(&mut m.key),
                    title: m.title.take(),
                    words: m.words,
                    possessive: m.possessive,
                    caps: m.caps,
                    sentence_start: m.sentence_start,
                    surface: doc.original[qs..qe].to_string(),
                    line: doc.line_number(qs),
                }
            })
            .collect(),
        ..Evidence::default()
    };
    if mentions.is_empty() {
        return ev;
    }
    // Each frame's search state (see `Scratch`): one set per thread,
    // reused review after review.
    thread_local! {
        static SCRATCH: RefCell<Vec<Option<Scratch>>> = const { RefCell::new(Vec::new()) };
    }
    let mut scratches = SCRATCH
        .with(|r| r.try_borrow_mut().map(|mut r| std::mem::take(&mut *r)))
        .unwrap_or_default();
    if scratches.len() < frames.len() {
        scratches.resize_with(frames.len(), || None);
    }
    let ranges = frames.ranges(&view.text);
    for ((index, frame), ranges) in frames.iter().enumerate().zip(ranges) {
        if only_for_votes && frame.votes.is_empty() {
            continue;
        }
        let scratch = scratches[index].get_or_insert_with(|| frame.regex.scratch());
        // The group of the last match, and where it ended, so that a run
        // of matches of one list ("A (X), B (Y) and C (Z)") is one group.
        let mut last: Option<(u32, usize)> = None;
        for range in ranges {
            let mut at = range.start;
            while at <= range.end && frame.regex.search_in(scratch, &view.text, at..range.end) {
                let caps = scratch.captures(&view.text);
                let whole = caps.get(0).expect("group 0 always matches");
                at = whole.end();
                if whole.is_empty() {
                    at += view.text[at..].chars().next().map_or(1, char::len_utf8);
                }
                let folded_start = view.to_folded(whole.start());
                // The line a match reads is the one its first word is on, not
                // the one of a line break it starts with (`(?:^|\n)cast:`
                // after a blank line).
                let line = doc.line_at(view.to_folded(whole.start() + leading_breaks(whole)));
                if !line.kind.is_read() {
                    continue;
                }
                let comment = line.kind == LineKind::Comment;
                if let Some(not_after) = &frame.not_after {
                    let line_start = view.text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
                    let mut from = whole
                        .start()
                        .saturating_sub(NOT_AFTER_WINDOW)
                        .max(line_start);
                    while !view.text.is_char_boundary(from) {
                        from += 1;
                    }
                    if not_after.is_match(&view.text[from..whole.start()]) {
                        continue;
                    }
                }
                if frame
                    .not_within
                    .as_ref()
                    .is_some_and(|r| r.is_match(whole.as_str()))
                {
                    continue;
                }
                // A character's name the match ends on that is a possessive
                // ("as Stevens's father") names whose the part is, not the part.
                let rest = &view.text[whole.end()..];
                if (rest.starts_with('\'') || rest.starts_with('\u{2019}'))
                    && frame.slots.iter().enumerate().any(|(i, s)| {
                        frame.may_be_character(i)
                            && caps.name(&s.name).is_some_and(|m| m.end() == whole.end())
                    })
                {
                    continue;
                }
                let slot_names: Vec<Vec<u32>> = frame
                    .slots
                    .iter()
                    .map(|s| {
                        caps.name(&s.name)
                            .map(|m| {
                                NameView::mentions_in(m.as_str())
                                    .map(|k| k as u32)
                                    .collect()
                            })
                            .unwrap_or_default()
                    })
                    .collect();
                let qs = doc.quote_span(folded_start, folded_start).0;
                for &(slot, kind) in &frame.votes {
                    for &name in &slot_names[slot] {
                        ev.votes.push(Vote {
                            name,
                            kind,
                            frame: index as u32,
                            line: doc.line_number(qs),
                        });
                    }
                }
                if only_for_votes || frame.readings.is_empty() {
                    continue;
                }
                let between =
                    last.map(|(_, end)| &view.text[end.min(whole.start())..whole.start()]);
                let group = match (last, between) {
                    (Some((g, _)), Some(b)) if is_list_joint(b) => g,
                    _ => {
                        ev.groups.push(frame.readings.len() as u16);
                        (ev.groups.len() - 1) as u32
                    }
                };
                last = Some((group, whole.end()));
                let m = Match {
                    frame,
                    index,
                    caps: &caps,
                    slot_names: &slot_names,
                    view: &view,
                    mentions: &mentions,
                    doc,
                    lexicon,
                    group,
                    comment,
                };
                m.candidates(&mut ev.candidates);
            }
        }
    }
    SCRATCH.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            *r = scratches;
        }
    });
    ev
}

/// The version a word names: `young` for a child or a teenager, `middle`
/// for a middle-aged one, none for an adult or an older one (the default
/// version of a character). An age names one too: "age 13" is a young
/// version, "age 40" the character itself.
/// Whether a version is a language's ("english dub", "original japanese
/// version"), as `frame_dub` in `rules/people.toml` reads one.
fn is_language_version(words: &str) -> bool {
    ["dub", "version", "release", "soundtrack", "track", "cut"]
        .iter()
        .any(|w| words.ends_with(w))
}

fn version_class(word: &str) -> Option<&'static str> {
    match word {
        "young" | "younger" | "little" | "teen" | "teenage" | "teenaged" | "child" => Some("young"),
        "middle-aged" => Some("middle"),
        _ => {
            let age = word
                .strip_prefix("age ")
                .or_else(|| word.strip_prefix("aged "))?
                .trim()
                .parse::<u32>()
                .ok()?;
            (age < 18).then_some("young")
        }
    }
}

/// The line breaks, or the end of the sentence before, that a match
/// starts with (`(?:^|\n)cast:`, `[.;][ ]+editor,`): its words, its line
/// and its quote begin after them.
fn leading_breaks(whole: Group<'_>) -> usize {
    let text = whole.as_str();
    text.len()
        - text
            .trim_start_matches(['\n', '.', ';', '!', '?', ' '])
            .len()
}

/// How much of a match its claims quote: all of it, less a guard the
/// pattern ends on that reaches into the next word ("a widow w", where
/// "[ ][^name]" checks that no name follows) and the spaces before it.
fn quoted_len(view: &str, whole: Group<'_>) -> usize {
    let text = whole.as_str();
    let word = |c: char| c.is_alphanumeric() && NameView::mention_of(c).is_none();
    let ends_in_word = text.chars().next_back().is_some_and(word)
        && view[whole.end()..].chars().next().is_some_and(word);
    if !ends_in_word {
        return text.len();
    }
    let cut = text.trim_end_matches(word).trim_end();
    if cut.is_empty() {
        text.len()
    } else {
        cut.len()
    }
}

/// Whether the text between two matches makes them items of one list.
fn is_list_joint(between: &str) -> bool {
    matches!(between.trim(), "," | ";" | "and" | ", and" | "&" | "" | "/")
}

/// One match of a frame, being read into candidates.
struct Match<'a> {
    frame: &'a Frame,
    index: usize,
    caps: &'a Captures<'a>,
    slot_names: &'a [Vec<u32>],
    view: &'a NameView,
    mentions: &'a [Mention],
    doc: &'a Document,
    lexicon: &'a Lexicon,
    group: u32,
    comment: bool,
}

impl Match<'_> {
    /// The surname a given name in a list shares with the full name after
    /// it: "directed by Joel and Ethan Marsh" names Joel Marsh and Ethan
    /// Marsh, "written by Jules and Pia Venn and Hal Korda" Jules Venn. Only
    /// for a crew credit (sisters and brothers make films together; in a
    /// cast list "Ennis and Jack Twist" are two characters of whom one has a
    /// surname), only for two names joined by "and" or "&", the first a
    /// given name alone, the second a given name and more.
    fn shared_surname(&self, property: Property, slot: usize, row: usize) -> Option<&str> {
        if !property.is_crew() {
            return None;
        }
        let names = &self.slot_names[slot];
        let (first, second) = (names.get(row)?, names.get(row + 1)?);
        let (a, b) = (
            &self.mentions[*first as usize],
            &self.mentions[*second as usize],
        );
        let between = self.doc.folded.text.get(a.end..b.start)?;
        if !matches!(between.trim(), "and" | "&") || a.title.is_some() || b.title.is_some() {
            return None;
        }
        let given = |w: &str| self.lexicon.word_is(w) & WordIs::GIVEN_NAME != 0;
        let a_word = self.doc.folded.text.get(a.start..a.end)?;
        let b_text = self.doc.folded.text.get(b.start..b.end)?;
        let (b_first, b_rest) = b_text.split_once(' ')?;
        (a.words == 1 && b.words >= 2 && given(a_word) && given(b_first) && a.caps == b.caps)
            .then_some(b_rest)
    }

    fn candidates(&self, out: &mut Vec<Candidate>) {
        let frame = self.frame;
        let whole = self.caps.get(0).expect("group 0 always matches");
        for (r, reading) in frame.readings.iter().enumerate() {
            if reading.unless.iter().any(|u| self.caps.name(u).is_some()) {
                continue;
            }
            for spec in &reading.claims {
                // The list slots this claim uses, and how many rows they make.
                let used: Vec<usize> = spec
                    .value
                    .captures()
                    .chain(spec.subject.iter().flat_map(|t| t.captures()))
                    .filter_map(|c| frame.slots.iter().position(|s| s.name == c))
                    .collect();
                let rows = used
                    .iter()
                    .map(|&s| self.slot_names[s].len())
                    .max()
                    .unwrap_or(1)
                    .max(1);
                if used.iter().any(|&s| {
                    let n = self.slot_names[s].len();
                    (n > 1 || frame.respectively) && n != rows
                }) {
                    continue;
                }
                for row in 0..rows {
                    let name_in = |slot: usize| -> Option<u32> {
                        let names = &self.slot_names[slot];
                        match names.len() {
                            0 => None,
                            1 => Some(names[0]),
                            _ => names.get(row).copied(),
                        }
                    };
                    let get = |capture: &str| -> Option<String> {
                        if let Some(slot) = frame.slots.iter().position(|s| s.name == capture) {
                            // Folded as the pattern rules read names
                            // ("López" as "Lopez"), so that the two agree.
                            let name = name_in(slot)? as usize;
                            let m = &self.mentions[name];
                            let text = &self.doc.folded.text[m.start..m.end];
                            if let Some(surname) = self.shared_surname(spec.property, slot, row) {
                                return Some(format!("{text} {surname}"));
                            }
                            return Some(text.to_string());
                        }
                        let c = self.caps.name(capture)?;
                        let (s, e) = (self.view.to_folded(c.start()), self.view.to_folded(c.end()));
                        let (qs, qe) = self.doc.quote_span(s, e);
                        Some(self.doc.original[qs..qe].to_string())
                    };
                    let owned: BTreeMap<String, String> = frame
                        .regex
                        .capture_names()
                        .flatten()
                        .filter_map(|n| get(n).map(|v| (n.to_string(), v)))
                        .collect();
                    let lookup = |n: &str| owned.get(n).map(String::as_str);
                    let raw_value = spec.value.render(lookup);
                    let published: Option<Date> = self.doc.published;
                    let Some(value) = values::parse_value_at(
                        spec.property.value_kind(),
                        &raw_value,
                        published,
                        self.lexicon,
                        false,
                    ) else {
                        continue;
                    };
                    let subject = match &spec.subject {
                        None => None,
                        Some(t) => {
                            let s = t.render(lookup);
                            let s = if s.starts_with(|c: char| c.is_uppercase()) {
                                values::normalize_name_at(&s, self.lexicon, false)
                            } else {
                                Some(s.trim().to_string()).filter(|s| !s.is_empty())
                            };
                            match s {
                                Some(s) => Some(s),
                                None => continue,
                            }
                        }
                    };
                    if let Value::Person(p) = &value
                        && subject.as_deref() == Some(p.as_str())
                    {
                        continue;
                    }
                    let mut qualifiers = BTreeMap::new();
                    for (k, t) in &spec.qualifiers {
                        let q = t.render(lookup);
                        let q = q.trim();
                        if q.is_empty() {
                            continue;
                        }
                        let q = q.to_lowercase();
                        if k == "version" {
                            // The classes the pattern rules give: a young
                            // version, or the character itself (an adult,
                            // older or grown-up one is the default).
                            if let Some(v) = version_class(&q) {
                                qualifiers.insert(k.clone(), v.to_string());
                            } else if is_language_version(&q) {
                                // "english dub": a voice part of another
                                // language's version, a slot of its own.
                                qualifiers.insert(k.clone(), q);
                            }
                            continue;
                        }
                        qualifiers.insert(k.clone(), q);
                    }
                    if self.comment {
                        qualifiers.insert("origin".into(), "comment".into());
                    }
                    let needs: Vec<(u32, Need)> = reading
                        .need
                        .iter()
                        .filter_map(|&(slot, need)| {
                            // A list slot's need is its row's name's; a
                            // slot the claim does not use needs all its
                            // names to fit.
                            Some((name_in(slot)?, need))
                        })
                        .collect();
                    let (fs, fe) = (
                        self.view.to_folded(whole.start() + leading_breaks(whole)),
                        self.view
                            .to_folded(whole.start() + quoted_len(&self.view.text, whole)),
                    );
                    let (qs, qe) = self.doc.quote_span(fs, fe);
                    let (os, oe) = self.doc.original_span(fs, fe);
                    out.push(Candidate {
                        group: self.group,
                        reading: r as u16,
                        frame: self.index as u32,
                        property: spec.property,
                        subject,
                        value,
                        qualifiers,
                        folded: (fs, fe),
                        span: (os, oe),
                        text: self.doc.original[qs..qe].to_string(),
                        line: self.doc.line_number(qs),
                        needs,
                        captures: owned.into_iter().collect(),
                    });
                }
            }
        }
    }
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
    fn slots_expand_to_captures_of_one_name_or_a_list() {
        let (re, slots) = expand(r"{character} \(played by {actor*}\)", &lexicon()).unwrap();
        assert_eq!(slots.len(), 2);
        assert!(!slots[0].list && slots[1].list);
        assert!(re.starts_with("(?P<character>["));
        let re = Regex::new(&re).unwrap();
        let m = |k: u32| char::from_u32(crate::mentions::MARK_BASE + k).unwrap();
        let view = format!("{} (played by {}, {} and {})", m(0), m(1), m(2), m(3));
        let caps = re.captures(&view).unwrap();
        assert_eq!(
            NameView::mentions_in(caps.name("actor").unwrap().as_str()).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn a_quote_ends_before_a_guard_that_reaches_into_the_next_word() {
        let quote = |view: &str, pattern: &str| {
            let p = Pattern::new(pattern, true).unwrap();
            let mut scratch = p.scratch();
            assert!(p.search_in(&mut scratch, view, 0..view.len()));
            let m = scratch.captures(view).get(0).unwrap();
            m.as_str()[..quoted_len(view, m)].to_string()
        };
        assert_eq!(quote("a widow who waits", r"a widow[ ][^0-9]"), "a widow");
        assert_eq!(quote("a widow, who waits", r"a widow,"), "a widow,");
        assert_eq!(quote("she directs it", r"she directs\b"), "she directs");
        assert_eq!(quote("abc", r"ab"), "ab");
    }

    #[test]
    fn an_age_under_eighteen_is_a_young_version() {
        assert_eq!(version_class("age 13"), Some("young"));
        assert_eq!(version_class("aged 9"), Some("young"));
        assert_eq!(version_class("age 40"), None);
        assert_eq!(version_class("ages"), None);
        assert_eq!(version_class("young"), Some("young"));
    }

    #[test]
    fn a_slash_list_takes_slashes_only() {
        let (re, slots) = expand(r"{actor} \({part/}\)", &lexicon()).unwrap();
        assert!(!slots[0].list && slots[1].list);
        let re = Regex::new(&re).unwrap();
        let m = |k: u32| char::from_u32(crate::mentions::MARK_BASE + k).unwrap();
        let parts = |view: String| {
            re.captures(&view)
                .map(|c| {
                    NameView::mentions_in(c.name("part").unwrap().as_str()).collect::<Vec<usize>>()
                })
                .unwrap_or_default()
        };
        assert_eq!(parts(format!("{} ({}/{})", m(0), m(1), m(2))), [1, 2]);
        assert_eq!(
            parts(format!("{} ({}, {})", m(0), m(1), m(2))),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn quantifiers_and_escapes_are_not_slots() {
        let (re, slots) = expand(r"{a}(?:[a-z]+ ){0,3}\{x\}", &lexicon()).unwrap();
        assert_eq!(slots.len(), 1);
        assert!(re.contains("{0,3}") && re.contains(r"\{x\}"));
        assert!(expand("no slot", &lexicon()).is_err());
        assert!(expand("{a} {a}", &lexicon()).is_err());
        assert!(expand("{bad-name}", &lexicon()).is_err());
    }
}
