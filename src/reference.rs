//! A trusted reference: a small TOML file of known facts of one film, for
//! `concord check --reference`. A reference fact outranks the corpus
//! majority. Its facts become claims like any review's (so names resolve
//! the same way), each pointing at its line of the TOML file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Location};
use crate::model::{Claim, Property, Span, Value};
use crate::rules::Lexicon;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    /// The film's title, as the reference names it.
    title: Option<Spanned<String>>,
    #[serde(default)]
    director: Vec<Spanned<String>>,
    #[serde(default)]
    screenwriter: Vec<Spanned<String>>,
    #[serde(default)]
    source_author: Vec<Spanned<String>>,
    source_year: Option<Spanned<i32>>,
    #[serde(default)]
    cinematographer: Vec<Spanned<String>>,
    #[serde(default)]
    composer: Vec<Spanned<String>>,
    #[serde(default)]
    editor: Vec<Spanned<String>>,
    #[serde(default)]
    producer: Vec<Spanned<String>>,
    #[serde(default)]
    distributor: Vec<Spanned<String>>,
    #[serde(default)]
    starring: Vec<Spanned<String>>,
    /// Running time in minutes.
    runtime: Option<Spanned<u32>>,
    #[serde(default)]
    cast: Vec<Spanned<RawCast>>,
    #[serde(default)]
    release: Vec<Spanned<RawRelease>>,
    #[serde(default)]
    rating: Vec<Spanned<RawRating>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCast {
    character: String,
    actor: String,
    /// `young` for a younger version of the character.
    version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelease {
    /// ISO 8601 at the precision known: `2010-09-03`, `2010-10`, `2010`.
    date: String,
    /// `premiere`, `release`, `limited`, `wide`, `dvd`, ...
    event: String,
    place: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRating {
    certificate: String,
    system: String,
    reason: Option<String>,
}

/// How big a reference may be. One film's known facts are a few kilobytes;
/// this is room for tens of thousands of names, and reading more would be
/// reading something that is no reference.
pub const MAX_REFERENCE_BYTES: u64 = 4 << 20;

/// The 1-based line of each byte offset of a text, found by halving a
/// list of where lines start (counting the lines before each of many
/// offsets would be quadratic in a long file).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset)
    }
}

/// The known facts of a film, as claims whose source is the reference file.
#[derive(Debug, Clone)]
pub struct Reference {
    pub source: String,
    pub title: Option<String>,
    pub claims: Vec<Claim>,
}

impl Reference {
    /// Reads the reference at `path` with the care given to reviews: a
    /// regular file only, at most [`MAX_REFERENCE_BYTES`], UTF-8.
    pub fn load(path: &Path, lexicon: &Lexicon) -> Result<Reference, Error> {
        let name = crate::pathname::shown(path);
        let fail = |message: String| Error::Input {
            path: path.to_path_buf(),
            message: format!("cannot read the reference: {message}"),
        };
        let bytes =
            crate::input::read_capped(path, "reference", MAX_REFERENCE_BYTES).map_err(fail)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            fail(format!(
                "not UTF-8 text (byte {}); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Reference::parse(&name, &text, lexicon)
    }

    pub fn parse(name: &str, text: &str, lexicon: &Lexicon) -> Result<Reference, Error> {
        let raw: RawReference = toml::from_str(text).map_err(|e| Error::Rule {
            location: Location::at(name, text, e.span().map_or(0, |s| s.start)),
            rule: None,
            message: format!("cannot read the reference: {}", e.message().trim()),
            hint: "a reference holds title, director, screenwriter, source_author, source_year, cinematographer, composer, editor, producer, distributor, starring, runtime, [[cast]], [[release]] and [[rating]]".into(),
        })?;
        let bad = |span: std::ops::Range<usize>, message: String| Error::Rule {
            location: Location::at(name, text, span.start),
            rule: None,
            message,
            hint: "write dates as 2010-09-03, 2010-10 or 2010".into(),
        };
        let lines = Lines::of(text);
        let mut claims = Vec::new();
        let mut push = |property: Property,
                        subject: Option<String>,
                        value: Value,
                        qualifiers: BTreeMap<String, String>,
                        span: std::ops::Range<usize>| {
            let line = lines.line(span.start);
            claims.push(Claim {
                id: "".into(),
                source: name.into(),
                property,
                subject,
                value,
                qualifiers,
                span: Span {
                    start: span.start,
                    end: span.end,
                },
                text: text[span].into(),
                rule: "reference".into(),
                line,
            });
        };
        for (property, names) in [
            (Property::Director, &raw.director),
            (Property::Screenwriter, &raw.screenwriter),
            (Property::SourceAuthor, &raw.source_author),
            (Property::Cinematographer, &raw.cinematographer),
            (Property::Composer, &raw.composer),
            (Property::Editor, &raw.editor),
            (Property::Producer, &raw.producer),
            (Property::Starring, &raw.starring),
        ] {
            for n in names {
                if let Some(v) = crate::values::normalize_name(n.get_ref(), lexicon) {
                    push(property, None, Value::Person(v), BTreeMap::new(), n.span());
                }
            }
        }
        for d in &raw.distributor {
            push(
                Property::Distributor,
                None,
                Value::Text(d.get_ref().clone()),
                BTreeMap::new(),
                d.span(),
            );
        }
        if let Some(y) = &raw.source_year {
            push(
                Property::SourceYear,
                None,
                Value::Year(*y.get_ref()),
                BTreeMap::new(),
                y.span(),
            );
        }
        if let Some(m) = &raw.runtime {
            push(
                Property::Runtime,
                None,
                Value::Minutes(*m.get_ref()),
                BTreeMap::new(),
                m.span(),
            );
        }
        for c in &raw.cast {
            let cast = c.get_ref();
            let mut q = BTreeMap::new();
            if let Some(v) = &cast.version {
                q.insert("version".to_string(), v.clone());
            }
            push(
                Property::Cast,
                Some(cast.character.clone()),
                Value::Person(cast.actor.clone()),
                q,
                c.span(),
            );
        }
        for r in &raw.release {
            let rel = r.get_ref();
            let date = crate::values::parse_date(&rel.date, None)
                .filter(|d| d.year.is_some())
                .ok_or_else(|| bad(r.span(), format!("`{}` is not a date", rel.date)))?;
            let mut q = BTreeMap::new();
            q.insert("event".to_string(), rel.event.clone());
            if let Some(p) = &rel.place {
                q.insert("place".to_string(), p.clone());
            }
            push(Property::ReleaseDate, None, Value::Date(date), q, r.span());
        }
        for r in &raw.rating {
            let rating = r.get_ref();
            let mut q = BTreeMap::new();
            q.insert("system".to_string(), rating.system.clone());
            if let Some(reason) = &rating.reason {
                q.insert("reason".to_string(), reason.clone());
            }
            let cert = crate::values::normalize_certificate(&rating.certificate)
                .ok_or_else(|| bad(r.span(), "an empty certificate".into()))?;
            push(
                Property::Rating,
                None,
                Value::Certificate(cert),
                q,
                r.span(),
            );
        }
        claims.sort_by_key(|c| c.span.start);
        for (i, c) in claims.iter_mut().enumerate() {
            c.id = format!("{name}#{}", i + 1).into();
        }
        Ok(Reference {
            source: name.to_string(),
            title: raw.title.map(Spanned::into_inner),
            claims,
        })
    }
}
