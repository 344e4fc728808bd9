import Foundation
import LineEditor
import RehearseCore
import Testing

@testable import RehearseAdapters

@Suite struct PracticeLoopTests {
  // MARK: Modes

  @Test func freeModeAnswerIsSavedScoredAndSummarised() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("recommendation-metrics", mode: .free), lines: Answers.noGuardrails + [".", "."])
    let session = try harness.session(outcome)
    #expect(session.status == .completed)
    #expect(session.answers.count == 1)
    let record = try #require(session.answers.first)
    #expect(record.kind == .main)
    #expect(record.mode == .free)
    #expect(record.answer.freeText == Answers.noGuardrails.joined(separator: "\n"))
    #expect(
      record.report?.score
        == practiceTestScorer.score(record.answer, against: try rubric("recommendation-metrics")).score)
    #expect(record.rubrics.map(\.id) == ["star-structure", "recommendation-metrics"])
    #expect(harness.output.text.contains("Feedback\nScore "))
    #expect(harness.output.text.contains("Session summary"))
    #expect(harness.output.text.contains("Average: "))
  }

  @Test func guidedModeAsksForEachSectionInTurn() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader(lines: [
      "At a marketplace I owned recommendations.", ".", "I had to define success.", ".",
      "I chose a north star metric.", "I ran an A/B test.", ".", "Purchases rose 6%.", ".", ".",
    ])
    let outcome = try harness.run(.question("recommendation-metrics", mode: .star), reader: reader)
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.mode == .star)
    #expect(record.answer.sections[.situation] == "At a marketplace I owned recommendations.")
    #expect(record.answer.sections[.action] == "I chose a north star metric.\nI ran an A/B test.")
    #expect(record.answer.sections[.result] == "Purchases rose 6%.")
    #expect(record.report?.structure.segmentation == .guided)
    #expect(Array(reader.prompts.prefix(4)) == ["situation> ", "situation> ", "task> ", "task> "])
    for title in ["Situation —", "Task —", "Action —", "Result —"] { #expect(harness.output.text.contains(title)) }
  }

  @Test func modeDefaultsToTheQuestionsAnswerForm() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader(lines: ["I kept p95 latency under 100 ms.", ".", "."])
    let outcome = try harness.run(.question("latency-tradeoff"), reader: reader)
    #expect(try harness.session(outcome).answers.first?.mode == .free)
    #expect(reader.prompts.first == "answer> ")
  }

  @Test func endOfInputEndsASectionAndThenTheAnswer() throws {
    let harness = try PracticeHarness()
    // Piped input that stops after the Situation: the answer is scored, the session ends.
    let outcome = try harness.run(.question("recommendation-metrics", mode: .star), lines: ["Only a situation."])
    let session = try harness.session(outcome)
    #expect(session.answers.first?.answer.sections == [.situation: "Only a situation."])
    #expect(session.status == .completed)
  }

  @Test func emptyInputEndsCleanlyAndKeepsNoSession() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(.question("recommendation-metrics"), lines: [])
    #expect(outcome.answersSaved == 0)
    #expect(throws: StoreError.self) { try harness.session(outcome) }
    #expect(harness.output.text.contains("Nothing was answered, so session \(outcome.sessionId) was not kept."))
  }

  @Test func multiLinePasteStaysOnePiece() throws {
    let harness = try PracticeHarness()
    let pasted = "Situation: pasted.\nTask: also pasted.\n:hint is not a command inside a paste"
    let outcome = try harness.run(.question("recommendation-metrics", mode: .free), lines: [pasted, ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.answer.freeText == pasted)
    #expect(record.hintsUsed.isEmpty)
  }

  // MARK: Commands

  @Test func helpListsEveryCommand() throws {
    let harness = try PracticeHarness()
    try harness.run(.question("recommendation-metrics"), lines: [":help", ":quit"])
    for command in PracticeCommand.allCases { #expect(harness.output.text.contains(":\(command.rawValue)")) }
  }

  @Test func unknownCommandGetsOneLineAndTheList() throws {
    let harness = try PracticeHarness()
    try harness.run(.question("recommendation-metrics"), lines: [":frobnicate", ":quit"])
    #expect(harness.output.text.contains("unknown command ':frobnicate'; commands: \(PracticeCommand.list)\n"))
  }

  @Test func hintsAreShownInOrderAndRecorded() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff"), lines: [":hint", ":hint", ":hint", "I kept p95 under 100 ms.", ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(
      record.hintsUsed == [
        "Name the latency budget in milliseconds.",
        "Say which accuracy loss you accepted and why users would not notice.",
      ])
    #expect(harness.output.text.contains("Hint 1 of 2: Name the latency budget"))
    #expect(harness.output.text.contains("No more hints (all 2 shown)."))
  }

  @Test func rubricAndModelAreShownAndRecorded() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff"), lines: [":rubric", ":model", "I kept p95 under 100 ms.", ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.rubricShown)
    #expect(record.modelRevealed)
    #expect(harness.output.text.contains("· A latency budget\n"))
    #expect(harness.output.text.contains("· A decision rule\n"))
    #expect(harness.output.text.contains("Our search ranking model took 400 ms."))
  }

  @Test func nothingRevealedIsRecordedAsSuch() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(.question("latency-tradeoff"), lines: ["I kept p95 under 100 ms.", ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(!record.rubricShown && !record.modelRevealed && record.hintsUsed.isEmpty)
  }

  @Test func skipIsRecordedAndTheSessionGoesOn() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff", "cost-tradeoff", mode: .free),
      lines: [":hint", ":skip", "A threshold to switch back.", ".", "."])
    let session = try harness.session(outcome)
    #expect(session.answers.map(\.questionId) == ["latency-tradeoff", "cost-tradeoff"])
    let skipped = session.answers[0]
    #expect(skipped.skipped)
    #expect(skipped.report == nil)
    #expect(skipped.hintsUsed.count == 1)
    #expect(session.status == .completed)
    #expect(harness.output.text.contains("Skipped 'latency-tradeoff' (recorded)."))
  }

  @Test func redoAnswersTheSameQuestionAgainAndKeepsBothAttempts() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff"),
      lines: [
        "First try.", ".", ":redo", "Second try with a 100 ms latency budget and a rollback threshold.", ".", ".",
      ])
    let session = try harness.session(outcome)
    #expect(session.answers.map(\.attempt) == [1, 2])
    #expect(
      session.answers.map(\.answer.freeText) == [
        "First try.", "Second try with a 100 ms latency budget and a rollback threshold.",
      ])
    #expect(session.answers.allSatisfy { $0.kind == .main })
    #expect(harness.output.text.contains("attempt 2"))
    #expect(session.status == .completed)
  }

  @Test func redoAtTheNextQuestionGoesBackThenContinues() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff", "cost-tradeoff", mode: .free),
      lines: [
        "One.", ".", ".",  // latency-tradeoff, follow-up passed
        ":redo", "One again.", ".", ".",  // back to latency-tradeoff
        "Two.", ".", ".",  // cost-tradeoff
      ])
    let session = try harness.session(outcome)
    #expect(session.answers.map(\.questionId) == ["latency-tradeoff", "latency-tradeoff", "cost-tradeoff"])
    #expect(session.answers.map(\.attempt) == [1, 2, 1])
  }

  @Test func backReturnsToThePreviousSection() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("recommendation-metrics", mode: .star),
      lines: ["First situation line.", ".", ":back", "Second situation line.", ".", "Task.", ".", ".", ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.answer.sections[.situation] == "First situation line.\nSecond situation line.")
    #expect(record.answer.sections[.task] == "Task.")
    #expect(harness.output.text.contains("so far: First situation line."))
  }

  @Test func backInFreeModeExplainsItself() throws {
    let harness = try PracticeHarness()
    try harness.run(.question("latency-tradeoff"), lines: [":back", ":quit"])
    #expect(harness.output.text.contains(":back works in guided mode"))
  }

  @Test func editReplacesTheAnswerWithTheEditorsText() throws {
    let harness = try PracticeHarness()
    harness.editor = FakeEditor { text in
      text.replacingOccurrences(of: "Situation:\ndraft", with: "Situation: rewritten")
        .replacingOccurrences(of: "Result:\n", with: "Result: 40% faster\n")
    }
    let outcome = try harness.run(
      .question("recommendation-metrics", mode: .star), lines: ["draft", ":edit", ".", ".", ".", ".", "."])
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.answer.sections[.situation] == "rewritten")
    #expect(record.answer.sections[.result] == "40% faster")
    #expect(harness.output.text.contains("Answer updated from the editor"))
  }

  @Test func editInFreeModeReplacesTheWholeText() throws {
    let harness = try PracticeHarness()
    harness.editor = FakeEditor { _ in "Edited whole answer.\n" }
    let outcome = try harness.run(.question("latency-tradeoff"), lines: ["typed", ":edit", ".", "."])
    #expect(try harness.session(outcome).answers.first?.answer.freeText == "Edited whole answer.")
  }

  @Test func timeShowsUsedAndLeft() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader(lines: [":time", ":quit"])
    reader.beforeRead = { _ in harness.clock.advance(30) }
    try harness.run(.question("latency-tradeoff", timed: 0), reader: reader)
    // Suggested time is 2 minutes; each read takes 30 s.
    #expect(harness.output.text.contains("Timer: 2:00 starts now."))
    #expect(harness.output.text.contains("Time: 0:30 used of 2:00 · 1:30 left."))
    #expect(reader.prompts == ["[2:00] answer> ", "[1:30] answer> "])
  }

  @Test func runningOverTimeWarnsButKeepsTheAnswer() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader(lines: ["Part one.", "Part two.", ".", "."])
    reader.beforeRead = { _ in harness.clock.advance(35) }
    let outcome = try harness.run(.question("latency-tradeoff", timed: 60), reader: reader)
    let record = try #require(try harness.session(outcome).answers.first)
    #expect(record.answer.freeText == "Part one.\nPart two.")
    #expect(record.timeLimitSeconds == 60)
    #expect(record.timeUsedSeconds == 105)
    #expect(record.overTime)
    #expect(harness.output.text.contains("Time is up (1:00)"))
    #expect(harness.output.text.contains("Over time: 1:45 used of 1:00; the answer is kept and scored."))
    #expect(Array(reader.prompts.prefix(3)) == ["[1:00] answer> ", "[0:25] answer> ", "[+0:10] answer> "])
  }

  @Test func quitEndsWithTheSummaryAndLeavesTheRestForResume() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff", "cost-tradeoff", mode: .free), lines: ["One.", ".", ".", "unfinished", ":quit"])
    let session = try harness.session(outcome)
    #expect(session.status == .inProgress)
    #expect(session.answers.count == 1)
    #expect(session.remainingQuestionIds == ["cost-tradeoff"])
    #expect(session.draft?.questionId == "cost-tradeoff")
    #expect(session.draft?.answer.freeText == "unfinished")
    #expect(
      harness.output.text.contains(
        "Your unfinished answer is kept as a draft; 'rehearse practice --resume \(session.id)' brings it back."))
  }

  @Test func ctrlCOnAnEmptyLineEndsTheSession() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader([.line("One."), .line("."), .line("."), .interrupted, .line("never read")])
    let outcome = try harness.run(.question("latency-tradeoff", "cost-tradeoff", mode: .free), reader: reader)
    #expect(try harness.session(outcome).status == .inProgress)
    #expect(reader.remaining == 1)
    #expect(harness.output.text.contains("Session summary"))
  }

  @Test func commandsAreOnlyWholeLines() {
    #expect(PracticeCommand.parse(":hint") == .command(.hint))
    #expect(PracticeCommand.parse("  :QUIT ") == .command(.quit))
    #expect(PracticeCommand.parse(":nope") == .unknown(":nope"))
    #expect(PracticeCommand.parse("I said: hint") == nil)
    #expect(PracticeCommand.parse(":)") == nil)
    #expect(PracticeCommand.parse(":hint please") == nil)
  }

  // MARK: Follow-ups, saving, mentor

  @Test func followUpProbesTheMissedCriterionAndIsSaved() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("recommendation-metrics", mode: .free),
      lines: Answers.noGuardrails + [".", "I would watch the complaint rate and p95 latency as guardrails.", "."])
    let session = try harness.session(outcome)
    #expect(session.answers.count == 2)
    let followUp = session.answers[1]
    #expect(followUp.kind == .followUp)
    #expect(followUp.parentId == session.answers[0].id)
    #expect(followUp.followUpCriterion == "guardrails")
    #expect(followUp.prompt.hasPrefix("Suppose CTR goes up 8%"))
    let guardrails = followUp.report?.criteria.first { $0.id == "guardrails" }
    #expect(guardrails?.points == guardrails?.maxPoints)
    #expect(harness.output.text.contains("Follow-up (Guardrail and counter-metrics)"))
    #expect(harness.output.text.contains("✓ Follow-up on Guardrail and counter-metrics: 15/15"))
    // Follow-ups do not count towards the average.
    #expect(session.averageScore == session.answers[0].report?.score)
  }

  @Test func answerIsOnDiskBeforeItsFeedbackIsPrinted() throws {
    let harness = try PracticeHarness()
    var answersOnDiskAtFeedback: Int?
    harness.output.onWrite = { text in
      guard text.hasPrefix("Feedback"), answersOnDiskAtFeedback == nil else { return }
      let id = harness.store.ids().first ?? ""
      answersOnDiskAtFeedback = (try? harness.store.load(id: id))?.answers.count
    }
    try harness.run(.question("latency-tradeoff"), lines: ["An answer.", ".", "."])
    #expect(answersOnDiskAtFeedback == 1)
  }

  /// In-person grading whose save fails (the sessions folder becomes a file before the
  /// overall comment is read): the typed grade is printed in full, then the error.
  @Test func aMentorGradeThatCannotBeSavedIsPrintedInFull() throws {
    let harness = try PracticeHarness()
    let lines = ["We kept latency under 100 ms.", ".", "8", "clear budget", "0", "", "Good pace."]
    let reader = ScriptedLineReader(lines: lines)
    let sessions = harness.store.home.sessionsDirectory
    reader.beforeRead = { count in
      guard count == lines.count - 1 else { return }
      try? FileManager.default.moveItem(at: sessions, to: harness.home.appendingPathComponent("moved"))
      _ = FileManager.default.createFile(atPath: sessions.path, contents: Data())
    }
    #expect(throws: StoreError.self) { try harness.run(.question("latency-tradeoff", mentor: "Ana"), reader: reader) }
    let text = harness.output.text
    #expect(text.contains("Your grade of a1 could not be saved; here it is in full so you can keep a copy:"))
    #expect(text.contains(": 8/") && text.contains("— “clear budget”"))
    #expect(text.contains("— “Good pace.”"))
    #expect(!text.contains("Mentor grade saved"))
  }

  @Test func mentorGradesEachContentCriterionBeforeTheFeedback() throws {
    let harness = try PracticeHarness()
    let outcome = try harness.run(
      .question("latency-tradeoff", mentor: "Ana"),
      lines: [
        "We kept latency under 100 ms.", ".",
        "99", "abc", "8", "clear budget",  // latency-budget: 99 is out of range, abc is not a number
        "0", "",  // decision-rule, no comment
        "Good pace.",  // overall
        ".",
      ])
    let session = try harness.session(outcome)
    let grade = try #require(session.grades.first)
    #expect(grade.mentor == "Ana")
    #expect(grade.source == .inPerson)
    #expect(grade.answerId == session.answers[0].id)
    #expect(grade.criteria.map(\.criterionId) == ["latency-budget", "decision-rule"])
    #expect(grade.criteria.map(\.points) == [8, 0])
    #expect(grade.criteria.map(\.comment) == ["clear budget", nil])
    #expect(grade.comment == "Good pace.")
    let maxPoints = grade.criteria.reduce(0) { $0 + $1.maxPoints }
    #expect(grade.score == (8 / maxPoints * 1000).rounded() / 10)
    #expect(session.settings.mentor == "Ana")
    // The automatic score is kept as scored.
    #expect(
      session.answers[0].report?.score
        == practiceTestScorer.score(session.answers[0].answer, against: try rubric("latency-tradeoff")).score)
    let text = harness.output.text
    let graded = try #require(text.range(of: "Mentor grade saved"))
    let feedback = try #require(text.range(of: "Feedback\n"))
    #expect(graded.lowerBound < feedback.lowerBound)
    #expect(text.contains("is not accepted: give a number from 0 to "))
  }

  // MARK: Choosing questions and resuming

  @Test func sameSeedChoosesTheSameQuestions() throws {
    let harness = try PracticeHarness()
    let request = PracticeRequest(selection: .random(category: nil, difficulty: nil, count: 2), seed: 7)
    let first = try harness.session(try harness.run(request, lines: [":skip"]))
    let second = try harness.session(try harness.run(request, lines: [":skip"]))
    #expect(first.plan.count == 2)
    #expect(first.plan == second.plan)
    #expect(first.settings.seed == 7)
    #expect(first.id != second.id)
  }

  @Test func categoryAndDifficultyFilterTheQuestions() throws {
    let harness = try PracticeHarness()
    let tradeoffs = try harness.session(
      try harness.run(
        PracticeRequest(selection: .random(category: "tradeoffs", difficulty: nil, count: 5), seed: 1), lines: [":skip"]
      ))
    #expect(Set(tradeoffs.plan) == ["latency-tradeoff", "cost-tradeoff"])
    #expect(tradeoffs.settings.category == "tradeoffs")
    #expect(harness.output.text.contains("Only 2 questions match; practising all 2."))
    let hard = try harness.session(
      try harness.run(
        PracticeRequest(selection: .random(category: nil, difficulty: .hard, count: 3), seed: 1), lines: [":skip"]))
    #expect(hard.plan == ["latency-tradeoff"])
  }

  @Test func unknownCategoryOrQuestionSaysWhatExists() throws {
    let harness = try PracticeHarness()
    #expect(
      throws: PracticeError.noQuestions(category: "nope", difficulty: nil, available: ["success-metrics", "tradeoffs"])
    ) {
      try harness.run(
        PracticeRequest(selection: .random(category: "nope", difficulty: nil, count: 1), seed: 1), lines: [])
    }
    #expect(throws: PracticeError.unknownQuestion("missing")) {
      try harness.run(.question("missing"), lines: [])
    }
    #expect(harness.store.ids().isEmpty)
  }

  @Test func completionOffersCommandsCategoriesAndQuestionIds() throws {
    let harness = try PracticeHarness()
    let reader = ScriptedLineReader(lines: [])
    try harness.run(.question("latency-tradeoff"), reader: reader)
    for word in [":hint", ":quit", "tradeoffs", "success-metrics", "cost-tradeoff", "recommendation-metrics"] {
      #expect(reader.completions.contains(word))
    }
  }

  @Test func resumeContinuesTheLatestSessionInProgress() throws {
    let harness = try PracticeHarness()
    let first = try harness.run(
      .question("latency-tradeoff", "cost-tradeoff", mode: .free, timed: 90), lines: ["One.", ".", ".", ":quit"])
    harness.clock.advance(3600)
    let resumed = try harness.run(
      PracticeRequest(selection: .resume(sessionId: nil), seed: 99), lines: ["Two.", ".", "."])
    #expect(resumed.sessionId == first.sessionId)
    let session = try harness.session(resumed)
    #expect(session.answers.map(\.questionId) == ["latency-tradeoff", "cost-tradeoff"])
    #expect(session.answers[1].mode == .free)
    #expect(session.answers[1].timeLimitSeconds == 90)
    #expect(session.status == .completed)
    #expect(harness.output.text.contains("Resuming session \(first.sessionId): 1 of 2 questions left."))
    #expect(throws: PracticeError.nothingToResume) {
      try harness.run(PracticeRequest(selection: .resume(sessionId: nil), seed: 1), lines: [])
    }
    #expect(throws: PracticeError.alreadyCompleted(sessionId: first.sessionId)) {
      try harness.run(PracticeRequest(selection: .resume(sessionId: first.sessionId), seed: 1), lines: [])
    }
  }
}

/// The compiled rubric set of a fixture question, to compare saved scores with.
func rubric(_ questionId: String) throws -> CompiledRubric {
  let bank = try BankLoader.load(from: PracticeHarness.fixtureBank, questionIds: [questionId])
  let question = try #require(bank.question(id: questionId))
  return practiceTestScorer.compile(try bank.rubricSet(for: question))
}

/// One scorer for the rubrics these tests compile and the answers they score.
let practiceTestScorer = Scorer()
