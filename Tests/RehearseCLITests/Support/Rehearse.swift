import Foundation

/// Runs the built `rehearse` binary the way a user would: arguments, piped standard input,
/// a temporary data home, and captures what it prints and its exit status.
struct RehearseRun {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum RehearseBinary {
  /// The repository root (for the bundled bank).
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `$REHEARSE_BIN`, else `rehearse` beside the test bundle (`swift test` builds it there).
  static let url: URL = {
    if let explicit = ProcessInfo.processInfo.environment["REHEARSE_BIN"] {
      return URL(fileURLWithPath: explicit)
    }
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent()] {
      let binary = candidate.appendingPathComponent("rehearse")
      if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/rehearse")
  }()

  /// `rehearse-bench` beside `rehearse` (its `store` commands fill data homes).
  /// The bank cache the runs of this test process share (tests of the cache itself pass
  /// their own `XDG_CACHE_HOME`). Without it every run compiled the bundled bank afresh: 3 to
  /// 4 s of CPU each in a debug build, most of the suite's time.
  static let sharedCache = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rehearse-test-cache-\(UUID().uuidString)")

  static var bench: URL { url.deletingLastPathComponent().appendingPathComponent("rehearse-bench") }

  /// Runs `rehearse-bench` like ``run(_:input:home:environment:currentDirectory:executable:)``.
  @discardableResult
  static func runBench(_ arguments: [String], home: URL) throws -> RehearseRun {
    try run(arguments, home: home, executable: bench)
  }

  /// A fresh, empty data home for one test.
  static func temporaryHome() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `rehearse` with `arguments`, feeding `input` on stdin (closed after), with
  /// `REHEARSE_HOME` set to `home` and the bundled bank unless `environment` overrides it.
  @discardableResult
  static func run(
    _ arguments: [String], input: String = "", home: URL? = nil, environment: [String: String] = [:],
    currentDirectory: URL? = nil, executable: URL = url
  ) throws -> RehearseRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["REHEARSE_BANK"] = repositoryRoot.path
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    env.removeValue(forKey: "REHEARSE_HOME")
    if let home { env["REHEARSE_HOME"] = home.path }
    // Never the person's own cache: the runs of one test process share a fresh one (a bank's
    // compiled catalog is built by the first run that loads it) unless the test names one.
    env["XDG_CACHE_HOME"] = sharedCache.path
    for (key, value) in environment { env[key] = value }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Read both pipes concurrently so a large output cannot deadlock the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var out = Data()
    nonisolated(unsafe) var err = Data()
    group.enter()
    DispatchQueue.global().async {
      out = stdout.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      err = stderr.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return RehearseRun(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }
}
