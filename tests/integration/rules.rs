//! The built-in rules: their own examples pass, their data is tidy, and no
//! pattern knows a particular film.

use std::collections::BTreeSet;

use concord::model::Property;
use concord::rules::BUILTIN;
use concord::verify::check_all;

use crate::common::{builtin, fixture_reviews, root};

#[test]
fn every_rule_passes_its_examples_and_counter_examples() {
    let rules = builtin();
    let mut report = Vec::new();
    for r in check_all(&rules) {
        for f in &r.failures {
            report.push(format!("{} ({}:{}): {f}", r.id, r.file, r.line));
        }
    }
    assert!(
        report.is_empty(),
        "rules that fail their cases:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_rule_file_is_built_in() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("rules"))
        .expect("rules folder")
        .map(|e| format!("rules/{}", e.expect("entry").file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let built_in: BTreeSet<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, built_in,
        "rules/ and rules::BUILTIN must list the same files"
    );
}

#[test]
fn lexicon_lists_are_sorted_without_repeats() {
    let rules = builtin();
    for (name, words) in &rules.lexicon.lists {
        let mut sorted = words.clone();
        sorted.sort_by_key(|w| w.to_lowercase());
        sorted.dedup_by_key(|w| w.to_lowercase());
        assert_eq!(
            words, &sorted,
            "list `{name}` in rules/lexicon.toml is unsorted or repeats a word"
        );
    }
}

#[test]
fn every_number_word_of_the_lexicon_is_read_by_the_code() {
    let rules = builtin();
    for w in &rules.lexicon.lists["number_word"] {
        assert!(
            concord::numbers::parse_number(w).is_some(),
            "`{w}` is in the lexicon but not read"
        );
    }
    let known: BTreeSet<&str> = concord::numbers::known_words().collect();
    assert!(known.contains("forty"));
}

#[test]
fn every_month_of_the_lexicon_is_read_by_the_code() {
    let rules = builtin();
    for m in &rules.lexicon.lists["month"] {
        assert!(
            concord::values::parse_month(m).is_some(),
            "`{m}` is in the lexicon but not read"
        );
    }
}

/// Lexicon lists that are vocabularies of English, not knowledge of films.
const VOCABULARIES: [&str; 2] = ["given_name", "place"];

/// No pattern, list or piece may name a person, character or title that a
/// fixture review mentions: rules are English, not knowledge of one film.
#[test]
fn no_rule_pattern_names_a_fixture_film_person_or_character() {
    let rules = builtin();
    let mut names = BTreeSet::new();
    for path in fixture_reviews() {
        let text = std::fs::read_to_string(root().join(&path)).expect("fixture");
        let file = concord::input::ReviewFile::new(path.display().to_string(), text);
        for c in concord::read_claims(&file, &rules).claims {
            if c.property.value_kind() == concord::model::ValueKind::Person {
                names.insert(c.value.to_string());
            }
            if c.property == Property::Cast
                && let Some(s) = c.subject
            {
                names.insert(s);
            }
        }
    }
    assert!(
        names.len() > 50,
        "the fixtures should name many people, found {}",
        names.len()
    );
    let mut haystack: Vec<(String, String)> = rules
        .rules
        .iter()
        .map(|r| (r.id.to_string(), r.expanded.clone()))
        .chain(rules.frames.iter().map(|f| (f.id.clone(), f.source.clone())))
        .collect();
    for (name, words) in &rules.lexicon.lists {
        // The given names (drawn from a national census, thousands of
        // them) and the places (countries, states and large cities) are
        // vocabularies of English: a film's person shares a word with
        // them by chance, as "Holland" or "Boston" do. They are held to
        // their size instead, below.
        if VOCABULARIES.contains(&name.as_str()) {
            continue;
        }
        haystack.push((format!("lexicon list {name}"), words.join("|")));
    }
    for (name, at_least) in [("given_name", 2000), ("place", 200)] {
        let size = rules.lexicon.lists.get(name).map_or(0, Vec::len);
        assert!(
            size >= at_least,
            "lexicon list {name} has {size} words: a vocabulary, not a film's names"
        );
    }
    let mut found = Vec::new();
    for name in &names {
        // Titles alone ("Madame") and single common words are vocabulary.
        for word in name
            .split(' ')
            .filter(|w| w.len() > 3 && !rules.lexicon.in_list("title", w))
        {
            let needle = regex::escape(word);
            let re = regex::Regex::new(&format!(r"\b{needle}\b")).expect("escaped");
            for (where_, text) in &haystack {
                if re.is_match(text) {
                    found.push(format!("{where_} contains `{word}` (from the name {name})"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "rules that know a film's names:\n{}",
        found.join("\n")
    );
}
