import Foundation

/// Progress over every session: per category and per competency, the weakest rubric
/// criteria, and the practice streak.
///
/// Pure: computed from session summaries, the current time and the person's time zone
/// (which decides where a day ends for the streak).
public struct PracticeStats: Codable, Sendable, Equatable {
  public var sessions: Int
  /// Scored main answers across all sessions.
  public var answers: Int
  public var averageScore: Double?
  public var bestScore: Double?
  /// The last scores overall, oldest first (at most ``recentCount``).
  public var recentScores: [Double]
  public var categories: [GroupStats]
  public var competencies: [GroupStats]
  /// Per career track, from the bank's questions; empty when the bank has no tracks.
  public var tracks: [GroupStats]
  /// Criteria with the lowest share of points earned, weakest first.
  public var weakestCriteria: [CriterionStats]
  public var streak: Streak

  /// How many recent scores are kept for sparklines.
  public static let recentCount = 20

  /// Computes the statistics. `weakest` is how many criteria to list; `tracksOf` gives each
  /// question id's career tracks (answers to questions it does not know count in no track).
  public init(
    summaries: [SessionSummary], now: Date, timeZone: TimeZone, weakest: Int = 5, tracksOf: [String: [String]] = [:]
  ) {
    let ordered = summaries.flatMap(\.answers).enumerated().sorted {
      ($0.element.answeredAt, $0.offset) < ($1.element.answeredAt, $1.offset)
    }.map(\.element)
    sessions = summaries.count
    answers = ordered.count
    let scores = ordered.map(\.score)
    averageScore = Self.mean(scores)
    bestScore = scores.max()
    recentScores = Array(scores.suffix(Self.recentCount))

    var byCategory: [String: [Double]] = [:]
    var byCompetency: [String: [Double]] = [:]
    var byTrack: [String: [Double]] = [:]
    for answer in ordered {
      byCategory[answer.category, default: []].append(answer.score)
      for track in Set(tracksOf[answer.questionId] ?? []) { byTrack[track, default: []].append(answer.score) }
      for (index, competency) in answer.competencies.enumerated()
      where !answer.competencies[..<index].contains(competency) {
        byCompetency[competency, default: []].append(answer.score)
      }
    }
    categories = byCategory.map { GroupStats(id: $0.key, scores: $0.value) }.sorted { $0.id < $1.id }
    competencies = byCompetency.map { GroupStats(id: $0.key, scores: $0.value) }.sorted { $0.id < $1.id }
    tracks = byTrack.map { GroupStats(id: $0.key, scores: $0.value) }.sorted { $0.id < $1.id }

    var tallies: [String: CriterionTally] = [:]
    for summary in summaries {
      for tally in summary.criteria {
        if var existing = tallies[tally.id] {
          existing.points += tally.points
          existing.maxPoints += tally.maxPoints
          existing.answers += tally.answers
          tallies[tally.id] = existing
        } else {
          tallies[tally.id] = tally
        }
      }
    }
    weakestCriteria = tallies.values
      .map { CriterionStats(id: $0.id, title: $0.title, answers: $0.answers, percent: Self.round($0.percent)) }
      .sorted { ($0.percent, -$0.answers, $0.id) < ($1.percent, -$1.answers, $1.id) }
      .prefix(weakest).map { $0 }

    streak = Streak(days: ordered.map(\.answeredAt), now: now, timeZone: timeZone)
  }

  static func mean(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    return round(values.reduce(0, +) / Double(values.count))
  }

  static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// Attempts, average, best and trend for one category or competency.
public struct GroupStats: Codable, Sendable, Equatable {
  public var id: String
  public var attempts: Int
  public var average: Double
  public var best: Double
  /// Mean of the latest attempts minus the mean of as many attempts before them (up to five
  /// each); nil with fewer than two attempts. Positive means improving.
  public var trend: Double?
  /// The last scores, oldest first (at most ``PracticeStats/recentCount``).
  public var recent: [Double]

  /// Statistics for scores given oldest first.
  public init(id: String, scores: [Double]) {
    self.id = id
    attempts = scores.count
    average = PracticeStats.mean(scores) ?? 0
    best = scores.max() ?? 0
    let window = min(5, scores.count / 2)
    if window > 0, let latest = PracticeStats.mean(Array(scores.suffix(window))),
      let before = PracticeStats.mean(Array(scores.dropLast(window).suffix(window)))
    {
      trend = PracticeStats.round(latest - before)
    } else {
      trend = nil
    }
    recent = Array(scores.suffix(PracticeStats.recentCount))
  }
}

/// How well one rubric criterion goes, over every answer it was scored on.
public struct CriterionStats: Codable, Sendable, Equatable {
  public var id: String
  public var title: String
  public var answers: Int
  /// Share of the criterion's points earned, 0–100.
  public var percent: Double
}

/// Days in a row with at least one scored answer.
public struct Streak: Codable, Sendable, Equatable {
  /// Days in a row ending today, or yesterday when nothing was answered yet today.
  public var current: Int
  public var longest: Int
  /// The last day with an answer, `YYYY-MM-DD` in the person's time zone.
  public var lastPracticed: String?

  public init(days dates: [Date], now: Date, timeZone: TimeZone) {
    var offsets = TimeZoneOffsets(timeZone)
    let days = Set(dates.map { DayNumber(of: $0, offsets: &offsets).value })
    let today = DayNumber(of: now, in: timeZone).value
    var cursor = days.contains(today) ? today : today - 1
    var current = 0
    while days.contains(cursor) {
      current += 1
      cursor -= 1
    }
    self.current = current
    var longest = 0
    var run = 0
    var previous: Int?
    for day in days.sorted() {
      run = previous.map { $0 + 1 == day } == true ? run + 1 : 1
      longest = max(longest, run)
      previous = day
    }
    self.longest = longest
    lastPracticed = days.max().map { DayNumber(value: $0).isoDate }
  }
}

/// A calendar day as a count of days since 1970-01-01 in some time zone.
public struct DayNumber: Sendable, Equatable, Comparable, Hashable {
  public var value: Int

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

  public static func < (lhs: DayNumber, rhs: DayNumber) -> Bool { lhs.value < rhs.value }
}

/// A time zone's UTC offsets, looked up once per stretch between daylight-saving changes:
/// asking `TimeZone` for every one of 50,000 answers is measurably slow. Fastest for dates
/// given in ascending order.
public struct TimeZoneOffsets {
  public let timeZone: TimeZone
  private var validFrom = Double.infinity
  private var validUntil = -Double.infinity
  private var offset = 0

  public init(_ timeZone: TimeZone) {
    self.timeZone = timeZone
  }

  public mutating func secondsFromGMT(for date: Date) -> Int {
    let time = date.timeIntervalSince1970
    if time >= validFrom && time < validUntil { return offset }
    offset = timeZone.secondsFromGMT(for: date)
    validFrom = time
    validUntil = timeZone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
    return offset
  }
}
