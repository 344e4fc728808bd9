import Foundation
import RehearseCore

/// The band scale of each answer's rubric, from the question bank when it is at hand.
public struct BandScales: Sendable {
  let bank: Bank?

  /// Bands from `bank`; the standard bands for anything the bank does not know (or without one).
  public init(bank: Bank?) {
    self.bank = bank
  }

  /// Bands for the answers of `sessions`, reading only the rubrics they were scored with
  /// (and those they extend) from the bank at `source`, not the whole bank: `grade` and
  /// `export --format packet` start in a fraction of the time. Without a readable bank (or
  /// for a rubric it no longer has) the standard bands apply.
  public init(for sessions: [Session], source: BankSource?) {
    let ids = Set(sessions.flatMap { $0.answers.flatMap { $0.rubrics.map(\.id) } }).sorted()
    self.init(bank: source.flatMap { try? BankLoader.load(from: $0, rubricIds: ids) })
  }

  /// The bands of the rubrics that scored `answer`.
  public func bands(for answer: AnswerRecord) -> [Band] {
    bands(forRubrics: answer.rubrics.map(\.id))
  }

  /// The bands of a rubric set given by ids; the standard bands when unknown.
  public func bands(forRubrics ids: [String]) -> [Band] {
    guard let bank, !ids.isEmpty, let set = try? RubricSet(ids: ids, library: bank.rubrics) else {
      return Band.standard
    }
    return set.bands
  }
}

/// Turns mentor-graded sessions, or `score --batch` output joined with human scores, into
/// calibration items.
public enum CalibrationInput {
  /// One item per mentor grade of a scored answer.
  public static func items(from sessions: [Session], scales: BandScales) -> [CalibrationItem] {
    var items: [CalibrationItem] = []
    for session in sessions {
      for grade in session.grades {
        guard let answer = session.answers.first(where: { $0.id == grade.answerId }), let report = answer.report else {
          continue
        }
        let pairs = grade.criteria.compactMap { criterion -> CriterionPair? in
          guard let result = report.criteria.first(where: { $0.id == criterion.criterionId }) else { return nil }
          return CriterionPair(
            criterionId: result.id, title: result.title, automatic: result.points, human: criterion.points,
            maxPoints: result.maxPoints)
        }
        items.append(
          CalibrationItem(
            source: session.id, answerId: answer.id, questionId: answer.questionId,
            rubricKey: Calibration.rubricKey(answer.rubrics), grader: grade.mentor, automaticScore: report.score,
            humanScore: grade.score, automaticBand: report.band, humanBand: grade.band,
            bands: scales.bands(for: answer), criteria: pairs, comment: grade.comment))
      }
    }
    return items
  }

  struct BatchLine: Decodable {
    var id: String?
    var line: Int?
    var score: Double?
    var band: String?
    var questionId: String?
    var rubrics: [RubricReference]?
    var error: String?
    var human: Double?
    var humanBand: String?
    var comment: String?
  }

  /// Items from JSON Lines: each line a `rehearse score --batch` result (full or `--compact`)
  /// with a `human` score (0–100) added, and optionally `humanBand` and `comment`.
  ///
  /// Lines that carry a batch `error` are skipped and counted. Every other problem is
  /// reported with its line and how to fix it, and no items are returned.
  public static func items(fromBatch data: Data, path: String, scales: BandScales) throws(DiagnosticsError) -> (
    items: [CalibrationItem], skipped: Int
  ) {
    var items: [CalibrationItem] = []
    var problems: [Diagnostic] = []
    var skipped = 0
    let decoder = JSONDecoder()
    let text = String(decoding: data, as: UTF8.self)
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty { continue }
      let entry: BatchLine
      do {
        entry = try decoder.decode(BatchLine.self, from: Data(line.utf8))
      } catch {
        problems.append(
          Diagnostic(
            path: path, line: number,
            message: "not a JSON object from 'rehearse score --batch' (\(describe(error))); fix or remove the line"))
        continue
      }
      if entry.error != nil {
        skipped += 1
        continue
      }
      guard let score = entry.score, let band = entry.band else {
        problems.append(
          Diagnostic(
            path: path, line: number,
            message:
              "missing \"score\" or \"band\"; each line must be output of 'rehearse score --batch' with a \"human\" score added"
          ))
        continue
      }
      guard let human = entry.human else {
        problems.append(
          Diagnostic(path: path, line: number, message: "missing \"human\": add the person's score (0–100) to the line")
        )
        continue
      }
      guard score >= 0, score <= 100 else {
        problems.append(
          Diagnostic(path: path, line: number, message: "\"score\" is \(format(score)); give a score from 0 to 100"))
        continue
      }
      guard human >= 0, human <= 100 else {
        problems.append(
          Diagnostic(path: path, line: number, message: "\"human\" is \(format(human)); give a score from 0 to 100"))
        continue
      }
      let references = entry.rubrics ?? []
      let bands = scales.bands(forRubrics: references.map(\.id))
      if let humanBand = entry.humanBand, !bands.contains(where: { $0.label == humanBand }) {
        problems.append(
          Diagnostic(
            path: path, line: number,
            message:
              "\"humanBand\" '\(inert(humanBand))' is not one of: \(bands.sorted { $0.min < $1.min }.map(\.label).joined(separator: ", "))"
          ))
        continue
      }
      items.append(
        CalibrationItem(
          source: "\(path):\(number)", answerId: entry.id ?? "line \(entry.line ?? number)",
          questionId: entry.questionId,
          rubricKey: references.isEmpty ? (entry.questionId ?? "unknown rubric") : Calibration.rubricKey(references),
          grader: "human", automaticScore: score, humanScore: human, automaticBand: band, humanBand: entry.humanBand,
          bands: bands, comment: entry.comment))
    }
    guard problems.isEmpty else { throw DiagnosticsError(problems) }
    return (items, skipped)
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.typeMismatch(_, let context):
      return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    default:
      return "invalid JSON"
    }
  }
}

/// Renders a calibration report for people.
public struct CalibrationRenderer: Sendable {
  var style: TerminalStyle

  /// A renderer for a terminal with `style`'s width and colour.
  public init(style: TerminalStyle) {
    self.style = style
  }

  /// The report for people: how closely the automatic score agrees with `graders`, over `sources` inputs
  /// (counted in `sourceNoun`).
  public func render(_ report: CalibrationReport, graders: [String], sources: Int, sourceNoun: String) -> String {
    var out: [String] = []
    let s = style
    // Wrapped as plain text (the wrap counts columns), styled after.
    let heading = "Agreement between the automatic scores and \(Self.names(graders))"
    let title = s.wrap(
      heading
        + " over \(ExportText.plural(report.overall.answers, "answer")) (\(ExportText.plural(sources, sourceNoun)))",
      hanging: 2)
    out.append(
      title.hasPrefix(heading) && s.color ? s.bold(heading) + title.dropFirst(heading.count) : title)
    out.append("")
    out.append(contentsOf: table(report))
    out.append("")
    out.append(
      s.dim(
        s.wrap(
          "exact/adjacent: same band / bands at most one apart · r: Pearson on 0–100 scores · κ: quadratic weighted kappa on bands · diff: mean of automatic − human (+ kinder, − harsher)"
        )))
    var undefined: [String] = []
    for (name, figure) in [("Pearson r", report.overall.pearson), ("kappa", report.overall.quadraticKappa)] {
      if let reason = figure.reason { undefined.append("\(name): \(reason)") }
    }
    if !undefined.isEmpty {
      out.append(s.dim(s.wrap("Not computed overall: " + undefined.joined(separator: "; ") + ".", hanging: 2)))
    }
    let oneRubric = report.rubrics.count <= 1
    if !report.worstCriteria.isEmpty {
      out.append("")
      out.append(s.bold("Criteria with the worst agreement"))
      for criterion in report.worstCriteria {
        let share = criterion.meanAbsoluteShare.value.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
        let diff = criterion.meanDifference.value.map(signed) ?? "–"
        out.append(
          s.wrap(
            "\(criterion.criterion) (\(inert(criterion.title))\(oneRubric ? "" : ", " + criterion.rubric)): off by \(share) of its \(format(criterion.maxPoints)) points on average; automatic − human \(diff) over \(ExportText.plural(criterion.answers, "answer"))",
            indent: 2, hanging: 2))
      }
    }
    if !report.largestDisagreements.isEmpty {
      out.append("")
      out.append(s.bold("Largest disagreements"))
      for item in report.largestDisagreements {
        var line =
          "\(inert(item.source)) \(inert(item.answerId))\(item.questionId.map { " (\(inert($0)))" } ?? ""): automatic \(format(item.automaticScore)) \(item.automaticBand), \(inert(item.grader)) \(format(item.humanScore)) \(inert(item.humanBand)) (\(signed(item.difference)))"
        if let comment = item.comment { line += " — “\(inert(comment))”" }
        out.append(s.wrap(line, indent: 2, hanging: 2))
      }
    }
    return out.joined(separator: "\n")
  }

  static func names(_ graders: [String]) -> String {
    if graders.isEmpty { return "human grades" }
    if graders.count > 3 { return "\(graders.count) graders" }
    return graders.map { inert($0).replacingOccurrences(of: "\n", with: " ") }.joined(separator: ", ")
  }

  private func table(_ report: CalibrationReport) -> [String] {
    var rows: [[String]] = [["", "answers", "exact band", "adjacent", "r", "κ", "diff"]]
    func row(_ name: String, _ agreement: Agreement) -> [String] {
      [
        name, "\(agreement.answers)", share(agreement.exactBand), share(agreement.adjacentBand),
        agreement.pearson.value.map { String(format: "%.2f", $0) } ?? "–",
        agreement.quadraticKappa.value.map { String(format: "%.2f", $0) } ?? "–",
        agreement.meanDifference.value.map(signed) ?? "–",
      ]
    }
    rows.append(row("overall", report.overall))
    if report.rubrics.count > 1 || report.rubrics.first?.agreement != report.overall {
      for rubric in report.rubrics { rows.append(row(rubric.rubric, rubric.agreement)) }
    } else if let only = report.rubrics.first {
      rows.append(row(only.rubric, only.agreement))
    }
    rows = rows.map { [inert($0[0])] + $0.dropFirst() }
    let widths = (0..<rows[0].count).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
    // The figures after the name column; a name too wide for what the terminal leaves it
    // goes on a line of its own, its figures under it, so no row wraps in the middle of a cell.
    let figuresWidth = widths.dropFirst().reduce(0) { $0 + 2 + $1 }
    let nameWidth = max(0, min(widths[0], style.width - figuresWidth))
    return rows.flatMap { cells -> [String] in
      let figures = cells.dropFirst().enumerated().map { index, cell in
        "  " + Display.column(cell, widths[index + 1], right: true)
      }.joined()
      if DisplayWidth.of(cells[0]) <= nameWidth { return [Display.column(cells[0], nameWidth) + figures] }
      return [style.wrap(cells[0]), String(repeating: " ", count: nameWidth) + figures]
    }
  }

  private func share(_ share: Share) -> String {
    guard let value = share.share else { return "–" }
    return "\(share.count)/\(share.total) \(Int((value * 100).rounded()))%"
  }

  private func signed(_ value: Double) -> String {
    value > 0 ? "+\(format(value))" : format(value)
  }
}
