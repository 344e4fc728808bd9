#!/usr/bin/env bash
# History benchmark: 10,000 sessions of 5 answers (full score reports).
#
#   scripts/bench-history.sh            # release build, 10,000 sessions, 7 runs each
#   SESSIONS=2000 RUNS=3 scripts/bench-history.sh
#   REHEARSE_BIN=path/to/rehearse BENCH_BIN=path/to/rehearse-bench scripts/bench-history.sh   # skip the build
#   DATA=/tmp/bench10k scripts/bench-history.sh   # keep (or reuse) the generated data home
#
# Times `rehearse history`, `history --json`, `stats`, `stats --json` against
# `cat sessions/*.json > /dev/null` on the same files (medians, side by side, warm page
# cache), the first read that builds the SQLite index from the files, and the cost of one
# durable save with 0 sessions present vs 10,000. Writes docs/bench/history.md.
# Timings are figures to read, not a test: the script exits 0 either way.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SESSIONS=${SESSIONS:-10000}
RUNS=${RUNS:-7}
SAVES=${SAVES:-40}
OUT=${OUT:-docs/bench/history.md}

if [[ -z "${REHEARSE_BIN:-}" ]]; then
  swift build -c release --product rehearse >&2
  swift build -c release --product rehearse-bench >&2
  REHEARSE_BIN=$ROOT/.build/release/rehearse
  BENCH_BIN=${BENCH_BIN:-$ROOT/.build/release/rehearse-bench}
fi
BIN=$REHEARSE_BIN
BENCH=${BENCH_BIN:-$(dirname "$BIN")/rehearse-bench}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rehearse-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export REHEARSE_BANK=$ROOT NO_COLOR=1 TZ=UTC
BIG=${DATA:-$WORK/big}
EMPTY=$WORK/empty

# Medians of RUNS runs of a command (stdout discarded): "wall-ms cpu-ms", where CPU is
# user + system time, which other work on a shared machine disturbs less than wall time.
measure() {
  local walls=() cpus=() start end
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" >/dev/null
    end=$(date +%s%N)
    walls+=($(( (end - start) / 1000 )))
    cpus+=("$(awk '{ printf "%d", ($1 + $2) * 1000000 }' "$WORK/time")")
  done
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }')
  echo "$wall $cpu"
}

rm -f "$BIG"/sessions/20991231-000000-sav*.json "$BIG"/index.sqlite*
if [[ -d "$BIG/sessions" ]]; then
  echo "reusing the sessions in $BIG" >&2
  gen_ms="(reused)"
else
  echo "generating $SESSIONS sessions of 5 answers in $BIG …" >&2
  gen_start=$(date +%s%N)
  REHEARSE_HOME=$BIG "$BENCH" store generate --sessions "$SESSIONS" --answers 5 --unindexed >&2
  gen_ms="$(( ($(date +%s%N) - gen_start) / 1000000 )) ms"
fi
files=$(find "$BIG/sessions" -name '*.json' | wc -l)
size=$(du -sh "$BIG/sessions" | cut -f1)

cat_all=(sh -c 'cat "$0"/sessions/*.json' "$BIG")
"${cat_all[@]}" >/dev/null  # warm the page cache before anything is timed

echo "first read (builds the index from every file) …" >&2
first_start=$(date +%s%N)
REHEARSE_HOME=$BIG "$BIN" history >/dev/null 2>"$WORK/first.err"
first_ms=$(( ($(date +%s%N) - first_start) / 1000000 ))
first_note=$(head -1 "$WORK/first.err")
index_size=$(du -h "$BIG/index.sqlite" | cut -f1)

echo "timing history, stats and cat ($RUNS runs each) …" >&2
rh=(env REHEARSE_HOME="$BIG" "$BIN")
read -r t_cat c_cat < <(measure "${cat_all[@]}")
read -r t_history c_history < <(measure "${rh[@]}" history)
read -r t_history_json c_history_json < <(measure "${rh[@]}" history --json)
read -r t_stats c_stats < <(measure "${rh[@]}" stats)
read -r t_stats_json c_stats_json < <(measure "${rh[@]}" stats --json)
read -r t_cat2 c_cat2 < <(measure "${cat_all[@]}")
read -r t_version c_version < <(measure "$BIN" --version)
cat_ms=$(awk -v a="$t_cat" -v b="$t_cat2" 'BEGIN { printf "%.1f", (a < b ? a : b) }')
cat_cpu=$(awk -v a="$c_cat" -v b="$c_cat2" 'BEGIN { printf "%.1f", (a < b ? a : b) }')
load=$(cut -d' ' -f1-3 /proc/loadavg)

echo "timing the parts of history and stats in one process …" >&2
phases=$(REHEARSE_HOME=$BIG "$BENCH" store phases --runs "$RUNS")

# Save cost: alternate empty and full homes so disk load affects both alike.
echo "timing saves ($SAVES per round, 3 rounds, empty vs $SESSIONS sessions) …" >&2
mkdir -p "$EMPTY"
save_median() {  # home, round → median ms per save into a new session, reported by rehearse-bench store save
  REHEARSE_HOME=$1 "$BENCH" store save --session "20991231-000000-sav$2" --answers "$SAVES" | awk '{ print $4 }'
  rm -f "$1/sessions/20991231-000000-sav$2.json"
}
empty_runs=()
big_runs=()
for round in 1 2 3; do
  empty_runs+=("$(save_median "$EMPTY" "$round")")
  big_runs+=("$(save_median "$BIG" "$round")")
done
mid() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
save_empty=$(mid "${empty_runs[@]}")
save_big=$(mid "${big_runs[@]}")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v t="$1" 'BEGIN { print ((t <= 100) ? "yes" : "NO") }'; }
save_ratio=$(ratio "$save_big" "$save_empty")
save_ok=$(awk -v r="$save_ratio" 'BEGIN { print ((r >= 0.5 && r <= 1.5) ? "yes" : "NO") }')

mkdir -p "$(dirname "$OUT")"
{
  echo "# History benchmark"
  echo
  echo "Generated by \`scripts/bench-history.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPUs ($(uname -m), $(uname -r)),"
  echo "$(swift --version 2>/dev/null | head -1 | sed 's/^ *//'), release build. Machine shared with other builds while measured."
  echo
  echo "Data: $files sessions × 5 scored answers with full score reports, $size of session files"
  echo "(written by \`rehearse-bench store generate --unindexed\`: ${gen_ms}); index database (index.sqlite) $index_size."
  echo "Wall-clock medians of $RUNS runs, warm page cache, output to /dev/null."
  echo
  echo "| command | wall ms | × cat | CPU ms (user+sys) | ≤ 100 ms |"
  echo "|---|---:|---:|---:|:---:|"
  echo "| \`cat sessions/*.json > /dev/null\` | $cat_ms | 1.00 | $cat_cpu | |"
  echo "| \`rehearse history\` | $t_history | $(ratio "$t_history" "$cat_ms") | $c_history | $(verdict "$t_history") |"
  echo "| \`rehearse history --json\` | $t_history_json | $(ratio "$t_history_json" "$cat_ms") | $c_history_json | $(verdict "$t_history_json") |"
  echo "| \`rehearse stats\` | $t_stats | $(ratio "$t_stats" "$cat_ms") | $c_stats | $(verdict "$t_stats") |"
  echo "| \`rehearse stats --json\` | $t_stats_json | $(ratio "$t_stats_json" "$cat_ms") | $c_stats_json | $(verdict "$t_stats_json") |"
  echo "| \`rehearse --version\` (process start) | $t_version | $(ratio "$t_version" "$cat_ms") | $c_version | |"
  echo
  echo "Load average when the timings ended: $load (2 CPUs shared with other engineers' builds)."
  echo "cat was timed before and after the rehearse commands (${t_cat} ms, ${t_cat2} ms); the lower is used."
  echo "The first read after the files appeared (no index yet: every file parsed, index written) took ${first_ms} ms"
  echo "and said on stderr: \`${first_note}\`;"
  echo "later reads stat every file and re-read only those whose inode, size or mtime changed."
  echo
  echo "## Where the time goes"
  echo
  echo "\`rehearse-bench store phases --runs $RUNS\`: each part of \`history\` and \`stats\` timed $RUNS times in one"
  echo "process (warm: no process start, heap already grown), median / min / max ms."
  echo
  echo '```'
  echo "$phases"
  echo '```'
  echo
  echo "## Saving one answer"
  echo
  echo "\`rehearse-bench store save\`: each save locks the session, reads it, adds an answer, writes it"
  echo "atomically with fsync, and writes its index row. Median ms per save over $SAVES saves into a new"
  echo "session, 3 rounds alternating between the two data homes. (A save rewrites its own session, so"
  echo "its cost grows with the answers in that session, never with the number of other sessions.)"
  echo
  echo "| sessions present | rounds (median ms per save) | median |"
  echo "|---:|---|---:|"
  echo "| 0 | ${empty_runs[*]} | $save_empty |"
  echo "| $files | ${big_runs[*]} | $save_big |"
  echo
  echo "Ratio with $files sessions vs none: **$save_ratio** (within ±50%: $save_ok)."
} >"$OUT"
cat "$OUT"
