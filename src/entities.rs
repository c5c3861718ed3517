//! A film's entity table: what each name its reviews use is, decided from
//! all of them together.
//!
//! One review rarely says everything about a name: "Carey Mulligan (Jenny
//! Mellor)" does not say which is the actress, but another review's
//! "Carey Mulligan plays Jenny" does, and so does a third's "Mulligan's
//! performance". The table counts such evidence ([`crate::frames::Vote`])
//! over every review of the film, links the forms of one name ("Mulligan"
//! and "Carey Mulligan"; "Kathy" and "Kathy H."; "Keira Knightly" and
//! "Keira Knightley") into one entity, and gives each entity a [`Kind`]
//! when the evidence says one. Frames' candidate claims are then kept only
//! where their names fit what they need ([`settle`]).
//!
//! Besides votes, a few priors from the lexicon weigh in, each weaker than
//! one vote: a title ("Miss", "Dr") makes a character; a place of the
//! lexicon or a company word ("Pictures", "Films") says place or org; a
//! known given name makes a name a person's (actor, crew or character).
//! Every decision keeps its evidence, so `concord entities` can say why.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::frames::{Candidate, Evidence, Kind, Need};
use crate::model::{Claim, Property, ReviewClaims, Span, Value};
use crate::rules::{Lexicon, RuleSet};

/// How much one vote counts; priors count less.
const VOTE: f32 = 1.0;
const TITLE_PRIOR: f32 = 1.5;
const LEXICON_PRIOR: f32 = 2.0;

/// One form of a name: how reviews write it (in lower case, without
/// full stops and commas).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Form {
    pub key: String,
    /// How often reviews write it, and in how many reviews.
    pub count: usize,
    pub reviews: usize,
    /// As written, most often first.
    pub written: Vec<String>,
    #[serde(skip)]
    title: Option<String>,
    #[serde(skip)]
    words: usize,
    /// How often it is written other than first in a sentence.
    #[serde(skip)]
    inside: usize,
}

/// One entity: the forms of one name, and what it is.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// The fullest form as most often written.
    pub name: String,
    pub kind: Option<Kind>,
    /// A second kind with as much evidence (an actor who also directs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub also: Option<Kind>,
    /// Whether the name looks like a person's (a known given name, or a
    /// title), when nothing says more.
    pub person_like: bool,
    /// One word that no review writes but first in a sentence, and no
    /// given name ("Go she introduces herself"): a capital a sentence
    /// gives, no name; nothing is read of it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub doubtful: bool,
    pub forms: Vec<Form>,
    /// The weight of evidence for each kind.
    pub scores: BTreeMap<&'static str, f32>,
    /// Where the evidence comes from: `source:line frame -> kind`.
    pub evidence: Vec<String>,
}

/// The entity table of one film.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub entities: Vec<Entity>,
    /// Form key -> entity.
    #[serde(skip)]
    by_key: FxHashMap<String, usize>,
}

/// A table as settling reads it: besides the table, for each review of
/// its evidence and each of its names, the entity the name belongs to,
/// so that a candidate's names are looked up by index, not by key.
struct Settled {
    table: Table,
    names: Vec<Vec<Option<u32>>>,
}

impl Settled {
    /// The entity of a review's name.
    fn entity(&self, review: usize, name: u32) -> Option<&Entity> {
        let e = self.names.get(review)?.get(name as usize).copied()??;
        self.table.entities.get(e as usize)
    }

    /// [`Table::fit`] of a review's name.
    fn fit(&self, review: usize, name: u32, need: Need) -> Option<f32> {
        match self.entity(review, name) {
            Some(e) => fit(e, need),
            None => Some(0.0),
        }
    }
}

/// [`form_key`] without accents: "André Holland" and "Andre Holland" are
/// one claim's value, as a pattern rule and a frame give it.
fn plain_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    // ASCII has no accent to take off, nor a sharp s.
    if name.is_ascii() {
        return form_key(name);
    }
    form_key(name)
        .replace('ß', "ss")
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// A form key: lower case, no full stops or commas, single spaces.
pub fn form_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    form_key_into(name, &mut out);
    out
}

/// [`form_key`] into `out` (cleared first), so that a loop over names
/// reuses one buffer.
fn form_key_into(name: &str, out: &mut String) {
    out.clear();
    for w in name
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let mut chars = w.chars().filter(|c| *c != '.' && *c != ',').peekable();
        if chars.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        } else {
            out.extend(chars.flat_map(char::to_lowercase));
        }
    }
}

/// Whether `name` is its own [`form_key`]: ASCII in lower case, with no
/// full stop or comma, and its words apart by single spaces. Most keys a
/// review's names give are, and are then looked up without a copy.
fn is_form_key(name: &str) -> bool {
    let b = name.as_bytes();
    b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !name.contains("  ")
        && b.iter().all(|&c| {
            c.is_ascii()
                && !c.is_ascii_uppercase()
                && !matches!(c, b'.' | b',' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
        })
}

/// Words that close a name (they tell a father from a son).
fn is_suffix(w: &str) -> bool {
    matches!(w, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// `items` in the order `order` gives (a permutation of their indices);
/// nothing when there are none (a table without evidence kept).
fn permuted<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    if items.is_empty() {
        return items;
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots[i].take().expect("a permutation"))
        .collect()
}

impl Table {
    /// The entity a name (as written, or a key) belongs to.
    pub fn entity_of(&self, name: &str) -> Option<&Entity> {
        let i = if is_form_key(name) {
            self.by_key.get(name)
        } else {
            self.by_key.get(&form_key(name))
        };
        i.map(|&i| &self.entities[i])
    }

    /// Builds the table of a film from its reviews' evidence; with
    /// `explain`, each entity keeps where each of its votes comes from
    /// (for `concord entities`; settling needs only the counts).
    pub fn build(reviews: &[(&str, &Evidence)], rules: &RuleSet, explain: bool) -> Table {
        Table::settled(reviews, rules, explain).table
    }

    /// [`Table::build`], with the entity of each name of each review.
    /// Without `explain`, the entities are in no particular order and have
    /// neither name nor forms' spellings: settling reads only their kinds.
    fn settled(reviews: &[(&str, &Evidence)], rules: &RuleSet, explain: bool) -> Settled {
        let lexicon = &rules.lexicon;
        // Forms, their counts and votes, by form id (in order of first
        // sight until renumbered in key order below).
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut forms: Vec<Form> = Vec::new();
        // The last review that counted each form (1-based).
        let mut last_review: Vec<usize> = Vec::new();
        let mut written: Vec<FxHashMap<&str, usize>> = Vec::new();
        let mut votes: Vec<[f32; 8]> = Vec::new();
        let mut evidence: Vec<Vec<String>> = Vec::new();
        // For each review, the form of each name.
        let mut name_forms: Vec<Vec<Option<u32>>> = Vec::with_capacity(reviews.len());
        let mut key = String::new();
        for (r, (source, ev)) in reviews.iter().enumerate() {
            let mut of_name = Vec::with_capacity(ev.names.len());
            for n in &ev.names {
                let k: &str = if is_form_key(&n.key) {
                    &n.key
                } else {
                    form_key_into(&n.key, &mut key);
                    &key
                };
                if k.is_empty() {
                    of_name.push(None);
                    continue;
                }
                let id = match ids.get(k) {
                    Some(&id) => id as usize,
                    None => {
                        let id = forms.len();
                        ids.insert(k.to_string(), id as u32);
                        forms.push(Form {
                            key: k.to_string(),
                            title: n.title.clone(),
                            words: n.words,
                            ..Form::default()
                        });
                        last_review.push(0);
                        votes.push([0.0; 8]);
                        if explain {
                            written.push(FxHashMap::default());
                            evidence.push(Vec::new());
                        }
                        id
                    }
                };
                let f = &mut forms[id];
                f.count += 1;
                if !n.sentence_start {
                    f.inside += 1;
                }
                if last_review[id] != r + 1 {
                    last_review[id] = r + 1;
                    f.reviews += 1;
                }
                if explain {
                    *written[id].entry(n.surface.as_str()).or_default() += 1;
                }
                of_name.push(Some(id as u32));
            }
            // A vote for a name whose key is empty counts for no form.
            for v in &ev.votes {
                let Some(&Some(id)) = of_name.get(v.name as usize) else {
                    continue;
                };
                votes[id as usize][v.kind as usize] += VOTE;
                if !explain {
                    continue;
                }
                let frame = rules
                    .frames
                    .get(v.frame as usize)
                    .map_or("", |f| f.id.as_str());
                evidence[id as usize].push(format!(
                    "{source}:{} {frame} -> {}",
                    v.line,
                    v.kind.as_str()
                ));
            }
            name_forms.push(of_name);
        }
        // Forms in key order, as clustering numbers them.
        let mut order: Vec<usize> = (0..forms.len()).collect();
        order.sort_unstable_by(|&a, &b| forms[a].key.cmp(&forms[b].key));
        let mut renumber = vec![0u32; forms.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old] = new as u32;
        }
        let mut forms = permuted(forms, &order);
        let mut votes = permuted(votes, &order);
        let mut evidence = permuted(evidence, &order);
        for of_name in &mut name_forms {
            for id in of_name.iter_mut().flatten() {
                *id = renumber[*id as usize];
            }
        }
        if explain {
            for (&old, f) in order.iter().zip(forms.iter_mut()) {
                let mut w: Vec<(&str, usize)> =
                    written[old].iter().map(|(s, n)| (*s, *n)).collect();
                w.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                f.written = w.into_iter().map(|(s, _)| s.to_string()).collect();
            }
        }
        drop(written);
        let clusters = cluster(&forms, &votes, lexicon);
        let mut form_entity = vec![0u32; forms.len()];
        for (c, members) in clusters.iter().enumerate() {
            for &m in members {
                form_entity[m] = c as u32;
            }
        }
        let entities_of = |name_forms: &[Vec<Option<u32>>], form_entity: &[u32]| {
            name_forms
                .iter()
                .map(|of_name| {
                    of_name
                        .iter()
                        .map(|f| f.map(|f| form_entity[f as usize]))
                        .collect()
                })
                .collect()
        };
        let first = Settled {
            table: Table::decide_all(&clusters, &forms, &votes, &evidence, lexicon, false),
            names: entities_of(&name_forms, &form_entity),
        };
        // Second round: a pair whose reading the first round settles for
        // one name ("Robbie Turner (James McAvoy)", James McAvoy an actor)
        // is evidence for the other (Robbie Turner a character).
        for (r, (source, ev)) in reviews.iter().enumerate() {
            for (name, kind, line) in pair_votes(ev, &first, r) {
                let Some(id) = name_forms[r].get(name as usize).copied().flatten() else {
                    continue;
                };
                votes[id as usize][kind as usize] += VOTE;
                if !explain {
                    continue;
                }
                evidence[id as usize].push(format!("{source}:{line} paired -> {}", kind.as_str()));
            }
        }
        let mut names = first.names;
        drop(first.table);
        let mut table = Table::decide_all(&clusters, &forms, &votes, &evidence, lexicon, explain);
        if explain {
            forms.clear();
            // Entities in name order, as `concord entities` shows them.
            let mut by_name: Vec<usize> = (0..table.entities.len()).collect();
            let e = &table.entities;
            by_name.sort_by(|&a, &b| {
                e[a].name
                    .to_lowercase()
                    .cmp(&e[b].name.to_lowercase())
                    .then(e[a].name.cmp(&e[b].name))
            });
            let mut renumber = vec![0u32; by_name.len()];
            for (new, &old) in by_name.iter().enumerate() {
                renumber[old] = new as u32;
            }
            table.entities = permuted(std::mem::take(&mut table.entities), &by_name);
            for e in names.iter_mut().flatten().flatten() {
                *e = renumber[*e as usize];
            }
            table.by_key.clear();
            for (i, e) in table.entities.iter().enumerate() {
                for f in &e.forms {
                    table.by_key.insert(f.key.clone(), i);
                }
            }
        } else {
            // Entities stay in cluster order.
            for (c, members) in clusters.iter().enumerate() {
                for &m in members {
                    table.by_key.insert(std::mem::take(&mut forms[m].key), c);
                }
            }
        }
        Settled { table, names }
    }

    /// The entities of `clusters` of `forms`, in order, each one's kind
    /// decided from the votes and the lexicon's priors; with `explain`,
    /// each with its name and its forms (the table's keys are the
    /// caller's).
    fn decide_all(
        clusters: &[Vec<usize>],
        forms: &[Form],
        votes: &[[f32; 8]],
        evidence: &[Vec<String>],
        lexicon: &Lexicon,
        explain: bool,
    ) -> Table {
        let mut table = Table::default();
        // The last words of full names: a one-word name that is one of
        // them ("Affleck", beside "Ben Affleck" and "Casey Affleck", whom
        // it cannot be told between) is a person's, whatever else it is.
        let surnames: FxHashSet<&str> = forms
            .iter()
            .filter(|f| f.words > 1)
            .filter_map(|f| f.key.rsplit(' ').next())
            .collect();
        for members in clusters {
            let mut scores = [0f32; 8];
            let mut ev = Vec::new();
            for &m in members {
                for (s, x) in scores.iter_mut().zip(&votes[m]) {
                    *s += x;
                }
                if let Some(e) = evidence.get(m) {
                    ev.extend(e.iter().cloned());
                }
            }
            let mut members = members.clone();
            members.sort_by(|&a, &b| {
                let (a, b) = (&forms[a], &forms[b]);
                b.words
                    .cmp(&a.words)
                    .then(b.count.cmp(&a.count))
                    .then(a.key.cmp(&b.key))
            });
            let person_like = priors(
                members.first().map(|&m| &forms[m]),
                lexicon,
                &mut scores,
                &mut ev,
            ) || members.iter().all(|&m| {
                let f = &forms[m];
                f.words == 1 && f.title.is_none() && surnames.contains(f.key.as_str())
            });
            let doubtful = !person_like
                && members.iter().all(|&m| {
                    let f = &forms[m];
                    f.words == 1 && f.inside == 0 && f.title.is_none()
                });
            let (kind, also) = decide(&scores);
            let entity_forms: Vec<Form> = if explain {
                members.iter().map(|&m| forms[m].clone()).collect()
            } else {
                Vec::new()
            };
            let name = entity_forms
                .first()
                .and_then(|f| f.written.first().cloned())
                .unwrap_or_default();
            ev.sort();
            ev.dedup();
            table.entities.push(Entity {
                name,
                kind,
                also,
                person_like,
                doubtful,
                forms: entity_forms,
                scores: Kind::ALL
                    .iter()
                    .zip(scores)
                    .filter(|(_, s)| *s > 0.0)
                    .map(|(k, s)| (k.as_str(), s))
                    .collect(),
                evidence: ev,
            });
        }
        table
    }

    /// How well an entity of this table fits what a reading needs: `None`
    /// when it cannot be that, else a weight (0 when nothing is known).
    pub fn fit(&self, name: &str, need: Need) -> Option<f32> {
        let Some(e) = self.entity_of(name) else {
            return Some(0.0);
        };
        fit(e, need)
    }
}

/// The votes the pairs of review `review` give once a first table is
/// known: in a frame read two ways, a reading whose other names all fit by
/// what the table knows of them says what the remaining name is. Each
/// vote is for one of the review's names.
fn pair_votes(ev: &Evidence, first: &Settled, review: usize) -> Vec<(u32, Kind, usize)> {
    let mut out = Vec::new();
    for c in &ev.candidates {
        if ev.groups.get(c.group as usize).copied().unwrap_or(1) < 2 || c.needs.len() < 2 {
            continue;
        }
        let known: Vec<bool> = c
            .needs
            .iter()
            .map(|&(n, need)| first.fit(review, n, need).is_some_and(|f| f >= 2.0))
            .collect();
        if known.iter().filter(|k| !**k).count() != 1 {
            continue;
        }
        for (&(n, need), known) in c.needs.iter().zip(&known) {
            if *known {
                continue;
            }
            // Only a name the table cannot rule out.
            if first.fit(review, n, need).is_none()
                && first.entity(review, n).is_some_and(|e| e.kind.is_some())
            {
                let strong = first
                    .entity(review, n)
                    .is_some_and(|e| e.scores.values().copied().fold(0.0, f32::max) >= 2.0 * VOTE);
                if strong {
                    continue;
                }
            }
            if let Some(kind) = kind_of(need) {
                out.push((n, kind, c.line));
            }
        }
    }
    out
}

/// The kind a need asks for, when it asks for one.
fn kind_of(need: Need) -> Option<Kind> {
    match need {
        Need::Actor => Some(Kind::Actor),
        Need::Director => Some(Kind::Director),
        Need::Writer => Some(Kind::Writer),
        Need::Crew => Some(Kind::Crew),
        Need::Character => Some(Kind::Character),
        Need::Place => Some(Kind::Place),
        Need::Work => Some(Kind::Work),
        Need::Org => Some(Kind::Org),
        Need::Person => None,
    }
}

/// How well `e` fits `need` (see [`Table::fit`]).
fn fit(e: &Entity, need: Need) -> Option<f32> {
    use Kind::*;
    let is = |k: Kind| e.kind == Some(k) || e.also == Some(k);
    let known = e.kind.is_some();
    let person = e.kind.is_some_and(Kind::is_person);
    let maker = is(Director) || is(Writer) || is(Crew);
    let unknown = if e.person_like { 0.5 } else { 0.0 };
    let yes = Some(2.0);
    match need {
        Need::Actor if is(Actor) => yes,
        Need::Actor if known && !person => None,
        // Known to make films, not (yet) to act in this one.
        Need::Actor if known => Some(0.0),
        Need::Director if is(Director) => yes,
        Need::Director if is(Writer) => Some(0.0),
        Need::Director if known => None,
        Need::Writer if is(Writer) => yes,
        Need::Writer if is(Director) => Some(0.0),
        Need::Writer if known => None,
        Need::Crew if maker => yes,
        Need::Crew if known => None,
        Need::Person if person => yes,
        Need::Person if known => None,
        Need::Character if is(Character) => yes,
        Need::Character if known => None,
        Need::Place if is(Place) => yes,
        Need::Work if is(Work) => yes,
        Need::Org if is(Org) => yes,
        Need::Place | Need::Work | Need::Org if known => None,
        // A title is no name of a person: "Hellboy" may be one, "Ada
        // Lund" not, though nothing votes for works.
        Need::Work if e.person_like => None,
        Need::Work => yes,
        Need::Place | Need::Org => Some(0.0),
        Need::Actor
        | Need::Director
        | Need::Writer
        | Need::Crew
        | Need::Person
        | Need::Character => Some(unknown),
    }
}

/// The kind with the most evidence, and a second one with as much (an
/// actor who also directs). None when no kind has a vote's worth, or two
/// kinds that cannot both be tie.
fn decide(scores: &[f32; 8]) -> (Option<Kind>, Option<Kind>) {
    let mut order: Vec<(Kind, f32)> = Kind::ALL
        .iter()
        .copied()
        .zip(scores.iter().copied())
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, top) = order[0];
    if top < VOTE {
        return (None, None);
    }
    let (second, next) = order[1];
    if next >= VOTE && best.is_person() && second.is_person() {
        return (Some(best), Some(second));
    }
    // A person's kinds against the rest: all of a person's kinds together.
    let people: f32 = order
        .iter()
        .filter(|(k, _)| k.is_person())
        .map(|(_, s)| s)
        .sum();
    let others = order
        .iter()
        .filter(|(k, _)| !k.is_person())
        .map(|(_, s)| *s)
        .fold(0.0, f32::max);
    let (rival, rival_score) = if best.is_person() {
        (others, others)
    } else {
        (people, next.max(people))
    };
    let _ = rival;
    if rival_score >= top * 0.75 && rival_score >= VOTE {
        // Evidence both ways, about even: the table cannot tell.
        return (None, None);
    }
    (Some(best), None)
}

/// Adds the lexicon's priors to an entity's scores; whether it looks like
/// a person's name.
/// `full` is the entity's fullest form.
fn priors(
    full: Option<&Form>,
    lexicon: &Lexicon,
    scores: &mut [f32; 8],
    ev: &mut Vec<String>,
) -> bool {
    let mut person_like = false;
    let Some(full) = full else {
        return false;
    };
    let words: Vec<&str> = full.key.split(' ').collect();
    if let Some(title) = &full.title {
        if matches!(title.as_str(), "sir" | "dame") {
            person_like = true;
        } else {
            scores[Kind::Character as usize] += TITLE_PRIOR;
            ev.push(format!("title \"{title}\" -> character"));
            person_like = true;
        }
    }
    let core: Vec<&str> = words
        .iter()
        .copied()
        .skip(usize::from(full.title.is_some()))
        .collect();
    if let Some(first) = core.first()
        && lexicon.in_list("given_name", first)
    {
        person_like = true;
    }
    if lexicon.in_list("place", &full.key)
        || (core.len() > 1
            && lexicon.in_list("place", core[core.len() - 1])
            && lexicon.in_list("place_prefix", core[0]))
    {
        scores[Kind::Place as usize] += LEXICON_PRIOR;
        ev.push(format!("place \"{}\" in the lexicon -> place", full.key));
        person_like = false;
    }
    if core.len() > 1 && core.iter().skip(1).any(|w| lexicon.in_list("org_word", w)) {
        scores[Kind::Org as usize] += LEXICON_PRIOR;
        ev.push(format!("company word in \"{}\" -> org", full.key));
        person_like = false;
    }
    person_like
}

/// Groups the forms of a film into entities: each full name with its
/// spelling variants, and each one-word form with the one full name it
/// can be short for.
fn cluster(forms: &[Form], votes: &[[f32; 8]], lexicon: &Lexicon) -> Vec<Vec<usize>> {
    // Union-find over form indices.
    let keys: Vec<&str> = forms.iter().map(|f| f.key.as_str()).collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let core_of = |i: usize| {
        keys[i]
            .split(' ')
            .skip(usize::from(forms[i].title.is_some()))
    };
    // Full names (two words or more, or a title and a word).
    let full: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].contains(' ')).collect();
    // Spelling variants: same number of words, one the same, the others
    // one or two edits apart. Only names sharing a word are compared.
    // (Which group is compared first changes no union's result.)
    let mut by_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for &i in &full {
        for w in keys[i].split(' ') {
            by_word.entry(w).or_default().push(i);
        }
    }
    for group in by_word.values() {
        if group.len() > 64 {
            continue;
        }
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if variants(keys[a], keys[b]) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    // Short forms: a one-word form is the surname or the given name of the
    // one full name that has it (the surname first), and "Miss Emily" is
    // "Emily".
    let mut by_last: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut by_first: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for &i in &full {
        let mut named = core_of(i).filter(|w| !is_suffix(w));
        let first = named.next();
        let last = named.last();
        if let Some(last) = last {
            by_last.entry(last).or_default().push(i);
        }
        if let Some(first) = first {
            by_first.entry(first).or_default().push(i);
        }
    }
    let person_votes =
        |i: usize| votes[i][Kind::Actor as usize] + votes[i][Kind::Crew as usize] > 0.0;
    for (i, key) in keys.iter().enumerate() {
        if key.contains(' ') {
            continue;
        }
        let w = *key;
        let roots = |cands: &[usize], parent: &mut Vec<usize>| -> Vec<usize> {
            let mut r: Vec<usize> = cands.iter().map(|&c| root(parent, c)).collect();
            r.sort_unstable();
            r.dedup();
            r
        };
        let last = roots(by_last.get(w).map_or(&[][..], |v| v), &mut parent);
        // A place is not short for a name it begins ("Boston" for "Boston
        // Globe"); a surname can be a place's word ("Holland").
        let first = if lexicon.in_list("place", w) {
            Vec::new()
        } else {
            roots(by_first.get(w).map_or(&[][..], |v| v), &mut parent)
        };
        let target = match (last.as_slice(), first.as_slice()) {
            ([one], []) => Some(*one),
            ([], [one]) => Some(*one),
            ([one], _) if by_last[w].iter().any(|&c| person_votes(c)) => Some(*one),
            _ => None,
        };
        if let Some(t) = target {
            let r = root(&mut parent, i);
            parent[r] = t.min(r);
            if t > r {
                parent[t] = r;
            }
        }
    }
    // The groups in the order of their roots.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for i in 0..keys.len() {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// Whether two full names are one name spelt two ways: the same number of
/// words, at least one the same, every other one edit apart (two for long
/// words).
fn variants(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() != wb.len() || a == b {
        return false;
    }
    let mut same = 0;
    for (x, y) in wa.iter().zip(&wb) {
        if x == y {
            same += 1;
            continue;
        }
        if is_suffix(x) || is_suffix(y) {
            return false;
        }
        let d = strsim::osa_distance(x, y);
        let short = x.chars().count().min(y.chars().count());
        let allowed = if short >= 6 {
            2
        } else if short >= 4 {
            1
        } else {
            0
        };
        if d > allowed || x.chars().next() != y.chars().next() && d > 1 {
            return false;
        }
    }
    same > 0
}

/// How a review's candidates fare against the table: the claims they make.
/// The review is the table's `review`th.
fn resolve(ev: &Evidence, table: &Settled, review: usize, sure: &[bool]) -> Vec<usize> {
    // Per candidate: rejected (None) or its fit.
    let fits: Vec<Option<f32>> = ev
        .candidates
        .iter()
        .map(|c| {
            let mut total = 0.0;
            for &(n, need) in &c.needs {
                total += table.fit(review, n, need)?;
            }
            Some(total)
        })
        .collect();
    // Per group and reading: the sum of its candidates' fits, and whether
    // any is rejected.
    let mut by_group: FxHashMap<u32, BTreeMap<u16, (f32, usize, usize)>> = FxHashMap::default();
    for (c, fit) in ev.candidates.iter().zip(&fits) {
        let e = by_group
            .entry(c.group)
            .or_default()
            .entry(c.reading)
            .or_insert((0.0, 0, 0));
        match fit {
            Some(f) => {
                e.0 += f;
                e.1 += 1;
            }
            None => e.2 += 1,
        }
    }
    let mut chosen: FxHashMap<u32, (u16, bool)> = FxHashMap::default();
    for (&g, readings) in &by_group {
        let several = ev.groups.get(g as usize).copied().unwrap_or(1) > 1;
        let mut best: Option<(u16, f32)> = None;
        let mut second = f32::NEG_INFINITY;
        for (&r, &(score, kept, rejected)) in readings {
            // A reading some of whose names cannot be what it needs loses
            // against one all of whose names can.
            let score = if kept == 0 {
                f32::NEG_INFINITY
            } else {
                score - 2.0 * rejected as f32
            };
            match best {
                Some((_, b)) if score <= b => second = second.max(score),
                _ => {
                    if let Some((_, b)) = best {
                        second = second.max(b);
                    }
                    best = Some((r, score));
                }
            }
        }
        if let Some((r, score)) = best {
            let decided = !several || (score > 0.0 && score > second);
            if decided {
                chosen.insert(g, (r, several));
            }
        }
    }
    let mut sizes: FxHashMap<u32, usize> = FxHashMap::default();
    for c in &ev.candidates {
        *sizes.entry(c.group).or_default() += 1;
    }
    let group_size = |g: u32| sizes.get(&g).copied().unwrap_or(0);
    let mut keep = Vec::new();
    for (i, (c, fit)) in ev.candidates.iter().zip(&fits).enumerate() {
        let Some(fit) = fit else {
            continue;
        };
        let Some(&(r, several)) = chosen.get(&c.group) else {
            continue;
        };
        if c.reading != r {
            continue;
        }
        // Every name must fit what it needs, unless the reading was chosen
        // by the other names of its group (a list's other pairs).
        // A frame whose words say little ("Tom Hanks' Woody") needs every
        // name known, by other evidence, to be what it needs.
        let least = if sure.get(c.frame as usize).copied().unwrap_or(false) {
            2.0
        } else {
            f32::MIN_POSITIVE
        };
        let each_fits = c
            .needs
            .iter()
            .all(|&(n, need)| table.fit(review, n, need).is_some_and(|f| f >= least));
        if least > 1.0 && !each_fits {
            continue;
        }
        let by_group = several && group_size(c.group) > c.needs.len().max(1) && *fit >= 0.0;
        if each_fits || by_group {
            keep.push(i);
        }
    }
    keep
}

/// Whether a claim a pattern rule made names what it cannot be: a cast
/// claim whose character is a known actor, place or film, or whose actor
/// is a known character or place; a credit given to a character.
fn contradicts(claim: &Claim, table: &Table) -> bool {
    let value = match &claim.value {
        Value::Person(p) => p.as_str(),
        _ => return false,
    };
    if claim.property == Property::Cast
        && [claim.subject.as_deref(), Some(value)]
            .into_iter()
            .flatten()
            .any(|n| table.entity_of(n).is_some_and(|e| e.doubtful))
    {
        return true;
    }
    let entity = |name: &str| table.entity_of(name).filter(|e| e.kind.is_some());
    let not_person = |name: &str| entity(name).is_some_and(|e| fit(e, Need::Person).is_none());
    match claim.property {
        Property::Cast => {
            let subject_bad = claim
                .subject
                .as_deref()
                .and_then(entity)
                .is_some_and(|e| fit(e, Need::Character).is_none());
            let value_bad = entity(value).is_some_and(|e| fit(e, Need::Actor).is_none());
            subject_bad || value_bad
        }
        Property::Starring => entity(value).is_some_and(|e| fit(e, Need::Actor).is_none()),
        Property::Director => entity(value).is_some_and(|e| fit(e, Need::Director).is_none()),
        p if p.value_kind() == crate::model::ValueKind::Person => not_person(value),
        _ => false,
    }
}

/// Whether a cast claim a pattern rule read by position is, by the shape
/// of its names, the wrong way round: a full name as the character and a
/// given name alone as the actor ("Nora Quill (Ada)"). Reviews name a
/// character by a given name; an actor, by a full name or a surname. Such
/// a claim is turned round.
fn reversed_by_shape(claim: &Claim, lexicon: &crate::rules::Lexicon) -> bool {
    let (Property::Cast, Value::Person(actor), Some(character)) =
        (claim.property, &claim.value, claim.subject.as_deref())
    else {
        return false;
    };
    let given = |w: &str| lexicon.word_is(w) & crate::rules::WordIs::GIVEN_NAME != 0;
    let mut words = character.split(' ');
    let full = words.next().is_some_and(given) && words.next().is_some();
    full && !actor.contains(' ') && given(actor)
}

/// The claims a review's frames make once its film's table is known,
/// merged into the claims its pattern rules made, in reading order, with
/// ids renumbered; pattern claims that name what the table says they
/// cannot be are dropped.
/// The review is the `index`th of `settled`'s evidence; `sure` says of
/// each frame whether it is [`crate::frames::RawFrame::sure`].
fn settle_review(
    review: &mut ReviewClaims,
    settled: &Settled,
    index: usize,
    rules: &RuleSet,
    sure: &[bool],
) {
    let Some(ev) = review.names.take() else {
        return;
    };
    let table = &settled.table;
    let source: Arc<str> = review.source.as_str().into();
    for c in review.claims.iter_mut() {
        if reversed_by_shape(c, &rules.lexicon)
            && let (Value::Person(actor), Some(character)) = (&c.value, c.subject.take())
        {
            c.subject = Some(actor.to_string());
            c.value = Value::Person(character);
        }
    }
    review.claims.retain(|c| !contradicts(c, table));
    let mut added: Vec<Claim> = Vec::new();
    // The plain keys of each claim's value and subject, made once a claim
    // (every candidate is compared with every claim).
    let keys_of = |k: &Claim| {
        (
            plain_key(&k.value.to_string()),
            k.subject.as_deref().map(plain_key),
        )
    };
    let mut claim_keys: Option<Vec<(String, Option<String>)>> = None;
    let mut added_keys: Vec<(String, Option<String>)> = Vec::new();
    for i in resolve(&ev, settled, index, sure) {
        let c: &Candidate = &ev.candidates[i];
        let value = plain_key(&c.value.to_string());
        let subject = c.subject.as_deref().map(plain_key);
        let same = |(k, (v, s)): (&Claim, &(String, Option<String>))| {
            k.property == c.property
                && *v == value
                && *s == subject
                && k.span.start < c.span.1
                && c.span.0 < k.span.end
        };
        let claim_keys =
            claim_keys.get_or_insert_with(|| review.claims.iter().map(keys_of).collect());
        if let Some(k) = review.claims.iter().zip(claim_keys.iter()).position(same) {
            // The same claim a pattern rule made, from the same words: a
            // version the frame read and the rule did not ("A as Ada Jr.
            // (age 13)") is the claim's.
            if let Some(v) = c.qualifiers.get("version") {
                review.claims[k]
                    .qualifiers
                    .entry("version".into())
                    .or_insert_with(|| v.clone());
            }
            continue;
        }
        if added.iter().zip(&added_keys).any(same) {
            continue;
        }
        added_keys.push((value, subject));
        let rule: Arc<str> = rules
            .frames
            .get(c.frame as usize)
            .map_or("frame", |f| f.id.as_str())
            .into();
        added.push(Claim {
            id: "".into(),
            source: source.clone(),
            property: c.property,
            subject: c.subject.clone(),
            value: c.value.clone(),
            qualifiers: c.qualifiers.clone(),
            span: Span {
                start: c.span.0,
                end: c.span.1,
            },
            text: c.text.as_str().into(),
            rule,
            line: c.line,
        });
    }
    let mut id = String::new();
    if added.is_empty()
        && review.claims.iter().enumerate().all(|(i, c)| {
            use std::fmt::Write;
            id.clear();
            let _ = write!(id, "{}#{}", review.source, i + 1);
            *c.id == *id
        })
    {
        return;
    }
    added.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    drop_reversed_pairs(&mut review.claims, &added);
    let old = std::mem::take(&mut review.claims);
    let mut merged = Vec::with_capacity(old.len() + added.len());
    let mut new = added.into_iter().peekable();
    for c in old {
        while let Some(n) = new.next_if(|n| n.span.start < c.span.start) {
            merged.push(n);
        }
        merged.push(c);
    }
    merged.extend(new);
    drop_parts_of_named_characters(&mut merged);
    merged.truncate(crate::extract::MAX_CLAIMS);
    for (i, c) in merged.iter_mut().enumerate() {
        c.id = format!("{}#{}", review.source, i + 1).into();
    }
    review.claims = merged;
}

/// What tells one claim from another for `--explain`: its rule, span,
/// property, subject and value.
fn explain_key(
    rule: &str,
    span: (usize, usize),
    property: Property,
    subject: Option<&str>,
    value: &Value,
) -> String {
    format!(
        "{rule}|{}|{}|{property:?}|{subject:?}|{value:?}",
        span.0, span.1
    )
}

/// [`explain_key`] of a claim made.
fn claim_key(c: &Claim) -> String {
    explain_key(
        &c.rule,
        (c.span.start, c.span.end),
        c.property,
        c.subject.as_deref(),
        &c.value,
    )
}

/// [`settle`] for `claims --explain`: each review's settled claims, each
/// with the captures that made it (a frame's claim, its frame's).
pub fn settle_explained(
    reviews: &mut Vec<(ReviewClaims, Vec<crate::extract::Explained>)>,
    rules: &RuleSet,
) {
    let mut captures: Vec<HashMap<String, Vec<(String, String)>>> =
        Vec::with_capacity(reviews.len());
    for (review, explained) in reviews.iter_mut() {
        let mut known = HashMap::new();
        for e in explained.drain(..) {
            known.insert(claim_key(&e.claim), e.captures);
        }
        if let Some(ev) = &review.names {
            for c in &ev.candidates {
                let rule = rules
                    .frames
                    .get(c.frame as usize)
                    .map_or("frame", |f| f.id.as_str());
                let key = explain_key(rule, c.span, c.property, c.subject.as_deref(), &c.value);
                known.entry(key).or_insert_with(|| c.captures.clone());
            }
        }
        captures.push(known);
    }
    let (mut plain, rest): (Vec<ReviewClaims>, Vec<Vec<crate::extract::Explained>>) =
        std::mem::take(reviews).into_iter().unzip();
    drop(rest);
    settle(&mut plain, rules);
    *reviews = plain
        .into_iter()
        .zip(captures)
        .map(|(review, known)| {
            let explained = review
                .claims
                .iter()
                .map(|c| {
                    let key = claim_key(c);
                    crate::extract::Explained {
                        claim: c.clone(),
                        captures: known.get(&key).cloned().unwrap_or_default(),
                    }
                })
                .collect();
            (review, explained)
        })
        .collect();
}

/// A pattern rule reads "X (Y)" by position; when a frame, by the types
/// of the names, reads the same words the other way round ("Nora Quill
/// (Ada)": Ada is played by Nora Quill), the pattern's reading goes.
fn drop_reversed_pairs(claims: &mut Vec<Claim>, added: &[Claim]) {
    if added.is_empty() {
        return;
    }
    let pair = |c: &Claim| -> Option<(String, String)> {
        (c.property == Property::Cast).then(|| {
            (
                plain_key(c.subject.as_deref().unwrap_or("")),
                plain_key(&c.value.to_string()),
            )
        })
    };
    let frames: Vec<(String, String, usize, usize)> = added
        .iter()
        .filter_map(|c| pair(c).map(|(s, v)| (s, v, c.span.start, c.span.end)))
        .collect();
    if frames.is_empty() {
        return;
    }
    claims.retain(|c| {
        let Some((s, v)) = pair(c) else {
            return true;
        };
        !frames.iter().any(|(fs, fv, start, end)| {
            *fs == v && *fv == s && c.span.start < *end && *start < c.span.end
        })
    });
}

/// A part a review names only by what it is ("as his brother") is the
/// character it names elsewhere by name when the same actor plays that
/// one ("Sonny (James Caan)"): the named claim says it, the other goes.
fn drop_parts_of_named_characters(claims: &mut Vec<Claim>) {
    let is_part = |c: &Claim| {
        c.property == Property::Cast
            && c.subject
                .as_deref()
                .is_some_and(|s| !s.chars().any(char::is_uppercase))
    };
    let named: HashSet<String> = claims
        .iter()
        .filter(|c| c.property == Property::Cast && !is_part(c))
        .map(|c| plain_key(&c.value.to_string()))
        .collect();
    claims.retain(|c| !is_part(c) || !named.contains(&plain_key(&c.value.to_string())));
}

/// The reviews that share a table: runs of reviews in corpus order that
/// name the same film (its folder, `film:` line or title); a review that
/// names none is a film of its own.
pub fn film_runs(reviews: &[ReviewClaims]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=reviews.len() {
        let split = i == reviews.len()
            || reviews[i].film.is_none()
            || reviews[i].film != reviews[start].film;
        if split {
            runs.push(start..i);
            start = i;
        }
    }
    runs
}

/// The table of the reviews of one film.
pub fn table_of(reviews: &[ReviewClaims], rules: &RuleSet) -> Table {
    let evidence: Vec<(&str, &Evidence)> = reviews
        .iter()
        .filter_map(|r| r.names.as_deref().map(|e| (r.source.as_str(), e)))
        .collect();
    Table::build(&evidence, rules, true)
}

/// Settles every review: each run of one film's reviews gets its table,
/// and each review the claims its frames make by it.
pub fn settle(reviews: &mut [ReviewClaims], rules: &RuleSet) {
    for run in film_runs(reviews) {
        settle_film(&mut reviews[run], rules, &[]);
    }
}

/// Settles the reviews of one film, with `more` (other reviews of the
/// film, already settled or not) as further evidence for its table.
pub fn settle_film(reviews: &mut [ReviewClaims], rules: &RuleSet, more: &[&Evidence]) {
    if reviews.iter().all(|r| r.names.is_none()) {
        return;
    }
    let mut evidence: Vec<(&str, &Evidence)> = reviews
        .iter()
        .filter_map(|r| r.names.as_deref().map(|e| (r.source.as_str(), e)))
        .collect();
    evidence.extend(more.iter().map(|e| ("(corpus)", *e)));
    let settled = Table::settled(&evidence, rules, false);
    let sure: Vec<bool> = rules.frames.iter().map(|f| f.sure).collect();
    // The reviews with evidence are the first of the table's, in order.
    for (index, r) in reviews.iter_mut().filter(|r| r.names.is_some()).enumerate() {
        settle_review(r, &settled, index, rules, &sure);
    }
}
