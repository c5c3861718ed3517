//! Extraction over arbitrary bytes: whatever a file holds, reading it never
//! panics, every claim points at the file's bytes it quotes, and the rest of
//! the pipeline (linking, the report, rendering) takes its claims.

#![no_main]

use std::sync::LazyLock;

use concord::input::ReviewFile;
use concord::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::builtin().expect("the built-in rules load"));

fuzz_target!(|data: &[u8]| {
    let Ok(file) = ReviewFile::from_bytes("fuzz.txt", data) else {
        return;
    };
    let review = concord::read_claims(&file, &RULES);
    for c in &review.claims {
        assert!(
            c.span.start <= c.span.end && c.span.end <= data.len(),
            "{c:?}"
        );
        assert_eq!(
            concord::decode::as_read(&data[c.span.start..c.span.end]),
            &*c.text,
            "{c:?}"
        );
        assert!(c.line >= 1);
    }
    let reviews = [review];
    let report = concord::report(&reviews, &RULES);
    let mut out = Vec::new();
    concord::render::report::markdown(&report, &mut out).expect("render to memory");
    concord::render::report::json(&report, &mut out).expect("render to memory");
    concord::render::claims::markdown(&reviews, &mut out).expect("render to memory");
});
