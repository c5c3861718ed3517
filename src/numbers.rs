//! Numbers as reviews write them: digits, words ("forty-three", "one
//! hundred", "a dozen") and ordinals ("third"). One place for this, so
//! runtimes, counts, ages and durations all read numbers the same way.

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

const ORDINALS: [&str; 21] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

fn word_value(word: &str) -> Option<u64> {
    if let Some(i) = UNITS.iter().position(|&u| u == word) {
        return Some(i as u64);
    }
    if let Some(i) = TENS.iter().position(|&t| !t.is_empty() && t == word) {
        return Some(i as u64 * 10);
    }
    match word {
        "a" | "an" | "single" => Some(1),
        "dozen" => Some(12),
        "couple" | "pair" => Some(2),
        _ => None,
    }
}

/// The value of a number written in digits or words: `103`, `1,000`,
/// `forty-three`, `one hundred`, `a hundred`, `two dozen`.
pub fn parse_number(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_lowercase();
    if s.is_empty() {
        return None;
    }
    let digits: String = s.chars().filter(|&c| c != ',').collect();
    if digits.chars().all(|c| c.is_ascii_digit()) {
        return digits.parse().ok();
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut any = false;
    let words: Vec<&str> = s
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && *w != "and" && *w != "of")
        .collect();
    // "a couple", "a pair": the article is not a one.
    let words = match words.as_slice() {
        ["a" | "an", "couple" | "pair", ..] => &words[1..],
        _ => &words[..],
    };
    for &word in words {
        match word {
            "hundred" => current = current.max(1) * 100,
            "thousand" => {
                total += current.max(1) * 1000;
                current = 0;
            }
            "dozen" if current > 0 => current *= 12,
            w => {
                let v = word_value(w).or_else(|| w.parse().ok())?;
                current += v;
            }
        }
        any = true;
    }
    any.then_some(total + current)
}

/// The value of an ordinal: `third` → 3, `21st` → 21, `twenty-first` → 21.
pub fn parse_ordinal(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_lowercase();
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(n) = s.strip_suffix(suffix).and_then(|d| d.parse().ok()) {
            return Some(n);
        }
    }
    if let Some(i) = ORDINALS.iter().position(|&o| o == s) {
        return Some(i as u64);
    }
    let (tens, unit) = s.split_once(['-', ' '])?;
    let t = TENS.iter().position(|&t| !t.is_empty() && t == tens)? as u64 * 10;
    let u = ORDINALS.iter().position(|&o| o == unit)? as u64;
    (u < 10).then_some(t + u)
}

/// Every number word the parser knows, for tests that check the rules'
/// word lists against it.
pub fn known_words() -> impl Iterator<Item = &'static str> {
    UNITS
        .iter()
        .chain(TENS.iter().filter(|t| !t.is_empty()))
        .chain(ORDINALS.iter())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_digits_and_words() {
        for (text, n) in [
            ("103", 103),
            ("1,000", 1000),
            ("ten", 10),
            ("Forty-three", 43),
            ("forty three", 43),
            ("one hundred", 100),
            ("a hundred", 100),
            ("two hundred and twelve", 212),
            ("an", 1),
            ("a dozen", 12),
            ("two dozen", 24),
        ] {
            assert_eq!(parse_number(text), Some(n), "{text}");
        }
        for text in ["", "several", "many", "ten-ish"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn ordinals() {
        for (text, n) in [
            ("third", 3),
            ("first", 1),
            ("21st", 21),
            ("twenty-first", 21),
        ] {
            assert_eq!(parse_ordinal(text), Some(n), "{text}");
        }
        assert_eq!(parse_ordinal("thirdly"), None);
    }
}
