//! How two values of one fact compare, by type: minutes as numbers, dates by
//! precision (2010 is compatible with 2010-09-03), quantities by overlap
//! (20-29 and 20-23), everything else by equality. Names are compared as
//! resolved entities before they get here.

use crate::model::Quantity;
use crate::model::{Date, Value};
use crate::quantity::{overlaps, overlaps_loosely};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// The same value.
    Equal,
    /// Different, but both can be true.
    Compatible,
    /// Both cannot be true.
    Conflicting,
}

/// Whether date `a` is `b` said less precisely (or the same date).
fn date_within(a: &Date, b: &Date) -> bool {
    (a.year.is_none() || b.year.is_none() || a.year == b.year)
        && (a.month.is_none() || a.month == b.month)
        && (a.day.is_none() || a.day == b.day)
}

pub fn relate(a: &Value, b: &Value) -> Relation {
    if a == b {
        return Relation::Equal;
    }
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => {
            if date_within(x, y) || date_within(y, x) {
                Relation::Compatible
            } else {
                Relation::Conflicting
            }
        }
        (Value::Year(y), Value::Quantity(q)) | (Value::Quantity(q), Value::Year(y)) => {
            if overlaps(Quantity::Exact(*y as u64), *q) {
                Relation::Compatible
            } else {
                Relation::Conflicting
            }
        }
        (Value::Quantity(x), Value::Quantity(y)) => {
            if overlaps_loosely(*x, *y) {
                Relation::Compatible
            } else {
                Relation::Conflicting
            }
        }
        (Value::Duration(x, ux), Value::Duration(y, uy)) if ux == uy => {
            if x == y {
                Relation::Equal
            } else if overlaps(*x, *y) {
                Relation::Compatible
            } else {
                Relation::Conflicting
            }
        }
        // A vague amount ("several years") never contradicts a number.
        (Value::Text(_), Value::Duration(..)) | (Value::Duration(..), Value::Text(_)) => {
            Relation::Compatible
        }
        (Value::Text(x), Value::Text(y)) if x.eq_ignore_ascii_case(y) => Relation::Equal,
        (Value::Certificate(x), Value::Certificate(y)) if x.eq_ignore_ascii_case(y) => {
            Relation::Equal
        }
        _ => Relation::Conflicting,
    }
}

/// Words for how `a` relates to `b`, for explanations.
pub fn why_compatible(a: &Value, b: &Value) -> String {
    match (a, b) {
        (Value::Date(_), Value::Date(_)) => {
            format!("{a} and {b} are the same date at different precision")
        }
        (Value::Quantity(_), Value::Quantity(_)) | (Value::Duration(..), Value::Duration(..)) => {
            format!("{a} and {b} overlap")
        }
        (Value::Person(_), Value::Person(_)) => format!(
            "{a} and {b} may both play the part (at two ages, say): neither plays another character in these reviews"
        ),
        _ => format!("{a} and {b} can both be true"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: Option<i32>, m: Option<u8>, d: Option<u8>) -> Value {
        Value::Date(Date {
            year: y,
            month: m,
            day: d,
        })
    }

    #[test]
    fn dates_compare_by_precision() {
        let year = date(Some(2010), None, None);
        let premiere = date(Some(2010), Some(9), Some(3));
        let release = date(Some(2010), Some(10), Some(15));
        assert_eq!(relate(&year, &premiere), Relation::Compatible);
        assert_eq!(relate(&release, &year), Relation::Compatible);
        assert_eq!(relate(&premiere, &release), Relation::Conflicting);
        assert_eq!(
            relate(&date(None, Some(10), Some(15)), &release),
            Relation::Compatible
        );
        assert_eq!(
            relate(&date(Some(2010), Some(10), None), &release),
            Relation::Compatible
        );
        assert_eq!(
            relate(&date(Some(2011), None, None), &release),
            Relation::Conflicting
        );
    }

    #[test]
    fn minutes_are_numbers() {
        assert_eq!(
            relate(&Value::Minutes(103), &Value::Minutes(103)),
            Relation::Equal
        );
        assert_eq!(
            relate(&Value::Minutes(103), &Value::Minutes(110)),
            Relation::Conflicting
        );
    }

    #[test]
    fn ranges_by_overlap() {
        let q = |x| Value::Quantity(x);
        assert_eq!(
            relate(&q(Quantity::Range(20, 29)), &q(Quantity::Range(20, 23))),
            Relation::Compatible
        );
        assert_eq!(
            relate(&q(Quantity::Range(20, 23)), &q(Quantity::Range(27, 29))),
            Relation::Conflicting
        );
        assert_eq!(
            relate(&q(Quantity::AtLeast(100)), &q(Quantity::Exact(100))),
            Relation::Compatible
        );
        let years = |n| Value::Duration(Quantity::Exact(n), "years".into());
        assert_eq!(relate(&years(10), &years(10)), Relation::Equal);
        assert_eq!(relate(&years(10), &years(12)), Relation::Conflicting);
        assert_eq!(
            relate(&Value::Text("several years".into()), &years(10)),
            Relation::Compatible
        );
    }

    #[test]
    fn round_numbers_and_decades() {
        let q = Value::Quantity;
        assert_eq!(
            relate(&q(Quantity::MoreThan(100)), &q(Quantity::Exact(100))),
            Relation::Compatible
        );
        assert_eq!(
            relate(&q(Quantity::Exact(28)), &q(Quantity::Exact(30))),
            Relation::Conflicting
        );
        assert_eq!(
            relate(&Value::Year(1978), &q(Quantity::Range(1977, 1979))),
            Relation::Compatible
        );
        assert_eq!(
            relate(&Value::Year(1985), &q(Quantity::Range(1977, 1979))),
            Relation::Conflicting
        );
    }

    #[test]
    fn certificates_and_text_ignore_case() {
        let c = |s: &str| Value::Certificate(s.into());
        assert_eq!(relate(&c("R"), &c("r")), Relation::Equal);
        assert_eq!(relate(&c("R"), &c("PG-13")), Relation::Conflicting);
    }
}
