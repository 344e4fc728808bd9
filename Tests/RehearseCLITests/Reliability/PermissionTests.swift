import Foundation
import RehearseCore
import Testing

/// Every file Rehearse writes is readable only by its owner (0600) and every folder it
/// creates is private (0700), after practice, mentor grading and export.
@Suite struct ReliabilityPermissionTests {
  /// Files and folders under `root` whose mode is not 0600 (files) or 0700 (folders).
  static func wider(under root: URL) -> [String] {
    var problems: [String] = []
    var info = stat()
    if stat(root.path, &info) == 0, info.st_mode & 0o777 != 0o700 {
      problems.append(". \(String(info.st_mode & 0o777, radix: 8))")
    }
    let walker = FileManager.default.enumerator(atPath: root.path)
    while let relative = walker?.nextObject() as? String {
      guard lstat(root.appendingPathComponent(relative).path, &info) == 0 else { continue }
      let isDirectory = info.st_mode & S_IFMT == S_IFDIR
      let mode = info.st_mode & 0o777
      if mode != (isDirectory ? 0o700 : 0o600) { problems.append("\(relative) \(String(mode, radix: 8))") }
    }
    return problems
  }

  @Test func dataFilesAre0600AndFolders0700AfterPracticeGradingAndExport() throws {
    let root = try RehearseBinary.temporaryHome()
    // Rehearse creates the data home itself, as on a first run.
    let home = root.appendingPathComponent("data/rehearse")
    let env = ["REHEARSE_BANK": Reliability.fixtureBank]
    var checked: [String: Int] = [:]

    let practice = try RehearseBinary.run(
      Reliability.practiceArguments(), input: Reliability.practiceInput([1, 2], tag: "perm"), home: home,
      environment: env)
    #expect(practice.status == 0, "\(practice.stderr)")
    let id = try #require(Reliability.sessionId(in: practice.stdout))
    #expect(Self.wider(under: home) == [])
    checked["practice"] = Reliability.snapshot(home).count

    let grade = try RehearseBinary.run(
      ["grade", id, "--mentor", "Ana"], input: Reliability.gradingInput(answers: 4), home: home, environment: env)
    #expect(grade.status == 0, "\(grade.stderr)")
    #expect(grade.stdout.contains("Saved: Ana"))
    #expect(Self.wider(under: home) == [])
    checked["grade"] = Reliability.snapshot(home).count

    let exports = root.appendingPathComponent("exports")
    for format in ["md", "html", "json", "csv", "packet"] {
      let run = try RehearseBinary.run(
        ["export", id, "--format", format, "-o", exports.appendingPathComponent("nested/session.\(format)").path],
        home: home, environment: env)
      #expect(run.status == 0, "\(run.stderr)")
    }
    #expect(Self.wider(under: exports) == [])
    #expect(Self.wider(under: home) == [])
    checked["export"] = Reliability.snapshot(exports).count
    #expect(checked["export"] == 5)

    Reliability.report(
      "permissions: filesChecked practice=\(checked["practice"] ?? 0) grade=\(checked["grade"] ?? 0) export=\(checked["export"] ?? 0) wider=\(Self.wider(under: home).count + Self.wider(under: exports).count)"
    )
    try? FileManager.default.removeItem(at: root)
  }
}
