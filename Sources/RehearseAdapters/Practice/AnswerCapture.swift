import Foundation
import RehearseCore

/// Reads one answer line by line: section by section in guided mode, as one text in free
/// mode, handling the `:commands` typed on the way and recording hints and reveals.
struct AnswerCapture {
  enum Outcome: Equatable {
    case answer(Answer)
    case skip
    case redo
    case stop
    /// The candidate chose to answer in the other form before typing anything.
    case switchForm(QuestionForm)
  }

  let run: PracticeRun
  let question: Question
  let form: AnswerForm
  /// A story (STAR sections) or a case (goal, metrics, approach, risks, launch).
  let questionForm: QuestionForm
  let budget: TimeBudget
  let hints: [String]
  /// Prompt word in free mode ("answer", "follow-up").
  let label: String
  let startedAt: Date
  private(set) var hintsUsed: [String] = []
  private(set) var rubricShown = false
  private(set) var modelRevealed = false
  private let countdown: Countdown

  /// Sections in order; a single nil section in free mode.
  private let sections: [AnswerSection?]
  private var texts: [[String]]
  private var index = 0

  /// - Parameter draft: an unfinished answer to this question saved by an interrupted run:
  ///   its text, hints and start time are taken up again.
  init(
    run: PracticeRun, question: Question, form: AnswerForm, questionForm: QuestionForm? = nil, budget: TimeBudget,
    hints: [String], label: String = "answer", draft: AnswerDraft? = nil
  ) {
    self.run = run
    self.question = question
    self.form = form
    self.questionForm = questionForm ?? question.defaultForm
    self.budget = budget
    self.hints = hints
    self.label = label
    let now = run.loop.clock.now()
    startedAt = draft.map { min($0.startedAt, now) } ?? now
    countdown = Countdown(budget: budget, clock: run.loop.clock, startedAt: startedAt, style: run.style)
    sections = form == .star ? self.questionForm.sections.map { $0 } : [nil]
    texts = Array(repeating: [], count: sections.count)
    if let draft { restore(draft) }
  }

  /// Takes up a draft: per section when it was captured in this form, else as one text (in
  /// the Situation when guided).
  private mutating func restore(_ draft: AnswerDraft) {
    hintsUsed = draft.hintsUsed.filter { hints.contains($0) }
    let sameParts = draft.answer.sections.keys.allSatisfy { sections.contains($0) }
    if form == .star && draft.mode == .star && draft.answer.freeText == nil && sameParts {
      for (offset, section) in sections.enumerated() {
        if let section, let text = draft.answer.sections[section], !text.isEmpty { texts[offset] = [text] }
      }
      let last = texts.lastIndex { !$0.isEmpty } ?? 0
      index = draft.section.flatMap { section in sections.firstIndex(of: section) } ?? last
    } else if !draft.answer.isEmpty {
      texts[0] = [draft.answer.fullText]
    }
  }

  /// Whether nothing has been typed (or restored) yet.
  var isBlank: Bool { isEmpty }

  /// The answer so far as a draft to keep (nil when nothing is typed).
  func draft(savedAt: Date) -> AnswerDraft? {
    guard !isEmpty else { return nil }
    return AnswerDraft(
      questionId: question.id, mode: form, form: questionForm == .star ? nil : questionForm, answer: answer,
      section: sections[index], hintsUsed: hintsUsed, startedAt: startedAt, savedAt: savedAt)
  }

  private var output: any TextOutput { run.output }
  private var style: TerminalStyle { run.style }
  private var elapsed: Double { run.loop.clock.now().timeIntervalSince(startedAt) }
  private var isEmpty: Bool { texts.allSatisfy { $0.joined().allSatisfy(\.isWhitespace) } }

  /// The answer so far.
  var answer: Answer {
    if form == .free { return Answer(text: texts[0].joined(separator: "\n")) }
    var parts: [AnswerSection: String] = [:]
    for (offset, section) in sections.enumerated() {
      guard let section else { continue }
      let text = texts[offset].joined(separator: "\n")
      if !text.allSatisfy(\.isWhitespace) { parts[section] = text }
    }
    return Answer(sections: parts)
  }

  /// Reads until the answer is complete or the person skips, redoes or stops.
  ///
  /// `allowEmpty` lets an empty answer through (a follow-up the person passes on); otherwise
  /// an empty answer is refused and the capture starts again.
  mutating func read(allowEmpty: Bool) throws -> Outcome {
    announce()
    while true {
      let input: LineInput
      if run.reader.showsPrompts {
        let countdown = countdown
        let name = promptName
        input = run.reader.readLine(prompt: prompt) {
          LiveStatus(prompt: countdown.prompt(name), notice: countdown.notice())
        }
      } else {
        if let notice = countdown.notice() { output.line(notice) }
        input = run.reader.readLine(prompt: prompt)
      }
      switch input {
      case .interrupted:
        noteUnfinished()
        return .stop
      case .endOfInput:
        if isEmpty && !allowEmpty { return .stop }
        if let done = finishSection(allowEmpty: allowEmpty) { return done }
      case .line(let line):
        if line.trimmingCharacters(in: .whitespaces) == "." {
          if let done = finishSection(allowEmpty: allowEmpty) { return done }
          continue
        }
        if !line.contains("\n"), let parsed = PracticeCommand.parse(line) {
          switch parsed {
          case .unknown(let word):
            output.line("unknown command '\(inert(word))'; commands: \(PracticeCommand.list)")
          case .command(let command):
            if let done = try perform(command) { return done }
          }
          continue
        }
        texts[index].append(line)
      }
    }
  }

  /// Moves past the current section; returns the outcome when that was the last one.
  private mutating func finishSection(allowEmpty: Bool) -> Outcome? {
    if index + 1 < sections.count {
      index += 1
      announce()
      return nil
    }
    if isEmpty && !allowEmpty {
      output.line("Nothing to score yet: type your answer (or :skip to move on).")
      index = 0
      announce()
      return nil
    }
    return .answer(answer)
  }

  private mutating func perform(_ command: PracticeCommand) throws -> Outcome? {
    switch command {
    case .help:
      for command in PracticeCommand.allCases {
        output.line(
          "  \(style.bold((":" + command.rawValue).padding(toLength: 8, withPad: " ", startingAt: 0))) \(command.summary)"
        )
      }
      output.line(
        style.dim(
          style.wrap(
            "End a section or answer with a line holding only '.' or with Ctrl-D. Ctrl-C clears the line; on an empty line it ends the session. Up/Down recall earlier lines, Ctrl-R searches them, Tab completes commands.",
            indent: 2)))
    case .hint:
      if hintsUsed.count < hints.count {
        let hint = hints[hintsUsed.count]
        hintsUsed.append(hint)
        output.line(style.wrap("Hint \(hintsUsed.count) of \(hints.count): \(inert(hint))", hanging: 2))
      } else if hints.isEmpty {
        output.line("No hints for this question.")
      } else {
        output.line("No more hints (all \(hints.count) shown).")
      }
    case .rubric:
      rubricShown = true
      output.line(style.bold("What the answer is judged on"))
      let set = try run.bank.rubricSet(for: question, form: questionForm)
      for criterion in set.criteria { output.line(style.wrap("· \(criterion.title)", indent: 2, hanging: 2)) }
      var rules: [String] = []
      if let sections = set.structure.sections {
        rules.append(
          questionForm == .star
            ? "all four STAR sections"
            : "all \(sections.required.count) parts: " + sections.required.map(\.title).joined(separator: ", "))
      }
      if set.structure.quantifiedResult != nil { rules.append("a number in the Result") }
      if set.structure.ownership != nil { rules.append("“I” in the Action, not only “we”") }
      if let length = set.structure.length { rules.append("\(length.min)–\(length.max) words") }
      if !rules.isEmpty {
        output.line(style.wrap("· Structure: " + rules.joined(separator: ", "), indent: 2, hanging: 2))
      }
    case .model:
      modelRevealed = true
      output.line(style.bold("Model answer") + style.dim(" (recorded as revealed)"))
      output.line(style.wrap(inert(question.modelAnswer(for: questionForm)), indent: 2))
    case .back:
      guard form == .star else {
        output.line(":back works in guided mode; in free mode use :edit to change what you wrote.")
        return nil
      }
      guard index > 0 else {
        output.line("Already at the first section.")
        return nil
      }
      index -= 1
      announce()
    case .edit:
      let before = editableText
      do {
        let edited = try run.loop.editor.edit(before)
        replace(with: edited)
        output.line("Answer updated from the editor (\(words) words). Go on typing, or '.' to finish this section.")
      } catch {
        output.line("error: \(error)")
      }
    case .skip:
      return .skip
    case .redo:
      return .redo
    case .time:
      let limit = budget.limitSeconds.map { " of \(TimeBudget.clock(Double($0)))" } ?? " (untimed)"
      output.line(
        "Time: \(TimeBudget.clock(elapsed)) used\(limit)\(budget.remaining(after: elapsed).map { _ in " · " + budget.describe(after: elapsed) } ?? "")."
      )
    case .caseForm, .story:
      let wanted: QuestionForm = command == .caseForm ? .caseStudy : .star
      if wanted == questionForm {
        output.line("You are already answering as a \(wanted.title).")
      } else if !question.accepts(wanted) {
        output.line(
          "This question asks for a \(question.defaultForm.title)\(question.forms.count > 1 ? "" : " only"); answer it as one."
        )
      } else if label != "answer" {
        output.line("A follow-up is answered in the form of the answer it follows.")
      } else if !isEmpty {
        output.line(
          "You have started a \(questionForm.title); finish it, or :edit to clear it first, then type :\(command.rawValue)."
        )
      } else {
        return .switchForm(wanted)
      }
    case .quit:
      noteUnfinished()
      return .stop
    }
    return nil
  }

  private var words: Int {
    answer.fullText.split(whereSeparator: { $0.isWhitespace }).count
  }

  /// The answer for the editor: plain text in free mode, labelled sections in guided mode.
  private var editableText: String {
    guard form == .star else { return texts[0].joined(separator: "\n") }
    return sections.enumerated().compactMap { offset, section in
      guard let section else { return nil }
      return "\(section.label):\n\(texts[offset].joined(separator: "\n"))"
    }.joined(separator: "\n\n") + "\n"
  }

  /// Takes the editor's text back: whole in free mode; split at `Situation:`-style labels at
  /// the start of a line in guided mode (text before any label stays in the current section).
  private mutating func replace(with edited: String) {
    let trimmed = edited.trimmingCharacters(in: .newlines)
    guard form == .star else {
      texts[0] = trimmed.isEmpty ? [] : [trimmed]
      return
    }
    var parts = Array(repeating: [String](), count: sections.count)
    var current = index
    for line in trimmed.split(separator: "\n", omittingEmptySubsequences: false) {
      let text = String(line)
      if let (offset, rest) = label(in: text) {
        current = offset
        if !rest.isEmpty { parts[current].append(rest) }
      } else {
        parts[current].append(text)
      }
    }
    texts = parts.map { lines in
      let joined = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
      return joined.isEmpty ? [] : [joined]
    }
  }

  private func label(in line: String) -> (Int, String)? {
    for (offset, section) in sections.enumerated() {
      guard let section else { continue }
      for name in Set([section.label, section.title]) {
        let prefix = name + ":"
        if line.lowercased().hasPrefix(prefix.lowercased()) {
          return (offset, line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces))
        }
      }
    }
    return nil
  }

  private func announce() {
    let time = budget.limitSeconds == nil ? "" : style.dim(" (\(budget.describe(after: elapsed)))")
    let so = texts[index].joined(separator: "\n")
    guard let section = sections[index] else {
      if label == "answer" { output.line(style.bold("Your answer") + time) }
      if !so.isEmpty { output.line(style.dim(style.wrap("so far: " + inert(so), indent: 2, hanging: 2))) }
      return
    }
    output.line(style.bold(section.title) + style.dim(" — \(Self.guidance(section))") + time)
    if !so.isEmpty {
      output.line(style.dim(style.wrap("so far: " + inert(so), indent: 2, hanging: 2)))
    }
  }

  static func guidance(_ section: AnswerSection) -> String {
    switch section {
    case .situation: "the context: where you were and what was at stake"
    case .task: "what you were responsible for"
    case .action: "what you did, in the first person"
    case .result: "what changed, with a number"
    case .goal: "clarify the goal, the users and the constraints"
    case .metrics: "how you would measure success, with guardrails"
    case .approach: "data, model or rules, build or buy, the first version"
    case .risks: "what could go wrong and what each error costs"
    case .launch: "rollout, experiment, monitoring, when you would change course"
    }
  }

  private var promptName: String { sections[index]?.rawValue ?? label }

  /// The prompt, with the time left when timed: `[2:31] action> `.
  private var prompt: String { countdown.prompt(promptName) }

  /// Follow-ups are not kept as drafts: say so when one is dropped. (An unfinished main
  /// answer is saved as the session's draft by the caller.)
  private func noteUnfinished() {
    if !isEmpty && label != "answer" { output.line("The unfinished \(label) was not saved.") }
  }
}

/// The timer of one answer: the prompt's countdown and the two notices, each given once (a
/// minute left, when the limit is longer than that; time up). A class, so a line reader can
/// ask it while the person types.
final class Countdown {
  let budget: TimeBudget
  let clock: any WallClock
  let startedAt: Date
  let style: TerminalStyle
  private var warnedMinute = false
  private var warnedZero = false

  init(budget: TimeBudget, clock: any WallClock, startedAt: Date, style: TerminalStyle) {
    self.budget = budget
    self.clock = clock
    self.startedAt = startedAt
    self.style = style
  }

  private var remaining: Double? { budget.remaining(after: clock.now().timeIntervalSince(startedAt)) }

  /// `[2:31] action> ` when timed (`[+0:12] …` when over), else `action> `.
  func prompt(_ name: String) -> String {
    guard let remaining else { return "\(name)> " }
    let clock = remaining >= 0 ? TimeBudget.clock(remaining) : "+" + TimeBudget.clock(-remaining)
    return "[\(clock)] \(name)> "
  }

  /// The notice due now, if any; each is given once.
  func notice() -> String? {
    guard let remaining, let limit = budget.limitSeconds else { return nil }
    if remaining < 0 && !warnedZero {
      warnedZero = true
      warnedMinute = true
      return style.yellow("Time is up")
        + " (\(TimeBudget.clock(Double(limit)))): finish your point; nothing you type is discarded."
    }
    if remaining <= 60 && limit > 60 && !warnedMinute {
      warnedMinute = true
      return style.yellow("One minute left") + ": start wrapping up with your result."
    }
    return nil
  }
}
