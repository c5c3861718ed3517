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
    by_key: HashMap<String, usize>,
}

/// [`form_key`] without accents: "André Holland" and "Andre Holland" are
/// one claim's value, as a pattern rule and a frame give it.
fn plain_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    form_key(name)
        .replace('ß', "ss")
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// A form key: lower case, no full stops or commas, single spaces.
pub fn form_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
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
        out.extend(chars.flat_map(char::to_lowercase));
    }
    out
}

/// Words that close a name (they tell a father from a son).
fn is_suffix(w: &str) -> bool {
    matches!(w, "jr" | "sr" | "ii" | "iii" | "iv")
}

impl Table {
    /// The entity a name (as written, or a key) belongs to.
    pub fn entity_of(&self, name: &str) -> Option<&Entity> {
        self.by_key.get(&form_key(name)).map(|&i| &self.entities[i])
    }

    /// Builds the table of a film from its reviews' evidence; with
    /// `explain`, each entity keeps where each of its votes comes from
    /// (for `concord entities`; settling needs only the counts).
    pub fn build(reviews: &[(&str, &Evidence)], rules: &RuleSet, explain: bool) -> Table {
        let lexicon = &rules.lexicon;
        // Forms, their counts and votes.
        let mut forms: BTreeMap<String, Form> = BTreeMap::new();
        let mut written: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let mut votes: HashMap<String, [f32; 8]> = HashMap::new();
        let mut evidence: HashMap<String, Vec<String>> = HashMap::new();
        for (source, ev) in reviews {
            let mut seen = HashSet::new();
            for n in &ev.names {
                let key = form_key(&n.key);
                if key.is_empty() {
                    continue;
                }
                let f = forms.entry(key.clone()).or_insert_with(|| Form {
                    key: key.clone(),
                    title: n.title.clone(),
                    words: n.words,
                    ..Form::default()
                });
                f.count += 1;
                if !n.sentence_start {
                    f.inside += 1;
                }
                if seen.insert(key.clone()) {
                    f.reviews += 1;
                }
                *written
                    .entry(key)
                    .or_default()
                    .entry(n.surface.clone())
                    .or_default() += 1;
            }
            for v in &ev.votes {
                let Some(n) = ev.names.get(v.name as usize) else {
                    continue;
                };
                let key = form_key(&n.key);
                votes.entry(key.clone()).or_default()[v.kind as usize] += VOTE;
                if !explain {
                    continue;
                }
                let frame = rules
                    .frames
                    .get(v.frame as usize)
                    .map_or("", |f| f.id.as_str());
                evidence.entry(key).or_default().push(format!(
                    "{source}:{} {frame} -> {}",
                    v.line,
                    v.kind.as_str()
                ));
            }
        }
        for (key, f) in forms.iter_mut() {
            if let Some(w) = written.remove(key) {
                let mut w: Vec<(String, usize)> = w.into_iter().collect();
                w.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                f.written = w.into_iter().map(|(s, _)| s).collect();
            }
        }
        let clusters = cluster(&forms, &votes, lexicon);
        let first = Table::decide_all(&clusters, &forms, &votes, &evidence, lexicon);
        // Second round: a pair whose reading the first round settles for
        // one name ("Robbie Turner (James McAvoy)", James McAvoy an actor)
        // is evidence for the other (Robbie Turner a character).
        for (source, ev) in reviews {
            for (key, kind, line) in pair_votes(ev, &first) {
                votes.entry(key.clone()).or_default()[kind as usize] += VOTE;
                if !explain {
                    continue;
                }
                evidence
                    .entry(key)
                    .or_default()
                    .push(format!("{source}:{line} paired -> {}", kind.as_str()));
            }
        }
        Table::decide_all(&clusters, &forms, &votes, &evidence, lexicon)
    }

    /// The table of `clusters` of `forms`, each entity's kind decided from
    /// the votes and the lexicon's priors.
    fn decide_all(
        clusters: &[Vec<String>],
        forms: &BTreeMap<String, Form>,
        votes: &HashMap<String, [f32; 8]>,
        evidence: &HashMap<String, Vec<String>>,
        lexicon: &Lexicon,
    ) -> Table {
        let mut table = Table::default();
        for members in clusters {
            let mut scores = [0f32; 8];
            let mut ev = Vec::new();
            let mut entity_forms = Vec::new();
            for key in members {
                if let Some(v) = votes.get(key) {
                    for (s, x) in scores.iter_mut().zip(v) {
                        *s += x;
                    }
                }
                if let Some(e) = evidence.get(key) {
                    ev.extend(e.iter().cloned());
                }
                if let Some(f) = forms.get(key) {
                    entity_forms.push(f.clone());
                }
            }
            entity_forms.sort_by(|a, b| {
                b.words
                    .cmp(&a.words)
                    .then(b.count.cmp(&a.count))
                    .then(a.key.cmp(&b.key))
            });
            let person_like = priors(&entity_forms, lexicon, &mut scores, &mut ev);
            let doubtful = !person_like
                && entity_forms
                    .iter()
                    .all(|f| f.words == 1 && f.inside == 0 && f.title.is_none());
            let (kind, also) = decide(&scores);
            let name = entity_forms
                .first()
                .and_then(|f| f.written.first().cloned())
                .unwrap_or_default();
            ev.sort();
            ev.dedup();
            let index = table.entities.len();
            for f in &entity_forms {
                table.by_key.insert(f.key.clone(), index);
            }
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
        table.entities.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.name.cmp(&b.name))
        });
        table.by_key.clear();
        for (i, e) in table.entities.iter().enumerate() {
            for f in &e.forms {
                table.by_key.insert(f.key.clone(), i);
            }
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

/// The votes the pairs of a review give once a first table is known: in a
/// frame read two ways, a reading whose other names all fit by what the
/// table knows of them says what the remaining name is.
fn pair_votes(ev: &Evidence, table: &Table) -> Vec<(String, Kind, usize)> {
    let key = |n: u32| {
        ev.names
            .get(n as usize)
            .map(|n| n.key.as_str())
            .unwrap_or("")
    };
    let mut out = Vec::new();
    for c in &ev.candidates {
        if ev.groups.get(c.group as usize).copied().unwrap_or(1) < 2 || c.needs.len() < 2 {
            continue;
        }
        let known: Vec<bool> = c
            .needs
            .iter()
            .map(|&(n, need)| table.fit(key(n), need).is_some_and(|f| f >= 2.0))
            .collect();
        if known.iter().filter(|k| !**k).count() != 1 {
            continue;
        }
        for (&(n, need), known) in c.needs.iter().zip(&known) {
            if *known {
                continue;
            }
            // Only a name the table cannot rule out.
            if table.fit(key(n), need).is_none()
                && table.entity_of(key(n)).is_some_and(|e| e.kind.is_some())
            {
                let strong = table
                    .entity_of(key(n))
                    .is_some_and(|e| e.scores.values().copied().fold(0.0, f32::max) >= 2.0 * VOTE);
                if strong {
                    continue;
                }
            }
            if let Some(kind) = kind_of(need) {
                out.push((form_key(key(n)), kind, c.line));
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
        Need::Place | Need::Work | Need::Org => Some(0.0),
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
fn priors(forms: &[Form], lexicon: &Lexicon, scores: &mut [f32; 8], ev: &mut Vec<String>) -> bool {
    let mut person_like = false;
    let Some(full) = forms.first() else {
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
fn cluster(
    forms: &BTreeMap<String, Form>,
    votes: &HashMap<String, [f32; 8]>,
    lexicon: &Lexicon,
) -> Vec<Vec<String>> {
    // Union-find over form indices.
    let keys: Vec<&String> = forms.keys().collect();
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let words_of = |k: &str| -> Vec<String> { k.split(' ').map(String::from).collect() };
    let core_of = |k: &str| -> Vec<String> {
        let f = &forms[k];
        words_of(k)
            .into_iter()
            .skip(usize::from(f.title.is_some()))
            .collect()
    };
    // Full names (two words or more, or a title and a word).
    let full: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].contains(' ')).collect();
    // Spelling variants: same number of words, one the same, the others
    // one or two edits apart. Only names sharing a word are compared.
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &full {
        for w in words_of(keys[i]) {
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
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in &full {
        let core = core_of(keys[i]);
        let named: Vec<&String> = core.iter().filter(|w| !is_suffix(w)).collect();
        if let Some(last) = named.last()
            && named.len() > 1
        {
            by_last.entry((*last).clone()).or_default().push(i);
        }
        if let Some(first) = named.first() {
            by_first.entry((*first).clone()).or_default().push(i);
        }
    }
    let person_votes = |i: usize| {
        votes
            .get(keys[i].as_str())
            .is_some_and(|v| v[Kind::Actor as usize] + v[Kind::Crew as usize] > 0.0)
    };
    for (i, key) in keys.iter().enumerate() {
        if key.contains(' ') {
            continue;
        }
        let w = key.as_str();
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
    let _ = index;
    let mut groups: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push((*key).clone());
    }
    groups.into_values().collect()
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
fn resolve(ev: &Evidence, table: &Table, sure: &[bool]) -> Vec<usize> {
    let name_key = |n: u32| {
        ev.names
            .get(n as usize)
            .map(|n| n.key.as_str())
            .unwrap_or("")
    };
    // Per candidate: rejected (None) or its fit.
    let fits: Vec<Option<f32>> = ev
        .candidates
        .iter()
        .map(|c| {
            let mut total = 0.0;
            for &(n, need) in &c.needs {
                total += table.fit(name_key(n), need)?;
            }
            Some(total)
        })
        .collect();
    // Per group and reading: the sum of its candidates' fits, and whether
    // any is rejected.
    let mut by_group: HashMap<u32, BTreeMap<u16, (f32, usize, usize)>> = HashMap::new();
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
    let mut chosen: HashMap<u32, (u16, bool)> = HashMap::new();
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
    let mut sizes: HashMap<u32, usize> = HashMap::new();
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
            .all(|&(n, need)| table.fit(name_key(n), need).is_some_and(|f| f >= least));
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

/// The claims a review's frames make once its film's table is known,
/// merged into the claims its pattern rules made, in reading order, with
/// ids renumbered; pattern claims that name what the table says they
/// cannot be are dropped.
fn settle_review(review: &mut ReviewClaims, table: &Table, rules: &RuleSet) {
    let Some(ev) = review.names.take() else {
        return;
    };
    let source: Arc<str> = review.source.as_str().into();
    review.claims.retain(|c| !contradicts(c, table));
    let mut added: Vec<Claim> = Vec::new();
    let sure: Vec<bool> = rules.frames.iter().map(|f| f.sure).collect();
    for i in resolve(&ev, table, &sure) {
        let c: &Candidate = &ev.candidates[i];
        let value = plain_key(&c.value.to_string());
        let subject = c.subject.as_deref().map(plain_key);
        let same = |k: &Claim| {
            k.property == c.property
                && plain_key(&k.value.to_string()) == value
                && k.subject.as_deref().map(plain_key) == subject
                && k.span.start < c.span.1
                && c.span.0 < k.span.end
        };
        if review.claims.iter().any(same) || added.iter().any(same) {
            continue;
        }
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
    if added.is_empty()
        && review
            .claims
            .iter()
            .enumerate()
            .all(|(i, c)| *c.id == *format!("{}#{}", review.source, i + 1))
    {
        return;
    }
    added.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
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
    let table = Table::build(&evidence, rules, false);
    for r in reviews.iter_mut() {
        settle_review(r, &table, rules);
    }
}
