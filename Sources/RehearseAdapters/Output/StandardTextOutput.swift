import Foundation

/// Writes practice output straight to standard output (unbuffered, so it interleaves
/// correctly with readline's prompts).
public final class StandardTextOutput: TextOutput {
  public init() {}

  public func write(_ text: String) {
    FileHandle.standardOutput.write(Data(terminalSafe(text).utf8))
  }
}
