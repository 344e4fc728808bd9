#!/usr/bin/env bash
# Interleaved A/B timing of two rehearse binaries on the same command, for a machine whose
# speed drifts (shared cores, page cache dropped from outside): each round runs A then B,
# so drift affects both alike. Prints the median and minimum wall time of each.
#
#   scripts/bench-ab.sh OLD_BIN OLD_HOME NEW_BIN NEW_HOME [ROUNDS] -- history
#
# Give each binary its own data home (e.g. `cp -al` of the sessions folder): binaries with
# different index schemas would otherwise rebuild each other's index on every run.
# Timings are figures to read, not a test.
set -euo pipefail
if [[ $# -lt 6 ]]; then
  sed -n '2,9p' "$0" >&2
  exit 64
fi
old_bin=$1 old_home=$2 new_bin=$3 new_home=$4
shift 4
rounds=15
if [[ $1 != "--" ]]; then rounds=$1; shift; fi
[[ $1 == "--" ]] && shift
export NO_COLOR=1
time_once() {  # home, binary, args… → microseconds
  local home=$1 bin=$2 start end
  shift 2
  start=$(date +%s%N)
  REHEARSE_HOME=$home "$bin" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}
time_once "$old_home" "$old_bin" "$@" >/dev/null  # warm both indexes and the page cache
time_once "$new_home" "$new_bin" "$@" >/dev/null
old=() new=()
for _ in $(seq "$rounds"); do
  old+=("$(time_once "$old_home" "$old_bin" "$@")")
  new+=("$(time_once "$new_home" "$new_bin" "$@")")
done
summary() { printf '%s\n' "${@:2}" | sort -n | awk -v l="$1" '{ t[NR] = $1 } END { printf "%s: median %.1f ms, min %.1f ms\n", l, t[int((NR + 1) / 2)] / 1000, t[1] / 1000 }'; }
summary "A $old_bin" "${old[@]}"
summary "B $new_bin" "${new[@]}"
