import RehearseCore

/// A problem in a hand-written file, with where it is and how to fix it.
///
/// Printed as `path:line: message`, the form editors and CI logs turn into links.
public struct Diagnostic: UserFacingError, Equatable, Sendable {
  /// The file, as shown to the user (`Rubrics/metrics.yaml`).
  public var path: String
  /// 1-based line, when the problem has one.
  public var line: Int?
  /// What is wrong and how to fix it, lower-case (`criterion 'x' has weight -1; weights must be positive`).
  public var message: String

  init(path: String, line: Int?, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  /// `path:line: message`, or `path: message` without a line.
  public var description: String {
    if let line { return "\(path):\(line): \(message)" }
    return "\(path): \(message)"
  }
}

/// One or more diagnostics, thrown when files cannot be used.
public struct DiagnosticsError: UserFacingError, Sendable {
  /// Every problem found, in file order; never empty when thrown.
  public var diagnostics: [Diagnostic]
  init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  /// All diagnostics, one per line.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
  /// One line per diagnostic.
  public var lines: [String] { diagnostics.map(\.description) }
}
