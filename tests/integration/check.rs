//! `concord check`: new reviews checked against the seeds, one per kind of
//! error, snapshotted in Markdown and JSON, and the labels the issue asks
//! for checked one by one.

use concord::check::{CheckReport, Checked, Label};

use crate::common::{builtin, concord, root, snapshot};

/// The review fixtures checked against the seeds, snapshotted.
pub const REVIEWS: &[&str] = &["consistent", "errors", "other-film"];

const SEEDS: &str = "tests/fixtures/films/never-let-me-go";
const REFERENCE: &str = "tests/fixtures/references/never-let-me-go.toml";

fn check(name: &str, reference: bool) -> CheckReport {
    let rules = builtin();
    let file =
        concord::input::read_review(&root().join(format!("tests/fixtures/check/{name}.txt")))
            .expect("fixture");
    let review = concord::read_claims(&file, &rules);
    let (corpus, _) = concord::read_corpus(&[SEEDS.into()], &rules);
    let reference = reference.then(|| {
        concord::reference::Reference::load(&root().join(REFERENCE), &rules.lexicon)
            .expect("the reference loads")
    });
    concord::check::check(&review, &corpus, reference.as_ref(), &rules.lexicon)
}

fn claim<'a>(r: &'a CheckReport, text: &str) -> &'a Checked {
    r.claims
        .iter()
        .find(|c| c.claim.text.contains(text))
        .unwrap_or_else(|| panic!("no checked claim quoting {text:?}"))
}

#[test]
fn check_of_every_review_fixture() {
    for name in REVIEWS {
        let path = format!("tests/fixtures/check/{name}.txt");
        let (code, md, err) = concord(&["check", &path, "--against", SEEDS]);
        assert!(code == 0 || code == 1, "{err}");
        let (_, json, _) = concord(&["check", &path, "--against", SEEDS, "--format", "json"]);
        let description = format!(
            "concord check of {path} against the seeds: refuted and conflicting claims as diagnostics, then supported and not enough info."
        );
        snapshot!(format!("check__{name}"), &description, md);
        snapshot!(format!("check__{name}__json"), &description, json);
    }
}

#[test]
fn a_wrong_runtime_is_refuted_with_both_runtime_claims_quoted() {
    let r = check("errors", false);
    let runtime = claim(&r, "runs 110 minutes");
    assert_eq!(runtime.label, Label::Refuted, "{}", runtime.explanation);
    let quoted: Vec<&str> = runtime.evidence.iter().map(|e| &*e.text).collect();
    assert_eq!(
        quoted,
        ["Run Time\n1 hour 43 minutes", "runs for 103 minutes"]
    );
    assert!(
        runtime.explanation.contains("2 reviews give 103"),
        "{}",
        runtime.explanation
    );
}

#[test]
fn a_misspelt_actor_is_refuted_with_a_suggestion() {
    let r = check("errors", false);
    let lucy = claim(&r, "Sally Hawkin");
    assert_eq!(lucy.label, Label::Refuted);
    assert_eq!(
        lucy.suggestion.as_deref(),
        Some("did you mean \"Sally Hawkins\" (2 reviews)?")
    );
}

#[test]
fn supported_not_enough_info_and_aliases() {
    let r = check("errors", false);
    assert_eq!(
        claim(&r, "Charlotte Rampling as Miss Emily").label,
        Label::Supported
    );
    // Tomy is Tommy, misspelt: refuted with a "did you mean", as an
    // actor's misspelt name is.
    let tomy = claim(&r, "Tomy (Andrew Garfield)");
    assert_eq!(tomy.label, Label::Refuted, "{}", tomy.explanation);
    assert_eq!(
        tomy.explanation,
        "the corpus spells the character \"Tommy\"; this review says Tomy"
    );
    assert_eq!(
        tomy.suggestion.as_deref(),
        Some("did you mean \"Tommy\" (4 reviews)?")
    );
    // A shorter form or a title is no misspelling: "Miss Lucy" is "Lucy".
    assert_eq!(claim(&r, "teacher Miss Lucy").suggestion, None);
    let certificate = claim(&r, "Certificate: 15");
    assert_eq!(certificate.label, Label::NotEnoughInfo, "another system");
    assert!(
        certificate.explanation.contains("R (MPAA)"),
        "{}",
        certificate.explanation
    );
    for wrong in [
        "directed by David Fincher",
        "story begins in 1979",
        "Ruth (Carey Mulligan)",
        "Kathy (Keira Knightley)",
    ] {
        assert_eq!(claim(&r, wrong).label, Label::Refuted, "{wrong}");
    }
}

#[test]
fn a_consistent_review_is_supported_throughout() {
    let r = check("consistent", false);
    assert_eq!(r.summary.refuted, 0);
    assert_eq!(r.summary.conflicting, 0);
    assert!(r.summary.supported >= 12, "{:?}", r.summary);
}

#[test]
fn a_review_of_another_film_is_said_to_be_so_first() {
    let r = check("other-film", false);
    let why = r.other_film.as_deref().expect("another film");
    assert!(why.contains("Denis Villeneuve"), "{why}");
    assert_eq!(r.summary.refuted, 0);
    // Said once: the claims do not each repeat the reason.
    for c in &r.claims {
        assert!(!c.explanation.contains("Villeneuve"), "{}", c.explanation);
    }
    let (code, md, _) = concord(&[
        "check",
        "tests/fixtures/check/other-film.txt",
        "--against",
        SEEDS,
    ]);
    assert_eq!(
        code, 1,
        "a review of another film fails the gate by default"
    );
    assert_eq!(
        md.matches("Denis Villeneuve, Eric Heisserer").count(),
        1,
        "{md}"
    );
    let warning = md.find("another film").expect("said");
    assert!(
        warning < md.find("## Not checked").expect("the claims"),
        "said first"
    );
}

/// `--fail-on` says what stops the gate; given, it replaces the default
/// (refuted and other-film).
#[test]
fn fail_on_chooses_what_makes_check_exit_1() {
    let errors = "tests/fixtures/check/errors.txt";
    let consistent = "tests/fixtures/check/consistent.txt";
    let other = "tests/fixtures/check/other-film.txt";
    for (review, fail_on, code) in [
        (errors, &[][..], 1),
        (errors, &["refuted"][..], 1),
        (errors, &["conflicting"][..], 0),
        (errors, &["not-enough-info"][..], 1),
        (errors, &["other-film"][..], 0),
        (other, &[][..], 1),
        (other, &["refuted"][..], 0),
        (other, &["other-film"][..], 1),
        (consistent, &[][..], 0),
        (consistent, &["refuted", "conflicting", "other-film"][..], 0),
    ] {
        let mut args = vec!["check", review, "--against", SEEDS];
        for f in fail_on {
            args.extend(["--fail-on", f]);
        }
        let (got, _, err) = concord(&args);
        assert_eq!(got, code, "check {args:?}: {err}");
    }
    // The corpus that disagrees with itself: a claim on the setting.
    let divided = "tests/fixtures/check/divided.txt";
    let (got, _, err) = concord(&[
        "check",
        divided,
        "--against",
        SEEDS,
        "--fail-on",
        "conflicting",
    ]);
    assert_eq!(got, 1, "{err}");
    let (got, _, err) = concord(&["check", divided, "--against", SEEDS]);
    assert_eq!(got, 0, "{err}");
}

#[test]
fn the_reference_outranks_the_corpus() {
    let r = check("errors", true);
    // The reference gives a BBFC 15: the certificate is now supported.
    let certificate = claim(&r, "Certificate: 15");
    assert_eq!(
        certificate.label,
        Label::Supported,
        "{}",
        certificate.explanation
    );
    assert!(certificate.evidence.iter().any(|e| e.reference));
    let runtime = claim(&r, "runs 110 minutes");
    assert_eq!(runtime.label, Label::Refuted);
    assert!(
        runtime.explanation.starts_with("the reference gives 103"),
        "{}",
        runtime.explanation
    );
}

#[test]
fn exit_1_when_a_claim_is_refuted() {
    let errors = "tests/fixtures/check/errors.txt";
    let consistent = "tests/fixtures/check/consistent.txt";
    for (args, code) in [
        (vec![errors, "--against", SEEDS], 1),
        (vec![consistent, "--against", SEEDS], 0),
        (
            vec![consistent, "--against", SEEDS, "--reference", REFERENCE],
            0,
        ),
    ] {
        let (got, _, err) = concord(&[&["check"], args.as_slice()].concat());
        assert_eq!(got, code, "check {args:?}: {err}");
    }
}

/// A review read as Windows-1252 is shown decoded; its claims' spans are
/// file offsets that may fall inside a decoded character. No panic.
#[test]
fn a_windows_1252_review_is_checked_without_panicking() {
    let dir = std::env::temp_dir().join(format!("concord-check-1252-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let review = dir.join("review.txt");
    // "é" and "’" are one byte each in Windows-1252, two and three in UTF-8.
    std::fs::write(
        &review,
        b"Caf\xe9 society \x92 and more caf\xe9s. It runs for 110 minutes and is rated R.\n",
    )
    .expect("write");
    let path = review.display().to_string();
    let (code, md, err) = concord(&["check", &path, "--against", SEEDS]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1, "{err}");
    assert!(md.contains("runtime = 110"), "{md}");
}

#[test]
fn a_second_actor_for_a_part_is_refuted_only_when_they_play_another() {
    let rules = builtin();
    let (corpus, _) = concord::read_corpus(&[SEEDS.into()], &rules);
    let label = |text: &str, actor: &str| {
        let review =
            concord::read_claims(&concord::input::ReviewFile::new("new.txt", text), &rules);
        let report = concord::check::check(&review, &corpus, None, &rules.lexicon);
        report
            .claims
            .iter()
            .find(|c| c.claim.value.to_string() == actor)
            .map(|c| c.label)
    };
    // A child actor the seeds give no part: perhaps a younger self.
    assert_eq!(
        label("As children, Tommy (Lyle Horn) hides.", "Lyle Horn"),
        Some(Label::NotEnoughInfo)
    );
    // An actor the seeds give another part (Ruth): wrong.
    assert_eq!(
        label(
            "As children, Tommy (Keira Knightley) hides.",
            "Keira Knightley"
        ),
        Some(Label::Refuted)
    );
}

/// `--against` takes one path and may repeat, so the review may come
/// before or after it: the usage line's order and the other give the same
/// bytes.
#[test]
fn against_takes_one_path_so_either_order_works() {
    let errors = "tests/fixtures/check/errors.txt";
    let after = concord(&["check", errors, "--against", SEEDS]);
    let before = concord(&["check", "--against", SEEDS, errors]);
    assert_eq!(after.0, 1, "{}", after.2);
    assert_eq!(before, after, "the review after --against DIR");
    // Repeated: two folders (here the seeds split by file) are one corpus.
    let (code, _, err) = concord(&[
        "check",
        "--against",
        &format!("{SEEDS}/000_c7136c75fb2da2a1.txt"),
        "--against",
        &format!("{SEEDS}/001_600c8e076024e551.txt"),
        errors,
    ]);
    assert_eq!(code, 1, "{err}");
}
