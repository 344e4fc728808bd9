import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

@Suite struct CalibrationOutputTests {
  static let sessions = [Fixtures.withFollowUps, Fixtures.withMentorGrades]

  @Test func calibrationOfTheFixtureSessions() throws {
    let items = CalibrationInput.items(from: Self.sessions, scales: BandScales(bank: Fixtures.bank))
    // Ana graded a1 and a2, Bo graded a1 of the mentor-graded session; the other has none.
    #expect(items.map { "\($0.grader) \($0.answerId)" } == ["Ana a1", "Ana a2", "Bo a1"])
    let report = Calibration.report(items)
    #expect(report.overall.answers == 3)
    try expectGolden(
      CalibrationRenderer(style: .plain).render(report, graders: ["Ana", "Bo"], sources: 1, sourceNoun: "session")
        + "\n",
      "calibrate.txt")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try expectGolden(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n", "calibrate.json")
  }

  @Test func batchLinesNeedAHumanScoreInRange() throws {
    let good = """
      {"id":"x","line":1,"score":80,"band":"interview-ready","human":70}
      {"id":"y","line":2,"error":"unknown question"}
      {"id":"z","line":3,"score":20,"band":"not ready","human":35,"rubrics":[{"id":"recommendation-metrics","version":1}]}
      """
    let read = try CalibrationInput.items(
      fromBatch: Data(good.utf8), path: "in.jsonl", scales: BandScales(bank: Fixtures.bank))
    #expect(read.skipped == 1)
    #expect(read.items.map(\.answerId) == ["x", "z"])
    #expect(read.items.map(\.rubricKey) == ["unknown rubric", "recommendation-metrics@1"])
    let bad = "{\"score\":80,\"band\":\"solid\"}\nnot json\n{\"score\":1,\"band\":\"solid\",\"human\":-3}"
    #expect(throws: DiagnosticsError.self) {
      try CalibrationInput.items(fromBatch: Data(bad.utf8), path: "in.jsonl", scales: BandScales(bank: nil))
    }
    do {
      _ = try CalibrationInput.items(fromBatch: Data(bad.utf8), path: "in.jsonl", scales: BandScales(bank: nil))
    } catch {
      #expect(
        error.diagnostics.map(\.description) == [
          "in.jsonl:1: missing \"human\": add the person's score (0–100) to the line",
          "in.jsonl:2: not a JSON object from 'rehearse score --batch' (invalid JSON); fix or remove the line",
          "in.jsonl:3: \"human\" is -3; give a score from 0 to 100",
        ])
    }
  }

  @Test func mentorGradesBesideTheAutomaticScore() throws {
    let session = Fixtures.withMentorGrades
    let report = try #require(session.answers[0].report)
    let text = MentorGradeRenderer(style: .plain).render(session.grades.filter { $0.answerId == "a1" }, beside: report)
    try expectGolden(text + "\n", "mentor-grades.txt")
    #expect(MentorGradeRenderer(style: .plain).render([], beside: report).isEmpty)
  }
}
