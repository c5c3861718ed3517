//! A corpus of many films, read in parallel and streamed: films are told
//! apart and reconciled one by one, the output is the same whatever the
//! number of threads, and `-` reads the list of files from stdin.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use concord::input::ReviewFile;

use crate::common::{builtin, concord, root};

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = concord(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

#[test]
fn a_folder_per_film_is_reconciled_film_by_film() {
    let dirs: Vec<String> = crate::common::good_fixture_dirs()
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let mut args = vec!["report", "--format", "json"];
    args.extend(dirs.iter().map(String::as_str));
    let r = json(&args);
    let films: Vec<&str> = r["films"]
        .as_array()
        .expect("a films summary")
        .iter()
        .map(|f| f["film"].as_str().expect("film"))
        .collect();
    // `check/` holds the reviews `concord check` tests; a folder is a film.
    assert_eq!(
        films,
        [
            "check",
            "never-let-me-go",
            "styles",
            "the-lighthouse-keepers",
            "the-remains-of-the-day"
        ]
    );
    for f in r["findings"].as_array().expect("findings") {
        let film = f["film"].as_str().expect("every finding names its film");
        for v in f["values"].as_array().expect("values") {
            for s in v["sources"].as_array().expect("sources") {
                let s = s.as_str().expect("source");
                assert!(
                    s.starts_with(&format!("tests/fixtures/films/{film}/"))
                        || s.starts_with(&format!("tests/fixtures/{film}/")),
                    "a finding of {film} quotes {s}"
                );
            }
        }
    }
    // The summary adds up.
    let total: u64 = r["films"]
        .as_array()
        .expect("films")
        .iter()
        .map(|f| f["reviews"].as_u64().expect("reviews"))
        .sum();
    assert_eq!(total, r["summary"]["reviews"].as_u64().expect("reviews"));
}

#[test]
fn one_film_of_many_reads_as_that_film_alone() {
    // The good fixture folders, not all of `tests/fixtures`: the
    // development corpus there has a `never-let-me-go` folder of its own.
    let dirs: Vec<String> = crate::common::good_fixture_dirs()
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let mut args = vec!["report", "--film", "Never Let Me Go"];
    args.extend(dirs.iter().map(String::as_str));
    let (code, many, err) = concord(&args);
    assert_eq!(code, 0, "{err}");
    let (_, alone, _) = concord(&["report", "tests/fixtures/films/never-let-me-go"]);
    assert_eq!(many, alone);
    let (code, _, err) = concord(&["report", "tests/fixtures", "--film", "Vertigo"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"never-let-me-go\""), "{err}");
    let (code, _, err) = concord(&["graph", "tests/fixtures"]);
    assert_eq!(code, 2);
    assert!(err.contains("--film"), "{err}");
}

#[test]
fn files_named_one_by_one_go_by_their_film_line_or_title() {
    let rules = builtin();
    let film = |text: &str| concord::read_claims(&ReviewFile::new("x.txt", text), &rules);
    let r =
        film("film: Arrival (2016)\n\nArrival, directed by Denis Villeneuve, runs 116 minutes.\n");
    assert_eq!(r.film.as_deref(), Some("Arrival (2016)"));
    assert!(
        r.claims.iter().all(|c| c.line > 1),
        "the film line is metadata, not a claim: {:?}",
        r.claims
    );
    let r = film("---\ntitle: x\nfilm: Argo\n---\nArgo runs 120 minutes.\n");
    assert_eq!(r.film.as_deref(), Some("Argo"));
    for (headline, title) in [
        ("Never Let Me Go (2010)", "Never Let Me Go"),
        ("'Argo' Review: Ben Affleck pulls it off", "Argo"),
        ("FILM REVIEW: MOONLIGHT", "MOONLIGHT"),
        ("Brooklyn review: Saoirse Ronan is luminous", "Brooklyn"),
        ("Film title: Arrival\nDirector: Denis Villeneuve", "Arrival"),
        (
            "Toronto Review: 'The Lighthouse Keepers'",
            "The Lighthouse Keepers",
        ),
    ] {
        let r = film(&format!("{headline}\n\nThe film runs 103 minutes.\n"));
        assert_eq!(r.film.as_deref(), Some(title), "{headline}");
    }
    assert_eq!(film("MOVIE REVIEW\n\nIt runs 103 minutes.\n").film, None);
    // The style fixtures, named one by one, are eleven films.
    let styles: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/styles"))
        .expect("styles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            p.strip_prefix(root())
                .expect("under root")
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["report", "--format", "json"];
    args.extend(styles.iter().map(String::as_str));
    assert_eq!(json(&args)["films"].as_array().map(Vec::len), Some(12));
}

#[test]
fn the_output_is_the_same_with_one_thread_or_many() {
    let rules = builtin();
    let paths = crate::common::good_fixture_dirs();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| {
            let (reviews, problems) = concord::read_corpus(&paths, &rules);
            assert!(problems.is_empty(), "{problems:?}");
            let report = concord::report(&reviews, &rules);
            (
                serde_json::to_string(&reviews).expect("json"),
                serde_json::to_string(&report).expect("json"),
            )
        })
    };
    let one = run(1);
    assert_eq!(one, run(4));
    assert_eq!(one, run(7));
}

#[test]
fn a_batch_reads_each_review_as_it_reads_alone() {
    let rules = builtin();
    // Every fixture review, twice over in another order (a batch holds the
    // same rules live in many reviews), with a file that cannot be read in
    // the middle: its error stays in its place.
    // And a review longer than a batch holds at once, which splits the
    // batch it falls in.
    let mut paths = crate::common::fixture_reviews();
    let reversed: Vec<_> = paths.iter().rev().cloned().collect();
    let long = std::env::temp_dir().join(format!("concord-batch-{}.txt", std::process::id()));
    let review = std::fs::read_to_string(root().join(&paths[0])).expect("a fixture");
    let times = concord::corpus::BATCH_BYTES / review.len() + 1;
    std::fs::write(&long, review.repeat(times)).expect("write");
    paths.push("tests/fixtures/no-such-review.txt".into());
    paths.insert(paths.len() / 2, long.clone());
    paths.extend(reversed);
    let found: Vec<concord::input::Found> = paths
        .iter()
        .map(|p| concord::input::Found {
            path: root().join(p),
            folder_film: None,
        })
        .collect();
    let one_by_one: Vec<String> = found
        .iter()
        .map(|f| format!("{:?}", concord::corpus::read_found(f, &rules)))
        .collect();
    let claims: usize = found
        .iter()
        .filter_map(|f| concord::corpus::read_found(f, &rules).ok())
        .map(|r| r.claims.len())
        .sum();
    assert!(claims > 500, "the fixtures make many claims: {claims}");
    for size in [2, 7, concord::extract::BATCH, found.len()] {
        let batched: Vec<String> = found
            .chunks(size)
            .flat_map(|c| concord::corpus::read_found_batch(c, &rules))
            .map(|r| format!("{r:?}"))
            .collect();
        assert_eq!(batched, one_by_one, "batches of {size}");
    }
    let _ = std::fs::remove_file(long);
}

#[test]
fn streaming_hands_reviews_on_in_order_whatever_the_threads() {
    let rules = builtin();
    let (found, problems) = concord::input::find(&crate::common::good_fixture_dirs());
    assert!(problems.is_empty(), "{problems:?}");
    let expected: Vec<String> = found.iter().map(|f| f.path.display().to_string()).collect();
    assert!(expected.len() > 12, "enough reviews to overlap");
    let progress = concord::progress::Progress::new(found.len(), false);
    for threads in [1, 2, 3, 8] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        // Every review, in the order found, rendered where it was read.
        let mut seen = Vec::new();
        let mut last_more = true;
        pool.install(|| {
            concord::corpus::stream(
                &found,
                &rules,
                &progress,
                |r| r.map(|review| review.source).map_err(|e| e.to_string()),
                |r, more| {
                    seen.push(r.expect("a readable review"));
                    last_more = more;
                    Ok::<(), ()>(())
                },
            )
        })
        .expect("no error");
        assert_eq!(seen, expected, "{threads} threads");
        assert!(!last_more, "nothing is ready after the last review");
        // The first error the output returns stops the run, and is the
        // run's result.
        let mut handed = 0;
        let stopped = pool.install(|| {
            concord::corpus::stream(
                &found,
                &rules,
                &progress,
                |_| (),
                |(), _| {
                    handed += 1;
                    if handed == 5 { Err(handed) } else { Ok(()) }
                },
            )
        });
        assert_eq!(stopped, Err(5), "{threads} threads");
        assert_eq!(handed, 5);
    }
}

#[test]
fn jsonl_streams_the_claims_json_gives() {
    let lines: Vec<serde_json::Value> = {
        let (code, out, err) = concord(&["claims", "--format", "jsonl", "tests/fixtures"]);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .map(|l| serde_json::from_str(l).expect("a claim a line"))
            .collect()
    };
    let all = json(&["claims", "--format", "json", "tests/fixtures"]);
    assert_eq!(Some(&lines), all.as_array());
    let ids: BTreeSet<&str> = lines.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids.len(), lines.len(), "ids are unique");
}

#[test]
fn a_dash_reads_the_list_of_files_from_stdin() {
    let mut files: Vec<String> = crate::common::fixture_reviews()
        .iter()
        .map(|p| p.display().to_string())
        .filter(|p| p.contains("the-lighthouse-keepers"))
        .collect();
    files.sort();
    let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["claims", "--format", "jsonl", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run concord");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{}\n", files.join("\n")).expect("write the list");
    }
    let done = child.wait_with_output().expect("concord ends");
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let mut args = vec!["claims", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let (_, direct, _) = concord(&args);
    assert_eq!(String::from_utf8(done.stdout).expect("utf-8"), direct);
    assert!(!direct.is_empty());
}

#[test]
fn the_markdown_report_has_a_section_per_film() {
    let dirs: Vec<String> = crate::common::good_fixture_dirs()
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let mut args = vec!["report"];
    args.extend(dirs.iter().map(String::as_str));
    let (code, md, err) = concord(&args);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("30 reviews of 5 films"), "{md}");
    assert!(md.contains("| film | reviews |"), "a films table");
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## check",
            "## never-let-me-go",
            "## styles",
            "## the-lighthouse-keepers",
            "## the-remains-of-the-day"
        ]
    );
    // Within a film, verdicts and findings sit one level down.
    assert!(md.contains("\n### Contradictions ("), "{md}");
    assert!(md.contains("\n#### "), "{md}");
}

#[test]
fn a_review_in_a_film_folder_is_its_film_and_a_loose_one_states_its_own() {
    // In one batch: the folder names the first review's film (the title
    // its text states is not looked for); the second, loose, is the film
    // its text names.
    let dir = std::env::temp_dir().join(format!("concord-films-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = "Film title: The Long Walk\n\nThe Long Walk runs 103 minutes.\n";
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&a, text).expect("write");
    std::fs::write(&b, text).expect("write");
    let found = [
        concord::input::Found {
            path: a,
            folder_film: Some("some-film".into()),
        },
        concord::input::Found {
            path: b,
            folder_film: None,
        },
    ];
    let read = concord::corpus::read_found_batch(&found, &builtin());
    std::fs::remove_dir_all(&dir).ok();
    let films: Vec<Option<String>> = read.into_iter().map(|r| r.expect("read").film).collect();
    assert_eq!(
        films,
        [
            Some("some-film".to_string()),
            Some("The Long Walk".to_string())
        ]
    );
}
