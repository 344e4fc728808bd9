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
    try tmux.waitFor { $0.hasSuffix("answer>") }

    tmux.type("My latency budget was 100 ms.")
    tmux.keys("Enter")
    try tmux.waitFor { $0.hasSuffix("answer> My latency budget was 100 ms.\nanswer>") }
    tmux.type("this line is cancelled")
    try tmux.waitFor { $0.hasSuffix("answer> this line is cancelled") }
    tmux.keys("C-c")
    try tmux.waitFor { $0.hasSuffix("cancelled^C\nanswer>") }
    tmux.keys("Up")  // recalls the first line
    try tmux.waitFor { $0.hasSuffix("^C\nanswer> My latency budget was 100 ms.") }
    tmux.keys("Enter")
    tmux.type(":hi")
    tmux.keys("Tab")  // completes to :hint
    try tmux.waitFor { $0.hasSuffix("answer> :hint") }
    tmux.keys("Enter")
    try tmux.waitFor("Hint 1 of 2: Name the latency budget")
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor { $0.hasSuffix("follow-up>") }
    tmux.type(".")
    tmux.keys("Enter")
    try tmux.waitFor("Question 2 of 2")
    try tmux.waitFor { $0.hasSuffix("answer>") }
    tmux.keys("C-c")  // on an empty line: ends the session with the summary
    try tmux.waitFor("REHEARSE-EXIT=0")
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

    // A second run recalls lines typed in the first.
    try tmux.start(["practice", "--resume"], bank: bank)
    try tmux.waitFor("Resuming session \(session.id)")
    try tmux.waitFor { $0.hasSuffix("answer>") }
    tmux.keys("Up")
    tmux.keys("Up")
    try tmux.waitFor { $0.hasSuffix("answer> :hint") }
    tmux.keys("C-u")
    try tmux.waitFor { $0.hasSuffix("answer>") }  // Ctrl-C is a signal: it must not overtake C-u
    tmux.keys("C-c")
    try tmux.waitFor("REHEARSE-EXIT=0")
  }
}

/// A tmux server of its own (a private socket), running `rehearse` in one window.
struct Tmux {
  static var isAvailable: Bool {
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].contains {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  let home: URL
  let socket = "rehearse-test-\(UUID().uuidString.prefix(8))"

  /// Runs a tmux client command and returns what it printed.
  ///
  /// Spawned with `posix_spawn` and reaped with `waitpid`: the tmux server the first command
  /// starts inherits the client's descriptors, and Foundation's `Process` then never sees
  /// the client exit.
  @discardableResult
  func tmux(_ arguments: [String]) -> String {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString)")
      .path
    defer { unlink(outputPath) }
    let argv: [UnsafeMutablePointer<CChar>?] =
      (["/usr/bin/env", "tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
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
    guard spawned == 0 else { return "" }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }

  /// Starts (or restarts) the window running rehearse with `arguments`.
  func start(_ arguments: [String], bank: String) throws {
    tmux(["kill-server"])
    func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command =
      "env REHEARSE_HOME=\(quote(home.path)) REHEARSE_BANK=\(quote(bank)) NO_COLOR=1 TERM=xterm-256color EDITOR=true "
      + ([RehearseBinary.url.path] + arguments).map(quote).joined(separator: " ")
      + "; echo REHEARSE-EXIT=$?; sleep 120"
    tmux(["new-session", "-d", "-x", "150", "-y", "50", "-s", "practice", command])
  }

  func type(_ text: String) { tmux(["send-keys", "-t", "practice", "-l", text]) }
  func keys(_ names: String...) { tmux(["send-keys", "-t", "practice"] + names) }
  func screen() -> String {
    tmux(["capture-pane", "-p", "-J", "-t", "practice", "-S", "-500"])
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
      .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func waitFor(_ text: String) throws {
    try waitFor { $0.contains(text) }
  }

  /// Polls the screen until `condition` holds (the 30 s limit only guards against a hang;
  /// a loaded CI machine can take seconds to start a debug binary).
  func waitFor(_ condition: (String) -> Bool) throws {
    for _ in 0..<600 {
      if condition(screen()) { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("the terminal never showed what was expected; screen:\n\(screen())")
    throw CancellationError()
  }

  func stop() { tmux(["kill-server"]) }
}
