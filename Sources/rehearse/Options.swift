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
    do {
      return try BankSource.locate(
        explicit: bank, environment: ProcessInfo.processInfo.environment,
        executablePath: CommandLine.arguments.first.map(executablePath) ?? "",
        currentDirectory: FileManager.default.currentDirectoryPath)
    } catch {
      throw CLIError(error.description)
    }
  }

  /// The bank that `paths` are in (see ``BankSource/containing(_:explicit:currentDirectory:)``).
  func source(containing paths: [String]) throws -> BankSource {
    do {
      return try BankSource.containing(
        paths, explicit: bank, currentDirectory: FileManager.default.currentDirectoryPath)
    } catch {
      throw CLIError(error.description)
    }
  }

  private func executablePath(_ argument: String) -> String {
    if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return resolved
    }
    return argument
  }
}

/// A user-facing failure: printed as `error: message` on stderr, exit status 1.
struct CLIError: Error, CustomStringConvertible {
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
  /// Runs `body`, turning library errors into clean messages and exit codes.
  func reportingErrors(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as CLIError {
      for line in error.lines { standardError("error: \(line)") }
      throw ExitCode(error.exitCode)
    } catch let error as DiagnosticsError {
      for diagnostic in error.diagnostics { standardError("error: \(diagnostic)") }
      throw ExitCode.failure
    } catch let error as Diagnostic {
      standardError("error: \(error)")
      throw ExitCode.failure
    } catch let error as WordNetError {
      standardError("error: \(error)")
      throw ExitCode.failure
    }
  }
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
