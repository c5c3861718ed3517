//! When a gold entry and what concord said are the same statement: the
//! matching rules of the reference scorer (`tests/fixtures/dev/score.py`),
//! ported one for one so that `concord eval` and the scorer give the same
//! figures. Each function names the Python function it follows; where the
//! two could differ (Unicode), the comment says why they do not.
//!
//! The rules are lenient on purpose: a gold file records what a review
//! says, and concord is right when it reads the same fact, whatever the
//! spelling of the case, accents and punctuation ([`fold`]), the precision
//! of a number ("103" for "103 minutes"), or how much of a character's name
//! it kept ("Kathy" for "Kathy H.").

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Properties whose values are compared by their numbers, in order
/// ("103" and "103 minutes"; "10 years" and "10 yr").
const NUMERIC: &[&str] = &[
    "runtime",
    "life_expectancy",
    "count",
    "story_year",
    "source_year",
    "age",
    "duration",
];

/// Properties whose subject is part of the fact (who plays whom, whose
/// age); for the others the subject is context and only the value counts.
pub const SUBJECT_KEYED: &[&str] = &["cast", "role", "age", "count", "duration", "alias", "event"];

/// Properties whose values are people's names: a claim of a part of a
/// name the gold gives in full is neither right nor wrong.
pub const PERSON_PROPS: &[&str] = &[
    "director",
    "screenwriter",
    "source_author",
    "cinematographer",
    "composer",
    "editor",
    "producer",
    "cast",
    "starring",
];

/// Words before a name that are not the name ("Miss Lucy" ~ "Lucy").
const TITLES: &[&str] = &["miss", "mr", "mrs", "madame", "ms", "dr"];

/// Version words of a younger part.
const YOUNG: &[&str] = &[
    "young", "younger", "youngest", "child", "children", "teen", "teenage", "teenaged", "little",
    "kid", "boy", "girl", "youth",
];
/// Version words of an older part (the adult is the default).
const OLDER: &[&str] = &[
    "adult", "older", "oldest", "grown", "grown up", "later", "elder", "old",
];
/// The middle one of three versions: any version word will do.
const MIDDLE: &[&str] = &["middle", "middle-aged version", "middle version"];

/// `fold()`: compatibility decomposition (NFKD), combining marks dropped,
/// lower case, and every run of characters other than `a-z` and `0-9` one
/// space, trimmed. "Nathalie-Richard’s" and "nathalie richard s" fold
/// alike. Python's `str.lower` and Rust's `to_lowercase` both apply
/// Unicode's full lower-case mapping, and whatever either leaves outside
/// `a-z0-9` becomes a space, so both fold any text to the same string.
pub fn fold(s: &str) -> String {
    let lowered: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect::<String>()
        .to_lowercase();
    lowered
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `numbers()`: the runs of digits of `s` (any script's decimal digits, as
/// Python's `\d` and the regex crate's both read them), in order.
fn numbers(s: &str) -> Vec<&str> {
    static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("a valid pattern"));
    DIGITS.find_iter(s).map(|m| m.as_str()).collect()
}

/// `value_match()`: whether the gold value and concord's are the same
/// value of `property`.
pub fn value_match(gold: &str, system: &str, property: &str) -> bool {
    let (g, s) = (fold(gold), fold(system));
    if g == s {
        return true;
    }
    if NUMERIC.contains(&property) {
        let (gn, sn) = (numbers(gold), numbers(system));
        if gn.is_empty() || sn.len() < gn.len() || gn[..] != sn[..gn.len()] {
            return false;
        }
        // A duration keeps its unit: "10 years" ~ "10 yr" (the scorer asks
        // only for a `y`).
        return property != "duration" || s.replace(' ', "").contains('y');
    }
    if property == "release_date" {
        return g.replace(' ', "") == s.replace(' ', "");
    }
    if property == "role" {
        // "gallery owner" ~ "owner of the art gallery".
        let gt: Vec<&str> = g.split(' ').filter(|w| !w.is_empty()).collect();
        let st: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
        return gt.iter().all(|w| st.contains(w)) || st.iter().all(|w| gt.contains(w));
    }
    false
}

/// `subject_match()`: whether concord's subject is the gold's. No gold
/// subject: any; a gold subject and none from concord: no. Otherwise equal
/// when folded, or the first words apart from titles agree ("Kathy" ~
/// "Kathy H."), or one's words hold the other's ("Madame" ~ "Madame Mary
/// Claude").
pub fn subject_match(gold: Option<&str>, system: Option<&str>) -> bool {
    let Some(gold) = gold else {
        return true;
    };
    let Some(system) = system else {
        return false;
    };
    let (g, s) = (fold(gold), fold(system));
    if g.is_empty() || s.is_empty() {
        return false;
    }
    if g == s {
        return true;
    }
    let gt: Vec<&str> = g.split(' ').collect();
    let st: Vec<&str> = s.split(' ').collect();
    let first = |t: &[&str]| -> String {
        t.iter()
            .find(|w| !TITLES.contains(w))
            .or(t.first())
            .map(|w| w.to_string())
            .unwrap_or_default()
    };
    first(&gt) == first(&st)
        || gt.iter().all(|w| st.contains(w))
        || st.iter().all(|w| gt.contains(w))
}

/// `qual_text()`: a claim's qualifiers as the scorer reads them: the
/// values, then the keys (each in the order of the keys, as the JSON gives
/// them).
pub fn qualifier_text(qualifiers: &BTreeMap<String, String>) -> String {
    let values: Vec<&str> = qualifiers.values().map(String::as_str).collect();
    let keys: Vec<&str> = qualifiers.keys().map(String::as_str).collect();
    format!("{} {}", values.join(" "), keys.join(" "))
}

/// `qualifier_match()`: the gold qualifier must be among the claim's
/// qualifiers. Version words compare by class: a young gold needs a
/// young word; an older or adult gold accepts an older word or no version
/// word (the adult is the default); a middle one any version word. Any
/// other qualifier (an event, a place, a system) must appear in the folded
/// qualifiers as written. The gold qualifier, when given, holds a letter
/// or a digit (the gold file's check).
pub fn qualifier_match(gold: Option<&str>, qualifiers: &BTreeMap<String, String>) -> bool {
    let Some(gold) = gold.filter(|g| !g.is_empty()) else {
        return true;
    };
    let g = fold(gold);
    let q = fold(&qualifier_text(qualifiers));
    let first = g.split(' ').next().unwrap_or("");
    let words = || q.split(' ').filter(|w| !w.is_empty());
    if MIDDLE.contains(&g.as_str()) || first == "middle" {
        return words().any(|w| YOUNG.contains(&w) || OLDER.contains(&w) || w == "middle");
    }
    if YOUNG.contains(&g.as_str()) || YOUNG.contains(&first) {
        return words().any(|w| YOUNG.contains(&w));
    }
    if OLDER.contains(&g.as_str()) || OLDER.contains(&first) {
        return !words().any(|w| YOUNG.contains(&w));
    }
    q.contains(&g)
}

/// `same_source()`: whether the gold's name of a review (its file name
/// without extension, `filmeye`, or for the seeds its numeric prefix,
/// `000`) names the review at `path`.
pub fn same_source(gold: &str, path: &str) -> bool {
    let slashed = path.replace('\\', "/");
    let base = slashed.rsplit('/').next().unwrap_or("");
    base == gold
        || base
            .strip_prefix(gold)
            .is_some_and(|rest| rest.starts_with('_') || rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_case_accents_and_punctuation() {
        assert_eq!(fold("Nathalie-Richard’s"), "nathalie richard s");
        assert_eq!(fold("  Pan's Labyrinth (2006) "), "pan s labyrinth 2006");
        assert_eq!(fold("Guillermo del Toro"), "guillermo del toro");
        assert_eq!(fold("Éric Gautier"), "eric gautier");
        assert_eq!(fold("ﬁlm ½"), "film 1 2");
        assert_eq!(fold("—"), "");
    }

    #[test]
    fn values_match_as_the_scorer_matches_them() {
        assert!(value_match("103", "103", "runtime"));
        assert!(value_match("103", "103 minutes", "runtime"));
        assert!(!value_match("103", "105", "runtime"));
        assert!(value_match("10 years", "10 yr", "duration"));
        assert!(!value_match("10 years", "10 months", "duration"));
        // The scorer asks a duration only for a `y`.
        assert!(value_match("3 months", "3 years", "duration"));
        assert!(value_match("2010-09-03", "2010-09-03", "release_date"));
        assert!(!value_match("2010", "2010-09-03", "release_date"));
        assert!(value_match(
            "gallery owner",
            "owner of the art gallery",
            "role"
        ));
        assert!(!value_match("teacher", "carer", "role"));
        assert!(value_match("Carey Mulligan", "carey mulligan", "cast"));
        assert!(!value_match("Mulligan", "Carey Mulligan", "cast"));
    }

    #[test]
    fn subjects_match_leniently() {
        assert!(subject_match(None, None));
        assert!(!subject_match(Some("Kathy"), None));
        assert!(subject_match(Some("Kathy"), Some("Kathy H.")));
        assert!(subject_match(Some("Madame"), Some("Madame Mary Claude")));
        assert!(subject_match(Some("Miss Lucy"), Some("Lucy")));
        assert!(!subject_match(Some("Ruth"), Some("Kathy")));
        assert!(!subject_match(Some("—"), Some("Kathy")));
    }

    #[test]
    fn version_qualifiers_match_by_class() {
        let q = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert!(qualifier_match(None, &q(&[])));
        assert!(qualifier_match(
            Some("young"),
            &q(&[("version", "teenage")])
        ));
        assert!(!qualifier_match(Some("young"), &q(&[])));
        assert!(qualifier_match(Some("adult"), &q(&[])));
        assert!(!qualifier_match(Some("older"), &q(&[("version", "young")])));
        assert!(qualifier_match(Some("middle"), &q(&[("version", "older")])));
        assert!(qualifier_match(
            Some("Telluride"),
            &q(&[("event", "premiere"), ("place", "Telluride Film Festival")])
        ));
        // Keys count too, as the scorer reads them.
        assert!(qualifier_match(Some("place"), &q(&[("place", "UK")])));
    }

    #[test]
    fn a_gold_source_names_a_file_or_its_prefix() {
        assert!(same_source(
            "filmeye",
            "reviews/never-let-me-go/filmeye.txt"
        ));
        assert!(same_source("000", "seeds/000_c7136c75fb2da2a1.txt"));
        assert!(!same_source("00", "seeds/000_c7136c75fb2da2a1.txt"));
        assert!(!same_source("film", "reviews/filmeye.txt"));
        assert!(same_source("a", "x\\a.txt"));
    }
}
