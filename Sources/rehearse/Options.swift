import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore
import WordNet

/// Where the question bank is: shared by every command that reads it.
struct BankOptions: ParsableArguments {
  @Option(
    name: .long, help: ArgumentHelp("Folder holding QuestionBank/ and Rubrics/.", valueName: "dir"),
    completion: .directory)
  var bank: String?

  func source() throws -> BankSource {
    try BankSource.locate(
      explicit: bank, environment: ProcessInfo.processInfo.environment,
      executablePath: CommandLine.arguments.first.map(executablePath) ?? "",
      currentDirectory: FileManager.default.currentDirectoryPath)
  }

  /// The bank that `paths` are in (see ``BankSource/containing(_:explicit:currentDirectory:)``).
  func source(containing paths: [String]) throws -> BankSource {
    try BankSource.containing(paths, explicit: bank, currentDirectory: FileManager.default.currentDirectoryPath)
  }

  /// The bank's questions without rubrics, from the compiled cache when no file changed.
  func catalog() throws -> BankCatalog {
    let environment = ProcessInfo.processInfo.environment
    return try BankLoader.catalog(of: try source(), cache: BankCache.resolve(environment: environment)) {
      standardError("note: \($0)")
    }
  }

  private func executablePath(_ argument: String) -> String {
    if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return resolved
    }
    return argument
  }
}

/// A failure the command layer itself finds (not a library error): printed like every
/// ``UserFacingError``, one `error: ` line per entry of `lines`.
struct CLIError: UserFacingError {
  var lines: [String]
  var exitCode: Int32 = 1
  init(_ message: String, exitCode: Int32 = 1) {
    lines = [message]
    self.exitCode = exitCode
  }
  init(lines: [String]) { self.lines = lines }
  var description: String { lines.joined(separator: "\n") }
}

extension ParsableCommand {
  /// Runs `body`, reporting a ``UserFacingError`` it throws (``report(_:)``) and exiting
  /// with its code; other errors go on to ``Rehearse/main()``, which reports them the same way.
  func reportingErrors(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as any UserFacingError {
      report(error)
      throw ExitCode(error.exitCode)
    }
  }
}

/// The one place errors reach the person: each line of the message as `error: line` on
/// stderr, the way swift-format's diagnostics engine prints findings.
func report(_ error: any UserFacingError) {
  for line in error.lines { standardError("error: \(line)") }
}

func standardError(_ text: String) {
  FileHandle.standardError.write(Data((terminalSafe(text) + "\n").utf8))
}

/// Prints a line on standard output through ``terminalSafe(_:)``: the commands' `print`,
/// so no text read from a file reaches the terminal with its control characters.
func print(_ text: String) {
  Swift.print(terminalSafe(text))
}

/// Buffered standard output for large outputs.
struct StandardOutput {
  private var buffer = Data()
  mutating func write(_ data: Data) {
    buffer.append(data)
    if buffer.count > 1 << 16 { flush() }
  }
  mutating func write(_ text: String) { write(Data(terminalSafe(text).utf8)) }
  mutating func flush() {
    guard !buffer.isEmpty else { return }
    FileHandle.standardOutput.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

func prettyJSON<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Reads a file, or standard input for "-".
func readInput(_ path: String) throws -> Data {
  if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw CLIError("cannot read '\(path)': no such file or not readable")
  }
  return data
}

/// Fails with the known values, and a did-you-mean when `value` is a likely typo.
func requireKnown(_ value: String, kind: String, among known: [String]) throws {
  guard !known.contains(value) else { return }
  let hint = DidYouMean.suggestion(for: value, among: known).map { "did you mean '\($0)'? " } ?? ""
  throw CLIError("unknown \(kind) '\(value)'; \(hint)choose one of: \(known.joined(separator: ", "))")
}
