import Foundation
import RehearseCore
import Synchronization

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

  /// From how many sessions the rows are written in chunks on every core.
  static let parallelRows = 2_000

  /// A header, one line per session (oldest first) and a total line.
  ///
  /// Rows are written as bytes, cell by cell (``TextBytes``), and from
  /// ``parallelRows`` sessions on in chunks on every core, joined in order: at 10,000
  /// sessions, building each row as a string from joined pieces on one core was a third of
  /// `rehearse history`'s time. `chunked` forces (true) or forbids (false) the chunks, for
  /// tests comparing the two.
  public func render(_ sessions: [SessionSummary], chunked: Bool? = nil) -> String {
    guard !sessions.isEmpty else {
      return "No sessions yet. Start one with 'rehearse practice'."
    }
    let durations = sessions.map { Display.duration($0.durationSeconds) }
    let averages = sessions.map { $0.averageScore.map(format) ?? "–" }
    let timeWidth = max(4, durations.map(\.count).max() ?? 4)
    let averageWidth = max(3, averages.map(\.count).max() ?? 3)
    // The columns before the category: date 16, id 20, mode 4, done 4, average, time.
    let fixedWidth = 16 + 2 + 20 + 2 + 4 + 2 + 4 + 2 + averageWidth + 2 + timeWidth + 2
    let categories = sessions.map { inert(Self.category(of: $0)) }
    let widest = categories.map(DisplayWidth.of).max() ?? 8
    // Narrow terminals (a 60-column window) get two lines per session rather than rows that
    // wrap in the middle of a cell.
    let stacked = fixedWidth + min(widest, 15) > style.width
    let rowBytes = fixedWidth + min(widest, 40) + 2

    /// The rows of `range`, each starting with a newline.
    @Sendable func rows(_ range: Range<Int>) -> TextBytes {
      var text = TextBytes(capacity: range.count * rowBytes)
      var offsets = TimeZoneOffsets(timeZone)
      for row in range {
        let session = sessions[row]
        let average = session.averageScore
        let inProgress = session.status == .inProgress
        let done = String(session.scoredAnswers) + "/" + String(session.questions)
        text.append("\n")
        text.append(Display.dateTime(session.startedAt, offsets: &offsets))
        text.append("  ")
        text.append(style.cyan(session.id))
        if stacked {
          text.append("\n  ")
          text.append(session.mode.rawValue)
          text.append(" · ")
          text.append(done)
          text.append(" · ")
          text.append(average.map { Display.colored(averages[row], score: $0, style: style) } ?? averages[row])
          text.append(" · ")
          text.append(durations[row])
          text.append(" · ")
          text.append(categories[row])
          if inProgress { text.append(" (in progress)") }
          continue
        }
        text.append("  ")
        text.append(session.mode.rawValue, width: 4)
        text.append("  ")
        text.append(done, width: 4)
        text.append("  ")
        if let average, style.color {
          text.append(
            Display.colored(Display.column(averages[row], averageWidth, right: true), score: average, style: style))
        } else {
          text.append(averages[row], width: averageWidth, right: true)
        }
        text.append("  ")
        text.append(durations[row], width: timeWidth)
        text.append("  ")
        text.append(categories[row])
        if !inProgress { continue }
        if fixedWidth + DisplayWidth.of(categories[row]) + 14 <= style.width {
          text.append(" (in progress)")
        } else {
          // The status goes under the category rather than past the edge.
          text.append("\n")
          text.spaces(fixedWidth)
          text.append("(in progress)")
        }
      }
      return text
    }

    var text = TextBytes(capacity: (sessions.count + 4) * rowBytes)
    if stacked {
      text.append(style.dim("date              id") + "\n")
      text.append(style.dim("  mode · done · average · time · category"))
    } else {
      text.append(
        style.dim(
          Display.column("date", 16) + "  " + Display.column("id", 20) + "  mode  done  "
            + Display.column("avg", averageWidth, right: true) + "  " + Display.column("time", timeWidth)
            + "  category"))
    }
    if chunked ?? (sessions.count >= Self.parallelRows) {
      let size = 1_000
      let parts = Mutex<[Int: TextBytes]>([:])
      DispatchQueue.concurrentPerform(iterations: (sessions.count + size - 1) / size) { part in
        let written = rows(part * size..<min(sessions.count, (part + 1) * size))
        parts.withLock { $0[part] = written }
      }
      for (_, part) in parts.withLock({ $0 }).sorted(by: { $0.key < $1.key }) { text.append(part) }
    } else {
      text.append(rows(sessions.indices))
    }
    let answers = sessions.reduce(0) { $0 + $1.scoredAnswers }
    let total = sessions.reduce(0) { $0 + $1.scoreTotal }
    let overall = answers > 0 ? ", average \(format(total / Double(answers)))" : ""
    text.append("\n\n")
    text.append(
      "\(sessions.count) session\(sessions.count == 1 ? "" : "s"), \(answers) scored answer\(answers == 1 ? "" : "s")\(overall)"
    )
    return text.string
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

  /// True when the filter keeps every session (no category, no date).
  public var keepsEverything: Bool { category == nil && since == nil }

  /// The sessions that pass, in their given order.
  public func apply(_ sessions: [SessionSummary]) -> [SessionSummary] {
    if keepsEverything { return sessions }
    return sessions.filter { session in
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
