import Foundation
import RehearseCore
import Testing

/// `rehearse practice` driven as a user would from a script: piped standard input, a
/// temporary data home, then the session file on disk.
@Suite struct PracticeCLITests {
  static let fixtureBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/practice-bank").path

  static func sessions(in home: URL) throws -> [Session] {
    let folder = home.appendingPathComponent("sessions")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try names.map { try decoder.decode(Session.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
  }

  @Test func pipedFreeAnswerIsScoredSavedAndSummarised() throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(
      ["practice", "--question", "recommendation-metrics", "--mode", "free"],
      input: "My situation: I owned the recommendations and chose a north star metric.\n.\n:quit\n", home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
    #expect(run.stdout.contains("Question 1 of 1"))
    #expect(run.stdout.contains("How would you define success metrics"))
    #expect(run.stdout.contains("Feedback\nScore "))
    #expect(run.stdout.contains("Session summary"))
    #expect(!run.stdout.contains("answer> "), "no prompts are echoed when stdin is not a terminal")
    let session = try #require(try Self.sessions(in: home).first)
    #expect(session.status == .completed)
    #expect(session.plan == ["recommendation-metrics"])
    #expect(session.answers.count == 1)
    #expect(
      session.answers[0].answer.freeText == "My situation: I owned the recommendations and chose a north star metric.")
    #expect(session.answers[0].report?.score != nil)
    #expect(run.stdout.contains("Score \(format(session.answers[0].report?.score ?? -1))/100"))
    // Piped input is never written to the readline history.
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("input-history").path))
  }

  @Test func pipedGuidedAnswerWithCommands() throws {
    let home = try RehearseBinary.temporaryHome()
    let input =
      [
        ":hint", ":rubric", "I owned the carousel.", ".", "I had to define success.", ".",
        ":back", "It was my call.", ".", "I picked a north star metric.", ".", "Purchases rose 6%.", ".",
        "I would watch complaint rate as a guardrail.", ".",
      ].joined(separator: "\n") + "\n"
    let run = try RehearseBinary.run(
      ["practice", "--question", "recommendation-metrics", "--mode", "guided"], input: input, home: home)
    #expect(run.status == 0, "\(run.stderr)")
    let session = try #require(try Self.sessions(in: home).first)
    let main = try #require(session.answers.first)
    #expect(main.answer.sections[.task] == "I had to define success.\nIt was my call.")
    #expect(main.answer.sections[.result] == "Purchases rose 6%.")
    #expect(main.hintsUsed.count == 1)
    #expect(main.rubricShown)
    #expect(session.answers.count == 2)
    #expect(session.answers[1].kind == .followUp)
    #expect(session.answers[1].parentId == main.id)
  }

  @Test func endOfInputBeforeAnyAnswerEndsCleanly() throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(["practice", "--question", "recommendation-metrics"], input: "", home: home)
    #expect(run.status == 0)
    #expect(run.stdout.hasSuffix(" was not kept.\n"))
    #expect(run.stdout.contains("\nNothing was answered, so session "))
    #expect(try Self.sessions(in: home).isEmpty, "a session that ends empty leaves no file")
    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.stdout == "No sessions yet. Start one with 'rehearse practice'.\n")
  }

  @Test func timedAloneUsesTheSuggestedTime() throws {
    let home = try RehearseBinary.temporaryHome()
    let bare = try RehearseBinary.run(
      ["practice", "--timed", "--question", "recommendation-metrics"], input: ":time\n:skip\n", home: home)
    #expect(bare.status == 0, "\(bare.stderr)")
    #expect(bare.stdout.contains("Timer: 3:00 starts now."))
    #expect(bare.stdout.contains(" of 3:00 · "))
    let fixed = try RehearseBinary.run(
      ["practice", "--question", "recommendation-metrics", "--time-limit", "90"], input: ":skip\n", home: home)
    #expect(fixed.stdout.contains("Timer: 1:30 starts now."))
    let settings = try Self.sessions(in: home).map(\.settings.timedSeconds)
    #expect(settings.sorted { ($0 ?? -1) < ($1 ?? -1) } == [0, 90])
  }

  @Test func unknownCommandAndHelpAtThePrompt() throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(
      ["practice", "--question", "recommendation-metrics"], input: ":wat\n:help\n:quit\n", home: home)
    #expect(
      run.stdout.contains(
        "unknown command ':wat'; commands: :help :hint :rubric :model :back :edit :skip :redo :time :case :story :quit")
    )
    #expect(run.stdout.contains("  :redo    answer the last question again (both attempts are kept)\n"))
  }

  @Test func editOpensTheEditorWithoutAShell() throws {
    let home = try RehearseBinary.temporaryHome()
    // An "editor" that appends a line to the file it is given; the path is its last argument.
    let script = home.appendingPathComponent("fake-editor.sh")
    try "#!/bin/sh\nfor f; do :; done\nprintf 'Added by the editor with a 100 ms budget.\\n' >> \"$f\"\n"
      .write(to: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
    let run = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff"], input: "Typed first.\n:edit\n.\n.\n", home: home,
      environment: ["REHEARSE_BANK": Self.fixtureBank, "EDITOR": "/bin/sh \(script.path)"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Answer updated from the editor"))
    let texts = try Self.sessions(in: home).compactMap { $0.answers.first?.answer.freeText }
    #expect(texts.contains("Typed first.\nAdded by the editor with a 100 ms budget."))
  }

  @Test(arguments: [
    (["practice", "--question", "recommendation-metrics", "--count", "2"], "--question names the questions"),
    (["practice", "--resume", "--category", "x"], "--resume continues a session's own questions"),
    (["practice", "--count", "0"], "--count must be at least 1"),
    (["practice", "--count", "-3"], "--count must be at least 1"),
    (["practice", "--mode", "chatty"], "chatty"),
    (["practice", "--time-limit", "0"], "--time-limit takes a number of seconds, 1 or more"),
    (
      ["practice", "--timed", "120"],
      "'120' is not a session id; for a 120-second limit use --time-limit 120 (--timed alone uses each question's suggested time)"
    ),
    (["practice", "20261121-093000-ab12"], "a session id is read only with --resume"),
  ])
  func invalidFlagsAreRejectedBeforeAnythingRuns(arguments: [String], message: String) throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(arguments, home: home)
    #expect(run.status == 64)
    #expect(run.stderr.contains(message))
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("sessions").path))
  }

  @Test func unknownQuestionOrCategorySaysHowToFindOne() throws {
    let home = try RehearseBinary.temporaryHome()
    let question = try RehearseBinary.run(["practice", "--question", "nope"], home: home)
    #expect(question.status == 1)
    #expect(question.stderr == "error: no question 'nope' in the bank; run 'rehearse questions' to list them\n")
    let typo = try RehearseBinary.run(["practice", "--question", "recomendation-metrics"], home: home)
    #expect(
      typo.stderr
        == "error: no question 'recomendation-metrics' in the bank (did you mean 'recommendation-metrics'?); run 'rehearse questions' to list them\n"
    )
    let category = try RehearseBinary.run(
      ["practice", "--category", "nope"], home: home, environment: ["REHEARSE_BANK": Self.fixtureBank])
    #expect(
      category.stderr
        == "error: no questions match --category nope; categories with questions: success-metrics, tradeoffs\n")
    let resume = try RehearseBinary.run(["practice", "--resume"], home: home)
    #expect(resume.stderr == "error: no session in progress to resume; start one with 'rehearse practice'\n")
  }

  @Test func practiceHelpDocumentsFlagsAndCommands() throws {
    let run = try RehearseBinary.run(["practice", "--help"])
    #expect(run.status == 0)
    for text in [
      "--category", "--difficulty", "--count", "--question", "--mode", "--timed", "--time-limit", "--seed", "--resume",
      "--mentor",
      ":hint", "docs/PRACTICE.md",
    ] {
      #expect(run.stdout.contains(text), "\(text)")
    }
  }

  /// `--due` is a selection of its own: with nothing practised yet, never-practised
  /// questions are due, `--count` caps them.
  @Test func dueChoosesQuestionsFromTheSavedSessions() throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(
      ["practice", "--due", "--count", "1"], input: ":skip\n", home: home,
      environment: ["REHEARSE_BANK": Self.fixtureBank])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Question 1 of 1 · "))
    let session = try #require(try Self.sessions(in: home).first)
    #expect(session.plan.count == 1)
    #expect(session.answers.map(\.skipped) == [true])
    let refused = try RehearseBinary.run(["practice", "--due", "--resume"], home: home)
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("--due chooses the questions; leave out --question, --resume"))
  }

  @Test func seedGivesTheSameQuestionOrder() throws {
    let home = try RehearseBinary.temporaryHome()
    let env = ["REHEARSE_BANK": Self.fixtureBank]
    for _ in 0..<2 {
      try RehearseBinary.run(
        // A skip keeps the session (one that ends empty is not kept).
        ["practice", "--count", "3", "--seed", "11"], input: ":skip\n:quit\n", home: home, environment: env)
    }
    let plans = try Self.sessions(in: home).map(\.plan)
    try #require(plans.count == 2)
    #expect(plans[0] == plans[1])
    #expect(Set(plans[0]) == ["recommendation-metrics", "latency-tradeoff", "cost-tradeoff"])
  }

  /// kill -9 after the second answer: both answers are on disk and `--resume` finishes.
  @Test func killedAfterTheSecondAnswerLosesNothingAndResumes() throws {
    let home = try RehearseBinary.temporaryHome()
    let env = ["REHEARSE_BANK": Self.fixtureBank]
    let live = try LiveRehearse(
      [
        "practice", "--question", "latency-tradeoff", "--question", "cost-tradeoff", "--question",
        "recommendation-metrics", "--mode", "free",
      ], home: home, environment: env)
    live.send("First answer with a 100 ms latency budget.\n.\n.\n")
    try live.waitFor { $0.components(separatedBy: "Feedback\n").count == 2 }
    live.send("Second answer with a rollback threshold.\n.\n")
    try live.waitFor { $0.components(separatedBy: "Feedback\n").count == 3 }
    live.kill()

    let crashed = try #require(try Self.sessions(in: home).first)
    #expect(crashed.status == .inProgress)
    #expect(crashed.answers.filter { $0.kind == .main }.map(\.questionId) == ["latency-tradeoff", "cost-tradeoff"])
    #expect(crashed.answers.first?.answer.freeText == "First answer with a 100 ms latency budget.")
    #expect(crashed.remainingQuestionIds == ["recommendation-metrics"])

    let resumed = try RehearseBinary.run(
      ["practice", "--resume"], input: "Third answer with a north star metric.\n.\n.\n", home: home, environment: env)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("Resuming session \(crashed.id): 1 of 3 questions left."))
    let sessions = try Self.sessions(in: home)
    #expect(sessions.count == 1)
    let finished = try #require(sessions.first)
    #expect(finished.status == .completed)
    #expect(
      finished.answers.filter { $0.kind == .main }.map(\.questionId) == [
        "latency-tradeoff", "cost-tradeoff", "recommendation-metrics",
      ])
  }
}

/// A running `rehearse` fed input a piece at a time, for the crash test.
final class LiveRehearse: @unchecked Sendable {
  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let lock = NSLock()
  private var collected = Data()

  init(_ arguments: [String], home: URL, environment: [String: String]) throws {
    process.executableURL = RehearseBinary.url
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["REHEARSE_BANK"] = RehearseBinary.repositoryRoot.path
    env["REHEARSE_HOME"] = home.path
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    output.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.lock()
      self.collected.append(data)
      self.lock.unlock()
    }
    try process.run()
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: collected, as: UTF8.self)
  }

  func send(_ text: String) {
    input.fileHandleForWriting.write(Data(text.utf8))
  }

  /// Waits until the output satisfies `condition` (a generous limit guards against a hang;
  /// it is not a timing assertion).
  func waitFor(_ condition: (String) -> Bool) throws {
    for _ in 0..<600 {
      if condition(text) { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill()
    Issue.record("rehearse did not print what was expected; output so far:\n\(text)")
    throw CancellationError()
  }

  func kill() {
    Foundation.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    output.fileHandleForReading.readabilityHandler = nil
  }
}

private func format(_ value: Double) -> String {
  let rounded = (value * 10).rounded() / 10
  return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
}
