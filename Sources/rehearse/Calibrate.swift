import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "calibrate",
      abstract: "Measure how well the automatic scores agree with mentor (or other human) grades.",
      discussion: """
        Over every mentor-graded answer of the given sessions (all sessions when none
        are given): the number of answers, exact and adjacent band agreement,
        Pearson's r on the scores, quadratic weighted kappa on the bands, and the mean
        difference automatic − human (positive: the scorer is kinder; negative:
        harsher), overall and per rubric; agreement per criterion, the criteria that
        agree worst, and the answers that disagree most. A figure that cannot be
        computed (one answer, identical grades) is shown as – (null with a reason in
        --json).

        To validate a rubric against graded answers without sessions:
          rehearse score --batch answers.jsonl > scored.jsonl
          # add "human": <0–100> to every line of scored.jsonl
          rehearse calibrate --input scored.jsonl
        """)

    @OptionGroup var bankOptions: BankOptions

    @Argument(help: "Sessions to include (default: every session).", completion: Completions.sessionIds)
    var sessions: [String] = []

    @Option(
      help: ArgumentHelp(
        "'score --batch' output with a \"human\" score per line ('-' for stdin).", valueName: "file.jsonl"))
    var input: String?

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Option(help: "How many worst criteria and largest disagreements to list.")
    var top = 5

    func validate() throws {
      if input != nil && !sessions.isEmpty { throw ValidationError("give sessions or --input FILE, not both") }
      if top < 0 { throw ValidationError("--top must be 0 or more") }
    }

    func run() throws {
      try reportingErrors {
        let items: [CalibrationItem]
        let sourceCount: Int
        let noun: String
        var notes: [String] = []
        if let input {
          let read: (items: [CalibrationItem], skipped: Int)
          // Batch lines may name any rubric of the bank.
          let scales = BandScales(bank: try? BankLoader.load(from: bankOptions.source()))
          read = try CalibrationInput.items(fromBatch: try readInput(input), path: input, scales: scales)
          items = read.items
          sourceCount = Set(items.map(\.rubricKey)).count
          noun = "rubric"
          if read.skipped > 0 {
            notes.append("skipped \(read.skipped) line\(read.skipped == 1 ? "" : "s") that hold a scoring error")
          }
        } else {
          let store = SessionStore(home: DataHome.resolve(environment: ProcessInfo.processInfo.environment))
          var loaded: [Session] = []
          if sessions.isEmpty {
            for id in store.ids() {
              do {
                loaded.append(try store.load(id: id))
              } catch {
                standardError("warning: \(error); skipped")
              }
            }
          } else {
            for id in sessions { loaded.append(try store.load(id: id)) }
          }
          items = CalibrationInput.items(
            from: loaded, scales: BandScales(for: loaded, source: try? bankOptions.source()))
          sourceCount = Set(items.map(\.source)).count
          noun = "session"
          if items.isEmpty && !json {
            throw CLIError(
              "no mentor-graded answers in \(sessions.isEmpty ? "any session" : sessions.joined(separator: ", ")); grade one with 'rehearse grade SESSION --mentor NAME'"
            )
          }
        }
        let report = Calibration.report(items, worst: top, examples: top)
        if json {
          print(try prettyJSON(report))
          return
        }
        var graders: [String] = []
        for item in items where !graders.contains(item.grader) { graders.append(item.grader) }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
        print(
          CalibrationRenderer(style: style).render(report, graders: graders, sources: sourceCount, sourceNoun: noun))
        for note in notes { print(style.dim(style.wrap("Note: \(note).", hanging: 2))) }
      }
    }
  }
}
