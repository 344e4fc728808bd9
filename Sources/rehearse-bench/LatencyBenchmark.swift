import Foundation
import RehearseAdapters
import RehearseCore

/// Scoring latency of one 300-word answer against one question's rubrics.
enum LatencyBenchmark {
  static func run(runs: Int, root: URL) {
    let bank = loadBank(root)
    guard let question = bank.question(id: "recommendation-metrics"), let set = try? bank.rubricSet(for: question)
    else {
      print("question recommendation-metrics not found")
      return
    }
    // The product's scorer: rubrics widened with WordNet, as every command compiles them.
    let scorer = (try? Scorer.standard()) ?? Scorer()
    let compiled = scorer.compile(set)
    // A 300-word answer: the model answer, trimmed or extended with other model answers.
    var words = question.modelAnswer.split(separator: " ")
    for other in bank.questions where words.count < 300 { words += other.modelAnswer.split(separator: " ") }
    let answer = Answer(text: words.prefix(300).joined(separator: " "))
    for _ in 0..<200 { _ = scorer.score(answer, against: compiled) }  // warm-up
    var samples: [UInt64] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
      let start = now()
      let report = scorer.score(answer, against: compiled)
      samples.append(now() - start)
      precondition(report.score >= 0)
    }
    samples.sort()
    func percentile(_ p: Double) -> Double {
      Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) / 1000
    }
    let compileStart = now()
    _ = scorer.compile(set)
    let compileMicros = Double(now() - compileStart) / 1000
    print(
      "scoring latency, 300-word answer vs '\(question.id)' (\(compiled.set.criteria.count) criteria), \(runs) runs")
    print(
      String(
        format: "  p50 %.1f µs   p90 %.1f µs   p99 %.1f µs   max %.1f µs", percentile(0.5), percentile(0.9),
        percentile(0.99), percentile(1)))
    print(String(format: "  rubric compile (once per set): %.1f µs", compileMicros))
    print(String(format: "  target p50 ≤ 150 µs: %@", percentile(0.5) <= 150 ? "met" : "NOT met"))
    // Where the time goes (public stages only).
    func median(_ body: () -> Void) -> Double {
      var times: [UInt64] = []
      for _ in 0..<2000 {
        let start = now()
        body()
        times.append(now() - start)
      }
      times.sort()
      return Double(times[times.count / 2]) / 1000
    }
    let text = answer.fullText
    let tokens = scorer.tokenizer.tokenize(text)
    let tokenize = median { _ = scorer.tokenizer.tokenize(text) }
    let segment = median { _ = scorer.segmenter.segment(tokens: tokens, text: text, guided: false) }
    let stem = median { for token in tokens { _ = scorer.tokenizer.stemmer.stem(token.text) } }
    print(
      String(
        format: "  stages (p50): tokenize %.1f µs (of which stem lookups %.1f µs), segment %.1f µs", tokenize, stem,
        segment))
    print(String(format: "  peak memory %.1f MiB", peakMemoryMiB()))
  }
}
