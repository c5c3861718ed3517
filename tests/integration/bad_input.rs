//! The `concord` binary on a folder of bad input (`tests/fixtures/bad/`, and
//! what git cannot hold made in a temporary folder) next to a good review:
//! no panic, every bad file named on stderr with why it was skipped or how
//! it was read, the good review's claims all there, and the contract's exit
//! codes. Also output that cannot be written: a full disk is an error, a
//! reader that stops early (`| head`) is not.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::root;

const SEED: &str = "tests/fixtures/films/never-let-me-go/004_0e27ec211dcc8335.txt";

/// Runs the built `concord` binary from the crate root.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the concord binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().expect("an exit code, not a signal"),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr,
    )
}

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("concord-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// What a test expects stderr to say about a path.
struct Said {
    path: String,
    level: &'static str,
    says: &'static str,
}

fn said(path: impl AsRef<Path>, level: &'static str, says: &'static str) -> Said {
    Said {
        path: path.as_ref().display().to_string(),
        level,
        says,
    }
}

/// The inputs git cannot hold, made in `dir`. Returns what stderr must say
/// about them, and the listener that keeps the socket open.
fn make_wild_inputs(dir: &Path) -> (Vec<Said>, std::os::unix::net::UnixListener) {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let mut expect = Vec::new();

    // A line of 4 MiB with a claim at its very end.
    let mut long = "and the camera lingers on the sea ".repeat(4 << 20 >> 5);
    long.push_str("It runs 97 minutes.");
    std::fs::write(dir.join("long-line.txt"), &long).expect("write");
    expect.push(said(
        dir.join("long-line.txt"),
        "note",
        "read with a line of 4 MiB",
    ));

    // A file of 100 MiB (sparse: no disk, no time), skipped by its size.
    let huge = std::fs::File::create(dir.join("huge.txt")).expect("create");
    huge.set_len(100 << 20).expect("set_len");
    expect.push(said(
        dir.join("huge.txt"),
        "warning",
        "the file is 100 MiB, larger than a review can be (16 MiB); skipped",
    ));

    // A file that cannot be opened. Root opens anything, so there the file
    // is read like any other and says nothing.
    let locked = dir.join("unreadable.txt");
    std::fs::write(&locked, "Directed by Locked Person.").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::File::open(&locked).is_err() {
        expect.push(said(
            &locked,
            "warning",
            "cannot read it: permission denied",
        ));
    }

    // Things that are not regular files: a socket, and a FIFO, which would
    // block a reader forever.
    let socket =
        std::os::unix::net::UnixListener::bind(dir.join("socket.txt")).expect("bind a socket");
    expect.push(said(
        dir.join("socket.txt"),
        "warning",
        "not a regular file (a pipe, socket or device), not a review; skipped",
    ));
    let fifo = dir.join("fifo.txt");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        expect.push(said(
            &fifo,
            "warning",
            "not a regular file (a pipe, socket or device), not a review; skipped",
        ));
    }

    // Links: to itself, to nothing, and a folder link back to its folder.
    symlink("loop.txt", dir.join("loop.txt")).expect("symlink");
    expect.push(said(
        dir.join("loop.txt"),
        "warning",
        "a symbolic link that leads nowhere or loops",
    ));
    symlink("nothing-here.txt", dir.join("dangling.txt")).expect("symlink");
    expect.push(said(
        dir.join("dangling.txt"),
        "warning",
        "a symbolic link that leads nowhere or loops",
    ));
    // A second name for a review, by a link: read once, under its first
    // name in order.
    std::fs::write(dir.join("twice.txt"), "It runs 97 minutes.").expect("write");
    symlink("twice.txt", dir.join("twice-link.txt")).expect("symlink");
    expect.push(said(
        dir.join("twice.txt"),
        "warning",
        format!(
            "the same file as {}; read once",
            dir.join("twice-link.txt").display()
        )
        .leak(),
    ));
    symlink(dir, dir.join("again")).expect("symlink");
    expect.push(said(
        dir.join("again"),
        "warning",
        "a folder being read (a link loop); skipped",
    ));
    (expect, socket)
}

#[test]
fn bad_input_next_to_a_seed_review_costs_nothing_but_itself() {
    let dir = temp_dir("wild");
    let (mut expect, _socket) = make_wild_inputs(&dir);
    let bad = "tests/fixtures/bad";
    for (file, level, says) in [
        ("empty.txt", "warning", "the file is empty; skipped"),
        (
            "blank.txt",
            "warning",
            "the file holds only blank space; skipped",
        ),
        (
            "binary.txt",
            "warning",
            "the file is binary (a NUL byte at byte 8)",
        ),
        (
            "utf-16.txt",
            "warning",
            "the file is UTF-16 text; save it as UTF-8; skipped",
        ),
        (
            "windows-1251.txt",
            "warning",
            "another encoding; save it as UTF-8; skipped",
        ),
        ("latin-1.txt", "warning", "read as Windows-1252 (Latin-1)"),
        (
            "windows-1252.txt",
            "warning",
            "read as Windows-1252 (Latin-1)",
        ),
        (
            "windows-1252.txt",
            "note",
            "read with Windows (CRLF) line endings",
        ),
        (
            "mixed-encoding.txt",
            "warning",
            "not valid UTF-8: 1 stray byte (the first at byte 75)",
        ),
        ("bom.txt", "note", "read with a UTF-8 byte-order mark"),
        ("crlf.txt", "note", "read with Windows (CRLF) line endings"),
        ("html-page.txt", "note", "read as an HTML page"),
    ] {
        expect.push(said(format!("{bad}/{file}"), level, says));
    }
    expect.push(said(
        format!("{bad}/no-reviews"),
        "warning",
        "the folder holds no review (*.txt or *.md)",
    ));
    expect.push(said(
        "no/such/review.txt",
        "warning",
        "no such file or folder",
    ));

    let dir_arg = dir.display().to_string();
    let args = [
        "claims",
        "--format",
        "jsonl",
        "tests/fixtures/bad/no-reviews",
        bad,
        &dir_arg,
        "no/such/review.txt",
        SEED,
    ];
    let (code, out, err) = run(&args);
    let (seed_code, seed_out, _) = run(&["claims", "--format", "jsonl", SEED]);
    std::fs::remove_dir_all(&dir).ok();

    assert_eq!(code, 0, "{err}");
    for s in &expect {
        let line = format!("concord: {}: {}: ", s.level, s.path);
        assert!(
            err.lines()
                .any(|l| l.starts_with(&line) && l.contains(s.says)),
            "stderr should say `{}` about {}:\n{err}",
            s.says,
            s.path
        );
    }
    // Nothing else is warned about: the seed and the good files are quiet.
    assert!(!err.contains(SEED), "{err}");
    assert!(!err.contains("concord: error"), "{err}");

    // The seed's claims are all there.
    assert_eq!(seed_code, 0);
    let lines: BTreeSet<&str> = out.lines().collect();
    let seed: Vec<&str> = seed_out.lines().collect();
    assert!(seed.len() > 10);
    for claim in &seed {
        assert!(lines.contains(claim), "missing seed claim {claim}");
    }

    // Every claim quotes the file's bytes at its span, as decoded.
    let claims: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a json claim"))
        .collect();
    for c in &claims {
        let source = c["source"].as_str().expect("source");
        if source.starts_with(&dir_arg) {
            continue;
        }
        let bytes = std::fs::read(root().join(source)).expect("the claim's file");
        let (s, e) = (
            c["span"][0].as_u64().unwrap(),
            c["span"][1].as_u64().unwrap(),
        );
        let quoted = concord::decode::as_read(&bytes[s as usize..e as usize]);
        assert_eq!(c["text"].as_str(), Some(quoted.as_str()), "{c}");
    }

    let of = |file: &str| -> Vec<&serde_json::Value> {
        claims
            .iter()
            .filter(|c| c["source"].as_str().is_some_and(|s| s.ends_with(file)))
            .collect()
    };
    // The claim at the end of the 4 MiB line.
    let long = of("long-line.txt");
    assert_eq!(long.len(), 1, "{long:?}");
    assert_eq!(long[0]["text"], "runs 97 minutes");
    assert!(long[0]["span"][0].as_u64().unwrap() > 4 << 20);
    // The HTML page: the text between tags, nothing from markup.
    let page = of("html-page.txt");
    let values: BTreeSet<&str> = page.iter().filter_map(|c| c["value"].as_str()).collect();
    assert_eq!(
        values,
        BTreeSet::from(["Michael Keaton", "R", "Tom McCarthy", "129"]),
        "{page:?}"
    );
    // Decoded files give their claims, accents and all.
    let latin = of("latin-1.txt");
    assert!(
        latin
            .iter()
            .any(|c| c["text"] == "directed by Pedro Almodóvar"),
        "{latin:?}"
    );
    let cp1252 = of("windows-1252.txt");
    assert!(
        cp1252.iter().any(|c| c["value"] == "Jean-Pierre Jeunet"),
        "{cp1252:?}"
    );
}

#[test]
fn a_missing_path_alone_exits_2_and_names_it() {
    let (code, out, err) = run(&["report", "no/such/folder"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("concord: warning: no/such/folder: no such file or folder"),
        "{err}"
    );
    assert!(
        err.contains("concord: error: no review could be read from no/such/folder"),
        "{err}"
    );
}

#[test]
fn a_folder_of_nothing_readable_exits_2() {
    let dir = temp_dir("unreadable");
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    std::fs::write(dir.join("binary.md"), b"\0\0\0").expect("write");
    std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).expect("symlink");
    let dir_arg = dir.display().to_string();
    let (code, out, err) = run(&["report", &dir_arg]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    for name in ["empty.txt", "binary.md", "loop.txt"] {
        assert!(err.contains(&format!("{dir_arg}/{name}: ")), "{err}");
    }
    assert!(
        err.contains("concord: error: no review could be read"),
        "{err}"
    );
}

#[test]
fn a_review_named_twice_is_read_once() {
    // The same file as two paths (spelt alike, and another way): one
    // review's claims, and a warning for the second name. A review must
    // not agree with itself.
    let file = crate::common::fixture_reviews()
        .into_iter()
        .find(|p| p.starts_with("tests/fixtures/films/never-let-me-go"))
        .expect("a seed review");
    let file = file.display().to_string();
    let other = format!("./{file}");
    let lines = |args: &[&str]| {
        let (code, out, err) = crate::common::concord(args);
        assert_eq!(code, 0, "{err}");
        (out.lines().count(), err)
    };
    let (once, _) = lines(&["claims", "--format", "jsonl", &file]);
    assert!(once > 0, "the review makes claims");
    let (twice, err) = lines(&["claims", "--format", "jsonl", &file, &file, &other]);
    assert_eq!(twice, once, "{err}");
    for name in [&file, &other] {
        let said = format!("{name}: the same file as {file}; read once");
        assert!(err.contains(&said), "stderr should say `{said}`:\n{err}");
    }
}

/// Runs the built binary with its standard output going to `stdout`.
fn run_to(args: &[&str], stdout: std::process::Stdio) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(root())
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("the concord binary runs")
}

/// Every command, each with an output small enough to sit in a buffer
/// until the end.
const COMMANDS: &[&[&str]] = &[
    &["claims", SEED],
    &["claims", "--format", "jsonl", SEED],
    &["report", SEED],
    &["report", "--format", "json", SEED],
    &["graph", SEED],
    &["entities", SEED],
    &[
        "check",
        "tests/fixtures/check/consistent.txt",
        "--against",
        SEED,
    ],
    &["rules", "check"],
    &["rules", "diff", "--old", "rules", SEED],
];

#[test]
fn a_full_disk_is_an_error_on_every_command() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in COMMANDS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let out = run_to(args, full.into());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("concord: error: cannot write the output: no space left on device"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // `concord ... | head`: the reader is gone before anything is written.
    for args in COMMANDS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
            .args(*args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the concord binary runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("it ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("error"), "{args:?}: {err}");
    }
}

/// Three copies of a seed review whose names differ only in bytes a lossy
/// display shows alike (`bad\xff.txt`, `bad\xfe.txt`, `bad\u{FFFD}.txt`).
fn lookalike_names(dir: &Path) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let names: [&[u8]; 3] = [b"bad\xff.txt", b"bad\xfe.txt", "bad\u{FFFD}.txt".as_bytes()];
    names
        .iter()
        .map(|n| {
            let path = dir.join(std::ffi::OsStr::from_bytes(n));
            std::fs::copy(root().join(SEED), &path).expect("copy");
            path
        })
        .collect()
}

#[test]
fn names_that_print_alike_stay_three_sources() {
    let dir = temp_dir("lookalike");
    lookalike_names(&dir);
    let dir_arg = dir.display().to_string();
    // The page reads each review's text again, from its file, not from
    // the name it shows.
    let (code, page, err) = run(&["report", "--format", "html", &dir_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains("bad\\xFE.txt"), "the page names the file");
    let (code, out, err) = run(&["report", "--format", "json", &dir_arg]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let sources: Vec<&str> = report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s.as_str().expect("a name"))
        .collect();
    assert_eq!(
        sources,
        [
            format!("{dir_arg}/bad\\xFE.txt"),
            format!("{dir_arg}/bad\\xFF.txt"),
            format!("{dir_arg}/bad\u{FFFD}.txt"),
        ]
    );
    // Three reviews agree on the runtime, not one with itself.
    let runtime = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["property"] == "runtime")
        .expect("a runtime finding");
    assert_eq!(runtime["verdict"], "agreement");
    assert_eq!(
        runtime["values"][0]["sources"].as_array().map(Vec::len),
        Some(3)
    );
    assert!(
        err.contains(&format!(
            "concord: note: {dir_arg}/bad\\xFF.txt: the file's name"
        )),
        "{err}"
    );
}

#[test]
fn a_plain_name_that_spells_an_escaped_one_is_not_a_second_source() {
    let dir = temp_dir("spelt");
    lookalike_names(&dir);
    // In plain letters, the name `bad\xFF.txt` shows for `bad<FF>.txt`.
    std::fs::copy(root().join(SEED), dir.join("bad\\xFF.txt")).expect("copy");
    let dir_arg = dir.display().to_string();
    let (code, out, err) = run(&["report", "--format", "json", &dir_arg]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let sources = report["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(
        err.contains("shows as the same name as another file"),
        "{err}"
    );
}

#[test]
fn a_name_on_stdin_that_is_no_utf8_costs_nothing() {
    use std::io::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("stdin-bytes");
    let odd = lookalike_names(&dir).remove(0);
    let mut list = Vec::new();
    list.extend_from_slice(odd.as_os_str().as_bytes());
    list.extend_from_slice(b"\n");
    list.extend_from_slice(b"tests/fixtures/films/never-let-me-go/000_c7136c75fb2da2a1.txt\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["report", "--format", "json", "-"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the concord binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&list)
        .expect("the list is written");
    let out = child.wait_with_output().expect("it ends");
    std::fs::remove_dir_all(&dir).ok();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        report["sources"].as_array().map(Vec::len),
        Some(2),
        "{report}"
    );
    assert!(err.contains("bad\\xFF.txt: the file's name"), "{err}");
}

#[test]
fn names_and_words_cannot_forge_markdown_or_drive_the_terminal() {
    let dir = temp_dir("inject");
    let name = "a\n# Injected|x\u{1b}[31m.txt";
    std::fs::copy(root().join(SEED), dir.join(name)).expect("copy");
    std::fs::write(
        dir.join("page.txt"),
        "<html><body><p>Never Let Me Go is directed by <b>Mark Romanek</b>, and it runs \
         103 minutes.</p></body></html>\n",
    )
    .expect("write");
    let dir_arg = dir.display().to_string();
    for args in [
        &["report", dir_arg.as_str()][..],
        &["claims", dir_arg.as_str()][..],
        &["entities", dir_arg.as_str()][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        for text in [&out, &err] {
            assert!(
                !text.contains('\u{1b}'),
                "{args:?}: an escape got out:\n{text}"
            );
            assert!(
                !text.lines().any(|l| l.starts_with("# Injected")),
                "{args:?}: a heading was forged:\n{text}"
            );
        }
        // Markup from the page is shown, not run; a pipe in a name does
        // not split a table cell.
        assert!(!out.replace("\\<", "").contains('<'), "{args:?}:\n{out}");
        for line in out.lines().filter(|l| l.contains("Injected")) {
            assert!(line.contains("Injected\\|x"), "{args:?}: {line}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn links_out_of_the_paths_given_are_not_followed_unless_asked() {
    use std::os::unix::fs::symlink;
    let outer = temp_dir("outside");
    std::fs::write(
        outer.join("secret.txt"),
        "The secret film runs 97 minutes. SECRET-MARKER\n",
    )
    .expect("write");
    std::fs::create_dir_all(outer.join("home")).expect("mkdir");
    std::fs::write(
        outer.join("home/notes.txt"),
        "Another film runs 98 minutes. HOME-MARKER\n",
    )
    .expect("write");
    let corpus = temp_dir("links");
    std::fs::copy(root().join(SEED), corpus.join("seed.txt")).expect("copy");
    symlink(outer.join("secret.txt"), corpus.join("leak.txt")).expect("symlink");
    symlink(outer.join("home"), corpus.join("dir")).expect("symlink");
    // A link that stays inside the corpus is followed.
    std::fs::create_dir_all(corpus.join("sub")).expect("mkdir");
    std::fs::write(corpus.join("sub/inner.txt"), "It runs 103 minutes.\n").expect("write");
    symlink(corpus.join("sub"), corpus.join("also")).expect("symlink");
    let corpus_arg = corpus.display().to_string();

    let (code, out, err) = run(&["report", "--format", "html", &corpus_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("SECRET-MARKER") && !out.contains("HOME-MARKER"));
    for link in ["leak.txt", "dir"] {
        let said = format!("concord: warning: {corpus_arg}/{link}: a symbolic link to ");
        assert!(err.contains(&said), "{err}");
    }
    assert!(err.contains("outside the paths given; skipped (--follow reads it)"));
    assert!(!err.contains("also"), "{err}");

    let (code, out, err) = run(&["report", "--follow", "--format", "html", &corpus_arg]);
    std::fs::remove_dir_all(&corpus).ok();
    std::fs::remove_dir_all(&outer).ok();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SECRET-MARKER") && out.contains("HOME-MARKER"));
}

#[test]
fn a_reference_is_read_with_the_care_given_to_reviews() {
    use std::process::Stdio;
    let dir = temp_dir("reference");
    let fifo = dir.join("fifo.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let huge = dir.join("huge.toml");
    std::fs::File::create(&huge)
        .expect("create")
        .set_len(64 << 20)
        .expect("set_len");
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"title = \"Am\xe9lie\"\n").expect("write");
    let mut cases = vec![
        (
            huge.display().to_string(),
            "the file is 64 MiB, larger than a reference can be (4 MiB)",
        ),
        (
            latin1.display().to_string(),
            "not UTF-8 text (byte 11); save it as UTF-8",
        ),
    ];
    if Path::new("/dev/zero").exists() {
        cases.push(("/dev/zero".into(), "not a regular file"));
    }
    if made {
        cases.push((fifo.display().to_string(), "not a regular file"));
    }
    for (path, says) in cases {
        // A FIFO nobody writes to would block a read forever: the run must
        // end by itself.
        let out = Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "check",
                "tests/fixtures/check/consistent.txt",
                "--against",
                SEED,
                "--reference",
                &path,
            ])
            .current_dir(root())
            .stdin(Stdio::null())
            .output()
            .expect("the concord binary runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path}: {err}");
        let said = format!("concord: error: {path}: cannot read the reference: {says}");
        assert!(err.contains(&said), "stderr should say `{said}`:\n{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_day_the_month_does_not_have_is_no_date() {
    // In a review: no claim of the impossible date; the possible one stays.
    let rules = crate::common::builtin();
    let review = |text: &str| {
        concord::read_claims(&concord::input::ReviewFile::new("r.txt", text), &rules)
            .claims
            .into_iter()
            .filter(|c| c.property == concord::model::Property::ReleaseDate)
            .map(|c| c.value.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        review("It premiered at the Telluride Film Festival on September 3, 2010."),
        ["2010-09-03"]
    );
    assert!(review("It premiered at the Telluride Film Festival on February 30, 2010.").is_empty());
    // In a reference: an error that names the file, the line and the fix.
    let dir = temp_dir("impossible-date");
    let reference = dir.join("reference.toml");
    std::fs::write(
        &reference,
        "title = \"Never Let Me Go\"\n[[release]]\ndate = \"2010-02-30\"\nevent = \"release\"\n",
    )
    .expect("write");
    let reference_arg = reference.display().to_string();
    let (code, _, err) = run(&[
        "check",
        "tests/fixtures/check/consistent.txt",
        "--against",
        SEED,
        "--reference",
        &reference_arg,
    ]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "{reference_arg}:2:1: `2010-02-30` is not a date; hint: write dates as"
        )),
        "{err}"
    );
}

#[test]
fn a_ligature_does_not_cut_a_name() {
    let rules = crate::common::builtin();
    let text = "Never Let Me Go is directed by Mark Ro\u{FB00}anek, a careful film.";
    let review = concord::read_claims(&concord::input::ReviewFile::new("r.txt", text), &rules);
    let director = review
        .claims
        .iter()
        .find(|c| c.property == concord::model::Property::Director)
        .expect("a director");
    assert_eq!(director.value.to_string(), "Mark Roffanek");
    // The quote is the reviewer's own bytes, ligature and all.
    assert_eq!(&*director.text, "directed by Mark Ro\u{FB00}anek");
    assert_eq!(
        &text[director.span.start..director.span.end],
        &*director.text
    );
}
