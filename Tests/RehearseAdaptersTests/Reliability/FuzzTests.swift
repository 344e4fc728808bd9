import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// Generated inputs: mutated question and rubric files and hostile answers must never crash
/// Rehearse, and every error about a file must name the file and the line.
///
/// CI runs `REHEARSE_FUZZ_COUNT` inputs per kind (default 2,000, a few seconds); the full
/// 10,000 run is `REHEARSE_FUZZ_COUNT=10000 swift test --filter FuzzTests` (BENCHMARKS.md).
@Suite struct FuzzTests {
  static let count = ProcessInfo.processInfo.environment["REHEARSE_FUZZ_COUNT"].flatMap(Int.init) ?? 2_000

  static let seeds: [(path: String, text: String, isQuestion: Bool)] = {
    let root = BundledBank.root
    let files = [
      ("QuestionBank/success-metrics/recommendation-metrics.yaml", true),
      ("QuestionBank/tradeoffs/traded-accuracy-for-latency.yaml", true),
      ("Rubrics/success-metrics/recommendation-metrics.yaml", false),
      ("Rubrics/model-lifecycle/drift-detect-and-respond.yaml", false),
      ("Rubrics/star-structure.yaml", false),
    ]
    return files.compactMap { path, isQuestion in
      (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)).map { (path, $0, isQuestion) }
    }
  }()

  static let fragments = [
    ":", "- ", "  ", "\t", "[", "]", "{", "}", "\"", "'", "#", "&a", "*a", "!!int", "~", "null", "-1", "1e999",
    "weight: x", "id:", "\n", "? ", "|", ">", "%YAML 1.2", "---", "...", "é", "\u{0}", "\u{1B}[31m", "criteria:",
    "hnit: x", "match: at least 99", "scope: [nowhere]", "extends: [nope]",
  ]

  /// A mutation of `text`: deleted, duplicated or swapped lines, inserted fragments, flipped bytes.
  static func mutate(_ text: String, _ random: inout SeededGenerator) -> String {
    var lines = text.components(separatedBy: "\n")
    for _ in 0..<(1 + Int(random.next() % 3)) {
      guard !lines.isEmpty else { break }
      let index = Int(random.next() % UInt64(lines.count))
      switch random.next() % 6 {
      case 0: lines.remove(at: index)
      case 1: lines.insert(lines[index], at: index)
      case 2:
        let other = Int(random.next() % UInt64(lines.count))
        lines.swapAt(index, other)
      case 3:
        var line = Array(lines[index])
        let fragment = fragments[Int(random.next() % UInt64(fragments.count))]
        let at = line.isEmpty ? 0 : Int(random.next() % UInt64(line.count))
        line.insert(contentsOf: fragment, at: at)
        lines[index] = String(line)
      case 4:
        var bytes = Array(lines[index].utf8)
        if !bytes.isEmpty {
          bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
        }
        lines[index] = String(decoding: bytes, as: UTF8.self)
      default:
        lines[index] = String(lines[index].prefix(Int(random.next() % 8)))
      }
    }
    return lines.joined(separator: "\n")
  }

  @Test func mutatedBankFilesNeverCrashAndErrorsNameFileAndLine() throws {
    var random = SeededGenerator(seed: 2026)
    var failures = 0
    var accepted = 0
    for round in 0..<Self.count {
      let seed = Self.seeds[round % Self.seeds.count]
      let text = Self.mutate(seed.text, &random)
      do throws(Diagnostic) {
        // As the loader reads a file: parse, decode, then the number and text checks.
        let document = try YAMLDocument.parse(text, displayPath: seed.path)
        var problems = document.controlCharacterProblems()
        if seed.isQuestion {
          problems += BankNumbers.problems(in: try document.decode(Question.self), document: document)
        } else {
          let rubric = try document.decode(Rubric.self)
          problems += BankNumbers.problems(in: rubric, document: document)
          // A rubric the loader accepts is one `check` compiles and scores with.
          if problems.isEmpty, let library = BundledBank.bank?.rubrics {
            var rubrics = library
            rubrics[rubric.id] = rubric
            if let set = try? RubricSet(ids: [rubric.id], library: rubrics) {
              let compiled = BundledBank.scorer.compile(set)
              for example in rubric.examples.prefix(1) {
                _ = BundledBank.scorer.score(Answer(text: example.answer), against: compiled)
              }
            }
          }
        }
        if let first = problems.first { throw first }
        accepted += 1
      } catch {
        failures += 1
        #expect(error.path == seed.path)
        #expect(error.line != nil, "no line for: \(error.message)\n\(text)")
        #expect(!error.message.isEmpty)
      }
    }
    #expect(failures > Self.count / 10, "the mutations should break many files")
    FuzzReport.append("fuzz.bankYAML: files=\(Self.count) accepted=\(accepted) rejected=\(failures)")
  }

  /// Hostile answers: random bytes, invalid UTF-8, control characters, huge pastes.
  @Test func hostileAnswersScoreWithoutCrashing() throws {
    let bank = try #require(BundledBank.bank)
    let question = try #require(bank.question(id: "recommendation-metrics"))
    let scorer = Scorer()
    let rubric = scorer.compile(try bank.rubricSet(for: question))
    var random = SeededGenerator(seed: 7)
    let rounds = max(100, Self.count / 4)
    for round in 0..<rounds {
      let length = Int(random.next() % 400)
      var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      if round % 3 == 0 { bytes += Array("We ran an A/B test\u{1B}[2J and p95 fell 12%.".utf8) }
      let text = String(decoding: bytes, as: UTF8.self)  // invalid UTF-8 becomes U+FFFD, as on input
      let report = scorer.score(
        round % 2 == 0 ? Answer(text: text) : Answer(sections: [.action: text]), against: rubric)
      for evidence in report.criteria.flatMap(\.evidence) {
        #expect(evidence.start <= evidence.end)
      }
    }
    FuzzReport.append("fuzz.answers: inputs=\(rounds) (random bytes, invalid UTF-8, control characters)")
  }

  @Test func aHugePasteIsScored() throws {
    let bank = try #require(BundledBank.bank)
    let question = try #require(bank.question(id: "recommendation-metrics"))
    let scorer = Scorer()
    let rubric = scorer.compile(try bank.rubricSet(for: question))
    let megabytes = ProcessInfo.processInfo.environment["REHEARSE_FUZZ_PASTE_MB"].flatMap(Int.init) ?? 1
    let sentence = "I set a north-star metric and ran an A/B test; CTR rose 4%. "
    let text = String(repeating: sentence, count: megabytes * 1_048_576 / sentence.utf8.count)
    let report = scorer.score(Answer(text: text), against: rubric)
    #expect(report.structure.findings.contains { $0.id == "too-long" })
    #expect(
      report.criteria.first { $0.id == "north-star" }?.points
        == report.criteria.first { $0.id == "north-star" }?.maxPoints)
    FuzzReport.append(
      "fuzz.paste: megabytes=\(megabytes) tooLongFound=\(report.structure.findings.contains { $0.id == "too-long" })")
  }
}
