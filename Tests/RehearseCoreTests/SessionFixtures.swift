import Foundation
import RehearseCore

/// Small sessions built in code for the history, stats and review tests.
enum Fixture {
  static let utc = TimeZone(secondsFromGMT: 0) ?? .current

  /// `2026-11-<day>T<hour>:00:00Z`.
  static func date(day: Int, hour: Int = 9, month: Int = 11) -> Date {
    let days =
      (try? DayNumber(isoDate: "2026-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)").value) ?? 0
    return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600))
  }

  /// A score report with the given total and criteria `(id, points, maxPoints)`.
  static func report(score: Double, criteria: [(String, Double, Double)] = []) -> ScoreReport {
    let criteriaJSON = criteria.map { id, points, max in
      """
      {"id":"\(id)","title":"Title of \(id)","kind":"content","points":\(points),"maxPoints":\(max),"evidence":[],"missed":[]}
      """
    }.joined(separator: ",")
    let json = """
      {"questionId":null,"rubrics":[{"id":"r","version":1}],"rubricHash":"h","score":\(score),"band":"b",
       "criteria":[\(criteriaJSON)],"bonus":[],"redFlags":[],"feedback":[],"biggestGap":null,
       "structure":{"sections":{"situation":true,"task":true,"action":true,"result":true},
         "sectionShares":{"situation":0.25,"task":0.25,"action":0.25,"result":0.25},"segmentation":"labels",
         "quantifiedResult":true,"quantities":[],"actionFirstPersonSingular":1,"actionFirstPersonPlural":0,
         "wordCount":100,"speakingSeconds":40,"fillers":[],"buzzwords":[],"findings":[]}}
      """
    do {
      return try JSONDecoder().decode(ScoreReport.self, from: Data(json.utf8))
    } catch {
      fatalError("fixture report does not decode: \(error)")
    }
  }

  /// An answer record scored `score`, answered at `date`.
  static func answer(
    _ id: String, question: String = "q1", category: String = "metrics-cat", competencies: [String] = ["metrics"],
    score: Double?, at date: Date, kind: AnswerKind = .main, criteria: [(String, Double, Double)] = []
  ) -> AnswerRecord {
    AnswerRecord(
      id: id, kind: kind, questionId: question, category: category, competencies: competencies,
      prompt: "Prompt \(question)",
      mode: .free, answer: Answer(text: "An answer."), skipped: score == nil, rubrics: [], rubricHash: "h",
      bankVersion: "1",
      report: score.map { report(score: $0, criteria: criteria) }, timeUsedSeconds: 60,
      startedAt: date.addingTimeInterval(-60),
      answeredAt: date)
  }

  static func session(_ id: String, at date: Date, answers: [AnswerRecord], category: String? = nil) -> Session {
    var session = Session(
      id: id, rehearseVersion: "test", bankVersion: "1", startedAt: date, mode: .free,
      settings: SessionSettings(category: category), plan: Array(Set(answers.map(\.questionId))).sorted())
    session.answers = answers
    return session
  }
}
