#!/usr/bin/env bash
# Benchmarks concord at several corpus sizes, and compares extraction with the
# floor a plain regex scanner sets (ripgrep running the rules' patterns).
#
#   bench/run.sh                  # 10k, 20k and 40k reviews
#   SIZES="2000 5000" bench/run.sh
#   SEED=7 bench/run.sh           # another corpus (the same seed, the same bytes)
#   RUNS=5 bench/run.sh           # the median of 5 runs per figure (3 by default)
#   RG_ALL=1 bench/run.sh         # also time `rg -f` with every pattern at once
#
# Corpora are generated into target/bench/ from the fixtures (examples/corpus.rs)
# and never committed. For each size it prints:
#   - extraction: `concord claims --format jsonl` over the corpus, to /dev/null:
#     wall time, MB/s (corpus bytes / wall time), CPU time and MB per CPU
#     second (steadier on a shared machine), peak memory (max RSS), each the
#     median of RUNS runs;
#   - report: `concord report` over the corpus: wall time, CPU time, peak
#     memory (medians too);
#   - the ripgrep floor: every rule's pattern run by `rg -U` over the same
#     files, one pattern at a time (the sum of the runs), and all patterns at
#     once (`rg -f`, which joins them into one regex): slow (87 s for 10,000
#     reviews), so only with RG_ALL=1 and only at the first size.
# Take figures on a quiet machine: `uptime` is printed before each size.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 20000 40000"}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
OUT=target/bench

if ! command -v rg >/dev/null 2>&1; then
  echo "== ripgrep is missing; installing it (apt-get install ripgrep, or cargo install ripgrep)"
  if command -v apt-get >/dev/null 2>&1; then
    apt-get install -y ripgrep >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y ripgrep >/dev/null; }
  else
    cargo install ripgrep
  fi
fi

echo "== building (release)"
cargo build --release --quiet --bin concord --example corpus
CONCORD=target/release/concord
CORPUS=target/release/examples/corpus
mkdir -p "$OUT"
"$CORPUS" patterns > "$OUT/patterns.txt"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(rg --version | sed -n 1p); $(wc -l < "$OUT/patterns.txt") rule patterns"

# Wall seconds, CPU seconds (user + system, all threads) and max RSS (MB) of
# a command, its output thrown away: each the median of $RUNS runs. On a
# shared machine the wall time moves with the load; the CPU time much less.
measure() {
  local t0 t1 rss user sys walls=() cpus=() rsss=()
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$OUT/time.txt" "$@" > /dev/null 2> /dev/null
    t1=$(date +%s.%N)
    read -r rss user sys < <(tail -1 "$OUT/time.txt")
    walls+=("$(echo "$t1 - $t0" | bc)")
    cpus+=("$(echo "$user + $sys" | bc)")
    rsss+=("$((rss / 1024))")
  done
  echo "$(median "${walls[@]}") $(median "${cpus[@]}") $(median "${rsss[@]}")"
}

# The middle value of its arguments (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"
}

printf '\n| reviews | films | MB | claims | extraction s | MB/s | CPU s | MB per CPU s | peak MB (jsonl) | report s | report CPU s | peak MB (report) | rg per pattern s | rg all at once s |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
first=1
for n in $SIZES; do
  dir="$OUT/corpus-$n-seed$SEED"
  if [ ! -d "$dir" ]; then
    "$CORPUS" generate --reviews "$n" --seed "$SEED" --out "$dir" 2> "$dir.log" || { cat "$dir.log"; exit 1; }
  fi
  echo "   ($n reviews: $(uptime | sed 's/.*load/load/'))" >&2
  bytes=$(find "$dir" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  mb=$(echo "scale=1; $bytes / 1000000" | bc)
  films=$(find "$dir" -mindepth 1 -type d | wc -l)
  # Warm the page cache so every tool reads from memory.
  find "$dir" -name '*.txt' -exec cat {} + > /dev/null
  read -r ext_s ext_cpu ext_rss < <(measure "$CONCORD" claims --format jsonl "$dir")
  claims=$("$CONCORD" claims --format jsonl "$dir" | wc -l)
  read -r rep_s rep_cpu rep_rss < <(measure "$CONCORD" report "$dir")
  t0=$(date +%s.%N)
  while IFS= read -r p; do
    rg -U -c --no-filename -e "$p" "$dir" > /dev/null || true
  done < "$OUT/patterns.txt"
  rg_each=$(echo "$(date +%s.%N) - $t0" | bc)
  rg_all="-"
  if [ "$first" = 1 ] && [ "${RG_ALL:-0}" = 1 ]; then
    t0=$(date +%s.%N)
    rg -U -c --no-filename -f "$OUT/patterns.txt" "$dir" > /dev/null || true
    rg_all=$(printf '%.2f' "$(echo "$(date +%s.%N) - $t0" | bc)")
  fi
  first=0
  printf '| %s | %s | %s | %s | %.2f | %.1f | %.2f | %.1f | %s | %.2f | %.2f | %s | %.2f | %s |\n' \
    "$n" "$films" "$mb" "$claims" "$ext_s" "$(echo "$mb / $ext_s" | bc -l)" "$ext_cpu" \
    "$(echo "$mb / $ext_cpu" | bc -l)" "$ext_rss" "$rep_s" "$rep_cpu" "$rep_rss" "$rg_each" "$rg_all"
done
