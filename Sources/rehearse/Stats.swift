import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract: "Progress by category and competency, weakest criteria, and your streak.",
      discussion: """
        Attempts, average, best and trend (mean of the last up-to-5 attempts minus the
        mean of as many before them) per category and per competency, with a bar for
        the average and a sparkline of the last 20 scores; the rubric criteria with
        the lowest share of points earned; and the streak of days in a row with an
        answer. Answers also count per career track of their question (from the
        bank); --track keeps only that track's questions.
        """)

    @OptionGroup var filterOptions: SessionFilterOptions

    @OptionGroup var bankOptions: BankOptions

    @Option(
      help: ArgumentHelp("Only answers to questions of this career track.", valueName: "track"),
      completion: Completions.trackIds)
    var track: String?

    @Option(help: "How many weakest criteria to list.")
    var weakest = 5

    @Flag(help: "Print the statistics as JSON.")
    var json = false

    func run() throws {
      try reportingErrors {
        let now = Date()
        let store = openStore()
        let filter = filterOptions.filter(now: now)
        // The bank gives each question's tracks; without one, statistics still work, by
        // category. Without --track it is read on a second thread while the sessions are.
        var bank: BankCatalog?
        var inTrack: Set<String>?
        var bankRead: InBackground<BankCatalog?>?
        if let track {
          guard let loaded = try? bankOptions.catalog() else {
            throw CLIError("--track needs the question bank, which could not be loaded; run 'rehearse check'")
          }
          try requireKnown(track, kind: "track", among: loaded.trackIds)
          inTrack = Set(loaded.questions.filter { $0.tracks.contains(track) }.map(\.id))
          bank = loaded
        } else {
          bankRead = InBackground { [bankOptions] in try? bankOptions.catalog() }
        }
        let (catalog, totals) = try store.stats(filter: filter, keeping: inTrack)
        warn(about: catalog.problems)
        if !filter.keepsEverything { try checkCategory(filterOptions.category, sessions: catalog.sessions) }
        if let bankRead { bank = bankRead.value }
        var tracksOf: [String: [String]] = [:]
        for question in bank?.questions ?? [] { tracksOf[question.id] = question.tracks }
        let stats = PracticeStats(
          totals: totals, now: now, timeZone: .current, weakest: max(0, weakest), tracksOf: tracksOf)
        if json {
          print(try prettyJSON(stats))
        } else {
          let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
          print(StatsRenderer(style: style).render(stats))
        }
      }
    }
  }
}
