import CSQLite
import Foundation
import RehearseCore

extension SessionStore {
  /// What `stats` shows: the catalog (for its problems, and the sessions `filter` keeps)
  /// and the totals of the kept sessions' answers to questions `keeping` accepts.
  ///
  /// Without a filter the totals do not depend on the catalog, so they are queried from
  /// the index on a second thread while the catalog checks the index against the files,
  /// and kept when that check found nothing to catch up (a save made meanwhile may or may
  /// not be counted, as with any read a moment earlier). Otherwise they are queried after.
  public func stats(filter: SessionFilter, keeping: Set<String>? = nil) throws(StoreError) -> (
    catalog: SessionCatalog, totals: StatsTotals
  ) {
    guard filter.keepsEverything else {
      let catalog = try catalog(.sessions)
      return (catalog, try statsTotals(of: filter.apply(catalog.sessions), in: catalog, keeping: keeping))
    }
    let index = index
    let early = InBackground { try? index.totals(of: nil, keeping: keeping) }
    let catalog = try catalog(.indexOnly)
    if catalog.indexWasCurrent, let totals = early.value { return (catalog, totals) }
    return (catalog, try statsTotals(of: nil, in: catalog, keeping: keeping))
  }

  /// The totals `stats` is computed from, for `sessions` (summaries from `catalog`, after
  /// any `--category` or `--since` filter; nil for every session), counting only answers
  /// to questions whose id `keeping` accepts (`--track`).
  ///
  /// When `catalog` was served from a current index the totals are SQL queries on it,
  /// which is what keeps `stats` fast at 10,000 sessions; otherwise (a read-only data home,
  /// an index that could not be written, any query error) they are computed from the full
  /// summaries, the plain way. Both give the same ``StatsTotals`` (tested).
  public func statsTotals(
    of sessions: [SessionSummary]?, in catalog: SessionCatalog, keeping: Set<String>? = nil
  ) throws(StoreError) -> StatsTotals {
    if catalog.indexIsCurrent, let totals = try? index.totals(of: sessions?.map(\.id), keeping: keeping) {
      return totals
    }
    let full = catalog.detail == .full ? catalog : try self.catalog(.full)
    let chosen = sessions.map { sessions in
      let wanted = Set(sessions.map(\.id))
      return full.sessions.filter { wanted.contains($0.id) }
    }
    return StatsTotals(summaries: chosen ?? full.sessions, keeping: keeping.map { set in set.contains })
  }
}

extension SessionIndex {
  /// ``StatsTotals`` by SQL queries on the index, of the sessions with the given ids (nil:
  /// every session) and the answers to questions `keeping` accepts (nil: all).
  ///
  /// Over every session, totals per question and per criterion are the running totals
  /// saves keep (`questionTotals`, `criterionTotals`) and answer times come from one column
  /// per session; a filter sums the chosen rows instead. Each question's latest scores are
  /// read newest first from the index `answersByQuestion`, stopping after
  /// ``PracticeStats/recentCount``.
  func totals(of ids: [String]?, keeping: Set<String>?) throws(SQLiteError) -> StatsTotals {
    let db = try SQLiteDatabase(path: path, readOnly: true)
    db.setBusyTimeout(milliseconds: 5_000)
    try db.execute("BEGIN")
    defer { try? db.execute("COMMIT") }

    let questions = try Self.questionRefs(db)
    let everything = ids == nil && keeping == nil
    var answers = "answers a"
    var tallies = "tallies t"
    var sessionCount: Int64 = 0
    if !everything {
      // The chosen sessions and questions as temporary tables the queries join.
      try db.execute(
        """
        PRAGMA temp_store = MEMORY;
        CREATE TEMP TABLE picked(key INTEGER PRIMARY KEY); CREATE TEMP TABLE kept(key INTEGER PRIMARY KEY);
        """)
      if let ids {
        let insert = try db.prepare("INSERT OR IGNORE INTO picked SELECT key FROM sessions WHERE id = ?1")
        for id in ids { try insert.run(.text(id)) }
      } else {
        try db.execute("INSERT INTO picked SELECT key FROM sessions WHERE startedAt IS NOT NULL")
      }
      let keep = try db.prepare("INSERT INTO kept VALUES(?1)")
      for (key, ref) in questions where keeping?.contains(ref.id) ?? true { try keep.run(.integer(key)) }
      if keeping != nil {
        try db.execute("DELETE FROM picked WHERE key NOT IN (SELECT session FROM answers WHERE question IN kept)")
      }
      answers = "answers a JOIN picked p ON p.key = a.session JOIN kept k ON k.key = a.question"
      tallies = "tallies t JOIN picked p ON p.key = t.session"
    }
    let counted = try db.prepare(
      everything ? "SELECT COUNT(*) FROM sessions WHERE startedAt IS NOT NULL" : "SELECT COUNT(*) FROM picked")
    if try counted.step() { sessionCount = counted.int(0) }

    var perQuestion: [QuestionTotals] = []
    let latest = try db.prepare(
      """
      SELECT a.answeredAt, s.startedAt, s.id, a.position, a.score FROM \(answers) JOIN sessions s ON s.key = a.session
      WHERE a.question = ?1 ORDER BY a.answeredAt DESC
      """)
    let questionTotals = try db.prepare(
      everything
        ? "SELECT question, attempts, total, best FROM questionTotals"
        : """
        SELECT a.question, COUNT(*), SUM(CAST(round(a.score * 1000000) AS INTEGER)), MAX(a.score) FROM \(answers)
        GROUP BY a.question
        """)
    while try questionTotals.step() {
      guard let ref = questions[questionTotals.int(0)] else { continue }
      // Newest first, until the last kept score is older than the newest `recentCount`
      // (answers given at the same instant are all read, then ordered as the plain way does).
      var recent: [RecentScore] = []
      try latest.bind(.integer(questionTotals.int(0)))
      while try latest.step() {
        let answeredAt = latest.double(0)
        if recent.count >= PracticeStats.recentCount,
          answeredAt < recent[PracticeStats.recentCount - 1].answeredAt.timeIntervalSince1970
        {
          break
        }
        recent.append(
          RecentScore(
            answeredAt: Date(timeIntervalSince1970: answeredAt),
            sessionStartedAt: Date(timeIntervalSince1970: latest.double(1)), sessionId: latest.text(2) ?? "",
            position: Int(latest.int(3)), score: latest.double(4)))
      }
      perQuestion.append(
        QuestionTotals(
          question: ref, attempts: Int(questionTotals.int(1)),
          scoreTotal: StatsTotals.points(micro: questionTotals.int(2)),
          best: questionTotals.double(3), recent: Array(recent.sorted().suffix(PracticeStats.recentCount))))
    }

    var times: [Date] = []
    if everything {
      let timeRows = try db.prepare("SELECT answerTimes FROM sessions WHERE answerTimes IS NOT NULL")
      while try timeRows.step() { timeRows.withBlob(0) { AnswerTimes.decode($0, into: &times) } }
    } else {
      let timeRows = try db.prepare("SELECT a.answeredAt FROM \(answers)")
      while try timeRows.step() { times.append(Date(timeIntervalSince1970: timeRows.double(0))) }
    }

    var titles: [Int64: (id: String, title: String)] = [:]
    let criterionRows = try db.prepare("SELECT key, id, title FROM criteria")
    while try criterionRows.step() {
      titles[criterionRows.int(0)] = (criterionRows.text(1) ?? "", criterionRows.text(2) ?? "")
    }
    var byTitle: [(title: String, tally: CriterionTally)] = []
    let tallyRows = try db.prepare(
      everything
        ? "SELECT criterion, points, maxPoints, answers FROM criterionTotals"
        : """
        SELECT t.criterion, SUM(CAST(round(t.points * 1000000) AS INTEGER)),
          SUM(CAST(round(t.maxPoints * 1000000) AS INTEGER)), SUM(t.answers)
        FROM \(tallies) GROUP BY t.criterion
        """)
    while try tallyRows.step() {
      guard let criterion = titles[tallyRows.int(0)] else { continue }
      byTitle.append(
        (
          criterion.title,
          CriterionTally(
            id: criterion.id, title: criterion.title, points: StatsTotals.points(micro: tallyRows.int(1)),
            maxPoints: StatsTotals.points(micro: tallyRows.int(2)), answers: Int(tallyRows.int(3)))
        ))
    }
    return StatsTotals(
      sessions: Int(sessionCount), questions: perQuestion, answeredAt: times,
      criteria: StatsTotals.merging(byTitle.map(\.tally)))
  }
}
