//! What a fact is called in prose: "release date of ...", "cast of Kathy",
//! "age (said of "they")". The JSON keeps the contract's property names
//! (`release_date`); people read words, so every human format (Markdown,
//! the terminal, the page, diagnostics) names facts through here, the same
//! way everywhere.

use crate::model::Property;

/// The property in words: `release_date` is "release date".
pub fn property(p: Property) -> String {
    match p {
        // "known for of Mark Romanek" reads wrong.
        Property::KnownFor => "other work".into(),
        _ => p.as_str().replace('_', " "),
    }
}

/// Pronouns a review may give an age or a count to ("they are in their
/// twenties"): "age of they" reads wrong, so they are quoted instead.
const PRONOUNS: &[&str] = &[
    "he", "her", "him", "it", "she", "them", "they", "us", "we", "you",
];

/// A property and the subject it is about: "cast of Kathy", "age (said of
/// "they")", or the property alone.
pub fn subject(p: Property, subject: Option<&str>) -> String {
    let name = property(p);
    match subject {
        None => name,
        Some(s) if PRONOUNS.contains(&s.to_lowercase().as_str()) => {
            format!("{name} (said of \"{s}\")")
        }
        Some(s) => format!("{name} of {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_read_as_words() {
        assert_eq!(subject(Property::ReleaseDate, None), "release date");
        assert_eq!(
            subject(Property::StoryYear, Some("Hailsham")),
            "story year of Hailsham"
        );
        assert_eq!(
            subject(Property::Age, Some("they")),
            "age (said of \"they\")"
        );
        assert_eq!(subject(Property::Cast, Some("Kathy")), "cast of Kathy");
        assert_eq!(
            subject(Property::KnownFor, Some("Mark Romanek")),
            "other work of Mark Romanek"
        );
    }
}
