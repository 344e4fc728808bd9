import CReadline
import Foundation
import RehearseAdapters
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Line editing with GNU readline on a terminal: cursor keys, Up-arrow recall across runs,
/// Ctrl-R search, Tab completion and bracketed paste (a pasted multi-line answer arrives as
/// one line holding newlines).
///
/// A paste holding a newline ends the line at once and is printed below the prompt wrapped
/// by display width (readline garbles redrawing text taller than the screen); with a live
/// prompt (``readLine(prompt:live:)``) the prompt is redrawn as it changes, keeping what is
/// typed, and notices print above the line.
///
/// History is appended to `historyFile` after every entry (blank lines and repeats are
/// skipped), so nothing typed is lost if the process is killed. Ctrl-C on a line with text
/// cancels that line and reads again; Ctrl-C on an empty line returns `.interrupted`.
///
/// Readline is process-global: create one editor per process and use it from one thread.
public final class ReadlineEditor: LineReading {
  private let historyPath: String
  private var historyFileExists: Bool

  init(historyFile: URL, name: String = "rehearse") {
    historyPath = historyFile.path
    rehearse_rl_set_readline_name(strdup(name))
    rehearse_rl_set_completion_function(readlineCompletion)
    rehearse_install_sigint()
    rehearse_rl_prepare()
    using_history()
    stifle_history(1000)
    historyFileExists = FileManager.default.fileExists(atPath: historyPath)
    if historyFileExists { read_history(historyPath) }
  }

  /// Reads one line with readline: editing keys, history (saved to the history file unless blank or a repeat)
  /// and Tab completion; Ctrl-C on an empty line gives `.interrupted`, Ctrl-D `.endOfInput`.
  public func readLine(prompt: String) -> LineInput {
    read(prompt: prompt, live: nil)
  }

  /// Reads like ``readLine(prompt:)`` while redrawing the prompt from `live` about once a second (a
  /// countdown) and printing its notice above the line, without losing typed text.
  public func readLine(prompt: String, live: @escaping () -> LiveStatus) -> LineInput {
    read(prompt: prompt, live: live)
  }

  /// How often a live prompt is asked for its state: often enough that a countdown in whole
  /// seconds never shows a second late by more than a quarter of one.
  private static let tickMilliseconds: Int32 = 250

  private func read(prompt: String, live: (() -> LiveStatus)?) -> LineInput {
    while true {
      var status: Int32 = 0
      var shown = live?().prompt ?? prompt
      shown.withCString { rehearse_read_begin($0) }
      var raw: UnsafeMutablePointer<CChar>?
      while true {
        raw = rehearse_read_step(live == nil ? -1 : Self.tickMilliseconds, &status)
        guard Int(status) == Int(REHEARSE_READ_WAITING), let live else { break }
        let now = live()
        if let notice = now.notice { (terminalSafe(notice) + "\n").withCString { rehearse_print_above($0) } }
        if now.prompt != shown {
          shown = now.prompt
          shown.withCString { rehearse_replace_prompt($0) }
        }
      }
      switch Int(status) {
      case Int(REHEARSE_READ_INTERRUPTED_TEXT):
        continue
      case Int(REHEARSE_READ_INTERRUPTED_EMPTY):
        return .interrupted
      default:
        break
      }
      guard let raw else {
        FileHandle.standardOutput.write(Data("\n".utf8))
        return .endOfInput
      }
      defer { free(raw) }
      var line = String(cString: raw)
      if let pasted = rehearse_take_paste() {
        defer { free(pasted) }
        let text = String(cString: pasted)
        echo(pasted: text)
        line += text
      }
      remember(line)
      return .line(line)
    }
  }

  /// Prints a multi-line paste below the prompt, wrapped at word boundaries by display width
  /// (readline took it out of its buffer: it cannot redraw text taller than the screen).
  private func echo(pasted text: String) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    rl_get_screen_size(&rows, &columns)
    let style = TerminalStyle(color: false, width: columns > 20 ? Int(columns) - 1 : 79)
    let wrapped = style.wrap(inert(text.trimmingCharacters(in: .newlines)))
    let words = text.split(whereSeparator: \.isWhitespace).count
    rehearse_flush_output()
    FileHandle.standardOutput.write(
      Data("\n\(wrapped)\n(pasted \(words) word\(words == 1 ? "" : "s"); go on typing, or '.' to finish)\n".utf8))
  }

  /// Replaces the words Tab completes (commands, categories, question ids); kept sorted for prefix lookup.
  public func setCompletions(_ words: [String]) {
    completionWords.withLock { $0 = words.sorted() }
  }

  /// Always true: readline draws the prompt, so callers must not print it too.
  public var showsPrompts: Bool { true }

  /// Adds a line to the history and the history file, unless it is blank or a repeat.
  private func remember(_ line: String) {
    guard !line.allSatisfy(\.isWhitespace) else { return }
    if let last = rehearse_last_history_line(), String(cString: last) == line { return }
    add_history(line)
    let directory = URL(fileURLWithPath: historyPath).deletingLastPathComponent().path
    if !historyFileExists {
      try? FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      if write_history(historyPath) == 0 {
        historyFileExists = true
        chmod(historyPath, 0o600)
      }
    } else {
      append_history(1, historyPath)
    }
  }
}

/// The words Tab completes. Readline's C callbacks carry no context, so they read this.
private let completionWords = Mutex<[String]>([])

/// Readline's attempted-completion hook: complete from ``completionWords`` only (no file
/// names).
private func readlineCompletion(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rehearse_rl_set_attempted_completion_over(1)
  return rl_completion_matches(text, completionGenerator)
}

/// Readline's generator: called with state 0 first, then repeatedly until it returns nil.
private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  guard let text else { return nil }
  let prefix = String(cString: text)
  return completionWords.withLock { words -> UnsafeMutablePointer<CChar>? in
    let matches = words.filter { $0.hasPrefix(prefix) }
    let index = Int(state)
    guard index < matches.count else { return nil }
    return strdup(matches[index])
  }
}
