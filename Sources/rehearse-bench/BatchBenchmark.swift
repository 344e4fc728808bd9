import Foundation
import RehearseAdapters
import RehearseCore

/// Batch throughput on a generated corpus, side by side with `grep -c -F -f` over the same
/// answers and the same phrase list.
enum BatchBenchmark {

  /// Writes the generated corpus to `path` (for timing the real `rehearse score --batch`).
  static func writeCorpus(to path: String, answers count: Int, root: URL) {
    let corpus = generate(answers: count, bank: loadBank(root))
    do {
      try corpus.jsonl.write(to: URL(fileURLWithPath: path))
      print("wrote \(count) answers to \(path)")
    } catch {
      print("cannot write \(path): \(error)")
      exit(1)
    }
  }

  struct Corpus {
    var jsonl = Data()
    var plain = Data()
    var totalWords = 0
  }

  /// A seeded corpus of answers made of fragments of the bank's model and example answers.
  static func generate(answers count: Int, bank: Bank) -> Corpus {
    let questions = bank.questions
    var vocabulary: [Substring] = []
    for question in questions { vocabulary += question.modelAnswer.split(whereSeparator: \.isWhitespace) }
    // Sorted, so every run (and process) generates the same corpus.
    for rubric in bank.rubrics.values.sorted(by: { $0.id < $1.id }) {
      for example in rubric.examples { vocabulary += example.answer.split(whereSeparator: \.isWhitespace) }
    }
    var random = SeededGenerator(seed: 42)
    var corpus = Corpus()
    let encoder = JSONEncoder()
    struct Line: Encodable {
      var id: String
      var answer: String
      var question: String
    }
    for index in 0..<count {
      let length = 60 + Int(random.next() % 120)
      corpus.totalWords += length
      let start = Int(random.next() % UInt64(max(1, vocabulary.count - length)))
      let text = vocabulary[start..<min(vocabulary.count, start + length)].joined(separator: " ")
      let question = questions[index % questions.count].id
      if let line = try? encoder.encode(Line(id: "a\(index)", answer: text, question: question)) {
        corpus.jsonl.append(line)
        corpus.jsonl.append(0x0A)
      }
      corpus.plain.append(Data(text.utf8))
      corpus.plain.append(0x0A)
    }
    return corpus
  }

  static func run(answers count: Int, root: URL) {
    let bank = loadBank(root)
    let corpus = generate(answers: count, bank: bank)
    let (jsonl, plain, totalWords) = (corpus.jsonl, corpus.plain, corpus.totalWords)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var phrases: Set<String> = []
    for rubric in bank.rubrics.values {
      for criterion in rubric.criteria { for concept in criterion.concepts { phrases.formUnion(concept.phrases) } }
      for flag in rubric.redFlags { phrases.formUnion(flag.phrases) }
      for bonus in rubric.bonus { phrases.formUnion(bonus.phrases) }
    }
    let answersFile = directory.appendingPathComponent("answers.txt")
    let phrasesFile = directory.appendingPathComponent("phrases.txt")
    try? plain.write(to: answersFile)
    try? Data(phrases.sorted().joined(separator: "\n").utf8).write(to: phrasesFile)
    print(
      "corpus: \(count) answers, \(totalWords / count) words on average, \(String(format: "%.1f", Double(jsonl.count) / 1_048_576)) MiB JSONL; \(phrases.count) phrases from \(bank.rubrics.count) rubrics"
    )

    // grep, three runs, best.
    var grepBest = Double.infinity
    var grepCount = ""
    for _ in 0..<3 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["grep", "-c", "-i", "-F", "-f", phrasesFile.path, answersFile.path]
      // The C locale is grep's fastest configuration for -i with many patterns.
      process.environment = ["LC_ALL": "C", "PATH": "/usr/bin:/bin"]
      let pipe = Pipe()
      process.standardOutput = pipe
      let start = now()
      try? process.run()
      let output = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      grepBest = min(grepBest, Double(now() - start) / 1e9)
      grepCount = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    for (label, mode) in [("compact", BatchScorer.Output.compact), ("full", BatchScorer.Output.full)] {
      var scorer = BatchScorer(scorer: Scorer(), bank: bank, output: mode)
      var bytes = 0
      var lines = 0
      let start = now()
      scorer.run(jsonl) { line in
        bytes += line.count
        lines += 1
      }
      let seconds = Double(now() - start) / 1e9
      print(
        String(
          format:
            "  rehearse score --batch (%@): %d reports in %.2f s = %.0f answers/s, %.1f MiB out; ratio to grep %.1f×",
          label, lines, seconds, Double(lines) / seconds, Double(bytes) / 1_048_576, seconds / grepBest))
    }
    print(
      String(
        format: "  LC_ALL=C grep -c -i -F -f (same answers, same phrases, best of 3): %.3f s (%@ matching lines)",
        grepBest,
        grepCount))
    print(String(format: "  peak memory of this process: %.1f MiB", peakMemoryMiB()))
  }
}
