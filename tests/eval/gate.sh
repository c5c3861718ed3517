#!/usr/bin/env bash
# The accuracy gate: `concord eval` on every film of the development corpus
# (tests/fixtures/dev), on the seeds and on the fact-check labels, each held
# to its floors in tests/fixtures/dev/floors.toml. Fails when any figure
# falls below its floor; says which, and the command that shows why.
#
# usage: tests/eval/gate.sh [--update] [BIN]   (default BIN: target/release/concord)
#   --update   rewrite the floors from today's figures (after a change that
#              raises them; commit the floors with the change)
# Extra arguments for `concord eval` (such as `--rules DIR`) can be given in
# EVAL_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."

update=false
if [ "${1:-}" = "--update" ]; then
    update=true
    shift
fi
bin=${1:-target/release/concord}
dev=tests/fixtures/dev
floors=$dev/floors.toml
seeds=tests/fixtures/films/never-let-me-go
read -r -a extra <<<"${EVAL_ARGS:-}"

if [ ! -x "$bin" ]; then
    echo "no binary at $bin: build it (cargo build --release) or name it" >&2
    exit 2
fi

# Each corpus: its name (the gold file's), then the arguments of `concord eval`.
runs=()
for gold in "$dev"/gold/*.toml; do
    name=$(basename "$gold" .toml)
    case "$name" in
        seeds) runs+=("$name|$seeds --gold $gold") ;;
        check) runs+=("$name|--check $gold --reviews $dev/reviews --against $seeds") ;;
        *) runs+=("$name|$dev/reviews/$name --gold $gold") ;;
    esac
done

if $update; then
    new=$(mktemp)
    # The file's opening comment stays; the tables are today's.
    sed -n '/^\[/q;p' "$floors" >"$new"
    for run in "${runs[@]}"; do
        # shellcheck disable=SC2086 # the arguments are words
        "$bin" eval ${run#*|} "${extra[@]}" --format floors >>"$new"
        echo >>"$new"
    done
    sed -i -e '${/^$/d}' "$new"
    mv "$new" "$floors"
    echo "floors rewritten from today's figures: $floors (git diff shows what moved)"
    exit 0
fi

failed=0
for run in "${runs[@]}"; do
    name=${run%%|*}
    # shellcheck disable=SC2086
    if "$bin" eval ${run#*|} "${extra[@]}" --floors "$floors" >/dev/null; then
        echo "ok   $name"
    else
        code=$?
        echo "FAIL $name (exit $code): concord eval ${run#*|} shows why"
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    echo "a figure fell below its floor in $floors; if the change is right and the floor should move, say why in the commit and run tests/eval/gate.sh --update" >&2
    exit 1
fi
