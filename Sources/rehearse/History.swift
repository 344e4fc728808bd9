import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "history",
      abstract: "List past sessions: date, mode, questions answered, average score, time.",
      discussion: """
        One line per session, oldest first. Open one with 'rehearse show ID'. --json
        prints an array of objects with id, startedAt, endedAt, status, mode,
        category, categories, questions, answers (scored count), skipped, followUps,
        averageScore and durationSeconds.
        """)

    @OptionGroup var filterOptions: SessionFilterOptions

    @Flag(help: "Print a JSON array, one object per session.")
    var json = false

    func run() throws {
      try reportingErrors {
        let catalog = try openStore().catalog(.sessions)
        warn(about: catalog.problems)
        try checkCategory(filterOptions.category, sessions: catalog.sessions)
        let sessions = filterOptions.filter(now: Date()).apply(catalog.sessions)
        var out = StandardOutput()
        if json {
          out.write(try HistoryRenderer.json(sessions))
          out.write("\n")
        } else {
          let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
          out.write(HistoryRenderer(style: style, timeZone: .current).render(sessions))
          out.write("\n")
        }
        out.flush()
      }
    }
  }
}
