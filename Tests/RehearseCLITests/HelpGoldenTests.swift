import Foundation
import Testing

/// The whole `--help` text of the root command and every subcommand, compared exactly with
/// `Tests/Fixtures/golden/help/<command>.txt`, so a change in help text is a reviewed diff.
/// Regenerate with `REHEARSE_UPDATE_GOLDEN=1 swift test --filter HelpGoldenTests`.
struct HelpGoldenTests {
  static let commands: [[String]] = [
    [], ["practice"], ["history"], ["show"], ["stats"], ["plan"], ["score"], ["check"], ["questions"], ["rubric"],
    ["rubric", "draft"], ["rubric", "gaps"], ["grade"], ["calibrate"], ["export"], ["doctor"],
  ]

  static let goldenDirectory = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/golden/help")

  @Test(arguments: commands)
  func helpMatchesItsGoldenFile(command: [String]) throws {
    let run = try RehearseBinary.run(command + ["--help"], environment: ["COLUMNS": "80"])
    #expect(run.status == 0, "\(run.stderr)")
    let name = (command.isEmpty ? ["rehearse"] : command).joined(separator: "-") + ".txt"
    let url = Self.goldenDirectory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["REHEARSE_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
      try Data(run.stdout.utf8).write(to: url)
      return
    }
    let expected = try #require(
      try? String(contentsOf: url, encoding: .utf8),
      "missing \(url.path); run the tests once with REHEARSE_UPDATE_GOLDEN=1")
    let expectedLines = expected.components(separatedBy: "\n")
    let actualLines = run.stdout.components(separatedBy: "\n")
    let first =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    let shown = { (lines: [String]) in first < lines.count ? lines[first] : "<end of file>" }
    #expect(
      run.stdout == expected,
      "\(name) differs from the golden file at line \(first + 1):\n  expected: \(shown(expectedLines))\n  actual:   \(shown(actualLines))\nIf the change is intended, rerun with REHEARSE_UPDATE_GOLDEN=1 and review the diff."
    )
  }

  /// `rehearse help X` prints the same text as `rehearse X --help`.
  @Test func helpSubcommandPrintsTheSameText() throws {
    let viaHelp = try RehearseBinary.run(["help", "export"], environment: ["COLUMNS": "80"])
    let viaFlag = try RehearseBinary.run(["export", "--help"], environment: ["COLUMNS": "80"])
    #expect(viaHelp.stdout == viaFlag.stdout)
  }
}
