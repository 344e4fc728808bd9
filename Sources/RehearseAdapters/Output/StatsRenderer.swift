import Foundation
import RehearseCore

/// The `rehearse stats` view: totals, streak, per-category and per-competency tables with
/// bars and sparklines, and the weakest criteria.
public struct StatsRenderer: Sendable {
  public var style: TerminalStyle

  public init(style: TerminalStyle) {
    self.style = style
  }

  public func render(_ stats: PracticeStats) -> String {
    let s = style
    guard stats.answers > 0 else {
      return "No scored answers yet. Start with 'rehearse practice'; statistics appear after the first answer."
    }
    var lines: [String] = []
    lines.append(
      s.bold("Practice statistics")
        + ": \(stats.sessions) session\(stats.sessions == 1 ? "" : "s"), \(stats.answers) scored answer\(stats.answers == 1 ? "" : "s"), average \(format(stats.averageScore ?? 0)), best \(format(stats.bestScore ?? 0))"
    )
    lines.append("Recent   \(spark(stats.recentScores))  (last \(stats.recentScores.count) scores, oldest first)")
    let streak = stats.streak
    lines.append(
      "Streak   \(streak.current) day\(streak.current == 1 ? "" : "s") in a row (longest \(streak.longest)\(streak.lastPracticed.map { "; last practised \($0)" } ?? ""))"
    )
    lines.append("")
    lines.append(contentsOf: table("By category", stats.categories))
    if !stats.tracks.isEmpty {
      lines.append("")
      lines.append(contentsOf: table("By track", stats.tracks))
    }
    lines.append("")
    lines.append(contentsOf: table("By competency", stats.competencies))
    if !stats.weakestCriteria.isEmpty {
      lines.append("")
      lines.append(s.bold("Weakest criteria") + s.dim(" (share of their points earned, all answers)"))
      let width = min(36, stats.weakestCriteria.map { $0.title.count }.max() ?? 10)
      for criterion in stats.weakestCriteria {
        let bar = Display.colored(Chart.bar(criterion.percent), score: criterion.percent, style: s)
        lines.append(
          "  \(Display.column(String(inert(criterion.title).prefix(width)), width))  \(bar) \(Display.column("\(format(criterion.percent))%", 5, right: true))  \(s.dim("\(criterion.id), \(criterion.answers) answer\(criterion.answers == 1 ? "" : "s")"))"
        )
      }
    }
    return lines.joined(separator: "\n")
  }

  private func table(_ title: String, _ groups: [GroupStats]) -> [String] {
    let width = max(12, min(28, groups.map(\.id.count).max() ?? 12))
    var lines = [
      style.bold(Display.column(title, width + 2))
        + style.dim(
          "attempts  " + Display.column("average", 18) + "best  " + Display.column("trend", 6)
            + "  last \(PracticeStats.recentCount)")
    ]
    for group in groups {
      let average = Display.column(format(group.average), 5, right: true)
      lines.append(
        "  \(Display.column(String(inert(group.id).prefix(width)), width))"
          + Display.column("\(group.attempts)", 8, right: true) + "  "
          + Display.colored(average + " " + Chart.bar(group.average), score: group.average, style: style) + "  "
          + Display.column(format(group.best), 4, right: true) + "  "
          + Display.column(Chart.trend(group.trend), 6) + "  " + spark(group.recent))
    }
    return lines
  }

  private func spark(_ scores: [Double]) -> String {
    style.color ? style.cyan(Chart.sparkline(scores)) : Chart.sparkline(scores)
  }
}

/// The `rehearse plan` view: what is due and why, with a question to practise for each.
public struct PlanRenderer: Sendable {
  public var style: TerminalStyle

  public init(style: TerminalStyle) {
    self.style = style
  }

  /// `suggestions` maps a competency to the question `practice --due` would ask for it.
  public func render(_ items: [ReviewItem], today: String, suggestions: [String: String]) -> String {
    let s = style
    guard !items.isEmpty else {
      return "Nothing to review yet: answer a few questions with 'rehearse practice' first."
    }
    var lines = [s.bold("Review plan for \(today)") + s.dim(" (SM-2 spaced repetition by competency)")]
    let sections: [(String, [ReviewItem.Status])] = [
      ("Due now", [.overdue, .due]), ("New: never practised", [.new]), ("Later", [.later]),
    ]
    for (heading, statuses) in sections {
      let group = items.filter { statuses.contains($0.status) }
      guard !group.isEmpty else { continue }
      lines.append("")
      lines.append(s.bold("\(heading) (\(group.count))"))
      if statuses == [.new] {
        // Often dozens (every competency the bank names): one wrapped list, not a block each.
        // Wrapped as plain text (the wrap counts characters), coloured after.
        let list = s.wrap("+ " + group.map { inert($0.competency) }.joined(separator: ", "), indent: 1, hanging: 2)
        lines.append(" " + s.cyan("+") + list.dropFirst(2))
        var starters: [String] = []
        for item in group {
          if let question = suggestions[item.competency], !starters.contains(question) { starters.append(question) }
        }
        if !starters.isEmpty {
          lines.append(
            s.wrap(
              "→ questions in the bank exercise them; start with "
                + starters.prefix(3).map { inert($0) }.joined(separator: ", "), indent: 3, hanging: 2))
        }
        continue
      }
      for item in group {
        let mark: String
        switch item.status {
        case .overdue: mark = s.red("!")
        case .due: mark = s.yellow("•")
        case .new: mark = s.cyan("+")
        case .later: mark = s.dim("·")
        }
        lines.append(" \(mark) \(s.bold(inert(item.competency)))")
        lines.append(s.wrap(inert(item.reason), indent: 5, hanging: 2))
        if item.isDue, let question = suggestions[item.competency] {
          lines.append("     → practise \(s.cyan(inert(question)))")
        }
      }
    }
    let dueNow = items.filter { $0.status == .overdue || $0.status == .due }.count
    let new = items.filter { $0.status == .new }.count
    lines.append("")
    if dueNow > 0 {
      lines.append(
        s.wrap(
          "\(dueNow) competenc\(dueNow == 1 ? "y is" : "ies are") due for review"
            + (new > 0 ? " and \(new) \(new == 1 ? "is" : "are") new" : "")
            + ". Run 'rehearse practice --due' to practise them (3 questions; --count N for more)."))
    } else if new > 0 {
      lines.append(
        s.wrap(
          "Nothing is due for review; \(new) competenc\(new == 1 ? "y is" : "ies are") new. Run 'rehearse practice --due' to start on them."
        ))
    } else {
      lines.append("Nothing is due today.")
    }
    return lines.joined(separator: "\n")
  }
}
