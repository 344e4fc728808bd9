/// What one read from the person at the keyboard produced.
public enum LineInput: Equatable, Sendable {
  /// A line as entered, without its newline. A bracketed paste may hold several lines.
  case line(String)
  /// Ctrl-C on an empty line: the person wants to stop. (Ctrl-C on a line with text only
  /// cancels that line; a reader handles that itself and reads again.)
  case interrupted
  /// Ctrl-D on an empty line, or the end of piped input.
  case endOfInput
}

/// Reads lines for the practice loop.
///
/// The practice loop only sees this protocol; `LineEditor` provides the readline editor for
/// terminals, a plain reader for pipes and a scripted reader for tests.
public protocol LineReading: AnyObject {
  /// Reads one line, showing `prompt` where the reader can (a terminal); plain readers do
  /// not echo prompts.
  func readLine(prompt: String) -> LineInput
  /// Words offered by Tab completion (commands, categories, question ids).
  func setCompletions(_ words: [String])
  /// Whether `readLine(prompt:)` shows the prompt itself (a line editor on a terminal).
  /// When it does not, a caller that wants the prompt seen writes it first.
  var showsPrompts: Bool { get }
}

extension LineReading {
  public func setCompletions(_ words: [String]) {}
  public var showsPrompts: Bool { false }
}

/// Where the practice loop writes what the person reads.
public protocol TextOutput: AnyObject {
  func write(_ text: String)
}

extension TextOutput {
  /// Writes `text` and a newline.
  public func line(_ text: String = "") {
    write(text + "\n")
  }
}
