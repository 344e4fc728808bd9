import Foundation
import RehearseCore

/// Inline SVG charts for the HTML export. Every label is escaped; no scripts, no fonts to load.
enum SVGChart {
  static let palette = ["#2f6fb0", "#1f8a4c", "#b7791f", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400"]

  private static func number(_ value: Double) -> String {
    // An SVG coordinate must be a plain number.
    value.isFinite && value.magnitude < 1e15 ? format(value) : "0"
  }

  private static func color(forScore score: Double) -> String {
    if score >= 80 { return "#1f8a4c" }
    if score >= 60 { return "#2f6fb0" }
    if score >= 40 { return "#b7791f" }
    return "#c0392b"
  }

  /// Grid lines at 0, 40, 60, 80 and 100 (the standard band edges) over a plot area.
  private static func grid(left: Double, top: Double, width: Double, height: Double) -> [String] {
    [0.0, 40, 60, 80, 100].map { value in
      let y = top + height - value / 100 * height
      return
        "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + width))\" y2=\"\(number(y))\" stroke=\"#d9dde5\" stroke-width=\"1\"/><text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">\(number(value))</text>"
    }
  }

  /// Score per answer (main answers and follow-ups that were scored), as bars.
  static func scores(_ session: Session) -> String {
    let answers = session.answers.filter { $0.report != nil }
    guard !answers.isEmpty else { return "<p class=\"meta\">No scored answers to chart.</p>" }
    let left = 40.0
    // Room above a 100-point bar for its value label (11 px text, 3 px above the bar).
    let top = 20.0
    let height = 160.0
    // At most 56 units a bar, so a session of six answers fits a phone (about 340 px) unscaled.
    let slot = max(28.0, min(56.0, 336.0 / Double(answers.count)))
    let width = slot * Double(answers.count)
    let total = left + width + 12
    var parts: [String] = []
    parts.append(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"scores-\(HTMLExport.escape(session.id))\" viewBox=\"0 0 \(number(total)) \(number(top + height + 40))\" width=\"\(number(total))\" height=\"\(number(top + height + 40))\">"
    )
    parts.append("<title id=\"scores-\(HTMLExport.escape(session.id))\">Score per answer</title>")
    parts += grid(left: left, top: top, width: width, height: height)
    for (index, answer) in answers.enumerated() {
      let score = answer.report?.score ?? 0
      let barHeight = max(1, score / 100 * height)
      let x = left + Double(index) * slot + slot * 0.15
      let barWidth = slot * 0.7
      let y = top + height - barHeight
      parts.append(
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(barWidth))\" height=\"\(number(barHeight))\" fill=\"\(color(forScore: score))\"><title>\(HTMLExport.escape("\(answer.id) \(answer.questionId): \(number(score))"))</title></rect>"
      )
      parts.append(
        "<text x=\"\(number(x + barWidth / 2))\" y=\"\(number(y - 3))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2330\">\(number(score))</text>"
      )
      parts.append(
        "<text x=\"\(number(x + barWidth / 2))\" y=\"\(number(top + height + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">\(HTMLExport.escape(answer.id))</text>"
      )
    }
    parts.append(
      "</svg><figcaption>Score per answer (0–100; lines at the band edges 40, 60, 80).</figcaption></figure>")
    return parts.joined(separator: "\n")
  }

  /// Points earned and missed per criterion, summed over the session's scored answers.
  static func criteria(_ session: Session) -> String {
    var order: [String] = []
    var titles: [String: String] = [:]
    var earned: [String: Double] = [:]
    var possible: [String: Double] = [:]
    // Main answers only: a follow-up probes one criterion, and averaging its points in would
    // show a criterion the answer missed (0 of 13) as half covered.
    for answer in session.answers where answer.kind == .main {
      for criterion in answer.report?.criteria ?? [] {
        if titles[criterion.id] == nil {
          order.append(criterion.id)
          titles[criterion.id] = criterion.title
        }
        earned[criterion.id, default: 0] += criterion.points
        possible[criterion.id, default: 0] += criterion.maxPoints
      }
    }
    guard !order.isEmpty else { return "" }
    // Each label sits above its bar, so the chart is narrow enough for a phone (about 340 px)
    // at full size. It is as wide as the longest title at 12 px (about 7 px a column, CJK and
    // emoji two columns) needs, so no label is cut or runs off an edge.
    let longest = order.map { DisplayWidth.of(titles[$0] ?? $0) }.max() ?? 0
    // A glyph can reach a little left of its x (a "Y" does by a unit), so everything starts at 4.
    let inset = 4.0
    let width = max(336.0, (Double(longest) * 7.0 + inset + 8).rounded(.up))
    let barWidth = width - inset - 44
    let row = 34.0
    let height = Double(order.count) * row + 24
    var parts: [String] = []
    parts.append(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"criteria-\(HTMLExport.escape(session.id))\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\">"
    )
    parts.append("<title id=\"criteria-\(HTMLExport.escape(session.id))\">Criteria covered and missed</title>")
    for (index, id) in order.enumerated() {
      let y = Double(index) * row
      let maximum = possible[id] ?? 0
      let share = maximum > 0 ? (earned[id] ?? 0) / maximum : 0
      let title = titles[id] ?? id
      // One group per criterion; its tooltip holds the full title and the points.
      parts.append(
        "<g><title>\(HTMLExport.escape("\(title): \(number(earned[id] ?? 0)) of \(number(maximum)) points"))</title>"
      )
      parts.append(
        "<text x=\"\(number(inset))\" y=\"\(number(y + 13))\" font-size=\"12\" fill=\"#1d2330\">\(HTMLExport.escape(title))</text>"
      )
      parts.append(
        "<rect x=\"\(number(inset))\" y=\"\(number(y + 17))\" width=\"\(number(barWidth))\" height=\"12\" fill=\"#e7c9c4\"/>"
      )
      parts.append(
        "<rect x=\"\(number(inset))\" y=\"\(number(y + 17))\" width=\"\(number(barWidth * share))\" height=\"12\" fill=\"#1f8a4c\"/>"
      )
      parts.append(
        "<text x=\"\(number(width - 2))\" y=\"\(number(y + 27))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">\(Int((share * 100).rounded()))%</text></g>"
      )
    }
    let legendY = Double(order.count) * row + 16
    parts.append(
      "<rect x=\"\(number(inset))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"#1f8a4c\"/><text x=\"\(number(inset + 14))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#5b6475\">covered</text><rect x=\"\(number(inset + 80))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"#e7c9c4\"/><text x=\"\(number(inset + 94))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#5b6475\">missed</text>"
    )
    parts.append(
      "</svg><figcaption>Criteria covered vs missed: share of each criterion's points earned over all scored main answers (follow-ups are not counted).</figcaption></figure>"
    )
    return parts.joined(separator: "\n")
  }

  /// One point of the trend chart: a category's average on one practice day.
  struct TrendPoint: Equatable {
    /// The index of the day among the days with a scored answer, oldest first.
    var dayIndex: Int
    var average: Double
    var answers: Int
    var sessions: Int
  }

  /// The trend chart's data: the practice days (UTC, as every date in the export), oldest
  /// first, and per category, in the order categories first appear, one point per day on which
  /// it has scored main answers: their average, over every session of that day.
  static func trendPoints(_ sessions: [Session]) -> (days: [String], series: [(category: String, points: [TrendPoint])])
  {
    var days: [String] = []
    var categories: [String] = []
    var scores: [String: [String: [Double]]] = [:]
    var sessionsOn: [String: [String: Set<String>]] = [:]
    for session in sessions.sorted(by: { $0.startedAt < $1.startedAt }) {
      let day = ExportText.day(session.startedAt)
      for answer in session.scoredAnswers {
        guard let score = answer.report?.score else { continue }
        if !days.contains(day) { days.append(day) }
        if !categories.contains(answer.category) { categories.append(answer.category) }
        scores[answer.category, default: [:]][day, default: []].append(score)
        sessionsOn[answer.category, default: [:]][day, default: []].insert(session.id)
      }
    }
    days.sort()
    let series = categories.map { category in
      let points = days.enumerated().compactMap { index, day -> TrendPoint? in
        guard let values = scores[category]?[day], !values.isEmpty else { return nil }
        return TrendPoint(
          dayIndex: index, average: values.reduce(0, +) / Double(values.count), answers: values.count,
          sessions: sessionsOn[category]?[day]?.count ?? 0)
      }
      return (category, points)
    }
    return (days, series)
  }

  /// Average score of main answers per category per practice day. Days are evenly spaced in
  /// order (a gap between practice days is not drawn to scale), and each day is labelled once.
  static func trend(_ sessions: [Session]) -> String {
    let (days, series) = trendPoints(sessions)
    guard !days.isEmpty else { return "<p class=\"meta\">No scored answers to chart.</p>" }
    let left = 40.0
    let top = 12.0
    let height = 180.0
    // Wide enough for a phone at full size, and for the longest legend entry (11 px text).
    let longest = series.map { DisplayWidth.of($0.category) }.max() ?? 0
    let totalWidth = max(336.0, (Double(longest) * 6.5 + left + 20).rounded(.up))
    let width = totalWidth - left - 36
    let legendHeight = Double(series.count) * 16 + 8
    let totalHeight = top + height + 28 + legendHeight
    // A date label is 10 characters (about 62 units at 11 px): label days at least 100 units
    // apart (the first label starts at its day, the last ends at it), always the first and the
    // last.
    let spacing = days.count > 1 ? width / Double(days.count - 1) : width
    let every = max(1, Int((100 / spacing).rounded(.up)))
    var labelled = Array(stride(from: 0, to: days.count, by: every))
    if let previous = labelled.last, previous != days.count - 1 {
      if previous != 0 && Double(days.count - 1 - previous) * spacing < 100 { labelled.removeLast() }
      labelled.append(days.count - 1)
    }
    func x(_ index: Int) -> Double {
      days.count == 1 ? left + width / 2 : left + Double(index) / Double(days.count - 1) * width
    }
    func y(_ score: Double) -> Double { top + height - score / 100 * height }
    var parts: [String] = []
    parts.append(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"trend-title\" viewBox=\"0 0 \(number(totalWidth)) \(number(totalHeight))\" width=\"\(number(totalWidth))\" height=\"\(number(totalHeight))\">"
    )
    parts.append("<title id=\"trend-title\">Average score per category over time</title>")
    parts += grid(left: left, top: top, width: width, height: height)
    for index in labelled {
      let day = days[index]
      let isLast = index == days.count - 1
      let anchor = days.count == 1 ? "middle" : index == 0 ? "start" : isLast ? "end" : "middle"
      parts.append(
        "<line x1=\"\(number(x(index)))\" y1=\"\(number(top + height))\" x2=\"\(number(x(index)))\" y2=\"\(number(top + height + 4))\" stroke=\"#9aa6b8\" stroke-width=\"1\"/><text x=\"\(number(x(index)))\" y=\"\(number(top + height + 16))\" font-size=\"11\" text-anchor=\"\(anchor)\" fill=\"#5b6475\">\(HTMLExport.escape(day))</text>"
      )
    }
    for (index, line) in series.enumerated() {
      let color = palette[index % palette.count]
      if line.points.count > 1 {
        let path = line.points.map { "\(number(x($0.dayIndex))),\(number(y($0.average)))" }.joined(separator: " ")
        parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
      }
      for point in line.points {
        let detail =
          "\(line.category) \(days[point.dayIndex]): \(number(point.average)) (\(ExportText.plural(point.answers, "answer")), \(ExportText.plural(point.sessions, "session")))"
        parts.append(
          "<circle cx=\"\(number(x(point.dayIndex)))\" cy=\"\(number(y(point.average)))\" r=\"3.5\" fill=\"\(color)\"><title>\(HTMLExport.escape(detail))</title></circle>"
        )
      }
      let legendY = top + height + 36 + Double(index) * 16
      parts.append(
        "<rect x=\"\(number(left))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(number(left + 14))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#1d2330\">\(HTMLExport.escape(line.category))</text>"
      )
    }
    parts.append(
      "</svg><figcaption>Average score of main answers per category and practice day (UTC), over all of that day's sessions; days are evenly spaced in order.</figcaption></figure>"
    )
    return parts.joined(separator: "\n")
  }
}
