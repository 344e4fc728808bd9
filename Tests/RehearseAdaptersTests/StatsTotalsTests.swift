import Foundation
import RehearseBenchSupport
import RehearseCore
import Testing

@testable import RehearseAdapters

/// `stats` takes its totals from SQL queries on the session index (running totals kept by
/// every save, or sums over the chosen rows under a filter) and falls back on computing
/// them from the summaries. Both must give the same numbers, after saves that replace and
/// remove sessions, with and without filters.
@Suite struct StatsTotalsTests {
  struct Ways {
    var fast: StatsTotals
    var plain: StatsTotals
    var fromIndex: Bool
  }

  func bothWays(_ store: SessionStore, _ filter: SessionFilter = SessionFilter(), keeping: Set<String>? = nil)
    throws -> Ways
  {
    let catalog = try store.catalog(.sessions)
    let fast = try store.statsTotals(of: filter.apply(catalog.sessions), in: catalog, keeping: keeping)
    let plain = StatsTotals(
      summaries: filter.apply(try store.catalog(.full).sessions), keeping: keeping.map { kept in kept.contains })
    return Ways(fast: fast, plain: plain, fromIndex: catalog.indexIsCurrent)
  }

  /// A store whose running totals have seen answers replaced, sessions deleted, and files
  /// copied in without their rows.
  func editedStore() throws -> (SessionStore, SyntheticSessions) {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try generator.write(count: 30, answers: 3, into: store)
    let now = Date()
    try store.update(id: generator.id(4), now: now) { session in
      session.answers[0].report?.score = 97.25
      session.answers[1].report?.criteria[0].points = 0
    }
    try store.update(id: generator.id(7), now: now) { session in session.answers.removeLast() }
    try FileManager.default.removeItem(at: store.url(for: generator.id(9)))
    for index in 30..<33 {
      let copied = generator.session(index, answers: 2)
      try AtomicFile.write(try SessionStore.document(copied), to: store.url(for: copied.id), sync: false)
    }
    _ = try store.catalog()  // the read that catches the index up
    return (store, generator)
  }

  @Test func theIndexGivesTheTotalsTheSummariesGive() throws {
    let (store, _) = try editedStore()
    let ways = try bothWays(store)
    #expect(ways.fromIndex)
    #expect(ways.fast.sessions == 32)
    #expect(ways.fast.answeredAt.count == 30 * 3 - 3 - 1 + 3 * 2)
    #expect(ways.fast == ways.plain)
    let now = StoreFixture.start.addingTimeInterval(40 * 86_400)
    let utc = TimeZone(secondsFromGMT: 0) ?? .current
    #expect(
      PracticeStats(totals: ways.fast, now: now, timeZone: utc)
        == PracticeStats(summaries: try store.catalog().sessions, now: now, timeZone: utc))
  }

  @Test func filtersAreQueriedAsTheSummariesAreFiltered() throws {
    let (store, generator) = try editedStore()
    let since = SessionFilter(since: generator.session(12, answers: 1).startedAt)
    let category = SessionFilter(category: "tradeoffs")
    for (filter, keeping) in [
      (since, nil), (category, nil), (SessionFilter(), Set(["leadership-q1", "tradeoffs-q2"])),
      (since, Set(["success-metrics-q3"])), (SessionFilter(category: "nowhere"), nil),
    ] as [(SessionFilter, Set<String>?)] {
      let ways = try bothWays(store, filter, keeping: keeping)
      #expect(ways.fromIndex)
      #expect(ways.fast == ways.plain, "filter \(filter), keeping \(keeping ?? [])")
    }
    let tracked = try bothWays(store, keeping: ["leadership-q1"])
    #expect(tracked.fast.questions.map(\.question.id) == ["leadership-q1"])
    #expect(tracked.fast.sessions == tracked.fast.questions[0].attempts)
  }

  @Test func statsWithoutAFilterAreQueriedAlongsideTheCheckAndRedoneWhenFilesChanged() throws {
    let (store, generator) = try editedStore()
    let plain = { StatsTotals(summaries: try store.catalog(.full).sessions) }
    let first = try store.stats(filter: SessionFilter())
    #expect(first.catalog.indexWasCurrent)
    #expect(first.catalog.sessions.isEmpty)
    #expect(first.totals == (try plain()))
    // Edited in place (same file, new size and time): the totals queried before the check
    // saw the old score, so they are queried again once the file's row is re-read.
    let url = store.url(for: generator.id(5))
    let text = try String(contentsOf: url, encoding: .utf8)
    let score = try #require(try store.load(id: generator.id(5)).answers[0].report?.score)
    let edited = text.replacingOccurrences(of: "\"score\" : \(format(score))", with: "\"score\" : 3.25")
    #expect(edited != text)
    try StoreFixture.write(edited, to: url)
    let second = try store.stats(filter: SessionFilter())
    #expect(second.catalog.reread == 1)
    #expect(second.totals == (try plain()))
    #expect(second.totals != first.totals)
    let tracked = try store.stats(filter: SessionFilter(), keeping: ["tradeoffs-q2"])
    #expect(
      tracked.totals == StatsTotals(summaries: try store.catalog(.full).sessions, keeping: { $0 == "tradeoffs-q2" }))
    let filtered = try store.stats(filter: SessionFilter(category: "tradeoffs"))
    #expect(filtered.catalog.sessions.count == 32)
    #expect(
      filtered.totals
        == StatsTotals(summaries: SessionFilter(category: "tradeoffs").apply(try store.catalog(.full).sessions)))
  }

  @Test func theRunningTotalsAreThoseOfARebuiltIndex() throws {
    let (store, _) = try editedStore()
    let kept = try bothWays(store).fast
    try FileManager.default.removeItem(at: store.home.url.appendingPathComponent("index.sqlite"))
    let rebuilt = try store.catalog(.sessions)
    #expect(rebuilt.reread == 32)
    #expect(try store.statsTotals(of: rebuilt.sessions, in: rebuilt) == kept)
  }

  @Test func theLatestScoresOfAQuestionAreItsLastTwentyInHistoryOrder() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try generator.write(count: 75, answers: 3, into: store)
    let ways = try bothWays(store)
    let first = try #require(ways.fast.questions.first)
    #expect(first.attempts == 25)
    #expect(first.recent.count == PracticeStats.recentCount)
    #expect(first.recent == first.recent.sorted())
    #expect(ways.fast == ways.plain)
  }
}
