import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore
import Testing

@Suite struct ChartTests {
  @Test func sparklinesUseTheAbsoluteScoreScale() {
    #expect(Chart.sparkline([0, 12.5, 30, 50, 62.5, 80, 95, 100]) == "▁▂▃▅▆▇██")
    #expect(Chart.sparkline([]) == "")
  }

  @Test(arguments: [
    (0.0, "··········"), (50, "█████·····"), (55, "█████▌····"), (100, "██████████"), (140, "██████████"),
  ])
  func barsFillInEighths(value: Double, bar: String) {
    #expect(Chart.bar(value) == bar)
  }

  @Test func trendsShowDirectionBeyondTwoPoints() {
    #expect(Chart.trend(6.2) == "↑ +6.2")
    #expect(Chart.trend(-3) == "↓ −3")
    #expect(Chart.trend(1.5) == "→ +1.5")
    #expect(Chart.trend(0) == "→ ±0")
    #expect(Chart.trend(nil) == "–")
  }

  @Test func statsAreColouredOnlyWhenTheStyleAllowsIt() {
    var session = Session(
      id: "20261121-093000-ab12", rehearseVersion: "t", bankVersion: "t", startedAt: StoreFixture.start, mode: .free,
      settings: SessionSettings(), plan: [])
    session.answers = StoreFixture.generator().session(0, answers: 2).answers
    let stats = PracticeStats(summaries: [SessionSummary(session)], now: StoreFixture.start, timeZone: .current)
    let plain = StatsRenderer(style: .plain).render(stats)
    let colour = StatsRenderer(style: TerminalStyle(color: true, width: 80)).render(stats)
    #expect(!plain.contains("\u{1B}["))
    #expect(colour.contains("\u{1B}[1mPractice statistics\u{1B}[0m"))
    #expect(colour.contains("Recent   \u{1B}[36m\(Chart.sparkline(stats.recentScores))\u{1B}[0m"))
    #expect(colour.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression) == plain)
  }
}
