import Foundation
import Testing

@testable import RehearseCore

@Suite struct PracticePlanTests {
  @Test func sameSeedGivesTheSameOrderAndDifferentSeedsDiffer() {
    let ids = (1...20).map { "q\($0)" }
    var first = SeededGenerator(seed: 42)
    var second = SeededGenerator(seed: 42)
    var third = SeededGenerator(seed: 43)
    let a = PracticePlan.pick(5, from: ids, using: &first)
    #expect(a == PracticePlan.pick(5, from: ids, using: &second))
    #expect(a != PracticePlan.pick(5, from: ids, using: &third))
    #expect(Set(a).count == 5)
  }

  @Test func pickIgnoresInputOrderAndDuplicates() {
    var first = SeededGenerator(seed: 1)
    var second = SeededGenerator(seed: 1)
    #expect(
      PracticePlan.pick(3, from: ["c", "a", "b", "a"], using: &first)
        == PracticePlan.pick(3, from: ["a", "b", "c"], using: &second))
  }

  @Test func pickNeverReturnsMoreThanThereAre() {
    var random = SeededGenerator(seed: 1)
    #expect(PracticePlan.pick(10, from: ["a", "b"], using: &random).sorted() == ["a", "b"])
  }

  static func criterion(_ id: String, _ points: Double, of max: Double, kind: CriterionResult.Kind = .content)
    -> CriterionResult
  {
    CriterionResult(
      id: id, title: id, kind: kind, points: points, maxPoints: max, evidence: [],
      missed: points < max ? [Miss(concept: nil, reason: "missing", hint: "add \(id)", pointsLost: max - points)] : [],
      message: nil)
  }

  static func report(_ criteria: [CriterionResult]) -> ScoreReport {
    ScoreReport(
      questionId: "q", rubrics: [], rubricHash: "", score: 50, band: "developing", criteria: criteria, bonus: [],
      redFlags: [],
      structure: StructureReport(
        sections: SectionFlags(Set<AnswerSection>()), sectionShares: SectionShares(AnswerSection.star.map { ($0, 0) }),
        segmentation: .guided, quantifiedResult: false, quantities: [], actionFirstPersonSingular: 0,
        actionFirstPersonPlural: 0, wordCount: 0, speakingSeconds: 0, fillers: [], buzzwords: [], findings: []),
      feedback: [], biggestGap: nil)
  }

  static let question = Question(
    id: "q", prompt: "?", category: "c", rubrics: ["r"],
    followUps: [
      FollowUp(criterion: "small", prompt: "small?"), FollowUp(criterion: "big", prompt: "big?"),
      FollowUp(criterion: "sections", prompt: "structure?"),
    ], modelAnswer: "")

  @Test func followUpTargetsTheMissedCriterionThatLostMost() {
    let report = Self.report([
      Self.criterion("small", 5, of: 10), Self.criterion("big", 0, of: 20), Self.criterion("met", 10, of: 10),
    ])
    #expect(PracticePlan.followUp(for: Self.question, after: report)?.criterion == "big")
  }

  @Test func followUpSkipsMissedCriteriaWithoutOneAndStructureCriteria() {
    let report = Self.report([
      Self.criterion("no-follow-up", 0, of: 30), Self.criterion("sections", 0, of: 25, kind: .structure),
      Self.criterion("small", 2, of: 10),
    ])
    #expect(PracticePlan.followUp(for: Self.question, after: report)?.criterion == "small")
  }

  @Test func noFollowUpWhenNothingWithOneWasMissed() {
    let report = Self.report([Self.criterion("small", 10, of: 10), Self.criterion("big", 20, of: 20)])
    #expect(PracticePlan.followUp(for: Self.question, after: report) == nil)
  }

  @Test(arguments: [
    (Int?.none, 3.0, Int?.none), (0, 3.0, 180), (0, 2.5, 150), (45, 3.0, 45),
  ])
  func timeBudgetComesFromTheRequestOrTheQuestion(requested: Int?, minutes: Double, expected: Int?) {
    var question = Self.question
    question.suggestedMinutes = minutes
    #expect(TimeBudget(requested: requested, question: question).limitSeconds == expected)
  }

  @Test func timeBudgetDescribesLeftOverAndUntimed() {
    #expect(TimeBudget(limitSeconds: 120).describe(after: 5) == "1:55 left")
    #expect(TimeBudget(limitSeconds: 60).describe(after: 72.4) == "0:12 over")
    #expect(TimeBudget(limitSeconds: nil).describe(after: 61) == "1:01 used")
    #expect(TimeBudget.clock(3600) == "60:00")
  }
}

@Suite struct EndOfSessionSummaryTests {
  static func record(
    _ id: String, question: String, kind: AnswerKind = .main, attempt: Int = 1, score: Double?,
    criteria: [CriterionResult] = [], competencies: [String] = ["metrics"], time: Double = 60
  ) -> AnswerRecord {
    var report = PracticePlanTests.report(criteria)
    report.score = score ?? 0
    return AnswerRecord(
      id: id, kind: kind, questionId: question, category: "cat-\(question)", competencies: competencies, prompt: "?",
      attempt: attempt, mode: .free, answer: Answer(text: "x"), skipped: score == nil, rubrics: [], rubricHash: "",
      bankVersion: "1", report: score == nil ? nil : report, timeUsedSeconds: time,
      startedAt: Date(timeIntervalSince1970: 0), answeredAt: Date(timeIntervalSince1970: 0))
  }

  @Test func summaryListsLatestAttemptsWeakestCriteriaAndNextSteps() {
    var session = Session(
      id: "20261121-000000-abcd", rehearseVersion: "t", bankVersion: "1", startedAt: Date(timeIntervalSince1970: 0),
      mode: .star, settings: SessionSettings(), plan: ["a", "b", "c", "d"])
    let weak = PracticePlanTests.criterion("guardrails", 0, of: 15)
    let ok = PracticePlanTests.criterion("north-star", 18, of: 18)
    session.answers = [
      Self.record("a1", question: "a", score: 40, criteria: [weak, ok]),
      Self.record("a2", question: "a", kind: .followUp, score: 10, time: 30),
      Self.record("a3", question: "a", attempt: 2, score: 70, criteria: [weak, ok], competencies: ["trade-offs"]),
      Self.record("a4", question: "b", score: nil, time: 5),
      Self.record("a5", question: "c", score: 90, criteria: [ok]),
    ]
    let summary = EndOfSessionSummary(session: session)
    #expect(summary.rows.map(\.questionId) == ["a", "b", "c"])
    #expect(summary.rows[0].attempts == 2)
    #expect(summary.rows[0].score == 70)
    #expect(summary.rows[0].timeUsedSeconds == 150)
    #expect(summary.rows[1].skipped)
    #expect(summary.notReached == ["d"])
    #expect(summary.averageScore == 66.7)
    #expect(summary.weakestCriteria.map(\.id) == ["guardrails"])
    #expect(summary.weakestCompetencies.map(\.id) == ["metrics", "trade-offs"])  // 65 (40, 90) and 70
    #expect(summary.timeUsedSeconds == 215)
    #expect(summary.practiseNext.first == "guardrails: add guardrails")
    #expect(summary.practiseNext.contains("You skipped 'b': rehearse practice --question b"))
    #expect(summary.practiseNext.contains("1 planned question left: rehearse practice --resume 20261121-000000-abcd"))
  }
}
