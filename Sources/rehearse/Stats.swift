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
        answer.
        """)

    @OptionGroup var filterOptions: SessionFilterOptions

    @Option(help: "How many weakest criteria to list.")
    var weakest = 5

    @Flag(help: "Print the statistics as JSON.")
    var json = false

    func run() throws {
      try reportingErrors {
        let now = Date()
        let catalog = try withStoreErrors { try openStore().catalog() }
        warn(about: catalog.problems)
        try checkCategory(filterOptions.category, sessions: catalog.sessions)
        let sessions = filterOptions.filter(now: now).apply(catalog.sessions)
        let stats = PracticeStats(summaries: sessions, now: now, timeZone: .current, weakest: max(0, weakest))
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
