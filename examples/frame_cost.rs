//! What each relation frame costs over a corpus: how long its searches of
//! the lines of the reviews' name views its cue words give it took, how many bytes it searched and how many
//! matches it found; the frames that cost most first. Then the time of the
//! name pass (mentions and view) and of the whole frame step. For people
//! tuning a frame's speed.
//!
//! ```sh
//! cargo run --release --example frame_cost -- target/bench/corpus-2000-seed1
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use concord::rules::RuleSet;
use concord::text::Document;

fn main() {
    if let Err(e) = run()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("frame_cost: {e}");
        std::process::exit(2);
    }
}

fn run() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let (files, problems) = concord::read_files(&paths);
    for p in &problems {
        eprintln!("{p}");
    }
    let rules = RuleSet::builtin().unwrap_or_else(|e| panic!("the built-in rules: {e:?}"));
    let docs: Vec<Document> = files
        .iter()
        .map(|f| Document::decoded(f.text.clone(), f.decoding.clone(), &rules.page))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.folded.text.len()).sum();

    let t = Instant::now();
    let views: Vec<_> = docs
        .iter()
        .map(|d| concord::mentions::find(&d.folded.text, &rules.lexicon).1)
        .collect();
    let names = t.elapsed();

    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(concord::frames::run(
            &rules.frames,
            d,
            &rules.lexicon,
            false,
        ));
    }
    let all = t.elapsed();

    let t = Instant::now();
    let ranges: Vec<_> = views.iter().map(|v| rules.frames.ranges(&v.text)).collect();
    let cues = t.elapsed();

    let mut costs: Vec<(usize, Duration, usize, usize)> = Vec::new();
    for (i, frame) in rules.frames.iter().enumerate() {
        let (mut time, mut searched, mut matches) = (Duration::ZERO, 0, 0);
        let mut scratch = frame.regex.scratch();
        for (view, ranges) in views.iter().zip(&ranges) {
            for range in &ranges[i] {
                let t = Instant::now();
                let mut at = range.start;
                while at <= range.end
                    && frame
                        .regex
                        .search_in(&mut scratch, &view.text, at..range.end)
                {
                    let m = scratch.captures(&view.text).get(0).expect("a match");
                    matches += 1;
                    at = if m.end() > m.start() {
                        m.end()
                    } else {
                        m.end() + 1
                    };
                    while at < view.text.len() && !view.text.is_char_boundary(at) {
                        at += 1;
                    }
                }
                searched += range.len();
                time += t.elapsed();
            }
        }
        costs.push((i, time, searched, matches));
    }
    costs.sort_by_key(|c| std::cmp::Reverse(c.1));
    writeln!(
        out,
        "{} reviews, {:.1} MB folded; name pass {:.0} ms, cue pass {:.0} ms, frame step (names included) {:.0} ms",
        docs.len(),
        bytes as f64 / 1e6,
        names.as_secs_f64() * 1e3,
        cues.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3
    )?;
    writeln!(out, "| frame | ms | MB searched | matches |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for (i, time, searched, matches) in costs {
        writeln!(
            out,
            "| {} | {:.1} | {:.1} | {} |",
            rules.frames[i].id,
            time.as_secs_f64() * 1e3,
            searched as f64 / 1e6,
            matches
        )?;
    }
    Ok(())
}
