import Foundation
import Testing

/// Session files are shared between candidates and mentors, so what is inside them is
/// untrusted: the `id` inside a file never chooses a path and never reaches the terminal raw.
@Suite struct ReliabilityUntrustedSessionTests {
  static let fileId = "20261101-000000-aaaa"

  /// A data home holding the fixture session `20261101-090000-fol1` and a copy of it at
  /// `sessions/20261101-000000-aaaa.json` whose inner id is `innerId`.
  static func home(innerId: String) throws -> (root: URL, home: URL) {
    let root = try RehearseBinary.temporaryHome()
    let home = root.appendingPathComponent("home")
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
    let fixture = Reliability.fixtureSessions.appendingPathComponent("20261101-090000-fol1.json")
    try FileManager.default.copyItem(at: fixture, to: sessions.appendingPathComponent("20261101-090000-fol1.json"))
    var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
    object["id"] = innerId
    try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
      .write(to: sessions.appendingPathComponent("\(fileId).json"))
    return (root, home)
  }

  static let hostileInnerIds = [
    "../../escaped", "../../../../tmp/x/escaped", "/tmp/escaped", "x\u{1B}]0;PWN\u{07}", "a\nb", "20261101-090000-fol1",
  ]

  static func expectedError(_ home: URL, innerId: String) -> String {
    let path = home.appendingPathComponent("sessions/\(fileId).json").path
    let shown = innerId.replacingOccurrences(of: "\u{1B}", with: "^[").replacingOccurrences(of: "\u{07}", with: "^G")
      .replacingOccurrences(of: "\n", with: "^J")
    if innerId == "20261101-090000-fol1" {
      return
        "\(path): the session inside has id '\(shown)'; rename the file to \(shown).json or set 'id' to '\(fileId)'"
    }
    return
      "\(path): 'id' is '\(shown)', which is not a session id (lower-case letters, digits and dashes, never a path); set it to '\(fileId)', the file's name"
  }

  @Test(arguments: hostileInnerIds)
  func anInnerIdThatIsNotTheFileNameIsRefusedAndWritesNothing(innerId: String) throws {
    let (root, home) = try Self.home(innerId: innerId)
    let out = root.appendingPathComponent("out/a/b")
    let expected = Self.expectedError(home, innerId: innerId)
    let before = Reliability.snapshot(root)
    for arguments in [
      ["show", Self.fileId], ["show", Self.fileId, "--json"],
      ["export", Self.fileId, "--format", "html", "-o", out.path + "/"],
      ["export", Self.fileId, "--format", "md", "-o", root.appendingPathComponent("one.md").path],
      ["grade", Self.fileId, "--mentor", "Ana"], ["practice", "--resume", Self.fileId],
    ] {
      let run = try RehearseBinary.run(
        arguments, input: "5\n", home: home, environment: ["REHEARSE_BANK": Reliability.fixtureBank])
      #expect(run.status == 1, "\(arguments)")
      #expect(run.stderr == "error: \(expected)\n", "\(arguments)")
      #expect(Reliability.snapshot(root) == before, "\(arguments) wrote a file")
    }

    // --all exports the good session only, inside the folder, and says why the other was skipped.
    let all = try RehearseBinary.run(["export", "--all", "--format", "html", "-o", out.path + "/"], home: home)
    #expect(all.status == 0, "\(all.stderr)")
    #expect(
      all.stderr
        == "warning: \(expected); skipped\nwrote \(out.path)/20261101-090000-fol1.html\n")
    let written = Set(Reliability.snapshot(root).keys).subtracting(before.keys)
    #expect(written == ["out/a/b/20261101-090000-fol1.html"])

    // history and doctor name the file and the problem; neither prints the raw id.
    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.stderr.contains(expected), "\(history.stderr)")
    #expect(!history.stdout.contains("escaped") && !history.stdout.unicodeScalars.contains { $0.value == 0x1B })
    let doctor = try RehearseBinary.run(["doctor"], home: home)
    #expect(doctor.status == 1, "\(doctor.stdout)\(doctor.stderr)")
    #expect((doctor.stdout + doctor.stderr).contains(expected), "\(doctor.stdout)\(doctor.stderr)")
    try? FileManager.default.removeItem(at: root)
  }
}

/// Every number in a session file is range-checked when it is read: `1e308` in a score or a
/// duration is an error naming the field, in every command that reads sessions, never a trap.
@Suite struct ReliabilitySessionNumberTests {
  struct Case: Sendable, CustomStringConvertible {
    var field: String
    var value: String
    var message: String
    var description: String { "\(field)=\(value)" }
  }

  static let cases = [
    Case(
      field: "answers[0].report.score", value: "1e308",
      message: "'answers[0].report.score' is 1e+308; it must be a number from 0 to 100"),
    Case(
      field: "answers[0].report.score", value: "-1e308",
      message: "'answers[0].report.score' is -1e+308; it must be a number from 0 to 100"),
    Case(
      field: "answers[1].timeUsedSeconds", value: "1e308",
      message: "'answers[1].timeUsedSeconds' is 1e+308; it must be a number from 0 to 31536000"),
    Case(
      field: "answers[0].report.criteria[0].points", value: "-0.5",
      message: "'answers[0].report.criteria[0].points' is -0.5; it must be a number from 0 to 100"),
    Case(
      field: "answers[0].attempt", value: "9223372036854775807",
      message: "'answers[0].attempt' is 9223372036854775807; it must be a whole number from 1 to 10000"),
    Case(
      field: "grades",
      value:
        "[{\"mentor\":\"Ana\",\"answerId\":\"a1\",\"gradedAt\":\"2026-11-02T10:00:00Z\",\"criteria\":[],\"score\":1e308,\"source\":\"packet\"}]",
      message: "'grades[0].score' is 1e+308; it must be a number from 0 to 100"),
  ]

  /// The fixture session with `field` (a dotted path with `[n]` indexes) set to the JSON `value`.
  static func document(setting field: String, to value: String) throws -> Data {
    let fixture = Reliability.fixtureSessions.appendingPathComponent("20261101-090000-fol1.json")
    let text = try String(contentsOf: fixture, encoding: .utf8)
    let marker = "__number__"
    var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    func set(_ container: Any, _ path: ArraySlice<String>) -> Any {
      guard let head = path.first else { return marker }
      if let open = head.firstIndex(of: "["), var dictionary = container as? [String: Any] {
        let key = String(head[..<open])
        let index = Int(head[head.index(after: open)..<head.index(before: head.endIndex)]) ?? 0
        var array = dictionary[key] as? [Any] ?? []
        array[index] = set(array[index], path.dropFirst())
        dictionary[key] = array
        return dictionary
      }
      var dictionary = container as? [String: Any] ?? [:]
      dictionary[head] = set(dictionary[head] as Any, path.dropFirst())
      return dictionary
    }
    object = set(object, field.split(separator: ".").map(String.init)[...]) as? [String: Any] ?? object
    let encoded = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    return Data(String(decoding: encoded, as: UTF8.self).replacingOccurrences(of: "\"\(marker)\"", with: value).utf8)
  }

  @Test(arguments: cases)
  func anOutOfRangeNumberIsAnErrorNamingItsFieldInEveryCommand(_ example: Case) throws {
    let home = try RehearseBinary.temporaryHome()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(
      at: sessions, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let file = sessions.appendingPathComponent("20261101-090000-fol1.json")
    try Self.document(setting: example.field, to: example.value).write(to: file)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    let expected =
      "\(file.path): \(example.message); the file was left untouched (run 'rehearse doctor' to inspect it)"
    let environment = ["REHEARSE_BANK": Reliability.fixtureBank]
    for arguments in [
      ["show", "20261101-090000-fol1"], ["export", "20261101-090000-fol1", "--format", "html"],
      ["practice", "--resume", "20261101-090000-fol1"],
    ] {
      let run = try RehearseBinary.run(arguments, home: home, environment: environment)
      #expect(run.status == 1, "\(arguments)")
      #expect(run.stderr == "error: \(expected)\n", "\(arguments)")
    }
    for arguments in [["history"], ["stats"], ["plan"], ["export", "--all", "--format", "md"]] {
      let run = try RehearseBinary.run(arguments, home: home, environment: environment)
      #expect(run.status == 0 || run.status == 1, "\(arguments) crashed: \(run.status)")
      #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
    }
    let doctor = try RehearseBinary.run(["doctor"], home: home)
    #expect(doctor.status == 1)
    #expect(doctor.stdout.hasPrefix("\(file.path): \(example.message)\n"), "\(doctor.stdout)")
    try? FileManager.default.removeItem(at: home)
  }
}

/// Errors that used to come without a position: a bad `\u` escape and too deep nesting in a
/// session file, invalid UTF-8 in a bank file.
@Suite struct ReliabilityPositionTests {
  static let fixture = Reliability.fixtureSessions.appendingPathComponent("20261101-090000-fol1.json")

  @Test(arguments: [
    (
      #""category" : "success-metrics""#, #""category" : "succ\u12G4ess""#,
      "not valid JSON at line 13, column 25: a \\u escape needs four hex digits (0-9, a-f)"
    ),
    (
      #""mode" : "star""#, "\"mode\" : " + String(repeating: "[", count: 1_200) + String(repeating: "]", count: 1_200),
      "nest too deeply"
    ),
  ])
  func aSessionSyntaxErrorHasALineAndColumn(old: String, new: String, message: String) throws {
    let home = try RehearseBinary.temporaryHome()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
    let text = try String(contentsOf: Self.fixture, encoding: .utf8)
    let range = try #require(text.range(of: old))
    let file = sessions.appendingPathComponent("20261101-090000-fol1.json")
    try text.replacingCharacters(in: range, with: new).write(to: file, atomically: true, encoding: .utf8)
    let run = try RehearseBinary.run(["show", "20261101-090000-fol1"], home: home)
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: \(file.path): not valid JSON at line "), "\(run.stderr)")
    #expect(run.stderr.contains(message), "\(run.stderr)")
    try? FileManager.default.removeItem(at: home)
  }

  @Test func invalidUTF8InABankFileHasALine() throws {
    let bank = try ReliabilityBankNumberTests.bank(
      editing: ReliabilityBankNumberTests.rubric, replacing: "title: Success", with: "title: Succ\u{E9}ss")
    let url = bank.appendingPathComponent(ReliabilityBankNumberTests.rubric)
    var bytes = [UInt8](try Data(contentsOf: url))
    // é as Latin-1 (one byte 0xE9), which is not UTF-8.
    if let index = bytes.indices.first(where: { bytes[$0] == 0xC3 && bytes[$0 + 1] == 0xA9 }) {
      bytes.replaceSubrange(index...(index + 1), with: [0xE9])
    }
    try Data(bytes).write(to: url)
    let run = try RehearseBinary.run(["check", "--bank", bank.path])
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix(
        "\(ReliabilityBankNumberTests.rubric):3: not valid UTF-8 at column 12; save the file as UTF-8\n"),
      "\(run.stderr)")
  }
}
