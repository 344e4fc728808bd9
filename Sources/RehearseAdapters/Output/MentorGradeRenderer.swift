import Foundation
import RehearseCore

/// Renders mentor grades of one answer for the terminal, beside its automatic score: each
/// mentor's total, band and comment, then a criterion table with the automatic points and
/// every mentor's points. For `rehearse show` and the end of a graded answer.
public struct MentorGradeRenderer: Sendable {
  var style: TerminalStyle

  /// A renderer for `style`'s width and colour.
  public init(style: TerminalStyle) {
    self.style = style
  }

  /// Nothing (an empty string) when `grades` is empty.
  public func render(_ grades: [MentorGrade], beside report: ScoreReport) -> String {
    guard !grades.isEmpty else { return "" }
    let s = style
    var out: [String] = [s.bold("Mentor grades")]
    out.append("  automatic: \(format(report.score))/100 \(report.band)")
    for grade in grades {
      var line = "\(inert(grade.mentor)) (\(grade.source.rawValue)): \(format(grade.score))/100"
      if let band = grade.band { line += " \(inert(band))" }
      if let comment = grade.comment { line += " — “\(inert(comment))”" }
      out.append(s.wrap(line, indent: 2, hanging: 2))
    }
    let titleWidth = min(34, report.criteria.map { DisplayWidth.of($0.title) }.max() ?? 10)
    func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
      var cut = text
      if DisplayWidth.of(cut) > width {
        while DisplayWidth.of(cut) > width - 1 { cut.removeLast() }
        cut += "…"
      }
      let fill = String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
      return left ? cut + fill : fill + cut
    }
    // Mentors head their columns by their full names when the table fits the width; else
    // by number, with the names in a key above the table (names are never cut).
    var names = grades.map { inert($0.mentor) }
    let fullWidth = 2 + titleWidth + 2 + 6 + names.reduce(0) { $0 + 2 + max(6, DisplayWidth.of($1)) }
    if fullWidth > s.width {
      out.append(
        s.dim(s.wrap(names.enumerated().map { "M\($0.offset + 1) = \($0.element)" }.joined(separator: ", "), indent: 2))
      )
      names = names.indices.map { "M\($0 + 1)" }
    }
    out.append(
      s.dim(
        "  " + pad("criterion", titleWidth, left: true) + "  " + pad("auto", 6)
          + names.map { "  " + pad($0, max(6, DisplayWidth.of($0))) }.joined()))
    for criterion in report.criteria {
      var line = "  " + pad(inert(criterion.title), titleWidth, left: true) + "  "
      line += pad("\(format(criterion.points))/\(format(criterion.maxPoints))", 6)
      for (index, grade) in grades.enumerated() {
        let points = grade.criteria.first { $0.criterionId == criterion.id }.map { format($0.points) } ?? "–"
        line += "  " + pad(points, max(6, DisplayWidth.of(names[index])))
      }
      out.append(line)
      for grade in grades {
        if let comment = grade.criteria.first(where: { $0.criterionId == criterion.id })?.comment {
          out.append(s.dim(s.wrap("\(inert(grade.mentor)): “\(inert(comment))”", indent: 4, hanging: 2)))
        }
      }
    }
    return out.joined(separator: "\n")
  }

  /// A grade that could not be saved, in full, so the mentor can keep a copy and enter it
  /// again: every criterion's points and comment, the band and the overall comment.
  public func unsaved(_ grade: MentorGrade, titles: [String: String]) -> String {
    let s = style
    var out = [
      "",
      s.bold("Your grade of \(inert(grade.answerId)) could not be saved")
        + "; here it is in full so you can keep a copy:",
    ]
    for criterion in grade.criteria {
      var line = "\(inert(titles[criterion.criterionId] ?? criterion.criterionId)): "
      line += "\(format(criterion.points))/\(format(criterion.maxPoints))"
      if let comment = criterion.comment { line += " — “\(inert(comment))”" }
      out.append(s.wrap(line, indent: 2, hanging: 2))
    }
    var overall = "Overall: \(format(grade.score))/100"
    if let band = grade.band { overall += " \(inert(band))" }
    if let comment = grade.comment { overall += " — “\(inert(comment))”" }
    out.append(s.wrap(overall, indent: 2, hanging: 2))
    out.append(s.dim("(end of your grade)"))
    return out.joined(separator: "\n")
  }
}
