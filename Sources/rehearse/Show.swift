import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a session's full transcript with feedback and mentor grades.",
      discussion: """
        SESSION is an id from 'rehearse history' (like 20261121-093000-ab12), or
        'last' for the most recent session.
        """)

    @Flag(help: "Print the stored session document (JSON) instead.")
    var json = false

    @Argument(
      help: ArgumentHelp("The session id, or 'last'.", valueName: "session"), completion: Completions.sessionIds)
    var session: String

    func run() throws {
      try reportingErrors {
        let store = openStore()
        let loaded: Session
        if session == "last" {
          guard let last = try store.catalog().sessions.max(by: { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) })
          else {
            throw CLIError("there are no sessions yet; start one with 'rehearse practice'")
          }
          loaded = try store.load(id: last.id)
        } else {
          loaded = try store.load(id: session)
        }
        if json {
          print(String(decoding: try SessionStore.document(loaded), as: UTF8.self))
          return
        }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
        print(TranscriptRenderer(style: style, timeZone: .current).render(loaded))
      }
    }
  }
}
