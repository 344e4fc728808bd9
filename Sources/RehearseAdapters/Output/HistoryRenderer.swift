import Foundation
import RehearseCore

/// The `rehearse history` table and JSON: one line (or object) per session.
public struct HistoryRenderer: Sendable {
  public var style: TerminalStyle
  public var timeZone: TimeZone

  public init(style: TerminalStyle, timeZone: TimeZone) {
    self.style = style
    self.timeZone = timeZone
  }

  /// A header, one line per session (oldest first) and a total line.
  public func render(_ sessions: [SessionSummary]) -> String {
    guard !sessions.isEmpty else {
      return "No sessions yet. Start one with 'rehearse practice'."
    }
    var lines: [String] = []
    lines.reserveCapacity(sessions.count + 3)
    lines.append(
      style.dim(
        "date              id                    mode  answered  average  time     category"))
    var answers = 0
    var total = 0.0
    var offsets = TimeZoneOffsets(timeZone)
    for session in sessions {
      let answered = session.answers.count
      answers += answered
      total += session.answers.reduce(0) { $0 + $1.score }
      let average = session.averageScore
      let averageText = Display.column(average.map(format) ?? "–", 7, right: true)
      let status = session.status == .inProgress ? " (in progress)" : ""
      let category = session.category ?? (session.categories.count == 1 ? session.categories[0] : "mixed")
      lines.append(
        Display.dateTime(session.startedAt, offsets: &offsets) + "  " + style.cyan(session.id) + "  "
          + Display.column(session.mode.rawValue, 4) + "  "
          + Display.column("\(answered)/\(session.questions)", 8) + "  "
          + (average.map { Display.colored(averageText, score: $0, style: style) } ?? averageText) + "  "
          + Display.column(Display.duration(session.durationSeconds), 7) + "  " + inert(category) + status)
    }
    let overall = answers > 0 ? ", average \(format(total / Double(answers)))" : ""
    lines.append("")
    lines.append("\(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(answers) scored answer\(answers == 1 ? "" : "s")\(overall)")
    return lines.joined(separator: "\n")
  }

  /// One entry of `history --json`.
  public struct Entry: Encodable, Sendable {
    public var id: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: SessionStatus
    public var mode: AnswerForm
    public var category: String?
    public var categories: [String]
    public var questions: Int
    /// Scored main answers.
    public var answers: Int
    public var skipped: Int
    public var followUps: Int
    public var averageScore: Double?
    public var durationSeconds: Double

    enum CodingKeys: String, CodingKey {
      case id, startedAt, endedAt, status, mode, category, categories, questions, answers, skipped, followUps
      case averageScore, durationSeconds
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(id, forKey: .id)
      try c.encode(Display.iso8601(startedAt), forKey: .startedAt)
      try c.encode(endedAt.map(Display.iso8601), forKey: .endedAt)
      try c.encode(status, forKey: .status)
      try c.encode(mode, forKey: .mode)
      try c.encode(category, forKey: .category)
      try c.encode(categories, forKey: .categories)
      try c.encode(questions, forKey: .questions)
      try c.encode(answers, forKey: .answers)
      try c.encode(skipped, forKey: .skipped)
      try c.encode(followUps, forKey: .followUps)
      try c.encode(averageScore, forKey: .averageScore)
      try c.encode((durationSeconds * 10).rounded() / 10, forKey: .durationSeconds)
    }
  }

  /// The JSON array of `history --json`.
  public static func json(_ sessions: [SessionSummary]) throws -> Data {
    if sessions.isEmpty { return Data("[]".utf8) }
    let entries = sessions.map {
      Entry(
        id: $0.id, startedAt: $0.startedAt, endedAt: $0.endedAt, status: $0.status, mode: $0.mode,
        category: $0.category, categories: $0.categories, questions: $0.questions, answers: $0.answers.count,
        skipped: $0.skipped, followUps: $0.followUps, averageScore: $0.averageScore,
        durationSeconds: $0.durationSeconds)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(entries)
  }
}

/// Which sessions `history` and `stats` look at.
public struct SessionFilter: Sendable, Equatable {
  public var category: String?
  public var since: Date?

  public init(category: String? = nil, since: Date? = nil) {
    self.category = category
    self.since = since
  }

  public func apply(_ sessions: [SessionSummary]) -> [SessionSummary] {
    sessions.filter { session in
      (category.map { session.involves(category: $0) } ?? true) && (since.map { session.startedAt >= $0 } ?? true)
    }
  }

  /// Parses `--since`: `YYYY-MM-DD` (midnight in `timeZone`), an ISO 8601 date-time, or
  /// `Nd` for N days before `now`. Nil when the text is none of these.
  public static func parseSince(_ text: String, now: Date, timeZone: TimeZone) -> Date? {
    if text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 0 {
      return now.addingTimeInterval(-Double(days) * 86_400)
    }
    if text.count == 10, let day = try? DayNumber(isoDate: text) {
      let utc = Date(timeIntervalSince1970: Double(day.value) * 86_400)
      return utc.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: utc)))
    }
    return try? Date(text, strategy: .iso8601)
  }
}
