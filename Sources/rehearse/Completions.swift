import ArgumentParser
import Foundation
import RehearseAdapters

/// Shell completion with real values (`rehearse --generate-completion-script bash|zsh|fish`):
/// question ids, categories and tracks from the bank, session ids from the data home. Each closure
/// runs in a `rehearse ---completion …` process the shell starts on Tab, so it only lists
/// file names (no bank or session file is parsed).
enum Completions {
  static let questionIds = CompletionKind.custom { _, _, prefix in
    matching(prefix, locatedBank().map { BankLoader.index(of: $0).map(\.id) } ?? [])
  }

  static let categories = CompletionKind.custom { _, _, prefix in
    matching(prefix, locatedBank().map { BankLoader.index(of: $0).map(\.category) } ?? [])
  }

  static let sessionIds = CompletionKind.custom { _, _, prefix in
    matching(prefix, openStore().ids() + ["last"])
  }

  /// Track ids from the bank's manifest (one small file).
  static let trackIds = CompletionKind.custom { _, _, prefix in
    matching(prefix, locatedBank().flatMap { try? BankLoader.manifest(of: $0).tracks.map(\.id) } ?? [])
  }

  private static func matching(_ prefix: String, _ words: [String]) -> [String] {
    Array(Set(words.filter { $0.hasPrefix(prefix) })).sorted()
  }
}

/// The bank found the way commands find it without `--bank` (`$REHEARSE_BANK`, the current
/// folder, the checkout the binary was built in), or nil.
func locatedBank() -> BankSource? {
  try? BankSource.locate(
    explicit: nil, environment: ProcessInfo.processInfo.environment,
    executablePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "",
    currentDirectory: FileManager.default.currentDirectoryPath)
}
