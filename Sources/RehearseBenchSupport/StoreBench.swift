import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

/// `rehearse-bench store`: generates synthetic sessions and times saves, for
/// scripts/bench-history.sh and the store's scale and concurrency tests.
public struct StoreBench: ParsableCommand {
  /// The command's name and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "store", abstract: "Benchmark helpers for the session store.",
    subcommands: [Generate.self, Save.self, Phases.self])

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// `store generate`: synthetic sessions into the data home.
  public struct Generate: ParsableCommand {
    /// The command's name and abstract.
    public static let configuration = CommandConfiguration(
      commandName: "generate", abstract: "Write synthetic sessions into the data home.")

    @Option(help: ArgumentHelp("Folder holding QuestionBank/ and Rubrics/.", valueName: "dir"))
    var bank: String?

    @Option(help: "How many sessions.")
    var sessions = 10_000

    @Option(help: "Scored answers per session.")
    var answers = 5

    @Flag(help: "Write only the session files (no index rows), as if copied from elsewhere.")
    var unindexed = false

    /// Creates the command (ArgumentParser calls this).
    public init() {}

    /// Writes the sessions and says where.
    public func run() throws {
      let bank = try BankLoader.load(from: try bankSource(bank))
      let generator = SyntheticSessions(
        templates: try SyntheticSessions.templates(from: bank), categories: bank.categoryIds,
        competencies: ["metrics", "experimentation", "product-sense", "trade-offs", "communication", "ethics", "data"],
        start: Date(timeIntervalSince1970: 1_700_000_000))
      let store = SessionStore(home: dataHome(), durable: false)
      try generator.write(count: sessions, answers: answers, into: store, indexed: !unindexed)
      print("wrote \(sessions) sessions of \(answers) answers to \(store.home.sessionsDirectory.path)")
    }
  }

  /// `store save`: durable saves into one session, timed.
  public struct Save: ParsableCommand {
    /// The command's name and abstract.
    public static let configuration = CommandConfiguration(
      commandName: "save",
      abstract: "Append answers to one session, one durable save each, and print the time per save.")

    @Option(help: ArgumentHelp("Folder holding QuestionBank/ and Rubrics/.", valueName: "dir"))
    var bank: String?

    @Option(help: "The session to add answers to (created when missing).")
    var session: String

    @Option(help: "How many saves.")
    var answers = 20

    /// Creates the command (ArgumentParser calls this).
    public init() {}

    /// Makes the saves and prints the median, minimum and maximum time per save.
    public func run() throws {
      let bank = try BankLoader.load(from: try bankSource(bank))
      let generator = SyntheticSessions(
        templates: try SyntheticSessions.templates(from: bank), categories: bank.categoryIds,
        competencies: ["metrics"], start: Date())
      let store = SessionStore(home: dataHome())
      let template = generator.session(0, answers: 1)
      var times: [Double] = []
      if (try? store.load(id: session)) == nil {
        var fresh = Session(
          id: session, rehearseVersion: "bench", bankVersion: "bench", startedAt: Date(), mode: .free,
          settings: SessionSettings(), plan: [])
        fresh.answers = []
        try? store.create(fresh)
      }
      for _ in 0..<answers {
        let started = DispatchTime.now().uptimeNanoseconds
        try store.update(id: session, now: Date()) { stored in
          guard var record = template.answers.first else { return }
          record.id = "a\(stored.answers.count + 1)"
          record.answeredAt = Date()
          stored.answers.append(record)
          stored.plan.append(record.questionId)
        }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
      }
      let sorted = times.sorted()
      let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
      print(
        String(
          format: "saves %d median %.3f ms min %.3f ms max %.3f ms", times.count, median, sorted.first ?? 0,
          sorted.last ?? 0))
    }
  }
}

extension StoreBench {
  /// `store phases`: the parts of `history` and `stats`, each timed in one process.
  public struct Phases: ParsableCommand {
    /// The command's name and abstract.
    public static let configuration = CommandConfiguration(
      commandName: "phases",
      abstract: "Time the parts of 'history' and 'stats' (catalog reads, rendering, totals) in one process.")

    @Option(help: "Runs of each part; the median is printed.")
    var runs = 9

    /// Creates the command (ArgumentParser calls this).
    public init() {}

    /// Prints the median, minimum and maximum milliseconds of each part.
    public func run() throws {
      let store = SessionStore(home: dataHome())
      func time(_ label: String, _ body: () throws -> Void) rethrows {
        var times: [Double] = []
        for _ in 0..<runs {
          let started = DispatchTime.now().uptimeNanoseconds
          try body()
          times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        }
        let sorted = times.sorted()
        print(
          String(
            format: "%-34@ median %7.2f ms  min %7.2f  max %7.2f", label as NSString, sorted[sorted.count / 2],
            sorted[0], sorted[sorted.count - 1]))
      }
      let sessions = try store.catalog(.sessions).sessions
      print("\(sessions.count) sessions in \(store.home.url.path)")
      try time("catalog(.sessions)  (history)") { _ = try store.catalog(.sessions) }
      try time("catalog(.indexOnly)") { _ = try store.catalog(.indexOnly) }
      try time("catalog(.full)  (plan, calibrate)") { _ = try store.catalog(.full) }
      let renderer = HistoryRenderer(style: .plain, timeZone: TimeZone(identifier: "UTC") ?? .current)
      time("render history table, one core") { _ = renderer.render(sessions, chunked: false) }
      time("render history table, in chunks") { _ = renderer.render(sessions, chunked: true) }
      try time("history --json") { _ = try HistoryRenderer.json(sessions) }
      try time("stats(filter: none)  (stats)") { _ = try store.stats(filter: SessionFilter()) }
      let totals = try store.stats(filter: SessionFilter()).totals
      time("PracticeStats from totals") { _ = PracticeStats(totals: totals, now: Date(), timeZone: .current) }
    }
  }
}

/// The data home of this process's environment.
private func dataHome() -> DataHome {
  DataHome.resolve(environment: ProcessInfo.processInfo.environment)
}

/// The bank: `--bank`, else `$REHEARSE_BANK`, else the current folder or this checkout.
private func bankSource(_ explicit: String?) throws -> BankSource {
  try BankSource.locate(
    explicit: explicit, environment: ProcessInfo.processInfo.environment,
    executablePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? "",
    currentDirectory: FileManager.default.currentDirectoryPath)
}
