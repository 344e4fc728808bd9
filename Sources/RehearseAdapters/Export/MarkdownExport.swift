import Foundation
import RehearseCore

/// Renders sessions as Markdown transcripts: a provenance header, a summary table, then every
/// answer with its score, evidence, misses, structure findings, follow-ups and mentor grades.
///
/// Every piece of text from an answer, a mentor or the bank is escaped, so Markdown and HTML
/// in it show as typed and terminal escapes show as visible `^[` text.
public struct MarkdownExport: Sendable {
  var context: ExportContext

  /// A writer stamping documents with `context` (version and export time).
  public init(context: ExportContext) {
    self.context = context
  }

  /// One document for the given sessions (several sessions follow each other).
  public func markdown(from sessions: [Session]) -> String {
    var out: [String] = []
    if sessions.count > 1 {
      out.append("# Rehearse sessions")
      out.append("")
      out.append("Exported \(ExportText.date(context.exportedAt)) by Rehearse \(Self.escape(context.rehearseVersion)).")
      out.append("")
      out.append("| Session | Date | Answers | Average |")
      out.append("|---|---|---:|---:|")
      for session in sessions {
        let average = session.averageScore.map { format($0) } ?? "–"
        out.append(
          "| \(Self.cell(session.id)) | \(ExportText.date(session.startedAt)) | \(session.scoredAnswers.count) | \(average) |"
        )
      }
      out.append("")
    }
    for session in sessions {
      out.append(contentsOf: render(session, level: sessions.count > 1 ? 2 : 1))
    }
    return out.joined(separator: "\n") + "\n"
  }

  private func render(_ session: Session, level: Int) -> [String] {
    let h = String(repeating: "#", count: level)
    let provenance = Provenance(session)
    var out: [String] = []
    out.append("\(h) Rehearse session \(Self.escape(session.id))")
    out.append("")
    out.append("| Provenance | |")
    out.append("|---|---|")
    out.append(
      "| Rehearse | \(Self.cell(session.rehearseVersion)) (exported with \(Self.cell(context.rehearseVersion)) on \(ExportText.date(context.exportedAt))) |"
    )
    out.append("| Bank | \(Self.cell(provenance.bankVersions.joined(separator: ", "))) |")
    let rubrics = provenance.rubrics.map { Self.cell($0.text) }.joined(separator: "<br>")
    out.append("| Rubrics | \(rubrics.isEmpty ? "–" : rubrics) |")
    var dates = ExportText.date(session.startedAt)
    if let end = session.endedAt { dates += " to \(ExportText.date(end))" }
    out.append("| Date | \(dates) |")
    out.append(
      "| Mode | \(session.mode.rawValue)\(session.settings.timedSeconds != nil ? ", timed" : "") (\(session.status.rawValue)) |"
    )
    out.append("| Duration | \(ExportText.duration(provenance.durationSeconds)) |")
    out.append("| Hints used | \(provenance.hintsUsed) |")
    out.append("| Model answers revealed | \(provenance.modelsRevealed) |")
    out.append("| Graders | \(Self.cell(provenance.gradersText)) |")
    out.append("")

    let groups = AnswerGroup.groups(session)
    out.append("\(h)# Summary")
    out.append("")
    out.append("| Answer | Question | Category | Score | Band | Time | Hints | Mentors |")
    out.append("|---|---|---|---:|---|---:|---:|---|")
    for answer in groups.flatMap({ [$0.main] + $0.followUps }) {
      let score = answer.report.map { format($0.score) } ?? (answer.skipped ? "skipped" : "–")
      let band = answer.report.map { Self.cell($0.band) } ?? ""
      let mentors = session.grades.filter { $0.answerId == answer.id }
        .map { "\(Self.cell($0.mentor)) \(format($0.score))" }.joined(separator: ", ")
      let label = answer.kind == .followUp ? "\(answer.id) (follow-up)" : answer.id
      out.append(
        "| \(Self.cell(label)) | \(Self.cell(answer.questionId)) | \(Self.cell(answer.category)) | \(score) | \(band) | \(ExportText.duration(answer.timeUsedSeconds)) | \(answer.hintsUsed.count) | \(mentors) |"
      )
    }
    out.append("")
    if let average = session.averageScore {
      out.append(
        "Average score of \(ExportText.plural(session.scoredAnswers.count, "main answer")): **\(format(average))/100**")
      out.append("")
    }

    for group in groups {
      out.append(contentsOf: renderAnswer(group.main, in: session, heading: "\(h)#"))
      for followUp in group.followUps {
        out.append(contentsOf: renderAnswer(followUp, in: session, heading: "\(h)##"))
      }
    }
    return out
  }

  private func renderAnswer(_ answer: AnswerRecord, in session: Session, heading: String) -> [String] {
    var out: [String] = []
    let title: String
    if answer.kind == .followUp {
      title = "\(answer.id) · follow-up\(answer.followUpCriterion.map { " on \($0)" } ?? "")"
    } else {
      title = "\(answer.id) · \(answer.questionId)\(answer.attempt > 1 ? " (attempt \(answer.attempt))" : "")"
    }
    out.append("\(heading) \(Self.escape(title))")
    out.append("")
    out.append("**Question.** \(Self.escape(answer.prompt))")
    out.append("")
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
    out.append("*\(Self.escape(facts.joined(separator: " · ")))*")
    out.append("")
    if answer.skipped {
      out.append("*Skipped.*")
      out.append("")
    } else {
      out.append("**Answer:**")
      out.append("")
      out.append(contentsOf: Self.quote(answer.answer))
      out.append("")
    }
    if let report = answer.report {
      out.append("**Score: \(format(report.score))/100 — \(Self.escape(report.band))**")
      out.append("")
      if let gap = report.biggestGap {
        out.append("Biggest gap: \(Self.escape(gap))")
        out.append("")
      }
      let credited = report.criteria.filter { $0.evidence.contains(where: \.credited) || $0.points > 0 }
      if !credited.isEmpty {
        out.append("Credited:")
        out.append("")
        for criterion in credited {
          let quotes = criterion.evidence.filter(\.credited).map { evidence in
            "“\(Self.escape(evidence.text))”\(evidence.section.map { " (\($0.title))" } ?? "")"
          }
          let tail = quotes.isEmpty ? "" : ": " + quotes.joined(separator: ", ")
          out.append(
            "- \(Self.escape(criterion.title)) (\(format(criterion.points))/\(format(criterion.maxPoints)))\(tail)")
        }
        out.append("")
      }
      let missed = report.criteria.filter { !$0.missed.isEmpty }
      if !missed.isEmpty {
        out.append("Missed:")
        out.append("")
        for criterion in missed {
          for miss in criterion.missed {
            out.append(
              "- \(Self.escape(criterion.title)) (−\(format(miss.pointsLost))): \(Self.escape(miss.reason)) *Hint:* \(Self.escape(miss.hint))"
            )
          }
        }
        out.append("")
      }
      for flag in report.redFlags {
        out.append(
          "- Red flag \(Self.escape(flag.name)) (−\(format(flag.penalty))): “\(Self.escape(flag.evidence.text))”. \(Self.escape(flag.message))"
        )
      }
      for bonus in report.bonus {
        out.append(
          "- Bonus \(Self.escape(bonus.name)) (+\(format(bonus.points))): “\(Self.escape(bonus.evidence.text))”")
      }
      if !report.redFlags.isEmpty || !report.bonus.isEmpty { out.append("") }
      let structure = report.structure
      let sections = structure.sections.sections.map { "\($0.title) \(structure.sections[$0] ? "✓" : "✗")" }.joined(
        separator: ", ")
      out.append("Structure: \(structure.wordCount) words, \(sections) (\(structure.segmentation.rawValue)).")
      out.append("")
      for finding in structure.findings {
        out.append("- \(Self.escape(finding.message))\(finding.hint.map { " *Hint:* \(Self.escape($0))" } ?? "")")
      }
      if !structure.findings.isEmpty { out.append("") }
    }
    let grades = session.grades.filter { $0.answerId == answer.id }
    if !grades.isEmpty {
      out.append("Mentor grades:")
      out.append("")
      for grade in grades {
        var line =
          "- **\(Self.escape(grade.mentor))** (\(grade.source.rawValue), \(ExportText.date(grade.gradedAt))): \(format(grade.score))/100"
        if let band = grade.band { line += " — \(Self.escape(band))" }
        if let comment = grade.comment, !comment.isEmpty { line += ". “\(Self.escape(comment))”" }
        out.append(line)
        for criterion in grade.criteria {
          let title = answer.report?.criteria.first { $0.id == criterion.criterionId }?.title ?? criterion.criterionId
          var item = "  - \(Self.escape(title)): \(format(criterion.points))/\(format(criterion.maxPoints))"
          if let comment = criterion.comment, !comment.isEmpty { item += ". “\(Self.escape(comment))”" }
          out.append(item)
        }
      }
      out.append("")
    }
    return out
  }

  /// The answer as a block quote, one bold section title per STAR section and one quoted
  /// paragraph per line, so line breaks survive rendering.
  static func quote(_ answer: Answer) -> [String] {
    var lines: [String] = []
    for section in ExportText.sections(answer) {
      let paragraphs = section.text.split(separator: "\n", omittingEmptySubsequences: true)
        .map { escape(String($0)) }.filter { !$0.allSatisfy(\.isWhitespace) }
      for (offset, paragraph) in paragraphs.enumerated() {
        if !lines.isEmpty { lines.append(">") }
        let prefix = offset == 0 ? section.title.map { "**\($0).** " } ?? "" : ""
        lines.append("> \(prefix)\(paragraph)")
      }
    }
    return lines
  }

  /// Escapes text for Markdown: every punctuation character Markdown (CommonMark) or
  /// embedded HTML could act on gets a backslash, line starts that would open a list or
  /// heading are neutralised, and control characters become visible.
  public static func escape(_ text: String, inline: Bool = false) -> String {
    // Parentheses and '!' only act after ']' or before '[', which are always escaped.
    let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "~", "&", "$"]
    var out = ""
    var atLineStart = !inline
    var pendingDigits = ""
    for character in inert(text) {
      if character == "\n" {
        out += pendingDigits
        pendingDigits = ""
        out.append("\n")
        atLineStart = !inline
        continue
      }
      if atLineStart && character.isNumber && character.isASCII {
        pendingDigits.append(character)
        continue
      }
      if atLineStart && !pendingDigits.isEmpty {
        out += pendingDigits
        pendingDigits = ""
        atLineStart = false
        if character == "." || character == ")" {
          out += "\\\(character)"
          continue
        }
      }
      if atLineStart && (character == "-" || character == "+" || character == "=") {
        out += "\\\(character)"
      } else if special.contains(character) {
        out += "\\\(character)"
      } else {
        out.append(character)
      }
      if !(atLineStart && character == " ") { atLineStart = false }
    }
    out += pendingDigits
    return out
  }

  /// Escaped text for a table cell: one line, pipes escaped.
  static func cell(_ text: String) -> String {
    escape(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "), inline: true)
  }
}
