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
        Guided mode asks for Situation, Task, Action and Result in turn (for a case:
        goal and users, success metrics, approach, risks, launch); free mode takes
        the whole answer. End a section or answer with a line holding only '.'
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
          rehearse practice --track genai --form case
          rehearse practice --question recommendation-metrics --time-limit 120
          rehearse practice --resume
          rehearse practice --resume 20261121-093000-ab12
          rehearse practice --due
        """)

    @OptionGroup var bankOptions: BankOptions

    @Option(help: "Choose questions from this category only.", completion: Completions.categories)
    var category: String?

    @Option(help: ArgumentHelp("Choose questions of this difficulty only.", valueName: "easy|medium|hard"))
    var difficulty: Difficulty?

    @Option(
      help: ArgumentHelp("Choose questions of this career track only (see 'rehearse questions').", valueName: "track"),
      completion: Completions.trackIds)
    var track: String?

    @Option(
      help: ArgumentHelp(
        "Answer as STAR stories or as cases; only questions that take that form are chosen (default: each question's own; ':case' or ':story' switches where a question takes both).",
        valueName: "star|case"))
    var form: QuestionForm?

    // Unconditional: `--count -3` is a bad count, not a missing one.
    @Option(parsing: .unconditional, help: "How many questions to ask, chosen at random (default: 3).")
    var count: Int?

    @Option(
      name: .customLong("question"), help: ArgumentHelp("Ask this question (repeatable).", valueName: "id"),
      completion: Completions.questionIds)
    var questions: [String] = []

    @Option(
      help: ArgumentHelp("guided (STAR sections in turn) or free (default: each question's own).", valueName: "mode"))
    var mode: PracticeMode?

    @Flag(help: "Time each answer against the question's suggested time.")
    var timed = false

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Time each answer against a fixed limit instead.", valueName: "seconds"))
    var timeLimit: Int?

    @Option(help: "Seed for a reproducible question order.")
    var seed: UInt64?

    @Flag(help: "Continue a session: SESSION, else the latest one in progress.")
    var resume = false

    @Argument(
      help: ArgumentHelp("With --resume: the session to continue.", valueName: "session"),
      completion: Completions.sessionIds)
    var session: String?

    @Option(help: ArgumentHelp("In-person mock: the mentor grades each answer before the feedback.", valueName: "name"))
    var mentor: String?

    @Flag(help: "Practise the questions spaced repetition says are due (see 'rehearse plan').")
    var due = false

    func validate() throws {
      if let count, count < 1 { throw ValidationError("--count must be at least 1") }
      if let timeLimit, timeLimit < 1 {
        throw ValidationError(
          "--time-limit takes a number of seconds, 1 or more; --timed alone uses each question's suggested time")
      }
      if let session, !resume {
        if let seconds = Int(session) {
          throw ValidationError(
            "'\(session)' is not a session id; for a \(seconds)-second limit use --time-limit \(seconds) (--timed alone uses each question's suggested time)"
          )
        }
        throw ValidationError("a session id is read only with --resume: rehearse practice --resume \(session)")
      }
      if !questions.isEmpty && (category != nil || difficulty != nil || count != nil || track != nil) {
        throw ValidationError("--question names the questions; leave out --category, --difficulty, --track and --count")
      }
      if resume
        && (!questions.isEmpty || category != nil || difficulty != nil || count != nil || seed != nil || track != nil
          || form != nil)
      {
        throw ValidationError("--resume continues a session's own questions; leave out the question options")
      }
      if due && (!questions.isEmpty || resume || category != nil || difficulty != nil || track != nil) {
        throw ValidationError(
          "--due chooses the questions; leave out --question, --resume, --category, --difficulty and --track")
      }
      if let mentor, mentor.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("--mentor needs a name")
      }
    }

    /// The flags as a request, before any work runs.
    func request() -> PracticeRequest {
      let selection: PracticeRequest.Selection
      if due {
        selection = .due(count: count ?? 3)
      } else if resume {
        selection = .resume(sessionId: session)
      } else if !questions.isEmpty {
        selection = .questions(questions)
      } else {
        selection = .random(category: category, difficulty: difficulty, count: count ?? 3)
      }
      return PracticeRequest(
        selection: selection, mode: mode?.form, timedSeconds: timeLimit ?? (timed ? 0 : nil),
        seed: seed ?? UInt64.random(in: 0...UInt64.max),
        mentor: mentor, track: track, form: form)
    }

    func run() throws {
      try reportingErrors {
        let environment = ProcessInfo.processInfo.environment
        let home = DataHome.resolve(environment: environment)
        let loop = PracticeLoop(
          source: try bankOptions.source(), store: SessionStore(home: home),
          reader: LineEditor.make(historyFile: home.inputHistoryFile, environment: environment),
          output: StandardTextOutput(), style: TerminalStyle.detect(environment: environment), clock: SystemClock(),
          idRandom: SystemRandomNumberGenerator(), editor: ExternalEditor(environment: environment),
          rehearseVersion: Rehearse.version, scorer: try Scorer.standard(environment: environment),
          cache: BankCache.resolve(environment: environment))
        if let track {
          try requireKnown(
            track, kind: "track", among: BankLoader.manifest(of: try bankOptions.source()).tracks.map(\.id))
        }
        try loop.run(request())
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
extension QuestionForm: ExpressibleByArgument {}
