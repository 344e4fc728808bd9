import Foundation
import RehearseCore

/// Renders answers as CSV: one row per answer, RFC 4180 quoting, CRLF line ends, UTF-8 with a
/// byte-order mark (so spreadsheet programs detect the encoding).
///
/// Cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading apostrophe,
/// so a spreadsheet shows them as text instead of running them as formulas.
public struct CSVExport: Sendable {
  /// A CSV writer; it holds no state.
  public init() {}

  /// The fixed columns; per-criterion columns follow, in the order criteria first appear:
  /// `points:<rubric>/<criterion>` and `max:<rubric>/<criterion>`, keyed by the rubric so
  /// two rubrics' `guardrails` (13 points in one, 15 in another) never share a column.
  /// Content criteria are keyed by the answer's own rubric (the last one it was scored
  /// against); structure criteria, whose rules are merged from every rubric, by `structure`.
  /// `form` is `star` (a story) or `case`. `mentor_score` is the mean of the mentors' scores of the answer (a number),
  /// `mentors` their names.
  public static let fixedColumns = [
    "session", "date", "answer", "kind", "form", "question", "category", "attempt", "score", "band", "time_used_s",
    "time_limit_s", "hints", "model_revealed", "mentor_score", "mentors",
  ]

  /// The column key of a criterion in an answer's report: `rubric/criterion`.
  static func key(_ criterion: CriterionResult, in report: ScoreReport) -> String {
    let rubric = criterion.kind == .structure ? "structure" : (report.rubrics.last?.id ?? "rubric")
    return "\(rubric)/\(criterion.id)"
  }

  /// One row per answer of `sessions`, after a header of ``fixedColumns`` and per-criterion columns; formula-like
  /// cells are prefixed with `'`.
  public func csv(from sessions: [Session]) -> String {
    var keys: [String] = []
    var seen: Set<String> = []
    for session in sessions {
      for answer in session.answers {
        guard let report = answer.report else { continue }
        for criterion in report.criteria where seen.insert(Self.key(criterion, in: report)).inserted {
          keys.append(Self.key(criterion, in: report))
        }
      }
    }
    var rows: [[String]] = [Self.fixedColumns + keys.flatMap { ["points:\($0)", "max:\($0)"] }]
    for session in sessions {
      for answer in session.answers {
        let score: String = answer.report.map { format($0.score) } ?? ""
        let band: String = answer.report?.band ?? (answer.skipped ? "skipped" : "")
        let limit: String = answer.timeLimitSeconds.map { String($0) } ?? ""
        let grades = session.grades.filter { $0.answerId == answer.id }
        let mentorScore =
          grades.isEmpty ? "" : format((grades.reduce(0) { $0 + $1.score } / Double(grades.count) * 10).rounded() / 10)
        var row: [String] = [
          session.id, ExportText.iso(answer.answeredAt), answer.id, answer.kind.rawValue, answer.form.rawValue,
        ]
        row += [answer.questionId, answer.category, String(answer.attempt), score, band]
        row += [format(answer.timeUsedSeconds), limit, String(answer.hintsUsed.count)]
        row += [answer.modelRevealed ? "yes" : "no", mentorScore, grades.map(\.mentor).joined(separator: "; ")]
        var cells: [String: CriterionResult] = [:]
        if let report = answer.report {
          for criterion in report.criteria { cells[Self.key(criterion, in: report)] = criterion }
        }
        for key in keys {
          row.append(cells[key].map { format($0.points) } ?? "")
          row.append(cells[key].map { format($0.maxPoints) } ?? "")
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
  /// A JSON writer; it holds no state.
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
