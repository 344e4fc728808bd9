import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// Mutated valid session files through the store's decoding: never a crash, and every error
/// names the file and where: `line L, column C` for a syntax error, the field path
/// (`'answers[1].timeUsedSeconds'`) for a wrong type or a missing field.
///
/// CI decodes `REHEARSE_SESSION_FUZZ_COUNT` documents (default 400, about 20 s in a debug build);
/// `scripts/reliability.sh` runs 10,000.
@Suite struct ReliabilitySessionFuzzTests {
  static let count = ProcessInfo.processInfo.environment["REHEARSE_SESSION_FUZZ_COUNT"].flatMap(Int.init) ?? 400
  static let folder = BundledBank.root.appendingPathComponent("Tests/Fixtures/sessions")

  static let seeds: [(id: String, data: Data)] = {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".json")
    }
    return names.sorted().compactMap { name in
      FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map {
        (String(name.dropLast(5)), $0)
      }
    }
  }()

  static let fragments: [[UInt8]] =
    [
      "\"", "{", "}", "[", "]", ",", ":", "null", "true", "1e999", "-", "\"x\"", "\\u0000", "\\", "\\ud800", "NaN",
      "0x1", "\"answers\": 3", "{\"a\":", "\u{1B}[31m", "é", "\t", "\n", "//", "[[[[[[[[", "\"schemaVersion\": 9,",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0x00]]

  /// Replacements for a whole JSON value, to produce type errors in otherwise valid JSON.
  static let values = ["null", "\"text\"", "12", "-1", "true", "[]", "{}", "\"2026-13-45T99:00:00Z\"", "1.5", "[1]"]

  /// A mutation of a valid document: a value of another type, deleted, duplicated or
  /// swapped lines, an inserted fragment, a flipped byte, or the file cut short.
  static func mutate(_ data: Data, _ random: inout SeededGenerator) -> Data {
    var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    for _ in 0..<(1 + Int(random.next() % 2)) {
      guard !lines.isEmpty else { break }
      let index = Int(random.next() % UInt64(lines.count))
      switch random.next() % 8 {
      case 0, 1:
        // `"key": value,` → `"key": <other value>,`
        let line = lines[index]
        if let colon = line.firstIndex(of: 0x3A), colon + 2 <= line.count {
          let trailingComma = line.last == 0x2C
          let value = values[Int(random.next() % UInt64(values.count))]
          lines[index] = Array(line[...colon]) + Array(" \(value)".utf8) + (trailingComma ? [0x2C] : [])
        }
      case 2: lines.remove(at: index)
      case 3: lines.insert(lines[index], at: index)
      case 4: lines.swapAt(index, Int(random.next() % UInt64(lines.count)))
      case 5:
        let fragment = fragments[Int(random.next() % UInt64(fragments.count))]
        let at = lines[index].isEmpty ? 0 : Int(random.next() % UInt64(lines[index].count))
        lines[index].insert(contentsOf: fragment, at: at)
      case 6:
        if !lines[index].isEmpty {
          lines[index][Int(random.next() % UInt64(lines[index].count))] = UInt8(truncatingIfNeeded: random.next())
        }
      default:
        let joined = Array(lines.joined(separator: [0x0A]))
        let cut = Int(random.next() % UInt64(max(joined.count, 1)))
        return Data(joined.prefix(cut))
      }
    }
    return Data(lines.joined(separator: [0x0A]))
  }

  /// Whether `message` says where the problem is.
  static func namesThePosition(_ message: String) -> Bool {
    message.range(of: #"line \d+, column \d+"#, options: .regularExpression) != nil
      || message.range(of: #"'[A-Za-z][A-Za-z0-9_.\[\]]*'"#, options: .regularExpression) != nil
      || message.contains("the file is empty")
  }

  @Test func mutatedSessionFilesNeverCrashAndErrorsNameFileAndPosition() throws {
    #expect(Self.seeds.count >= 3)
    var random = SeededGenerator(seed: 1_122)
    var accepted = 0
    var rejected = 0
    var syntax = 0
    var withoutPosition: [String] = []
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rehearse-session-fuzz-\(UUID().uuidString)")
    let store = SessionStore(home: DataHome(url: home), durable: false)
    try store.prepare()
    defer { try? FileManager.default.removeItem(at: home) }
    for round in 0..<Self.count {
      let seed = Self.seeds[round % Self.seeds.count]
      let data = Self.mutate(seed.data, &random)
      let path = store.url(for: seed.id).path
      do {
        // Every 20th document goes through the store's own load, from a file.
        if round % 20 == 0 {
          try data.write(to: store.url(for: seed.id))
          _ = try store.load(id: seed.id)
        } else {
          _ = try SessionDecoding.decode(data, path: path)
        }
        accepted += 1
      } catch let error as StoreError {
        rejected += 1
        if (try? JSONSerialization.jsonObject(with: data)) == nil { syntax += 1 }
        #expect(error.description.hasPrefix(path + ": "), "\(error)")
        switch error {
        case .unreadable(let named, let reason):
          #expect(named == path)
          if !Self.namesThePosition(reason) { withoutPosition.append(reason) }
        case .futureSchema(let named, _, _):
          #expect(named == path)
        case .mismatchedId(let named, _, _):
          // A mutation inside the id: the message names both ids and how to fix either.
          #expect(named == path)
        default:
          Issue.record("unexpected error \(error)")
        }
      }
    }
    #expect(withoutPosition.isEmpty, "errors without a position: \(withoutPosition.prefix(5))")
    #expect(rejected > Self.count / 3, "the mutations should break many files")
    FuzzReport.append(
      "fuzz.sessionJSON: documents=\(Self.count) accepted=\(accepted) rejected=\(rejected) syntaxErrors=\(syntax) errorsWithoutFileOrPosition=\(withoutPosition.count)"
    )
  }

  /// NUL bytes, separators and dot segments in ids never reach the file system.
  @Test(arguments: ["a\u{0}b", "20261121-093000-ab12\u{0}/../../x", "../x", "/etc/passwd", "..", "x/y", "\u{0}"])
  func idsThatArePathsAreRefusedByTheStore(id: String) throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-id-\(UUID().uuidString)")
    let store = SessionStore(home: DataHome(url: home))
    #expect(throws: StoreError.invalidId(id)) { try store.load(id: id) }
    #expect(throws: StoreError.invalidId(id)) { try store.update(id: id, now: Date()) { _ in } }
    #expect(!FileManager.default.fileExists(atPath: home.path))
  }
}

/// Appends figures for `scripts/reliability.sh` to `$REHEARSE_RELIABILITY_REPORT`.
enum FuzzReport {
  static func append(_ line: String) {
    guard let path = ProcessInfo.processInfo.environment["REHEARSE_RELIABILITY_REPORT"] else { return }
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
  }
}
