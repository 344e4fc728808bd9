import Foundation
import RehearseAdapters
import RehearseCore
import Testing

/// Every number of every file of a small bank, replaced in turn by each edge value, through
/// `rehearse check`'s validator and the practice loader: no trap (the run finishing is the
/// proof), and every rejection names its file and line.
@Suite struct ReliabilityNumericEdgeTests {
  static let goodBank = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/banks/good")
  static let files = [
    "QuestionBank/bank.yaml", "QuestionBank/metrics/recommendation-metrics.yaml",
    "Rubrics/star-structure.yaml", "Rubrics/metrics/recommendation-metrics.yaml",
  ]
  static let edges = ["0", "-0", "-1", ".inf", "-.inf", ".nan", "1e308", "-1e308", "1e400", "9223372036854775808"]

  /// The ranges of the numbers (`key: 12`, `[75, 100]`) in a YAML text.
  static func numbers(in text: String) -> [Range<String.Index>] {
    let pattern = try? NSRegularExpression(
      pattern: #"(?<=[:\[,] )-?[0-9]+(\.[0-9]+)?(?=[\],]|\s*$)"#, options: [.anchorsMatchLines])
    let whole = NSRange(text.startIndex..., in: text)
    return (pattern?.matches(in: text, range: whole) ?? []).compactMap { Range($0.range, in: text) }
  }

  @Test func everyNumberOfABankAtEveryEdgeValueIsCheckedWithoutATrap() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-edges-\(UUID().uuidString)")
    var runs = 0
    var rejected = 0
    var withoutLine = 0
    for file in Self.files {
      let original = try String(contentsOf: Self.goodBank.appendingPathComponent(file), encoding: .utf8)
      let numbers = Self.numbers(in: original)
      #expect(!numbers.isEmpty, "\(file)")
      for range in numbers {
        for edge in Self.edges {
          try? FileManager.default.removeItem(at: root)
          try FileManager.default.copyItem(at: Self.goodBank, to: root)
          try original.replacingCharacters(in: range, with: edge).write(
            to: root.appendingPathComponent(file), atomically: true, encoding: .utf8)
          let source = BankSource(root: root)
          let report = BankValidator.check(source)
          _ = try? BankLoader.load(from: source, questionIds: ["recommendation-metrics"])
          runs += 1
          if !report.passed { rejected += 1 }
          withoutLine += report.diagnostics.filter { $0.line == nil }.count
        }
      }
    }
    try? FileManager.default.removeItem(at: root)
    #expect(withoutLine == 0)
    #expect(rejected > 0)
    FuzzReport.append(
      "fuzz.bankNumbers: files=\(Self.files.count) edgeValues=\(Self.edges.count) checks=\(runs) rejected=\(rejected) errorsWithoutLine=\(withoutLine)"
    )
  }
}
