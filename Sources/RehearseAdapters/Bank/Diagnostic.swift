import RehearseCore

/// A problem in a hand-written file, with where it is and how to fix it.
///
/// Printed as `path:line: message`, the form editors and CI logs turn into links.
public struct Diagnostic: UserFacingError, Equatable, Sendable {
  public var path: String
  public var line: Int?
  public var message: String

  init(path: String, line: Int?, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  public var description: String {
    if let line { return "\(path):\(line): \(message)" }
    return "\(path): \(message)"
  }
}

/// One or more diagnostics, thrown when files cannot be used.
public struct DiagnosticsError: UserFacingError, Sendable {
  public var diagnostics: [Diagnostic]
  init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
  /// One line per diagnostic.
  public var lines: [String] { diagnostics.map(\.description) }
}
