import Foundation

/// The folder where Rehearse keeps a person's data: sessions, input history, caches.
///
/// `$REHEARSE_HOME`, else `$XDG_DATA_HOME/rehearse`, else `~/.local/share/rehearse`.
public struct DataHome: Sendable, Equatable {
  public let url: URL

  public init(url: URL) {
    self.url = url.standardizedFileURL
  }

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

  public var sessionsDirectory: URL { url.appendingPathComponent("sessions", isDirectory: true) }
  public var quarantineDirectory: URL { url.appendingPathComponent("quarantine", isDirectory: true) }
  /// Readline input history (what was typed at prompts), separate from session history.
  public var inputHistoryFile: URL { url.appendingPathComponent("input-history") }
}
