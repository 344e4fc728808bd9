import Foundation
import RehearseCore

/// The `rehearse show` view: a whole session as it happened, every answer with its score
/// report, follow-ups under the answer they follow, and mentor grades beside the automatic
/// score. All answer and comment text is made inert before printing.
public struct TranscriptRenderer: Sendable {
  var style: TerminalStyle
  /// Times are shown in this zone (the user's, or UTC in golden tests).
  public var timeZone: TimeZone

  /// A renderer for `style`'s width and colour, showing times in `timeZone`.
  public init(style: TerminalStyle, timeZone: TimeZone) {
    self.style = style
    self.timeZone = timeZone
  }

  /// The whole session as text: header, then each question, answer, score and follow-ups in order.
  public func render(_ session: Session) -> String {
    let s = style
    let summary = SessionSummary(session)
    var out: [String] = []
    out.append(
      s.bold("Session \(session.id)")
        + " · \(Display.dateTime(session.startedAt, in: timeZone)) · \(session.mode.rawValue) mode · \(session.status.rawValue)"
    )
    var facts = [
      "\(summary.answers.count) of \(session.plan.count) question\(session.plan.count == 1 ? "" : "s") answered"
    ]
    if summary.skipped > 0 { facts.append("\(summary.skipped) skipped") }
    if let average = summary.averageScore { facts.append("average \(format(average))") }
    facts.append("\(Display.duration(summary.durationSeconds)) answering")
    out.append(facts.joined(separator: " · "))
    var provenance = ["bank \(inert(session.bankVersion))", "Rehearse \(inert(session.rehearseVersion))"]
    if let category = session.settings.category { provenance.append("category \(inert(category))") }
    if let mentor = session.settings.mentor { provenance.append("mentor \(inert(mentor)) present") }
    out.append(s.dim(provenance.joined(separator: " · ")))

    let mains = session.answers.filter { $0.kind == .main }
    let followUps = session.answers.filter { $0.kind == .followUp }
    var number = 0
    for record in mains {
      number += 1
      out.append("")
      out.append(contentsOf: renderAnswer(record, heading: "\(number). \(record.questionId)", session: session))
      for followUp in followUps where followUp.parentId == record.id {
        out.append("")
        let about = followUp.followUpCriterion.map { " on \(inert($0))" } ?? ""
        out.append(
          contentsOf: renderAnswer(followUp, heading: "\(number). follow-up\(about)", session: session).map {
            "    " + $0
          })
      }
    }
    let orphans = followUps.filter { followUp in !mains.contains { $0.id == followUp.parentId } }
    for record in orphans {
      out.append("")
      out.append(contentsOf: renderAnswer(record, heading: "follow-up to \(record.questionId)", session: session))
    }
    if session.answers.isEmpty {
      out.append("")
      out.append("No answers yet.")
    }
    let remaining = session.remainingQuestionIds
    if !remaining.isEmpty && session.status == .inProgress {
      out.append("")
      out.append(s.dim("Not yet asked: \(remaining.map(inert).joined(separator: ", "))"))
    }
    return out.joined(separator: "\n")
  }

  private func renderAnswer(_ record: AnswerRecord, heading: String, session: Session) -> [String] {
    let s = style
    var out: [String] = []
    let attempt = record.attempt > 1 ? " · attempt \(record.attempt)" : ""
    out.append(s.bold("── \(inert(heading))") + s.dim(" (\(inert(record.category))\(attempt)) ──"))
    if !record.prompt.isEmpty { out.append(s.wrap("Q: \(inert(record.prompt))", hanging: 3)) }
    var facts: [String] = []
    if let limit = record.timeLimitSeconds {
      facts.append(
        "time \(Display.duration(record.timeUsedSeconds)) of \(Display.duration(Double(limit)))\(record.overTime ? " (over time)" : "")"
      )
    } else {
      facts.append("time \(Display.duration(record.timeUsedSeconds))")
    }
    facts.append(
      record.hintsUsed.isEmpty
        ? "no hints" : "\(record.hintsUsed.count) hint\(record.hintsUsed.count == 1 ? "" : "s") used")
    if record.rubricShown { facts.append("rubric shown") }
    if record.modelRevealed { facts.append("model answer revealed") }
    facts.append(record.mode.rawValue)
    facts.append(record.form == .star ? "story" : "case")
    out.append(s.dim(facts.joined(separator: " · ")))
    for (index, hint) in record.hintsUsed.enumerated() {
      out.append(s.dim(s.wrap("hint \(index + 1): \(inert(hint))", indent: 2, hanging: 2)))
    }
    if record.skipped {
      out.append(s.yellow("Skipped."))
    } else {
      out.append("Answer:")
      out.append(s.wrap(inert(record.answer.fullText), indent: 2))
    }
    if let report = record.report {
      out.append("")
      out.append(ReportRenderer(style: s).render(report))
    } else if !record.skipped {
      out.append(s.dim("(not scored)"))
    }
    let grades = session.grades.filter { $0.answerId == record.id }
    if !grades.isEmpty {
      out.append(
        s.bold("Mentor grades") + (record.report.map { s.dim(" (automatic score \(format($0.score)))") } ?? ""))
      for grade in grades {
        let band = grade.band.map { " — \(inert($0))" } ?? ""
        out.append(
          "  \(inert(grade.mentor)): \(s.bold("\(format(grade.score))/100"))\(band) \(s.dim("(\(grade.source.rawValue), \(Display.dateTime(grade.gradedAt, in: timeZone)))"))"
        )
        if let comment = grade.comment, !comment.isEmpty {
          out.append(s.wrap("“\(inert(comment))”", indent: 4, hanging: 1))
        }
        for criterion in grade.criteria {
          let note = criterion.comment.map { ": \(inert($0))" } ?? ""
          out.append(
            s.wrap(
              "\(inert(criterion.criterionId)) \(format(criterion.points))/\(format(criterion.maxPoints))\(note)",
              indent: 4,
              hanging: 2))
        }
      }
    }
    return out
  }
}
