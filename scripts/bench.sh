#!/usr/bin/env bash
# Every benchmark Rehearse promises figures for, re-measured together on one commit (release
# build). Prints each section's figures and leaves the raw output in $OUT_DIR (default
# /tmp/rehearse-bench-<commit>). BENCHMARKS.md records a run of this script.
#
#   scripts/bench.sh            everything (about 10 minutes on 2 cores)
#   SKIP="batch history" scripts/bench.sh   leave sections out
#
# Sections: latency, batch, agreement, semeval, segmentation, startup, history, reliability.
# Figures, never pass/fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
out=${OUT_DIR:-/tmp/rehearse-bench-$commit}
mkdir -p "$out"
skip=" ${SKIP:-} "
run() { [[ "$skip" != *" $1 "* ]]; }

echo "== commit $commit, $(nproc) CPUs, $(swift --version 2>&1 | head -1)"
echo "== building release..."
swift build -c release --product rehearse >&2
swift build -c release --product rehearse-bench >&2
bin=$(swift build -c release --show-bin-path)

if run latency; then
  echo "== scoring latency (rehearse-bench latency)"
  "$bin/rehearse-bench" latency | tee "$out/latency.txt"
fi
if run batch; then
  echo "== batch throughput vs grep (rehearse-bench batch)"
  "$bin/rehearse-bench" batch | tee "$out/batch.txt"
  # Peak memory of the real command on a 100,000-answer file.
  "$bin/rehearse-bench" batch-corpus "$out/corpus.jsonl" >/dev/null
  /usr/bin/time -v "$bin/rehearse" score --batch "$out/corpus.jsonl" --compact >/dev/null 2>"$out/batch-time.txt"
  echo "rehearse score --batch --compact on 100,000 answers: $(grep -E 'Elapsed|Maximum resident' "$out/batch-time.txt" | sed 's/^[[:space:]]*//' | tr '\n' ';')" | tee -a "$out/batch.txt"
  rm -f "$out/corpus.jsonl"
fi
if run agreement; then
  echo "== agreement with an AI-PM interviewer (rehearse-bench agreement, ../shared/data/aipm-answers)"
  "$bin/rehearse-bench" agreement --fit | tee "$out/agreement.txt"
fi
if run segmentation; then
  echo "== STAR inference on label-stripped bank answers (rehearse-bench segmentation)"
  "$bin/rehearse-bench" segmentation | tee "$out/segmentation.txt"
fi
if run semeval; then
  echo "== agreement with human graders (rehearse-bench semeval)"
  "$bin/rehearse-bench" semeval --sweep | tee "$out/semeval.txt"
fi
if run startup; then
  echo "== start-up and memory (scripts/bench-startup.sh)"
  OUT="$out/startup.md" scripts/bench-startup.sh >/dev/null
  cat "$out/startup.md"
fi
if run history; then
  echo "== history and stats at 10,000 sessions (scripts/bench-history.sh)"
  OUT="$out/history.md" scripts/bench-history.sh >/dev/null
  cat "$out/history.md"
fi
if run reliability && [ -x scripts/reliability.sh ]; then
  echo "== reliability (scripts/reliability.sh)"
  OUT="$out/reliability.md" scripts/reliability.sh >/dev/null
  cat "$out/reliability.md"
fi
echo "== raw output in $out"
