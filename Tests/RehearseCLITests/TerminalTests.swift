import Foundation
import RehearseCore
import Testing

/// The real interactive REPL in a pseudo-terminal (tmux): readline editing, history recall,
/// Tab completion and Ctrl-C, then the session file on disk.
@Suite(.serialized) struct PracticeTerminalTests {
  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func typingRecallCompletionAndCtrlCInARealTerminal() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    let bank = PracticeCLITests.fixtureBank
    try tmux.start(
      ["practice", "--question", "latency-tradeoff", "--question", "cost-tradeoff", "--mode", "free"], bank: bank)
    // Lines on the screen are compared with trailing spaces removed.
    try tmux.waitFor("the first prompt") { $0.hasSuffix("answer>") }

    tmux.type("My latency budget was 100 ms.")
    tmux.keys("Enter")
    try tmux.waitFor("the typed line and a new prompt") {
      $0.hasSuffix("answer> My latency budget was 100 ms.\nanswer>")
    }
    tmux.type("this line is cancelled")
    try tmux.waitFor("the line to be cancelled") { $0.hasSuffix("answer> this line is cancelled") }
    tmux.keys("C-c")
    try tmux.waitFor("^C and a fresh prompt") { $0.hasSuffix("cancelled^C\nanswer>") }
    tmux.keys("Up")  // recalls the first line
    try tmux.waitFor("the recalled line") { $0.hasSuffix("^C\nanswer> My latency budget was 100 ms.") }
    tmux.keys("Enter")
    tmux.type(":hi")
    tmux.keys("Tab")  // completes to :hint
    try tmux.waitFor(":hint completed") { $0.hasSuffix("answer> :hint") }
    tmux.keys("Enter")
    try tmux.waitFor("Hint 1 of 2: Name the latency budget")
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("the follow-up prompt") { $0.hasSuffix("follow-up>") }
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("Question 2 of 2")
    try tmux.waitFor("the second question's prompt") { $0.hasSuffix("answer>") }
    tmux.keys("C-c")  // on an empty line: ends the session with the summary
    #expect(try tmux.exitStatus() == 0)
    let screen = tmux.screen()
    #expect(screen.contains("Session summary"))

    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(session.status == .inProgress)
    #expect(session.answers.count == 1)
    let answer = try #require(session.answers.first)
    #expect(answer.answer.freeText == "My latency budget was 100 ms.\nMy latency budget was 100 ms.")
    #expect(answer.hintsUsed == ["Name the latency budget in milliseconds."])
    let history = try String(contentsOf: home.appendingPathComponent("input-history"), encoding: .utf8)
    // Completion leaves a space after the word; history keeps lines as entered.
    #expect(history.contains("My latency budget was 100 ms.\n:hint \n.\n"))
    #expect(!history.contains("cancelled"))

    // A second run (a tmux server of its own) recalls lines typed in the first.
    let second = Tmux(home: home)
    defer { second.stop() }
    tmux.stop()
    try second.start(["practice", "--resume"], bank: bank)
    try second.waitFor("Resuming session \(session.id)")
    try second.waitFor("the resumed prompt") { $0.hasSuffix("answer>") }
    second.keys("Up")
    second.keys("Up")
    try second.waitFor(":hint recalled from the first run") { $0.hasSuffix("answer> :hint") }
    second.keys("C-u")
    try second.waitFor("the line cleared") { $0.hasSuffix("answer>") }  // Ctrl-C is a signal: it must not overtake C-u
    second.keys("C-c")
    #expect(try second.exitStatus() == 0)
  }
}

/// A guided case answer in a pseudo-terminal: each of the five parts prompted in turn.
@Suite(.serialized) struct CaseTerminalTests {
  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func guidedCasePromptsEachPartAndSavesThem() throws {
    let home = try RehearseBinary.temporaryHome()
    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(["practice", "--question", "spam-case"], bank: FormsCLITests.bank)
    try tmux.waitFor("the goal prompt") { $0.hasSuffix("goal>") }
    let parts = ["goal", "metrics", "approach", "risks", "launch"]
    for (index, text) in FormsCLITests.caseAnswer.enumerated() {
      tmux.type(text)
      tmux.keys("Enter")
      tmux.type(".")
      tmux.keys("Enter")
      if index + 1 < parts.count {
        try tmux.waitFor("the \(parts[index + 1]) prompt") { $0.hasSuffix("\(parts[index + 1])>") }
      }
    }
    try tmux.waitFor("the feedback") { $0.contains("Goal ✓ Metrics ✓ Approach ✓ Risks ✓ Launch ✓ (guided)") }
    try tmux.waitFor("the follow-up prompt or the summary") {
      $0.hasSuffix("follow-up>") || $0.contains("Session summary")
    }
    tmux.keys("C-d")
    #expect(try tmux.exitStatus() == 0)
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    let answer = try #require(session.answers.first)
    #expect(answer.form == .caseStudy)
    #expect(answer.answer.sections.keys.sorted() == AnswerSection.caseParts)
    #expect(answer.answer.sections[.risks] == FormsCLITests.caseAnswer[3])
  }
}

/// Mentor grading in a pseudo-terminal: the same readline reader as practice, so points and
/// comments can be corrected while typing.
@Suite(.serialized) struct GradeTerminalTests {
  @Test(.enabled(if: Tmux.isAvailable, "tmux is not installed; install tmux to run the pseudo-terminal test"))
  func mentorCorrectsPointsAndCommentsWithLineEditing() throws {
    let home = try RehearseBinary.temporaryHome()
    let bank = PracticeCLITests.fixtureBank
    let practised = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff", "--mode", "free"],
      input: "I set a latency budget of 100 ms and rolled back if p95 passed it.\n.\n.\n", home: home,
      environment: ["REHEARSE_BANK": bank])
    #expect(practised.status == 0, "\(practised.stderr)")
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    let report = try #require(session.answers.first?.report)

    let tmux = Tmux(home: home)
    defer { tmux.stop() }
    try tmux.start(["grade", session.id, "--mentor", "Ana"], bank: bank)
    for (index, criterion) in report.criteria.enumerated() {
      try tmux.waitFor("the points prompt for \(criterion.id)") { $0.hasSuffix("]:") }
      if index == 0 {
        tmux.type("9")
        tmux.keys("BSpace")  // corrected before Enter: 9 becomes 1
        tmux.type("1")
      } else {
        tmux.type("0")
      }
      tmux.keys("Enter")
      try tmux.waitFor("the comment prompt for \(criterion.id)") { $0.hasSuffix("comment (Enter for none):") }
      tmux.keys("Enter")
    }
    try tmux.waitFor("the band prompt") { $0.hasSuffix("/100):") }
    tmux.keys("Enter")
    try tmux.waitFor("the overall comment prompt") { $0.hasSuffix("Overall comment (Enter for none):") }
    tmux.type("Name the budgt")
    tmux.keys("Left")  // insert the missing letter before the last one
    tmux.type("e")
    try tmux.waitFor("the edited comment") { $0.hasSuffix("Overall comment (Enter for none): Name the budget") }
    tmux.keys("Enter")
    #expect(try tmux.exitStatus() == 0)

    let graded = try #require(try PracticeCLITests.sessions(in: home).first)
    let grade = try #require(graded.grades.first { $0.mentor == "Ana" })
    #expect(grade.criteria.map(\.points) == [1] + Array(repeating: 0, count: report.criteria.count - 1))
    #expect(grade.comment == "Name the budget")
    #expect(grade.source == .interactive)
    #expect(graded.answers == session.answers, "the automatic score is untouched")
  }
}

/// A tmux server of its own (a private socket), running `rehearse` in one window.
struct Tmux {
  static var isAvailable: Bool {
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].contains {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run
  /// time because Swift's Glibc module does not declare it.
  static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
      return nil
    }
    return unsafeBitCast(
      symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
  }()

  let home: URL
  let socket = "rehearse-test-\(UUID().uuidString.prefix(8))"

  /// What one tmux client command printed, and how it ended.
  struct Result {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Runs a tmux client command.
  ///
  /// Spawned with `posix_spawn` and reaped with `waitpid`: the tmux server the first command
  /// starts inherits the client's descriptors, and Foundation's `Process` then never sees
  /// the client exit.
  @discardableResult
  func tmux(_ arguments: [String]) -> Result {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)").path
    let outputPath = base + ".out"
    let errorPath = base + ".err"
    defer {
      unlink(outputPath)
      unlink(errorPath)
    }
    let argv: [UnsafeMutablePointer<CChar>?] =
      (["/usr/bin/env", "tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    // The tmux server the first client starts keeps every descriptor it inherits; without
    // this it would hold open other tests' pipes (a reader waiting for their end would hang).
    _ = Self.closeFrom?(&actions, 3)
    // Test runner threads block signals, and a child inherits that mask: without resetting
    // it, neither tmux nor rehearse would ever see Ctrl-C (SIGINT) or kill-server.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid = pid_t()
    let spawned = argv.withUnsafeBufferPointer { args -> Int32 in
      guard let file = args[0], let base = args.baseAddress else { return EINVAL }
      return posix_spawn(&pid, file, &actions, &attributes, base, environ)
    }
    guard spawned == 0 else { return Result(status: -1, output: "", errors: "posix_spawn failed: \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return Result(
      status: status,
      output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
      errors: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
  }

  /// Starts the window running rehearse with `arguments` under bash (named, rather than the
  /// user's default shell: dash, for one, dies of the Ctrl-C meant for rehearse), which
  /// prints rehearse's exit status and keeps the pane open. `remain-on-exit` keeps the last
  /// screen readable even if the shell ends.
  func start(_ arguments: [String], bank: String, width: Int = 150) throws {
    let configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
    try "set-option -g remain-on-exit on\n".write(to: configuration, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: configuration) }
    func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command =
      "env REHEARSE_HOME=\(quote(home.path)) REHEARSE_BANK=\(quote(bank)) NO_COLOR=1 TERM=xterm-256color EDITOR=true "
      + "XDG_CACHE_HOME=\(quote(home.path + "-cache")) "
      + ([RehearseBinary.url.path] + arguments).map(quote).joined(separator: " ")
      + "; echo REHEARSE-EXIT=$?; exec sleep 300"
    let started = tmux(
      [
        "-f", configuration.path, "new-session", "-d", "-x", "\(width)", "-y", "50", "-s", "practice", "/bin/bash",
        "-c",
        command,
      ])
    guard started.status == 0 else {
      Issue.record("tmux new-session failed (status \(started.status)): \(started.errors)")
      throw CancellationError()
    }
  }

  /// Waits for rehearse to end and returns its exit status, as the shell printed it.
  func exitStatus(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int? {
    let marker = "REHEARSE-EXIT="
    try waitFor("rehearse to exit", sourceLocation: sourceLocation) { $0.contains(marker) }
    let line = screen().split(separator: "\n").last { $0.hasPrefix(marker) }
    return line.flatMap { Int($0.dropFirst(marker.count)) }
  }

  func type(_ text: String) { tmux(["send-keys", "-t", "practice", "-l", text]) }
  /// Pastes `text` as a terminal does: bracketed (ESC [ 200 ~ … ESC [ 201 ~) when the
  /// program asked for it.
  func paste(_ text: String) throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).paste")
    try text.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    tmux(["load-buffer", "-b", "paste", file.path])
    tmux(["paste-buffer", "-p", "-d", "-b", "paste", "-t", "practice"])
  }
  func keys(_ names: String...) { tmux(["send-keys", "-t", "practice"] + names) }
  func screen() -> String {
    tmux(["capture-pane", "-p", "-J", "-t", "practice", "-S", "-500"]).output
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
      .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try waitFor(text, sourceLocation: sourceLocation) { $0.contains(text) }
  }

  /// Polls the screen until `condition` holds. The 60 s limit only guards against a hang:
  /// while the rest of the suite runs, a debug binary on a loaded 2-core machine can take
  /// seconds to start.
  func waitFor(
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool
  ) throws {
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if condition(screen()) { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let capture = tmux(["capture-pane", "-p", "-J", "-t", "practice", "-S", "-500"])
    let panes = tmux([
      "list-panes", "-a", "-F",
      "dead=#{pane_dead} status=#{pane_dead_status} signal=#{pane_dead_signal} pid=#{pane_pid}",
    ])
    Issue.record(
      """
      the terminal never showed \(what); screen:
      \(capture.output)
      capture-pane: status \(capture.status) \(capture.errors)
      list-panes: status \(panes.status) \(panes.output) \(panes.errors)
      """, sourceLocation: sourceLocation)
    throw CancellationError()
  }

  func stop() { tmux(["kill-server"]) }
}
