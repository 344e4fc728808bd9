import Foundation
import RehearseCore

/// `rehearse grade SESSION --mentor NAME`: a mentor grades each answer criterion by
/// criterion, then gives an overall band and comment.
///
/// Blind by default: the automatic score of an answer is shown only after the mentor has
/// graded it. Each answer's grade is saved as soon as it is complete (`SessionStore.update`),
/// replacing only this mentor's earlier grade of that answer, so grading can stop at any time
/// and resume later; end of input stops cleanly.
public struct MentorGrading {
  /// What happened in one run.
  public struct Summary: Sendable, Equatable {
    var graded: [String] = []
    /// Answers the mentor skipped with `:skip`.
    public var skipped: [String] = []
    /// Answers still without a grade from this mentor.
    public var remaining: [String] = []
    /// Input ended (or `:quit` was typed) before every answer was visited.
    public var stoppedEarly = false
  }

  enum Step<T> {
    case value(T)
    case skip
    case quit
    case endOfInput
  }

  /// Where grades are saved, one save per graded answer.
  public let store: SessionStore
  let sessionId: String
  /// The mentor's name, recorded on every grade.
  public let mentor: String
  let showAutomatic: Bool
  let style: TerminalStyle
  let bands: (AnswerRecord) -> [Band]
  let clock: any WallClock
  let output: any TextOutput
  let echoInput: Bool

  /// - Parameters:
  ///   - bands: the band scale of an answer's rubric.
  ///   - clock: the time recorded with each grade (the same injection as ``PracticeLoop``).
  ///   - output: where prompts and text go.
  ///   - echoInput: repeat each line read after its prompt (when input is piped, so the
  ///     transcript reads like a conversation).
  public init(
    store: SessionStore, sessionId: String, mentor: String, showAutomatic: Bool, style: TerminalStyle,
    bands: @escaping (AnswerRecord) -> [Band], clock: any WallClock, output: any TextOutput, echoInput: Bool = false
  ) {
    self.echoInput = echoInput
    self.store = store
    self.sessionId = sessionId
    self.mentor = mentor
    self.showAutomatic = showAutomatic
    self.style = style
    self.bands = bands
    self.clock = clock
    self.output = output
  }

  private func say(_ text: String = "") { output.line(text) }

  /// Runs the grading loop until every answer is visited, `:quit`, or the end of input.
  ///
  /// - Throws: ``StoreError`` when the session cannot be read or a grade cannot be saved
  ///   (grades saved before stay saved).
  public func run(input: some LineReading) throws -> Summary {
    let prompter = CriterionPrompter(reader: input, output: output, style: style, echoInput: echoInput)
    let session = try store.load(id: sessionId)
    let answers = GradingPacket.gradable(session)
    var summary = Summary()
    guard !answers.isEmpty else {
      say("Session \(sessionId) has no scored answers to grade.")
      return summary
    }
    let already = Set(session.grades.filter { $0.mentor == mentor }.map(\.answerId))
    let todo = answers.filter { !already.contains($0.id) }.count
    say(
      style.bold("Grading session \(sessionId) as \(inert(mentor))")
        + ": \(ExportText.plural(answers.count, "answer")), \(todo) not yet graded by you.")
    say(
      style.wrap(
        showAutomatic
          ? "The automatic score is shown before you grade (--show-auto)."
          : "Blind grading: the automatic score of an answer is shown after you have graded it."))
    say(
      style.wrap(
        "For each criterion type the points you give (a number from 0 to its max), then an optional comment. Type :skip to skip an answer, :quit to stop; every finished answer is saved at once."
      ))

    for (index, answer) in answers.enumerated() {
      guard let report = answer.report else { continue }
      say()
      let kind =
        answer.kind == .followUp
        ? "follow-up to \(answer.parentId ?? "?")\(answer.followUpCriterion.map { " on \($0)" } ?? "")"
        : answer.questionId
      let form = answer.form == .star ? "story" : "case"
      say(style.bold("── Answer \(answer.id) (\(index + 1) of \(answers.count)) · \(inert(kind)) · \(form) ──"))
      if already.contains(answer.id) {
        let previous = session.grades.last { $0.mentor == mentor && $0.answerId == answer.id }
        let regrade: Step<Bool> = prompter.ask(
          "You graded \(answer.id) already (\(format(previous?.score ?? 0))/100). Regrade it? [y/N]: ",
          parse: { line -> Step<Bool>? in
            let value = line.trimmingCharacters(in: .whitespaces).lowercased()
            if value.isEmpty || value == "n" || value == "no" { return .value(false) }
            if value == "y" || value == "yes" { return .value(true) }
            return nil
          }, retry: "answer y or n")
        switch regrade {
        case .value(true): break
        case .value(false), .skip:
          summary.skipped.append(answer.id)
          continue
        case .quit, .endOfInput:
          return finish(summary, answers: answers, stopped: true)
        }
      }
      say(style.wrap("Question: " + inert(answer.prompt), hanging: 2))
      say("Answer:")
      for section in ExportText.sections(answer.answer) {
        let label = section.title.map { "\($0): " } ?? ""
        say(style.wrap(label + inert(section.text), indent: 2, hanging: 2))
      }
      // A follow-up probes one content criterion: a three-sentence reply is graded on that
      // (on every content criterion when it names none), not on STAR sections or length.
      let toGrade = GradedCriteria.toGrade(answer, report: report)
      say(answer.kind == .followUp ? "Criteria this follow-up probes:" : "Criteria:")
      for (number, criterion) in toGrade.enumerated() {
        say(
          style.wrap(
            "\(number + 1). \(inert(criterion.title)) (max \(format(criterion.maxPoints))"
              + (showAutomatic ? "; automatic \(format(criterion.points)))" : ")"), indent: 2, hanging: 3))
      }
      if showAutomatic { say(automaticLine(report)) }

      let (criteria, prompted) = prompter.grades(for: toGrade)
      var outcome = prompted
      var band: String?
      var overall: String?
      let scale = bands(answer).sorted { $0.min < $1.min }
      // Main answers: the points (the rubric totals 100). Follow-ups: the share of the
      // probed criteria's points, on the same 0–100 scale.
      let score = GradedCriteria.score(answer, criteria: criteria)
      if case .value = outcome {
        let suggested = MentorName.band(for: score, in: scale) ?? ""
        let choices = scale.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: " | ")
        let chosen: Step<String> = prompter.ask(
          "Overall band [\(choices)] (Enter for '\(suggested)', from your \(format(score))/100): ",
          parse: { line -> Step<String>? in
            let value = line.trimmingCharacters(in: .whitespaces)
            if value.isEmpty { return .value(suggested) }
            if let number = Int(value), number >= 1, number <= scale.count { return .value(scale[number - 1].label) }
            return scale.first { $0.label.lowercased() == value.lowercased() }.map { .value($0.label) }
          },
          retry: "type a band's number or name, or Enter for '\(suggested)'")
        if case .value(let label) = chosen { band = label } else { outcome = chosen.withoutValue }
      }
      if case .value = outcome {
        let comment: Step<String> = prompter.ask("Overall comment (Enter for none): ", parse: { .value($0) }, retry: "")
        if case .value(let text) = comment { overall = Self.nonEmpty(text) } else { outcome = comment.withoutValue }
      }
      switch outcome {
      case .value:
        let grade = MentorGrade(
          mentor: mentor, answerId: answer.id, gradedAt: clock.now(), criteria: criteria, score: score, band: band,
          comment: overall, source: .interactive)
        do {
          try save(grade)
        } catch {
          // A full disk or a read-only data home: show what was typed so it is not lost.
          let titles = Dictionary(report.criteria.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
          say(MentorGradeRenderer(style: style).unsaved(grade, titles: titles))
          throw error
        }
        summary.graded.append(answer.id)
        say(style.green("Saved") + ": \(inert(mentor)) \(format(score))/100 \(band ?? "") for \(answer.id).")
        if !showAutomatic {
          say(automaticLine(report))
        }
        say(MentorGradeRenderer(style: style).render([grade], beside: report))
        let difference = report.score - score
        if abs(difference) >= 0.05 {
          say(
            style.dim(
              "The automatic score is \(format(abs(difference))) points \(difference > 0 ? "kinder" : "harsher") than yours."
            ))
        } else {
          say(style.dim("The automatic score matches yours."))
        }
      case .skip:
        say("Skipped \(answer.id); nothing saved for it.")
        summary.skipped.append(answer.id)
      case .quit, .endOfInput:
        if !criteria.isEmpty || outcome.isEndOfInput {
          say(
            "\(outcome.isEndOfInput ? "End of input" : "Stopped") during \(answer.id); its unfinished grade was not saved."
          )
        }
        return finish(summary, answers: answers, stopped: true)
      }
    }
    return finish(summary, answers: answers, stopped: false)
  }

  private func automaticLine(_ report: ScoreReport) -> String {
    "Automatic score: \(format(report.score))/100 \(report.band)"
  }

  private func finish(_ summary: Summary, answers: [AnswerRecord], stopped: Bool) -> Summary {
    var summary = summary
    summary.stoppedEarly = stopped
    let graded = (try? store.load(id: sessionId))?.grades.filter { $0.mentor == mentor }.map(\.answerId) ?? []
    summary.remaining = answers.map(\.id).filter { !graded.contains($0) }
    say()
    var line =
      "Graded \(summary.graded.count) answer\(summary.graded.count == 1 ? "" : "s") as \(inert(mentor)) this time"
    if !summary.skipped.isEmpty { line += ", skipped \(summary.skipped.count)" }
    line += "; \(summary.remaining.count) of \(answers.count) still ungraded by you."
    say(line)
    if !summary.remaining.isEmpty {
      say("Resume with: rehearse grade \(sessionId) --mentor \(shellQuoted(mentor))")
    }
    if answers.count > summary.remaining.count {
      say("Compare with the automatic scores: rehearse calibrate \(sessionId)")
    }
    return summary
  }

  /// Saves `grade`, replacing only this mentor's earlier grade of the same answer.
  private func save(_ grade: MentorGrade) throws {
    try store.update(id: sessionId, now: clock.now()) { session in
      session.grades.removeAll { $0.mentor == grade.mentor && $0.answerId == grade.answerId }
      session.grades.append(grade)
    }
  }

  static func nonEmpty(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? nil : trimmed
  }

  private func shellQuoted(_ text: String) -> String {
    let safe = text.unicodeScalars.allSatisfy {
      CharacterSet.alphanumerics.contains($0) || "-_.@".unicodeScalars.contains($0)
    }
    return safe ? text : "'" + inert(text).replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// Asks a mentor for points and a comment per criterion: the one prompt loop behind
/// `rehearse grade` and the in-person mentor of `practice --mentor`.
struct CriterionPrompter {
  let reader: any LineReading
  let output: any TextOutput
  let style: TerminalStyle
  /// Repeat each line read after its prompt (piped input).
  let echoInput: Bool

  /// Points (0 to the criterion's max) and an optional comment for each criterion, in
  /// order; stops at `:skip`, `:quit`, Ctrl-C or the end of input, returning the grades so far.
  func grades(for criteria: [CriterionResult]) -> ([CriterionGrade], MentorGrading.Step<Void>) {
    var grades: [CriterionGrade] = []
    for criterion in criteria {
      let points: MentorGrading.Step<Double> = ask(
        "\(inert(criterion.title)) [0–\(format(criterion.maxPoints))]: ",
        parse: { line -> MentorGrading.Step<Double>? in
          guard let value = PacketImport.number(line), value >= 0, value <= criterion.maxPoints + 1e-9 else {
            return nil
          }
          return .value(value)
        },
        retry: "give a number from 0 to \(format(criterion.maxPoints)) (or :skip, :quit)")
      guard case .value(let value) = points else { return (grades, points.withoutValue) }
      let comment: MentorGrading.Step<String> = ask(
        "  comment (Enter for none): ", parse: { .value($0) }, retry: "")
      guard case .value(let text) = comment else { return (grades, comment.withoutValue) }
      grades.append(
        CriterionGrade(
          criterionId: criterion.id, points: value, maxPoints: criterion.maxPoints,
          comment: MentorGrading.nonEmpty(text)))
    }
    return (grades, .value(()))
  }

  /// Prompts until `parse` accepts a line; `:skip` and `:quit` are understood everywhere,
  /// and Ctrl-C on an empty line stops like `:quit` (grades already saved stay saved).
  func ask<T>(_ prompt: String, parse: (String) -> MentorGrading.Step<T>?, retry: String) -> MentorGrading.Step<T> {
    while true {
      if !reader.showsPrompts { output.write(prompt) }
      let line: String
      switch reader.readLine(prompt: reader.showsPrompts ? prompt : "") {
      case .endOfInput:
        if !reader.showsPrompts { output.line() }
        return .endOfInput
      case .interrupted:
        return .quit
      case .line(let text):
        line = text
      }
      if echoInput { output.line(inert(line)) }
      let command = line.trimmingCharacters(in: .whitespaces).lowercased()
      if command == ":skip" { return .skip }
      if command == ":quit" || command == ":q" { return .quit }
      if let step = parse(line) { return step }
      output.line(style.yellow("  '\(inert(line))' is not accepted: \(retry)."))
    }
  }
}

extension MentorGrading.Step {
  var withoutValue: MentorGrading.Step<Void> {
    switch self {
    case .value: .value(())
    case .skip: .skip
    case .quit: .quit
    case .endOfInput: .endOfInput
    }
  }

  var isEndOfInput: Bool {
    if case .endOfInput = self { return true }
    return false
  }
}
