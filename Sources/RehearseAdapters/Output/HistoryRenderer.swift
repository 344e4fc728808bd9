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
    lines.append(
      "\(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(answers) scored answer\(answers == 1 ? "" : "s")\(overall)"
    )
    return lines.joined(separator: "\n")
  }

  /// The JSON array of `history --json`: per session `id`, `startedAt`, `endedAt`,
  /// `status`, `mode`, `category`, `categories`, `questions`, `answers` (scored main
  /// answers), `skipped`, `followUps`, `averageScore` and `durationSeconds`, keys sorted.
  ///
  /// Written directly rather than through `JSONEncoder`, which took a second for 10,000
  /// sessions.
  public static func json(_ sessions: [SessionSummary]) throws -> Data {
    if sessions.isEmpty { return Data("[]".utf8) }
    var out = "[\n"
    out.reserveCapacity(sessions.count * 420)
    for (index, session) in sessions.enumerated() {
      let categories = session.categories.map { "\n      " + JSONText.string($0) }.joined(separator: ",")
      out += "  {\n"
      out += "    \"answers\" : \(session.answers.count),\n"
      out += "    \"averageScore\" : \(session.averageScore.map(JSONText.number) ?? "null"),\n"
      out += "    \"categories\" : [\(categories)\(categories.isEmpty ? "" : "\n    ")],\n"
      out += "    \"category\" : \(session.category.map(JSONText.string) ?? "null"),\n"
      out += "    \"durationSeconds\" : \(JSONText.number((session.durationSeconds * 10).rounded() / 10)),\n"
      out += "    \"endedAt\" : \(session.endedAt.map { JSONText.string(Display.iso8601($0)) } ?? "null"),\n"
      out += "    \"followUps\" : \(session.followUps),\n"
      out += "    \"id\" : \(JSONText.string(session.id)),\n"
      out += "    \"mode\" : \(JSONText.string(session.mode.rawValue)),\n"
      out += "    \"questions\" : \(session.questions),\n"
      out += "    \"skipped\" : \(session.skipped),\n"
      out += "    \"startedAt\" : \(JSONText.string(Display.iso8601(session.startedAt))),\n"
      out += "    \"status\" : \(JSONText.string(session.status.rawValue))\n"
      out += index == sessions.count - 1 ? "  }\n" : "  },\n"
    }
    out += "]"
    return Data(out.utf8)
  }
}

/// JSON literals for output written by hand.
enum JSONText {
  /// A quoted, escaped JSON string.
  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A number: whole numbers without a fraction, others as Swift prints them.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
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
