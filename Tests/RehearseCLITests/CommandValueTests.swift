import Foundation
import Testing

/// Issue 14, items 6 and 8: unknown values are errors with a suggestion, and `--since` reads
/// the same way in every command.
struct CommandValueTests {
  @Test(arguments: ["history", "stats"])
  func anUnknownCategoryIsAnErrorWithASuggestion(command: String) throws {
    let home = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(
      [command, "--category", "tradeoff"], home: home, environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "error: no category 'tradeoff' (did you mean 'tradeoffs'?); categories: success-metrics, tradeoffs ('rehearse questions' lists the bank)\n"
    )
    #expect(run.stdout == "")
    let known = try RehearseBinary.run(
      [command, "--category", "tradeoffs"], home: home, environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
    #expect(known.status == 0, "\(known.stderr)")
  }

  /// `export --since` takes the forms `history --since` takes, in local time.
  @Test func exportSinceReadsLikeHistorySince() throws {
    let home = try RehearseBinary.temporaryHome()
    let practised = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff", "--mode", "free"], input: "I kept a 100 ms budget.\n.\n.\n",
      home: home, environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
    #expect(practised.status == 0, "\(practised.stderr)")
    for since in ["7d", "2000-01-01", "2000-01-01T00:00:00Z"] {
      let history = try RehearseBinary.run(["history", "--since", since, "--json"], home: home)
      let export = try RehearseBinary.run(["export", "--since", since, "--format", "json"], home: home)
      #expect(history.status == 0 && export.status == 0, "\(since): \(history.stderr) \(export.stderr)")
      #expect(export.stdout.contains("\"latency-tradeoff\""), "\(since)")
    }
    let bad = try RehearseBinary.run(["export", "--since", "last week", "--format", "json"], home: home)
    let badHistory = try RehearseBinary.run(["history", "--since", "last week"], home: home)
    #expect(bad.status == 64)
    #expect(
      bad.stderr.contains(
        "--since 'last week' is not a date; use YYYY-MM-DD (like 2026-11-01), an ISO 8601 date-time, or 7d"))
    #expect(badHistory.stderr.contains("--since 'last week' is not a date; use YYYY-MM-DD (like 2026-11-01)"))
    let future = try RehearseBinary.run(["export", "--since", "0d", "--format", "json"], home: home)
    #expect(future.status == 1)
    #expect(future.stderr == "error: no sessions started on or after 0d; run 'rehearse history' to list sessions\n")
  }
}

/// Issue 14, item 7: Tab completion offers real values. The shell runs
/// `rehearse ---completion <subcommands> -- <argument> <index> <cursor> <words…>`; these call
/// it the same way.
struct CompletionTests {
  static func complete(_ path: [String], _ argument: String, words: [String], home: URL) throws -> [String] {
    let index = words.count - 1
    let run = try RehearseBinary.run(
      ["---completion"] + path + ["--", argument, "\(index)", "\(words[index].count)"] + words, home: home,
      environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
    return run.stdout.split(separator: "\n").map(String.init)
  }

  @Test func questionIdsCategoriesAndSessionIdsComplete() throws {
    let home = try RehearseBinary.temporaryHome()
    #expect(
      try Self.complete(["practice"], "--question", words: ["practice", "--question", "rec"], home: home) == [
        "recommendation-metrics"
      ])
    #expect(
      try Self.complete(["practice"], "--category", words: ["practice", "--category", ""], home: home) == [
        "success-metrics", "tradeoffs",
      ])
    #expect(
      try Self.complete(["history"], "--category", words: ["history", "--category", "tr"], home: home) == [
        "tradeoffs"
      ])
    let practised = try RehearseBinary.run(
      ["practice", "--question", "latency-tradeoff", "--mode", "free"], input: "I kept a 100 ms budget.\n.\n.\n",
      home: home, environment: ["REHEARSE_BANK": PracticeCLITests.fixtureBank])
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(practised.status == 0)
    for command in ["show", "grade", "export"] {
      #expect(
        try Self.complete([command], "positional@0", words: [command, "2"], home: home) == [session.id],
        "\(command)")
    }
    let script = try RehearseBinary.run(["--generate-completion-script", "bash"], home: home)
    #expect(script.stdout.contains("---completion practice -- --question"))
    #expect(script.stdout.contains("---completion export -- positional@0"))
  }
}

/// `rehearse help NAME` for a name that is no command fails with a suggestion.
struct HelpCommandTests {
  @Test func helpForAnUnknownCommandIsAnError() throws {
    let run = try RehearseBinary.run(["help", "exprot"])
    #expect(run.status == 64)
    #expect(run.stdout == "")
    #expect(
      run.stderr.hasPrefix(
        "error: no command 'exprot' (did you mean 'export'?); commands: practice, history, show, stats, plan, score, check"
      ))
    let known = try RehearseBinary.run(["help", "rubric", "draft"])
    #expect(known.status == 0)
    #expect(known.stdout.hasPrefix("OVERVIEW: Draft a rubric"))
  }
}

/// Issue 14, item 9: the history table fits an 80- and a 60-column terminal without a row
/// wrapping, and durations print one way (`4:06`).
struct TableWidthTests {
  @Test(arguments: [80, 60])
  func historyFitsTheTerminal(columns: Int) throws {
    let home = try Reliability.home(with: ["20261101-090000-fol1", "20261108-183000-men2", "20261115-100000-evil"])
    let run = try RehearseBinary.run(["history"], home: home, environment: ["COLUMNS": "\(columns)", "TZ": "UTC"])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let wide = lines.filter { $0.unicodeScalars.count > columns && !$0.contains("\\u{") && !$0.contains("^") }
    #expect(wide.isEmpty, "\(wide)")
    #expect(run.stdout.contains("4:06"))
    #expect(!run.stdout.contains("4m 06s"))
    if columns == 60 {
      #expect(lines.contains("  star · 1/1 · 63 · 4:06 · success-metrics"))
    } else {
      #expect(lines.contains("2026-11-01 09:00  20261101-090000-fol1  star  1/1     63  4:06  success-metrics"))
    }
  }
}
