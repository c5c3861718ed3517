//! Rule loading over arbitrary TOML: a rule file, however malformed or
//! hostile, loads or gives errors that name a file and line; it never
//! panics or hangs. The fuzzed file comes after the built-in lexicon, so the
//! built-in rule files are good seeds; what loads is run on a review.

#![no_main]

use concord::input::ReviewFile;
use concord::rules::{BUILTIN, RuleSet};
use libfuzzer_sys::fuzz_target;

const REVIEW: &str = "\u{FEFF}Jan 22, 2011\r\n\u{201C}Never Let Me Go,\u{201D} directed by Mark \
    Romanek, runs 103 minutes and is rated R. Carey Mulligan (Kathy H.), Andrew Garfield as \
    Tommy. It premiered at Telluride on September 3, 2010. In 1978, at Hailsham...\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lexicon = BUILTIN
        .iter()
        .find(|(name, _)| *name == "rules/lexicon.toml")
        .map(|&(n, s)| (n.to_string(), s.to_string()))
        .expect("a built-in lexicon");
    match RuleSet::from_sources(vec![lexicon, ("fuzz.toml".into(), text.to_string())]) {
        Ok(rules) => {
            let review = concord::read_claims(&ReviewFile::new("r.txt", REVIEW), &rules);
            for c in &review.claims {
                assert_eq!(&REVIEW[c.span.start..c.span.end], &*c.text);
            }
            let _ = concord::verify::check_all(&rules);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let message = e.to_string();
                assert!(
                    message.starts_with("fuzz.toml:")
                        || message.starts_with("rules/lexicon.toml:")
                        || message.starts_with("rules:"),
                    "{message}"
                );
            }
        }
    }
});
