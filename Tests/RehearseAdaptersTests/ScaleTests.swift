import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore
import Testing

/// 1,000 sessions of 5 answers: history and stats must be right at scale. Not timed:
/// scripts/bench-history.sh times 10,000.
@Suite struct ScaleTests {
  /// Real reports, trimmed of evidence and prose so 5,000 of them write quickly.
  static let compactTemplates: [ScoreReport] = StoreFixture.templates.map { template in
    var report = template
    report.criteria = report.criteria.map { criterion in
      var trimmed = criterion
      trimmed.evidence = []
      trimmed.missed = []
      return trimmed
    }
    report.feedback = []
    report.structure.quantities = []
    report.structure.findings = []
    return report
  }

  @Test func historyAndStatsAreRightForAThousandSessions() throws {
    let count = 1_000
    let generator = StoreFixture.generator(templates: Self.compactTemplates)
    let store = try StoreFixture.store(durable: false)
    defer { try? FileManager.default.removeItem(at: store.home.url) }
    try generator.write(count: count, answers: 5, into: store)

    // Expected figures straight from the generated sessions, not through the index.
    var scores: [Double] = []
    var byCategory: [String: [Double]] = [:]
    for index in 0..<count {
      for record in generator.session(index, answers: 5).answers {
        let score = try #require(record.report?.score)
        scores.append(score)
        byCategory[record.category, default: []].append(score)
      }
    }
    let mean = { (values: [Double]) in ((values.reduce(0, +) / Double(values.count)) * 10).rounded() / 10 }

    let catalog = try store.catalog()
    #expect(catalog.reread == 0)
    #expect(catalog.sessions.count == count)
    #expect(catalog.sessions.map(\.id) == (0..<count).map(generator.id))

    let utc = TimeZone(secondsFromGMT: 0) ?? .current
    let history = HistoryRenderer(style: .plain, timeZone: utc).render(catalog.sessions).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(history.count == count + 3)
    let first = generator.session(0, answers: 5)
    let time = Display.duration(first.answers.reduce(0) { $0 + $1.timeUsedSeconds })
    #expect(history[1].hasPrefix("2026-09-21 14:13  \(first.id)  free  5/5   "))
    #expect(history[1].contains(" \(format(first.averageScore ?? 0))  \(time) "))
    #expect(history[1].hasSuffix("  success-metrics"))
    #expect(history.last == "\(count) sessions, \(count * 5) scored answers, average \(format(mean(scores)))")

    let json = try #require(
      try JSONSerialization.jsonObject(with: HistoryRenderer.json(catalog.sessions)) as? [[String: Any]])
    #expect(json.count == count)
    #expect(json.allSatisfy { $0["answers"] as? Int == 5 })
    #expect(json[42]["id"] as? String == generator.id(42))
    #expect(json[42]["averageScore"] as? Double == generator.session(42, answers: 5).averageScore)
    #expect(
      json[42]["startedAt"] as? String
        == ISO8601DateFormatter().string(from: generator.session(42, answers: 5).startedAt))

    let stats = PracticeStats(summaries: catalog.sessions, now: StoreFixture.start, timeZone: utc)
    #expect(stats.sessions == count)
    #expect(stats.answers == count * 5)
    #expect(stats.averageScore == mean(scores))
    #expect(stats.bestScore == scores.max())
    #expect(stats.categories.map(\.id) == byCategory.keys.sorted())
    for group in stats.categories {
      #expect(group.attempts == byCategory[group.id]?.count)
      #expect(group.average == byCategory[group.id].map(mean))
    }
    #expect(stats.competencies.reduce(0) { $0 + $1.attempts } >= count * 5)
    let rendered = StatsRenderer(style: .plain).render(stats)
    #expect(
      rendered.hasPrefix(
        "Practice statistics: \(count) sessions, \(count * 5) scored answers, average \(format(mean(scores)))"))
  }
}
