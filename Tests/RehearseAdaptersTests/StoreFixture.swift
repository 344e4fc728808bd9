import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore

#if canImport(Glibc)
  import Glibc
#endif

/// Temporary stores and sessions with real score reports from the bundled bank.
enum StoreFixture {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Reports scored by the real scorer: the model answer, half of it, and a weak answer.
  static let templates: [ScoreReport] = {
    guard let bank = try? BankLoader.load(from: BankSource(root: repositoryRoot)),
      let reports = try? SyntheticSessions.templates(from: bank)
    else { return [] }
    return reports
  }()

  static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

  static func generator(templates: [ScoreReport] = templates) -> SyntheticSessions {
    SyntheticSessions(
      templates: templates, categories: ["success-metrics", "tradeoffs", "leadership"],
      competencies: ["metrics", "experimentation", "communication"], start: start)
  }

  /// A store in a fresh temporary data home.
  static func store(durable: Bool = true) throws -> SessionStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-store-\(UUID().uuidString)")
    return SessionStore(home: DataHome(url: url), durable: durable)
  }

  static func mode(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o777
  }

  static func inode(_ path: String) -> UInt64 {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return UInt64(info.st_ino)
  }

  static func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
  }
}
