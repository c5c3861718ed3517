//! The built-in rules: their own examples pass, their data is tidy, and no
//! pattern (nor any code) knows a particular film: not the fixtures' nor
//! the development corpus's.

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
        .chain(
            rules
                .frames
                .iter()
                .map(|f| (f.id.clone(), f.source.clone())),
        )
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
    // The development corpus's films (tests/fixtures/dev): every
    // multi-word name its gold files give a person, a character or a
    // place, written whole in a line that steers extraction: a rule
    // file's patterns and word lists (not its examples, comments or
    // descriptions), or the code (not its comments or tests). The same
    // check as the project's session hook.
    let names = dev_gold_names();
    assert!(
        names.len() > 100,
        "the dev gold should name many people, found {}",
        names.len()
    );
    let mut files = Vec::new();
    for dir in ["rules", "src"] {
        walk_files(&root().join(dir), &mut files);
    }
    files.retain(|f| f.extension().is_some_and(|e| e == "toml" || e == "rs"));
    files.sort();
    assert!(files.len() > 20, "{files:?}");
    for file in &files {
        let rel = file
            .strip_prefix(root())
            .unwrap_or(file)
            .display()
            .to_string();
        // The frames' examples, too, use invented names (their file says
        // so): an example copied from a dev review is a frame written from
        // it. The older rule files take theirs from the seeds.
        let lines = if file.ends_with("rules/people.toml") {
            every_line(file)
        } else {
            live_lines(file)
        };
        for (n, line) in lines {
            for name in names.iter().filter(|name| line.contains(name.as_str())) {
                found.push(format!("{rel}:{n} names `{name}` (a name of the dev gold)"));
            }
        }
    }
    for (where_, text) in &haystack {
        for name in names.iter().filter(|name| text.contains(name.as_str())) {
            found.push(format!(
                "{where_} contains `{name}` (a name of the dev gold)"
            ));
        }
    }
    assert!(
        found.is_empty(),
        "rules that know a film's names:\n{}",
        found.join("\n")
    );
}

/// Every multi-word capitalised name ("Carey Mulligan", "Miss Emily",
/// "West Germany") the dev and held-out gold files give as the value or
/// subject of a credit, a part, a role, an age or a setting.
fn dev_gold_names() -> BTreeSet<String> {
    const PROPERTIES: &[&str] = &[
        "cast",
        "starring",
        "director",
        "screenwriter",
        "source_author",
        "cinematographer",
        "composer",
        "role",
        "age",
        "setting",
    ];
    let name = regex::Regex::new(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)+$").expect("a valid pattern");
    let mut names = BTreeSet::new();
    let mut files = Vec::new();
    for dir in ["tests/fixtures/dev/gold", "tests/fixtures/heldout/gold"] {
        for e in std::fs::read_dir(root().join(dir)).expect(dir) {
            files.push(e.expect("entry").path());
        }
    }
    files.sort();
    for path in files {
        if path.extension().is_none_or(|x| x != "toml") || path.ends_with("check.toml") {
            continue;
        }
        let gold = concord::eval::gold::Gold::load(&path)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        for c in gold
            .claims
            .iter()
            .filter(|c| PROPERTIES.contains(&c.property.as_str()))
        {
            for v in std::iter::once(&c.value).chain(c.subject.as_ref()) {
                if name.is_match(v) {
                    names.insert(v.clone());
                }
            }
        }
    }
    names
}

fn walk_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every line of a file that is not a comment, with its number.
fn every_line(path: &std::path::Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

/// The lines of a rule or code file that can steer extraction, with their
/// numbers: in a `.rs` file, the lines before its first `#[cfg(test)]`
/// that are not comments; in a `.toml` file, the lines that are not
/// comments, examples, counter-examples or descriptions.
fn live_lines(path: &std::path::Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    let rust = path.extension().is_some_and(|e| e == "rs");
    let mut keep = Vec::new();
    let mut in_examples = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if rust {
            if t.starts_with("#[cfg(test)]") {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
        } else {
            if t.starts_with('#') {
                continue;
            }
            if t.starts_with("[[rule.examples]]")
                || t.starts_with("[[frame.examples]]")
                || t.starts_with("counter_examples")
                || t.starts_with("examples")
            {
                in_examples = true;
            } else if t.starts_with('[') || t.starts_with("pattern") || t.starts_with("not_") {
                in_examples = false;
            }
            if in_examples || t.starts_with("description") || t.starts_with("text =") {
                continue;
            }
        }
        keep.push((i + 1, line.to_string()));
    }
    keep
}
