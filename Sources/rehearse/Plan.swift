import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "plan",
      abstract: "Show which competencies are due for review (SM-2) and why.",
      discussion: """
        Every day you practise a competency counts as one SM-2 review, graded from
        that day's mean score: 90+ → 5, 75+ → 4, 60+ → 3 (pass), 45+ → 2, 25+ → 1,
        else 0. A pass grows the interval (1 day, 6 days, then × easiness); a fail
        resets it to 1 day. Competencies in the bank you have never practised are
        listed as new. 'rehearse practice --due' practises the questions suggested
        here. With --track, only that career track's questions and competencies.
        """)

    @OptionGroup var bankOptions: BankOptions

    @Option(
      help: ArgumentHelp("Plan for one career track only (nlp, vision, recsys, …).", valueName: "track"),
      completion: Completions.trackIds)
    var track: String?

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
      try reportingErrors {
        let now = Date()
        let store = openStore()
        let catalog = try store.catalog()
        warn(about: catalog.problems)
        var questions: [QuestionRef] = []
        var inTrack: Set<String>?
        do {
          let bank = try bankOptions.catalog()
          if let track {
            try requireKnown(track, kind: "track", among: bank.trackIds)
            inTrack = Set(bank.questions.filter { $0.tracks.contains(track) }.map(\.id))
          }
          questions = bank.questions.filter { inTrack?.contains($0.id) ?? true }.map(QuestionRef.init)
        } catch let error as CLIError {
          throw error
        } catch {
          if track != nil { throw CLIError("--track needs the question bank, which could not be loaded: \(error)") }
          standardError(
            "warning: the question bank could not be loaded, so new competencies and suggested questions are not shown (\(error))"
          )
        }
        let answers = catalog.sessions.flatMap(\.answers).filter { inTrack?.contains($0.questionId) ?? true }
        let items = ReviewScheduler.plan(
          answers: answers, known: Array(Set(questions.flatMap(\.competencies))), now: now, timeZone: .current)
        var suggestions: [String: String] = [:]
        for item in items where item.isDue {
          if let id = ReviewScheduler.dueQuestions(plan: [item], questions: questions, answers: answers, limit: 1).first
          {
            suggestions[item.competency] = id
          }
        }
        let today = DayNumber(of: now, in: .current).isoDate
        if json {
          struct Output: Encodable {
            var today: String
            var model: String
            var items: [ReviewItem]
            var dueQuestions: [String]
          }
          let due = ReviewScheduler.dueQuestions(plan: items, questions: questions, answers: answers, limit: 10)
          print(try prettyJSON(Output(today: today, model: "SM-2", items: items, dueQuestions: due)))
          return
        }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
        print(PlanRenderer(style: style).render(items, today: today, suggestions: suggestions))
      }
    }
  }
}
