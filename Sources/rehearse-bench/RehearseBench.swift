import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore

#if canImport(Glibc)
  import Glibc
#endif

/// Benchmarks for Rehearse: prints figures, never pass/fail. See BENCHMARKS.md. Build with
/// `-c release` for meaningful figures.
@main
struct RehearseBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rehearse-bench",
    abstract: "Benchmarks for Rehearse: print figures, never pass or fail (build with -c release).",
    subcommands: [
      Latency.self, Batch.self, BatchCorpus.self, Agreement.self, Segmentation.self, SemEval.self, StoreBench.self,
    ])

  struct Latency: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "latency", abstract: "Scoring latency of a 300-word answer.")
    @Option(help: "How many scorings.") var runs = 20_000
    func run() { LatencyBenchmark.run(runs: runs, root: repositoryRoot) }
  }

  struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "batch", abstract: "Batch throughput against grep -c -F -f, and peak memory.")
    @Option(help: "How many answers.") var answers = 100_000
    func run() { BatchBenchmark.run(answers: answers, root: repositoryRoot) }
  }

  struct BatchCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "batch-corpus", abstract: "Write the batch benchmark's answers to a JSON Lines file.")
    @Argument(help: "The file to write.") var file: String
    @Option(help: "How many answers.") var answers = 100_000
    func run() { BatchBenchmark.writeCorpus(to: file, answers: answers, root: repositoryRoot) }
  }

  struct Agreement: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "agreement",
      abstract: "Agreement with an AI-PM interviewer's grades, and the gaming personas.")
    @Option(help: "The graded answers (JSON Lines).") var data: String?
    @Flag(help: "Print every answer.") var verbose = false
    @Flag(help: "Fit the score curve.") var fit = false
    @Flag(help: "Also widen rubric terms with WordNet hypernyms.") var hypernyms = false
    func run() {
      let path =
        data
        ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/aipm-answers/answers.jsonl")
        .path
      AgreementBenchmark.run(path: path, root: repositoryRoot, verbose: verbose, fit: fit, hypernyms: hypernyms)
    }
  }

  struct Segmentation: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "segmentation", abstract: "STAR segmentation accuracy.")
    func run() { SegmentationBenchmark.run(root: repositoryRoot) }
  }

  struct SemEval: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "semeval", abstract: "Agreement with human graders on SemEval-2013 task 7.")
    @Option(help: "The SemEval answers (JSON Lines).") var data: String?
    @Flag(help: "Sweep the drafting weights on the train split.") var sweep = false
    func run() {
      let path =
        data
        ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/semeval2013/answers.jsonl")
        .path
      SemEvalBenchmark.run(path: path, sweep: sweep)
    }
  }
}

/// The checkout this benchmark was built in (for the bundled bank).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

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
