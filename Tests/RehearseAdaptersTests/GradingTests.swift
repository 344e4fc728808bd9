import Foundation
import LineEditor
import RehearseCore
import Testing

@testable import RehearseAdapters

/// Fills every `points:` field of a packet with `fraction` of its max.
func fill(_ packet: String, fraction: Double, mentor: String? = nil) -> String {
  var lines: [String] = []
  for line in packet.components(separatedBy: "\n") {
    if let range = line.range(of: "points:       # 0 to ") {
      let max = Double(line[range.upperBound...]) ?? 0
      lines.append(line[..<range.lowerBound] + "points: \(format((max * fraction * 2).rounded() / 2))")
    } else if let mentor, line == "mentor: \"\"" {
      lines.append("mentor: \"\(mentor)\"")
    } else {
      lines.append(line)
    }
  }
  return lines.joined(separator: "\n")
}

/// The 1-based line of the first line containing `needle` after the line containing `after`.
func line(of needle: String, after: String? = nil, in text: String) -> Int? {
  let lines = text.components(separatedBy: "\n")
  let start = after.flatMap { marker in lines.firstIndex { $0.contains(marker) } } ?? 0
  return lines[start...].firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

@Suite struct PacketImportTests {
  let session = Fixtures.withFollowUps
  var packet: String { GradingPacket().yaml(for: session, bands: { _ in Band.standard }) }
  var importer: PacketImport { PacketImport(session: session, bands: { _ in Band.standard }) }
  let now = Fixtures.date("2026-11-20T08:00:00Z")

  func problems(_ text: String, mentor: String? = "Bo") -> [Diagnostic] {
    do {
      _ = try importer.grades(from: text, path: "p.yaml", mentor: mentor, now: now)
      return []
    } catch {
      return error.diagnostics
    }
  }

  @Test func aFilledPacketBecomesGrades() throws {
    let result = try importer.grades(
      from: fill(packet, fraction: 0.5, mentor: "Bo"), path: "p.yaml", mentor: nil, now: now)
    #expect(result.mentor == "Bo")
    #expect(result.grades.map(\.answerId) == ["a1", "a2"])
    let first = try #require(result.grades.first)
    #expect(first.source == .packet)
    #expect(first.gradedAt == now)
    #expect(first.criteria.count == session.answers[0].report?.criteria.count)
    #expect(first.score == first.criteria.reduce(0) { $0 + $1.points })
    #expect(first.band == MentorName.band(for: first.score, in: Band.standard))
  }

  /// Issue 14, item 10: a packet asks for a follow-up's grade on the criteria `grade` asks
  /// for (the one it probes), and the import scores it as `grade` does: their share of points.
  @Test func aFollowUpIsGradedOnTheCriterionItProbes() throws {
    let followUp = try #require(packet.range(of: "  - id: \"a2\""))
    let listed = packet[followUp.lowerBound...].matches(of: #/\n      - id: "([a-z-]+)"/#).map { String($0.output.1) }
    #expect(listed == ["guardrails"])
    let interactive = GradedCriteria.toGrade(session.answers[1], report: try #require(session.answers[1].report))
    #expect(listed == interactive.map(\.id))
    let result = try importer.grades(from: fill(packet, fraction: 0.5), path: "p.yaml", mentor: "Bo", now: now)
    let grade = try #require(result.grades.first { $0.answerId == "a2" })
    #expect(grade.criteria.map(\.criterionId) == ["guardrails"])
    #expect(grade.criteria.map(\.points) == [7.5])
    #expect(grade.score == 50)
  }

  /// A packet from before: every criterion listed for the follow-up. Blank extra criteria are
  /// accepted; points given for them are refused, saying what the follow-up is graded on.
  @Test func anOlderPacketListingEveryCriterionForAFollowUpImportsWhenTheExtrasAreBlank() throws {
    let mainCriteria = try #require(session.answers[0].report?.criteria)
    let followUp = try #require(packet.range(of: "  - id: \"a2\""))
    let head = packet[..<followUp.lowerBound]
    let criteria = try #require(packet.range(of: "    criteria:\n", range: followUp.lowerBound..<packet.endIndex))
    let band = try #require(packet.range(of: "    band:", range: criteria.upperBound..<packet.endIndex))
    let everyCriterion = mainCriteria.map { criterion in
      let points = criterion.id == "guardrails" ? "12" : ""
      return "      - id: \"\(criterion.id)\"\n        max: \(format(criterion.maxPoints))\n        points: \(points)\n"
    }.joined()
    let old = head + packet[followUp.lowerBound..<criteria.upperBound] + everyCriterion + packet[band.lowerBound...]
    // a1 is left blank (ungraded); only the follow-up is graded.
    let onlyFollowUp = String(old)
    let result = try importer.grades(from: onlyFollowUp, path: "p.yaml", mentor: "Bo", now: now)
    #expect(result.grades.map(\.answerId) == ["a2"])
    #expect(result.grades.first?.score == 80)
    let extra = onlyFollowUp.replacingOccurrences(
      of: "- id: \"length\"\n        max: 5\n        points: \n",
      with: "- id: \"length\"\n        max: 5\n        points: 5\n")
    #expect(extra != onlyFollowUp)
    #expect(
      problems(extra) == [
        Diagnostic(
          path: "p.yaml", line: line(of: "points: 5", after: "- id: \"a2\"", in: extra),
          message:
            "answer 'a2' is a follow-up, graded only on guardrails; leave the points of 'length' empty or remove it")
      ])
  }

  @Test func anAnswerLeftBlankStaysUngraded() throws {
    let filled = fill(packet, fraction: 1)
    // Blank every points field of the second answer.
    let split = try #require(filled.range(of: "  - id: \"a2\""))
    let second = filled[split.lowerBound...].replacingOccurrences(
      of: #"points: [0-9.]+"#, with: "points:", options: .regularExpression)
    let result = try importer.grades(
      from: String(filled[..<split.lowerBound]) + second, path: "p.yaml", mentor: "Bo", now: now)
    #expect(result.grades.map(\.answerId) == ["a1"])
    #expect(result.ungraded == ["a2"])
  }

  @Test func outOfRangeAndNonNumericPointsAreRefusedWithTheirLines() {
    var text = fill(packet, fraction: 1)
    text = text.replacingOccurrences(of: "points: 18", with: "points: 19")
    text = text.replacingOccurrences(of: "points: 8\n", with: "points: -1\n")
    text = text.replacingOccurrences(of: "points: 9\n", with: "points: nine\n")
    let found = problems(text)
    #expect(found.count >= 3)
    #expect(
      found.contains(
        Diagnostic(
          path: "p.yaml", line: line(of: "points: 19", in: text),
          message: "answer 'a1', criterion 'north-star': 19 points is out of range; give 0 to 18")))
    #expect(
      found.contains {
        $0.message == "answer 'a1', criterion 'gaming': -1 points is out of range; give 0 to 8"
          && $0.line == line(of: "points: -1", in: text)
      })
    #expect(found.contains { $0.message.contains("points 'nine' is not a number; write a number from 0 to 9") })
  }

  @Test func aPacketForAnotherSessionIsRefused() {
    let text = fill(packet, fraction: 1).replacingOccurrences(of: session.id, with: "20261108-183000-men2")
    #expect(
      problems(text) == [
        Diagnostic(
          path: "p.yaml", line: line(of: "session:", in: text),
          message:
            "this packet is for session '20261108-183000-men2', not '\(session.id)'; import it into that session, or export a packet for this one with 'rehearse export \(session.id) --format packet -o FILE'"
        )
      ])
  }

  @Test func aPacketForAnotherRubricVersionOrHashIsRefused() {
    let version = fill(packet, fraction: 1).replacingOccurrences(
      of: "recommendation-metrics@1", with: "recommendation-metrics@2")
    #expect(
      problems(version).first?.message.contains(
        "the packet was made for rubrics [star-structure@1, recommendation-metrics@2]") == true)
    let hash = session.answers[0].rubricHash
    let changed = fill(packet, fraction: 1).replacingOccurrences(of: hash, with: "0000000000000000")
    #expect(
      problems(changed).first?.message
        == "answer 'a1': rubric hash '0000000000000000' does not match '\(hash)' (the rubric changed since the packet was made); export a new packet"
    )
  }

  @Test func malformedYAMLNamesItsLine() {
    let text = fill(packet, fraction: 1).replacingOccurrences(of: "    rubricHash:", with: "  rubricHash: [")
    let found = problems(text)
    #expect(found.count == 1)
    #expect(found.first?.line != nil)
    #expect(found.first?.message.hasPrefix("not valid YAML") == true)
    #expect(problems("just text").first?.message.contains("expected a grading packet") == true)
  }

  @Test func partialAnswersUnknownCriteriaBadBandsAndMissingMentorAreRefused() {
    let full = fill(packet, fraction: 1)
    let partial = full.replacingOccurrences(of: "points: 15\n", with: "points:\n")
    #expect(
      problems(partial).contains { $0.message.hasPrefix("answer 'a1': no points for offline-online, guardrails") })
    let unknown = full.replacingOccurrences(of: "id: \"gaming\"", with: "id: \"gamin\"")
    #expect(problems(unknown).contains { $0.message.hasPrefix("answer 'a1': unknown criterion 'gamin'") })
    let band = full.replacingOccurrences(of: "band: \"\"", with: "band: \"superb\"")
    #expect(
      problems(band).contains {
        $0.message.hasPrefix("answer 'a1': band 'superb' is not one of: not ready, developing, solid, interview-ready")
      })
    #expect(
      problems(full, mentor: nil) == [
        Diagnostic(
          path: "p.yaml", line: line(of: "mentor:", in: full),
          message: "no mentor name; fill in 'mentor:' or pass --mentor NAME")
      ])
    #expect(
      problems(packet).contains {
        $0.message == "the packet holds no grades; fill in the points of at least one answer"
      })
  }
}

@Suite struct MentorGradingTests {
  static let now = Fixtures.date("2026-11-20T08:00:00Z")

  /// Ten criteria per answer: points then an empty comment, then band and comment.
  static func lines(points: [Double], comment: String = "", band: String = "", overall: String = "Solid") -> [String] {
    points.enumerated().flatMap { index, value in [format(value), index == 0 ? comment : ""] } + [band, overall]
  }

  func run(_ store: SessionStore, _ id: String, mentor: String = "Ana", showAutomatic: Bool = false, _ script: [String])
    throws -> (
      MentorGrading.Summary, String
    )
  {
    var output = ""
    let grading = MentorGrading(
      store: store, sessionId: id, mentor: mentor, showAutomatic: showAutomatic, style: .plain,
      bands: { _ in Band.standard }, clock: TestClock(at: Self.now), output: CollectedOutput { output += $0 })
    let summary = try grading.run(input: ScriptedLineReader(lines: script))
    return (summary, output)
  }

  @Test func gradesAreSavedPerAnswerBesideTheAutomaticScoreAndOtherMentors() throws {
    let session = Fixtures.withMentorGrades
    let store = try Fixtures.store(with: [session])
    let points: [Double] = [5, 9, 7.5, 0, 0, 9, 8, 0, 5, 2]
    let script = Self.lines(points: points, comment: "vague", band: "2", overall: "Needs guardrails") + [":quit"]
    let (summary, output) = try run(store, session.id, mentor: "Cy", script)
    #expect(summary.graded == ["a1"])
    #expect(summary.stoppedEarly)
    let saved = try store.load(id: session.id)
    #expect(saved.answers == session.answers, "the automatic reports are untouched")
    #expect(Array(saved.grades.prefix(3)) == session.grades, "other mentors' grades are untouched")
    let grade = try #require(saved.grades.last)
    #expect(grade.mentor == "Cy")
    #expect(grade.answerId == "a1")
    #expect(grade.score == 45.5)
    #expect(grade.band == "developing")
    #expect(grade.comment == "Needs guardrails")
    #expect(grade.criteria.first?.comment == "vague")
    #expect(grade.criteria.map(\.points) == points)
    #expect(grade.source == .interactive)
    #expect(grade.gradedAt == Self.now)
    // Blind: the automatic score appears only after the grade is saved.
    let saveIndex = try #require(output.range(of: "Saved: Cy 45.5/100 developing for a1."))
    let autoIndex = try #require(output.range(of: "Automatic score: 100/100 interview-ready"))
    #expect(saveIndex.lowerBound < autoIndex.lowerBound)
    #expect(output.contains("The automatic score is 54.5 points kinder than yours."))
  }

  func grading(_ store: SessionStore, _ id: String, output: @escaping (String) -> Void) -> MentorGrading {
    MentorGrading(
      store: store, sessionId: id, mentor: "Cy", showAutomatic: false, style: .plain,
      bands: { _ in Band.standard }, clock: TestClock(at: Self.now), output: CollectedOutput(onWrite: output))
  }

  /// Ctrl-C on an empty line stops like :quit: the answer finished before it stays saved,
  /// the half-graded one is not saved, and nothing more is read.
  @Test func ctrlCOnAnEmptyLineStopsAndKeepsFinishedGrades() throws {
    let session = Fixtures.withMentorGrades
    let store = try Fixtures.store(with: [session])
    let finished = Self.lines(points: [5, 9, 7.5, 0, 0, 9, 8, 0, 5, 2], band: "2", overall: "ok")
    let reader = ScriptedLineReader(
      finished.map { .line($0) } + [.line("4"), .line(""), .interrupted, .line("unread")])
    var output = ""
    let summary = try grading(store, session.id) { output += $0 }.run(input: reader)
    #expect(summary.graded == ["a1"])
    #expect(summary.stoppedEarly)
    #expect(reader.remaining == 1)
    let saved = try store.load(id: session.id)
    #expect(saved.grades.filter { $0.mentor == "Cy" }.map(\.answerId) == ["a1"])
    // A plain reader shows no prompts, so grading writes them itself.
    #expect(output.contains("Overall comment (Enter for none): "))
  }

  /// A save that fails (here the sessions folder turns into a file before the last line is
  /// read) prints every typed point and comment, so the mentor's work is not lost.
  @Test func aGradeThatCannotBeSavedIsPrintedInFull() throws {
    let session = Fixtures.withMentorGrades
    let store = try Fixtures.store(with: [session])
    let points: [Double] = [5, 9, 7.5, 0, 0, 9, 8, 0, 5, 2]
    let script = Self.lines(points: points, comment: "vague on guardrails", band: "2", overall: "Name the holdback")
    let reader = ScriptedLineReader(lines: script)
    let sessions = store.home.sessionsDirectory
    let moved = sessions.deletingLastPathComponent().appendingPathComponent("sessions-moved")
    reader.beforeRead = { count in
      guard count == script.count - 1 else { return }
      try? FileManager.default.moveItem(at: sessions, to: moved)
      _ = FileManager.default.createFile(atPath: sessions.path, contents: Data())
    }
    var output = ""
    #expect(throws: StoreError.self) { try grading(store, session.id) { output += $0 }.run(input: reader) }
    #expect(output.contains("Your grade of a1 could not be saved; here it is in full so you can keep a copy:"))
    let report = try #require(session.answers.first?.report)
    #expect(
      output.contains(
        "  \(report.criteria[0].title): 5/\(format(report.criteria[0].maxPoints)) — “vague on guardrails”"))
    #expect(output.contains("  \(report.criteria[2].title): 7.5/\(format(report.criteria[2].maxPoints))"))
    #expect(output.contains("  Overall: 45.5/100 developing — “Name the holdback”"))
    // The session file itself is untouched.
    let original = try Data(contentsOf: moved.appendingPathComponent("\(session.id).json"))
    #expect(try SessionDecoding.decode(original, path: "moved").grades == session.grades)
  }

  /// A line editor shows the prompt itself (readline redraws it while editing), so grading
  /// hands the prompt over instead of writing it.
  @Test func aLineEditorIsGivenThePromptInsteadOfItBeingWritten() throws {
    final class PromptingReader: LineReading {
      var prompts: [String] = []
      var showsPrompts: Bool { true }
      func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return .endOfInput
      }
    }
    let session = Fixtures.withMentorGrades
    let store = try Fixtures.store(with: [session])
    let reader = PromptingReader()
    var output = ""
    let summary = try grading(store, session.id) { output += $0 }.run(input: reader)
    #expect(summary.stoppedEarly)
    let first = try #require(reader.prompts.first)
    #expect(first.hasSuffix(": "))
    #expect(first.contains("[0–"))
    #expect(!output.contains(first))
  }

  @Test func showAutoShowsTheScoreFirst() throws {
    let store = try Fixtures.store(with: [Fixtures.withMentorGrades])
    let (_, output) = try run(store, Fixtures.withMentorGrades.id, mentor: "Cy", showAutomatic: true, [":quit"])
    let autoIndex = try #require(output.range(of: "Automatic score: 100/100"))
    let prompt = try #require(output.range(of: "Starts from the user problem [0–10]: "))
    #expect(autoIndex.lowerBound < prompt.lowerBound)
  }

  @Test func invalidPointsAreAskedAgain() throws {
    let store = try Fixtures.store(with: [Fixtures.withFollowUps])
    let script = ["11", "x", "-1"] + Self.lines(points: Array(repeating: 1, count: 10)) + [":quit"]
    let (summary, output) = try run(store, Fixtures.withFollowUps.id, script)
    #expect(summary.graded == ["a1"])
    #expect(output.components(separatedBy: "is not accepted: give a number from 0 to 10").count == 4)
  }

  @Test func resumingSkipsOrReplacesOnlyYourOwnGrade() throws {
    let session = Fixtures.withMentorGrades
    let store = try Fixtures.store(with: [session])
    // Ana graded both answers already: decline the first, regrade the second.
    let script = ["n", "y"] + Self.lines(points: Array(repeating: 0, count: 10), overall: "")
    let (summary, output) = try run(store, session.id, mentor: "Ana", script)
    #expect(output.contains("You graded a1 already (80/100). Regrade it? [y/N]: "))
    #expect(summary.skipped == ["a1"])
    #expect(summary.graded == ["a2"])
    #expect(summary.remaining.isEmpty)
    let saved = try store.load(id: session.id)
    #expect(saved.grades.filter { $0.mentor == "Ana" }.count == 2)
    #expect(saved.grades.first { $0.mentor == "Ana" && $0.answerId == "a1" } == session.grades[0])
    #expect(saved.grades.first { $0.mentor == "Ana" && $0.answerId == "a2" }?.score == 0)
    #expect(saved.grades.first { $0.mentor == "Bo" } == session.grades[2])
  }

  @Test func endOfInputMidAnswerSavesNothingForIt() throws {
    let session = Fixtures.withFollowUps
    let store = try Fixtures.store(with: [session])
    let before = try Data(contentsOf: store.url(for: session.id))
    let (summary, output) = try run(store, session.id, ["3", "", "4"])
    #expect(summary.graded.isEmpty)
    #expect(summary.stoppedEarly)
    #expect(summary.remaining == ["a1", "a2"])
    #expect(output.contains("End of input during a1; its unfinished grade was not saved."))
    #expect(try Data(contentsOf: store.url(for: session.id)) == before)
  }
}
