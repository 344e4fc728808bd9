import Foundation

/// Writes practice output straight to standard output (unbuffered, so it interleaves
/// correctly with readline's prompts).
public final class StandardTextOutput: TextOutput {
  /// Output to standard output; there is one stdout, so create it once.
  public init() {}

  /// Writes `text` to standard output at once (unbuffered), with control characters shown as text
  /// (``terminalSafe(_:)``).
  public func write(_ text: String) {
    FileHandle.standardOutput.write(Data(terminalSafe(text).utf8))
  }
}
