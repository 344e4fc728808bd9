import Foundation
import RehearseAdapters
import RehearseCore

#if canImport(Glibc)
  import Glibc
#endif

/// Benchmarks for Rehearse: prints figures, never pass/fail. See BENCHMARKS.md.
///
///     rehearse-bench latency [--runs N]          scoring latency of a 300-word answer
///     rehearse-bench batch [--answers N]         batch throughput vs grep -c -F -f, peak memory
///     rehearse-bench semeval [--data FILE]       agreement with human graders (SemEval-2013)
///     rehearse-bench agreement [--data FILE]     agreement with an AI-PM interviewer's grades, gaming personas
let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "help"

func option(_ name: String, default value: Int) -> Int {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
  return Int(arguments[index + 1]) ?? value
}

func stringOption(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
  return arguments[index + 1]
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

switch command {
case "latency":
  LatencyBenchmark.run(runs: option("--runs", default: 20_000), root: repositoryRoot)
case "batch":
  BatchBenchmark.run(answers: option("--answers", default: 100_000), root: repositoryRoot)
case "batch-corpus":
  guard arguments.count > 1 else {
    print("usage: rehearse-bench batch-corpus FILE [--answers N]")
    exit(64)
  }
  BatchBenchmark.writeCorpus(to: arguments[1], answers: option("--answers", default: 100_000), root: repositoryRoot)
case "agreement":
  let path =
    stringOption("--data")
    ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/aipm-answers/answers.jsonl").path
  AgreementBenchmark.run(
    path: path, root: repositoryRoot, verbose: arguments.contains("--verbose"), fit: arguments.contains("--fit"),
    hypernyms: arguments.contains("--hypernyms"))
case "segmentation":
  SegmentationBenchmark.run(root: repositoryRoot)
case "semeval":
  let path =
    stringOption("--data")
    ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/semeval2013/answers.jsonl").path
  SemEvalBenchmark.run(path: path, sweep: arguments.contains("--sweep"))
default:
  print(
    """
    usage: rehearse-bench latency [--runs N]
           rehearse-bench batch [--answers N]
           rehearse-bench batch-corpus FILE [--answers N]
           rehearse-bench semeval [--data FILE] [--sweep]
           rehearse-bench agreement [--data FILE] [--verbose] [--fit] [--hypernyms]
           rehearse-bench segmentation
    Build with -c release for meaningful figures.
    """)
}

/// Monotonic time in nanoseconds.
func now() -> UInt64 {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Peak resident set size of this process, in MiB.
func peakMemoryMiB() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

func loadBank(_ root: URL) -> Bank {
  do {
    return try BankLoader.load(from: BankSource(root: root))
  } catch {
    print("cannot load the bank at \(root.path): \(error)")
    exit(1)
  }
}
