//! The HTML report: a snapshot of the seeds' page, every finding of the
//! report on it with its quotes, the grid's marks, each review's text kept
//! whole under its highlights, and every review word escaped. That it shows
//! in a real browser is checked by `tests/browser/run.sh`.

use concord::render::grid::{Mark, grid};
use concord::render::report::Report;

use crate::common::{builtin, concord, snapshot};
use crate::report::CORPORA;

/// The corpora whose page is snapshotted.
pub const HTML_CORPORA: &[&str] = &["never-let-me-go"];

fn html_of(path: &str) -> String {
    let (code, html, err) = concord(&["report", "--format", "html", path]);
    assert_eq!(code, 0, "{err}");
    html
}

fn report_of(corpus: &str) -> Report {
    let rules = builtin();
    let (reviews, problems) =
        concord::read_corpus(&[format!("tests/fixtures/films/{corpus}").into()], &rules);
    assert!(problems.is_empty(), "{problems:?}");
    // The page shows each disagreement as one finding.
    concord::disagreement::joined(&concord::report(&reviews, &rules))
}

/// Text as the page's template escapes it (askama's HTML escaper).
fn escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn unescape(s: &str) -> String {
    s.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#38;", "&")
}

/// The element that starts with `open` (up to the first `close` after it).
fn element<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in the page"));
    let end = html[start..]
        .find(close)
        .unwrap_or_else(|| panic!("{open} is not closed"));
    &html[start..start + end + close.len()]
}

/// The README's screenshot (docs/report.png) is of the page as it is now:
/// its hash file holds the hash of the page it was taken of, which
/// `tests/browser/run.sh --update` writes with the screenshot. A rule or
/// layout change that moves the seeds' page fails here, not only in the
/// browser test (which needs Chromium).
#[test]
fn the_readme_screenshot_is_of_the_current_page() {
    use sha2::Digest;
    let html = html_of("tests/fixtures/films/never-let-me-go");
    let hash: String = sha2::Sha256::digest(html.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let recorded = std::fs::read_to_string("docs/report.png.sha256").unwrap_or_default();
    assert_eq!(
        recorded.trim(),
        hash,
        "docs/report.png was taken of an older page: run tests/browser/run.sh --update \
         (it needs Chromium) and commit docs/"
    );
}

#[test]
fn html_report_of_the_seeds() {
    for corpus in HTML_CORPORA {
        let html = html_of(&format!("tests/fixtures/films/{corpus}"));
        snapshot!(
            format!("report__{corpus}__html"),
            format!(
                "The HTML report of tests/fixtures/films/{corpus}: header, fact x review grid, findings with quotes, each review's text with its claims highlighted."
            ),
            html
        );
    }
}

#[test]
fn the_page_shows_every_finding_with_its_quotes() {
    for corpus in CORPORA {
        let report = report_of(corpus);
        let html = html_of(&format!("tests/fixtures/films/{corpus}"));
        assert_eq!(
            html.matches("<tr data-verdict=").count(),
            report.findings.len(),
            "{corpus}: a grid row per finding"
        );
        for (i, f) in report.findings.iter().enumerate() {
            let finding = element(&html, &format!("id=\"f{}\"", i + 1), "</details>");
            let fact = concord::render::report::fact(f);
            assert!(
                finding.contains(&escape(&fact)),
                "{corpus}: finding {fact} not on the page"
            );
            assert!(finding.contains(&format!("data-verdict=\"{}\"", f.verdict.as_str())));
            for q in f.values.iter().flat_map(|v| &v.quotes) {
                let said = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
                let file = q.source.rsplit('/').next().unwrap_or(&q.source);
                assert!(
                    finding.contains(&escape(&said)),
                    "{corpus}: {fact}: quote {said:?} missing"
                );
                assert!(
                    finding.contains(&format!("{file}:{}", q.line)),
                    "{corpus}: {fact}: place {file}:{} missing",
                    q.line
                );
            }
        }
    }
}

#[test]
fn the_natalie_nathalie_variant_is_open_with_both_quotes() {
    let html = html_of("tests/fixtures/films/never-let-me-go");
    let start = html
        .find("cast of Madame Mary Claude</span>")
        .expect("the Madame finding");
    let open = html[..start].rfind("<details").expect("in a details");
    let finding = element(&html[open..], "<details", "</details>");
    assert!(finding.contains("data-verdict=\"variant\""), "{finding}");
    assert!(finding.contains(" open>"), "variants are open: {finding}");
    for said in [
        "000_c7136c75fb2da2a1.txt:19</a> <q>Madame Mary Claude (Natalie Richard)</q>",
        "003_5759981610da674e.txt:23</a> <q>Madame (played by Nathalie Richard)</q>",
    ] {
        assert!(finding.contains(said), "{said} not in {finding}");
    }
}

fn marks(report: &Report, property: &str, subject: Option<&str>) -> Vec<Mark> {
    let rules = builtin();
    let rows = grid(report, &rules.lexicon);
    let i = report
        .findings
        .iter()
        .position(|f| f.property.as_str() == property && f.subject.as_deref() == subject)
        .unwrap_or_else(|| panic!("no finding {property} {subject:?}"));
    rows[i].cells.iter().map(|c| c.mark).collect()
}

#[test]
fn the_grid_marks_each_review_by_its_side() {
    use Mark::*;
    let seeds = report_of("never-let-me-go");
    // One review each way: no majority spelling.
    assert_eq!(
        marks(&seeds, "cast", Some("Madame Mary Claude")),
        [Variant, Silent, Silent, Variant, Silent]
    );
    // "Knightly" in one review; "Knightley" alone is a short form.
    assert_eq!(
        marks(&seeds, "cast", Some("Ruth")),
        [Agrees, Agrees, Variant, Agrees, Agrees]
    );
    assert_eq!(
        marks(&seeds, "release_date", None)
            .iter()
            .filter(|m| **m == Compatible)
            .count(),
        2
    );

    let lighthouse = report_of("the-lighthouse-keepers");
    assert_eq!(
        marks(&lighthouse, "runtime", None),
        [Agrees, Agrees, Agrees, Contradicts]
    );
    // 1961 against 1963, one review each: nobody has the majority.
    assert_eq!(
        marks(&lighthouse, "story_year", Some("a later part")),
        [Silent, Contradicts, Silent, Contradicts]
    );
    // "Mariane Holt" is a misspelling; "Holt" alone is a short form.
    assert_eq!(
        marks(&lighthouse, "cast", Some("Agnes Varga")),
        [Agrees, Variant, Agrees, Agrees]
    );
}

/// The review text of the page for `anchor`, tags removed and unescaped.
fn review_text(html: &str, anchor: &str) -> String {
    let review = element(
        html,
        &format!("<details class=\"review\" id=\"{anchor}\""),
        "</details>",
    );
    let text = element(review, "<div class=\"review-text\">", "</div>");
    let text = &text["<div class=\"review-text\">".len()..text.len() - "</div>".len()];
    let without_tags = regex::Regex::new(r"<sup[^>]*>[^<]*</sup>|<[^>]*>").expect("regex");
    unescape(&without_tags.replace_all(text, ""))
}

#[test]
fn each_review_text_is_whole_under_its_highlights() {
    for corpus in CORPORA {
        let html = html_of(&format!("tests/fixtures/films/{corpus}"));
        let (files, _) = concord::read_files(&[format!("tests/fixtures/films/{corpus}").into()]);
        for (i, file) in files.iter().enumerate() {
            assert_eq!(
                review_text(&html, &format!("review-{}", i + 1)),
                file.text,
                "{}",
                file.source
            );
        }
    }
}

#[test]
fn review_words_are_escaped_and_spans_inside_characters_do_not_panic() {
    let dir = std::env::temp_dir().join(format!("concord-html-escape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("a.txt"),
        "<script>alert(\"boom\")</script>\nThe film, directed by Sinéad O'Brien, runs for 103 minutes & feels <b>long</b>.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("b.txt"),
        "Directed by Sinéad O'Brien, it runs 1 hour 50 minutes. Ruth (Zoë Kravitz) stars.\n",
    )
    .expect("write");
    let html = html_of(&dir.display().to_string());
    let texts: Vec<String> = ["a.txt", "b.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).expect("read"))
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    assert!(!html.contains("<script>alert"), "review text unescaped");
    assert!(!html.contains("<b>long"), "review text unescaped");
    assert!(html.contains("alert("), "the words are still shown");
    assert!(html.contains("Sinéad O&#39;Brien"));
    for (i, text) in texts.iter().enumerate() {
        assert_eq!(&review_text(&html, &format!("review-{}", i + 1)), text);
    }

    // Spans that cut a character, run past the end or overlap: the
    // library widens them instead of panicking.
    let rules = builtin();
    let file = concord::input::ReviewFile::new(
        "z.txt",
        "Ruth (Zoë Kravitz) stars; it runs for 103 minutes.",
    );
    let mut review = concord::read_claims(&file, &rules);
    assert!(!review.claims.is_empty());
    let mut odd = review.claims[0].clone();
    odd.id = "z.txt#99".into();
    odd.span = concord::model::Span { start: 9, end: 999 };
    review.claims.push(odd);
    let report = concord::report(std::slice::from_ref(&review), &rules);
    let mut out = Vec::new();
    concord::render::html::page(
        &report,
        &[concord::render::html::ReviewText::new(&file, &review)],
        &rules.lexicon,
        &mut out,
    )
    .expect("render");
    let page = String::from_utf8(out).expect("utf-8");
    assert_eq!(review_text(&page, "review-1"), file.text);
}

#[test]
fn the_page_fetches_nothing_and_is_the_same_every_run() {
    let a = html_of("tests/fixtures/films/the-lighthouse-keepers");
    let b = html_of("tests/fixtures/films/the-lighthouse-keepers");
    assert_eq!(a, b);
    for needle in [
        "http://", "https://", "src=", "<link", "@import", "url(", "<iframe", "<img",
    ] {
        assert!(!a.contains(needle), "the page may fetch: {needle}");
    }
    assert_eq!(a.matches("<script>").count(), 1, "one inline script");
    assert_eq!(a.matches("<style>").count(), 1, "one inline style sheet");
}
