import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `history`, `show`, `stats`, `plan` and `doctor` through the built binary, with a
/// temporary data home filled by `rehearse-bench store generate`.
@Suite struct StoreCommandTests {
  let utc = ["TZ": "UTC"]

  func home(sessions: Int) throws -> URL {
    let home = try RehearseBinary.temporaryHome()
    if sessions > 0 {
      let run = try RehearseBinary.runBench(
        ["store", "generate", "--sessions", "\(sessions)", "--answers", "5"], home: home)
      #expect(run.status == 0, "\(run.stderr)")
    }
    return home
  }

  func ids(in home: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("sessions").path)
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
  }

  @Test func aValidationErrorIsReportedLikeEveryOtherError() throws {
    let home = try home(sessions: 0)
    let run = try RehearseBinary.run(["history", "--since", "soon"], home: home)
    #expect(run.status == 64)
    #expect(run.stdout == "")
    #expect(
      run.stderr.hasPrefix(
        "error: --since 'soon' is not a date; use YYYY-MM-DD (like 2026-11-01), an ISO 8601 date-time, or 7d\n"),
      "\(run.stderr)")
    let unknown = try RehearseBinary.run(["history", "--colour"], home: home)
    #expect(unknown.status == 64)
    #expect(unknown.stderr.hasPrefix("error: Unknown option '--colour'\n"), "\(unknown.stderr)")
  }

  @Test func aLibraryErrorIsOneErrorLineAndExitStatusOne() throws {
    let home = try home(sessions: 0)
    let run = try RehearseBinary.run(["show", "20261101-090000-none"], home: home)
    #expect(run.status == 1)
    #expect(run.stderr == "error: no session '20261101-090000-none'; run 'rehearse history' to list sessions\n")
  }

  @Test func anEmptyHomeSaysHowToStart() throws {
    let home = try home(sessions: 0)
    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.status == 0)
    #expect(history.stdout == "No sessions yet. Start one with 'rehearse practice'.\n")
    #expect(try RehearseBinary.run(["history", "--json"], home: home).stdout == "[]\n")
    let stats = try RehearseBinary.run(["stats"], home: home)
    #expect(stats.stdout.hasPrefix("No scored answers yet."))
    // The one-question fixture bank, so the plan lists exactly its three competencies.
    let bank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good").path
    var environment = utc
    environment["REHEARSE_BANK"] = bank
    let plan = try RehearseBinary.run(["plan"], home: home, environment: environment)
    #expect(plan.status == 0)
    #expect(
      plan.stdout.contains(
        """
        New: never practised (3)
         + experimentation, metrics, product-sense
           → questions in the bank exercise them; start with recommendation-metrics

        Nothing is due for review; 3 competencies are new. Run 'rehearse practice --due' to start on them.
        """))
  }

  @Test func planListsDueCompetenciesWithAQuestionEach() throws {
    let home = try home(sessions: 12)
    var environment = utc
    environment["REHEARSE_BANK"] =
      RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good").path
    let plan = try RehearseBinary.run(["plan"], home: home, environment: environment)
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(plan.stdout.contains("Due now ("))
    #expect(plan.stdout.contains("     → practise recommendation-metrics"))
    #expect(plan.stdout.contains("due for review"))
    #expect(plan.stdout.contains("Run 'rehearse practice --due' to practise them"))
  }

  @Test func historyListsOneLinePerSessionAndFilters() throws {
    let home = try home(sessions: 12)
    let run = try RehearseBinary.run(["history"], home: home, environment: utc)
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty)
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 12 + 4)  // header, 12 sessions, blank, total, final newline
    #expect(lines[0].hasPrefix("date              id                    mode  done  "))
    #expect(lines[0].hasSuffix("  category"))
    #expect(lines[1].hasPrefix("2023-11-14 22:13  20231114-221320-0000  free  5/5   "))
    #expect(lines[1].hasSuffix("success-metrics"))
    #expect(lines[14].hasPrefix("12 sessions, 60 scored answers, average "))

    let json = try RehearseBinary.run(["history", "--json"], home: home)
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(entries.count == 12)
    #expect(entries[0]["id"] as? String == "20231114-221320-0000")
    #expect(entries[0]["startedAt"] as? String == "2023-11-14T22:13:20Z")
    #expect(entries.allSatisfy { $0["answers"] as? Int == 5 && $0["averageScore"] is Double })

    let since = try RehearseBinary.run(["history", "--json", "--since", "2023-11-15"], home: home, environment: utc)
    #expect((try JSONSerialization.jsonObject(with: Data(since.stdout.utf8)) as? [Any])?.count == 12 - 1)
    let category = try RehearseBinary.run(["history", "--json", "--category", "tradeoffs"], home: home)
    let inCategory = try #require(
      try JSONSerialization.jsonObject(with: Data(category.stdout.utf8)) as? [[String: Any]])
    #expect(inCategory.map { $0["category"] as? String } == [String?](repeating: "tradeoffs", count: inCategory.count))
    #expect(inCategory.count == 1)

    let bad = try RehearseBinary.run(["history", "--since", "last tuesday"], home: home)
    #expect(bad.status == 64)
    #expect(
      bad.stderr.contains(
        "--since 'last tuesday' is not a date; use YYYY-MM-DD (like 2026-11-01), an ISO 8601 date-time, or 7d"))
  }

  @Test func showPrintsTheTranscriptWithFeedback() throws {
    let home = try home(sessions: 2)
    let id = try #require(try ids(in: home).first)
    let run = try RehearseBinary.run(["show", id], home: home, environment: utc)
    #expect(run.status == 0, "\(run.stderr)")
    let out = run.stdout
    #expect(
      out.hasPrefix("Session \(id) · 2023-11-14 22:13 · free mode · completed\n5 of 5 questions answered · average "))
    #expect(out.contains("── 1. success-metrics-q1 (success-metrics) ──\nQ: Synthetic question 1 in success-metrics"))
    #expect(out.contains("1 hint used"))
    #expect(out.contains("  hint 1: a hint"))
    #expect(out.contains("Answer:\n  Synthetic answer 0.0."))
    #expect(out.contains("Score "))
    #expect(out.contains("Biggest gap:") || out.contains("Content"))
    #expect(out.contains("── 5. success-metrics-q5"))
    #expect(
      try RehearseBinary.run(["show", "last"], home: home, environment: utc).stdout.contains(
        "Session \(try ids(in: home)[1])"))
    // --json prints the document exactly as stored.
    let json = try RehearseBinary.run(["show", id, "--json"], home: home)
    #expect(
      json.stdout == (try String(contentsOf: home.appendingPathComponent("sessions/\(id).json"), encoding: .utf8))
        + "\n")
  }

  @Test(arguments: ["../x", "/etc/passwd", "..", "a b"])
  func showRefusesIdsThatArePaths(id: String) throws {
    let home = try home(sessions: 0)
    let run = try RehearseBinary.run(["show", id], home: home)
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "error: '\(id)' is not a session id: ids are lower-case letters, digits and dashes, never a path (like 20261121-093000-ab12); run 'rehearse history' to list them\n"
    )
  }

  @Test func showNamesAMissingSession() throws {
    let run = try RehearseBinary.run(["show", "20990101-000000-none"], home: try home(sessions: 0))
    #expect(run.status == 1)
    #expect(run.stderr == "error: no session '20990101-000000-none'; run 'rehearse history' to list sessions\n")
  }

  @Test func statsShowsGroupsChartsWeakestCriteriaAndStreak() throws {
    let home = try home(sessions: 6)
    let run = try RehearseBinary.run(["stats"], home: home, environment: utc)
    #expect(run.status == 0)
    let out = run.stdout
    #expect(out.hasPrefix("Practice statistics: 6 sessions, 30 scored answers, average "))
    #expect(out.contains("\nStreak   0 days in a row (longest 2; last practised 2023-11-15)\n"))
    #expect(out.contains("\nBy category "))
    #expect(out.contains("\nBy competency "))
    #expect(out.contains("\nWeakest criteria"))
    #expect(out.contains("█"))
    #expect(!out.contains("\u{1B}["))  // no colour when not a terminal
    let json = try RehearseBinary.run(["stats", "--json"], home: home)
    let stats = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(stats["answers"] as? Int == 30)
    #expect((stats["categories"] as? [[String: Any]])?.count == 6)
    #expect((stats["competencies"] as? [[String: Any]])?.isEmpty == false)
    #expect((stats["weakestCriteria"] as? [[String: Any]])?.count == 5)
    #expect((stats["streak"] as? [String: Any])?["longest"] as? Int == 2)
  }

  @Test func aBrokenFileIsReportedByNameAndQuarantinedByDoctorRepair() throws {
    let home = try home(sessions: 3)
    let id = try ids(in: home)[1]
    let file = home.appendingPathComponent("sessions/\(id).json")
    let bytes = Data("{\n  \"id\" : \"\(id)\",\n  \"answers\" : [\n".utf8)
    try bytes.write(to: file)
    chmod(file.path, 0o600)

    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.status == 0)
    #expect(history.stdout.contains("2 sessions, 10 scored answers"))
    #expect(
      history.stderr
        == "warning: \(file.path): not valid JSON: the file ends early at line 4, column 1 (truncated?); the file was left untouched (run 'rehearse doctor' to inspect it)\nwarning: 1 session file was skipped; run 'rehearse doctor' for details\n"
    )

    let check = try RehearseBinary.run(["doctor"], home: home)
    #expect(check.status == 1)
    #expect(
      check.stdout.contains("\(file.path): not valid JSON: the file ends early at line 4, column 1 (truncated?)\n"))
    #expect(check.stderr.contains("error: 1 problem remains; run 'rehearse doctor --repair'"))
    #expect(try Data(contentsOf: file) == bytes)

    let repair = try RehearseBinary.run(["doctor", "--repair"], home: home)
    #expect(repair.status == 0, "\(repair.stdout)\(repair.stderr)")
    let quarantined = home.appendingPathComponent("quarantine/\(id).json")
    #expect(repair.stdout.contains("  → moved to \(quarantined.path)\n"))
    #expect(repair.stdout.contains("3 session files checked"))
    #expect(try Data(contentsOf: quarantined) == bytes)
    let after = try RehearseBinary.run(["history"], home: home)
    #expect(after.stderr.isEmpty)
    #expect(try RehearseBinary.run(["doctor"], home: home).status == 0)
  }

  @Test func twoProcessesSavingOneSessionLoseNoUpdates() async throws {
    let home = try home(sessions: 0)
    let id = "20261121-120000-lock"
    _ = try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "1"], home: home)
    async let first = Task.detached {
      try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "15"], home: home)
    }.value
    async let second = Task.detached {
      try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "15"], home: home)
    }.value
    let runs = try await [first, second]
    #expect(runs.map(\.status) == [0, 0], "\(runs.map(\.stderr))")
    let show = try RehearseBinary.run(["show", id, "--json"], home: home)
    let session = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    let answers = try #require(session["answers"] as? [[String: Any]])
    #expect(answers.count == 31)
    #expect(answers.compactMap { $0["id"] as? String } == (1...31).map { "a\($0)" })
    // Files are private: 0600 in a 0700 folder.
    var info = stat()
    stat(home.appendingPathComponent("sessions/\(id).json").path, &info)
    #expect(info.st_mode & 0o777 == 0o600)
    stat(home.appendingPathComponent("sessions").path, &info)
    #expect(info.st_mode & 0o777 == 0o700)
  }
}
