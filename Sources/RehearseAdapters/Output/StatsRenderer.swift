import Foundation
import RehearseCore

/// The `rehearse stats` view: totals, streak, per-category and per-competency tables with
/// bars and sparklines, and the weakest criteria.
public struct StatsRenderer: Sendable {
  var style: TerminalStyle

  /// A renderer for `style`'s width and colour.
  public init(style: TerminalStyle) {
    self.style = style
  }

  /// The `stats` view; a hint to practise first when there are no scored answers.
  public func render(_ stats: PracticeStats) -> String {
    let s = style
    guard stats.answers > 0 else {
      return s.wrap(
        "No scored answers yet. Start with 'rehearse practice'; statistics appear after the first answer.")
    }
    var lines: [String] = []
    // Wrapped as plain text (the wrap counts columns), the heading made bold after.
    let heading = "Practice statistics"
    let totals = s.wrap(
      "\(heading): \(stats.sessions) session\(stats.sessions == 1 ? "" : "s"), \(stats.answers) scored answer\(stats.answers == 1 ? "" : "s"), average \(format(stats.averageScore ?? 0)), best \(format(stats.bestScore ?? 0))",
      hanging: 2)
    lines.append(s.bold(heading) + totals.dropFirst(heading.count))
    // A label, then its text wrapped in a column of its own.
    func labelled(_ label: String, _ text: String) -> String {
      Display.column(label, 9) + s.wrap(text, indent: 9).dropFirst(9)
    }
    // The sparkline has no spaces, so it is never split: coloured after wrapping.
    let recent = Chart.sparkline(stats.recentScores)
    lines.append(
      labelled("Recent", "\(recent)  (last \(stats.recentScores.count) scores, oldest first)")
        .replacingOccurrences(of: recent, with: spark(stats.recentScores)))
    let streak = stats.streak
    lines.append(
      labelled(
        "Streak",
        "\(streak.current) day\(streak.current == 1 ? "" : "s") in a row (longest \(streak.longest)\(streak.lastPracticed.map { "; last practised \($0)" } ?? ""))"
      ))
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
      lines.append(contentsOf: weakest(stats.weakestCriteria))
    }
    return lines.joined(separator: "\n")
  }

  /// How a table with a name column fits the terminal: one line per row with the bars; else
  /// one line per row without them; else names too wide for the column on a line of their own,
  /// above their figures. Never a row that wraps in the middle of a cell.
  private struct Layout {
    var bars: Bool
    var nameWidth: Int
  }

  /// `figures(bars)` is the width of everything after the name column.
  private func layout(names: [String], heading: Int, figures: (Bool) -> Int) -> Layout {
    let widest = max(heading, names.map(DisplayWidth.of).max() ?? 0)
    if 2 + widest + figures(true) <= style.width { return Layout(bars: true, nameWidth: widest) }
    if 2 + widest + figures(false) <= style.width { return Layout(bars: false, nameWidth: widest) }
    let bars = 2 + 12 + figures(true) <= style.width
    return Layout(bars: bars, nameWidth: max(0, min(widest, style.width - 2 - figures(bars))))
  }

  /// A row: the name and its figures on one line, or the name alone (wrapped) and the figures
  /// under it when the name is wider than its column.
  private func row(_ name: String, _ figures: String, nameWidth: Int) -> [String] {
    if DisplayWidth.of(name) <= nameWidth { return ["  " + Display.column(name, nameWidth) + figures] }
    return [style.wrap(name, indent: 2), "  " + String(repeating: " ", count: nameWidth) + figures]
  }

  private func table(_ title: String, _ groups: [GroupStats]) -> [String] {
    let names = groups.map { inert($0.id) }
    let averages = groups.map { format($0.average) }
    let bests = groups.map { format($0.best) }
    let trends = groups.map { Chart.trend($0.trend) }
    let recentHeading = "last \(PracticeStats.recentCount)"
    let averageWidth = max(4, averages.map(\.count).max() ?? 0)
    let bestWidth = max(4, bests.map(\.count).max() ?? 0)
    let trendWidth = max(5, trends.map(\.count).max() ?? 0)
    let recentWidth = max(recentHeading.count, groups.map(\.recent.count).max() ?? 0)
    // attempts (8, right-aligned), average [and bar], best, trend, last scores.
    func averageColumn(_ bars: Bool) -> Int { bars ? averageWidth + 11 : max(averageWidth, 7) }
    let fit = layout(names: names, heading: DisplayWidth.of(title)) { bars in
      8 + 2 + averageColumn(bars) + 2 + bestWidth + 2 + trendWidth + 2 + recentWidth
    }
    let figuresHeading =
      "attempts  " + Display.column("average", averageColumn(fit.bars)) + "  "
      + Display.column("best", bestWidth, right: true) + "  " + Display.column("trend", trendWidth) + "  "
      + recentHeading
    var lines: [String] = []
    if fit.nameWidth >= DisplayWidth.of(title) {
      lines.append(style.bold(Display.column(title, fit.nameWidth + 2)) + style.dim(figuresHeading))
    } else {
      lines.append(style.bold(title))
      lines.append(String(repeating: " ", count: fit.nameWidth + 2) + style.dim(figuresHeading))
    }
    for (index, group) in groups.enumerated() {
      let average = Display.column(averages[index], fit.bars ? averageWidth : averageColumn(false), right: true)
      let averageCell = fit.bars ? average + " " + Chart.bar(group.average) : average
      let figures =
        Display.column("\(group.attempts)", 8, right: true) + "  "
        + Display.colored(averageCell, score: group.average, style: style) + "  "
        + Display.column(bests[index], bestWidth, right: true) + "  "
        + Display.column(trends[index], trendWidth) + "  " + spark(group.recent)
      lines.append(contentsOf: row(names[index], figures, nameWidth: fit.nameWidth))
    }
    return lines
  }

  private func weakest(_ criteria: [CriterionStats]) -> [String] {
    let s = style
    var lines: [String] = []
    let heading = "Weakest criteria"
    let note = " (share of their points earned, all answers)"
    if DisplayWidth.of(heading + note) <= s.width {
      lines.append(s.bold(heading) + s.dim(note))
    } else {
      lines.append(s.bold(heading))
      lines.append(s.dim(s.wrap(String(note.dropFirst()), indent: 2)))
    }
    let titles = criteria.map { inert($0.title) }
    let shares = criteria.map { "\(format($0.percent))%" }
    let details = criteria.map { "\(inert($0.id)), \($0.answers) answer\($0.answers == 1 ? "" : "s")" }
    let shareWidth = max(4, shares.map(\.count).max() ?? 0)
    let detailWidth = details.map(DisplayWidth.of).max() ?? 0
    // [bar] share, then the criterion's id and how many answers it was asked in.
    let fit = layout(names: titles, heading: 0) { bars in 2 + (bars ? 11 : 0) + shareWidth + 2 + detailWidth }
    for (index, criterion) in criteria.enumerated() {
      let share = Display.column(shares[index], shareWidth, right: true)
      let bar = fit.bars ? Display.colored(Chart.bar(criterion.percent), score: criterion.percent, style: s) + " " : ""
      let figures = "  " + bar + share + "  " + s.dim(details[index])
      lines.append(contentsOf: row(titles[index], figures, nameWidth: fit.nameWidth))
    }
    return lines
  }

  private func spark(_ scores: [Double]) -> String {
    style.color ? style.cyan(Chart.sparkline(scores)) : Chart.sparkline(scores)
  }
}

/// The `rehearse plan` view: what is due and why, with a question to practise for each.
public struct PlanRenderer: Sendable {
  var style: TerminalStyle

  /// A renderer for `style`'s width and colour.
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
