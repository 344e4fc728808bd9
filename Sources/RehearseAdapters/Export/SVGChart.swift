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
    let top = 12.0
    let height = 160.0
    let slot = max(28.0, min(80.0, 520.0 / Double(answers.count)))
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
    // Wide enough for the longest title at 12 px (about 7 px a column, CJK and emoji two
    // columns), so no label is cut or runs off the left edge.
    let longest = order.map { DisplayWidth.of(titles[$0] ?? $0) }.max() ?? 0
    let labelWidth = max(230.0, (Double(longest) * 7.0 + 16).rounded(.up))
    let barWidth = 320.0
    let row = 22.0
    let height = Double(order.count) * row + 30
    var parts: [String] = []
    parts.append(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"criteria-\(HTMLExport.escape(session.id))\" viewBox=\"0 0 \(number(labelWidth + barWidth + 70)) \(number(height))\" width=\"\(number(labelWidth + barWidth + 70))\" height=\"\(number(height))\">"
    )
    parts.append("<title id=\"criteria-\(HTMLExport.escape(session.id))\">Criteria covered and missed</title>")
    for (index, id) in order.enumerated() {
      let y = Double(index) * row + 4
      let maximum = possible[id] ?? 0
      let share = maximum > 0 ? (earned[id] ?? 0) / maximum : 0
      let title = titles[id] ?? id
      let shown = title
      parts.append(
        "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 14))\" font-size=\"12\" text-anchor=\"end\" fill=\"#1d2330\">\(HTMLExport.escape(shown))</text>"
      )
      parts.append(
        "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(barWidth))\" height=\"14\" fill=\"#e7c9c4\"/>"
      )
      parts.append(
        "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 3))\" width=\"\(number(barWidth * share))\" height=\"14\" fill=\"#1f8a4c\"><title>\(HTMLExport.escape("\(title): \(number(earned[id] ?? 0)) of \(number(maximum)) points"))</title></rect>"
      )
      parts.append(
        "<text x=\"\(number(labelWidth + barWidth + 6))\" y=\"\(number(y + 14))\" font-size=\"11\" fill=\"#5b6475\">\(Int((share * 100).rounded()))%</text>"
      )
    }
    let legendY = Double(order.count) * row + 18
    parts.append(
      "<rect x=\"\(number(labelWidth))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"#1f8a4c\"/><text x=\"\(number(labelWidth + 14))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#5b6475\">covered</text><rect x=\"\(number(labelWidth + 80))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"#e7c9c4\"/><text x=\"\(number(labelWidth + 94))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#5b6475\">missed</text>"
    )
    parts.append(
      "</svg><figcaption>Criteria covered vs missed: share of each criterion's points earned over all scored main answers (follow-ups are not counted).</figcaption></figure>"
    )
    return parts.joined(separator: "\n")
  }

  /// Average score of main answers per category, per session, over time.
  static func trend(_ sessions: [Session]) -> String {
    var categories: [String] = []
    var points: [String: [(date: Date, score: Double)]] = [:]
    for session in sessions.sorted(by: { $0.startedAt < $1.startedAt }) {
      var byCategory: [String: [Double]] = [:]
      for answer in session.scoredAnswers {
        guard let score = answer.report?.score else { continue }
        if !categories.contains(answer.category) { categories.append(answer.category) }
        byCategory[answer.category, default: []].append(score)
      }
      for (category, scores) in byCategory {
        points[category, default: []].append((session.startedAt, scores.reduce(0, +) / Double(scores.count)))
      }
    }
    guard !categories.isEmpty else { return "<p class=\"meta\">No scored answers to chart.</p>" }
    let dates = points.values.flatMap { $0.map(\.date) }
    let first = dates.min() ?? Date(timeIntervalSince1970: 0)
    let last = dates.max() ?? first
    let span = max(last.timeIntervalSince(first), 1)
    let left = 40.0
    let top = 12.0
    let width = 520.0
    let height = 180.0
    let legendHeight = Double(categories.count) * 16 + 8
    let totalHeight = top + height + 28 + legendHeight
    func x(_ date: Date) -> Double {
      last == first ? left + width / 2 : left + date.timeIntervalSince(first) / span * width
    }
    func y(_ score: Double) -> Double { top + height - score / 100 * height }
    var parts: [String] = []
    parts.append(
      "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"trend-title\" viewBox=\"0 0 \(number(left + width + 20)) \(number(totalHeight))\" width=\"\(number(left + width + 20))\" height=\"\(number(totalHeight))\">"
    )
    parts.append("<title id=\"trend-title\">Average score per category over time</title>")
    parts += grid(left: left, top: top, width: width, height: height)
    parts.append(
      "<text x=\"\(number(left))\" y=\"\(number(top + height + 16))\" font-size=\"11\" fill=\"#5b6475\">\(HTMLExport.escape(ExportText.day(first)))</text><text x=\"\(number(left + width))\" y=\"\(number(top + height + 16))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">\(HTMLExport.escape(ExportText.day(last)))</text>"
    )
    for (index, category) in categories.enumerated() {
      let color = palette[index % palette.count]
      let series = (points[category] ?? []).sorted { $0.date < $1.date }
      if series.count > 1 {
        let path = series.map { "\(number(x($0.date))),\(number(y($0.score)))" }.joined(separator: " ")
        parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
      }
      for point in series {
        parts.append(
          "<circle cx=\"\(number(x(point.date)))\" cy=\"\(number(y(point.score)))\" r=\"3.5\" fill=\"\(color)\"><title>\(HTMLExport.escape("\(category) \(ExportText.day(point.date)): \(number(point.score))"))</title></circle>"
        )
      }
      let legendY = top + height + 36 + Double(index) * 16
      parts.append(
        "<rect x=\"\(number(left))\" y=\"\(number(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(number(left + 14))\" y=\"\(number(legendY))\" font-size=\"11\" fill=\"#1d2330\">\(HTMLExport.escape(category))</text>"
      )
    }
    parts.append("</svg><figcaption>Average score of main answers per category, per session.</figcaption></figure>")
    return parts.joined(separator: "\n")
  }
}
