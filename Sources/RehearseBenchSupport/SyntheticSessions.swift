import Foundation
import RehearseAdapters
import RehearseCore

/// Deterministic, realistic sessions in bulk, for the history benchmark and scale tests.
///
/// Every answer carries a full score report (one of `templates`, produced by the real
/// scorer), so files are the size real ones are. Session `i` is always the same session.
public struct SyntheticSessions: Sendable {
  /// Score reports copied onto answers in turn, so every saved answer is as large as a real one; make them
  /// with the real scorer.
  public var templates: [ScoreReport]
  /// Category ids assigned to sessions in rotation; `["general"]` when built with none.
  public var categories: [String]
  /// Competency ids assigned to questions in rotation; `["general"]` when built with none.
  public var competencies: [String]
  /// When session 0 starts; session `i` starts `i × spacing` later.
  public var start: Date
  var spacing: TimeInterval

  /// Sessions built from `templates`, starting at `start` and `spacing` seconds apart (three hours by
  /// default).
  /// \\ Empty `categories` or `competencies` become `["general"]`.
  public init(
    templates: [ScoreReport], categories: [String], competencies: [String], start: Date,
    spacing: TimeInterval = 3 * 3600
  ) {
    self.templates = templates
    self.categories = categories.isEmpty ? ["general"] : categories
    self.competencies = competencies.isEmpty ? ["general"] : competencies
    self.start = start
    self.spacing = spacing
  }

  /// Templates scored from a bank question: its model answer, the first half of it, and a
  /// short weak answer, so scores spread from weak to strong.
  public static func templates(from bank: Bank, scorer: Scorer = Scorer()) throws -> [ScoreReport] {
    guard let question = bank.questions.first else { return [] }
    let compiled = scorer.compile(try bank.rubricSet(for: question))
    let model = question.modelAnswer
    let half = String(model.prefix(model.count / 2))
    let weak = "I would look at clicks and ship it if the number goes up. We did that and it was fine."
    return [model, half, weak].map { scorer.score(Answer(text: $0), against: compiled, questionId: question.id) }
  }

  /// A sortable session id for session `index`: its start time plus a base-36 suffix.
  public func id(_ index: Int) -> String {
    let date = start.addingTimeInterval(Double(index) * spacing)
    let stamp = Display.dateTime(date, in: TimeZone(secondsFromGMT: 0) ?? .current)
      .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "").replacingOccurrences(
        of: " ", with: "-")
    let seconds = Int(date.timeIntervalSince1970) % 60
    let suffix = String(index, radix: 36)
    return
      "\(stamp)\(seconds < 10 ? "0" : "")\(seconds)-\(String(repeating: "0", count: max(0, 4 - suffix.count)))\(suffix)"
  }

  /// Session `index` with `answers` scored main answers.
  public func session(_ index: Int, answers: Int) -> Session {
    let startedAt = start.addingTimeInterval(Double(index) * spacing)
    let category = categories[index % categories.count]
    var session = Session(
      id: id(index), rehearseVersion: "bench", bankVersion: "bench", startedAt: startedAt, mode: .free,
      settings: SessionSettings(category: category, count: answers),
      plan: (0..<answers).map { "\(category)-q\($0 + 1)" })
    for number in 0..<answers {
      let template = templates[(index + number) % templates.count]
      var report = template
      report.questionId = "\(category)-q\(number + 1)"
      let first = competencies[(index + number) % competencies.count]
      let second = competencies[(index + 2 * number + 1) % competencies.count]
      let used = Double(60 + (index * 7 + number * 13) % 180)
      let answeredAt = startedAt.addingTimeInterval(Double(number + 1) * 240)
      session.answers.append(
        AnswerRecord(
          id: "a\(number + 1)", kind: .main, questionId: "\(category)-q\(number + 1)", category: category,
          competencies: first == second ? [first] : [first, second],
          prompt: "Synthetic question \(number + 1) in \(category)",
          mode: .free, answer: Answer(text: "Synthetic answer \(index).\(number)."), rubrics: report.rubrics,
          rubricHash: report.rubricHash, bankVersion: "bench", report: report,
          hintsUsed: number % 3 == 0 ? ["a hint"] : [], timeLimitSeconds: 180, timeUsedSeconds: used,
          startedAt: answeredAt.addingTimeInterval(-used), answeredAt: answeredAt))
    }
    session.endedAt = startedAt.addingTimeInterval(Double(answers + 1) * 240)
    session.updatedAt = session.endedAt ?? startedAt
    session.status = .completed
    return session
  }

  /// Writes sessions `0..<count` into `store` the way Rehearse saves them (atomically,
  /// with index lines); with `indexed: false` only the files are written, as if copied
  /// from another machine, so the next read rebuilds the index.
  public func write(count: Int, answers: Int, into store: SessionStore, indexed: Bool = true) throws {
    try store.prepare()
    for index in 0..<count {
      let session = session(index, answers: answers)
      if indexed {
        try store.create(session)
      } else {
        let data = try SessionStore.document(session)
        try AtomicFile.write(data, to: store.url(for: session.id), sync: false)
      }
    }
  }
}
