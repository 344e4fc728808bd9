import Foundation
import RehearseCore
import Testing

/// Issue 14's practice items, in a real pseudo-terminal (tmux): a countdown that moves while
/// the candidate types, an interrupted answer kept as a draft, no empty sessions, and long
/// pastes and wide characters that display intact.
@Suite(.serialized) struct PracticeExperienceTerminalTests {
  static let bank = PracticeCLITests.fixtureBank

  /// The last line on the screen (the one being typed).
  static func lastLine(_ screen: String) -> String {
    String(screen.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
  }

  static func count(_ text: String, in screen: String) -> Int {
    screen.components(separatedBy: text).count - 1
  }

  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func theCountdownMovesWhileTypingAndWarnsOnceAtAMinuteLeft() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(
      ["practice", "--question", "latency-tradeoff", "--mode", "free", "--time-limit", "62"], bank: Self.bank)
    try tmux.waitFor("the first prompt") { $0.hasSuffix("] answer>") }
    tmux.type("typed while the clock runs")
    // No Enter: the prompt in front of the typed text must count down by itself.
    try tmux.waitFor("the countdown below a minute, the text kept") {
      Self.lastLine($0).range(of: #"^\[0:5[0-9]\] answer> typed while the clock runs$"#, options: .regularExpression)
        != nil
    }
    let screen = tmux.screen()
    #expect(Self.count("One minute left: start wrapping up with your result.", in: screen) == 1)
    #expect(!screen.contains("Time is up"))
    // Editing still works on the redrawn line.
    tmux.type(", still")
    try tmux.waitFor("the appended text") { Self.lastLine($0).hasSuffix("answer> typed while the clock runs, still") }
    tmux.keys("C-u")
    try tmux.waitFor("the line cleared") { Self.lastLine($0).hasSuffix("answer>") }
    tmux.keys("C-c")
    #expect(try tmux.exitStatus() == 0)
  }

  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func timeUpIsShownWhileTypingAndNothingTypedIsLost() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(
      ["practice", "--question", "latency-tradeoff", "--mode", "free", "--time-limit", "2"], bank: Self.bank)
    try tmux.waitFor("the first prompt") { $0.hasSuffix("] answer>") }
    tmux.type("I kept a 100 ms budget")
    try tmux.waitFor("time up above the line being typed") {
      $0.contains("Time is up (0:02): finish your point; nothing you type is discarded.\n[+0:")
        && Self.lastLine($0).hasSuffix("] answer> I kept a 100 ms budget")
    }
    tmux.keys("Enter")
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("Over time: ")
    try tmux.waitFor("the follow-up prompt") { $0.hasSuffix("follow-up>") }
    #expect(Self.count("Time is up", in: tmux.screen()) == 1)
    tmux.keys("C-c")
    #expect(try tmux.exitStatus() == 0)
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(session.answers.first?.answer.freeText == "I kept a 100 ms budget")
    #expect(session.answers.first?.overTime == true)
  }

  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func ctrlCKeepsTheUnfinishedAnswerAndResumeBringsItBack() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(["practice", "--question", "latency-tradeoff", "--mode", "guided"], bank: Self.bank)
    try tmux.waitFor("the situation prompt") { $0.hasSuffix("situation>") }
    tmux.type("Search at a travel site was slow.")
    tmux.keys("Enter")
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("the task prompt") { $0.hasSuffix("task>") }
    tmux.type("I owned the latency budget.")
    tmux.keys("Enter")
    try tmux.waitFor("a fresh task prompt") { $0.hasSuffix("budget.\ntask>") }
    tmux.keys("C-c")  // on an empty line, mid-answer
    #expect(try tmux.exitStatus() == 0)
    let screen = tmux.screen()
    #expect(screen.contains("Your unfinished answer is kept as a draft; 'rehearse practice --resume "))
    #expect(!screen.contains("was not saved"))

    let saved = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(saved.answers.isEmpty)
    let draft = try #require(saved.draft)
    #expect(draft.questionId == "latency-tradeoff")
    #expect(draft.mode == .star)
    #expect(draft.section == .task)
    #expect(
      draft.answer.sections == [.situation: "Search at a travel site was slow.", .task: "I owned the latency budget."])

    let second = Tmux(home: home)
    defer { second.stop() }
    tmux.stop()
    try second.start(["practice", "--resume"], bank: Self.bank)
    try second.waitFor("Your unfinished answer from last time is back; go on where you stopped.")
    try second.waitFor("the task so far and its prompt") {
      $0.hasSuffix("so far: I owned the latency budget.\ntask>")
    }
    second.type(".")
    second.keys("Enter")
    second.type("I cut the model to 80 ms and kept recall within 1%.")
    second.keys("Enter")
    second.type(".")
    second.keys("Enter")
    try second.waitFor("the result prompt") { $0.hasSuffix("result>") }
    second.type(".")
    second.keys("Enter")
    try second.waitFor("Feedback")
    try second.waitFor("the follow-up prompt") { $0.hasSuffix("follow-up>") }
    second.keys("C-c")
    #expect(try second.exitStatus() == 0)
    let resumed = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(resumed.draft == nil)
    let answer = try #require(resumed.answers.first)
    #expect(
      answer.answer.sections == [
        .situation: "Search at a travel site was slow.", .task: "I owned the latency budget.",
        .action: "I cut the model to 80 ms and kept recall within 1%.",
      ])
  }

  @Test(
    .enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"),
    arguments: ["C-c", "C-d"])
  func aSessionEndedAtTheFirstPromptLeavesNothing(key: String) throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(["practice", "--question", "latency-tradeoff", "--mode", "free"], bank: Self.bank)
    try tmux.waitFor("the first prompt") { $0.hasSuffix("answer>") }
    tmux.keys(key)
    #expect(try tmux.exitStatus() == 0)
    #expect(tmux.screen().contains(" was not kept."))
    #expect(!tmux.screen().contains("Session summary"))
    #expect(try PracticeCLITests.sessions(in: home).isEmpty)
    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.stdout == "No sessions yet. Start one with 'rehearse practice'.\n")
    let resume = try RehearseBinary.run(["practice", "--resume"], home: home)
    #expect(resume.stderr == "error: no session in progress to resume; start one with 'rehearse practice'\n")
  }

  /// Columns a test string takes: the strings below hold ASCII, CJK and emoji only.
  static func columns(_ line: String) -> Int {
    line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
  }

  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func aTenKilobytePasteAndWideCharactersDisplayIntact() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(["practice", "--question", "latency-tradeoff", "--mode", "guided"], bank: Self.bank, width: 60)
    try tmux.waitFor("the situation prompt") { $0.hasSuffix("situation>") }
    // 12 paragraphs of numbered words, about 10 KB: any overwritten or lost word shows.
    let paragraphs = (0..<12).map { paragraph in
      (0..<140).map { "p\(paragraph)w\($0)" }.joined(separator: " ")
    }
    let pasted = paragraphs.joined(separator: "\n")
    #expect(pasted.utf8.count > 10_000)
    try tmux.paste(pasted)
    try tmux.waitFor("the paste echoed and a fresh prompt") {
      $0.hasSuffix("(pasted 1680 words; go on typing, or '.' to finish)\nsituation>")
    }
    let screen = tmux.screen()
    let lines = screen.split(separator: "\n").map(String.init)
    let end = try #require(lines.lastIndex { $0.hasPrefix("(pasted ") })
    let start = try #require(lines[..<end].lastIndex { $0.hasPrefix("situation>") })
    let echoed = lines[(start + 1)..<end]
    #expect(echoed.joined(separator: " ") == paragraphs.joined(separator: " "), "every word once, in order")
    #expect(echoed.allSatisfy { Self.columns($0) <= 60 }, "no echoed line wraps")

    // Wide characters: the Situation "so far" shown by :back fits the 60 columns.
    tmux.type("Wide: " + String(repeating: "中文", count: 20) + " and 😀😀😀 emoji " + String(repeating: "字", count: 30))
    tmux.keys("Enter")
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("the task prompt") { $0.hasSuffix("task>") }
    tmux.type(":back")
    tmux.keys("Enter")
    try tmux.waitFor("the situation so far") { $0.hasSuffix("situation>") && $0.contains("so far: p0w0 p0w1") }
    let back = tmux.screen()
    let soFar = back.components(separatedBy: "so far: ").last ?? ""
    let shown = soFar.split(separator: "\n").dropLast().map(String.init)
    #expect(shown.allSatisfy { Self.columns($0) <= 60 }, "so far lines: \(shown.filter { Self.columns($0) > 60 })")
    #expect(shown.contains { $0.contains("😀😀😀") })
    tmux.keys("C-c")
    #expect(try tmux.exitStatus() == 0)
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    let situation = try #require(session.draft?.answer.sections[.situation])
    #expect(situation.hasPrefix(pasted + "\nWide: 中文"))
  }
}

/// A read-only data home (issue 14, item 5): reading commands work without writing a byte;
/// `practice` says the home is read-only before the first question.
@Suite(.serialized) struct ReadOnlyHomeTests {
  @Test(
    .enabled(
      if: ReliabilityDiskFaultTests.canSimulateReadOnly,
      "running as root without setpriv: a read-only folder cannot be simulated"))
  func readingCommandsWorkAndPracticeRefusesUpFront() throws {
    let home = try RehearseBinary.temporaryHome()
    for answer in ["I set a 100 ms budget and rolled back when p95 passed it.", "I cut cost 30% with a smaller model."]
    {
      let run = try RehearseBinary.run(
        ["practice", "--question", "latency-tradeoff", "--mode", "free"], input: "\(answer)\n.\n.\n", home: home,
        environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
      #expect(run.status == 0, "\(run.stderr)")
    }
    let sessions = home.appendingPathComponent("sessions")
    // No index too: reading must read the files rather than write a new one.
    for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
      try? FileManager.default.removeItem(at: home.appendingPathComponent(name))
    }
    var launcher: [String] = []
    if ReliabilityDiskFaultTests.isRoot, let setpriv = ReliabilityDiskFaultTests.setpriv {
      let walker = FileManager.default.enumerator(atPath: home.path)
      chown(home.path, 65_534, 65_534)
      while let relative = walker?.nextObject() as? String {
        chown(home.appendingPathComponent(relative).path, 65_534, 65_534)
      }
      launcher = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    }
    chmod(sessions.path, 0o500)
    chmod(home.path, 0o500)
    defer {
      chmod(home.path, 0o700)
      chmod(sessions.path, 0o700)
      try? FileManager.default.removeItem(at: home)
    }
    let before = Reliability.snapshot(home)
    func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String)? {
      guard let running = try? RunningRehearse(arguments, input: "", home: home, launcher: launcher) else { return nil }
      running.finish()
      return (running.process.terminationStatus, running.stdout, running.stderr)
    }
    for command in [["history"], ["stats"], ["plan"], ["show", "last"], ["export", "--all", "--format", "json"]] {
      let result = try #require(run(command))
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(result.stderr == "", "\(command)")
    }
    let history = try #require(run(["history"]))
    #expect(history.stdout.contains("\n2 sessions, 2 scored answers, average "), "\(history.stdout)")
    let practice = try #require(run(["practice", "--question", "latency-tradeoff"]))
    #expect(practice.status == 1)
    #expect(practice.stdout == "")
    #expect(
      practice.stderr
        == "error: cannot practise: sessions cannot be saved in \(sessions.path) (Permission denied); nothing was asked. Make the folder writable, or set REHEARSE_HOME to a folder you can write\n"
    )
    #expect(Reliability.snapshot(home) == before, "nothing in the home was written")
  }

  static func count(_ text: String, in output: String) -> Int {
    output.components(separatedBy: text).count - 1
  }
}
