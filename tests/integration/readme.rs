//! The README's examples are outputs of real commands: every `concord ...`
//! command in a `sh` block that is followed at once by a `text` block is
//! run as a newcomer's terminal runs it (without colour), and its output
//! must hold that block, line for line. An example that goes stale fails
//! here.

use concord::cli::{Terminal, main_with};

use crate::common::root;

/// Each command of the README with the output shown after it.
fn examples(readme: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // The block opened at `from` (after its fence line): its lines and the
    // line after its closing fence.
    let block = |from: usize| -> (Vec<&str>, usize) {
        let mut end = from;
        while end < lines.len() && lines[end] != "```" {
            end += 1;
        }
        (lines[from..end].to_vec(), end + 1)
    };
    while i < lines.len() {
        if lines[i] != "```sh" {
            i += 1;
            continue;
        }
        let (command, next) = block(i + 1);
        i = next;
        let mut j = next;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if let ([command], Some(&"```text")) = (command.as_slice(), lines.get(j))
            && command.starts_with("concord ")
        {
            let (shown, after) = block(j + 1);
            out.push((command.to_string(), shown.join("\n")));
            i = after;
        }
    }
    out
}

#[test]
fn the_readme_commands_print_the_outputs_it_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 3,
        "the README's command/output pairs were not found: {examples:?}"
    );
    let newcomer = Terminal {
        stdout: true,
        no_color: true,
    };
    for (command, shown) in examples {
        let args: Vec<&str> = command.split_whitespace().collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = main_with(args.iter().copied(), &mut out, &mut err, newcomer);
        let out = String::from_utf8(out).expect("utf-8");
        assert!(
            code <= 1,
            "{command}: exit {code}: {}",
            String::from_utf8_lossy(&err)
        );
        assert!(
            out.contains(&shown),
            "the README shows, after `{command}`:\n{shown}\n\nbut it prints:\n{out}"
        );
    }
}
