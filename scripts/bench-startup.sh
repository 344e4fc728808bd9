#!/usr/bin/env bash
# Start-up benchmark for `rehearse practice` (issue 4), in a release build.
#
# Measures, side by side in one run:
#   1. time from process start to the first question printed, against a Swift "hello world"
#      that links Foundation (built here in a temporary folder) printing its line;
#   2. `rehearse --help` to exit, against the same hello world to exit;
#   3. peak resident memory of a piped 5-question practice session;
#   4. `rehearse questions`, `plan` and `check` on the whole bundled bank, with the compiled
#      bank cache warm and cold (deleted before each run), against the same hello world.
# Prints a Markdown report and writes it to docs/bench/startup.md (OUT=path to change).
# RUNS=N sets the runs per measurement (default 40). Figures, never pass/fail.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-40}
out=${OUT:-$root/docs/bench/startup.md}
command -v python3 >/dev/null || { echo "error: python3 is needed to time first output; install python3" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building rehearse (release)..." >&2
(cd "$root" && swift build -c release --product rehearse >&2)
bin="$(cd "$root" && swift build -c release --show-bin-path)/rehearse"

echo "building hello world (release)..." >&2
mkdir -p "$tmp/hello/Sources/hello"
cat >"$tmp/hello/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "hello", targets: [.executableTarget(name: "hello")])
SWIFT
cat >"$tmp/hello/Sources/hello/main.swift" <<'SWIFT'
import Foundation
print("hello, \(ProcessInfo.processInfo.processName)")
SWIFT
(cd "$tmp/hello" && swift build -c release >&2)
hello="$tmp/hello/.build/release/hello"

# A bank of five questions for the memory run: the bundled question under five ids.
bank="$tmp/bank"
mkdir -p "$bank/QuestionBank/success-metrics"
cp -R "$root/Rubrics" "$bank/Rubrics"
cp "$root/QuestionBank/bank.yaml" "$bank/QuestionBank/bank.yaml"
for i in 1 2 3 4 5; do
  sed "s/^id: recommendation-metrics/id: bench-question-$i/" \
    "$root/QuestionBank/success-metrics/recommendation-metrics.yaml" \
    >"$bank/QuestionBank/success-metrics/bench-question-$i.yaml"
done

python3 - "$bin" "$hello" "$root" "$bank" "$tmp" "$runs" "$out" <<'PY'
import os, statistics, subprocess, sys, time, platform, datetime, shutil

bin, hello, root, bank, tmp, runs, out = sys.argv[1:8]
runs = int(runs)
env = dict(os.environ, NO_COLOR="1", REHEARSE_BANK=root, REHEARSE_HOME=os.path.join(tmp, "home"))

def first_output(cmd, markers, env):
    """Seconds from spawning cmd until each marker appears on its stdout (stdin stays open)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    seen = b""
    times = []
    for marker in markers:
        while marker not in seen:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                raise SystemExit(f"{cmd[0]} exited without printing {marker!r}")
            seen += chunk
        times.append(time.perf_counter() - start)
    p.kill(); p.wait(); p.stdout.close(); p.stdin.close()
    return times

def to_exit(cmd, env):
    start = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start

practice = [bin, "practice", "--question", "recommendation-metrics", "--mode", "free"]
# The first question comes from the compiled bank cache when it is current (any whole-bank
# command writes it); warm it first, so this row is the warm path.
cache_home = os.path.join(tmp, "cache")
env = dict(env, XDG_CACHE_HOME=cache_home)
subprocess.run([bin, "questions"], stdout=subprocess.DEVNULL, env=env, check=True)
time.sleep(1.2)
subprocess.run([bin, "questions"], stdout=subprocess.DEVNULL, env=env, check=True)
# The question's text, then the line printed once the session file exists and input is read.
markers = [b"How would you define success metrics", b"Your answer"]
pairs = {"first question": [], "ready": [], "hello first line": [], "--help": [], "hello exit": []}
for _ in range(3):  # warm the page cache
    first_output(practice, markers, env); first_output([hello], [b"hello"], env)
for _ in range(runs):  # interleaved, so machine load hits both sides alike
    shown, ready = first_output(practice, markers, env)
    pairs["first question"].append(shown)
    pairs["ready"].append(ready)
    pairs["hello first line"].append(first_output([hello], [b"hello"], env)[0])
    pairs["--help"].append(to_exit([bin, "--help"], env))
    pairs["hello exit"].append(to_exit([hello], env))
med = {k: statistics.median(v) * 1000 for k, v in pairs.items()}
lo = {k: min(v) * 1000 for k, v in pairs.items()}

# Peak memory of a piped five-question session.
answer = open(os.path.join(root, "QuestionBank/success-metrics/recommendation-metrics.yaml")).read()
answer = answer.split("modelAnswer:", 1)[1]
answer = (answer.split("star: |", 1)[1] if "star: |" in answer else answer.split("|", 1)[1]).split("\n\n", 1)[0]
answer = answer.split("\n  case: |", 1)[0]
answer = "\n".join(line.strip() for line in answer.strip().splitlines())
session_input = "".join(f"{answer}\n.\n.\n" for _ in range(5))
session_cmd = [bin, "practice", "--mode", "free"] + sum((["--question", f"bench-question-{i}"] for i in range(1, 6)), [])
session_env = dict(env, REHEARSE_BANK=bank, REHEARSE_HOME=os.path.join(tmp, "home-rss"))

def peak_rss_kib(cmd, env, stdin_text):
    if os.path.exists("/usr/bin/time"):
        r = subprocess.run(["/usr/bin/time", "-v"] + cmd, input=stdin_text.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, check=True)
        for line in r.stderr.decode().splitlines():
            if "Maximum resident set size" in line:
                return int(line.split(":")[1]), r.stdout.decode(), "/usr/bin/time -v"
    import resource
    r = subprocess.run(cmd, input=stdin_text.encode(), stdout=subprocess.PIPE, env=env, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stdout.decode(), "getrusage(RUSAGE_CHILDREN)"

# Whole-bank commands, warm and cold bank cache.
bank_env = env
def clear_cache():
    shutil.rmtree(cache_home, ignore_errors=True)
bank_rows = {"questions warm": [], "questions cold": [], "plan warm": [], "plan cold": [], "hello exit (bank runs)": []}
check_runs = max(3, runs // 8)
check_times, check_hello = [], []
to_exit([bin, "questions"], bank_env)
for _ in range(runs):
    bank_rows["questions warm"].append(to_exit([bin, "questions"], bank_env))
    bank_rows["plan warm"].append(to_exit([bin, "plan"], bank_env))
    clear_cache()
    bank_rows["questions cold"].append(to_exit([bin, "questions"], bank_env))
    clear_cache()
    bank_rows["plan cold"].append(to_exit([bin, "plan"], bank_env))
    bank_rows["hello exit (bank runs)"].append(to_exit([hello], env))
for _ in range(check_runs):
    start = time.perf_counter()
    subprocess.run([bin, "check"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=bank_env)
    check_times.append(time.perf_counter() - start)
    check_hello.append(to_exit([hello], env))
bank_med = {k: statistics.median(v) * 1000 for k, v in bank_rows.items()}
check_med = statistics.median(check_times) * 1000
check_hello_med = statistics.median(check_hello) * 1000
questions_count = subprocess.run([bin, "questions", "--json"], stdout=subprocess.PIPE, env=bank_env).stdout.count(b'"id"')

rss, session_out, rss_tool = peak_rss_kib(session_cmd, session_env, session_input)
answered = session_out.count("Feedback\n")
hello_rss, _, _ = peak_rss_kib([hello], env, "")

ratio_q = med["first question"] / med["hello first line"]
ratio_h = med["--help"] / med["hello exit"]
ratio_r = med["ready"] / med["hello first line"]
mib = rss / 1024
def verdict(ok): return "meets" if ok else "MISSES"
lines = [
    "# Start-up benchmark: `rehearse practice`",
    "",
    f"Generated by `scripts/bench-startup.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
    f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other work, so absolute figures wobble; "
    f"runs are interleaved so load hits both sides alike). Release build, {runs} runs each, milliseconds.",
    "",
    "| measurement | median | fastest | hello world median | ratio | target |",
    "|---|---|---|---|---|---|",
    f"| start → first question printed (warm bank cache) | {med['first question']:.1f} | {lo['first question']:.1f} | {med['hello first line']:.1f} | {ratio_q:.2f}× | ≤ 3× ({verdict(ratio_q <= 3)}) |",
    f"| start → ready for the first answer (rubrics parsed, session file on disk) | {med['ready']:.1f} | {lo['ready']:.1f} | {med['hello first line']:.1f} | {ratio_r:.2f}× | — |",
    f"| `rehearse --help` to exit | {med['--help']:.1f} | {lo['--help']:.1f} | {med['hello exit']:.1f} | {ratio_h:.2f}× | ≤ 2× ({verdict(ratio_h <= 2)}) |",
    "",
    f"Peak resident memory of a piped 5-question free-mode session ({answered} answers scored, "
    f"each with its follow-up prompt; measured with {rss_tool}): **{mib:.1f} MiB** "
    f"(target ≤ 40 MiB: {verdict(mib <= 40)}); the hello world peaks at {hello_rss / 1024:.1f} MiB.",
    "",
    f"Whole-bank commands on the bundled bank ({questions_count} questions), to exit, {runs} runs each "
    f"(`check`: {check_runs}); cold = the compiled bank cache deleted before the run:",
    "",
    "| command | median ms | hello world median ms | ratio | target |",
    "|---|---|---|---|---|",
] + [
    f"| `rehearse {name.split()[0]}`, {name.split()[1]} cache | {bank_med[name]:.1f} | {bank_med['hello exit (bank runs)']:.1f} | "
    f"{bank_med[name] / bank_med['hello exit (bank runs)']:.2f}× | "
    + (f"≤ 3× ({verdict(bank_med[name] / bank_med['hello exit (bank runs)'] <= 3)})" if name.endswith("warm") else "—") + " |"
    for name in ["questions warm", "questions cold", "plan warm", "plan cold"]
] + [
    f"| `rehearse check` (parses and scores everything; no cache) | {check_med:.1f} | {check_hello_med:.1f} | {check_med / check_hello_med:.1f}× | — |",
    "",
    "What the first-question time covers: process start and dynamic loading, argument parsing,",
    "locating the bank, listing question file names (no parsing) and parsing the one chosen",
    "question file, then printing it. Its rubrics are parsed and the session file is created",
    "(atomic write + fsync) right after, while the candidate reads, before any input is read:",
    "the \"ready\" row, up to the line that opens the answer. The hello world is",
    "`import Foundation; print(...)`. All are timed from spawn to the marker text on a pipe.",
    "",
]
report = "\n".join(lines)
os.makedirs(os.path.dirname(out), exist_ok=True)
open(out, "w").write(report)
print(report)
PY
