import Foundation
import Testing

/// Escape sequences in a bank or a session file never reach the terminal: `check` rejects
/// them in bank text with a line, and everything printed passes one filter.
@Suite struct ReliabilityEscapeSequenceTests {
  static let attack = #"\e]0;PWN\a\e[2J"#

  static func hasControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F..<0xA0).contains($0.value) }
  }

  @Test func checkRejectsControlCharactersInBankText() throws {
    let bank = try ReliabilityBankNumberTests.bank(
      editing: "QuestionBank/metrics/recommendation-metrics.yaml", replacing: "hints:\n  - ",
      with: "hints:\n  - \"\(Self.attack) retitled\"\n  - ")
    let check = try RehearseBinary.run(["check", "--bank", bank.path])
    #expect(check.status == 1)
    let lines = check.stderr.split(separator: "\n").map(String.init)
    #expect(
      lines.first
        == "QuestionBank/metrics/recommendation-metrics.yaml:13: text holds the control character U+001B ('^[]0;PWN^G^[[2J retitled'); remove it: bank text is printed on terminals"
    )
    #expect(!Self.hasControl(check.stdout + check.stderr))
    let home = try RehearseBinary.temporaryHome()
    let practice = try RehearseBinary.run(
      ["practice", "--bank", bank.path, "--question", "recommendation-metrics"], input: ":hint\n", home: home)
    #expect(practice.status == 1)
    #expect(practice.stderr.hasPrefix("error: \(lines[0])\n"), "\(practice.stderr)")
    #expect(!Self.hasControl(practice.stdout + practice.stderr))
    try? FileManager.default.removeItem(at: home)
  }

  @Test(arguments: ["answers[0].report.band", "answers[0].report.criteria[0].title", "status", "id"])
  func controlCharactersInASessionFileArePrintedInert(field: String) throws {
    let home = try RehearseBinary.temporaryHome()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(
      at: sessions, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let file = sessions.appendingPathComponent("20261101-090000-fol1.json")
    try ReliabilitySessionNumberTests.document(setting: field, to: #""\u001b]0;PWN\u0007\u001b[2J""#).write(to: file)
    for arguments in [
      ["show", "20261101-090000-fol1"], ["history"], ["stats"], ["doctor"], ["calibrate"],
      ["grade", "20261101-090000-fol1", "--mentor", "Ana"], ["export", "--all", "--format", "md"],
    ] {
      let run = try RehearseBinary.run(
        arguments, input: "5\n", home: home, environment: ["REHEARSE_BANK": Reliability.fixtureBank])
      #expect(!Self.hasControl(run.stdout + run.stderr), "\(arguments): \((run.stdout + run.stderr).debugDescription)")
    }
    try? FileManager.default.removeItem(at: home)
  }
}
