#!/usr/bin/env bash
# The HTML report in a real browser. Renders the seeds' report
# (tests/fixtures/films/never-let-me-go), then with headless Chromium:
#   - dumps the DOM of tests/browser/check.html, which loads the report in a
#     1280x900 frame and checks what a person would see (the grid on the
#     first screen and within the width, also with ten reviews; the
#     Natalie/Nathalie variant open with both quotes; colours with icons;
#     the filters at work; a narrow window; no fetches);
#   - takes a screenshot (target/browser/report.png) and prints the page to
#     PDF (target/browser/report.pdf);
#   - checks that docs/report.png, the README's screenshot, was taken of
#     the current page (docs/report.png.sha256 is the page's hash).
# Without Chromium it skips (exit 0) on a developer's machine, and fails
# (exit 1) when CI runs (CI=true): CI must not pass without its browser
# test. `.ci/run` installs Debian's `chromium` when it can.
#
#   tests/browser/run.sh            run the checks
#   tests/browser/run.sh --update   also refresh docs/report.png and its hash
set -euo pipefail
# Bash alone finds the project's root (no dirname): the check for a
# browser below must run even where PATH holds nothing else.
case "$0" in
  */*) cd "${0%/*}/../.." ;;
  *) cd ../.. ;;
esac

update=false
case "${1:-}" in
  --update) update=true ;;
  "") ;;
  *) echo "usage: tests/browser/run.sh [--update]" >&2; exit 2 ;;
esac

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "browser test: FAILED: no Chromium found, and CI must run this test; install Debian's package (apt-get install -y chromium)"
    exit 1
  fi
  echo "browser test: SKIPPED: no Chromium found; install Debian's package (apt-get install -y chromium) to run it (CI=true makes this a failure)"
  exit 0
fi
echo "browser test: $("$browser" --version 2>/dev/null | grep -v '^\[' | head -n 1)"

out=target/browser
mkdir -p "$out"
cargo run --quiet -- report tests/fixtures/films/never-let-me-go --format html > "$out/report.html"
cargo run --quiet -- report tests/fixtures/films/never-let-me-go --format json > "$out/report.json"
cargo run --quiet -- report tests/fixtures/films/never-let-me-go tests/fixtures/films/the-lighthouse-keepers \
  tests/fixtures/styles/argo-trap.txt --format html > "$out/ten.html"
cp tests/browser/check.html "$out/check.html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --allow-file-access-from-files
  --virtual-time-budget=5000)
page="file://$PWD/$out"

"$browser" "${flags[@]}" --dump-dom "$page/check.html" > "$out/check.dom.html" 2> "$out/chromium.log"
"$browser" "${flags[@]}" --window-size=1280,900 --hide-scrollbars \
  --screenshot="$out/report.png" "$page/report.html" >> "$out/chromium.log" 2>&1
"$browser" "${flags[@]}" --no-pdf-header-footer \
  --print-to-pdf="$out/report.pdf" "$page/report.html" >> "$out/chromium.log" 2>&1

passed=0
failed=0
pass() { echo "  ok: $1"; passed=$((passed + 1)); }
fail() { echo "  FAILED: $1"; failed=$((failed + 1)); }

# The checks the page ran in the browser.
results="$(sed -n '/<pre id="result">/,/<\/pre>/p' "$out/check.dom.html" | sed 's/<[^>]*>//g')"
if ! grep -q '^PASS \|^FAIL ' <<< "$results"; then
  fail "the in-browser checks did not run (see $out/check.dom.html and $out/chromium.log)"
fi
while IFS= read -r line; do
  case "$line" in
    PASS\ *) pass "${line#PASS }" ;;
    FAIL\ *) fail "${line#FAIL }" ;;
  esac
done <<< "$results"

# What the browser counted against what the report holds.
count() { grep "^COUNT $1 " <<< "$results" | awk '{print $3}'; }
# The JSON has a finding per fact; the page shows each disagreement (the
# findings sharing a "disagreement" number) as one.
per_fact="$(grep -c '"verdict":' "$out/report.json" || true)"
numbered="$(grep -c '"disagreement":' "$out/report.json" || true)"
disagreements="$(grep -o '"disagreement": [0-9]*' "$out/report.json" | sort -u | wc -l)"
findings=$((per_fact - numbered + disagreements))
[ "$(count rows)" = "$findings" ] && pass "a grid row per finding ($findings)" \
  || fail "grid rows: $(count rows), findings in the report: $findings"
[ "$(count findings)" = "$findings" ] && pass "every finding listed ($findings)" \
  || fail "findings listed: $(count findings), in the report: $findings"
sources="$(grep -o '"reviews": [0-9]*' "$out/report.json" | awk '{print $2}')"
[ "$(count reviews)" = "$sources" ] && pass "a grid column per review ($sources)" \
  || fail "grid columns: $(count reviews), reviews: $sources"

# The screenshot and the printout exist and are not blank.
size() { wc -c < "$1" | tr -d ' '; }
[ -s "$out/report.png" ] && [ "$(size "$out/report.png")" -gt 30000 ] \
  && pass "screenshot $out/report.png ($(size "$out/report.png") bytes)" \
  || fail "the screenshot is missing or blank (see $out/chromium.log)"
head -c 5 "$out/report.pdf" 2>/dev/null | grep -q '%PDF' \
  && pass "printed to $out/report.pdf ($(size "$out/report.pdf") bytes)" \
  || fail "the page did not print to PDF (see $out/chromium.log)"

# The README's screenshot is of the current page.
hash="$(sha256sum "$out/report.html" | awk '{print $1}')"
if $update; then
  mkdir -p docs
  cp "$out/report.png" docs/report.png
  echo "$hash" > docs/report.png.sha256
  echo "  updated docs/report.png"
fi
if [ "$(cat docs/report.png.sha256 2>/dev/null)" = "$hash" ]; then
  pass "docs/report.png is of the current page"
else
  fail "docs/report.png is of an older page; run tests/browser/run.sh --update and commit docs/"
fi

echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
