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
  /// Reads one line like ``readLine(prompt:)``, asking `live` about once a second while the
  /// person types: a reader on a terminal redraws the prompt it returns (a countdown) and
  /// prints its notice above the line being typed, keeping every typed character. Readers
  /// that do not show prompts (``showsPrompts`` is false) read with `live`'s first prompt
  /// and never print notices: the caller prints them before reading.
  func readLine(prompt: String, live: @escaping () -> LiveStatus) -> LineInput
  /// Words offered by Tab completion (commands, categories, question ids).
  func setCompletions(_ words: [String])
  /// Whether `readLine(prompt:)` shows the prompt itself (a line editor on a terminal).
  /// When it does not, a caller that wants the prompt seen writes it first.
  var showsPrompts: Bool { get }
}

extension LineReading {
  /// Offers no completions: readers without Tab completion ignore the words.
  public func setCompletions(_ words: [String]) {}
  /// False: a reader shows no prompt unless it says otherwise.
  public var showsPrompts: Bool { false }
  /// Reads with the prompt given, ignoring `live`: for readers that cannot redraw a prompt while the person
  /// types.
  public func readLine(prompt: String, live: @escaping () -> LiveStatus) -> LineInput {
    readLine(prompt: prompt)
  }
}

/// What a reader shows while it waits for a line (see
/// ``LineReading/readLine(prompt:live:)``).
public struct LiveStatus: Equatable, Sendable {
  /// The prompt as it should look now (`[1:59] action> `).
  public var prompt: String
  /// A line to print once, above the line being typed (`Time is up …`), or nil.
  public var notice: String?

  init(prompt: String, notice: String? = nil) {
    self.prompt = prompt
    self.notice = notice
  }
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
