import Foundation
import RehearseCore

/// Renders a score report for people: score and band, the biggest gap, each criterion with
/// quoted evidence or the hint for what is missing, structure, red flags and bonus.
public struct ReportRenderer: Sendable {
  var style: TerminalStyle

  /// A renderer for `style`'s width and colour.
  public init(style: TerminalStyle) {
    self.style = style
  }

  /// The score, band, criteria met and missed with their evidence and hints, under `title` when given.
  public func render(_ report: ScoreReport, title: String? = nil) -> String {
    var out: [String] = []
    let s = style
    if let title { out.append(s.bold(inert(title))) }
    let band: String
    if report.score >= 80 {
      band = s.green(report.band)
    } else if report.score >= 60 {
      band = s.cyan(report.band)
    } else if report.score >= 40 {
      band = s.yellow(report.band)
    } else {
      band = s.red(report.band)
    }
    out.append("\(s.bold("Score \(format(report.score))/100")) — \(band)")
    if let points = report.points {
      out.append(
        s.dim(
          s.wrap(
            "Rubric points \(format(points))/100, scored on the curve calibrated to interviewer grades"
              + (report.redFlags.isEmpty ? "" : ", less the red flags below") + " (docs/SCORING.md).", hanging: 2)))
    }
    if let gap = report.biggestGap {
      out.append(s.wrap("Biggest gap: \(inert(gap))", hanging: 2))
    }
    out.append("")
    let content = report.criteria.filter { $0.kind == .content }
    let structure = report.criteria.filter { $0.kind == .structure }
    if !content.isEmpty {
      out.append(s.bold("Content"))
      for criterion in content { out.append(contentsOf: renderCriterion(criterion)) }
    }
    if !structure.isEmpty {
      out.append(s.bold("Structure"))
      for criterion in structure { out.append(contentsOf: renderCriterion(criterion)) }
    }
    let st = report.structure
    let story = st.form == .star
    let flags = st.sections.sections.map {
      "\(story ? String($0.title.prefix(1)) : $0.label) \(st.sections[$0] ? "✓" : "✗")"
    }.joined(separator: "  ")
    let action = story ? " · Action \(Int(st.sectionShares.action * 100))% of the answer" : ""
    out.append(
      s.dim(
        s.wrap(
          "\(st.wordCount) words, about \(formatDuration(st.speakingSeconds)) spoken · \(flags) (\(st.segmentation.rawValue))\(action)",
          indent: 2, hanging: 2)))
    let extra = st.findings.filter { ["fillers", "buzzwords", "action-share"].contains($0.id) }
    for finding in extra {
      out.append(s.wrap("· \(finding.message) \(finding.hint ?? "")", indent: 2, hanging: 2))
    }
    if !report.redFlags.isEmpty {
      out.append(s.bold("Red flags"))
      for flag in report.redFlags {
        out.append(
          " \(s.red("!")) "
            + s.wrap(
              "\(flag.name) (−\(format(flag.penalty))): “\(inert(flag.evidence.text))”. \(flag.message)", hanging: 3))
      }
    }
    if !report.bonus.isEmpty {
      out.append(s.bold("Bonus"))
      for hit in report.bonus {
        out.append(
          s.green(" +") + " "
            + s.wrap("\(hit.name) (+\(format(hit.points))): “\(inert(hit.evidence.text))”", hanging: 4))
      }
    }
    return out.joined(separator: "\n")
  }

  private func renderCriterion(_ criterion: CriterionResult) -> [String] {
    let s = style
    let mark: String
    if criterion.points >= criterion.maxPoints {
      mark = s.green("✓")
    } else if criterion.points > 0 {
      mark = s.yellow("~")
    } else {
      mark = s.red("✗")
    }
    let points = "\(format(criterion.points))/\(format(criterion.maxPoints))"
    var lines = [" \(mark) \(s.wrap("\(criterion.title) (\(points))", hanging: 3))"]
    let credited = criterion.evidence.filter(\.credited)
    if !credited.isEmpty {
      let quotes = credited.prefix(3).map { evidence in
        "“\(inert(evidence.text))”\(evidence.section.map { " (\($0.title))" } ?? "")\(evidence.typo ? " [typo tolerated]" : "")"
          + (evidence.related.map { " [\(inert($0))]" } ?? "")
      }
      lines.append(s.dim(s.wrap("credited: " + quotes.joined(separator: ", "), indent: 5, hanging: 2)))
    }
    for miss in criterion.missed {
      lines.append(
        s.wrap("\(inert(miss.reason))\(miss.reason.hasSuffix(".") ? "" : ".") \(miss.hint)", indent: 5, hanging: 2))
    }
    return lines
  }
}
