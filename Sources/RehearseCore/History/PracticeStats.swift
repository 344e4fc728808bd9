import Foundation

/// Progress over every session: per category and per competency, the weakest rubric
/// criteria, and the practice streak.
///
/// Pure: computed from session summaries, the current time and the person's time zone
/// (which decides where a day ends for the streak).
public struct PracticeStats: Codable, Sendable, Equatable {
  /// Sessions counted (after any filter).
  public var sessions: Int
  /// Scored main answers across all sessions.
  public var answers: Int
  /// Mean score of the scored main answers, 0–100, one decimal; nil when there are none.
  public var averageScore: Double?
  /// Highest score of any scored main answer; nil when there are none.
  public var bestScore: Double?
  /// The last scores overall, oldest first (at most ``recentCount``).
  public var recentScores: [Double]
  /// Per category id, sorted by id.
  public var categories: [GroupStats]
  /// Per competency, sorted by id; an answer counts once for each competency of its question.
  public var competencies: [GroupStats]
  /// Per career track, from the bank's questions; empty when the bank has no tracks.
  public var tracks: [GroupStats]
  /// Criteria with the lowest share of points earned, weakest first.
  public var weakestCriteria: [CriterionStats]
  /// Days in a row practised, in the person's time zone.
  public var streak: Streak

  /// How many recent scores are kept for sparklines.
  public static let recentCount = 20

  /// Computes the statistics from session summaries. `weakest` is how many criteria to
  /// list; `tracksOf` gives each question id's career tracks (answers to questions it does
  /// not know count in no track).
  public init(
    summaries: [SessionSummary], now: Date, timeZone: TimeZone, weakest: Int = 5, tracksOf: [String: [String]] = [:]
  ) {
    self.init(
      totals: StatsTotals(summaries: summaries), now: now, timeZone: timeZone, weakest: weakest, tracksOf: tracksOf)
  }

  /// Computes the statistics from totals per question: what the session index's queries
  /// return, and what ``StatsTotals/init(summaries:keeping:)`` computes from summaries.
  public init(
    totals: StatsTotals, now: Date, timeZone: TimeZone, weakest: Int = 5, tracksOf: [String: [String]] = [:]
  ) {
    sessions = totals.sessions
    let all = GroupTotals(totals.questions)
    answers = all.attempts
    averageScore = all.attempts > 0 ? Self.round(all.total / Double(all.attempts)) : nil
    bestScore = all.attempts > 0 ? all.best : nil
    recentScores = all.recent.map(\.score)

    var byCategory: [String: [QuestionTotals]] = [:]
    var byCompetency: [String: [QuestionTotals]] = [:]
    var byTrack: [String: [QuestionTotals]] = [:]
    for question in totals.questions {
      byCategory[question.question.category, default: []].append(question)
      for competency in Set(question.question.competencies) { byCompetency[competency, default: []].append(question) }
      for track in Set(tracksOf[question.question.id] ?? []) { byTrack[track, default: []].append(question) }
    }
    func groups(_ members: [String: [QuestionTotals]]) -> [GroupStats] {
      members.map { GroupTotals($0.value).stats(id: $0.key) }.sorted { $0.id < $1.id }
    }
    categories = groups(byCategory)
    competencies = groups(byCompetency)
    tracks = groups(byTrack)

    weakestCriteria = totals.criteria
      .map { CriterionStats(id: $0.id, title: $0.title, answers: $0.answers, percent: Self.round($0.percent)) }
      .sorted { ($0.percent, -$0.answers, $0.id) < ($1.percent, -$1.answers, $1.id) }
      .prefix(weakest).map { $0 }

    streak = Streak(days: totals.answeredAt, now: now, timeZone: timeZone)
  }

  static func mean(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    return round(values.reduce(0, +) / Double(values.count))
  }

  static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// Attempts, average, best and trend for one category or competency.
public struct GroupStats: Codable, Sendable, Equatable {
  /// The category, competency or track id.
  public var id: String
  /// Scored main answers in the group.
  public var attempts: Int
  /// Mean score, 0–100, one decimal; 0 with no attempts.
  public var average: Double
  /// Highest score; 0 with no attempts.
  public var best: Double
  /// Mean of the latest attempts minus the mean of as many attempts before them (up to five
  /// each); nil with fewer than two attempts. Positive means improving.
  public var trend: Double?
  /// The last scores, oldest first (at most ``PracticeStats/recentCount``).
  public var recent: [Double]

  /// Statistics for scores given oldest first.
  public init(id: String, scores: [Double]) {
    self.init(
      id: id, attempts: scores.count, total: scores.reduce(0, +), best: scores.max() ?? 0,
      recent: Array(scores.suffix(PracticeStats.recentCount)))
  }

  /// Statistics from totals: `recent` holds the last scores, oldest first, at least the
  /// last ``PracticeStats/recentCount`` (or all of them when there are fewer).
  public init(id: String, attempts: Int, total: Double, best: Double, recent: [Double]) {
    self.id = id
    self.attempts = attempts
    average = attempts > 0 ? PracticeStats.round(total / Double(attempts)) : 0
    self.best = attempts > 0 ? best : 0
    let window = min(5, attempts / 2)
    if window > 0, let latest = PracticeStats.mean(Array(recent.suffix(window))),
      let before = PracticeStats.mean(Array(recent.dropLast(window).suffix(window)))
    {
      trend = PracticeStats.round(latest - before)
    } else {
      trend = nil
    }
    self.recent = Array(recent.suffix(PracticeStats.recentCount))
  }
}

/// What ``PracticeStats`` is computed from: the chosen sessions' scored answers totalled per
/// question with each question's latest scores, the time of every answer (for the streak),
/// and the criteria summed per id.
///
/// Two ways make one, and tests check they agree: ``init(summaries:keeping:)`` from session
/// summaries (the plain way, which `stats` falls back on), and the session index's SQL
/// queries (the fast way `stats` takes when the index is current), which read no answer
/// into a Swift value one by one.
public struct StatsTotals: Sendable, Equatable {
  /// Sessions counted (with `keeping`, those with at least one kept answer).
  public var sessions: Int
  /// Per question, sorted by ``QuestionRef`` id, category and competencies.
  public var questions: [QuestionTotals]
  /// When every counted answer was given, in ascending order.
  public var answeredAt: [Date]
  /// Per criterion id, sorted by id (see ``merging(_:)`` for the title).
  public var criteria: [CriterionTally]

  /// Totals from their parts, put in the documented order.
  public init(sessions: Int, questions: [QuestionTotals], answeredAt: [Date], criteria: [CriterionTally]) {
    self.sessions = sessions
    self.questions = questions.sorted { Self.precedes($0.question, $1.question) }
    self.answeredAt = answeredAt.sorted()
    self.criteria = criteria.sorted { $0.id < $1.id }
  }

  /// Totals of `summaries`' scored answers, or only of the answers whose question id
  /// `keeping` accepts (then sessions without such an answer are not counted).
  public init(summaries: [SessionSummary], keeping: ((String) -> Bool)? = nil) {
    var perQuestion: [QuestionRef: (attempts: Int, total: Int64, best: Double, scores: [RecentScore])] = [:]
    var times: [Date] = []
    var counted: [SessionSummary] = []
    for summary in summaries {
      var kept = 0
      for (position, answer) in summary.answers.enumerated() where keeping?(answer.questionId) ?? true {
        kept += 1
        let ref = QuestionRef(id: answer.questionId, category: answer.category, competencies: answer.competencies)
        var entry = perQuestion[ref] ?? (0, 0, -Double.infinity, [])
        entry.attempts += 1
        entry.total += Self.micro(answer.score)
        entry.best = max(entry.best, answer.score)
        entry.scores.append(
          RecentScore(
            answeredAt: answer.answeredAt, sessionStartedAt: summary.startedAt, sessionId: summary.id,
            position: position, score: answer.score))
        perQuestion[ref] = entry
        times.append(answer.answeredAt)
      }
      if keeping == nil || kept > 0 { counted.append(summary) }
    }
    let questions = perQuestion.map { ref, entry in
      QuestionTotals(
        question: ref, attempts: entry.attempts, scoreTotal: Self.points(micro: entry.total), best: entry.best,
        recent: Array(entry.scores.sorted().suffix(PracticeStats.recentCount)))
    }
    var byTitle: [CriterionKey: (points: Int64, maxPoints: Int64, answers: Int)] = [:]
    for summary in counted {
      for tally in summary.criteria {
        var entry = byTitle[CriterionKey(id: tally.id, title: tally.title)] ?? (0, 0, 0)
        entry.points += Self.micro(tally.points)
        entry.maxPoints += Self.micro(tally.maxPoints)
        entry.answers += tally.answers
        byTitle[CriterionKey(id: tally.id, title: tally.title)] = entry
      }
    }
    let tallies = byTitle.map { key, sums in
      CriterionTally(
        id: key.id, title: key.title, points: Self.points(micro: sums.points),
        maxPoints: Self.points(micro: sums.maxPoints), answers: sums.answers)
    }
    self.init(sessions: counted.count, questions: questions, answeredAt: times, criteria: Self.merging(tallies))
  }

  /// A score or points as whole millionths: totals are summed this way, so that a sum is
  /// exact and the same in whatever order the answers are added (the session index keeps
  /// running totals that saves add to and take from).
  public static func micro(_ value: Double) -> Int64 {
    guard value.isFinite else { return 0 }
    return Int64((min(max(value, -1e12), 1e12) * 1_000_000).rounded())
  }

  /// Millionths back as points.
  public static func points(micro: Int64) -> Double { Double(micro) / 1_000_000 }

  private struct CriterionKey: Hashable {
    var id: String
    var title: String
  }

  /// Tallies summed per criterion id and title, summed per id. A criterion whose title
  /// changed (a rubric edited between sessions) is titled as in most of its answers; on a
  /// tie, the title that sorts last.
  public static func merging(_ tallies: [CriterionTally]) -> [CriterionTally] {
    var merged: [String: (tally: CriterionTally, titleAnswers: Int)] = [:]
    for tally in tallies.sorted(by: { ($0.id, $0.title) < ($1.id, $1.title) }) {
      guard var entry = merged[tally.id] else {
        merged[tally.id] = (tally, tally.answers)
        continue
      }
      entry.tally.points += tally.points
      entry.tally.maxPoints += tally.maxPoints
      entry.tally.answers += tally.answers
      if (tally.answers, tally.title) > (entry.titleAnswers, entry.tally.title) {
        entry.tally.title = tally.title
        entry.titleAnswers = tally.answers
      }
      merged[tally.id] = entry
    }
    return merged.values.map(\.tally).sorted { $0.id < $1.id }
  }

  /// The order of ``questions``.
  public static func precedes(_ a: QuestionRef, _ b: QuestionRef) -> Bool {
    if a.id != b.id { return a.id < b.id }
    if a.category != b.category { return a.category < b.category }
    return a.competencies.lexicographicallyPrecedes(b.competencies)
  }
}

/// One question's scored answers among the chosen sessions.
public struct QuestionTotals: Sendable, Equatable {
  /// The question, with the category and competencies its answers were given under.
  public var question: QuestionRef
  /// Scored main answers to it.
  public var attempts: Int
  /// The sum of the scores.
  public var scoreTotal: Double
  /// Its highest score.
  public var best: Double
  /// The question's last answers (at most ``PracticeStats/recentCount``), oldest first.
  public var recent: [RecentScore]

  /// Totals from their parts.
  public init(question: QuestionRef, attempts: Int, scoreTotal: Double, best: Double, recent: [RecentScore]) {
    self.question = question
    self.attempts = attempts
    self.scoreTotal = scoreTotal
    self.best = best
    self.recent = recent
  }
}

/// A score with what orders it among all answers: when it was given, then its session's
/// start and id, then its place in the session (the order of `history`).
public struct RecentScore: Sendable, Equatable, Comparable {
  /// When the answer was given: the first sort key.
  public var answeredAt: Date
  /// When its session started: breaks ties between answers given at the same instant.
  public var sessionStartedAt: Date
  /// Its session's id: the next tie-breaker.
  public var sessionId: String
  /// Its index among the session's scored main answers.
  public var position: Int
  /// The score, 0–100.
  public var score: Double

  /// A score and its place.
  public init(answeredAt: Date, sessionStartedAt: Date, sessionId: String, position: Int, score: Double) {
    self.answeredAt = answeredAt
    self.sessionStartedAt = sessionStartedAt
    self.sessionId = sessionId
    self.position = position
    self.score = score
  }

  /// Orders by answer time, then session start, session id and position.
  public static func < (a: RecentScore, b: RecentScore) -> Bool {
    (a.answeredAt, a.sessionStartedAt, a.sessionId, a.position) < (
      b.answeredAt, b.sessionStartedAt, b.sessionId, b.position
    )
  }
}

/// Several questions' totals as one group (a category, competency, track, or everything).
private struct GroupTotals {
  var attempts = 0
  var total = 0.0
  var best = -Double.infinity
  /// The group's last scores, oldest first: the latest of its questions' latest.
  var recent: [RecentScore]

  init(_ members: [QuestionTotals]) {
    var merged: [RecentScore] = []
    for member in members {
      attempts += member.attempts
      total += member.scoreTotal
      best = max(best, member.best)
      merged += member.recent
    }
    recent = Array(merged.sorted().suffix(PracticeStats.recentCount))
  }

  func stats(id: String) -> GroupStats {
    GroupStats(id: id, attempts: attempts, total: total, best: best, recent: recent.map(\.score))
  }
}

/// How well one rubric criterion goes, over every answer it was scored on.
public struct CriterionStats: Codable, Sendable, Equatable {
  /// The criterion id.
  public var id: String
  /// The criterion's title, for display.
  public var title: String
  /// Answers the criterion was scored on.
  public var answers: Int
  /// Share of the criterion's points earned, 0–100.
  public var percent: Double
}

/// Days in a row with at least one scored answer.
public struct Streak: Codable, Sendable, Equatable {
  /// Days in a row ending today, or yesterday when nothing was answered yet today.
  public var current: Int
  /// The most days in a row ever practised.
  public var longest: Int
  /// The last day with an answer, `YYYY-MM-DD` in the person's time zone.
  public var lastPracticed: String?

  /// The streak of the days in `dates` (answer times), as seen at `now` in `timeZone`.
  public init(days dates: [Date], now: Date, timeZone: TimeZone) {
    var offsets = TimeZoneOffsets(timeZone)
    // Each day once, in order (dates usually come sorted, which the sort then only checks).
    var days: [Int] = []
    for day in dates.map({ DayNumber(of: $0, offsets: &offsets).value }).sorted() where day != days.last {
      days.append(day)
    }
    let today = DayNumber(of: now, in: timeZone).value
    // Runs of consecutive days: the longest, and the one ending today or yesterday.
    var longest = 0
    var run = 0
    var current = 0
    for (index, day) in days.enumerated() {
      run = index > 0 && days[index - 1] + 1 == day ? run + 1 : 1
      longest = max(longest, run)
      if day == today || day == today - 1 { current = run }
    }
    self.current = current
    self.longest = longest
    lastPracticed = days.last.map { DayNumber(value: $0).isoDate }
  }
}

/// A calendar day as a count of days since 1970-01-01 in some time zone.
public struct DayNumber: Sendable, Equatable, Comparable, Hashable {
  /// Days since 1970-01-01; negative before it.
  public var value: Int

  /// Day number `value` (0 is 1970-01-01).
  public init(value: Int) { self.value = value }

  /// The day `date` falls on in `timeZone`.
  public init(of date: Date, in timeZone: TimeZone) {
    var offsets = TimeZoneOffsets(timeZone)
    self.init(of: date, offsets: &offsets)
  }

  /// The day `date` falls on, reusing the offsets looked up for earlier dates.
  public init(of date: Date, offsets: inout TimeZoneOffsets) {
    let seconds = date.timeIntervalSince1970 + Double(offsets.secondsFromGMT(for: date))
    value = Int((seconds / 86_400).rounded(.down))
  }

  /// The calendar date of this day (proleptic Gregorian calendar; days-to-civil conversion,
  /// Howard Hinnant's algorithm).
  public var civil: (year: Int, month: Int, day: Int) {
    let z = value + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// `YYYY-MM-DD`.
  public var isoDate: String {
    let date = civil
    return "\(Self.pad(date.year, 4))-\(Self.pad(date.month, 2))-\(Self.pad(date.day, 2))"
  }

  /// `number` in decimal, zero-padded to `width` digits.
  public static func pad(_ number: Int, _ width: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  /// Earlier days first.
  public static func < (lhs: DayNumber, rhs: DayNumber) -> Bool { lhs.value < rhs.value }
}

/// A time zone's UTC offsets, looked up once per stretch between daylight-saving changes:
/// asking `TimeZone` for every one of 50,000 answers is measurably slow. Fastest for dates
/// given in ascending order.
public struct TimeZoneOffsets {
  /// The zone whose offsets are looked up.
  public let timeZone: TimeZone
  private var validFrom = Double.infinity
  private var validUntil = -Double.infinity
  private var offset = 0

  /// A cache for `timeZone`, empty until the first lookup.
  public init(_ timeZone: TimeZone) {
    self.timeZone = timeZone
  }

  /// The offset from UTC at `date`, in seconds; looked up again only when `date` is outside the stretch of
  /// the last lookup.
  public mutating func secondsFromGMT(for date: Date) -> Int {
    let time = date.timeIntervalSince1970
    if time >= validFrom && time < validUntil { return offset }
    offset = timeZone.secondsFromGMT(for: date)
    validFrom = time
    validUntil = timeZone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
    return offset
  }
}
