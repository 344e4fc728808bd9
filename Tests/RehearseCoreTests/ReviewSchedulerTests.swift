import Foundation
import RehearseCore
import Testing

@Suite struct ReviewSchedulerTests {
  @Test(arguments: [
    (100.0, 5), (90, 5), (89.9, 4), (75, 4), (74.9, 3), (60, 3), (59.9, 2), (45, 2), (44.9, 1), (25, 1), (24.9, 0),
    (0, 0),
  ])
  func scoreMapsToGrade(score: Double, grade: Int) {
    #expect(SM2.grade(forScore: score) == grade)
  }

  @Test func passingReviewsGrowTheIntervalOneSixThenTimesEasiness() throws {
    let days = (0..<3).map { (day: DayNumber(value: 20_000 + $0 * 10), score: 80.0) }
    let state = try #require(CompetencyReview(competency: "metrics", days: days))
    // Grade 4 keeps the easiness at 2.5: intervals 1, 6, then round(6 × 2.5) = 15.
    #expect(state.repetitions == 3)
    #expect(state.intervalDays == 15)
    #expect(state.easiness == 2.5)
    #expect(state.due == DayNumber(value: 20_020 + 15))
  }

  @Test func aFailedReviewResetsTheIntervalAndLowersEasiness() throws {
    let days = [(DayNumber(value: 100), 95.0), (DayNumber(value: 101), 95.0), (DayNumber(value: 107), 30.0)].map {
      (day: $0.0, score: $0.1)
    }
    let state = try #require(CompetencyReview(competency: "metrics", days: days))
    #expect(state.repetitions == 0)
    #expect(state.intervalDays == 1)
    #expect(state.lastGrade == 1)
    // 2.5 +0.1 +0.1 (two grade-5 reviews), then grade 1: 0.1 − 4 × (0.08 + 4 × 0.02) = −0.54.
    #expect(abs(state.easiness - 2.16) < 1e-9)
    #expect(state.due == DayNumber(value: 108))
  }

  @Test func answersOnOneDayCountAsOneReviewAtTheirMeanScore() throws {
    let answers = [
      AnswerSummary(
        questionId: "q1", category: "c", competencies: ["metrics"], score: 40,
        answeredAt: Fixture.date(day: 10, hour: 8)),
      AnswerSummary(
        questionId: "q2", category: "c", competencies: ["metrics"], score: 90,
        answeredAt: Fixture.date(day: 10, hour: 20)),
    ]
    let state = try #require(ReviewScheduler.reviews(from: answers, timeZone: Fixture.utc)["metrics"])
    #expect(state.reviews == 1)
    #expect(state.lastScore == 65)
    #expect(state.lastGrade == 3)
  }

  @Test func thePlanListsOverdueFirstThenDueNewAndLaterWithReasons() {
    let answers = [
      // metrics: practised on the 1st (grade 2, due the 2nd) → 19 days overdue on the 21st.
      AnswerSummary(
        questionId: "q1", category: "c", competencies: ["metrics"], score: 50, answeredAt: Fixture.date(day: 1)),
      // trade-offs: practised on the 20th (pass, interval 1) → due the 21st, today.
      AnswerSummary(
        questionId: "q2", category: "c", competencies: ["trade-offs"], score: 70, answeredAt: Fixture.date(day: 20)),
      // ethics: practised the 21st → due tomorrow.
      AnswerSummary(
        questionId: "q3", category: "c", competencies: ["ethics"], score: 95, answeredAt: Fixture.date(day: 21, hour: 8)
      ),
    ]
    let plan = ReviewScheduler.plan(
      answers: answers, known: ["metrics", "data"], now: Fixture.date(day: 21, hour: 12), timeZone: Fixture.utc)
    #expect(plan.map(\.competency) == ["metrics", "trade-offs", "data", "ethics"])
    #expect(plan.map(\.status) == [.overdue, .due, .new, .later])
    #expect(plan[0].daysOverdue == 19)
    #expect(
      plan[0].reason
        == "due 2026-11-02, 19 days ago; last practised 2026-11-01: score 50, grade 2/5 (not yet: interval reset), next interval 1 day"
    )
    #expect(plan[1].reason.hasPrefix("due today;"))
    #expect(plan[2].reason == "never practised; questions in the bank exercise it")
    #expect(plan[3].reason.hasPrefix("due 2026-11-22, in 1 day;"))
  }

  @Test func dueQuestionsPreferNeverAnsweredThenLongestAgoAndRespectTheLimit() {
    let answers = [
      AnswerSummary(
        questionId: "old", category: "c", competencies: ["metrics"], score: 50, answeredAt: Fixture.date(day: 1)),
      AnswerSummary(
        questionId: "recent", category: "c", competencies: ["metrics"], score: 50, answeredAt: Fixture.date(day: 2)),
    ]
    let questions: [QuestionRef] = [
      QuestionRef(id: "recent", category: "c", competencies: ["metrics"]),
      QuestionRef(id: "old", category: "c", competencies: ["metrics"]),
      QuestionRef(id: "fresh-data", category: "c", competencies: ["data"]),
      QuestionRef(id: "later", category: "c", competencies: ["ethics"]),
    ]
    let plan = ReviewScheduler.plan(
      answers: answers, known: ["metrics", "data", "ethics"], now: Fixture.date(day: 21), timeZone: Fixture.utc)
    // metrics is overdue → its longest-ago question; then the new competencies.
    #expect(
      ReviewScheduler.dueQuestions(plan: plan, questions: questions, answers: answers, limit: 10) == [
        "old", "fresh-data", "later",
      ])
    #expect(ReviewScheduler.dueQuestions(plan: plan, questions: questions, answers: answers, limit: 1) == ["old"])
  }
}
