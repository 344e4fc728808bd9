import Foundation
import Testing

/// A question bank is shared between people: every number in it is range-checked as the file
/// is read, with its line, and a file that fails is left out of the bank, so neither `check`
/// nor `practice` ever scores or times with it.
@Suite struct ReliabilityBankNumberTests {
  static let goodBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good")

  /// A copy of the good fixture bank with `old` replaced by `new` in `file`.
  static func bank(editing file: String, replacing old: String, with new: String) throws -> URL {
    let root = try RehearseBinary.temporaryHome().appendingPathComponent("bank")
    try FileManager.default.copyItem(at: goodBank, to: root)
    let url = root.appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    let range = try #require(text.range(of: old), "\(old) not in \(file)")
    try text.replacingCharacters(in: range, with: new).write(to: url, atomically: true, encoding: .utf8)
    return root
  }

  struct Case: Sendable, CustomStringConvertible {
    var file: String
    var old: String
    var new: String
    var diagnostic: String
    var description: String { "\(file): \(new)" }
  }

  static let rubric = "Rubrics/metrics/recommendation-metrics.yaml"
  static let cases = [
    Case(
      file: rubric, old: "weight: 10", new: "weight: .inf",
      diagnostic: "\(rubric):8: criterion 'user-value' has weight inf; weights must be at most 1000"),
    Case(
      file: rubric, old: "weight: 10", new: "weight: 1e400",
      diagnostic: "\(rubric):8: criterion 'user-value' has weight inf; weights must be at most 1000"),
    Case(
      file: rubric, old: "weight: 10", new: "weight: .nan",
      diagnostic: "\(rubric):8: criterion 'user-value' has weight nan; weights must be positive"),
    Case(
      file: rubric, old: "penalty: 10", new: "penalty: .inf",
      diagnostic:
        "\(rubric):63: red flag 'accuracy alone' has penalty inf; penalties must be positive and at most 100"),
    Case(
      file: rubric, old: "points: 3", new: "points: .inf",
      diagnostic:
        "\(rubric):72: bonus 'long-term holdback' has inf points; bonus points must be positive and at most 100"),
    Case(
      file: rubric, old: "expect: [75, 100]", new: "expect: [.inf, .inf]",
      diagnostic: "\(rubric):77: example 'strong' has expect [inf, inf]; scores are from 0 to 100, e.g. [75, 100]"),
    Case(
      file: "Rubrics/star-structure.yaml", old: "min: 80", new: "min: 1e308",
      diagnostic:
        "Rubrics/star-structure.yaml:26: band 'interview-ready' has min 1e+308; a band's min is a score from 0 to 100"),
    Case(
      file: "Rubrics/star-structure.yaml", old: "min: 120", new: "min: -1",
      diagnostic: "Rubrics/star-structure.yaml:17: length min is -1 words; give a number of words from 0 to 100000"),
    Case(
      file: "QuestionBank/metrics/recommendation-metrics.yaml", old: "suggestedMinutes: 3",
      new: "suggestedMinutes: 1e308",
      diagnostic:
        "QuestionBank/metrics/recommendation-metrics.yaml:9: suggestedMinutes is 1e+308; give at most 120 minutes"),
  ]

  @Test(arguments: cases)
  func anOutOfRangeNumberIsOneProblemWithItsLine(_ example: Case) throws {
    let bank = try Self.bank(editing: example.file, replacing: example.old, with: example.new)
    let check = try RehearseBinary.run(["check", "--bank", bank.path])
    #expect(check.status == 1)
    let lines = check.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first == example.diagnostic, "\(check.stderr)")
    #expect(lines.count == 2 && lines[1].hasPrefix("error: 1 problem found; "), "\(check.stderr)")

    // Practice and score (by question or rubric) load the same files: the same line, no trap.
    let home = try RehearseBinary.temporaryHome()
    for arguments in [
      ["practice", "--bank", bank.path, "--question", "recommendation-metrics", "--timed"],
      ["score", "--bank", bank.path, "--question", "recommendation-metrics", "-"],
      ["score", "--bank", bank.path, "--rubric", "recommendation-metrics", "-"],
    ] {
      let run = try RehearseBinary.run(arguments, input: "An answer.\n.\n", home: home)
      #expect(run.status == 1, "\(arguments): \(run.status) \(run.stderr)")
      #expect(run.stderr.hasPrefix("error: \(example.diagnostic)\n"), "\(arguments): \(run.stderr)")
    }
    try? FileManager.default.removeItem(at: bank.deletingLastPathComponent())
    try? FileManager.default.removeItem(at: home)
  }
}

/// YAML aliases cannot amplify a bank file or a grading packet: a file holding more values
/// than its text can spell out is refused before anything reads the values.
@Suite struct ReliabilityYAMLAliasTests {
  /// Ten levels of ten aliases each: 10^10 values from a few hundred characters.
  static let laughs: String = {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
      let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      lines.append("a\(level): &a\(level) [\(previous)]")
    }
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test func checkRefusesAnAliasBombInABankFile() throws {
    let rubric = ReliabilityBankNumberTests.rubric
    let bank = try ReliabilityBankNumberTests.bank(
      editing: rubric, replacing: "id: recommendation-metrics\n", with: "id: recommendation-metrics\n" + Self.laughs)
    let size = try Data(contentsOf: bank.appendingPathComponent(rubric)).count
    let started = Date()
    let run = try RehearseBinary.run(["check", "--bank", bank.path])
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix(
        "\(rubric):1: the file holds more values than its \(size) characters can spell out: YAML aliases (*name) expand it; write the values out instead of using anchors and aliases\n"
      ), "\(run.stderr)")
  }

  @Test func gradeRefusesAPacketOfAliases() throws {
    let home = try MentorFlowTests.home()
    let packet = home.appendingPathComponent("packet.yaml")
    let text = "packet: rehearse-grading\n" + Self.laughs
    try text.write(to: packet, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: MentorFlowTests.sessionURL(home))
    let run = try RehearseBinary.run(["grade", MentorFlowTests.sessionId, "--import", packet.path], home: home)
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix(
        "error: \(packet.path):1: the file holds more values than its \(text.utf8.count) characters can spell out: YAML aliases (*name) expand it; write the values out instead of using anchors and aliases\n"
      ), "\(run.stderr)")
    #expect(try Data(contentsOf: MentorFlowTests.sessionURL(home)) == before)
    try? FileManager.default.removeItem(at: home)
  }
}
