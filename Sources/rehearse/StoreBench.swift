import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  /// Hidden: generates synthetic sessions and times saves, for scripts/bench-history.sh
  /// and the store's scale and concurrency tests. Not part of the user interface.
  struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "store-bench", abstract: "Benchmark helpers for the session store.", shouldDisplay: false,
      subcommands: [Generate.self, Save.self])

    struct Generate: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write synthetic sessions into the data home.")

      @OptionGroup var bankOptions: BankOptions

      @Option(help: "How many sessions.")
      var sessions = 10_000

      @Option(help: "Scored answers per session.")
      var answers = 5

      @Flag(help: "Write only the session files (no index lines), as if copied from elsewhere.")
      var unindexed = false

      func run() throws {
        try reportingErrors {
          let bank = try BankLoader.load(from: try bankOptions.source())
          let generator = SyntheticSessions(
            templates: try SyntheticSessions.templates(from: bank), categories: bank.categoryIds,
            competencies: [
              "metrics", "experimentation", "product-sense", "trade-offs", "communication", "ethics", "data",
            ],
            start: Date(timeIntervalSince1970: 1_700_000_000))
          let store = SessionStore(home: openStore().home, durable: false)
          try withStoreErrors {
            try generator.write(count: sessions, answers: answers, into: store, indexed: !unindexed)
          }
          print("wrote \(sessions) sessions of \(answers) answers to \(store.home.sessionsDirectory.path)")
        }
      }
    }

    struct Save: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Append answers to one session, one durable save each, and print the time per save.")

      @OptionGroup var bankOptions: BankOptions

      @Option(help: "The session to add answers to (created when missing).")
      var session: String

      @Option(help: "How many saves.")
      var answers = 20

      func run() throws {
        try reportingErrors {
          let bank = try BankLoader.load(from: try bankOptions.source())
          let generator = SyntheticSessions(
            templates: try SyntheticSessions.templates(from: bank), categories: bank.categoryIds,
            competencies: ["metrics"],
            start: Date())
          let store = openStore()
          let template = generator.session(0, answers: 1)
          var times: [Double] = []
          try withStoreErrors {
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
  }
}
