import Foundation
import Testing

/// `rehearse check PATH` checks the bank PATH is in, not whichever bank would be found
/// otherwise, and a path that is not there is an error.
@Suite struct CheckPathTests {
  static let goodBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good")

  @Test func aPathInACopiedBankChecksThatCopy() throws {
    let root = try RehearseBinary.temporaryHome()
    let copy = root.appendingPathComponent("copy")
    try FileManager.default.copyItem(at: Self.goodBank, to: copy)
    let rubric = copy.appendingPathComponent("Rubrics/metrics/recommendation-metrics.yaml")
    let text = try String(contentsOf: rubric, encoding: .utf8)
    try text.replacingOccurrences(of: "weight: 10", with: "weight: -1").write(
      to: rubric, atomically: true, encoding: .utf8)
    // REHEARSE_BANK points at the bundled bank, which is fine: the path decides.
    let run = try RehearseBinary.run(["check", copy.appendingPathComponent("Rubrics").path])
    #expect(run.status == 1)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(
      lines.first
        == "Rubrics/metrics/recommendation-metrics.yaml:8: criterion 'user-value' has weight -1; weights must be positive"
    )
    #expect(lines.last?.hasPrefix("error: 1 problem found; 1 questions, 1 rubrics, ") == true, "\(run.stderr)")

    let relative = try RehearseBinary.run(["check", "copy/QuestionBank"], currentDirectory: root)
    #expect(relative.status == 0, "\(relative.stderr)")
    #expect(relative.stdout.hasPrefix("ok: 1 questions, 1 rubrics, "), "\(relative.stdout)")
    try? FileManager.default.removeItem(at: root)
  }

  @Test func aMissingPathIsAnError() throws {
    let root = try RehearseBinary.temporaryHome()
    let missing = root.appendingPathComponent("no-such-bank/QuestionBank").path
    let run = try RehearseBinary.run(["check", missing])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "error: \(missing): no such file or folder; give a file or folder of the bank\n")

    let outside = try RehearseBinary.run(["check", root.path])
    #expect(outside.status == 1)
    #expect(
      outside.stderr
        == "error: \(root.path): not inside a question bank (no folder above it holds QuestionBank/bank.yaml and Rubrics/)\n"
    )
    try? FileManager.default.removeItem(at: root)
  }
}

/// One broken shared rubric is reported once, as itself, before anything else.
@Suite struct CheckRootCauseTests {
  @Test func aBrokenSharedRubricIsTheOnlyProblemReported() throws {
    let root = try RehearseBinary.temporaryHome()
    let copy = root.appendingPathComponent("bank")
    try FileManager.default.copyItem(at: CheckPathTests.goodBank, to: copy)
    let shared = copy.appendingPathComponent("Rubrics/star-structure.yaml")
    try (String(contentsOf: shared, encoding: .utf8) + "  bad: [unclosed\n").write(
      to: shared, atomically: true, encoding: .utf8)
    let run = try RehearseBinary.run(["check", "--bank", copy.path])
    #expect(run.status == 1)
    #expect(
      run.stderr == """
        Rubrics/star-structure.yaml:28: invalid YAML: did not find expected '-' indicator (while parsing a block collection that starts at line 20) at column 3; check indentation and quoting
        error: 1 problem found; 1 questions, 1 rubrics, 0/0 examples and model answers in range; the examples and model answers of 2 files were not scored because a rubric they use has the problems above

        """)
    try? FileManager.default.removeItem(at: root)
  }
}
