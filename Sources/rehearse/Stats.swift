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
        let catalog = try store.catalog(.sessions)
        warn(about: catalog.problems)
        try checkCategory(filterOptions.category, sessions: catalog.sessions)
        let sessions = filterOptions.filter(now: now).apply(catalog.sessions)
        // Tracks come from the bank; without one, statistics still work, by category.
        var tracksOf: [String: [String]] = [:]
        if let bank = try? bankOptions.catalog() {
          for question in bank.questions { tracksOf[question.id] = question.tracks }
          if let track { try requireKnown(track, kind: "track", among: bank.trackIds) }
        } else if track != nil {
          throw CLIError("--track needs the question bank, which could not be loaded; run 'rehearse check'")
        }
        let inTrack = track.map { track in Set(tracksOf.filter { $0.value.contains(track) }.keys) }
        let totals = try store.statsTotals(of: sessions, in: catalog, keeping: inTrack)
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
