//! A deterministic corpus of many films for the benchmarks
//! (`bench/run.sh`), made from the fixture reviews.
//!
//! ```sh
//! cargo run --release --example corpus -- generate --reviews 20000 --seed 1 --out target/corpus-20k
//! cargo run --release --example corpus -- patterns > target/patterns.txt
//! ```
//!
//! `generate` writes `OUT/<film>/<n>.txt`, a folder per film (about 20
//! reviews each, or `--films N` films of equal size), plus one
//! review in ten loose in `OUT/` with a `film:` line, so both ways of naming
//! a film are exercised. Each review is a fixture review with its names,
//! title and years replaced by the film's own (read from the fixture's
//! claims, so no name is written here), some of its paragraphs left out so
//! reviews differ in length, and now and then a name misspelt. The same
//! seed gives the same bytes.
//!
//! `patterns` prints every rule's pattern as the engine runs it (captures
//! made plain groups), one a line, for `rg -f`: the floor a plain regex
//! scanner sets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use concord::model::{Property, ValueKind};
use concord::rules::RuleSet;

/// A small, fast, seedable generator (SplitMix64): the corpus must not
/// depend on a crate's notion of randomness across versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FIRST: &[&str] = &[
    "Ada", "Bruno", "Celia", "Dario", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin",
    "Lucas", "Marta", "Nils", "Olga", "Pavel", "Rosa", "Simon", "Tilda", "Victor", "Wanda",
    "Xavier", "Yara", "Zoltan", "Amara", "Boris", "Clara", "Dmitri", "Edith", "Farid",
];
const LAST: &[&str] = &[
    "Abernathy",
    "Blackwood",
    "Castellano",
    "Delacroix",
    "Eastwick",
    "Fairbanks",
    "Galloway",
    "Hargreaves",
    "Ivanova",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Marchetti",
    "Nakamura",
    "Oyelaran",
    "Pemberton",
    "Quintero",
    "Rasmussen",
    "Szabo",
    "Thackeray",
    "Umberto",
    "Valentini",
    "Whitlock",
    "Yamazaki",
    "Zielinski",
    "Achterberg",
    "Brennan",
    "Carvalho",
    "Dunmore",
    "Esposito",
    "Fitzwilliam",
    "Grunewald",
    "Holloway",
    "Iglesias",
    "Jankowski",
];
const ADJECTIVE: &[&str] = &[
    "Silent",
    "Crimson",
    "Distant",
    "Hollow",
    "Golden",
    "Broken",
    "Quiet",
    "Northern",
    "Burning",
    "Forgotten",
    "Winter",
    "Hidden",
    "Restless",
    "Painted",
    "Falling",
    "Last",
    "Secret",
    "Wild",
    "Salt",
    "Iron",
];
const NOUN: &[&str] = &[
    "Harbour", "Orchard", "Lantern", "Meridian", "Frontier", "Garden", "Season", "River", "Tower",
    "Bridge", "Letter", "Station", "Kingdom", "Shore", "Summer", "Island", "Choir", "Mirror",
    "Valley", "Engine",
];

/// The fixture reviews and the title each is about (the folder says it for
/// a corpus; the style fixtures are one film each).
fn templates(root: &Path) -> Vec<(PathBuf, Vec<&'static str>)> {
    let titled: &[(&str, &[&str])] = &[
        ("films/never-let-me-go", &["Never Let Me Go"]),
        ("films/the-lighthouse-keepers", &["The Lighthouse Keepers"]),
        ("styles/argo-trap", &["Argo"]),
        ("styles/arrival-factbox", &["Arrival"]),
        ("styles/brooklyn-possessive", &["Brooklyn"]),
        ("styles/moonlight-capitals", &["Moonlight", "MOONLIGHT"]),
        ("styles/spotlight-american", &["Spotlight"]),
        ("styles/the-farewell-mixed", &["The Farewell"]),
        (
            "styles/three-billboards-plays",
            &["Three Billboards Outside Ebbing, Missouri"],
        ),
    ];
    let mut out = Vec::new();
    for (prefix, titles) in titled {
        let path = root.join("tests/fixtures").join(prefix);
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .expect("fixture folder")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            out.extend(files.into_iter().map(|f| (f, titles.to_vec())));
        } else {
            out.push((path.with_extension("txt"), titles.to_vec()));
        }
    }
    out
}

/// A fixture, ready to be turned into a review of another film.
struct Template {
    text: String,
    titles: Vec<&'static str>,
    /// Names as written, longest first, each with the roster slot it maps to.
    names: Vec<(String, usize)>,
    /// The film's year in the fixture, from which other years are shifted.
    year: i32,
}

fn load_templates(root: &Path, rules: &RuleSet) -> Vec<Template> {
    let mut out = Vec::new();
    for (path, titles) in templates(root) {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let file = concord::input::ReviewFile::new(path.display().to_string(), text.clone());
        let claims = concord::read_claims(&file, rules).claims;
        // Every person and character name, and each surname on its own.
        let mut slots: BTreeMap<String, usize> = BTreeMap::new();
        let add = |name: &str, slots: &mut BTreeMap<String, usize>| {
            let name = name.trim();
            if name.len() < 3 || !name.starts_with(|c: char| c.is_uppercase()) {
                return;
            }
            let n = slots.len();
            slots.entry(name.to_string()).or_insert(n);
        };
        for c in &claims {
            if c.property.value_kind() == ValueKind::Person {
                add(&c.value.to_string(), &mut slots);
            }
            if matches!(c.property, Property::Cast | Property::Role)
                && let Some(s) = &c.subject
            {
                add(s, &mut slots);
            }
        }
        let mut names: Vec<(String, usize)> = slots.into_iter().collect();
        // Surnames alone ("Mulligan") map to the same slot as the full name.
        let surnames: Vec<(String, usize)> = names
            .iter()
            .filter_map(|(n, s)| {
                let last = n.rsplit(' ').next()?;
                (n.contains(' ') && last.len() >= 4).then(|| (last.to_string(), *s))
            })
            .collect();
        names.extend(surnames);
        let upper: Vec<(String, usize)> =
            names.iter().map(|(n, s)| (n.to_uppercase(), *s)).collect();
        names.extend(upper);
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        names.dedup_by(|a, b| a.0 == b.0);
        let year = claims
            .iter()
            .find(|c| c.property == Property::ReleaseDate)
            .and_then(|c| c.value.to_string().get(..4)?.parse().ok())
            .unwrap_or(2010);
        out.push(Template {
            text,
            titles,
            names,
            year,
        });
    }
    out
}

/// One generated film: its title, year, runtime and cast of names.
struct Film {
    title: String,
    slug: String,
    year: i32,
    roster: Vec<String>,
}

fn film(i: usize, rng: &mut Rng) -> Film {
    let mut title = format!(
        "The {} {}",
        ADJECTIVE[i % ADJECTIVE.len()],
        NOUN[(i / ADJECTIVE.len()) % NOUN.len()]
    );
    let round = i / (ADJECTIVE.len() * NOUN.len());
    if round > 0 {
        title.push_str(&format!(" {}", round + 1));
    }
    let slug = title.to_lowercase().replace(' ', "-");
    let roster = (0..64)
        .map(|_| {
            format!(
                "{} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[rng.below(LAST.len())]
            )
        })
        .collect();
    Film {
        title,
        slug,
        year: 1950 + rng.below(75) as i32,
        roster,
    }
}

/// A name with one letter doubled: a reviewer's slip.
fn misspell(name: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = name.chars().collect();
    let at = 1 + rng.below(chars.len().saturating_sub(2).max(1));
    let mut out: String = chars[..at].iter().collect();
    out.push(chars[at - 1]);
    out.extend(&chars[at..]);
    out
}

/// Replaces every 4-digit year 1900-2029 of `text` by itself plus `shift`.
fn shift_years(text: &str, shift: i32) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut last = 0;
    while i + 4 <= b.len() {
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let word_end = i + 4 == b.len() || !b[i + 4].is_ascii_alphanumeric();
        if word_start
            && word_end
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (b[i] == b'1' && b[i + 1] == b'9' || b[i] == b'2' && b[i + 1] == b'0')
        {
            let y: i32 = text[i..i + 4].parse().unwrap_or(0);
            out.push_str(&text[last..i]);
            out.push_str(&(y + shift).to_string());
            i += 4;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn review(t: &Template, f: &Film, rng: &mut Rng) -> String {
    // Keep the head (title, byline) and about half the paragraphs after it.
    let paragraphs: Vec<&str> = t.text.split("\n\n").collect();
    let head = paragraphs.len().min(3);
    let mut kept: Vec<&str> = paragraphs[..head].to_vec();
    for p in &paragraphs[head..] {
        if rng.chance(55) {
            kept.push(p);
        }
    }
    let mut text = kept.join("\n\n");
    let slip = rng.chance(8).then(|| rng.below(8));
    // Names first, through placeholders so a new name is never replaced again.
    for (k, (name, _)) in t.names.iter().enumerate() {
        text = text.replace(name.as_str(), &format!("\u{1}{k}\u{2}"));
    }
    for title in &t.titles {
        let new = if title.chars().all(|c| !c.is_lowercase()) {
            f.title.to_uppercase()
        } else {
            f.title.clone()
        };
        text = text.replace(title, &new);
    }
    text = shift_years(&text, f.year - t.year);
    for (k, (name, slot)) in t.names.iter().enumerate() {
        let full = &f.roster[slot % f.roster.len()];
        let mut new = if name.contains(' ') {
            full.clone()
        } else {
            full.rsplit(' ').next().unwrap_or(full).to_string()
        };
        if slip == Some(*slot) {
            new = misspell(&new, rng);
        }
        if name.chars().all(|c| !c.is_lowercase()) {
            new = new.to_uppercase();
        }
        text = text.replace(&format!("\u{1}{k}\u{2}"), &new);
    }
    text
}

fn generate(reviews: usize, seed: u64, out: &Path, film_count: Option<usize>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rules = RuleSet::builtin().unwrap_or_else(|e| panic!("built-in rules: {e:?}"));
    let templates = load_templates(&root, &rules);
    let mut rng = Rng(seed);
    // Films have from 2 to 60 reviews, most of them few: about 20 on average.
    let mut films = Vec::new();
    let mut left = reviews;
    while left > 0 {
        let n = match film_count {
            Some(f) => reviews.div_ceil(f.max(1)),
            None => 2 + rng.below(12) * rng.below(7),
        }
        .min(left);
        films.push((film(films.len(), &mut rng), n));
        left -= n;
    }
    std::fs::create_dir_all(out).expect("output folder");
    let mut written = 0usize;
    let mut bytes = 0usize;
    for (f, n) in &films {
        let dir = out.join(&f.slug);
        for _ in 0..*n {
            let t = &templates[rng.below(templates.len())];
            let mut text = review(t, f, &mut rng);
            let path = if rng.chance(10) {
                text = format!("film: {} ({})\n\n{text}", f.title, f.year);
                out.join(format!("{:06}.txt", written))
            } else {
                std::fs::create_dir_all(&dir).expect("film folder");
                dir.join(format!("{:06}.txt", written))
            };
            std::fs::write(&path, &text).expect("write a review");
            written += 1;
            bytes += text.len();
        }
    }
    eprintln!(
        "{written} reviews of {} films, {:.1} MB, in {}",
        films.len(),
        bytes as f64 / 1e6,
        out.display()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    match args.first().map(String::as_str) {
        Some("generate") => {
            let reviews = flag("--reviews")
                .and_then(|n| n.parse().ok())
                .unwrap_or(20_000);
            let seed = flag("--seed").and_then(|n| n.parse().ok()).unwrap_or(1);
            let out = flag("--out").unwrap_or_else(|| "target/corpus".into());
            let films = flag("--films").and_then(|n| n.parse().ok());
            generate(reviews, seed, Path::new(&out), films);
        }
        Some("patterns") => {
            let rules = RuleSet::builtin().unwrap_or_else(|e| panic!("built-in rules: {e:?}"));
            // Named groups become plain groups: `rg -f` joins the patterns
            // into one, where two groups of one name would clash.
            let named = regex::Regex::new(r"\(\?P?<[A-Za-z0-9_]+>").expect("a valid pattern");
            for r in &rules.rules {
                println!("{}", named.replace_all(&r.expanded, "(?:"));
            }
        }
        _ => {
            eprintln!(
                "usage: corpus generate [--reviews N] [--seed S] [--films N] [--out DIR] | corpus patterns"
            );
            std::process::exit(2);
        }
    }
}
