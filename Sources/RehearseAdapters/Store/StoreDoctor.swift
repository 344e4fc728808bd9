import Foundation
import RehearseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One problem `rehearse doctor` found, and what `--repair` did about it.
public struct DoctorFinding: Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem, and so what `--repair` does (see each case).
  public enum Kind: String, Sendable {
    /// Does not parse or does not match the schema: quarantined by `--repair`.
    case unreadable
    /// Written by a newer Rehearse: left alone.
    case futureSchema = "future-schema"
    /// Readable but misfiled (name and id disagree, not a session name): left alone.
    case misnamed
    /// Group or others may read it: narrowed to 0600/0700 by `--repair`.
    case permissions
    /// A temporary file left by an interrupted save: quarantined by `--repair`.
    case leftover
    /// A key Rehearse does not know (a typo in a hand edit?): ignored on read and dropped
    /// on the next save, so it is reported; left alone.
    case unknownKey = "unknown-key"
  }

  /// What kind of problem this is; decides whether `--repair` touches the file.
  public var kind: Kind
  /// The file the finding is about.
  public var path: String
  /// What is wrong, naming the file and the position or field.
  public var message: String
  /// What `--repair` did, when it did something.
  public var repair: String?

  /// The message and, after ` → `, what `--repair` did (when it did anything).
  public var description: String { message + (repair.map { " → \($0)" } ?? "") }
}

/// The result of checking every session file.
public struct DoctorReport: Sendable, Equatable {
  /// Files looked at in the sessions folder, readable or not.
  public var filesChecked: Int
  /// Files that decoded as sessions.
  public var sessionsReadable: Int
  /// Every problem found, folder permissions first, then files in name order; empty for a healthy store.
  public var findings: [DoctorFinding]
  /// True when the index was rebuilt (with `--repair`).
  public var indexRebuilt: Bool
}

/// Checks the session store file by file and, with `repair`, fixes what can be fixed
/// without losing anything: unreadable files and interrupted saves move to
/// `<data home>/quarantine/`, permissions narrow to 0600/0700, and the index is rebuilt.
public struct StoreDoctor {
  /// The store to check (and, with `repair`, to fix).
  public let store: SessionStore

  /// A doctor for `store`; nothing is read until ``examine(repair:)``.
  public init(store: SessionStore) {
    self.store = store
  }

  /// Checks every session file; with `repair`, quarantines unreadable files and leftovers, narrows
  /// permissions and rebuilds the index. Without it nothing on disk changes.
  /// \\ - Throws: ``StoreError`` when the data folder cannot be read or a repair cannot be done.
  public func examine(repair: Bool) throws(StoreError) -> DoctorReport {
    let sessions = store.home.sessionsDirectory
    let fileManager = FileManager.default
    guard try SessionStore.directoryExists(sessions) else {
      return DoctorReport(filesChecked: 0, sessionsReadable: 0, findings: [], indexRebuilt: false)
    }
    var findings: [DoctorFinding] = []
    var checked = 0
    var readable = 0
    for directory in [sessions, store.home.quarantineDirectory] {
      if let finding = permissions(of: directory.path, expected: 0o700, repair: repair) { findings.append(finding) }
    }
    let names: [String]
    do {
      names = try fileManager.contentsOfDirectory(atPath: sessions.path).sorted()
    } catch {
      throw .folderUnreadable(path: sessions.path, reason: SessionStore.reason(error))
    }
    for name in names {
      let path = sessions.appendingPathComponent(name).path
      var info = stat()
      guard lstat(path, &info) == 0 else { continue }
      if info.st_mode & S_IFMT == S_IFLNK {
        if name.hasSuffix(".json") { checked += 1 }
        findings.append(
          DoctorFinding(
            kind: .unreadable, path: path, message: StoreError.symbolicLink(path: path).description, repair: nil))
        continue
      }
      guard info.st_mode & S_IFMT == S_IFREG else { continue }
      if name.hasPrefix(".") && name.hasSuffix(".tmp") {
        // A young one belongs to a save in progress that is about to rename it.
        guard Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) >= Self.temporaryFileAge else { continue }
        var finding = DoctorFinding(
          kind: .leftover, path: path, message: "\(path): a temporary file left by an interrupted save", repair: nil)
        if repair { finding.repair = quarantineTemporary(path, name: name) }
        findings.append(finding)
        continue
      }
      if name.hasPrefix(".") && name.hasSuffix(".lock") {
        if let finding = permissions(of: path, expected: 0o600, repair: repair) { findings.append(finding) }
        continue
      }
      guard name.hasSuffix(".json"), !name.hasPrefix(".") else { continue }
      checked += 1
      if let finding = permissions(of: path, expected: 0o600, repair: repair) { findings.append(finding) }
      let id = String(name.dropLast(5))
      guard (try? SessionStore.validate(id: id)) != nil else {
        findings.append(
          DoctorFinding(
            kind: .misnamed, path: path,
            message:
              "\(path): '\(inert(name))' is not a session file name (ids are lower-case letters, digits and dashes); rename it or move it out of the sessions folder"
          ))
        continue
      }
      guard let data = fileManager.contents(atPath: path) else {
        findings.append(
          DoctorFinding(kind: .unreadable, path: path, message: "\(path): cannot be read (permissions?)", repair: nil))
        continue
      }
      do {
        let session = try SessionDecoding.decode(data, path: path)
        do {
          try SessionStore.checkIdentity(of: session, fileId: id, path: path)
          readable += 1
          findings += unknownKeys(in: data, path: path)
        } catch {
          findings.append(DoctorFinding(kind: .misnamed, path: path, message: error.description))
        }
      } catch StoreError.futureSchema(let path, let version, let supported) {
        findings.append(
          DoctorFinding(
            kind: .futureSchema, path: path,
            message: StoreError.futureSchema(path: path, version: version, supported: supported).description
              + "; left as it is"))
      } catch StoreError.unreadable(let path, let reason) {
        var finding = DoctorFinding(kind: .unreadable, path: path, message: "\(path): \(reason)", repair: nil)
        if repair {
          finding.repair =
            (try? store.withLock(id) { quarantine(path, name: name) }) ?? "could not lock the session; left in place"
        }
        findings.append(finding)
      } catch {
        findings.append(DoctorFinding(kind: .unreadable, path: path, message: error.description, repair: nil))
      }
    }
    var rebuilt = false
    if repair {
      try store.index.discard()
      _ = try store.catalog()
      rebuilt = true
    }
    return DoctorReport(filesChecked: checked, sessionsReadable: readable, findings: findings, indexRebuilt: rebuilt)
  }

  private static let sessionKeys: Set<String> = [
    "schemaVersion", "id", "rehearseVersion", "bankVersion", "startedAt", "updatedAt", "endedAt", "status", "mode",
    "settings", "plan", "answers", "grades",
  ]
  private static let settingsKeys: Set<String> = [
    "category", "difficulty", "count", "seed", "timedSeconds", "mentor", "track", "form",
  ]
  private static let answerKeys: Set<String> = [
    "id", "kind", "questionId", "category", "competencies", "prompt", "attempt", "parentId", "followUpCriterion",
    "mode", "form",
    "answer", "skipped", "rubrics", "rubricHash", "bankVersion", "report", "hintsUsed", "rubricShown", "modelRevealed",
    "timeLimitSeconds", "timeUsedSeconds", "startedAt", "answeredAt",
  ]
  private static let answerTextKeys: Set<String> = Set(["text"] + AnswerSection.allCases.map(\.rawValue))
  private static let gradeKeys: Set<String> = [
    "mentor", "answerId", "gradedAt", "criteria", "score", "band", "comment", "source",
  ]
  private static let criterionGradeKeys: Set<String> = ["criterionId", "points", "maxPoints", "comment"]

  /// Keys of a current-schema document that Rehearse would silently drop on its next save.
  private func unknownKeys(in data: Data, path: String) -> [DoctorFinding] {
    guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      top["schemaVersion"] as? Int == Session.currentSchemaVersion
    else { return [] }
    var findings: [DoctorFinding] = []
    func check(_ object: Any?, _ known: Set<String>, at location: String) {
      guard let object = object as? [String: Any] else { return }
      for key in object.keys.sorted() where !known.contains(key) {
        let nearest = known.min { distance($0, key) < distance($1, key) }
        let suggestion = nearest.flatMap { distance($0, key) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
        let place = location.isEmpty ? "" : " in '\(location)'"
        findings.append(
          DoctorFinding(
            kind: .unknownKey, path: path,
            message:
              "\(path): unknown key '\(inert(key))'\(place)\(suggestion); Rehearse ignores it and drops it when it next saves this session"
          ))
      }
    }
    check(top, Self.sessionKeys, at: "")
    check(top["settings"], Self.settingsKeys, at: "settings")
    for (index, answer) in (top["answers"] as? [Any] ?? []).enumerated() {
      check(answer, Self.answerKeys, at: "answers[\(index)]")
      check((answer as? [String: Any])?["answer"], Self.answerTextKeys, at: "answers[\(index)].answer")
    }
    for (index, grade) in (top["grades"] as? [Any] ?? []).enumerated() {
      check(grade, Self.gradeKeys, at: "grades[\(index)]")
      for (criterion, entry) in ((grade as? [String: Any])?["criteria"] as? [Any] ?? []).enumerated() {
        check(entry, Self.criterionGradeKeys, at: "grades[\(index)].criteria[\(criterion)]")
      }
    }
    return findings
  }

  /// Levenshtein distance between two short keys.
  private func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }

  private func permissions(of path: String, expected: mode_t, repair: Bool) -> DoctorFinding? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let mode = info.st_mode & 0o777
    guard mode & 0o077 != 0 else { return nil }
    var finding = DoctorFinding(
      kind: .permissions, path: path,
      message:
        "\(path): permissions are \(String(mode, radix: 8)); others can read your answers (expected \(String(expected, radix: 8)))"
    )
    if repair {
      finding.repair =
        chmod(path, expected) == 0
        ? "set to \(String(expected, radix: 8))" : "could not change: \(String(cString: strerror(errno)))"
    }
    return finding
  }

  /// How old (seconds since its last write) a temporary file must be to count as left over:
  /// a save writes and renames its temporary file within a fraction of a second.
  public static let temporaryFileAge: TimeInterval = 300

  /// Quarantines a leftover temporary file while holding the lock of the file it belongs
  /// to (`.<id>.json.<random>.tmp`), so no save of that file is
  /// under way. One already gone (its save finished, or another doctor moved it) is no failure.
  private func quarantineTemporary(_ path: String, name: String) -> String {
    let stem = String(name.dropFirst())
    func moveIfPresent() -> String {
      var info = stat()
      guard lstat(path, &info) == 0 else { return "already gone (moved by another doctor, or its save finished)" }
      return quarantine(path, name: name)
    }
    if let range = stem.range(of: ".json."), (try? SessionStore.validate(id: String(stem[..<range.lowerBound]))) != nil
    {
      let id = String(stem[..<range.lowerBound])
      return (try? store.withLock(id) { moveIfPresent() }) ?? "could not lock the session; left in place"
    }
    return moveIfPresent()
  }

  /// Moves a file into the quarantine folder under a name not yet taken; never deletes.
  private func quarantine(_ path: String, name: String) -> String {
    let folder = store.home.quarantineDirectory
    do throws(StoreError) {
      try SessionStore.makePrivateDirectory(folder, enforce: true)
    } catch {
      return "not moved: \(error.description)"
    }
    let base = name.hasPrefix(".") ? String(name.dropFirst()) : name
    var destination = folder.appendingPathComponent(base).path
    var suffix = 1
    // link() never replaces a file another doctor just quarantined under the same name.
    while link(path, destination) != 0 {
      switch errno {
      case EEXIST:
        destination = folder.appendingPathComponent("\(name).\(suffix)").path
        suffix += 1
      case ENOENT:
        return "already gone (moved by another doctor, or its save finished)"
      default:
        return "not moved: "
          + StoreError.moveFailed(path: path, destination: destination, reason: String(cString: strerror(errno)))
          .description
      }
    }
    unlink(path)
    return "moved to \(destination)"
  }
}
