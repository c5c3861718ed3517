#!/usr/bin/env bash
# `concord eval` must count as the reference scorer counts: for every film
# of the development corpus, the seeds and the fact-check labels, runs
# tests/fixtures/dev/score.py (claims, report, check) and `concord eval
# --format json` on the same binary, and fails on any figure that differs,
# and on any claim missed or wrong, finding right or wrong, unexpected
# flag, or label right or wrong that one counts and the other does not.
#
# usage: tests/eval/compare_with_score_py.sh [BIN]   (default: target/release/concord)
# Needs python3 (3.11 or newer, for tomllib); says so and skips without it.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=${1:-target/release/concord}
if ! python3 -c 'import tomllib' >/dev/null 2>&1; then
    echo "python3 3.11+ is missing: skipping the comparison with score.py"
    exit 0
fi
if [ ! -x "$bin" ]; then
    echo "no binary at $bin: build it (cargo build --release) or name it" >&2
    exit 2
fi

python3 - "$bin" <<'PY'
import json, re, subprocess, sys

BIN = sys.argv[1]
DEV = "tests/fixtures/dev"
SCORE = f"{DEV}/score.py"
FILMS = ["an-education", "atonement", "boyhood", "brokeback-mountain", "never-let-me-go",
         "pans-labyrinth", "slumdog-millionaire", "the-godfather", "the-reader", "toy-story"]
CORPORA = [(f, f"{DEV}/reviews/{f}", f"{DEV}/gold/{f}.toml") for f in FILMS]
CORPORA.append(("seeds", "tests/fixtures/films/never-let-me-go", f"{DEV}/gold/seeds.toml"))


def score(*args):
    out = subprocess.run(["python3", SCORE, *args], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def concord(*args):
    out = subprocess.run([BIN, "eval", *args, "--format", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"concord eval {' '.join(args)} exited {out.returncode}: {out.stderr}")
    doc = json.loads(out.stdout)
    assert doc["schema"] == "concord.eval/1", doc.get("schema")
    return doc


def counts(r):
    return f"{r['hit']}/{r['total']}"


def base(path):
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


problems = []
rows = []


def differ(name, what, theirs, ours):
    if theirs != ours:
        problems.append(f"{name}: {what}: score.py {theirs}, concord eval {ours}")


for name, corpus, gold in CORPORA:
    doc = concord(corpus, "--gold", gold)["corpus"]
    claims, findings = doc["claims"], doc["findings"]

    lines = score("claims", BIN, corpus, gold)
    m = re.fullmatch(r"claims: recall [\d.]+ \((\d+/\d+)\), core recall [\d.]+ \((\d+/\d+)\), "
                     r"core precision [\d.]+ \((\d+/\d+)\)", lines[-1])
    if not m:
        sys.exit(f"{name}: cannot read score.py's last line: {lines[-1]!r}")
    ours = [counts(claims[k]) for k in ("recall", "core_recall", "core_precision")]
    for what, theirs, mine in zip(("recall", "core recall", "core precision"), m.groups(), ours):
        differ(name, what, theirs, mine)
    missed = sorted(l.strip() for l in lines if l.startswith("  MISSED"))
    our_missed = sorted(f"MISSED  {g['source']} {g['property']} {g['subject'] or ''} = {g['value']}"
                        for g in claims["missed"])
    differ(name, "claims missed", missed, our_missed)
    wrong = sorted(l.split("  <- ")[0].strip() for l in lines if l.startswith("  WRONG?"))
    our_wrong = sorted(f"WRONG?  {c['source']} {c['property']} {c['subject']} = {c['value']}"
                       for c in claims["wrong"])
    differ(name, "claims wrong", wrong, our_wrong)

    lines = score("report", BIN, corpus, gold)
    m = re.fullmatch(r"findings: (\d+/\d+) gold findings right, (\d+) other flags \(review by hand\)",
                     lines[-1])
    if not m:
        sys.exit(f"{name}: cannot read score.py's last line: {lines[-1]!r}")
    differ(name, "findings right", m.group(1), counts(findings["right"]))
    differ(name, "unexpected flags", int(m.group(2)), findings["unexpected_flags"])
    verdicts = sorted(re.match(r"  (ok  |FAIL) (\S+) ", l).group(1, 2) for l in lines
                      if re.match(r"  (ok  |FAIL) ", l))
    our_verdicts = sorted(("ok  " if g["ok"] else "FAIL", g["id"]) for g in findings["gold"])
    differ(name, "gold findings ok/FAIL", verdicts, our_verdicts)
    differ(name, "gold findings listed", len(verdicts), findings["right"]["total"])
    alarms = sorted(l.strip().split(" ", 3)[1:3] for l in lines if l.startswith("  ALARM?"))
    our_alarms = sorted([f["verdict"], f["property"]] for f in findings["unexpected"])
    differ(name, "unexpected flags (verdict, property)", alarms, our_alarms)
    rows.append((name, ours, counts(findings["right"]), findings["unexpected_flags"]))

reviews = f"{DEV}/reviews"
seeds = "tests/fixtures/films/never-let-me-go"
check_gold = f"{DEV}/gold/check.toml"
lines = score("check", BIN, seeds, check_gold, reviews)
doc = concord("--check", check_gold, "--reviews", reviews, "--against", seeds)["check"]
m = re.fullmatch(r"check: (\d+/\d+) labels right", lines[-1])
if not m:
    sys.exit(f"check: cannot read score.py's last line: {lines[-1]!r}")
differ("check", "labels right", m.group(1), counts(doc["right"]))
labels = sorted(l.strip() for l in lines if re.match(r"  (ok  |FAIL) ", l))
our_labels = sorted(
    f"{'ok  ' if l['ok'] else 'FAIL'} {l['review']} {l['property']} {l['subject'] or ''} "
    f"{l['value']}: want {l['want']}, got {l['got']}" for l in doc["labels"])
differ("check", "labels ok/FAIL", labels, our_labels)
differ("check", "labels listed", len(labels), doc["right"]["total"])

print(f"{'corpus':<20} {'recall':>8} {'core rec':>8} {'core prec':>9} {'findings':>8} {'flags':>5}")
for name, (r, cr, cp), f, a in rows:
    print(f"{name:<20} {r:>8} {cr:>8} {cp:>9} {f:>8} {a:>5}")
print(f"{'check labels':<20} {counts(doc['right']):>8}")
if problems:
    print("\nconcord eval and score.py differ:", file=sys.stderr)
    for p in problems:
        print(f"  {p}", file=sys.stderr)
    sys.exit(1)
print("concord eval and score.py agree on every figure and every item")
PY
