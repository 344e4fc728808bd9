#!/usr/bin/env bash
# Runs the reliability suite at full counts against a release build of rehearse, prints the
# figures and writes them to docs/RELIABILITY.md.
#
#   scripts/reliability.sh            # 50 kills per kind, 10,000 inputs per fuzz kind, 5 concurrency rounds, a 10 MB paste
#   KILLS=10 FUZZ=2000 scripts/reliability.sh
#
# The same tests run in CI with small counts (`swift test --filter Reliability`); this script
# only raises the counts through REHEARSE_RELIABILITY_* / REHEARSE_*_FUZZ_COUNT and collects
# what each test appends to $REHEARSE_RELIABILITY_REPORT.
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=${KILLS:-50}
FUZZ=${FUZZ:-10000}
ROUNDS=${ROUNDS:-5}
SAVES=${SAVES:-100}
PASTE_MB=${PASTE_MB:-10}
OUT=${OUT:-docs/RELIABILITY.md}

swift build -c release --product rehearse
swift build -c release --product rehearse-bench  # the store benchmark commands fill data homes
BIN="$(swift build -c release --show-bin-path)/rehearse"
REPORT="$(mktemp)"
trap 'rm -f "$REPORT"' EXIT

started=$(date +%s)
status=0
REHEARSE_BIN="$BIN" \
  REHEARSE_RELIABILITY_REPORT="$REPORT" \
  REHEARSE_RELIABILITY_KILLS="$KILLS" \
  REHEARSE_RELIABILITY_CONCURRENCY_ROUNDS="$ROUNDS" \
  REHEARSE_RELIABILITY_SAVES="$SAVES" \
  REHEARSE_SESSION_FUZZ_COUNT="$FUZZ" \
  REHEARSE_FUZZ_COUNT="$FUZZ" \
  REHEARSE_FUZZ_PASTE_MB="$PASTE_MB" \
  swift test --filter 'Reliability|FuzzTests|InjectionTests' \
  || status=$?
elapsed=$(( $(date +%s) - started ))

commit=$(git rev-parse --short HEAD)
dirty=$(git diff --quiet && git diff --cached --quiet || echo " (with uncommitted changes)")
{
  echo "# Reliability figures"
  echo
  echo "Measured on commit \`$commit\`$dirty, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, release binary,"
  echo "as $( [ "$(id -u)" = 0 ] && echo root || echo a normal user ), in ${elapsed} s. Reproduce with:"
  echo
  echo '```'
  echo "KILLS=$KILLS FUZZ=$FUZZ ROUNDS=$ROUNDS SAVES=$SAVES PASTE_MB=$PASTE_MB scripts/reliability.sh"
  echo '```'
  echo
  echo "Test suite status: $( [ "$status" = 0 ] && echo 'all passed' || echo "FAILED (exit $status)" )."
  echo
  echo "| check | figures |"
  echo "|---|---|"
  sort "$REPORT" | sed 's/|/\\|/g' | awk '{ i = index($0, ": "); printf "| %s | `` %s `` |\n", substr($0, 1, i - 1), substr($0, i + 2) }'
  echo
  cat <<'EXPLAIN'
What each line checks (tests in `Tests/RehearseCLITests/Reliability/` and
`Tests/RehearseAdaptersTests/Reliability/`):

- **crash.practice / crash.grading**: `kill -9` at seeded random moments of a piped
  `practice --mode free` session (three questions) and of a piped `grade SESSION --mentor X`.
  `confirmedSaves` counts the answers, follow-ups and grades whose confirmation (`Feedback`,
  `saved;`, `Saved:`) was printed before the kill; `lost` those not on disk afterwards;
  `unparsable` session files that no longer decode. Every killed session is then resumed
  (`practice --resume ID`, or `grade` again) to completion.
- **concurrency.processes**: per round, 8 processes at once on one data home: 4 new practice
  sessions, a `practice --resume` and a mentor grading the same session, and two mentors grading
  another. `confirmedUpdates` are answers and grades confirmed on stdout, `onDisk` the ones found.
- **concurrency.sameSession**: two `rehearse-bench store save` processes appending to one session.
- **disk.full**: `ulimit -f` below the next save's size (SIGXFSZ ignored, so `write` fails with
  EFBIG as on a full disk). **disk.readOnly**: `sessions/` at 0500 (as root, where permissions do
  not bind, the data home is given to `nobody` and rehearse runs through `setpriv`). Both: exit 1,
  `error: cannot save <file>: <reason>; the previous file is intact`, every file byte for byte as
  before, and the unsaved answer printed in full.
- **fuzz.sessionJSON**: mutated fixture sessions through `SessionDecoding.decode` and
  `SessionStore.load`. `crashes=0` is implied by the run finishing; every error names the file and a
  line and column (syntax) or a field path (types, missing fields).
- **injection.sessionId**: each id is refused by `show`, `show --json`, `export -o FILE`,
  `export -o DIR/`, `grade` and `practice --resume` with the exact invalid-id error, exit 1, and no
  file written anywhere under the test root. NUL bytes cannot pass through argv; the store refuses
  them (ReliabilitySessionFuzzTests). **injection.editor**: `$EDITOR` values with shell syntax create no
  marker file. **injection.exports**: the shared corpus typed as an answer prints and exports inert.
- **permissions**: after practice, grading and export in every format, every file is 0600 and every
  folder 0700 (`wider` counts the exceptions).
EXPLAIN
} > "$OUT"

cat "$OUT"
exit "$status"
