//! Turning a failure into a precise place and a hint a rule author can act
//! on. The TOML reader and the regex engine say *that* something is wrong;
//! these helpers say *where* in the rule file (down to the column inside a
//! pattern), *which* rule, and what was probably meant ("did you mean
//! `pattern`?").

use std::sync::LazyLock;

use regex::Regex;

use crate::error::Location;

/// The candidate closest to `word`, when one is close enough to be what the
/// author meant. Jaro-Winkler favours a shared start, which is how most
/// typos of field and property names look (`patern`, `runtim`, `qualifer`);
/// 0.8 accepts those and refuses unrelated words of similar length.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `did you mean `x`? ` or nothing, to start a hint.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or(String::new(), |c| format!("did you mean `{c}`? "))
}

/// The field a TOML error says is missing ("missing field `pattern`").
pub fn missing_field(message: &str) -> Option<&str> {
    let rest = &message[message.find("missing field `")? + "missing field `".len()..];
    Some(&rest[..rest.find('`')?])
}

/// The field and the expected fields of serde's "unknown field `x`,
/// expected one of `a`, `b`" (or "expected `a`").
pub fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect::<Vec<&str>>();
    Some((field, expected))
}

/// The id of the `[[rule]]` that holds byte `offset` of a rule file, read
/// from the text itself: a file whose TOML does not parse has no rules to
/// ask, but its author still wants to know which rule to look at.
pub fn rule_id_at(source: &str, offset: usize) -> Option<String> {
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^[ \t]*\[\[[ \t]*rule[ \t]*\]\]").expect("a valid pattern")
    });
    static ID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^[ \t]*id[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')"#)
            .expect("a valid pattern")
    });
    static NEXT_TABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^[ \t]*\[").expect("a valid pattern"));
    let start = HEADER
        .find_iter(source)
        .take_while(|m| m.start() <= offset)
        .last()?
        .end();
    // The rule's own keys run to the next table header (its examples or
    // the next rule).
    let end = NEXT_TABLE
        .find_at(source, start)
        .map_or(source.len(), |m| m.start());
    let caps = ID.captures(&source[start..end])?;
    caps.get(1)
        .or_else(|| caps.get(2))
        .map(|m| m.as_str().to_string())
}

/// Where the text of a TOML string value starts, given the span of the
/// whole value (quotes included), and whether its bytes are the string's
/// characters one for one (a literal string, or a basic string without
/// escapes), so an offset into the string is an offset into the file.
pub fn string_start(source: &str, span: std::ops::Range<usize>, value: &str) -> (usize, bool) {
    let literal = source.get(span.clone()).unwrap_or("");
    let (delimiter, escapes) = if literal.starts_with("'''") {
        (3, false)
    } else if literal.starts_with("\"\"\"") {
        (3, true)
    } else if literal.starts_with('\'') {
        (1, false)
    } else {
        (1, true)
    };
    let mut start = span.start + delimiter;
    // A newline right after an opening triple quote is not part of the
    // string.
    if delimiter == 3 {
        let rest = source.get(start..).unwrap_or("");
        if rest.starts_with("\r\n") {
            start += 2;
        } else if rest.starts_with('\n') {
            start += 1;
        }
    }
    let exact = !escapes || source.get(start..start + value.len()) == Some(value);
    (start, exact)
}

/// Where a pattern fails to parse, as a byte offset into the pattern as
/// written, and why, in the engine's own words ("unclosed group"). `None`
/// when the pattern parses as written: then the problem is in a lexicon
/// piece it uses, or in its size, and only the whole pattern can be blamed.
///
/// `{{name}}` uses are replaced by a group of the same length before
/// parsing, so offsets after them stay right.
pub fn regex_error_at(pattern: &str) -> Option<(usize, String)> {
    let mut placeholder = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find("{{") {
        placeholder.push_str(&rest[..open]);
        match rest[open..].find("}}") {
            Some(close) if close + 2 >= 5 => {
                let len = close + 2;
                placeholder.push_str("(?:");
                placeholder.push_str(&"x".repeat(len - 4));
                placeholder.push(')');
                rest = &rest[open + len..];
            }
            _ => {
                placeholder.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    placeholder.push_str(rest);
    let ast = match regex_syntax::ast::parse::Parser::new().parse(&placeholder) {
        Ok(ast) => ast,
        Err(e) => return Some((e.span().start.offset, e.kind().to_string())),
    };
    match regex_syntax::hir::translate::Translator::new().translate(&placeholder, &ast) {
        Ok(_) => None,
        Err(e) => Some((e.span().start.offset, e.kind().to_string())),
    }
}

/// Where and why a pattern written at `spanned` in `source` does not
/// compile: at the column of the mistake when the pattern as written shows
/// it, else at the pattern's start with the engine's last line of
/// explanation.
pub fn pattern_failure(
    file: &str,
    source: &str,
    spanned: &toml::Spanned<String>,
    engine: &regex::Error,
) -> (Location, String) {
    let pattern = spanned.get_ref();
    if let Some((at, why)) = regex_error_at(pattern) {
        let (start, exact) = string_start(source, spanned.span(), pattern);
        let offset = if exact {
            start + at
        } else {
            spanned.span().start
        };
        return (Location::at(file, source, offset), why);
    }
    let detail = engine.to_string();
    let last = detail.lines().last().unwrap_or("").trim();
    let why = last.strip_prefix("error: ").unwrap_or(last);
    (
        Location::at(file, source, spanned.span().start),
        why.trim_end_matches('.').to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["id", "property", "pattern", "value", "qualifiers"];
        assert_eq!(closest("patern", fields), Some("pattern"));
        assert_eq!(closest("qualifer", fields), Some("qualifiers"));
        assert_eq!(closest("zzz", fields), None);
    }

    #[test]
    fn finds_the_rule_around_an_offset() {
        let src = "[[rule]]\nid = \"a.one\"\nx = 1\n[[rule.examples]]\ntext = \"t\"\n\n[[rule]]\nid = 'b.two'\n";
        assert_eq!(rule_id_at(src, 20).as_deref(), Some("a.one"));
        let examples = src.find("text").unwrap();
        assert_eq!(rule_id_at(src, examples).as_deref(), Some("a.one"));
        assert_eq!(rule_id_at(src, src.len()).as_deref(), Some("b.two"));
        assert_eq!(rule_id_at("[lists]\nx = []\n", 5), None);
    }

    #[test]
    fn places_a_regex_error_in_the_pattern_as_written() {
        let (at, why) = regex_error_at(r"{{month}} (?P<value>\d+").unwrap();
        assert_eq!(at, 10);
        assert_eq!(why, "unclosed group");
        assert!(regex_error_at(r"{{month}} (?P<value>\d+)").is_none());
        let (at, _) = regex_error_at(r"a\p{Nope}").unwrap();
        assert_eq!(at, 1);
    }

    #[test]
    fn string_starts_skip_quotes_and_a_leading_newline() {
        let src = "p = '''\nab'''\nq = \"a\\\\b\"";
        let p = src.find("'''").unwrap();
        assert_eq!(string_start(src, p..p + 11, "ab"), (8, true));
        let q = src.find('"').unwrap();
        assert_eq!(string_start(src, q..src.len(), "a\\b"), (q + 1, false));
    }
}
