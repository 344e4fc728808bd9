/// An error whose text is written for the person at the terminal: what went wrong, where,
/// and how to fix it.
///
/// Adopt it for every error a command can end with. The executable reports all of them in
/// one place, each of ``lines`` as `error: <line>` on stderr, and exits with ``exitCode``;
/// library code only throws.
public protocol UserFacingError: Error, CustomStringConvertible {
  /// The message, one entry per line, without the `error: ` prefix.
  var lines: [String] { get }
  /// The process exit status to end with (1 unless a type says otherwise).
  var exitCode: Int32 { get }
}

extension UserFacingError {
  /// The description, split into lines.
  public var lines: [String] { description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
  /// 1, the status for every failure Rehearse reports.
  public var exitCode: Int32 { 1 }
}
