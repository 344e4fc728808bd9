import Foundation
import RehearseAdapters

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Chooses how to read lines: readline on a terminal, plain lines otherwise.
public enum LineEditor {
  /// Whether a file descriptor is a terminal: `isatty` unless a test passes its own answer.
  public typealias TerminalCheck = @Sendable (_ fileDescriptor: Int32) -> Bool

  /// The real check: `isatty(2)`.
  public static let isTerminal: TerminalCheck = { isatty($0) == 1 }

  /// True when standard input and output are a terminal that can do line editing (`TERM`
  /// is not `dumb`). `isTerminal` decides what is a terminal (inject it in tests).
  public static func isInteractive(environment: [String: String], isTerminal: TerminalCheck = isTerminal) -> Bool {
    isTerminal(STDIN_FILENO) && isTerminal(STDOUT_FILENO) && environment["TERM"] != "dumb"
  }

  /// A readline editor keeping its history in `historyFile` on a terminal; a plain reader
  /// (no prompt echo, no history written) for pipes, files and `TERM=dumb`.
  public static func make(
    historyFile: URL, environment: [String: String], isTerminal: TerminalCheck = isTerminal
  ) -> any LineReading {
    if isInteractive(environment: environment, isTerminal: isTerminal) {
      return ReadlineEditor(historyFile: historyFile)
    }
    return PlainLineReader()
  }
}

/// Reads lines from standard input without echoing prompts or keeping history: for pipes,
/// scripts, CI and `TERM=dumb`.
public final class PlainLineReader: LineReading {
  init() {}

  /// Reads one line from standard input, dropping a trailing carriage return (files written on Windows);
  /// `.endOfInput` at the end of the pipe. The prompt is not printed: callers that want it seen write it
  /// first (``showsPrompts`` is false).
  public func readLine(prompt: String) -> LineInput {
    guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
    return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
  }
}

/// Replays a fixed list of inputs, then reports the end of input: for tests.
public final class ScriptedLineReader: LineReading {
  private var inputs: [LineInput]
  private var position = 0
  /// Every prompt asked for, in order.
  public private(set) var prompts: [String] = []
  /// The words last offered for completion.
  public private(set) var completions: [String] = []
  /// Called before each read with the number of reads so far (tests advance a clock here).
  public var beforeRead: ((Int) -> Void)?

  /// A reader that returns `inputs` in order, then `.endOfInput` for every later read.
  public init(_ inputs: [LineInput]) {
    self.inputs = inputs
  }

  /// Each string is one `.line`.
  public convenience init(lines: [String]) {
    self.init(lines.map { .line($0) })
  }

  /// Records `prompt` in ``prompts``, calls ``beforeRead``, and returns the next scripted input, or
  /// `.endOfInput` once they are used up.
  public func readLine(prompt: String) -> LineInput {
    beforeRead?(prompts.count)
    prompts.append(prompt)
    guard position < inputs.count else { return .endOfInput }
    defer { position += 1 }
    return inputs[position]
  }

  /// Records `words` in ``completions`` so a test can check what Tab would offer.
  public func setCompletions(_ words: [String]) {
    completions = words
  }

  /// Inputs not consumed yet.
  public var remaining: Int { inputs.count - position }
}
