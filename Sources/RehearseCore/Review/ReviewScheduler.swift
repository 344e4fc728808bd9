import Foundation

/// SM-2 (SuperMemo 2, Woźniak 1987), the spaced-repetition model Rehearse schedules
/// competencies with.
///
/// Each day a competency is practised counts as one review, graded from the mean score of
/// that day's answers (see ``grade(forScore:)``). A grade of 3 or more is a successful
/// recall: the interval grows 1 day, 6 days, then × the easiness factor. A lower grade
/// resets the repetitions and the interval to 1 day. The easiness factor starts at 2.5,
/// moves by `0.1 − (5 − q)(0.08 + (5 − q)·0.02)` per review and never drops below 1.3.
public enum SM2 {
  static let initialEasiness = 2.5
  static let minimumEasiness = 1.3

  /// The SM-2 grade (0–5) for a 0–100 score: 90+ → 5, 75+ → 4, 60+ → 3 (the pass mark),
  /// 45+ → 2, 25+ → 1, below 25 → 0.
  public static func grade(forScore score: Double) -> Int {
    switch score {
    case 90...: 5
    case 75..<90: 4
    case 60..<75: 3
    case 45..<60: 2
    case 25..<45: 1
    default: 0
    }
  }

  /// What a grade means, for explanations.
  public static func meaning(ofGrade grade: Int) -> String {
    switch grade {
    case 5: "perfect"
    case 4: "good"
    case 3: "passed with effort"
    case 2: "not yet: interval reset"
    case 1: "weak: interval reset"
    default: "missed: interval reset"
    }
  }
}

/// The SM-2 state of one competency after replaying every day it was practised.
public struct CompetencyReview: Codable, Sendable, Equatable {
  /// The competency id, as questions list it.
  public var competency: String
  /// Successful reviews in a row.
  public var repetitions: Int
  /// SM-2 easiness factor: starts at 2.5, never below 1.3; written rounded to two decimals.
  public var easiness: Double
  /// Days from the last practice to the next review.
  public var intervalDays: Int
  /// Days the competency was practised.
  public var reviews: Int
  /// The last day practised, and that day's mean score and grade.
  public var lastPracticed: DayNumber
  /// The mean score (0–100) of the answers on ``lastPracticed``.
  public var lastScore: Double
  /// The SM-2 grade (0–5) that day's mean score gave (see ``SM2/grade(forScore:)``).
  public var lastGrade: Int
  /// The day the next review falls on: ``lastPracticed`` plus ``intervalDays``.
  public var due: DayNumber

  enum CodingKeys: String, CodingKey {
    case competency, repetitions, easiness, intervalDays, reviews, lastPracticed, lastScore, lastGrade, due
  }

  /// Reads the state with days as `YYYY-MM-DD` strings.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    competency = try c.decode(String.self, forKey: .competency)
    repetitions = try c.decode(Int.self, forKey: .repetitions)
    easiness = try c.decode(Double.self, forKey: .easiness)
    intervalDays = try c.decode(Int.self, forKey: .intervalDays)
    reviews = try c.decode(Int.self, forKey: .reviews)
    lastPracticed = try DayNumber(isoDate: c.decode(String.self, forKey: .lastPracticed))
    lastScore = try c.decode(Double.self, forKey: .lastScore)
    lastGrade = try c.decode(Int.self, forKey: .lastGrade)
    due = try DayNumber(isoDate: c.decode(String.self, forKey: .due))
  }

  /// Writes the state with days as `YYYY-MM-DD` strings and the easiness rounded to two decimals.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(competency, forKey: .competency)
    try c.encode(repetitions, forKey: .repetitions)
    try c.encode((easiness * 100).rounded() / 100, forKey: .easiness)
    try c.encode(intervalDays, forKey: .intervalDays)
    try c.encode(reviews, forKey: .reviews)
    try c.encode(lastPracticed.isoDate, forKey: .lastPracticed)
    try c.encode(lastScore, forKey: .lastScore)
    try c.encode(lastGrade, forKey: .lastGrade)
    try c.encode(due.isoDate, forKey: .due)
  }

  /// Replays daily reviews, oldest first: `(day, mean score that day)`.
  public init?(competency: String, days: [(day: DayNumber, score: Double)]) {
    guard let first = days.first else { return nil }
    self.competency = competency
    repetitions = 0
    easiness = SM2.initialEasiness
    intervalDays = 0
    reviews = 0
    lastPracticed = first.day
    lastScore = first.score
    lastGrade = SM2.grade(forScore: first.score)
    due = first.day
    for (day, score) in days { review(on: day, score: score) }
  }

  /// Applies one SM-2 review.
  public mutating func review(on day: DayNumber, score: Double) {
    let grade = SM2.grade(forScore: score)
    if grade >= 3 {
      switch repetitions {
      case 0: intervalDays = 1
      case 1: intervalDays = 6
      default: intervalDays = max(1, Int((Double(intervalDays) * easiness).rounded()))
      }
      repetitions += 1
    } else {
      repetitions = 0
      intervalDays = 1
    }
    let miss = Double(5 - grade)
    easiness = max(SM2.minimumEasiness, easiness + 0.1 - miss * (0.08 + miss * 0.02))
    reviews += 1
    lastPracticed = day
    lastScore = (score * 10).rounded() / 10
    lastGrade = grade
    due = DayNumber(value: day.value + intervalDays)
  }
}

/// One competency in the review plan, with why it is (or is not) due.
public struct ReviewItem: Codable, Sendable, Equatable {
  /// Whether and how urgently the competency is due.
  public enum Status: String, Codable, Sendable {
    /// Its review day has passed.
    case overdue
    /// Its review day is today.
    case due
    /// Never practised: due as soon as the overdue ones are done.
    case new
    /// Not due yet.
    case later
  }

  /// The competency id.
  public var competency: String
  /// Overdue, due today, new (never practised) or later.
  public var status: Status
  /// Days past the review day (negative: days until it).
  public var daysOverdue: Int
  var state: CompetencyReview?
  /// Why, in words for the plan: when it is due and how it went last time, or that it was never practised.
  public var reason: String

  /// Overdue, due today or new.
  public var isDue: Bool { status != .later }
}

/// Turns past answers into an SM-2 review plan by competency. Pure: pass `now` and the time
/// zone that decides where a day ends.
public enum ReviewScheduler {
  /// The SM-2 state of every competency answered, keyed by competency.
  public static func reviews(from answers: [AnswerSummary], timeZone: TimeZone) -> [String: CompetencyReview] {
    var daily: [String: [Int: (total: Double, count: Int)]] = [:]
    var offsets = TimeZoneOffsets(timeZone)
    for answer in answers {
      let day = DayNumber(of: answer.answeredAt, offsets: &offsets).value
      for (index, competency) in answer.competencies.enumerated()
      where !answer.competencies[..<index].contains(competency) {
        let entry = daily[competency, default: [:]][day] ?? (0, 0)
        daily[competency, default: [:]][day] = (entry.total + answer.score, entry.count + 1)
      }
    }
    var result: [String: CompetencyReview] = [:]
    for (competency, days) in daily {
      let ordered = days.sorted { $0.key < $1.key }.map {
        (day: DayNumber(value: $0.key), score: $0.value.total / Double($0.value.count))
      }
      result[competency] = CompetencyReview(competency: competency, days: ordered)
    }
    return result
  }

  /// Every competency answered or `known` (from the bank), most urgent first: overdue (most
  /// overdue first), due today, new, then later (soonest first).
  public static func plan(answers: [AnswerSummary], known: [String], now: Date, timeZone: TimeZone) -> [ReviewItem] {
    let today = DayNumber(of: now, in: timeZone)
    let states = reviews(from: answers, timeZone: timeZone)
    var items: [ReviewItem] = states.values.map { state in
      let overdue = today.value - state.due.value
      let status: ReviewItem.Status = overdue > 0 ? .overdue : overdue == 0 ? .due : .later
      let last =
        "last practised \(state.lastPracticed.isoDate): score \(format(state.lastScore)), grade \(state.lastGrade)/5 (\(SM2.meaning(ofGrade: state.lastGrade))), next interval \(state.intervalDays) day\(state.intervalDays == 1 ? "" : "s")"
      let when: String
      switch status {
      case .overdue: when = "due \(state.due.isoDate), \(overdue) day\(overdue == 1 ? "" : "s") ago"
      case .due: when = "due today"
      default: when = "due \(state.due.isoDate), in \(-overdue) day\(overdue == -1 ? "" : "s")"
      }
      return ReviewItem(
        competency: state.competency, status: status, daysOverdue: overdue, state: state, reason: "\(when); \(last)")
    }
    for competency in Set(known).subtracting(states.keys) {
      items.append(
        ReviewItem(
          competency: competency, status: .new, daysOverdue: 0, state: nil,
          reason: "never practised; questions in the bank exercise it"))
    }
    func rank(_ item: ReviewItem) -> Int {
      switch item.status {
      case .overdue: 0
      case .due: 1
      case .new: 2
      case .later: 3
      }
    }
    return items.sorted { (rank($0), -$0.daysOverdue, $0.competency) < (rank($1), -$1.daysOverdue, $1.competency) }
  }

  /// Questions to practise for the due competencies, most urgent first: for each due
  /// competency, the question exercising it that was answered longest ago (never answered
  /// first, then the lower last score, then the id). Each question at most once.
  public static func dueQuestions(
    plan: [ReviewItem], questions: [QuestionRef],
    answers: [AnswerSummary], limit: Int
  ) -> [String] {
    var lastAnswer: [String: AnswerSummary] = [:]
    for answer in answers where (lastAnswer[answer.questionId]?.answeredAt ?? .distantPast) <= answer.answeredAt {
      lastAnswer[answer.questionId] = answer
    }
    var chosen: [String] = []
    var taken = Set<String>()
    for item in plan where item.isDue {
      guard chosen.count < limit else { break }
      let candidates = questions.filter { $0.competencies.contains(item.competency) && !taken.contains($0.id) }
      let best = candidates.min { a, b in
        let left = lastAnswer[a.id]
        let right = lastAnswer[b.id]
        let leftKey = (left?.answeredAt ?? .distantPast, left?.score ?? -1, a.id)
        let rightKey = (right?.answeredAt ?? .distantPast, right?.score ?? -1, b.id)
        return leftKey < rightKey
      }
      if let best {
        chosen.append(best.id)
        taken.insert(best.id)
      }
    }
    return chosen
  }
}

extension DayNumber {
  /// Parses `YYYY-MM-DD`.
  public init(isoDate: String) throws {
    let parts = isoDate.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: [], debugDescription: "'\(isoDate)' is not a YYYY-MM-DD date"))
    }
    // Civil-to-days conversion (Howard Hinnant's algorithm).
    let month = parts[1]
    let year = parts[0] - (month <= 2 ? 1 : 0)
    let era = (year >= 0 ? year : year - 399) / 400
    let yoe = year - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + parts[2] - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    self.init(value: era * 146_097 + doe - 719_468)
  }
}
