import Foundation
import RehearseCore

/// The `rehearse history` table and JSON: one line (or object) per session.
public struct HistoryRenderer: Sendable {
  var style: TerminalStyle
  /// Dates are shown in this zone (the user's, or UTC in golden tests).
  public var timeZone: TimeZone

  /// A renderer for `style`'s width and colour, showing dates in `timeZone`.
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
    let timeWidth = max(4, sessions.map { Display.duration($0.durationSeconds).count }.max() ?? 4)
    let averageWidth = max(3, sessions.map { ($0.averageScore.map(format) ?? "–").count }.max() ?? 3)
    // The columns before the category: date 16, id 20, mode 4, done 4, average, time.
    let fixedWidth = 16 + 2 + 20 + 2 + 4 + 2 + 4 + 2 + averageWidth + 2 + timeWidth + 2
    let categories = sessions.map { inert(Self.category(of: $0)) }
    let widest = categories.map(DisplayWidth.of).max() ?? 8
    // Narrow terminals (a 60-column window) get two lines per session rather than rows that
    // wrap in the middle of a cell.
    let stacked = fixedWidth + min(widest, 15) > style.width
    if stacked {
      lines.append(style.dim("date              id"))
      lines.append(style.dim("  mode · done · average · time · category"))
    } else {
      lines.append(
        style.dim(
          Display.column("date", 16) + "  " + Display.column("id", 20) + "  mode  done  "
            + Display.column("avg", averageWidth, right: true)
            + "  " + Display.column("time", timeWidth) + "  category"))
    }
    var answers = 0
    var total = 0.0
    var offsets = TimeZoneOffsets(timeZone)
    for (session, category) in zip(sessions, categories) {
      let answered = session.scoredAnswers
      answers += answered
      total += session.scoreTotal
      let average = session.averageScore
      let inProgress = session.status == .inProgress
      let date = Display.dateTime(session.startedAt, offsets: &offsets)
      if stacked {
        let averageText = average.map(format) ?? "–"
        lines.append(date + "  " + style.cyan(session.id))
        let facts = [
          session.mode.rawValue, "\(answered)/\(session.questions)",
          average.map { Display.colored(averageText, score: $0, style: style) } ?? averageText,
          Display.duration(session.durationSeconds), category + (inProgress ? " (in progress)" : ""),
        ]
        lines.append("  " + facts.joined(separator: " · "))
        continue
      }
      let averageText = Display.column(average.map(format) ?? "–", averageWidth, right: true)
      let row =
        date + "  " + style.cyan(session.id) + "  " + Display.column(session.mode.rawValue, 4) + "  "
        + Display.column("\(answered)/\(session.questions)", 4) + "  "
        + (average.map { Display.colored(averageText, score: $0, style: style) } ?? averageText) + "  "
        + Display.column(Display.duration(session.durationSeconds), timeWidth) + "  " + category
      if !inProgress {
        lines.append(row)
      } else if fixedWidth + DisplayWidth.of(category) + 14 <= style.width {
        lines.append(row + " (in progress)")
      } else {
        // The status goes under the category rather than past the edge.
        lines.append(row)
        lines.append(String(repeating: " ", count: fixedWidth) + "(in progress)")
      }
    }
    let overall = answers > 0 ? ", average \(format(total / Double(answers)))" : ""
    lines.append("")
    lines.append(
      "\(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(answers) scored answer\(answers == 1 ? "" : "s")\(overall)"
    )
    return lines.joined(separator: "\n")
  }

  /// The category column: the session's category, its only one, or `mixed`.
  static func category(of session: SessionSummary) -> String {
    session.category ?? (session.categories.count == 1 ? session.categories[0] : "mixed")
  }

  /// The JSON array of `history --json`: per session `id`, `startedAt`, `endedAt`,
  /// `status`, `mode`, `category`, `categories`, `questions`, `answers` (scored main
  /// answers), `skipped`, `followUps`, `averageScore` and `durationSeconds`, keys sorted.
  public static func json(_ sessions: [SessionSummary]) throws -> Data {
    if sessions.isEmpty { return Data("[]".utf8) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(sessions.map(HistoryEntry.init))
  }
}

/// One object of `history --json`; absent values are written as `null`.
private struct HistoryEntry: Encodable {
  var session: SessionSummary

  enum CodingKeys: String, CodingKey {
    case answers, averageScore, categories, category, durationSeconds, endedAt, followUps, id, mode, questions
    case skipped, startedAt, status
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(session.scoredAnswers, forKey: .answers)
    try container.encode(session.averageScore, forKey: .averageScore)
    try container.encode(session.categories, forKey: .categories)
    try container.encode(session.category, forKey: .category)
    try container.encode((session.durationSeconds * 10).rounded() / 10, forKey: .durationSeconds)
    try container.encode(session.endedAt.map(Display.iso8601), forKey: .endedAt)
    try container.encode(session.followUps, forKey: .followUps)
    try container.encode(session.id, forKey: .id)
    try container.encode(session.mode.rawValue, forKey: .mode)
    try container.encode(session.questions, forKey: .questions)
    try container.encode(session.skipped, forKey: .skipped)
    try container.encode(Display.iso8601(session.startedAt), forKey: .startedAt)
    try container.encode(session.status.rawValue, forKey: .status)
  }
}

/// Which sessions `history` and `stats` look at.
public struct SessionFilter: Sendable, Equatable {
  /// Only sessions with an answer in this category; nil for all.
  public var category: String?
  var since: Date?

  /// A filter; with no arguments it keeps every session.
  public init(category: String? = nil, since: Date? = nil) {
    self.category = category
    self.since = since
  }

  /// The sessions that pass, in their given order.
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
