//! The claim model: what concord knows about a review once it has read it.
//!
//! A [`Claim`] is one typed statement ("the film runs 103 minutes") with its
//! provenance: the review it came from, the byte span of the words, the words
//! themselves and the rule that read them. Its JSON shape is fixed by the
//! project's interface contract; fields may be added, never renamed.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// What a claim is about. The names are the contract's `property` strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    Director,
    Screenwriter,
    Cinematographer,
    Composer,
    Editor,
    Producer,
    SourceAuthor,
    SourceYear,
    Distributor,
    Starring,
    Cast,
    Runtime,
    ReleaseDate,
    Rating,
    StoryYear,
    Age,
    LifeExpectancy,
    Count,
    Duration,
    Role,
    Alias,
    Setting,
    KnownFor,
    Event,
}

impl Property {
    /// Every property, in the contract's order.
    pub const ALL: [Property; 24] = [
        Property::Director,
        Property::Screenwriter,
        Property::Cinematographer,
        Property::Composer,
        Property::Editor,
        Property::Producer,
        Property::SourceAuthor,
        Property::SourceYear,
        Property::Distributor,
        Property::Starring,
        Property::Cast,
        Property::Runtime,
        Property::ReleaseDate,
        Property::Rating,
        Property::StoryYear,
        Property::Age,
        Property::LifeExpectancy,
        Property::Count,
        Property::Duration,
        Property::Role,
        Property::Alias,
        Property::Setting,
        Property::KnownFor,
        Property::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Property::Director => "director",
            Property::Screenwriter => "screenwriter",
            Property::Cinematographer => "cinematographer",
            Property::Composer => "composer",
            Property::Editor => "editor",
            Property::Producer => "producer",
            Property::SourceAuthor => "source_author",
            Property::SourceYear => "source_year",
            Property::Distributor => "distributor",
            Property::Starring => "starring",
            Property::Cast => "cast",
            Property::Runtime => "runtime",
            Property::ReleaseDate => "release_date",
            Property::Rating => "rating",
            Property::StoryYear => "story_year",
            Property::Age => "age",
            Property::LifeExpectancy => "life_expectancy",
            Property::Count => "count",
            Property::Duration => "duration",
            Property::Role => "role",
            Property::Alias => "alias",
            Property::Setting => "setting",
            Property::KnownFor => "known_for",
            Property::Event => "event",
        }
    }

    pub fn parse(name: &str) -> Option<Property> {
        Property::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Whether the property names someone who made the film, not someone
    /// in it: a director, a writer, a producer, an author adapted...
    pub fn is_crew(self) -> bool {
        self.value_kind() == ValueKind::Person
            && !matches!(self, Property::Starring | Property::Cast)
    }

    /// The kind of value this property holds, which decides how the words
    /// a rule captured are read and how two values are compared.
    pub fn value_kind(self) -> ValueKind {
        match self {
            Property::Director
            | Property::Screenwriter
            | Property::Cinematographer
            | Property::Composer
            | Property::Editor
            | Property::Producer
            | Property::SourceAuthor
            | Property::Starring
            | Property::Cast => ValueKind::Person,
            Property::SourceYear | Property::StoryYear => ValueKind::Year,
            Property::Runtime => ValueKind::Minutes,
            Property::ReleaseDate => ValueKind::Date,
            Property::Rating => ValueKind::Certificate,
            Property::Age | Property::LifeExpectancy | Property::Count => ValueKind::Quantity,
            Property::Duration => ValueKind::Duration,
            Property::Distributor
            | Property::Role
            | Property::Alias
            | Property::Setting
            | Property::Event => ValueKind::Text,
            Property::KnownFor => ValueKind::Title,
        }
    }

    /// Whether a film (or a subject) has one value of this property.
    /// Multi-valued properties are sets: a review that names fewer members
    /// than another does not contradict it.
    pub fn is_single_valued(self) -> bool {
        !matches!(
            self,
            Property::Producer
                | Property::Starring
                | Property::KnownFor
                | Property::Event
                | Property::Alias
                | Property::Screenwriter
                | Property::Distributor
                | Property::Role
                | Property::Setting
        )
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Property {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How the words of a value are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Person,
    Year,
    Minutes,
    Date,
    Certificate,
    Quantity,
    Duration,
    Text,
    /// A work's title, as written: "The Hours" keeps its article.
    Title,
}

/// A calendar date at the precision the review gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// `None` for a month and day whose year the review does not give.
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl fmt::Display for Date {
    /// ISO 8601 at the precision given; a date without a year is `--MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), _, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, Some(m), None) => write!(f, "--{m:02}"),
            (None, None, _) => f.write_str(""),
        }
    }
}

/// A number, exact or as a range or bound, as said in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quantity {
    Exact(u64),
    /// Inclusive range, `20-29` for "in their twenties".
    Range(u64, u64),
    AtLeast(u64),
    MoreThan(u64),
    AtMost(u64),
    LessThan(u64),
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Exact(n) => write!(f, "{n}"),
            Quantity::Range(a, b) => write!(f, "{a}-{b}"),
            Quantity::AtLeast(n) => write!(f, ">={n}"),
            Quantity::MoreThan(n) => write!(f, ">{n}"),
            Quantity::AtMost(n) => write!(f, "<={n}"),
            Quantity::LessThan(n) => write!(f, "<{n}"),
        }
    }
}

/// A claim's value, typed. It prints (and serialises) as the contract's
/// canonical string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Person(String),
    Year(i32),
    Minutes(u32),
    Date(Date),
    Certificate(String),
    Quantity(Quantity),
    /// A number of a unit: `10 years`.
    Duration(Quantity, String),
    /// Words kept as words: vague quantities ("several years") among them.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Person(s) | Value::Certificate(s) | Value::Text(s) => f.write_str(s),
            Value::Year(y) => write!(f, "{y}"),
            Value::Minutes(m) => write!(f, "{m}"),
            Value::Date(d) => d.fmt(f),
            Value::Quantity(q) => q.fmt(f),
            Value::Duration(q, unit) => write!(f, "{q} {unit}"),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Byte offsets `[start, end)` into the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// One typed statement of one review, with where it came from.
///
/// The strings a report repeats for every finding that cites the claim
/// (its id, source, quote and rule) are shared (`Arc<str>`): citing a
/// claim costs a count, not a copy; a review's claims share one source and
/// a rule's claims one rule id.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// `source#n`, n counting the review's claims in reading order from 1.
    pub id: Arc<str>,
    pub source: Arc<str>,
    pub property: Property,
    pub subject: Option<String>,
    pub value: Value,
    pub qualifiers: BTreeMap<String, String>,
    pub span: Span,
    /// Exactly the original bytes at `span`.
    pub text: Arc<str>,
    pub rule: Arc<str>,
    /// 1-based line of the span's start in the original file.
    pub line: usize,
}

impl Claim {
    /// The qualifier, if the claim has it.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.get(key).map(String::as_str)
    }

    /// Whether the claim came from a reader's comment rather than the review.
    pub fn is_comment(&self) -> bool {
        self.qualifier("origin") == Some("comment")
    }
}

/// Qualifier keys a rule may set. A closed list, so a typo in a rule file
/// is caught at load time rather than producing a slot nobody compares.
pub const QUALIFIERS: &[&str] = &[
    "approx",
    "event",
    "hypothetical",
    "negated",
    "of",
    "origin",
    "place",
    "reason",
    "rumor",
    "scope",
    "system",
    "unit",
    "version",
    "with",
    "year",
];

/// One review as read: its claims, and what the reader learned about the page.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewClaims {
    pub source: String,
    /// The file it was read from, if it was read from one.
    #[serde(skip)]
    pub path: Option<std::path::PathBuf>,
    /// The review's own publication date, when its page states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The film the review is about, as its folder, its `film:` line or its
    /// title names it (see `film`); `None` when nothing does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub film: Option<String>,
    pub claims: Vec<Claim>,
    /// How the file was read, when that is worth telling the user: another
    /// encoding, an HTML page, too many claims. Printed on stderr.
    #[serde(skip)]
    pub notes: Vec<ReadNote>,
    /// What the review's names are evidence of, until its film's entity
    /// table has settled its frame claims (see `crate::entities`).
    #[serde(skip)]
    pub names: Option<Box<crate::frames::Evidence>>,
}

/// Something worth telling the user about how a review was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadNote {
    /// How the file was read, when not as plain UTF-8 text: a byte-order
    /// mark, Windows line endings, an HTML page. Nothing was lost.
    Note(String),
    /// Read, but the user should look: decoded from another encoding, or
    /// not every claim kept.
    Warning(String),
}
