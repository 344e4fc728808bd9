import Foundation
import RehearseCore
import Testing

/// Session ids that are paths are refused by every command that takes one, before any file
/// is touched; `$EDITOR` runs without a shell; exports of hostile answers stay inert.
@Suite struct ReliabilityPathInjectionTests {
  static let hostileIds = [
    "../x", "../../../../etc/passwd", "/etc/passwd", "/tmp/evil", "..", ".", "x/../../y", "..%2f..%2fetc",
    "20261101-090000-fol1/../../x", "20261101-090000-FOL1", "a b",
  ]

  static func commands(_ id: String, target: URL) -> [[String]] {
    [
      ["show", id], ["show", id, "--json"],
      ["export", id, "--format", "md", "-o", target.appendingPathComponent("out.md").path],
      ["export", id, "--format", "json", "-o", target.path + "/"], ["grade", id, "--mentor", "Ana"],
      ["practice", "--resume", id],
    ]
  }

  @Test(arguments: hostileIds)
  func pathLikeSessionIdsAreRefusedByEveryCommand(id: String) throws {
    let root = try RehearseBinary.temporaryHome()
    let home = root.appendingPathComponent("home")
    let target = root.appendingPathComponent("exports")
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("sessions"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Reliability.fixtureSessions.appendingPathComponent("20261101-090000-fol1.json"),
      to: home.appendingPathComponent("sessions/20261101-090000-fol1.json"))
    let before = Reliability.snapshot(root)
    for arguments in Self.commands(id, target: target) {
      let run = try RehearseBinary.run(
        arguments, input: "5\n", home: home, environment: ["REHEARSE_BANK": Reliability.fixtureBank])
      #expect(run.status == 1, "\(arguments)")
      #expect(
        run.stderr
          == "error: '\(id)' is not a session id: ids are lower-case letters, digits and dashes, never a path (like 20261121-093000-ab12); run 'rehearse history' to list them\n",
        "\(arguments)")
      #expect(Reliability.snapshot(root) == before, "\(arguments) wrote a file")
      #expect(!FileManager.default.fileExists(atPath: target.path))
    }
    Reliability.report(
      "injection.sessionId: \(id.debugDescription) refusedBy=\(Self.commands(id, target: target).count)/6")
    try? FileManager.default.removeItem(at: root)
  }

  /// A NUL byte cannot reach `rehearse` through argv (execve ends each argument there), so
  /// the NUL case is checked in the store itself (ReliabilitySessionFuzzTests); here the part
  /// before the NUL is all the binary sees and it is only ever looked up as an id.
  @Test func anArgumentCutAtANulIsOnlyAnId() throws {
    let home = try Reliability.home(with: ["20261101-090000-fol1"])
    let run = try RehearseBinary.run(["show", "missing-id"], home: home)
    #expect(run.status == 1)
    #expect(run.stderr == "error: no session 'missing-id'; run 'rehearse history' to list sessions\n")
  }

  static let editorValues = [
    "true; touch MARKER", "sh -c 'touch MARKER'", "$(touch MARKER)", "`touch MARKER`", "true && touch MARKER",
    "true | touch MARKER", "true > MARKER",
  ]

  @Test(arguments: editorValues)
  func editorIsStartedWithoutAShell(editor: String) throws {
    let root = try RehearseBinary.temporaryHome()
    let marker = root.appendingPathComponent("pwned")
    let home = root.appendingPathComponent("home")
    let value = editor.replacingOccurrences(of: "MARKER", with: marker.path)
    // The answer text carries shell metacharacters too; it only ever goes into a file.
    let text = "Latency $(touch \(marker.path)); `touch \(marker.path)` | rm -rf ~ && echo 100 ms"
    let run = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff"], input: "\(text)\n:edit\n.\n.\n", home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank, "EDITOR": value], currentDirectory: root)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: marker.path), "EDITOR=\(value) ran a shell command")
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("MARKER").path))
    let session = try #require(Reliability.sessions(in: home).sessions.first)
    #expect(session.answers.first?.answer.freeText == text)
    Reliability.report(
      "injection.editor: \(editor.debugDescription) sideEffect=\(FileManager.default.fileExists(atPath: marker.path))")
    try? FileManager.default.removeItem(at: root)
  }

  /// Every corpus string typed as an answer, then exported in every format: no terminal
  /// escape reaches the terminal or a file, no tag or formula becomes live.
  @Test func hostileAnswersAreInertOnTheTerminalAndInEveryExport() throws {
    let corpusURL = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/injection-corpus.json")
    let corpus = try JSONSerialization.jsonObject(with: Data(contentsOf: corpusURL))
    let strings = Self.strings(in: corpus).filter { !$0.contains("\n") && !$0.hasPrefix(":") && $0 != "." }
    #expect(strings.count >= 10)
    let home = try Reliability.home()
    let answer = strings.joined(separator: " ")
    let run = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff"], input: "\(answer)\n.\n.\n", home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
    let id = try #require(Reliability.sessionId(in: run.stdout))
    let show = try RehearseBinary.run(["show", id], home: home)
    #expect(!show.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
    var inert = 0
    for format in ["md", "html", "csv"] {
      let export = try RehearseBinary.run(["export", id, "--format", format], home: home)
      #expect(export.status == 0, "\(export.stderr)")
      let text = export.stdout
      var clean = !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }
      switch format {
      case "html": clean = clean && !text.contains("<script") && !text.contains("<img") && !text.contains("<svg onload")
      case "md": clean = clean && !text.contains(" <script") && text.contains("\\<script")
      default: clean = clean && !text.contains(",=") && !text.contains("\n=")
      }
      #expect(clean, "\(format) export is not inert")
      if clean { inert += 1 }
    }
    Reliability.report("injection.exports: corpusStrings=\(strings.count) formatsInert=\(inert)/3 terminalInert=true")
    try? FileManager.default.removeItem(at: home)
  }

  static func strings(in value: Any) -> [String] {
    switch value {
    case let text as String: return [text]
    case let array as [Any]: return array.flatMap { strings(in: $0) }
    case let object as [String: Any]: return object.keys.sorted().flatMap { strings(in: object[$0] as Any) }
    default: return []
    }
  }
}
