import Foundation

/// The folder where Rehearse keeps a person's data: sessions, input history, caches.
///
/// `$REHEARSE_HOME`, else `$XDG_DATA_HOME/rehearse`, else `~/.local/share/rehearse`.
public struct DataHome: Sendable, Equatable {
  /// The data folder itself, standardised (no `..`, no trailing slash).
  public let url: URL

  /// A data home at `url`, used as given (tests pass a temporary folder); use ``resolve(environment:)`` to
  /// find the user's.
  public init(url: URL) {
    self.url = url.standardizedFileURL
  }

  /// The user's data home from `environment`: `REHEARSE_HOME`, else `XDG_DATA_HOME/rehearse`, else
  /// `~/.local/share/rehearse`. Empty variables count as unset; nothing is created.
  public static func resolve(environment: [String: String]) -> DataHome {
    if let home = environment["REHEARSE_HOME"], !home.isEmpty {
      return DataHome(url: URL(fileURLWithPath: home, isDirectory: true))
    }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return DataHome(url: URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("rehearse"))
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return DataHome(url: URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share/rehearse"))
  }

  /// Where session documents live, one `<session-id>.json` each: the source of truth the index is rebuilt
  /// from.
  public var sessionsDirectory: URL { url.appendingPathComponent("sessions", isDirectory: true) }
  /// Where unreadable session files are moved (by `doctor`) so the rest of the store stays usable.
  public var quarantineDirectory: URL { url.appendingPathComponent("quarantine", isDirectory: true) }
  /// Readline input history (what was typed at prompts), separate from session history.
  public var inputHistoryFile: URL { url.appendingPathComponent("input-history") }
}
