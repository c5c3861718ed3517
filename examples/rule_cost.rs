//! What each rule costs over a corpus: how many reviews it searched, how
//! many windows and bytes the prefilter gave it (or, where it is tried only
//! at the places its matches can start, how many places), how many matches
//! it found and how long its searches took; the rules that cost most
//! first. The searches are the ones extraction runs. For
//! people tuning a rule's speed (`describe` says what bounds its windows).
//!
//! ```sh
//! cargo run --release --example rule_cost -- tests/fixtures/styles
//! cargo run --release --example rule_cost -- --check target/bench/corpus-20000-seed1
//! ```
//!
//! With `--check`, it instead reads every review twice, with the prefilter
//! and with every rule over the whole text, and says which reviews differ
//! (none should: the prefilter only skips work).
//!
//! With `--phases`, it says where extraction's time goes instead, on one
//! thread: by batches of reviews, as extraction runs, each step of a batch
//! timed apart (preparing the reviews, the word pass, the rules' searches
//! for where matches end); then extraction itself, whose time less those
//! steps is what finding captures and making claims costs; and the JSON of
//! the claims:
//!
//! ```sh
//! cargo run --release --example rule_cost -- --phases target/bench/corpus-20000-seed1
//! cargo run --release --example rule_cost -- --phases --batch 32 target/bench/corpus-20000-seed1
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use concord::rules::pattern::Anchored;
use concord::rules::prefilter::Regions;
use concord::rules::{Prefilter, RuleSet};
use concord::text::Document;

#[derive(Default, Clone)]
struct Cost {
    time: Duration,
    reviews: usize,
    windows: usize,
    bytes: usize,
    starts: usize,
    matches: usize,
}

fn main() {
    // A reader that stops early (`| head`) ends the run quietly.
    if let Err(e) = run()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("rule_cost: {e}");
        std::process::exit(2);
    }
}

fn run() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.first().is_some_and(|a| a == "--check");
    let phases = args.first().is_some_and(|a| a == "--phases");
    if check || phases {
        args.remove(0);
    }
    // `--phases --batch N`: batches of N reviews instead of extraction's.
    let mut batch = BATCH;
    if phases && args.first().is_some_and(|a| a == "--batch") {
        batch = args
            .get(1)
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| std::io::Error::other("--batch wants a number of reviews"))?;
        args.drain(..2);
    }
    let paths: Vec<PathBuf> = args.into_iter().map(Into::into).collect();
    let (files, problems) = concord::read_files(&paths);
    for p in &problems {
        eprintln!("{p}");
    }
    let rules = RuleSet::builtin().unwrap_or_else(|e| panic!("the built-in rules: {e:?}"));
    if check {
        let mut all = rules.clone();
        all.prefilter = Prefilter::none(all.rules.len());
        let json = |r: &RuleSet, f| serde_json::to_string(&concord::read_claims(f, r).claims);
        let differ: Vec<&str> = files
            .iter()
            .filter(|f| json(&rules, f).ok() != json(&all, f).ok())
            .map(|f| f.source.as_str())
            .collect();
        for source in &differ {
            writeln!(out, "differs: {source}")?;
        }
        writeln!(out, "{} reviews, {} differ", files.len(), differ.len())?;
        out.flush()?;
        std::process::exit(i32::from(!differ.is_empty()));
    }
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    if phases {
        return phase_times(&mut out, &files, &rules, bytes, batch);
    }
    let mut costs = vec![Cost::default(); rules.rules.len()];
    let mut regions = Regions::new();
    for f in &files {
        let doc = Document::decoded(f.text.clone(), f.decoding.clone(), &rules.page);
        let text = doc.folded.text.as_str();
        let lines = doc.line_spans();
        rules.prefilter.find_regions(text, &lines, &mut regions);
        for (i, ranges, starts) in regions.iter() {
            let regex = &rules.rules[i].regex;
            let cost = &mut costs[i];
            let t = Instant::now();
            let (matches, places, bytes) = search_rule(regex, text, ranges, starts);
            cost.matches += matches;
            cost.starts += places;
            cost.bytes += bytes;
            cost.time += t.elapsed();
            cost.reviews += 1;
            cost.windows += ranges.len();
        }
    }
    let mut order: Vec<usize> = (0..costs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(costs[i].time));
    let total: usize = costs.iter().map(|c| c.bytes).sum();
    writeln!(
        out,
        "{} reviews, {:.1} MB; the rules searched {:.1} MB in all",
        files.len(),
        bytes as f64 / 1e6,
        total as f64 / 1e6
    )?;
    writeln!(
        out,
        "| rule | ms | reviews | windows | MB searched | places tried | matches |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    for i in order {
        let c = &costs[i];
        writeln!(
            out,
            "| {} | {:.1} | {} | {} | {:.2} | {} | {} |",
            rules.rules[i].id,
            c.time.as_secs_f64() * 1e3,
            c.reviews,
            c.windows,
            c.bytes as f64 / 1e6,
            c.starts,
            c.matches
        )?;
        if std::env::var_os("DESCRIBE").is_some() {
            writeln!(out, "|  | {} |", rules.prefilter.describe(i))?;
        }
    }
    Ok(())
}

/// `--phases`: how long each step of extraction takes over `files`, on this
/// thread.
fn phase_times(
    out: &mut impl Write,
    files: &[concord::input::ReviewFile],
    rules: &RuleSet,
    bytes: usize,
    batch: usize,
) -> std::io::Result<()> {
    // Batch by batch, as extraction goes, each step timed apart.
    let (mut prepare, mut words, mut searches) = Default::default();
    let mut regions: Vec<Regions> = Vec::new();
    let mut matches = 0;
    for part in files.chunks(batch) {
        let t = Instant::now();
        let docs: Vec<Document> = part
            .iter()
            .map(|f| Document::decoded(f.text.clone(), f.decoding.clone(), &rules.page))
            .collect();
        prepare += t.elapsed();
        let t = Instant::now();
        regions.resize_with(docs.len().max(regions.len()), Regions::new);
        for (doc, found) in docs.iter().zip(regions.iter_mut()) {
            rules
                .prefilter
                .find_regions(&doc.folded.text, &doc.line_spans(), found);
        }
        words += t.elapsed();
        let t = Instant::now();
        for (doc, found) in docs.iter().zip(&regions) {
            matches += search_all(rules, doc.folded.text.as_str(), found);
        }
        searches += t.elapsed();
    }
    let timed = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let mut claims = Vec::new();
    let whole = timed(&mut || {
        claims = files
            .chunks(batch)
            .flat_map(|batch| concord::read_claims_batch(batch, rules))
            .collect();
    });
    let mut json = 0;
    let serialize = timed(&mut || {
        for review in &claims {
            for claim in &review.claims {
                json += serde_json::to_vec(claim).map_or(0, |v| v.len() + 1);
            }
        }
    });
    let count: usize = claims.iter().map(|r| r.claims.len()).sum();
    writeln!(
        out,
        "{} reviews, {:.1} MB, {matches} matches, {count} claims ({:.1} MB of JSON Lines); one thread",
        files.len(),
        bytes as f64 / 1e6,
        json as f64 / 1e6
    )?;
    writeln!(out, "| step | s | MB/s | share of extraction |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let steps = [
        ("preparing the reviews (decoding, lines, folding)", prepare),
        ("word pass (windows of every rule)", words),
        ("rule searches in those windows", searches),
    ];
    let apart: Duration = steps.iter().map(|(_, d)| *d).sum();
    let row = |out: &mut dyn Write, name: &str, d: Duration| {
        writeln!(
            out,
            "| {name} | {:.2} | {:.1} | {:.0}% |",
            d.as_secs_f64(),
            bytes as f64 / 1e6 / d.as_secs_f64(),
            100.0 * d.as_secs_f64() / whole.as_secs_f64()
        )
    };
    for (name, d) in steps {
        row(out, name, d)?;
    }
    row(
        out,
        "the rest: captures, values, claims (whole less the steps)",
        whole.saturating_sub(apart),
    )?;
    row(out, "extraction as it runs, batch by batch", whole)?;
    row(out, "JSON of the claims", serialize)?;
    Ok(())
}

/// Reviews a batch holds, as extraction takes them.
const BATCH: usize = concord::extract::BATCH;

/// Every live rule of a review searched over its windows, as extraction
/// searches them but without captures: how many matches.
fn search_all(rules: &RuleSet, text: &str, regions: &Regions) -> usize {
    regions
        .iter()
        .map(|(i, ranges, starts)| search_rule(&rules.rules[i].regex, text, ranges, starts).0)
        .sum()
}

/// One rule searched over its windows in a review, as extraction searches
/// it (at its places, when it has them) but without captures: how many
/// matches, places tried and bytes of window scanned.
fn search_rule(
    regex: &concord::rules::pattern::Pattern,
    text: &str,
    ranges: &[(usize, usize)],
    starts: Option<&[usize]>,
) -> (usize, usize, usize) {
    let (mut matches, mut tried, mut bytes) = (0, 0, 0);
    let mut places = starts.unwrap_or_default().iter().peekable();
    for &(start, end) in ranges {
        let mut at = start;
        if starts.is_some() {
            // An anchored search at each place in the window.
            while let Some(&p) = places.next_if(|&&p| p < end) {
                tried += 1;
                if p >= at
                    && let Some(m) = regex.find_end(&text[..end], p, Anchored::Yes)
                {
                    matches += 1;
                    at = m;
                }
            }
            continue;
        }
        // An empty match at the window's end ends the window too.
        while at <= end
            && let Some(m) = regex.find_end(&text[..end], at, Anchored::No)
        {
            matches += 1;
            at = m.max(at + 1);
        }
        bytes += end - start;
    }
    (matches, tried, bytes)
}
