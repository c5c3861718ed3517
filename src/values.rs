//! From the words a rule captured to a typed value.
//!
//! Rules decide *where* a fact is stated; this module decides *what* the
//! words mean. "1 hour 43 minutes", "1h 43m", "1:43" and "one hour and
//! forty-three minutes" all become `Minutes(103)` here, whichever rule found
//! them, so a new runtime rule never needs its own arithmetic.

use crate::model::{Date, Value, ValueKind};
use crate::numbers::{parse_number, parse_ordinal};
use crate::rules::Lexicon;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The month a word names: `September`, `Sept.`, `sep` → 9.
pub fn parse_month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "mayday" is not May: the rest must be the month's own spelling.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[i].starts_with(&w)).then_some(i as u8 + 1)
}

fn two_digit_year(y: i32) -> i32 {
    if y < 100 {
        if y < 50 { 2000 + y } else { 1900 + y }
    } else {
        y
    }
}

/// A date at the precision written. Without a year, the year is taken from
/// `reference` (the review's publication date): of the three candidate
/// years around it, the one that puts the date nearest the reference.
pub fn parse_date(s: &str, reference: Option<Date>) -> Option<Date> {
    let s = s.trim().trim_end_matches([',', '.']);
    // Numeric forms: 2019-05-21, 2019-05, 11/11/2016, 15.10.2010.
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let nums: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        return match (parts[0].len(), nums.as_slice()) {
            (4, [y, m]) => valid(Some(*y), *m, None),
            (4, [y, m, d]) => valid(Some(*y), *m, Some(*d)),
            (_, [a, b, y]) => {
                let y = two_digit_year(*y);
                // Day first when the first number cannot be a month.
                if *a > 12 {
                    valid(Some(y), *b, Some(*a))
                } else {
                    valid(Some(y), *a, Some(*b))
                }
            }
            _ => None,
        };
    }

    let mut year = None;
    let mut month = None;
    let mut day = None;
    for token in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let t = token.trim_matches(|c: char| c == '.' || c == '\'' || c == '"');
        if let Some(m) = parse_month(t).filter(|_| month.is_none()) {
            month = Some(m);
        } else if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
            year = t.parse().ok();
        } else if token.starts_with('\'') && t.len() == 2 && t.chars().all(|c| c.is_ascii_digit()) {
            year = t.parse().ok().map(two_digit_year);
        } else if let Some(d) = t
            .parse::<u64>()
            .ok()
            .or_else(|| parse_ordinal(t))
            .filter(|d| (1..=31).contains(d))
        {
            day = Some(d as i32);
        }
    }
    let month = month.map(i32::from);
    match (year, month, day) {
        (Some(y), None, _) => Some(Date {
            year: Some(y),
            month: None,
            day: None,
        }),
        (Some(y), Some(m), d) => valid(Some(y), m, d),
        (None, Some(m), d) => {
            let Some(Date {
                year: Some(ry),
                month: rm,
                day: rd,
            }) = reference
            else {
                return valid(None, m, d);
            };
            let key = |y: i32, m: i32, d: i32| y * 372 + m * 31 + d;
            let r = key(ry, i32::from(rm.unwrap_or(6)), i32::from(rd.unwrap_or(15)));
            let best = [ry - 1, ry, ry + 1]
                .into_iter()
                .min_by_key(|&y| (key(y, m, d.unwrap_or(15)) - r).abs())?;
            valid(Some(best), m, d)
        }
        _ => None,
    }
}

fn valid(year: Option<i32>, month: i32, day: Option<i32>) -> Option<Date> {
    if !(1..=12).contains(&month) {
        return None;
    }
    if let Some(y) = year
        && !(1850..=2200).contains(&y)
    {
        return None;
    }
    // A day the month has: 30 for April, 28 for February of 2010; 29
    // for February of a leap year or of a year not given.
    let leap = year.is_none_or(|y| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day = match day {
        Some(d) if (1..=days).contains(&d) => Some(d as u8),
        Some(_) => return None,
        None => None,
    };
    Some(Date {
        year,
        month: Some(month as u8),
        day,
    })
}

/// A running time in whole minutes: `103`, `103 min.`, `1 hour 43 minutes`,
/// `1h 43m`, `2 hrs`, `1:58`, `one hour and forty-three minutes`,
/// `an hour and a half`.
pub fn parse_minutes(s: &str) -> Option<u32> {
    let s = s.trim().to_ascii_lowercase();
    if let Some((h, m)) = s.split_once(':') {
        let h: u32 = h.trim().parse().ok()?;
        let m: u32 = m.trim().get(..2)?.parse().ok()?;
        return (m < 60).then_some(h * 60 + m);
    }
    // A unit joined to its number as an adjective: "two-hour", "103-minute".
    let s = s
        .split_whitespace()
        .map(|w| match w.rsplit_once('-') {
            Some((n, u))
                if !n.is_empty()
                    && matches!(
                        u.trim_end_matches(['.', ',']),
                        "h" | "hr"
                            | "hrs"
                            | "hour"
                            | "hours"
                            | "min"
                            | "mins"
                            | "minute"
                            | "minutes"
                    ) =>
            {
                format!("{n} {u}")
            }
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ");
    // Split "1h43m" into "1 h 43 m".
    let mut spaced = String::with_capacity(s.len() + 8);
    let mut prev_digit = None;
    for c in s.chars() {
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) && c.is_alphanumeric() {
            spaced.push(' ');
        }
        prev_digit = c.is_alphanumeric().then_some(digit);
        spaced.push(if c == ',' || c == '.' { ' ' } else { c });
    }
    let mut total = 0u32;
    let mut pending: Vec<&str> = Vec::new();
    let mut any_unit = false;
    let mut last_unit_hours = false;
    for word in spaced.split_whitespace() {
        let unit = match word {
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(60),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(1),
            _ => None,
        };
        if let Some(per) = unit {
            let n = parse_number(&pending.join(" "))? as u32;
            total += n * per;
            pending.clear();
            any_unit = true;
            last_unit_hours = per == 60;
        } else if word == "half" && last_unit_hours {
            total += 30;
            pending.clear();
        } else if word == "and" && pending.is_empty() {
        } else if word == "a" && pending.is_empty() && last_unit_hours {
            // "an hour and a half": the "a" of "a half".
            pending.push(word);
        } else {
            pending.push(word);
        }
    }
    if !any_unit {
        return parse_number(&pending.join(" ")).map(|n| n as u32);
    }
    // Minutes without their unit after the hours: "1h42", "1 hour 42".
    if last_unit_hours
        && !pending.is_empty()
        && let Some(m) = parse_number(&pending.join(" ")).filter(|&m| m < 60)
    {
        total += m as u32;
    }
    (total > 0 && total < 24 * 60).then_some(total)
}

/// A certificate as the contract writes it: upper case, `PG-13`, `NC-17`.
pub fn normalize_certificate(s: &str) -> Option<String> {
    let compact: String = s
        .trim()
        .trim_end_matches(['.', ','])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let c = match compact.as_str() {
        "PG13" => "PG-13".to_string(),
        "NC17" => "NC-17".to_string(),
        _ => compact,
    };
    (!c.is_empty()).then_some(c)
}

/// Title case for a word written in capitals: `MEIKLE-SMALL` → `Meikle-Small`,
/// `O'BRIEN` → `O'Brien`, `MCAVOY` → `McAvoy` (a capital after "Mc", as
/// surnames with it are written; not after "Mac", as in `MACK`). Other
/// words are left as written.
fn uncap(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if let Some(rest) = word.strip_prefix("MC")
        && rest.len() > 1
        && rest.chars().all(|c| c.is_ascii_uppercase())
    {
        return format!("Mc{}", uncap(rest));
    }
    for prefix in ["Mc", "Mac"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.len() > 1
            && !rest.chars().any(|c| c.is_lowercase())
        {
            return format!("{prefix}{}", uncap(rest));
        }
    }
    if letters < 2 || word.chars().any(|c| c.is_lowercase()) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// A name as the review writes it, tidied: spaces collapsed, a trailing
/// possessive or comma dropped, words in capitals title-cased, and leading
/// words that are not part of a name ("When", "The", "Director") removed.
/// `None` when nothing name-like is left.
pub fn normalize_name(s: &str, lexicon: &Lexicon) -> Option<String> {
    normalize_name_at(s, lexicon, true)
}

/// As [`normalize_name`]; with `strip_leading` false, a name that starts
/// with a word that is never a name is refused instead of trimmed. A name
/// whose start the pattern fixes ("(One Hour Photo)") is not a name with a
/// stray word before it, the way one that starts the match may be ("When
/// Carey Mulligan").
pub fn normalize_name_at(s: &str, lexicon: &Lexicon, strip_leading: bool) -> Option<String> {
    let trimmed = s
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == ',' || c == ';' || c == ':');
    let mut words: Vec<&str> = trimmed.split_whitespace().collect();
    // "China's General Shang": a possessive before the name is its owner.
    if words.len() > 1 && strip_leading && (words[0].ends_with("'s") || words[0].ends_with("s'")) {
        words.remove(0);
    }
    while let Some(first) = words.first() {
        if lexicon.is_not_name(first) {
            if !strip_leading {
                return None;
            }
            words.remove(0);
        } else {
            break;
        }
    }
    // A credit block written in capitals runs one label into the next
    // name ("WRITTEN BY: ALEX GARLAND DIRECTED BY: ..."): a name ends
    // before the first word of a label.
    if let Some(label) = words.iter().position(|w| {
        lexicon.in_list(
            "credit_label",
            w.trim_matches(|c: char| !c.is_alphanumeric()),
        )
    }) {
        words.truncate(label);
    }
    let last = words.pop()?;
    let last = last
        .strip_suffix("'s")
        .or_else(|| last.strip_suffix('\''))
        .unwrap_or(last);
    let is_initial = |w: &str| {
        w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let last = if is_initial(last) || last.ends_with("Jr.") || last.ends_with("Sr.") {
        last
    } else {
        last.trim_end_matches(['.', ','])
    };
    if !last.is_empty() {
        words.push(last);
    }
    let first = words.first()?;
    if !first.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    // A title, not a person: "Pride And Prejudice", "The Remains of the
    // Day". No name holds these words after its first.
    const TITLE_WORDS: &[&str] = &[
        "a", "an", "and", "at", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with",
    ];
    if words[1..]
        .iter()
        .any(|w| TITLE_WORDS.iter().any(|t| w.eq_ignore_ascii_case(t)))
    {
        return None;
    }
    Some(words.iter().map(|w| uncap(w)).collect::<Vec<_>>().join(" "))
}

/// Read captured words as a value of `kind`. `None` when the words do not
/// make a value of that kind; the rule then makes no claim.
pub fn parse_value(
    kind: ValueKind,
    raw: &str,
    reference: Option<Date>,
    lexicon: &Lexicon,
) -> Option<Value> {
    parse_value_at(kind, raw, reference, lexicon, true)
}

/// As [`parse_value`], saying whether a name may be trimmed of leading
/// words that are not names (see [`normalize_name_at`]).
pub fn parse_value_at(
    kind: ValueKind,
    raw: &str,
    reference: Option<Date>,
    lexicon: &Lexicon,
    strip_leading: bool,
) -> Option<Value> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match kind {
        ValueKind::Person => normalize_name_at(raw, lexicon, strip_leading).map(Value::Person),
        ValueKind::Year => {
            let t = raw.trim_start_matches('\'');
            if let Ok(y) = t.parse::<i32>() {
                // "the summer of '63": a year of two digits after an
                // apostrophe, of this century up to '30 and of the last
                // after ("the winter of '44" is not yet to come).
                let y = if t.len() == 2 && raw.starts_with('\'') {
                    if y <= 30 { 2000 + y } else { 1900 + y }
                } else {
                    y
                };
                return (1000..=2999).contains(&y).then_some(Value::Year(y));
            }
            crate::quantity::parse_decade_of_years(raw).map(Value::Quantity)
        }
        ValueKind::Minutes => parse_minutes(raw).filter(|&m| m > 0).map(Value::Minutes),
        ValueKind::Date => parse_date(raw, reference).map(Value::Date),
        ValueKind::Certificate => normalize_certificate(raw).map(Value::Certificate),
        ValueKind::Quantity => crate::quantity::parse_quantity(raw).map(Value::Quantity),
        ValueKind::Duration => crate::quantity::parse_duration(raw),
        ValueKind::Text => {
            let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            let t = t.trim_matches(|c: char| c == '"' || c == ',' || c == '.');
            let t = t
                .strip_prefix("the ")
                .or_else(|| t.strip_prefix("The "))
                .unwrap_or(t);
            (!t.is_empty()).then(|| t.to_string()).map(Value::Text)
        }
        ValueKind::Title => {
            let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            let t = t.trim_matches(|c: char| {
                matches!(c, '"' | ',' | '.' | '\'' | '‘' | '’' | '“' | '”')
            });
            (!t.is_empty()).then(|| t.to_string()).map(Value::Text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: Option<i32>, m: Option<u8>, day: Option<u8>) -> Option<Date> {
        Some(Date {
            year: y,
            month: m,
            day,
        })
    }

    #[test]
    fn dates_at_their_precision() {
        assert_eq!(
            parse_date("September 3, 2010", None),
            d(Some(2010), Some(9), Some(3))
        );
        assert_eq!(
            parse_date("3 September 2010", None),
            d(Some(2010), Some(9), Some(3))
        );
        assert_eq!(
            parse_date("Sept. 3rd, 2010", None),
            d(Some(2010), Some(9), Some(3))
        );
        assert_eq!(
            parse_date("October 2010", None),
            d(Some(2010), Some(10), None)
        );
        assert_eq!(parse_date("2010", None), d(Some(2010), None, None));
        assert_eq!(
            parse_date("2019-05-21", None),
            d(Some(2019), Some(5), Some(21))
        );
        assert_eq!(
            parse_date("11/11/2016", None),
            d(Some(2016), Some(11), Some(11))
        );
        assert_eq!(
            parse_date("2/5/2012", None),
            d(Some(2012), Some(2), Some(5))
        );
        assert_eq!(
            parse_date("15/10/2010", None),
            d(Some(2010), Some(10), Some(15))
        );
        assert_eq!(
            parse_date("Friday 10 November", None),
            d(None, Some(11), Some(10))
        );
        assert_eq!(parse_date("13/13/2010", None), None);
        assert_eq!(parse_date("Mayhem", None), None);
    }

    #[test]
    fn days_a_month_does_not_have_are_no_date() {
        for impossible in [
            "2010-02-30",
            "February 29, 2010",
            "31 April 2011",
            "1900-02-29",
            "31/06/2012",
        ] {
            assert_eq!(parse_date(impossible, None), None, "{impossible}");
        }
        assert_eq!(
            parse_date("February 29, 2012", None),
            d(Some(2012), Some(2), Some(29))
        );
        assert_eq!(
            parse_date("2000-02-29", None),
            d(Some(2000), Some(2), Some(29))
        );
        assert_eq!(parse_date("February 29", None), d(None, Some(2), Some(29)));
        assert_eq!(
            parse_date("April 30, 2011", None),
            d(Some(2011), Some(4), Some(30))
        );
    }

    #[test]
    fn a_date_without_a_year_takes_the_nearest_year_to_the_reference() {
        let jan_2011 = d(Some(2011), Some(1), Some(22));
        assert_eq!(
            parse_date("February 3", jan_2011),
            d(Some(2011), Some(2), Some(3))
        );
        assert_eq!(
            parse_date("December 10", jan_2011),
            d(Some(2010), Some(12), Some(10))
        );
    }

    #[test]
    fn runtimes_in_every_usual_form() {
        for (text, m) in [
            ("103", 103),
            ("103 minutes", 103),
            ("103 min.", 103),
            ("1 hour 43 minutes", 103),
            ("1 hr. 43 min.", 103),
            ("1h 43m", 103),
            ("1h43m", 103),
            ("2h", 120),
            ("1:43", 103),
            ("one hour and forty-three minutes", 103),
            ("two hours and twelve minutes", 132),
            ("an hour and a half", 90),
            ("two hours", 120),
            ("two-hour", 120),
            ("103-minute", 103),
            ("two-hour fifteen minute", 135),
            ("two-hour, fifteen-minute", 135),
            ("2-hour 15-minute", 135),
            ("2h05", 125),
            ("1h42", 102),
            ("1 hour 42", 102),
        ] {
            assert_eq!(parse_minutes(text), Some(m), "{text}");
        }
        assert_eq!(parse_minutes("several hours"), None);
    }

    #[test]
    fn certificates() {
        assert_eq!(normalize_certificate("pg13").as_deref(), Some("PG-13"));
        assert_eq!(normalize_certificate("12a").as_deref(), Some("12A"));
        assert_eq!(normalize_certificate("R.").as_deref(), Some("R"));
    }

    #[test]
    fn names_are_tidied_not_rewritten() {
        let lex = Lexicon::for_tests(&["When", "The", "Director"]);
        let n = |s: &str| normalize_name(s, &lex);
        assert_eq!(n("Kathy H.").as_deref(), Some("Kathy H."));
        assert_eq!(n("Romanek's").as_deref(), Some("Romanek"));
        assert_eq!(n("When Carey Mulligan").as_deref(), Some("Carey Mulligan"));
        assert_eq!(n("IZZY MEIKLE-SMALL").as_deref(), Some("Izzy Meikle-Small"));
        assert_eq!(n("PATRICK McCRANEY").as_deref(), Some("Patrick McCraney"));
        assert_eq!(n("JAMES MCAVOY").as_deref(), Some("James McAvoy"));
        assert_eq!(n("ROBERT MACK").as_deref(), Some("Robert Mack"));
        assert_eq!(n("Director Mark Romanek,").as_deref(), Some("Mark Romanek"));
        assert_eq!(n("The"), None);
    }
}
