//! Who is who across reviews: people (actors, crew, authors) and characters.
//!
//! Reviews spell names differently ("Natalie Richard", "Nathalie Richard"),
//! shorten them ("Mulligan", "Kathy" for "Kathy H.", "Madame" for "Madame
//! Mary Claude") and misspell them ("Knightly"). This module groups the names
//! of a corpus into entities and keeps, for every merge, the reason it was
//! made, so a report can say *why* two names are one.
//!
//! Names are compared only within blocks (people by the first letters of
//! their surname, characters by their first name word), so resolution stays
//! near linear in the number of distinct names.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use strsim::jaro_winkler;

use crate::model::{Claim, Property, ValueKind};
use crate::rules::Lexicon;

/// Two full names are one person spelt two ways when their surnames agree
/// and the whole names are at least this similar (Jaro-Winkler). 0.9 keeps
/// "Natalie Richard"/"Nathalie Richard" (0.98) and "Jim Broadbend"/"Jim
/// Broadbent" together, and "Casey Affleck"/"Ben Affleck" (0.73) apart.
const PERSON_SIMILARITY: f64 = 0.90;
/// A surname alone names a person whose surname it is, or is this close to
/// ("Knightly" for "Knightley", 0.98): one letter off in a long word.
const SURNAME_SIMILARITY: f64 = 0.92;
/// Two character names are one spelt two ways at this similarity ("Tomy",
/// "Tommy": 0.95), and only when no review uses both for different people.
const CHARACTER_SIMILARITY: f64 = 0.93;

/// A name reduced for comparison: folded, lower case, no punctuation.
pub fn name_key(name: &str) -> String {
    let folded = crate::text::Folded::new(name).text.to_lowercase();
    let cleaned: String = folded
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tokens(key: &str) -> Vec<&str> {
    key.split(' ').filter(|t| !t.is_empty()).collect()
}

/// Union-find over indices, with the reason each union was made.
#[derive(Debug, Clone)]
struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    /// The root of `i`, without compressing the path: for looking while
    /// the sets are borrowed.
    fn root(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        // The smaller index is the root: the result does not depend on the
        // order unions are made in.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    Person,
    Character,
}

/// Why two names were taken for one entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    pub a: String,
    pub b: String,
    pub reason: String,
}

/// A resolved person or character.
#[derive(Debug, Clone)]
pub struct Entity {
    pub kind: EntityKind,
    /// The spelling most sources use (ties: the longer, then alphabetical).
    pub canonical: String,
    /// Every spelling, with the sources that use it.
    pub spellings: BTreeMap<String, BTreeSet<Arc<str>>>,
    pub merges: Vec<Merge>,
}

/// The entities of a corpus and which name belongs to which.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    person: HashMap<String, usize>,
    character: HashMap<String, usize>,
}

impl Resolution {
    /// The entity a person's name (as written) resolves to.
    pub fn person(&self, name: &str) -> Option<usize> {
        self.person.get(&name_key(name)).copied()
    }

    /// The entity a character's name (as written) resolves to.
    pub fn character(&self, name: &str) -> Option<usize> {
        self.character.get(&name_key(name)).copied()
    }

    /// Whether `short` is only a shorter form of `long` of the same entity
    /// (a surname alone, a name without its initial or title), rather than
    /// a different spelling.
    pub fn is_short_form(short: &str, long: &str, lexicon: &Lexicon) -> bool {
        let (s, l) = (name_key(short), name_key(long));
        let (st, lt) = (core_tokens(&s, lexicon), core_tokens(&l, lexicon));
        !st.is_empty() && st.len() < lt.len() && st.iter().all(|t| lt.contains(t))
            || (s != l && st == lt)
    }
}

/// A name's words without titles and initials: "miss lucy" → ["lucy"].
fn core_tokens<'a>(key: &'a str, lexicon: &Lexicon) -> Vec<&'a str> {
    tokens(key)
        .into_iter()
        .filter(|t| t.len() > 1 && !lexicon.in_list("title", t))
        .collect()
}

/// One distinct name of the corpus and where it is used.
#[derive(Debug, Clone)]
struct Name {
    key: String,
    /// Spellings as written, with their sources.
    spellings: BTreeMap<String, BTreeSet<Arc<str>>>,
    sources: BTreeSet<Arc<str>>,
}

fn collect(names: impl Iterator<Item = (String, Arc<str>)>) -> Vec<Name> {
    let mut by_key: BTreeMap<String, Name> = BTreeMap::new();
    for (written, source) in names {
        let key = name_key(&written);
        if key.is_empty() {
            continue;
        }
        let n = by_key.entry(key.clone()).or_insert_with(|| Name {
            key,
            spellings: BTreeMap::new(),
            sources: BTreeSet::new(),
        });
        n.spellings
            .entry(written)
            .or_default()
            .insert(source.clone());
        n.sources.insert(source);
    }
    by_key.into_values().collect()
}

fn canonical(spellings: &BTreeMap<String, BTreeSet<Arc<str>>>) -> String {
    spellings
        .iter()
        .max_by(|(a, sa), (b, sb)| {
            sa.len()
                .cmp(&sb.len())
                .then(a.split(' ').count().cmp(&b.split(' ').count()))
                .then(b.cmp(a))
        })
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

fn build(
    kind: EntityKind,
    names: &[Name],
    sets: &mut Sets,
    merges: Vec<(usize, usize, String)>,
) -> (Vec<Entity>, HashMap<String, usize>) {
    let mut root_entity: BTreeMap<usize, usize> = BTreeMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut index = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let root = sets.find(i);
        let e = *root_entity.entry(root).or_insert_with(|| {
            entities.push(Entity {
                kind,
                canonical: String::new(),
                spellings: BTreeMap::new(),
                merges: Vec::new(),
            });
            entities.len() - 1
        });
        for (s, src) in &name.spellings {
            entities[e]
                .spellings
                .entry(s.clone())
                .or_default()
                .extend(src.iter().cloned());
        }
        index.insert(name.key.clone(), e);
    }
    for (a, b, reason) in merges {
        let e = index[&names[a].key];
        entities[e].merges.push(Merge {
            a: canonical(&names[a].spellings),
            b: canonical(&names[b].spellings),
            reason,
        });
    }
    for e in &mut entities {
        e.canonical = canonical(&e.spellings);
        e.merges.sort();
    }
    (entities, index)
}

/// The first letters of a person's surname: names are only compared with
/// names of the same block.
fn surname_block(key: &str) -> String {
    tokens(key)
        .last()
        .map(|t| t.chars().take(2).collect())
        .unwrap_or_default()
}

fn resolve_people(names: &[Name]) -> (Sets, Vec<(usize, usize, String)>) {
    let mut sets = Sets::new(names.len());
    let mut merges = Vec::new();
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        blocks.entry(surname_block(&n.key)).or_default().push(i);
    }
    for members in blocks.values() {
        let full: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| tokens(&names[i].key).len() > 1)
            .collect();
        let single: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| tokens(&names[i].key).len() == 1)
            .collect();
        // Full names spelt two ways.
        for (x, &a) in full.iter().enumerate() {
            for &b in &full[x + 1..] {
                let (ka, kb) = (&names[a].key, &names[b].key);
                let (la, lb) = (
                    tokens(ka).last().copied().unwrap_or(""),
                    tokens(kb).last().copied().unwrap_or(""),
                );
                let sim = jaro_winkler(ka, kb);
                let surname = jaro_winkler(la, lb);
                let first_a = tokens(ka)[0];
                let first_b = tokens(kb)[0];
                // Different first names on one surname are different people
                // (Joel and Ethan Coen), unless one is the other's initial.
                let firsts_agree = jaro_winkler(first_a, first_b) >= 0.85
                    || (first_a.len() == 1 && first_b.starts_with(first_a))
                    || (first_b.len() == 1 && first_a.starts_with(first_b));
                if sim >= PERSON_SIMILARITY
                    && surname >= SURNAME_SIMILARITY
                    && firsts_agree
                    && sets.union(a, b)
                {
                    merges.push((a, b, format!("spelt differently (similarity {sim:.2})")));
                }
            }
        }
        // A surname alone: the one full name of the block it belongs to.
        for &s in &single {
            let key = &names[s].key;
            let mut candidates: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
            for &f in &full {
                let last = tokens(&names[f].key).last().copied().unwrap_or("");
                let sim = if last == key {
                    1.0
                } else {
                    jaro_winkler(last, key)
                };
                if sim >= SURNAME_SIMILARITY {
                    let root = sets.find(f);
                    let best = candidates.entry(root).or_insert((f, sim));
                    if sim > best.1 {
                        *best = (f, sim);
                    }
                }
            }
            let chosen = match candidates.len() {
                1 => candidates.values().next().copied(),
                0 => None,
                // Several people share the surname: the one the same review
                // names in full, if exactly one.
                _ => {
                    let same_review: Vec<(usize, f64)> = candidates
                        .values()
                        .copied()
                        .filter(|&(f, _)| {
                            let ff = sets.root(f);
                            full.iter()
                                .filter(|&&g| sets.root(g) == ff)
                                .any(|&g| !names[g].sources.is_disjoint(&names[s].sources))
                        })
                        .collect();
                    (same_review.len() == 1).then(|| same_review[0])
                }
            };
            if let Some((f, sim)) = chosen
                && sets.union(f, s)
            {
                let reason = if sim >= 1.0 {
                    "the surname alone".to_string()
                } else {
                    format!("the surname alone, spelt differently (similarity {sim:.2})")
                };
                merges.push((f, s, reason));
            }
        }
    }
    (sets, merges)
}

/// Whether character name `a` is a shorter form of `b`: its words, titles and
/// initials aside, start `b`'s ("Kathy" of "Kathy H.", "Captain Ward" of
/// "Captain Elias Ward"), or it is a title alone that `b` starts with
/// ("Madame" of "Madame Mary Claude").
fn extends(a: &str, b: &str, lexicon: &Lexicon) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.len() >= tb.len() || ta.is_empty() {
        return false;
    }
    let (ca, cb) = (core_tokens(a, lexicon), core_tokens(b, lexicon));
    if ca.is_empty() {
        // A title alone.
        return tb.starts_with(&ta);
    }
    // The core words of `a` appear in `b` in order, and it starts or ends
    // as `b` does ("Kathy" of "Kathy H.", "Captain Ward" of "Captain Elias
    // Ward").
    if cb.first() != ca.first() && cb.last() != ca.last() {
        return false;
    }
    let mut it = cb.iter();
    ca.iter().all(|w| it.any(|x| x == w))
}

/// Resolves every person and character named in `claims`.
pub fn resolve(claims: &[&Claim], lexicon: &Lexicon) -> Resolution {
    // People: the values of person properties, and the subjects of
    // known_for claims.
    let people = collect(claims.iter().filter_map(|c| {
        if c.property.value_kind() == ValueKind::Person {
            Some((c.value.to_string(), c.source.clone()))
        } else if c.property == Property::KnownFor {
            c.subject.clone().map(|s| (s, c.source.clone()))
        } else {
            None
        }
    }));
    let (mut psets, pmerges) = resolve_people(&people);
    let (mut entities, person) = build(EntityKind::Person, &people, &mut psets, pmerges);

    // Characters: the subjects of cast, role and alias claims.
    let characters = collect(claims.iter().filter_map(|c| {
        matches!(
            c.property,
            Property::Cast | Property::Role | Property::Alias
        )
        .then(|| c.subject.clone().map(|s| (s, c.source.clone())))
        .flatten()
    }));
    let mut csets = Sets::new(characters.len());
    let mut cmerges = Vec::new();
    // Two names one review uses side by side are two characters, however
    // alike. A name's sources are the reviews that use it, so two names
    // share a review exactly when their sources meet (no scan of every
    // review for every pair).
    let side_by_side =
        |a: usize, b: usize| !characters[a].sources.is_disjoint(&characters[b].sources);
    // Blocks by first word: extensions and spellings share it.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in characters.iter().enumerate() {
        let first: String = tokens(&n.key)[0].chars().take(2).collect();
        blocks.entry(first).or_default().push(i);
        // A titled name is also found under its first core word ("Miss Lucy"
        // under "lu", with "Lucy").
        if let Some(core) = core_tokens(&n.key, lexicon).first()
            && !n.key.starts_with(core)
        {
            blocks
                .entry(core.chars().take(2).collect())
                .or_default()
                .push(i);
        }
    }
    for members in blocks.values() {
        // Longer names first, so a short name sees which clusters it could
        // belong to.
        let mut members = members.clone();
        members.sort_by_key(|&i| std::cmp::Reverse(tokens(&characters[i].key).len()));
        members.dedup();
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let (ka, kb) = (&characters[a].key, &characters[b].key);
                let (ca, cb) = (core_tokens(ka, lexicon), core_tokens(kb, lexicon));
                if !ca.is_empty() && ca == cb {
                    if csets.union(a, b) {
                        cmerges.push((
                            a,
                            b,
                            "the same name, with or without a title or initial".to_string(),
                        ));
                    }
                } else if extends(kb, ka, lexicon) {
                    // `b` is short for `a`; unless it is short for others too.
                    let longer: BTreeSet<usize> = members
                        .iter()
                        .copied()
                        .filter(|&o| extends(kb, &characters[o].key, lexicon))
                        .map(|o| csets.find(o))
                        .collect();
                    if longer.len() == 1 && csets.union(a, b) {
                        cmerges.push((a, b, "a shorter form of the same name".to_string()));
                    }
                } else if ca.len() == cb.len()
                    && !side_by_side(a, b)
                    && ka.len() >= 4
                    && kb.len() >= 4
                    && ka.chars().next() == kb.chars().next()
                {
                    let sim = jaro_winkler(ka, kb);
                    if sim >= CHARACTER_SIMILARITY && csets.union(a, b) {
                        cmerges.push((a, b, format!("spelt differently (similarity {sim:.2})")));
                    }
                }
            }
        }
    }
    // Characters played by the same actor (at the same age) are one
    // character named two ways, unless one review names both.
    let mut by_actor: BTreeMap<(usize, Option<&str>), BTreeSet<usize>> = BTreeMap::new();
    let char_index: HashMap<&str, usize> = characters
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key.as_str(), i))
        .collect();
    for c in claims.iter().filter(|c| c.property == Property::Cast) {
        let (Some(subject), Some(actor)) =
            (&c.subject, person.get(&name_key(&c.value.to_string())))
        else {
            continue;
        };
        if let Some(&ch) = char_index.get(name_key(subject).as_str()) {
            by_actor
                .entry((*actor, c.qualifier("version")))
                .or_default()
                .insert(ch);
        }
    }
    for ((actor, _), chars) in &by_actor {
        let chars: Vec<usize> = chars.iter().copied().collect();
        for (x, &a) in chars.iter().enumerate() {
            for &b in &chars[x + 1..] {
                if !side_by_side(a, b) && csets.union(a, b) {
                    cmerges.push((
                        a,
                        b,
                        format!("both played by {}", entities[*actor].canonical),
                    ));
                }
            }
        }
    }
    let (characters, character) = build(EntityKind::Character, &characters, &mut csets, cmerges);
    let offset = entities.len();
    entities.extend(characters);
    Resolution {
        entities,
        person,
        character: character
            .into_iter()
            .map(|(k, v)| (k, v + offset))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut lists = BTreeMap::new();
        lists.insert(
            "title".to_string(),
            vec![
                "Madame".to_string(),
                "Miss".to_string(),
                "Captain".to_string(),
            ],
        );
        Lexicon::new(lists, BTreeMap::new(), BTreeMap::new())
    }

    fn names(list: &[(&str, &str)]) -> Vec<Name> {
        collect(list.iter().map(|(n, s)| (n.to_string(), Arc::from(*s))))
    }

    fn same(names: &[Name], sets: &mut Sets, a: &str, b: &str) -> bool {
        let i = names.iter().position(|n| n.key == name_key(a)).unwrap();
        let j = names.iter().position(|n| n.key == name_key(b)).unwrap();
        sets.find(i) == sets.find(j)
    }

    #[test]
    fn people_spelt_two_ways_and_surnames_alone() {
        let n = names(&[
            ("Natalie Richard", "a"),
            ("Nathalie Richard", "b"),
            ("Keira Knightley", "a"),
            ("Knightly", "c"),
            ("Ben Affleck", "a"),
            ("Casey Affleck", "b"),
            ("Affleck", "a"),
            ("Joel Coen", "a"),
            ("Ethan Coen", "a"),
        ]);
        let (mut sets, _) = resolve_people(&n);
        assert!(same(&n, &mut sets, "Natalie Richard", "Nathalie Richard"));
        assert!(same(&n, &mut sets, "Keira Knightley", "Knightly"));
        assert!(!same(&n, &mut sets, "Ben Affleck", "Casey Affleck"));
        assert!(
            same(&n, &mut sets, "Ben Affleck", "Affleck"),
            "the one the same review names"
        );
        assert!(!same(&n, &mut sets, "Joel Coen", "Ethan Coen"));
    }

    #[test]
    fn character_extensions() {
        let lex = lexicon();
        assert!(extends("kathy", "kathy h", &lex));
        assert!(extends("madame", "madame mary claude", &lex));
        assert!(extends("captain ward", "captain elias ward", &lex));
        assert!(!extends("miss emily", "miss lucy", &lex));
        assert!(!extends("ruth", "kathy h", &lex));
    }

    #[test]
    fn short_forms() {
        let lex = lexicon();
        assert!(Resolution::is_short_form(
            "Mulligan",
            "Carey Mulligan",
            &lex
        ));
        assert!(!Resolution::is_short_form(
            "Knightly",
            "Keira Knightley",
            &lex
        ));
        assert!(!Resolution::is_short_form(
            "Natalie Richard",
            "Nathalie Richard",
            &lex
        ));
    }
}
