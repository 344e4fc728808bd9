import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore
import Testing

@Suite struct TranscriptRendererTests {
  /// A session with a hinted, timed answer, its follow-up, and a mentor grade.
  func session() throws -> Session {
    let report = try #require(StoreFixture.templates.first)
    let start = StoreFixture.start
    var session = Session(
      id: "20260921-141320-show", rehearseVersion: "0.1.0", bankVersion: "2026.11.1", startedAt: start, mode: .free,
      settings: SessionSettings(category: "success-metrics", mentor: "Ana"),
      plan: ["recommendation-metrics", "later-q"])
    session.answers = [
      AnswerRecord(
        id: "a1", kind: .main, questionId: "recommendation-metrics", category: "success-metrics",
        competencies: ["metrics"],
        prompt: "How would you define success metrics?", mode: .free, answer: Answer(text: "We shipped \u{1B}[31mit."),
        rubrics: report.rubrics, rubricHash: report.rubricHash, bankVersion: "2026.11.1", report: report,
        hintsUsed: ["Start from the user problem."], rubricShown: true, modelRevealed: true, timeLimitSeconds: 180,
        timeUsedSeconds: 200, startedAt: start, answeredAt: start.addingTimeInterval(200)),
      AnswerRecord(
        id: "a2", kind: .followUp, questionId: "recommendation-metrics", category: "success-metrics",
        competencies: ["metrics"], prompt: "What guardrail would you watch?", parentId: "a1",
        followUpCriterion: "guardrails", mode: .free, answer: Answer(text: "p95 latency."), rubrics: [], rubricHash: "",
        bankVersion: "2026.11.1", report: nil, timeUsedSeconds: 30, startedAt: start,
        answeredAt: start.addingTimeInterval(260)),
    ]
    session.grades = [
      MentorGrade(
        mentor: "Ana", answerId: "a1", gradedAt: start.addingTimeInterval(3600),
        criteria: [CriterionGrade(criterionId: "north-star", points: 12, maxPoints: 18, comment: "Name one metric.")],
        score: 71, band: "solid", comment: "Good structure; quantify the result.", source: .inPerson)
    ]
    return session
  }

  @Test func theTranscriptShowsFeedbackFollowUpsHintsTimeAndMentorGrades() throws {
    let session = try session()
    let text = TranscriptRenderer(style: .plain, timeZone: TimeZone(secondsFromGMT: 0) ?? .current).render(session)
    let report = try #require(session.answers[0].report)
    #expect(text.hasPrefix("Session 20260921-141320-show · 2026-09-21 14:13 · free mode · in-progress\n"))
    #expect(text.contains("1 of 2 questions answered · average \(format(report.score)) · 3:50 answering"))
    #expect(text.contains("bank 2026.11.1 · Rehearse 0.1.0 · category success-metrics · mentor Ana present"))
    #expect(
      text.contains("── 1. recommendation-metrics (success-metrics) ──\nQ: How would you define success metrics?"))
    #expect(
      text.contains("time 3:20 of 3:00 (over time) · 1 hint used · rubric shown · model answer revealed · free"))
    #expect(text.contains("  hint 1: Start from the user problem."))
    // Terminal escapes typed into an answer are shown, never executed.
    #expect(text.contains("Answer:\n  We shipped ^[[31mit."))
    #expect(text.contains(ReportRenderer(style: .plain).render(report)))
    #expect(
      text.contains(
        "Mentor grades (automatic score \(format(report.score)))\n  Ana: 71/100 — solid (in-person, 2026-09-21 15:13)"))
    #expect(text.contains("    “Good structure; quantify the result.”\n    north-star 12/18: Name one metric."))
    #expect(
      text.contains("    ── 1. follow-up on guardrails (success-metrics) ──\n    Q: What guardrail would you watch?"))
    #expect(text.contains("    (not scored)"))
    #expect(text.hasSuffix("Not yet asked: later-q"))
  }
}

@Suite struct IndexFormatTests {
  @Test(arguments: [
    "plain", "quote \" and backslash \\ and slash /", "new\nline\ttab", "control \u{1}\u{1F}",
    "emoji 🧪 and “curly” – dash",
  ])
  func summariesSurviveTheIndexUnchanged(category: String) throws {
    let store = try StoreFixture.store()
    var session = StoreFixture.generator().session(0, answers: 2)
    session.settings.category = category
    session.answers[1].category = category
    session.answers[1].competencies = [category, "metrics"]
    session.answers[0].report?.score = 73.3
    try store.create(session)
    let fromIndex = try store.catalog()
    #expect(fromIndex.reread == 0)
    #expect(fromIndex.sessions == [SessionSummary(session)])
  }
}
