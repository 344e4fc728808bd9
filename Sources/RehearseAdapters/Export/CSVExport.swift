import Foundation
import RehearseCore

/// Renders answers as CSV: one row per answer, RFC 4180 quoting, CRLF line ends, UTF-8 with a
/// byte-order mark (so spreadsheet programs detect the encoding).
///
/// Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading apostrophe,
/// so a spreadsheet shows them as text instead of running them as formulas.
public struct CSVExport: Sendable {
  public init() {}

  /// The fixed columns; per-criterion columns (`points:<criterion id>`) follow, in the order
  /// criteria first appear.
  public static let fixedColumns = [
    "session", "date", "answer", "kind", "question", "category", "attempt", "score", "band", "time_used_s",
    "time_limit_s", "hints", "model_revealed", "mentor_scores",
  ]

  public func csv(from sessions: [Session]) -> String {
    var criteria: [String] = []
    for session in sessions {
      for answer in session.answers {
        for criterion in answer.report?.criteria ?? [] where !criteria.contains(criterion.id) {
          criteria.append(criterion.id)
        }
      }
    }
    var rows: [[String]] = [Self.fixedColumns + criteria.map { "points:\($0)" }]
    for session in sessions {
      for answer in session.answers {
        let score: String = answer.report.map { format($0.score) } ?? ""
        let band: String = answer.report?.band ?? (answer.skipped ? "skipped" : "")
        let limit: String = answer.timeLimitSeconds.map { String($0) } ?? ""
        let mentors: [String] = session.grades.filter { $0.answerId == answer.id }.map {
          "\($0.mentor): \(format($0.score))"
        }
        var row: [String] = [session.id, ExportText.iso(answer.answeredAt), answer.id, answer.kind.rawValue]
        row += [answer.questionId, answer.category, String(answer.attempt), score, band]
        row += [format(answer.timeUsedSeconds), limit, String(answer.hintsUsed.count)]
        row += [answer.modelRevealed ? "yes" : "no", mentors.joined(separator: "; ")]
        for id in criteria {
          row.append(answer.report?.criteria.first { $0.id == id }.map { format($0.points) } ?? "")
        }
        rows.append(row)
      }
    }
    return "\u{FEFF}" + rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
  }

  /// One field: neutralised against formula injection, then quoted when it holds a comma,
  /// quote, CR or LF (quotes doubled).
  public static func field(_ value: String) -> String {
    var text = inert(value)
    if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      text = "'" + text
    }
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\t" }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }
}

/// The session documents exactly as the store writes them (valid against its schema).
public struct JSONExport: Sendable {
  public init() {}

  /// One session as its stored document; several as a JSON array of documents.
  public func json(from sessions: [Session]) throws -> String {
    let data: Data
    if sessions.count == 1, let only = sessions.first {
      data = try SessionStore.encoder.encode(only)
    } else {
      data = try SessionStore.encoder.encode(sessions)
    }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
