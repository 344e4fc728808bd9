import Foundation
import RehearseCore
import Testing

@Suite struct PracticeStatsTests {
  let sessions: [SessionSummary] = [
    Fixture.session(
      "s1", at: Fixture.date(day: 18),
      answers: [
        Fixture.answer(
          "a1", category: "metrics-cat", competencies: ["metrics"], score: 40, at: Fixture.date(day: 18),
          criteria: [("gaming", 0, 10), ("north-star", 10, 10)]),
        Fixture.answer(
          "a2", category: "tradeoffs", competencies: ["metrics", "trade-offs"], score: 60,
          at: Fixture.date(day: 18, hour: 10), criteria: [("gaming", 5, 10)]),
        Fixture.answer("a3", score: 99, at: Fixture.date(day: 18, hour: 11), kind: .followUp),
        Fixture.answer("a4", score: nil, at: Fixture.date(day: 18, hour: 12)),
      ]),
    Fixture.session(
      "s2", at: Fixture.date(day: 20),
      answers: [
        Fixture.answer(
          "a1", category: "metrics-cat", competencies: ["metrics"], score: 80, at: Fixture.date(day: 20),
          criteria: [("north-star", 5, 10)]),
        Fixture.answer(
          "a2", category: "metrics-cat", competencies: ["metrics"], score: 90, at: Fixture.date(day: 21, hour: 1)),
      ]),
  ].map(SessionSummary.init)

  @Test func summariesCountOnlyScoredMainAnswers() {
    #expect(sessions[0].answers.map(\.score) == [40, 60])
    #expect(sessions[0].skipped == 1)
    #expect(sessions[0].followUps == 1)
    #expect(sessions[0].averageScore == 50)
    #expect(sessions[0].durationSeconds == 240)
    #expect(sessions[0].categories == ["metrics-cat", "tradeoffs"])
  }

  @Test func perCategoryAndCompetencyAttemptsAverageBestAndTrend() throws {
    let stats = PracticeStats(summaries: sessions, now: Fixture.date(day: 21, hour: 12), timeZone: Fixture.utc)
    #expect(stats.answers == 4)
    #expect(stats.averageScore == 67.5)
    #expect(stats.bestScore == 90)
    let metricsCategory = try #require(stats.categories.first { $0.id == "metrics-cat" })
    #expect(metricsCategory.attempts == 3)
    #expect(metricsCategory.average == 70)
    #expect(metricsCategory.best == 90)
    // Three attempts: window 3/2 = 1 → 90 − 80.
    #expect(metricsCategory.trend == 10)
    let metrics = try #require(stats.competencies.first { $0.id == "metrics" })
    // Scores 40, 60, 80, 90: window 2 → mean(80, 90) − mean(40, 60) = 35.
    #expect(metrics.attempts == 4)
    #expect(metrics.trend == 35)
    #expect(metrics.recent == [40, 60, 80, 90])
    #expect(stats.competencies.map(\.id) == ["metrics", "trade-offs"])
  }

  @Test func weakestCriteriaAreTheLowestShareOfPointsEarned() {
    let stats = PracticeStats(summaries: sessions, now: Fixture.date(day: 21), timeZone: Fixture.utc)
    #expect(stats.weakestCriteria.map(\.id) == ["gaming", "north-star"])
    #expect(stats.weakestCriteria.map(\.percent) == [25, 75])
    #expect(stats.weakestCriteria.map(\.answers) == [2, 2])
  }

  @Test func theStreakCountsDaysInARowInThePersonsTimeZone() {
    // Answers on the 18th, 20th and 21st (01:00 UTC): in UTC the streak is 20–21.
    let utc = PracticeStats(summaries: sessions, now: Fixture.date(day: 21, hour: 12), timeZone: Fixture.utc)
    #expect(
      utc.streak
        == Streak(
          days: [Fixture.date(day: 18), Fixture.date(day: 20), Fixture.date(day: 21, hour: 1)],
          now: Fixture.date(day: 21, hour: 12), timeZone: Fixture.utc))
    #expect(utc.streak.current == 2)
    #expect(utc.streak.longest == 2)
    #expect(utc.streak.lastPracticed == "2026-11-21")
    // Five hours behind UTC, 01:00 on the 21st is still the 20th: one day, practised yesterday.
    let behind = TimeZone(secondsFromGMT: -5 * 3600) ?? Fixture.utc
    let streak = Streak(
      days: [Fixture.date(day: 20), Fixture.date(day: 21, hour: 1)], now: Fixture.date(day: 21, hour: 12),
      timeZone: behind)
    #expect(streak.current == 1)
    #expect(streak.lastPracticed == "2026-11-20")
    // Nothing yesterday or today: the streak is over.
    #expect(Streak(days: [Fixture.date(day: 18)], now: Fixture.date(day: 21), timeZone: Fixture.utc).current == 0)
  }

  @Test func theLongestRunCanBeEarlierAndDatesComeInAnyOrder() {
    // 3-5, 10-13 (twice on the 12th), 20-21 and today the 21st; given shuffled.
    let days = [12, 4, 21, 3, 11, 20, 13, 5, 12, 10]
    let streak = Streak(
      days: days.map { Fixture.date(day: $0, hour: $0 % 3 * 7) }, now: Fixture.date(day: 21, hour: 23),
      timeZone: Fixture.utc)
    #expect(streak.current == 2 && streak.longest == 4)
    #expect(streak.lastPracticed == "2026-11-21")
    // A day after today (a clock set wrong) is neither today's run nor yesterday's.
    let ahead = Streak(
      days: [Fixture.date(day: 20), Fixture.date(day: 22)], now: Fixture.date(day: 21), timeZone: Fixture.utc)
    #expect(ahead.current == 1 && ahead.longest == 1)
    #expect(ahead.lastPracticed == "2026-11-22")
    let none = Streak(days: [], now: Fixture.date(day: 21), timeZone: Fixture.utc)
    #expect(none.current == 0 && none.longest == 0)
    #expect(none.lastPracticed == nil)
  }

  @Test(arguments: ["1970-01-01", "2000-02-29", "2026-11-21", "2099-12-31"])
  func dayNumbersRoundTripThroughISODates(text: String) throws {
    #expect(try DayNumber(isoDate: text).isoDate == text)
  }
}
