import Foundation
import RehearseCore

/// Renders sessions as one self-contained HTML page: inline CSS (with print rules), inline
/// SVG charts, no scripts and no external assets. Every piece of user text is escaped.
public struct HTMLExport: Sendable {
  var context: ExportContext

  /// A writer stamping pages with `context` (version and export time).
  public init(context: ExportContext) {
    self.context = context
  }

  /// One page for the given sessions. With more than one session the page opens with an
  /// overview and a chart of the average score per category over time.
  public func html(from sessions: [Session]) -> String {
    var body: [String] = []
    let title: String
    if sessions.count == 1, let only = sessions.first {
      title = "Rehearse session \(only.id)"
    } else {
      title = "Rehearse sessions"
    }
    body.append("<h1>\(Self.escape(title))</h1>")
    if sessions.count > 1 {
      body.append("<section class=\"overview\">")
      body.append(
        "<p class=\"meta\">\(sessions.count) sessions, exported \(Self.escape(ExportText.date(context.exportedAt))) by Rehearse \(Self.escape(context.rehearseVersion)).</p>"
      )
      body.append(
        "<table class=\"cards\"><thead><tr><th>Session</th><th>Date</th><th class=\"num\">Answers</th><th class=\"num\">Average</th></tr></thead><tbody>"
      )
      for session in sessions {
        body.append(
          "<tr><td><a href=\"#s-\(Self.escape(session.id))\">\(Self.escape(session.id))</a></td><td data-label=\"Date\">\(Self.escape(ExportText.date(session.startedAt)))</td><td class=\"num\" data-label=\"Answers\">\(session.scoredAnswers.count)</td><td class=\"num\" data-label=\"Average\">\(session.averageScore.map { format($0) } ?? "–")</td></tr>"
        )
      }
      body.append("</tbody></table>")
      body.append("<h2>Trend by category</h2>")
      body.append(SVGChart.trend(sessions))
      body.append("</section>")
    }
    for session in sessions {
      body.append(render(session, nested: sessions.count > 1))
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="Rehearse \(Self.escape(context.rehearseVersion))">
      <title>\(Self.escape(title))</title>
      <style>
      \(Self.css)
      </style>
      </head>
      <body>
      <main>
      \(body.joined(separator: "\n"))
      </main>
      </body>
      </html>

      """
  }

  static let css = """
    :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --good: #1f8a4c; --mid: #2f6fb0; --warn: #b7791f; --bad: #c0392b; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
    main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; overflow-wrap: break-word; }
    h1 { font-size: 1.6rem; margin: 0 0 1rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
    h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
    h4 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
    th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #eef1f5; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .meta { color: var(--muted); font-size: .9rem; }
    .answer { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
    .followup { margin-left: 1.5rem; border-left: 4px solid var(--line); }
    blockquote { margin: .5rem 0; padding: .25rem .75rem; background: #f3f5f8; border-left: 4px solid #9aa6b8; overflow-wrap: anywhere; }
    blockquote p { white-space: pre-wrap; margin: .35rem 0; }
    .section-title { font-weight: 600; }
    .score { font-size: 1.05rem; font-weight: 600; }
    .band-interview-ready { color: var(--good); } .band-solid { color: var(--mid); } .band-developing { color: var(--warn); } .band-not-ready { color: var(--bad); }
    ul { padding-left: 1.25rem; }
    li { margin: .15rem 0; }
    .hint { color: var(--muted); }
    .mentor { background: #fbf8ef; border: 1px solid #eadfbf; border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; }
    figure { margin: 1rem 0; }
    figcaption { color: var(--muted); font-size: .85rem; }
    svg { max-width: 100%; height: auto; font-family: inherit; }
    /* Phones: less padding, and tables of many columns become one block per row, each
       value with its column name. */
    @media screen and (max-width: 40rem) {
      main { padding: 1rem .75rem 2rem; }
      .answer { padding: .5rem .65rem; }
      .followup { margin-left: .5rem; }
      table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
      table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
      table.cards tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
      table.cards td { border: 0; padding: .05rem .5rem; text-align: left; }
      table.cards td:first-child { font-weight: 600; }
      table.cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
      table.cards td[data-label]:empty { display: none; }
    }
    section.session { break-before: page; }
    section.session:first-of-type { break-before: auto; }
    @media print {
      body { background: #fff; font-size: 11pt; }
      main { max-width: none; padding: 0; }
      .answer, figure, .mentor, tr { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
      blockquote { background: none; }
    }
    """

  private func render(_ session: Session, nested: Bool) -> String {
    let provenance = Provenance(session)
    var out: [String] = []
    out.append("<section class=\"session\" id=\"s-\(Self.escape(session.id))\">")
    if nested { out.append("<h2>Session \(Self.escape(session.id))</h2>") }
    out.append("<table class=\"provenance\"><tbody>")
    func row(_ name: String, _ value: String) {
      out.append("<tr><th scope=\"row\">\(Self.escape(name))</th><td>\(value)</td></tr>")
    }
    row(
      "Rehearse",
      "\(Self.escape(session.rehearseVersion)) (exported with \(Self.escape(context.rehearseVersion)) on \(Self.escape(ExportText.date(context.exportedAt))))"
    )
    row("Bank", Self.escape(provenance.bankVersions.joined(separator: ", ")))
    row(
      "Rubrics",
      provenance.rubrics.isEmpty ? "–" : provenance.rubrics.map { Self.escape($0.text) }.joined(separator: "<br>"))
    var dates = ExportText.date(session.startedAt)
    if let end = session.endedAt { dates += " to \(ExportText.date(end))" }
    row("Date", Self.escape(dates))
    row(
      "Mode",
      Self.escape(
        "\(session.mode.rawValue)\(session.settings.timedSeconds != nil ? ", timed" : "") (\(session.status.rawValue))")
    )
    row("Duration", Self.escape(ExportText.duration(provenance.durationSeconds)))
    row("Hints used", "\(provenance.hintsUsed)")
    row("Model answers revealed", "\(provenance.modelsRevealed)")
    row("Graders", Self.escape(provenance.gradersText))
    out.append("</tbody></table>")

    let groups = AnswerGroup.groups(session)
    out.append("<h2>Summary</h2>")
    out.append(
      "<table class=\"summary cards\"><thead><tr><th>Answer</th><th>Question</th><th>Category</th><th class=\"num\">Score</th><th>Band</th><th class=\"num\">Time</th><th class=\"num\">Hints</th><th>Mentors</th></tr></thead><tbody>"
    )
    for answer in groups.flatMap({ [$0.main] + $0.followUps }) {
      let score = answer.report.map { format($0.score) } ?? (answer.skipped ? "skipped" : "–")
      let mentors = session.grades.filter { $0.answerId == answer.id }
        .map { "\(Self.escape($0.mentor)) \(format($0.score))" }.joined(separator: ", ")
      let label = answer.kind == .followUp ? "\(answer.id) (follow-up)" : answer.id
      out.append(
        "<tr><td><a href=\"#\(Self.escape(session.id))-\(Self.escape(answer.id))\">\(Self.escape(label))</a></td><td data-label=\"Question\">\(Self.escape(answer.questionId))</td><td data-label=\"Category\">\(Self.escape(answer.category))</td><td class=\"num\" data-label=\"Score\">\(score)</td><td data-label=\"Band\">\(Self.escape(answer.report?.band ?? ""))</td><td class=\"num\" data-label=\"Time\">\(ExportText.duration(answer.timeUsedSeconds))</td><td class=\"num\" data-label=\"Hints\">\(answer.hintsUsed.count)</td><td data-label=\"Mentors\">\(mentors)</td></tr>"
      )
    }
    out.append("</tbody></table>")
    if let average = session.averageScore {
      out.append(
        "<p>Average score of \(ExportText.plural(session.scoredAnswers.count, "main answer")): <strong>\(format(average))/100</strong></p>"
      )
    }
    out.append(SVGChart.scores(session))
    out.append(SVGChart.criteria(session))
    for group in groups {
      out.append(renderAnswer(group.main, in: session, followUp: false))
      for followUp in group.followUps { out.append(renderAnswer(followUp, in: session, followUp: true)) }
    }
    out.append("</section>")
    return out.joined(separator: "\n")
  }

  private func renderAnswer(_ answer: AnswerRecord, in session: Session, followUp: Bool) -> String {
    var out: [String] = []
    out.append(
      "<article class=\"answer\(followUp ? " followup" : "")\" id=\"\(Self.escape(session.id))-\(Self.escape(answer.id))\">"
    )
    let title: String
    if answer.kind == .followUp {
      title = "\(answer.id) · follow-up\(answer.followUpCriterion.map { " on \($0)" } ?? "")"
    } else {
      title = "\(answer.id) · \(answer.questionId)\(answer.attempt > 1 ? " (attempt \(answer.attempt))" : "")"
    }
    out.append("<\(followUp ? "h4" : "h3")>\(Self.escape(title))</\(followUp ? "h4" : "h3")>")
    out.append("<p><strong>Question.</strong> \(Self.escape(answer.prompt))</p>")
    var facts = [
      "category \(answer.category)",
      "\(answer.mode == .free ? "free-form" : "guided") \(answer.form == .star ? "story" : "case")",
      "time \(ExportText.duration(answer.timeUsedSeconds))",
    ]
    if let limit = answer.timeLimitSeconds {
      facts.append("limit \(ExportText.duration(Double(limit)))\(answer.overTime ? ", over time" : "")")
    }
    if !answer.hintsUsed.isEmpty { facts.append(ExportText.plural(answer.hintsUsed.count, "hint")) }
    if answer.modelRevealed { facts.append("model answer revealed") }
    out.append("<p class=\"meta\">\(Self.escape(facts.joined(separator: " · ")))</p>")
    if answer.skipped {
      out.append("<p><em>Skipped.</em></p>")
    } else {
      out.append("<blockquote>")
      for section in ExportText.sections(answer.answer) {
        let title = section.title.map { "<span class=\"section-title\">\(Self.escape($0)).</span> " } ?? ""
        out.append("<p>\(title)\(Self.escape(section.text))</p>")
      }
      out.append("</blockquote>")
    }
    if let report = answer.report {
      let bandClass = "band-" + report.band.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
      out.append(
        "<p class=\"score\">Score \(format(report.score))/100 — <span class=\"\(Self.escape(bandClass))\">\(Self.escape(report.band))</span></p>"
      )
      if let gap = report.biggestGap { out.append("<p>Biggest gap: \(Self.escape(gap))</p>") }
      let credited = report.criteria.filter { $0.evidence.contains(where: \.credited) || $0.points > 0 }
      if !credited.isEmpty {
        out.append("<p><strong>Credited</strong></p><ul>")
        for criterion in credited {
          let quotes = criterion.evidence.filter(\.credited).map { evidence in
            "“\(Self.escape(evidence.text))”\(evidence.section.map { " (\($0.title))" } ?? "")"
          }
          out.append(
            "<li>\(Self.escape(criterion.title)) (\(format(criterion.points))/\(format(criterion.maxPoints)))\(quotes.isEmpty ? "" : ": " + quotes.joined(separator: ", "))</li>"
          )
        }
        out.append("</ul>")
      }
      let missed = report.criteria.filter { !$0.missed.isEmpty }
      if !missed.isEmpty {
        out.append("<p><strong>Missed</strong></p><ul>")
        for criterion in missed {
          for miss in criterion.missed {
            out.append(
              "<li>\(Self.escape(criterion.title)) (−\(format(miss.pointsLost))): \(Self.escape(miss.reason)) <span class=\"hint\">Hint: \(Self.escape(miss.hint))</span></li>"
            )
          }
        }
        out.append("</ul>")
      }
      if !report.redFlags.isEmpty || !report.bonus.isEmpty {
        out.append("<ul>")
        for flag in report.redFlags {
          out.append(
            "<li>Red flag \(Self.escape(flag.name)) (−\(format(flag.penalty))): “\(Self.escape(flag.evidence.text))”. \(Self.escape(flag.message))</li>"
          )
        }
        for bonus in report.bonus {
          out.append(
            "<li>Bonus \(Self.escape(bonus.name)) (+\(format(bonus.points))): “\(Self.escape(bonus.evidence.text))”</li>"
          )
        }
        out.append("</ul>")
      }
      let structure = report.structure
      let sections = structure.sections.sections.map { "\($0.title) \(structure.sections[$0] ? "✓" : "✗")" }.joined(
        separator: ", ")
      out.append(
        "<p class=\"meta\">Structure: \(structure.wordCount) words, \(Self.escape(sections)) (\(Self.escape(structure.segmentation.rawValue))).</p>"
      )
      if !structure.findings.isEmpty {
        out.append("<ul>")
        for finding in structure.findings {
          out.append(
            "<li>\(Self.escape(finding.message))\(finding.hint.map { " <span class=\"hint\">Hint: \(Self.escape($0))</span>" } ?? "")</li>"
          )
        }
        out.append("</ul>")
      }
    }
    for grade in session.grades where grade.answerId == answer.id {
      out.append("<div class=\"mentor\">")
      var line =
        "<p><strong>\(Self.escape(grade.mentor))</strong> <span class=\"meta\">(\(Self.escape(grade.source.rawValue)), \(Self.escape(ExportText.date(grade.gradedAt))))</span>: \(format(grade.score))/100"
      if let band = grade.band { line += " — \(Self.escape(band))" }
      if let comment = grade.comment, !comment.isEmpty { line += ". “\(Self.escape(comment))”" }
      out.append(line + "</p>")
      if !grade.criteria.isEmpty {
        out.append("<ul>")
        for criterion in grade.criteria {
          let title = answer.report?.criteria.first { $0.id == criterion.criterionId }?.title ?? criterion.criterionId
          var item = "<li>\(Self.escape(title)): \(format(criterion.points))/\(format(criterion.maxPoints))"
          if let comment = criterion.comment, !comment.isEmpty { item += ". “\(Self.escape(comment))”" }
          out.append(item + "</li>")
        }
        out.append("</ul>")
      }
      out.append("</div>")
    }
    out.append("</article>")
    return out.joined(separator: "\n")
  }

  /// Escapes text for HTML content and attribute values; control characters (terminal
  /// escapes) become visible `^[` text first.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in inert(text) {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
