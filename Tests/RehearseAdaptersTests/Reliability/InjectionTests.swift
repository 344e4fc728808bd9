import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// Answer text is shown in the terminal; escape sequences in it must stay inert.
@Suite struct TerminalInjectionTests {
  static let corpus: [String] = {
    let url = BundledBank.root.appendingPathComponent("Tests/Fixtures/injection-corpus.json")
    guard let data = try? Data(contentsOf: url), let list = try? JSONDecoder().decode([String].self, from: data) else {
      return []
    }
    return list
  }()

  @Test func theSharedCorpusIsThere() {
    #expect(Self.corpus.count >= 20)
    #expect(Self.corpus.contains { $0.contains("\u{1B}") })
  }

  @Test(arguments: corpus)
  func reportsShowHostileAnswersAsText(_ payload: String) throws {
    let answer =
      "Situation: \(payload)\nAction: I ran an A/B test \(payload) and set a north-star metric.\nResult: \(payload)"
    let report = try BundledBank.report(answer, question: "recommendation-metrics")
    let rendered = ReportRenderer(style: .plain).render(report, title: payload)
    // No control characters other than newlines reach the terminal.
    for scalar in rendered.unicodeScalars {
      #expect(
        scalar.value == 0x0A || scalar.value == 0x09
          || scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80..<0xA0).contains(scalar.value))
      #expect(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value))
    }
  }

  @Test func escapesBecomeVisibleCaretNotation() {
    #expect(inert("a\u{1B}[2Jb\u{7}c") == "a^[[2Jb^Gc")
    #expect(inert("line\nnext\ttab") == "line\nnext\ttab")
    #expect(inert("\u{202E}evil") == "\\u{202e}evil")
  }
}
