import Foundation
import RehearseCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Counts and figures for the reliability suite.
///
/// CI runs small counts; `scripts/reliability.sh` sets the `REHEARSE_RELIABILITY_*` variables
/// to the full counts and collects the figures each test appends to
/// `$REHEARSE_RELIABILITY_REPORT` into `docs/RELIABILITY.md`.
enum Reliability {
  /// `$name` as a number, else `ci`.
  static func count(_ name: String, ci: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? ci
  }

  /// Appends `line` to the figures file when the script asked for one.
  static func report(_ line: String) {
    guard let path = ProcessInfo.processInfo.environment["REHEARSE_RELIABILITY_REPORT"] else { return }
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    let data = Array((line + "\n").utf8)
    _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
  }

  /// The practice fixture bank: three small questions.
  static let fixtureBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/practice-bank").path
  static let fixtureSessions = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/sessions")

  /// The three questions of the fixture bank, in the order the crash tests ask them.
  static let questions = ["latency-tradeoff", "cost-tradeoff", "recommendation-metrics"]

  /// Free answers with a word no other answer has, so each can be found on disk.
  static func answer(_ number: Int, tag: String) -> String {
    switch number {
    case 1: return "Answer \(tag)-one: I set a 100 ms p95 latency budget and measured accuracy loss with an A/B test."
    case 2: return "Answer \(tag)-two: I cut serving cost 30% with a smaller model and a rollback threshold."
    default:
      return "Answer \(tag)-three: I chose a north star metric of viewing hours, with CTR and retention as guardrails."
    }
  }

  /// Piped input answering `numbers` in free mode; a '.' after each passes on its follow-up.
  static func practiceInput(_ numbers: [Int], tag: String) -> String {
    numbers.map { "\(answer($0, tag: tag))\n.\n.\n" }.joined()
  }

  static func practiceArguments() -> [String] {
    ["practice", "--mode", "free"] + questions.flatMap { ["--question", $0] }
  }

  /// Piped input grading every criterion of a fixture answer (10 criteria each).
  static func gradingInput(answers: Int, points: String = "5") -> String {
    let one = Array(repeating: "\(points)\n\n", count: 10).joined() + "\nfine\n"
    return Array(repeating: one, count: answers).joined()
  }

  /// A fresh data home holding copies of the fixture sessions `ids`.
  static func home(with ids: [String] = []) throws -> URL {
    let home = try RehearseBinary.temporaryHome()
    guard !ids.isEmpty else { return home }
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
    for id in ids {
      try FileManager.default.copyItem(
        at: fixtureSessions.appendingPathComponent("\(id).json"), to: sessions.appendingPathComponent("\(id).json"))
    }
    return home
  }

  /// Every session file in `home`, decoded the way the store decodes current documents;
  /// files that do not parse are returned by name.
  static func sessions(in home: URL) -> (sessions: [Session], unparsable: [String], leftovers: [String]) {
    let folder = home.appendingPathComponent("sessions")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    var sessions: [Session] = []
    var unparsable: [String] = []
    for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
      if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
        let session = try? decoder.decode(Session.self, from: data)
      {
        sessions.append(session)
      } else {
        unparsable.append(name)
      }
    }
    return (sessions, unparsable, names.filter { $0.hasSuffix(".tmp") })
  }

  /// Every file under `root` with its bytes, by path relative to `root`.
  static func snapshot(_ root: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return files }
    for case let relative as String in walker {
      let path = root.appendingPathComponent(relative).path
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[relative] = FileManager.default.contents(atPath: path) ?? Data()
      }
    }
    return files
  }

  /// How many times `needle` occurs in `text`.
  static func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  /// The session id from the practice banner (`Session <id> · saved to …`).
  static func sessionId(in output: String) -> String? {
    guard let range = output.range(of: "Session ") else { return nil }
    let id = output[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
    return id.isEmpty ? nil : String(id)
  }
}

/// A `rehearse` process started with all its input piped at once, which a test may kill.
final class RunningRehearse: @unchecked Sendable {
  let process = Process()
  private let output = Pipe()
  private let errors = Pipe()
  private let lock = NSLock()
  private var collected = Data()
  private var collectedErrors = Data()
  /// Pipes that reached end of file (the process and its children closed them).
  private var closedPipes = 0
  let started = DispatchTime.now()

  init(_ arguments: [String], input: String, home: URL, environment: [String: String] = [:], launcher: [String] = [])
    throws
  {
    signal(SIGPIPE, SIG_IGN)
    if let first = launcher.first {
      process.executableURL = URL(fileURLWithPath: first)
      process.arguments = Array(launcher.dropFirst()) + [RehearseBinary.url.path] + arguments
    } else {
      process.executableURL = RehearseBinary.url
      process.arguments = arguments
    }
    var env = ProcessInfo.processInfo.environment
    env["REHEARSE_BANK"] = Reliability.fixtureBank
    env["REHEARSE_HOME"] = home.path
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = output
    process.standardError = errors
    output.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self else { return }
      self.lock.lock()
      if data.isEmpty {
        self.closedPipes += 1
        handle.readabilityHandler = nil
      }
      self.collected.append(data)
      self.lock.unlock()
    }
    errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self else { return }
      self.lock.lock()
      if data.isEmpty {
        self.closedPipes += 1
        handle.readabilityHandler = nil
      }
      self.collectedErrors.append(data)
      self.lock.unlock()
    }
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try? stdin.fileHandleForWriting.close()
  }

  /// What the process printed on standard output so far.
  var stdout: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: collected, as: UTF8.self)
  }

  var stderr: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: collectedErrors, as: UTF8.self)
  }

  /// Kills the process with SIGKILL after `seconds` (if it is still running) and returns
  /// whether it was killed before it finished.
  func kill(after seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(1_000) }
    let killed = process.isRunning
    if killed { Foundation.kill(process.processIdentifier, SIGKILL) }
    return finish() && killed
  }

  /// Kills the process with SIGKILL once it has printed `bytes` bytes and `seconds` more
  /// have passed (or when it ends first), so kill moments follow the session's progress
  /// rather than the machine's load. Returns whether it was killed before it finished.
  func kill(afterPrinting bytes: Int, plus seconds: Double) -> Bool {
    while process.isRunning && stdout.utf8.count < bytes { usleep(200) }
    return kill(after: seconds)
  }

  /// Waits for the process to end and for its output to be drained.
  @discardableResult
  func finish() -> Bool {
    process.waitUntilExit()
    // Let the readability handlers drain what the process wrote until both pipes reach end
    // of file (at most 10 s: a child the process left running may hold them open).
    for _ in 0..<2_000 {
      lock.lock()
      let closed = closedPipes
      lock.unlock()
      if closed >= 2 { break }
      usleep(5_000)
    }
    output.fileHandleForReading.readabilityHandler = nil
    errors.fileHandleForReading.readabilityHandler = nil
    return true
  }

  /// Seconds since the process started.
  var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
}
