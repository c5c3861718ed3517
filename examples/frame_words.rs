fn main() {
    let rules = concord::rules::RuleSet::builtin().unwrap();
    for f in rules.frames.iter() {
        let w = concord::rules::prefilter::required_words(&f.expanded);
        println!(
            "{}: {}",
            f.id,
            w.iter()
                .map(|s| format!("{:?}", &s[..s.len().min(8)]))
                .collect::<Vec<_>>()
                .join(" & ")
        );
    }
}
