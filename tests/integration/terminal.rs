//! Output on a terminal: `check` prints diagnostics as a compiler does and
//! `report` a summary, coloured under `--color auto|always|never` and
//! `NO_COLOR`; through a pipe, or with `--format md`, the Markdown of the
//! snapshots, byte for byte. Each subcommand's help shows an example, and
//! `--format`'s help says what each format is.

use concord::cli::{ColorChoice, Terminal, main_with};

use crate::common::{concord, snapshot};

const SEEDS: &str = "tests/fixtures/films/never-let-me-go";
const ERRORS: &str = "tests/fixtures/check/errors.txt";

/// `concord ARGS` with output connected to `terminal`: (code, stdout).
fn on(terminal: Terminal, args: &[&str]) -> (u8, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = main_with(
        std::iter::once("concord").chain(args.iter().copied()),
        &mut out,
        &mut err,
        terminal,
    );
    (code, String::from_utf8(out).expect("utf-8"))
}

const TTY: Terminal = Terminal {
    stdout: true,
    no_color: false,
};
const TTY_NO_COLOR: Terminal = Terminal {
    stdout: true,
    no_color: true,
};
const PIPE: Terminal = Terminal {
    stdout: false,
    no_color: false,
};

fn coloured(s: &str) -> bool {
    s.contains("\x1b[")
}

#[test]
fn check_on_a_terminal_prints_coloured_diagnostics_without_markdown() {
    let (code, out) = on(TTY, &["check", ERRORS, "--against", SEEDS]);
    assert_eq!(code, 1);
    assert!(coloured(&out), "{out}");
    assert!(
        !out.contains("```") && !out.contains("# Fact-check"),
        "{out}"
    );
    // The same words without colour: NO_COLOR, or --color never.
    let (_, plain) = on(TTY_NO_COLOR, &["check", ERRORS, "--against", SEEDS]);
    assert!(!coloured(&plain), "{plain}");
    let (_, never) = on(
        TTY,
        &["--color", "never", "check", ERRORS, "--against", SEEDS],
    );
    assert_eq!(plain, never);
    snapshot!(
        "check__errors__term",
        "concord check of tests/fixtures/check/errors.txt on a terminal, without colour: diagnostics as a compiler prints them, then a line per other claim and the summary.",
        plain
    );
}

#[test]
fn report_on_a_terminal_prints_a_coloured_summary() {
    let (code, out) = on(TTY, &["report", SEEDS]);
    assert_eq!(code, 0);
    assert!(coloured(&out), "{out}");
    assert!(!out.contains("# Consistency report"), "{out}");
    let (_, plain) = on(TTY_NO_COLOR, &["report", SEEDS]);
    assert!(!coloured(&plain));
    snapshot!(
        "report__never-let-me-go__term",
        "concord report of the seeds on a terminal, without colour: the counts, each contradiction and variant with its quotes, the compatible findings a line each.",
        plain
    );
}

/// Through a pipe, or with --format md on a terminal, the Markdown as it
/// always was; --color always through a pipe asks for the terminal's.
#[test]
fn a_pipe_or_format_md_gives_plain_markdown() {
    for args in [
        vec!["check", ERRORS, "--against", SEEDS],
        vec!["report", SEEDS],
    ] {
        let (_, piped) = on(PIPE, &args);
        let md = [args.clone(), vec!["--format", "md"]].concat();
        let (_, md_on_tty) = on(TTY, &md);
        assert_eq!(piped, md_on_tty, "{args:?}");
        assert_eq!(piped, concord(&args).1, "{args:?}");
        assert!(piped.starts_with("# "), "Markdown: {piped}");
        assert!(!coloured(&piped));
        let always = [vec!["--color", "always"], args.clone()].concat();
        let (_, forced) = on(PIPE, &always);
        assert!(coloured(&forced), "{args:?}");
    }
}

#[test]
fn colour_follows_the_choice_the_terminal_and_no_color() {
    for (terminal, choice, on) in [
        (TTY, ColorChoice::Auto, true),
        (TTY_NO_COLOR, ColorChoice::Auto, false),
        (PIPE, ColorChoice::Auto, false),
        (PIPE, ColorChoice::Always, true),
        (TTY_NO_COLOR, ColorChoice::Always, true),
        (TTY, ColorChoice::Never, false),
    ] {
        assert_eq!(terminal.colors(choice).on, on, "{terminal:?} {choice:?}");
    }
}

#[test]
fn every_subcommand_help_shows_an_example_and_formats_say_what_they_are() {
    for cmd in [
        &["claims"][..],
        &["report"],
        &["check"],
        &["graph"],
        &["entities"],
        &["eval"],
        &["rules", "check"],
        &["rules", "diff"],
    ] {
        let (code, help, _) = concord(&[cmd, &["--help"]].concat());
        assert_eq!(code, 0, "{cmd:?}");
        let example =
            help.contains("Example:\n  concord ") || help.contains("Examples:\n  concord ");
        assert!(example, "{cmd:?}:\n{help}");
    }
    let (_, help, _) = concord(&["check", "--help"]);
    for format in [
        "term: For a terminal",
        "md:   Markdown",
        "json: JSON for programs",
    ] {
        assert!(help.contains(format), "{format} in\n{help}");
    }
    let (_, help, _) = concord(&["report", "--help"]);
    assert!(help.contains("html: One self-contained page"), "{help}");
    assert!(help.contains("--color <WHEN>"), "{help}");
}
