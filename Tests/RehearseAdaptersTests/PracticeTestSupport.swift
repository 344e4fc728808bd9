import Foundation
import LineEditor
import RehearseCore

@testable import RehearseAdapters

/// Collects everything the practice loop prints; `onWrite` lets a test look at the disk at
/// the moment something is printed.
final class CollectedOutput: TextOutput {
  var text = ""
  var onWrite: ((String) -> Void)?
  init(onWrite: ((String) -> Void)? = nil) { self.onWrite = onWrite }
  func write(_ text: String) {
    onWrite?(text)
    self.text += text
  }
}

/// A clock that only moves when the test moves it.
final class TestClock: WallClock {
  var current: Date
  init(at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = date }
  func now() -> Date { current }
  func advance(_ seconds: Double) { current += seconds }
}

/// An editor that rewrites the text with a function instead of opening a program.
struct FakeEditor: AnswerEditing {
  var transform: @Sendable (String) -> String = { $0 }
  func edit(_ text: String) throws -> String { transform(text) }
}

/// The practice loop wired to a scripted reader, the fixture bank and a temporary home.
final class PracticeHarness {
  static let fixtureBank = BankSource(
    root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/practice-bank"))

  let home: URL
  let store: SessionStore
  let output = CollectedOutput()
  let clock = TestClock()
  var editor: any AnswerEditing = FakeEditor()

  init() throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-practice-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    store = SessionStore(home: DataHome(url: home))
  }

  deinit {
    try? FileManager.default.removeItem(at: home)
  }

  /// Runs one session reading `reader`.
  @discardableResult
  func run(_ request: PracticeRequest, reader: ScriptedLineReader) throws -> PracticeOutcome {
    let loop = PracticeLoop(
      source: Self.fixtureBank, store: store, reader: reader, output: output, style: .plain, clock: clock,
      idRandom: SeededGenerator(seed: UInt64(output.text.count + 1)), editor: editor, rehearseVersion: "test")
    return try loop.run(request)
  }

  /// Runs one session with these lines, then the end of input.
  @discardableResult
  func run(_ request: PracticeRequest, lines: [String]) throws -> PracticeOutcome {
    try run(request, reader: ScriptedLineReader(lines: lines))
  }

  func session(_ outcome: PracticeOutcome) throws -> Session {
    try store.load(id: outcome.sessionId)
  }
}

extension PracticeRequest {
  static func question(_ ids: String..., mode: AnswerForm? = nil, timed: Int? = nil, mentor: String? = nil)
    -> PracticeRequest
  {
    PracticeRequest(selection: .questions(ids), mode: mode, timedSeconds: timed, seed: 1, mentor: mentor)
  }
}

enum Answers {
  /// Misses guardrails and gaming, so the guardrails follow-up is asked.
  static let noGuardrails = [
    "Situation: at a marketplace I owned the recommendation carousel; the user problem was helping shoppers find things.",
    "Task: I had to define a north star metric before a model change.",
    "Action: I chose purchases per visitor as the north star, NDCG offline and CTR and conversion online, and I ran an A/B test for two weeks.",
    "Result: purchases rose 6% per visitor.",
  ]
}
