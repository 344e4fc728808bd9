import Foundation
import RehearseCore

/// Renders the end-of-session summary: each question with its score and band, the average,
/// the weakest criteria and competencies, time used, and what to practise next.
public struct SummaryRenderer: Sendable {
  var style: TerminalStyle

  init(style: TerminalStyle) {
    self.style = style
  }

  /// The end-of-session text: status, scores, what to practise next, and `path` (where the session was
  /// saved).
  public func render(_ summary: EndOfSessionSummary, session: Session, path: String) -> String {
    let s = style
    var out: [String] = []
    let status = session.status == .completed ? "completed" : "in progress"
    out.append(s.bold("Session summary") + s.dim(" · \(session.id) · \(status)"))
    if summary.rows.isEmpty {
      out.append("  No answers yet.")
    }
    let width = min(40, (summary.rows.map(\.questionId.count).max() ?? 0) + 2)
    for row in summary.rows {
      let name = row.questionId.padding(toLength: max(width, row.questionId.count + 1), withPad: " ", startingAt: 0)
      var line = "  \(name)"
      if row.skipped {
        line += s.dim("skipped")
      } else if let score = row.score {
        line += "\(format(score).leftPadded(to: 5))  \(row.band ?? "")"
      }
      if row.attempts > 1 { line += s.dim("  (\(row.attempts) attempts, latest shown)") }
      line += s.dim("  \(TimeBudget.clock(row.timeUsedSeconds))")
      out.append(line)
    }
    if !summary.notReached.isEmpty {
      out.append(s.dim(s.wrap("not reached: " + summary.notReached.joined(separator: ", "), indent: 2, hanging: 2)))
    }
    if let average = summary.averageScore {
      let count = session.scoredAnswers.count
      out.append("Average: \(s.bold(format(average)))/100 over \(count) answer\(count == 1 ? "" : "s")")
    }
    if !summary.weakestCriteria.isEmpty {
      let items = summary.weakestCriteria.map { "\($0.title) (\(Int(($0.share * 100).rounded()))% of points)" }
      out.append(s.wrap("Weakest criteria: " + items.joined(separator: "; "), hanging: 2))
    }
    if !summary.weakestCompetencies.isEmpty {
      let items = summary.weakestCompetencies.map { "\($0.title) (average \(format($0.share * 100)))" }
      out.append(s.wrap("Weakest competencies: " + items.joined(separator: "; "), hanging: 2))
    }
    out.append("Time used: \(TimeBudget.clock(summary.timeUsedSeconds))")
    if !summary.practiseNext.isEmpty {
      out.append(s.bold("Practise next"))
      for item in summary.practiseNext { out.append(s.wrap("· " + inert(item), indent: 2, hanging: 2)) }
    }
    out.append(s.dim("Saved: \(path)"))
    return out.joined(separator: "\n")
  }
}

extension String {
  fileprivate func leftPadded(to length: Int) -> String {
    count >= length ? self : String(repeating: " ", count: length - count) + self
  }
}
