import Foundation
import RehearseCore
import Testing

/// End to end: the built binary grades, imports packets, calibrates and exports, against a
/// session file in a temporary data home.
@Suite struct MentorFlowTests {
  static let sessionId = "20261101-090000-fol1"
  static let fixtures = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures")

  /// A temporary home holding the fixture session (two scored answers, 10 criteria each).
  static func home(with ids: [String] = [sessionId]) throws -> URL {
    let home = try RehearseBinary.temporaryHome()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
    for id in ids {
      try FileManager.default.copyItem(
        at: fixtures.appendingPathComponent("sessions/\(id).json"), to: sessions.appendingPathComponent("\(id).json"))
    }
    return home
  }

  static func sessionURL(_ home: URL, _ id: String = sessionId) -> URL {
    home.appendingPathComponent("sessions/\(id).json")
  }

  static func load(_ home: URL, _ id: String = sessionId) throws -> Session {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(Session.self, from: Data(contentsOf: sessionURL(home, id)))
  }

  /// Fills every blank `points:` of a packet with `fraction` of its max.
  static func fill(_ packet: String, fraction: Double, mentor: String?) -> String {
    packet.components(separatedBy: "\n").map { line in
      if let range = line.range(of: "points:       # 0 to "), let max = Double(line[range.upperBound...]) {
        return line[..<range.lowerBound] + "points: \((max * fraction * 2).rounded() / 2)"
      }
      if let mentor, line == "mentor: \"\"" { return "mentor: \"\(mentor)\"" }
      return line
    }.joined(separator: "\n")
  }

  /// Piped input grading the answers with `points` per criterion: the main answer a1 on its
  /// 10 criteria, the follow-up a2 on the one criterion it probes (guardrails, max 15).
  static func gradingInput(points: String, criteria: [Int] = [10, 1]) -> String {
    criteria.map { Array(repeating: "\(points)\n\n", count: $0).joined() + "\nfine\n" }.joined()
  }

  @Test func mentorAGradesByPipeMentorBByPacketAndCalibrateReportsBoth() throws {
    let home = try Self.home()
    let original = try Self.load(home)

    let graded = try RehearseBinary.run(
      ["grade", Self.sessionId, "--mentor", "Ana"], input: Self.gradingInput(points: "4"), home: home)
    #expect(graded.status == 0, "\(graded.stderr)")
    #expect(graded.stdout.contains("Saved: Ana 40/100 developing for a1."))
    // The follow-up is graded on guardrails only: 4 of 15.
    #expect(graded.stdout.contains("Criteria this follow-up probes:\n  1. Guardrail and counter-metrics (max 15)\n"))
    #expect(graded.stdout.contains("Saved: Ana 26.7/100 not ready for a2."))

    let packetURL = home.appendingPathComponent("packet.yaml")
    let exported = try RehearseBinary.run(
      ["export", Self.sessionId, "--format", "packet", "-o", packetURL.path], home: home)
    #expect(exported.status == 0, "\(exported.stderr)")
    let packet = try String(contentsOf: packetURL, encoding: .utf8)
    try Self.fill(packet, fraction: 0.5, mentor: "Bo").write(to: packetURL, atomically: true, encoding: .utf8)
    let imported = try RehearseBinary.run(["grade", Self.sessionId, "--import", packetURL.path], home: home)
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("Imported 2 grades by Bo into \(Self.sessionId)."))

    let session = try Self.load(home)
    #expect(session.answers == original.answers, "the automatic scores are kept as they were")
    #expect(session.grades.map(\.mentor) == ["Ana", "Ana", "Bo", "Bo"])
    #expect(session.grades.map(\.source) == [.interactive, .interactive, .packet, .packet])
    #expect(session.grades.filter { $0.mentor == "Ana" }.map(\.score) == [40, 26.7])
    #expect(session.grades.filter { $0.mentor == "Ana" }.allSatisfy { $0.comment == "fine" })
    #expect(
      session.grades.first { $0.mentor == "Ana" && $0.answerId == "a2" }?.criteria.map(\.criterionId) == ["guardrails"])

    let calibrated = try RehearseBinary.run(["calibrate", "--json"], home: home)
    #expect(calibrated.status == 0, "\(calibrated.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(calibrated.stdout.utf8)) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect(overall["answers"] as? Int == 4)
    let pearson = try #require(overall["pearson"] as? [String: Any])
    #expect(pearson.keys.contains("value"))
    let exact = try #require(overall["exactBand"] as? [String: Any])
    #expect(exact["total"] as? Int == 4)
    let difference = try #require((overall["meanDifference"] as? [String: Any])?["value"] as? Double)
    // Automatic 63 and 22.8; Ana 40 and 26.7 (the follow-up on guardrails only); Bo gives
    // half of each criterion's max (50 and 50): a mean difference of about +1.
    #expect(difference > -5 && difference < 5)
    #expect((json["largestDisagreements"] as? [Any])?.isEmpty == false)

    let text = try RehearseBinary.run(["calibrate", Self.sessionId], home: home)
    #expect(text.stdout.contains("Agreement between the automatic scores and Ana, Bo over 4 answers (1 session)"))
  }

  /// `--show-auto` lists each criterion's automatic points; long mentor names are never cut.
  @Test func showAutoListsPointsPerCriterionAndNamesAreWhole() throws {
    let home = try Self.home()
    let name = "Alexandra Montgomery-Fitzwilliam"
    let run = try RehearseBinary.run(
      ["grade", Self.sessionId, "--mentor", name, "--show-auto"],
      input: Self.gradingInput(points: "5", criteria: [10]), home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("  1. Starts from the user problem (max 10; automatic 0)\n"))
    #expect(run.stdout.contains("  2. A north-star metric tied to value (max 18; automatic 18)\n"))
    let show = try RehearseBinary.run(["show", Self.sessionId], home: home)
    #expect(show.stdout.contains("  \(name): 50/100"))
    // The table after the saved grade heads the mentor's column with the whole name when
    // it fits, else by number with a key naming them in full; never a cut name.
    #expect(run.stdout.contains("\(name) (interactive): 50/100"))
    #expect(run.stdout.contains("  auto  \(name)\n"))
    #expect(!run.stdout.contains("Alexandra…"))
  }

  @Test func endOfInputStopsCleanlyAndTheNextRunResumes() throws {
    let home = try Self.home()
    let first = try RehearseBinary.run(
      ["grade", Self.sessionId, "--mentor", "Ana"], input: Self.gradingInput(points: "2", criteria: [10]), home: home)
    #expect(first.status == 0)
    #expect(first.stdout.contains("1 of 2 still ungraded by you"))
    #expect(first.stdout.contains("Resume with: rehearse grade \(Self.sessionId) --mentor Ana"))
    let second = try RehearseBinary.run(
      ["grade", Self.sessionId, "--mentor", "Ana"], input: "\n" + Self.gradingInput(points: "3", criteria: [1]),
      home: home
    )
    #expect(second.status == 0)
    #expect(second.stdout.contains("You graded a1 already (20/100). Regrade it? [y/N]: "))
    #expect(second.stdout.contains("Saved: Ana 20/100 not ready for a2."))
    let grades = try Self.load(home).grades
    #expect(grades.map(\.answerId) == ["a1", "a2"])
    #expect(grades.map(\.score) == [20, 20])
  }

  @Test(arguments: [
    ("malformed", "packet: rehearse-grading\nsession: \"unterminated\n  - [", "not valid YAML"),
    ("other session", "", "this packet is for session '20261108-183000-men2', not '20261101-090000-fol1'"),
    ("out of range", "", "criterion 'north-star': 99 points is out of range; give 0 to 18"),
    ("huge", "", "criterion 'north-star': 1e+308 points is out of range; give 0 to 18"),
  ])
  func aBadPacketChangesNothing(name: String, override: String, message: String) throws {
    let home = try Self.home()
    let packetURL = home.appendingPathComponent("packet.yaml")
    _ = try RehearseBinary.run(["export", Self.sessionId, "--format", "packet", "-o", packetURL.path], home: home)
    var packet = Self.fill(try String(contentsOf: packetURL, encoding: .utf8), fraction: 1, mentor: "Bo")
    switch name {
    case "other session": packet = packet.replacingOccurrences(of: Self.sessionId, with: "20261108-183000-men2")
    case "out of range": packet = packet.replacingOccurrences(of: "points: 18.0", with: "points: 99")
    case "huge": packet = packet.replacingOccurrences(of: "points: 18.0", with: "points: 1e308")
    default: packet = override
    }
    try packet.write(to: packetURL, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: Self.sessionURL(home))
    let result = try RehearseBinary.run(["grade", Self.sessionId, "--import", packetURL.path], home: home)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.contains("\(packetURL.path):"), "the error names the file and line")
    #expect(result.stderr.contains("nothing was imported; session \(Self.sessionId) is unchanged"))
    #expect(try Data(contentsOf: Self.sessionURL(home)) == before)
  }

  @Test func exportNeverOverwritesWithoutForce() throws {
    let home = try Self.home(with: [Self.sessionId, "20261108-183000-men2"])
    let file = home.appendingPathComponent("out.md")
    try Data("keep me".utf8).write(to: file)
    let refused = try RehearseBinary.run(["export", Self.sessionId, "--format", "md", "-o", file.path], home: home)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("\(file.path) already exists"))
    #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
    let forced = try RehearseBinary.run(
      ["export", Self.sessionId, "--format", "md", "-o", file.path, "--force"], home: home)
    #expect(forced.status == 0)
    #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("# Rehearse session \(Self.sessionId)"))

    let folder = home.appendingPathComponent("exports")
    let all = try RehearseBinary.run(["export", "--all", "--format", "csv", "-o", folder.path], home: home)
    #expect(all.status == 0, "\(all.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names == ["20261101-090000-fol1.csv", "20261108-183000-men2.csv", "all.csv"])

    let stdout = try RehearseBinary.run(["export", "--since", "2026-11-05", "--format", "json"], home: home)
    #expect(stdout.status == 0)
    #expect(stdout.stdout.contains("\"id\" : \"20261108-183000-men2\""))
    #expect(!stdout.stdout.contains("\"id\" : \"20261101-090000-fol1\""))
  }

  @Test func calibrateJoinsBatchScoresWithHumanScores() throws {
    let home = try Self.home()
    let answers = [
      (
        "strong",
        "Situation: I owned recommendations. Task: define success. Action: I started from the user problem, chose a north-star metric of purchases per visitor, compared NDCG offline with conversion online, set guardrails on p95 latency, warned about clickbait gaming and ran an A/B test. Result: purchases rose 6%.",
        85
      ),
      ("weak", "I would look at the accuracy of the model.", 10),
      ("medium", "I picked a north-star metric of purchases per visitor and ran an A/B test for two weeks.", 45),
    ]
    let input = answers.map { #"{"id":"\#($0.0)","question":"recommendation-metrics","answer":"\#($0.1)"}"# }.joined(
      separator: "\n")
    let scored = try RehearseBinary.run(["score", "--batch", "-"], input: input, home: home)
    #expect(scored.status == 0, "\(scored.stderr)")
    let lines = scored.stdout.split(separator: "\n").enumerated().map { index, line in
      String(line.dropLast()) + #","human":\#(answers[index].2)}"#
    }
    let joined = home.appendingPathComponent("joined.jsonl")
    try lines.joined(separator: "\n").write(to: joined, atomically: true, encoding: .utf8)
    let result = try RehearseBinary.run(["calibrate", "--input", joined.path, "--json"], home: home)
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let overall = try #require(json["overall"] as? [String: Any])
    #expect(overall["answers"] as? Int == 3)
    #expect((overall["pearson"] as? [String: Any])?["value"] is Double)

    try (lines[0] + "\n" + lines[1].replacingOccurrences(of: #""human":10"#, with: #""human":140"#))
      .write(to: joined, atomically: true, encoding: .utf8)
    let bad = try RehearseBinary.run(["calibrate", "--input", joined.path], home: home)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("\(joined.path):2: \"human\" is 140; give a score from 0 to 100"))
  }

  /// A number no score can be (1e308) is a positioned error, never a trap converting it.
  @Test(arguments: [
    ("human", #""human" is 1e+308; give a score from 0 to 100"#),
    ("score", #""score" is 1e+308; give a score from 0 to 100"#),
  ])
  func calibrateRefusesScoresOutOfRange(field: String, message: String) throws {
    let home = try Self.home()
    let scored = try RehearseBinary.run(
      ["score", "--batch", "-"], input: #"{"id":"x","question":"recommendation-metrics","answer":"An A/B test."}"#,
      home: home)
    var line = String(scored.stdout.split(separator: "\n")[0].dropLast()) + #","human":50}"#
    let value = try #require(line.range(of: "\"\(field)\":[^,}]*", options: .regularExpression))
    line.replaceSubrange(value, with: "\"\(field)\":1e308")
    let joined = home.appendingPathComponent("joined.jsonl")
    try line.write(to: joined, atomically: true, encoding: .utf8)
    let run = try RehearseBinary.run(["calibrate", "--input", joined.path], home: home)
    #expect(run.status == 1)
    #expect(run.stderr == "error: \(joined.path):1: \(message)\n")
  }

  @Test func gradeReportsAnUnknownSession() throws {
    let home = try Self.home()
    let result = try RehearseBinary.run(["grade", "20990101-000000-none", "--mentor", "Ana"], home: home)
    #expect(result.status == 1)
    #expect(result.stderr.contains("no session '20990101-000000-none'"))
  }
}
