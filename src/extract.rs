//! Review text + compiled rules → claims.
//!
//! One pass of the rule set's prefilter (the words each rule needs, see
//! [`crate::rules::prefilter`]) over the folded review says which rules can
//! match it and in which lines; only those run their own pattern, there, so
//! the cost of a review grows with the rules it actually triggers, not with
//! the size of the rule set. Every match is read through the value parsers,
//! tagged with where it came from (a reader comment gets `origin: comment`)
//! and mapped back to the original bytes.
//!
//! Nothing here is quadratic in a review's length: the prefilter is one
//! linear scan, `not_after` looks back a bounded window, and a review keeps
//! at most [`MAX_CLAIMS`] claims.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::LazyLock;

use regex::Regex;

use crate::rules::pattern::{Anchored, Captures, Pattern, Scratch};

use crate::model::{Claim, Date, Property, Span, Value, ValueKind};
use crate::rules::RuleSet;
use crate::rules::prefilter::Regions;
use crate::text::{Document, LineKind, sentence_bounds};
use crate::values;

/// Where a list capture splits: commas, semicolons, "and", "&", and a
/// line break (a cast block of one name per line). The lexicon's names
/// join their words with single spaces only, so a line break inside a list
/// of names stands between two of them, never inside one.
static LIST_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:,|;)\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|[ \t]*\n\s*")
        .expect("a valid pattern")
});

/// How much of the line before a match a rule's `not_after` sees.
const NOT_AFTER_WINDOW: usize = 300;

/// The most claims one review gives. A review makes a few dozen; a file
/// that makes thousands is a data dump or many reviews in one, and linking
/// that many claims costs the rest of the corpus time for nothing. The
/// first ones in reading order are kept, and the reader says so.
pub const MAX_CLAIMS: usize = 1000;

/// A claim before it has an id.
#[derive(Debug, Clone)]
struct Draft {
    property: Property,
    subject: Option<String>,
    value: Value,
    qualifiers: BTreeMap<String, String>,
    folded: (usize, usize),
    /// Where the claim's list item starts, to keep list order.
    order: usize,
    rule: usize,
    /// The named captures that made the claim, for `--explain`.
    captures: Vec<(String, String)>,
}

/// A claim and the named captures that made it, as the folded text has
/// them (straight quotes, no accents), in the order the pattern names them;
/// for `concord claims --explain`.
#[derive(Debug, Clone)]
pub struct Explained {
    pub claim: Claim,
    pub captures: Vec<(String, String)>,
}

/// The items of a list capture, with their folded offsets.
fn split_list(text: &str, offset: usize) -> Vec<(usize, &str)> {
    let mut items = Vec::new();
    let mut last = 0;
    for m in LIST_SEPARATOR.find_iter(text) {
        items.push((offset + last, &text[last..m.start()]));
        last = m.end();
    }
    items.push((offset + last, &text[last..]));
    // A bulleted block's items start with their bullets ("- Ned Carver").
    for (at, t) in items.iter_mut() {
        let bare = t.trim_start_matches(['-', '*', '\u{2022}', '\u{B7}', ' ', '\t']);
        *at += t.len() - bare.len();
        *t = bare;
    }
    items.retain(|(_, t)| !t.trim().is_empty());
    items
}

/// Whether the end of a match after its last capture is only punctuation or
/// a comma and the first word of the next clause (", and it").
fn is_terminator(tail: &str) -> bool {
    static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\s,.;:]*(?:and\s+)?(?:[a-z']+)?$").expect("a valid pattern")
    });
    tail.chars()
        .all(|c| c.is_whitespace() || ",.;:".contains(c))
        || (tail.starts_with(',') && CLAUSE.is_match(tail))
}

fn clean_text(s: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_matches(|c: char| c == ',' || c == '.' || c == ';' || c == ':' || c == '"')
        .to_string()
}

/// Reads the claims of one match of `rule`, one per list item.
/// Pronouns a subject may be written as, resolved to the name before them.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "him", "her", "them", "He", "She", "They",
];

/// The properties about the story, whose statements can be rumours or
/// hypotheses rather than facts.
fn is_story(p: Property) -> bool {
    matches!(
        p,
        Property::Event
            | Property::Count
            | Property::Duration
            | Property::Age
            | Property::Role
            | Property::LifeExpectancy
            | Property::Setting
    )
}

/// The last name in the sentence before `at` (or the sentence before it):
/// what "she" in "she is immediately fired" stands for.
fn antecedent(text: &str, at: usize, rules: &RuleSet) -> Option<String> {
    let person = rules.lexicon.person.as_ref()?;
    let (start, _) = sentence_bounds(text, at);
    let (prev, _) = sentence_bounds(text, start.saturating_sub(2));
    for from in [start, prev] {
        let window = &text[from..at];
        let found = person
            .find_iter(window)
            .filter_map(|m| values::normalize_name(m.as_str(), &rules.lexicon))
            .last();
        if found.is_some() {
            return found;
        }
        if from == prev {
            break;
        }
    }
    None
}

fn read_match(
    rule_index: usize,
    caps: &Captures,
    text: &str,
    rules: &RuleSet,
    published: Option<Date>,
    explain: bool,
    out: &mut Vec<Draft>,
) {
    let rule = &rules.rules[rule_index];
    let whole = caps.get(0).expect("group 0 always matches");
    // The list captures, split; every other capture as it is.
    let lists: Vec<(&str, Vec<(usize, &str)>)> = rule
        .split
        .iter()
        .filter_map(|name| {
            caps.name(name)
                .map(|m| (name.as_str(), split_list(m.as_str(), m.start())))
        })
        .collect();
    // With an item pattern, each item of the first list is read by it, and
    // an item it does not fit is left out.
    let item_caps: Vec<Option<regex::Captures>> = match (&rule.item, lists.first()) {
        (Some(item), Some((_, items))) => items.iter().map(|(_, t)| item.captures(t)).collect(),
        _ => Vec::new(),
    };
    let rows = lists
        .iter()
        .map(|(_, items)| items.len())
        .max()
        .unwrap_or(1);
    if lists
        .iter()
        .any(|(_, items)| items.len() != 1 && items.len() != rows)
    {
        // Lists that do not pair up ("A and B on March 3, 4 and 5") say
        // nothing certain about which goes with which.
        return;
    }
    for row in 0..rows {
        if item_caps.get(row).is_some_and(Option::is_none) {
            continue;
        }
        let get = |name: &str| -> Option<&str> {
            if let Some(Some(c)) = item_caps.get(row)
                && let Some(m) = c.name(name)
            {
                return Some(m.as_str());
            }
            if let Some((_, items)) = lists.iter().find(|(n, _)| *n == name) {
                let item = if items.len() == 1 {
                    items[0]
                } else {
                    items[row]
                };
                return Some(item.1);
            }
            caps.name(name).map(|m| m.as_str())
        };
        // A name may lose stray leading words ("When ...") only where it
        // starts the match; elsewhere the pattern fixed where it starts.
        let starts_match = |t: &crate::rules::Template| {
            t.captures()
                .any(|n| caps.name(n).is_some_and(|m| m.start() == whole.start()))
        };
        let raw_value = rule.value.render(get);
        let Some(mut value) = values::parse_value_at(
            rule.property.value_kind(),
            &raw_value,
            published,
            &rules.lexicon,
            starts_match(&rule.value),
        ) else {
            continue;
        };
        if let Value::Certificate(c) = &value
            && !rules.lexicon.certificate_systems.is_empty()
            && !rules
                .lexicon
                .certificate_systems
                .values()
                .flatten()
                .any(|k| k.eq_ignore_ascii_case(c))
        {
            continue;
        }
        let subject = match &rule.subject {
            None => None,
            Some(t) => {
                let mut s = t.render(get);
                let from_text = t
                    .captures()
                    .any(|n| get(n).is_some_and(|v| !v.trim().is_empty()));
                if from_text && PRONOUNS.contains(&s.as_str()) {
                    match antecedent(text, whole.start(), rules) {
                        Some(name) => s = name,
                        None => continue,
                    }
                }
                let s = match rule.property {
                    Property::Cast | Property::Alias | Property::KnownFor => {
                        values::normalize_name_at(&s, &rules.lexicon, starts_match(t))
                    }
                    _ if s.starts_with(|c: char| c.is_uppercase()) && !s.starts_with("The ") => {
                        values::normalize_name_at(&s, &rules.lexicon, starts_match(t))
                    }
                    _ => Some(clean_text(&s)).filter(|s| !s.is_empty()),
                };
                if s.is_none()
                    && !t.source.is_empty()
                    && matches!(
                        rule.property,
                        Property::Cast
                            | Property::Role
                            | Property::Alias
                            | Property::KnownFor
                            | Property::Event
                    )
                {
                    continue;
                }
                s
            }
        };
        let mut qualifiers = BTreeMap::new();
        for (key, t) in &rule.qualifiers {
            let mut q = clean_text(&t.render(get));
            if key == "place" {
                q = q.strip_prefix("the ").unwrap_or(&q).to_string();
            }
            if !q.is_empty() {
                qualifiers.insert(key.clone(), q);
            }
        }
        // A story statement inside a rumour or a hypothesis says so: a cue
        // word before it in its sentence, or within its own words.
        if is_story(rule.property) {
            let (s, _) = sentence_bounds(text, whole.start());
            let sentence = &text[s..whole.end()];
            for (key, cue) in [
                ("rumor", &rules.lexicon.rumour_cue),
                ("hypothetical", &rules.lexicon.hypothetical_cue),
            ] {
                if cue.as_ref().is_some_and(|c| c.is_match(sentence)) {
                    qualifiers
                        .entry(key.to_string())
                        .or_insert_with(|| "true".to_string());
                }
            }
        }
        if let Value::Certificate(c) = &value
            && !qualifiers.contains_key("system")
            && let Some(system) = rules.lexicon.certificate_system(c)
        {
            qualifiers.insert("system".into(), system.to_string());
        }
        if let Value::Person(p) = &value
            && subject.as_deref() == Some(p.as_str())
        {
            continue;
        }
        if rule.property == Property::Cast && subject.is_none() {
            continue;
        }
        // Tidy a year-less date that has a year elsewhere in the text.
        if let Value::Date(d) = &mut value
            && d.year.is_none()
            && d.month.is_none()
        {
            continue;
        }
        // A list read item by item quotes its item; other lists quote the
        // whole statement, which says what the items are.
        let item_at = lists
            .first()
            .map(|(_, items)| items[if items.len() == 1 { 0 } else { row }]);
        // The quote does not end on a comma, or on the first word of the next
        // clause, that the pattern only read to know where to stop.
        let used_end = rule
            .value
            .captures()
            .chain(rule.subject.iter().flat_map(|t| t.captures()))
            .chain(rule.qualifiers.iter().flat_map(|(_, t)| t.captures()))
            .filter_map(|n| caps.name(n).map(|m| m.end()))
            .max()
            .filter(|&e| {
                e > whole.start()
                    && is_terminator(&caps.get(0).map_or("", |m| m.as_str())[e - whole.start()..])
            })
            .unwrap_or(whole.end());
        // Nor does it start on punctuation the pattern read before the words.
        let used_start = rule
            .value
            .captures()
            .chain(rule.subject.iter().flat_map(|t| t.captures()))
            .filter_map(|n| caps.name(n).map(|m| m.start()))
            .min()
            .filter(|&s| {
                whole.as_str()[..s - whole.start()]
                    .chars()
                    .all(|c| c.is_whitespace() || ".,;:(".contains(c))
            })
            .unwrap_or(whole.start());
        let folded = match (&rule.item, item_at) {
            (Some(_), Some((start, t))) => (start, start + t.trim_end().len()),
            _ => (used_start, used_end),
        };
        // Copied out only for `--explain`.
        let captures = if explain {
            rule.regex
                .capture_names()
                .chain(rule.item.iter().flat_map(|i| i.capture_names()))
                .flatten()
                .filter_map(|n| get(n).map(|v| (n.to_string(), v.to_string())))
                .collect()
        } else {
            Vec::new()
        };
        out.push(Draft {
            property: rule.property,
            subject,
            value,
            qualifiers,
            folded,
            order: item_at.map_or(whole.start(), |(s, _)| s),
            rule: rule_index,
            captures,
        });
    }
}

/// A cast claim whose actor is one word that the same review uses as a
/// character's name is a character acting on another in the plot ("Ruth
/// plays Kathy against Tommy"), not a casting: a rule that reads an actor
/// by surname alone cannot tell the two apart by itself.
fn drop_characters_read_as_actors(drafts: &mut Vec<Draft>) {
    let characters: HashSet<&str> = drafts
        .iter()
        .filter(|d| d.property == Property::Cast)
        .filter_map(|d| d.subject.as_deref())
        .flat_map(str::split_whitespace)
        .collect();
    let plot: Vec<bool> = drafts
        .iter()
        .map(|d| {
            d.property == Property::Cast
                && matches!(&d.value, Value::Person(p) if !p.contains(' ') && characters.contains(p.as_str()))
        })
        .collect();
    let mut plot = plot.into_iter();
    drafts.retain(|_| !plot.next().unwrap_or(false));
}

/// A cast claim whose character starts with "Young" or "Little" ("Young
/// Kevin" in a credit list, "Young Kathy H. (Isobel Meikle-Small)") is of
/// a version of the character: it is the character's claim with the
/// `version` qualifier, as `cast.younger-version` gives it, not a
/// character of its own (which would give the actor a second part).
fn versions_read_as_characters(drafts: &mut [Draft]) {
    for d in drafts.iter_mut().filter(|d| d.property == Property::Cast) {
        let Some(subject) = &d.subject else {
            continue;
        };
        let Some((first, rest)) = subject.split_once(' ') else {
            continue;
        };
        let version = match first.to_ascii_lowercase().as_str() {
            "young" | "younger" | "little" | "teenage" => "young",
            "old" | "older" | "elderly" => "old",
            _ => continue,
        };
        d.subject = Some(rest.to_string());
        d.qualifiers
            .entry("version".into())
            .or_insert_with(|| version.into());
    }
}

/// The theatrical releases a review dates to the month or day without a
/// place are its own country's, when it rates the film by one certificate
/// system only and the lexicon knows that system's country: a British
/// review's "in cinemas from 12 November" is the UK release, and another
/// review's November 5 is not contradicted by it. The claim says so
/// (`place_from`). A bare year is the film's year, not a country's.
fn place_releases_by_rating(drafts: &mut [Draft], rules: &RuleSet) {
    let mut systems = drafts
        .iter()
        .filter(|d| d.property == Property::Rating)
        .map(|d| d.qualifiers.get("system"));
    let Some(Some(system)) = systems.next() else {
        return;
    };
    if systems.any(|s| s != Some(system)) {
        return;
    }
    let Some(country) = rules.lexicon.certificate_countries.get(system.as_str()) else {
        return;
    };
    let (system, country) = (system.clone(), country.clone());
    for d in drafts.iter_mut() {
        let theatrical = d
            .qualifiers
            .get("event")
            .is_some_and(|e| matches!(e.as_str(), "release" | "limited" | "wide" | "nationwide"));
        let dated = matches!(&d.value, Value::Date(date) if date.month.is_some());
        if d.property == Property::ReleaseDate
            && theatrical
            && dated
            && !d.qualifiers.contains_key("place")
        {
            d.qualifiers.insert("place".into(), country.clone());
            d.qualifiers
                .insert("place_from".into(), format!("{system} rating"));
        }
    }
}

/// How many of a review's first lines with words are its heading, where a
/// page says it is about a re-release ("The Godfather (Re-release) (15)").
const HEADING_LINES: usize = 4;

/// Whether the review's heading says the page is about a re-release or a
/// re-issue of the film.
fn heading_names_re_release(doc: &Document) -> bool {
    static RE_RELEASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bre-?(?:release|releases|released|issue|issued)\b")
            .expect("a valid pattern")
    });
    doc.lines
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .take(HEADING_LINES)
        .any(|l| RE_RELEASE.is_match(&doc.folded.text[l.start..l.end]))
}

/// On a page about a re-release, the theatrical release it dates to the
/// month or day is the re-release's (`event: re-release`), unless the
/// review dates another release later, which makes this one the
/// original's. A review of a re-release and one of the first run then
/// give two facts, not a contradiction.
fn mark_re_releases(doc: &Document, drafts: &mut [Draft]) {
    if !drafts.iter().any(|d| d.property == Property::ReleaseDate) || !heading_names_re_release(doc)
    {
        return;
    }
    let year = |d: &Draft| match &d.value {
        Value::Date(date) => date.year,
        _ => None,
    };
    let latest = drafts
        .iter()
        .filter(|d| d.property == Property::ReleaseDate)
        .filter_map(year)
        .max();
    for d in drafts.iter_mut() {
        let dated = matches!(&d.value, Value::Date(date) if date.month.is_some());
        if d.property == Property::ReleaseDate
            && dated
            && d.qualifiers.get("event").map(String::as_str) == Some("release")
            && year(d) == latest
        {
            d.qualifiers.insert("event".into(), "re-release".into());
        }
    }
}

/// Cast claims whose "character" is a person the review credits for
/// something else are a name and a filmography, not a role:
/// "directed by Mark Romanek (One Hour Photo)".
fn drop_credits_read_as_cast(drafts: &mut Vec<Draft>) {
    let credited: HashSet<String> = drafts
        .iter()
        .filter(|d| d.property != Property::Cast && d.property != Property::Starring)
        .filter(|d| d.property.value_kind() == ValueKind::Person)
        .map(|d| d.value.to_string())
        .collect();
    drafts.retain(|d| {
        d.property != Property::Cast || !d.subject.as_ref().is_some_and(|s| credited.contains(s))
    });
}

/// The first match of `pattern` in a window (`haystack`: the text up to
/// the window's end) at or after `at`: by searching from there, or, given
/// the places where its matches may start (`starts`, in order; `next` the
/// first not yet tried), by an anchored search at each of those from `at`
/// on. Both give the same match, since no match starts anywhere else.
fn next_match<'t>(
    pattern: &Pattern,
    haystack: &'t str,
    at: usize,
    starts: Option<&[usize]>,
    next: &mut usize,
    scratch: &'t mut Scratch,
) -> Option<Captures<'t>> {
    let Some(places) = starts else {
        return pattern.captures_with(scratch, haystack, at, Anchored::No);
    };
    while let Some(&p) = places.get(*next) {
        if p >= haystack.len() {
            // The next window's.
            break;
        }
        *next += 1;
        if p >= at && pattern.search_with(scratch, haystack, p, Anchored::Yes) {
            return Some(scratch.captures(haystack));
        }
    }
    None
}

/// The claims of one review, in reading order, with ids `source#1`, ...
/// (at most [`MAX_CLAIMS`]).
pub fn extract(doc: &Document, source: &str, rules: &RuleSet) -> Vec<Claim> {
    let one = extract_batch(&[(doc, source)], rules, false);
    one.into_iter()
        .flat_map(|(explained, _)| explained)
        .map(|e| e.claim)
        .collect()
}

/// How many reviews [`extract_batch`] reads together, rule by rule, when
/// given more: enough that a rule's search state, once in the processor's
/// caches, serves many reviews before the next rule's replaces it. On
/// 20,000 reviews, 128 took 0.87 of the time 32 took (`rule_cost --phases`
/// says the same: finding captures and making claims cost less than half)
/// and 256 0.95 of 128's, for 7 MB more; 512 no less than 256. A batch's
/// text is bounded apart (`corpus::BATCH_BYTES`).
pub const BATCH: usize = 256;

/// The claims of each review of a batch, as [`extract`] gives them (with
/// the captures that made each when `explain` says so), in the batch's
/// order, and whether there were more than [`MAX_CLAIMS`] (only the first
/// ones are kept).
///
/// The same claims as one review at a time, read in another order: the
/// prefilter finds every review's windows first, then each rule searches
/// its windows in every review of the batch before the next rule runs. A
/// rule's search state (its automata, grown as they are used) then stays
/// in the processor's caches from one review to the next, instead of being
/// pushed out by the other rules' and the word pass's between two reviews.
/// Each review still gets its drafts rule by rule, in rule order.
pub fn extract_batch(
    docs: &[(&Document, &str)],
    rules: &RuleSet,
    explain: bool,
) -> Vec<(Vec<Explained>, bool)> {
    // The prefilter's buffers (one per review of a batch) and each rule's
    // search state (see `Scratch`): one set per thread, reused batch after
    // batch.
    thread_local! {
        static REGIONS: RefCell<Vec<Regions>> = const { RefCell::new(Vec::new()) };
        static SCRATCH: RefCell<Vec<Option<Scratch>>> = const { RefCell::new(Vec::new()) };
    }
    let mut regions = REGIONS
        .with(|r| r.try_borrow_mut().map(|mut r| std::mem::take(&mut *r)))
        .unwrap_or_default();
    let mut scratches = SCRATCH
        .with(|r| r.try_borrow_mut().map(|mut r| std::mem::take(&mut *r)))
        .unwrap_or_default();
    if regions.len() < docs.len() {
        regions.resize_with(docs.len(), Regions::new);
    }
    if scratches.len() < rules.rules.len() {
        scratches.resize_with(rules.rules.len(), || None);
    }
    for ((doc, _), found) in docs.iter().zip(regions.iter_mut()) {
        rules
            .prefilter
            .find_regions(&doc.folded.text, &doc.line_spans(), found);
    }
    let mut drafts: Vec<(Vec<Draft>, bool)> = vec![(Vec::new(), false); docs.len()];
    // Each review's live rules come in rule order: a cursor per review
    // says which is next.
    let mut live: Vec<_> = regions[..docs.len()]
        .iter()
        .map(|r| r.iter().peekable())
        .collect();
    for (index, rule) in rules.rules.iter().enumerate() {
        for ((doc, _), (own, (drafts, capped))) in docs.iter().zip(live.iter_mut().zip(&mut drafts))
        {
            let Some((_, ranges, starts)) = own.next_if(|(i, _, _)| *i == index) else {
                continue;
            };
            // This thread's search state for the rule, made when it has
            // none (a search makes it anew when it is another rule set's).
            let scratch = scratches[index].get_or_insert_with(|| rule.regex.scratch());
            let search = Search {
                doc,
                rules,
                index,
                explain,
            };
            *capped |= search.windows(ranges, starts, scratch, drafts);
        }
    }
    drop(live);
    REGIONS.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            *r = regions;
        }
    });
    SCRATCH.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            *r = scratches;
        }
    });
    docs.iter()
        .zip(drafts)
        .map(|(&(doc, source), (drafts, capped))| finish(doc, source, rules, drafts, capped))
        .collect()
}

/// One rule searching one review.
struct Search<'a> {
    doc: &'a Document,
    rules: &'a RuleSet,
    index: usize,
    explain: bool,
}

impl Search<'_> {
    /// Searches the rule's windows (`ranges`, and the places its matches
    /// may start when the prefilter gives them) and reads each match into
    /// `drafts`; whether it stopped at [`MAX_CLAIMS`].
    fn windows(
        &self,
        ranges: &[(usize, usize)],
        starts: Option<&[usize]>,
        scratch: &mut Scratch,
        drafts: &mut Vec<Draft>,
    ) -> bool {
        let Search {
            doc,
            rules,
            index,
            explain,
        } = *self;
        let text = doc.folded.text.as_str();
        let rule = &rules.rules[index];
        let mut found = 0;
        // The first of the places its matches may start (if the prefilter
        // gives them) not yet tried.
        let mut next_start = 0;
        for &(start, end) in ranges {
            // Each window is searched as the text up to its end, so that
            // look-arounds see what the whole text has there.
            let haystack = &text[..end];
            let mut at = start;
            let mut last_end = None;
            while at <= haystack.len() {
                let Some(caps) =
                    next_match(&rule.regex, haystack, at, starts, &mut next_start, scratch)
                else {
                    break;
                };
                let whole = caps.get(0).expect("group 0 always matches");
                let (start, end) = (whole.start(), whole.end());
                // As the `regex` crate's iterators: past the match, or one
                // character on from an empty one, which is not taken when
                // it sits where the last match ended.
                at = if end > start {
                    end
                } else {
                    end + text[end..].chars().next().map_or(1, char::len_utf8)
                };
                if start == end && last_end == Some(end) {
                    continue;
                }
                last_end = Some(end);
                // A rule's own first claims in reading order are all the
                // review's first claims can need from it.
                if found > MAX_CLAIMS {
                    return true;
                }
                let line = doc.line_at(start);
                if !line.kind.is_read() {
                    continue;
                }
                if let Some(not_after) = &rule.not_after {
                    let mut from = start.saturating_sub(NOT_AFTER_WINDOW).max(line.start);
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                    if not_after.is_match(&text[from..start]) {
                        continue;
                    }
                }
                let before = drafts.len();
                read_match(index, &caps, text, rules, doc.published, explain, drafts);
                found += drafts.len() - before;
                if line.kind == LineKind::Comment {
                    for d in &mut drafts[before..] {
                        d.qualifiers.insert("origin".into(), "comment".into());
                    }
                }
            }
        }
        false
    }
}

/// Whether overlapping words can state one value of `property` only: a
/// running time is one quantity, however many rules read a piece of it.
fn one_reading_per_span(property: Property) -> bool {
    property == Property::Runtime
}

/// A review's claims from its drafts: credits read as cast dropped, the
/// same claim read twice kept once, at most [`MAX_CLAIMS`], each with its
/// id and provenance.
fn finish(
    doc: &Document,
    source: &str,
    rules: &RuleSet,
    mut drafts: Vec<Draft>,
    mut capped: bool,
) -> (Vec<Explained>, bool) {
    drop_credits_read_as_cast(&mut drafts);
    versions_read_as_characters(&mut drafts);
    drop_characters_read_as_actors(&mut drafts);
    mark_re_releases(doc, &mut drafts);
    place_releases_by_rating(&mut drafts, rules);

    // The same claim read twice from overlapping words (two rules, or a
    // list and a single) counts once: the longest reading stays. So does
    // any reading of a running time: "1 hr. 43 min." is one running time,
    // not 103 minutes and 43.
    drafts.sort_by(|a, b| {
        (
            a.folded.0,
            std::cmp::Reverse(a.folded.1),
            a.order,
            a.property,
            &a.subject,
            &a.value,
            a.rule,
        )
            .cmp(&(
                b.folded.0,
                std::cmp::Reverse(b.folded.1),
                b.order,
                b.property,
                &b.subject,
                &b.value,
                b.rule,
            ))
    });
    let mut kept: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let duplicate = kept
            .iter()
            .rev()
            .take(32)
            .filter(|k| k.folded.1 > d.folded.0)
            .any(|k| {
                k.property == d.property
                    && ((k.subject == d.subject
                        && k.value == d.value
                        && k.qualifiers == d.qualifiers)
                        || one_reading_per_span(d.property))
            });
        if !duplicate {
            kept.push(d);
        }
    }

    if kept.len() > MAX_CLAIMS {
        kept.truncate(MAX_CLAIMS);
        capped = true;
    }

    // A review's claims share its source, a rule's claims its id.
    let source: Arc<str> = source.into();
    let claims = kept
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let (qs, qe) = doc.quote_span(d.folded.0, d.folded.1);
            let (s, e) = doc.original_span(d.folded.0, d.folded.1);
            let claim = Claim {
                id: format!("{source}#{}", i + 1).into(),
                source: source.clone(),
                property: d.property,
                subject: d.subject,
                value: d.value,
                qualifiers: d.qualifiers,
                span: Span { start: s, end: e },
                text: doc.original[qs..qe].into(),
                rule: rules.rules[d.rule].id.clone(),
                line: doc.line_number(qs),
            };
            Explained {
                claim,
                captures: d.captures,
            }
        })
        .collect();
    (claims, capped)
}
