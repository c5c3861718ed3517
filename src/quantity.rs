//! Quantities said in words: exact numbers, decades of age ("in their early
//! twenties" → 20-23), bounds ("at least one hundred" → >=100) and durations
//! ("almost 10 years", "a decade"). Vague amounts ("several years", "a
//! little while") stay words: concord never invents a number for them.

use crate::model::{Quantity, Value};
use crate::numbers::parse_number;

const DECADE_WORDS: [(&str, u64); 9] = [
    ("teens", 10),
    ("twenties", 20),
    ("thirties", 30),
    ("forties", 40),
    ("fifties", 50),
    ("sixties", 60),
    ("seventies", 70),
    ("eighties", 80),
    ("nineties", 90),
];

/// Vague amounts, kept as words.
const VAGUE: [&str; 9] = [
    "several",
    "few",
    "many",
    "some",
    "little",
    "while",
    "couple of",
    "number of",
    "handful",
];

fn decade(words: &str) -> Option<Quantity> {
    let w = words.to_ascii_lowercase();
    let (word, base) = DECADE_WORDS.iter().find(|(d, _)| w.contains(d))?;
    let (lo, hi) = if *word == "teens" {
        (13, 19)
    } else {
        (*base, base + 9)
    };
    let q = if w.contains("early") {
        Quantity::Range(lo, lo + 3)
    } else if w.contains("mid") {
        Quantity::Range(lo + 3, lo + 6)
    } else if w.contains("late") {
        Quantity::Range(hi - 2, hi)
    } else {
        Quantity::Range(lo, hi)
    };
    Some(q)
}

/// A decade of years: `1970s` → 1970-1979, `the late 1970s` → 1977-1979,
/// `mid-1980s` → 1983-1986, `early '70s` → 1970-1973 (a two-digit decade is
/// taken as the twentieth century).
pub fn parse_decade_of_years(s: &str) -> Option<Quantity> {
    let s = s.trim().to_ascii_lowercase();
    let s = s.trim_start_matches("the ");
    let (part, rest) = match s.split_once([' ', '-']) {
        Some((p @ ("early" | "mid" | "late"), r)) => (Some(p), r.trim()),
        _ => (None, s.trim_start_matches("the ").trim()),
    };
    let rest = rest.trim_start_matches("the ").trim_end_matches('s');
    let base: u64 = if let Some(two) = rest.strip_prefix('\'') {
        1900 + two.parse::<u64>().ok()?
    } else {
        rest.parse().ok()?
    };
    if !base.is_multiple_of(10) || !(1000..3000).contains(&base) {
        return None;
    }
    Some(match part {
        Some("early") => Quantity::Range(base, base + 3),
        Some("mid") => Quantity::Range(base + 3, base + 6),
        Some("late") => Quantity::Range(base + 7, base + 9),
        _ => Quantity::Range(base, base + 9),
    })
}

/// An age, a count or a life expectancy: `28`, `30-year-old`, `in their
/// twenties`, `early twenties`, `at least one hundred`, `passed 100`,
/// `under 30`, `20 to 25`.
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let s = s.trim().to_ascii_lowercase();
    let s = s
        .trim_end_matches(" years old")
        .trim_end_matches("-year-old")
        .trim_end_matches(" years");
    if let Some(q) = decade(s) {
        return Some(q);
    }
    // "100-plus", "100+": at least that many.
    if let Some(n) = ["-plus", " plus", "+"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
    {
        return parse_number(n).map(Quantity::AtLeast);
    }
    for (prefix, make) in [
        ("at least ", Quantity::AtLeast as fn(u64) -> Quantity),
        ("no less than ", Quantity::AtLeast),
        ("more than ", Quantity::MoreThan),
        ("surpassed ", Quantity::MoreThan),
        ("exceeded ", Quantity::MoreThan),
        ("over ", Quantity::MoreThan),
        ("passed ", Quantity::MoreThan),
        ("past ", Quantity::MoreThan),
        ("beyond ", Quantity::MoreThan),
        ("up to ", Quantity::AtMost),
        ("at most ", Quantity::AtMost),
        ("under ", Quantity::LessThan),
        ("less than ", Quantity::LessThan),
        ("fewer than ", Quantity::LessThan),
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return parse_number(rest).map(make);
        }
    }
    for sep in [" to ", "-", " or "] {
        if let Some((a, b)) = s.split_once(sep)
            && let (Some(a), Some(b)) = (parse_number(a), parse_number(b))
            && a < b
        {
            return Some(Quantity::Range(a, b));
        }
    }
    parse_number(s).map(Quantity::Exact)
}

/// A length of time: `10 years`, `ten years`, `a decade`, `a couple of
/// years`, `five years`. Vague ones (`several years`) come back as text.
pub fn parse_duration(s: &str) -> Option<Value> {
    let s = s.trim().to_ascii_lowercase();
    for approx in [
        "almost ", "about ", "nearly ", "around ", "roughly ", "some ", "over ",
    ] {
        if let Some(rest) = s.strip_prefix(approx)
            && parse_number(rest.split_whitespace().next().unwrap_or("")).is_some()
        {
            return parse_duration(rest);
        }
    }
    if s.contains("decade") {
        let n = if s.contains("decades") {
            parse_number(s.split_whitespace().next()?)?
        } else {
            1
        };
        return Some(Value::Duration(Quantity::Exact(n * 10), "years".into()));
    }
    if VAGUE.iter().any(|v| s.contains(v)) && !s.starts_with("a couple") {
        return Some(Value::Text(s.to_string()));
    }
    let (number, unit) = s.rsplit_once(' ')?;
    let unit = match unit.trim_end_matches('s') {
        "year" => "years",
        "month" => "months",
        "week" => "weeks",
        "day" => "days",
        "hour" => "hours",
        "minute" => "minutes",
        _ => return None,
    };
    let n = parse_number(number.trim_end_matches(" of"))?;
    Some(Value::Duration(Quantity::Exact(n), unit.into()))
}

/// Whether two quantities can both be true: equal numbers, overlapping
/// ranges, a number inside a range or a bound.
pub fn overlaps(a: Quantity, b: Quantity) -> bool {
    let (alo, ahi) = bounds(a);
    let (blo, bhi) = bounds(b);
    alo <= bhi && blo <= ahi
}

/// As [`overlaps`], reading a round number (a multiple of ten, at least
/// fifty) as the approximation prose makes of it: "extended to 100" and
/// "passed 100 years" can both be true; "28" and "29" cannot.
pub fn overlaps_loosely(a: Quantity, b: Quantity) -> bool {
    overlaps(loosely(a), loosely(b))
}

/// A quantity as [`overlaps_loosely`] reads it: a round number (a multiple
/// of ten, at least fifty) as the range of five percent around it.
pub fn loosely(q: Quantity) -> Quantity {
    match q {
        Quantity::Exact(n) if n >= 50 && n.is_multiple_of(10) => {
            Quantity::Range(n - n / 20, n + n / 20)
        }
        q => q,
    }
}

/// Inclusive bounds, with `u64::MAX` for "no upper bound".
pub fn bounds(q: Quantity) -> (u64, u64) {
    match q {
        Quantity::Exact(n) => (n, n),
        Quantity::Range(a, b) => (a, b),
        Quantity::AtLeast(n) => (n, u64::MAX),
        Quantity::MoreThan(n) => (n.saturating_add(1), u64::MAX),
        Quantity::AtMost(n) => (0, n),
        Quantity::LessThan(n) => (0, n.saturating_sub(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Quantity::*;

    #[test]
    fn decades_of_years() {
        assert_eq!(parse_decade_of_years("1970s"), Some(Range(1970, 1979)));
        assert_eq!(
            parse_decade_of_years("the late 1970s"),
            Some(Range(1977, 1979))
        );
        assert_eq!(parse_decade_of_years("mid-1980s"), Some(Range(1983, 1986)));
        assert_eq!(parse_decade_of_years("early '70s"), Some(Range(1970, 1973)));
        assert_eq!(parse_decade_of_years("1975s"), None);
    }

    #[test]
    fn ages_and_bounds() {
        for (text, q) in [
            ("28", Exact(28)),
            ("30-year-old", Exact(30)),
            ("twenties", Range(20, 29)),
            ("early twenties", Range(20, 23)),
            ("late teens", Range(17, 19)),
            ("mid-thirties", Range(33, 36)),
            ("at least one hundred", AtLeast(100)),
            ("100-plus", AtLeast(100)),
            ("120+", AtLeast(120)),
            ("passed 100", MoreThan(100)),
            ("under 30", LessThan(30)),
            ("20 to 25", Range(20, 25)),
        ] {
            assert_eq!(parse_quantity(text), Some(q), "{text}");
        }
        assert_eq!(parse_quantity("several"), None);
    }

    #[test]
    fn durations_and_vague_amounts() {
        let years = |n| Some(Value::Duration(Exact(n), "years".into()));
        assert_eq!(parse_duration("10 years"), years(10));
        assert_eq!(parse_duration("almost 10 years"), years(10));
        assert_eq!(parse_duration("ten years"), years(10));
        assert_eq!(parse_duration("a decade"), years(10));
        assert_eq!(parse_duration("a couple of years"), years(2));
        assert_eq!(
            parse_duration("several years"),
            Some(Value::Text("several years".into()))
        );
    }

    #[test]
    fn overlap_of_ranges_and_bounds() {
        assert!(overlaps(Range(20, 29), Range(20, 23)));
        assert!(overlaps(AtLeast(100), Exact(100)));
        assert!(overlaps(MoreThan(100), AtLeast(100)));
        assert!(!overlaps(MoreThan(100), Exact(100)));
        assert!(!overlaps(Range(20, 23), Range(27, 29)));
        assert!(!overlaps(LessThan(30), Exact(30)));
        assert!(overlaps_loosely(MoreThan(100), Exact(100)));
        assert!(overlaps_loosely(AtLeast(100), Exact(100)));
        assert!(!overlaps_loosely(Exact(28), Exact(29)));
        assert!(!overlaps_loosely(MoreThan(100), Exact(80)));
    }
}
