import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rubric", abstract: "Work with rubrics.", subcommands: [Draft.self, Gaps.self])

    struct Draft: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Draft a rubric YAML from a model answer, for an author to refine.",
        discussion: """
          Every distinct content word of the answer becomes a concept (widened with
          WordNet when scored), words the question (--question) already uses weigh
          a third, and adjacent pairs form a light key-phrase criterion. Group
          concepts into criteria, add key terms ('near:'), set weights and hints,
          then run 'rehearse check'.
          """)

      @Option(help: "The model answer text.")
      var reference: String?

      @Option(help: "Rubric id for the draft.")
      var id = "drafted-rubric"

      @Option(help: "The question's text: reference words it already uses weigh a third.")
      var question: String?

      @Argument(help: ArgumentHelp("File holding the model answer ('-' for stdin).", valueName: "file"))
      var file: String?

      func validate() throws {
        if (reference == nil) == (file == nil) {
          throw ValidationError("give the model answer with --reference TEXT or as a FILE, not both")
        }
      }

      func run() throws {
        try reportingErrors {
          let text: String
          if let reference {
            text = reference
          } else {
            text = String(decoding: try readInput(file ?? "-"), as: UTF8.self)
          }
          guard !text.allSatisfy(\.isWhitespace) else { throw CLIError("the model answer is empty") }
          let rubric = RubricDrafter().draft(
            id: id, title: "Drafted rubric: edit me", reference: text, question: question)
          print("# Drafted by 'rehearse rubric draft'. Group concepts into criteria, add synonyms,")
          print("# hints and red flags, add `extends: [star-structure]`, then run 'rehearse check'.")
          print(RubricYAML.render(rubric), terminator: "")
        }
      }
    }

    struct Gaps: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Find where rubrics miss what human graders credited.",
        discussion: """
          Reads graded answers as JSON Lines, one {"question", "answer", "grade"}
          object a line (other fields are ignored), or with --sessions the mentor
          grades saved in your sessions. Scores each against its question's rubric
          and lists, per criterion, the answers graded well (--min-grade) that
          earned less than half of it, with the sentences most likely to say what
          it wants. Widen those concepts with the candidates' key terms ('near:'),
          not their sentences.
          """)

      @OptionGroup var bankOptions: BankOptions

      @Option(help: "Grades at or above this count as rated well.")
      var minGrade: Double = 70

      @Flag(help: "Read the mentor grades of the sessions in your data home instead of a file.")
      var sessions = false

      @Argument(help: ArgumentHelp("JSON Lines of graded answers ('-' for stdin).", valueName: "answers.jsonl"))
      var file: String?

      func validate() throws {
        guard minGrade.isFinite, (0...100).contains(minGrade) else {
          throw ValidationError("--min-grade must be from 0 to 100")
        }
        if sessions == (file != nil) {
          throw ValidationError("give a graded-answers FILE or --sessions, not both")
        }
      }

      func run() throws {
        try reportingErrors {
          let answers: [GradedAnswer]
          if let file {
            answers = try GradedAnswers.read(try readInput(file), path: file)
          } else {
            let store = SessionStore(home: DataHome.resolve(environment: ProcessInfo.processInfo.environment))
            answers = GradedAnswers.mentorGrades(in: store) { id, error in
              standardError("warning: session \(id) is left out: \(error)")
            }
            if answers.isEmpty {
              print("No mentor grades yet: grade a session with 'rehearse grade SESSION --mentor NAME' first.")
              return
            }
          }
          let bank = try BankLoader.load(from: try bankOptions.source())
          let scorer = try Scorer.standard()
          var compiled: [String: CompiledRubric] = [:]
          var unknown: Set<String> = []
          let finder = RubricGapFinder(minimumGrade: minGrade)
          let gaps = finder.gaps(in: answers, scorer: scorer) { id in
            if let hit = compiled[id] { return hit }
            guard let question = bank.question(id: id), let set = try? bank.rubricSet(for: question) else {
              unknown.insert(id)
              return nil
            }
            let rubric = scorer.compile(set)
            compiled[id] = rubric
            return rubric
          }
          for id in unknown.sorted() {
            standardError("warning: no question '\(id)' in the bank; its answers are skipped")
          }
          print(RubricGapRenderer.render(gaps, minimumGrade: minGrade), terminator: "")
        }
      }
    }
  }
}
