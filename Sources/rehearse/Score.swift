import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "score",
      abstract: "Score an answer against a question's rubric and explain every point.",
      discussion: """
        Examples:
          rehearse score --question recommendation-metrics answer.txt
          rehearse score --question spam-detection-design --form case plan.txt
          echo "Situation: ..." | rehearse score --question drift-detect-and-respond --json -
          rehearse score --batch answers.jsonl > reports.jsonl

        Batch input: one JSON object per line with "id", "answer" and one of
        "question" (question id), "rubric" (rubric id) or "reference" (a reference
        answer; a rubric is drafted from it), and optionally "form" ("star" or
        "case"). A malformed line produces an error
        object for that line and a count of such lines on stderr; exits 1 when no
        line could be scored.
        """)

    @OptionGroup var bankOptions: BankOptions

    @Option(help: "The question to score against (see 'rehearse questions').", completion: Completions.questionIds)
    var question: String?

    @Option(help: "Score against a rubric id directly instead of a question.")
    var rubric: String?

    @Option(
      help: ArgumentHelp(
        "Judge the answer as a STAR story or a case (default: the question's first form).", valueName: "star|case"))
    var form: QuestionForm?

    @Option(help: ArgumentHelp("Score every line of a JSON Lines file ('-' for stdin).", valueName: "file.jsonl"))
    var batch: String?

    @Flag(help: "With --batch: print only id, score and band per line.")
    var compact = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Argument(help: ArgumentHelp("File holding the answer, or '-' for standard input.", valueName: "file"))
    var file: String = "-"

    func validate() throws {
      let modes = [question != nil, rubric != nil, batch != nil].filter { $0 }.count
      if modes != 1 {
        throw ValidationError("give exactly one of --question ID, --rubric ID or --batch FILE")
      }
      if compact && batch == nil { throw ValidationError("--compact only applies to --batch") }
      if form != nil && batch != nil {
        throw ValidationError("--form applies to one answer; give each batch line its own \"form\"")
      }
    }

    func run() throws {
      try reportingErrors {
        let source = try bankOptions.source()
        let scorer = try Scorer.standard()
        if let batch {
          let bank = try BankLoader.load(from: source)
          var runner = BatchScorer(scorer: scorer, bank: bank, output: compact ? .compact : .full)
          var out = StandardOutput()
          let summary = runner.run(try readInput(batch)) { line in
            out.write(line)
            out.write(Data([0x0A]))
          }
          out.flush()
          let total = summary.scored + summary.failed
          if summary.scored == 0 {
            throw CLIError(
              total == 0
                ? "'\(batch)' holds no answers; give one JSON object per line"
                : "none of the \(total) line\(total == 1 ? "" : "s") could be scored; each output line's \"error\" says why"
            )
          }
          if summary.failed > 0 {
            standardError(
              "warning: \(summary.failed) of \(total) lines could not be scored; their output lines carry an \"error\"")
          }
          return
        }
        let set: RubricSet
        if let question {
          let bank = try BankLoader.load(from: source, questionIds: [question])
          guard let found = bank.question(id: question) else { throw CLIError("no question '\(question)'") }
          if let form, !found.accepts(form) {
            throw CLIError(
              "question '\(question)' asks for a \(found.defaultForm.title), not a \(form.title); leave out --form or use --form \(found.defaultForm.rawValue)"
            )
          }
          set = try bank.rubricSet(for: found, form: form)
        } else if let rubric {
          let bank = try BankLoader.load(from: source)
          do {
            set = try RubricSet(ids: [rubric], library: bank.rubrics, form: form)
          } catch {
            throw CLIError("\(error); run 'rehearse check' to list rubrics with problems")
          }
        } else {
          throw CLIError("nothing to score")
        }
        let data = try readInput(file)
        guard let text = String(data: data, encoding: .utf8) else {
          throw CLIError("'\(file)' is not valid UTF-8 text; save the answer as UTF-8")
        }
        let answer = Answer(text: text)
        if answer.isEmpty { throw CLIError("the answer in '\(file)' is empty; write your answer in the file first") }
        let report = scorer.score(answer, against: scorer.compile(set), questionId: question)
        if json {
          print(try prettyJSON(report))
        } else {
          let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
          print(ReportRenderer(style: style).render(report))
        }
      }
    }
  }
}
