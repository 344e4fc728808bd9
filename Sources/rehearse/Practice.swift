import ArgumentParser
import Foundation
import LineEditor
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Practice: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "practice",
      abstract: "Answer interview questions and get feedback after each answer.",
      discussion: """
        Guided mode asks for Situation, Task, Action and Result in turn; free mode
        takes the whole answer. End a section or answer with a line holding only '.'
        (or Ctrl-D). Each answer is saved before its feedback is shown; a follow-up
        question probes what the answer missed.

        Commands at any prompt: \(PracticeCommand.list)

        Keys on a terminal: Up/Down recall earlier lines (kept across runs), Ctrl-R
        searches them, Tab completes commands, categories and question ids. Ctrl-C
        clears the line; on an empty line it ends the session with the summary and
        keeps an unfinished answer as a draft for --resume. With --timed the prompt
        counts down as you type. A session that ends with nothing answered is not
        kept.

        Sessions are saved under <data home>/sessions; --resume continues one. See
        docs/PRACTICE.md.

        Examples:
          rehearse practice
          rehearse practice --category success-metrics --count 2 --timed
          rehearse practice --question recommendation-metrics --mode free --timed 120
          rehearse practice --resume
          rehearse practice --due
        """)

    @OptionGroup var bankOptions: BankOptions

    @Option(help: "Choose questions from this category only.")
    var category: String?

    @Option(help: ArgumentHelp("Choose questions of this difficulty only.", valueName: "easy|medium|hard"))
    var difficulty: Difficulty?

    @Option(help: "How many questions to ask, chosen at random (default: 3).")
    var count: Int?

    @Option(name: .customLong("question"), help: ArgumentHelp("Ask this question (repeatable).", valueName: "id"))
    var questions: [String] = []

    @Option(
      help: ArgumentHelp("guided (STAR sections in turn) or free (default: each question's own).", valueName: "mode"))
    var mode: PracticeMode?

    @Option(
      help: ArgumentHelp(
        "Time each answer: --timed alone uses the question's suggested time, --timed SECONDS a fixed limit.",
        valueName: "seconds"))
    var timed: Int?

    @Option(help: "Seed for a reproducible question order.")
    var seed: UInt64?

    @Option(
      help: ArgumentHelp(
        "Continue a session: --resume alone picks the latest one in progress.", valueName: "session"))
    var resume: String?

    @Option(help: ArgumentHelp("In-person mock: the mentor grades each answer before the feedback.", valueName: "name"))
    var mentor: String?

    @Flag(help: "Practise the questions spaced repetition says are due (see 'rehearse plan').")
    var due = false

    func validate() throws {
      if let count, count < 1 { throw ValidationError("--count must be at least 1") }
      if let timed, timed < 0 { throw ValidationError("--timed takes a number of seconds, 1 or more") }
      if !questions.isEmpty && (category != nil || difficulty != nil || count != nil) {
        throw ValidationError("--question names the questions; leave out --category, --difficulty and --count")
      }
      if resume != nil && (!questions.isEmpty || category != nil || difficulty != nil || count != nil || seed != nil) {
        throw ValidationError("--resume continues a session's own questions; leave out the question options")
      }
      if due && (!questions.isEmpty || resume != nil || category != nil || difficulty != nil) {
        throw ValidationError(
          "--due chooses the questions; leave out --question, --resume, --category and --difficulty")
      }
      if let mentor, mentor.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("--mentor needs a name")
      }
    }

    /// The flags as a request, before any work runs.
    func request(dueQuestions: [String]? = nil) -> PracticeRequest {
      let selection: PracticeRequest.Selection
      if let dueQuestions {
        selection = .questions(dueQuestions)
      } else if let resume {
        selection = .resume(sessionId: resume == Self.latest ? nil : resume)
      } else if !questions.isEmpty {
        selection = .questions(questions)
      } else {
        selection = .random(category: category, difficulty: difficulty, count: count ?? 3)
      }
      return PracticeRequest(
        selection: selection, mode: mode?.form, timedSeconds: timed, seed: seed ?? UInt64.random(in: 0...UInt64.max),
        mentor: mentor)
    }

    /// What a bare `--resume` becomes (see ``OptionalValues``).
    static let latest = "latest"

    func run() throws {
      try reportingErrors {
        let environment = ProcessInfo.processInfo.environment
        let home = DataHome.resolve(environment: environment)
        let loop = PracticeLoop(
          source: try bankOptions.source(), store: SessionStore(home: home),
          reader: LineEditor.make(historyFile: home.inputHistoryFile, environment: environment),
          output: StandardTextOutput(), style: TerminalStyle.detect(environment: environment), clock: SystemClock(),
          idRandom: SystemRandomNumberGenerator(), editor: ExternalEditor(environment: environment),
          rehearseVersion: Rehearse.version, scorer: try Scorer.standard(environment: environment))
        var dueQuestions: [String]?
        if due {
          let bank = try BankLoader.load(from: try bankOptions.source())
          let candidates = bank.questions.map { (id: $0.id, category: $0.category, competencies: $0.competencies) }
          let ids = try dueQuestionIds(
            in: SessionStore(home: home), questions: candidates, now: Date(), limit: count ?? 3)
          guard !ids.isEmpty else {
            print(
              "Nothing is due for review yet. Run 'rehearse plan' to see what comes next, or 'rehearse practice' for new questions."
            )
            return
          }
          dueQuestions = ids
        }
        do {
          try loop.run(request(dueQuestions: dueQuestions))
        } catch let error as PracticeError {
          throw CLIError(error.description)
        } catch let error as StoreError {
          throw CLIError(error.description)
        }
      }
    }
  }
}

/// `--mode guided|free`.
enum PracticeMode: String, ExpressibleByArgument, CaseIterable {
  case guided, free

  var form: AnswerForm {
    switch self {
    case .guided: .star
    case .free: .free
    }
  }
}

extension Difficulty: ExpressibleByArgument {}

/// Options whose value may be left out: `--timed` alone means "the question's suggested
/// time" and `--resume` alone "the latest session". ArgumentParser needs a value, so the
/// bare forms are rewritten before parsing.
enum OptionalValues {
  static func normalize(_ arguments: [String]) -> [String] {
    guard arguments.first == "practice" else { return arguments }
    var result: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      let next = index + 1 < arguments.count ? arguments[index + 1] : nil
      switch argument {
      case "--timed" where next.flatMap { Int($0) } == nil:
        result.append("--timed=0")
      case "--resume" where next == nil || next?.hasPrefix("-") == true:
        result.append("--resume=\(Rehearse.Practice.latest)")
      case "--":
        result += arguments[index...]
        return result
      default:
        result.append(argument)
      }
      index += 1
    }
    return result
  }
}
