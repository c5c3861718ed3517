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
    if check {
        args.remove(0);
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
            let mut places = starts.unwrap_or_default().iter().peekable();
            for &(start, end) in ranges {
                let mut at = start;
                if starts.is_some() {
                    // An anchored search at each place in the window.
                    while let Some(&p) = places.next_if(|&&p| p < end) {
                        cost.starts += 1;
                        if p >= at
                            && let Some(m) = regex.find_end(&text[..end], p, Anchored::Yes)
                        {
                            cost.matches += 1;
                            at = m;
                        }
                    }
                    continue;
                }
                // An empty match at the window's end ends the window too.
                while at <= end
                    && let Some(m) = regex.find_end(&text[..end], at, Anchored::No)
                {
                    cost.matches += 1;
                    at = m.max(at + 1);
                }
                cost.bytes += end - start;
            }
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
