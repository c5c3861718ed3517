#!/usr/bin/env bash
# The held-out reviews (tests/fixtures/heldout: five films nobody tuned
# concord on, with gold) measured, not gated: `concord eval` on each film,
# its core recall, core precision and findings right on one line. Read them
# beside the dev figures; never write a rule from these reviews.
#
# usage: tests/eval/heldout.sh [BIN]   (default BIN: target/release/concord)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/release/concord}
dir=tests/fixtures/heldout
for gold in "$dir"/gold/*.toml; do
    film=$(basename "$gold" .toml)
    line=$("$bin" eval "$dir/reviews/$film" --gold "$gold" --format json | python3 -c '
import json, sys
c = json.load(sys.stdin)["corpus"]
f = lambda x: "%.2f (%d/%d)" % (x["value"], x["hit"], x["total"])
cl = c["claims"]
print("core recall %s, core precision %s, findings %s" % (f(cl["core_recall"]), f(cl["core_precision"]), f(c["findings"]["right"])))')
    printf '%-24s %s\n' "$film" "$line"
done
