import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Questions: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "questions", abstract: "List the questions in the bank.",
      discussion: """
        Each question shows its difficulty, the answer forms it accepts (a STAR story,
        a case, or either) and its career tracks.

        Examples:
          rehearse questions --track genai
          rehearse questions --category product-sense --form case
        """)

    @OptionGroup var bankOptions: BankOptions

    @Option(help: "Only this category (see the headings).", completion: Completions.categories)
    var category: String?

    @Option(
      help: ArgumentHelp("Only questions of this career track (nlp, vision, recsys, …).", valueName: "track"),
      completion: Completions.trackIds)
    var track: String?

    @Option(help: ArgumentHelp("Only questions that accept this answer form.", valueName: "star|case"))
    var form: QuestionForm?

    @Flag(help: "Print a JSON array of questions.")
    var json = false

    struct Entry: Encodable {
      var id: String
      var category: String
      var prompt: String
      var difficulty: Difficulty
      var tracks: [String]
      var forms: [QuestionForm]
      var competencies: [String]
      var suggestedMinutes: Double
      var tags: [String]
    }

    func run() throws {
      try reportingErrors {
        let bank = try bankOptions.catalog()
        if let category { try requireKnown(category, kind: "category", among: bank.categoryIds) }
        if let track { try requireKnown(track, kind: "track", among: bank.trackIds) }
        let questions = bank.questions.filter {
          (category == nil || $0.category == category) && (track == nil || $0.tracks.contains(track ?? ""))
            && (form == nil || $0.accepts(form ?? .star))
        }
        if json {
          print(
            try prettyJSON(
              questions.map {
                Entry(
                  id: $0.id, category: $0.category, prompt: $0.prompt, difficulty: $0.difficulty,
                  tracks: $0.tracks, forms: $0.forms, competencies: $0.competencies,
                  suggestedMinutes: $0.suggestedMinutes, tags: $0.tags)
              }))
          return
        }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
        for category in bank.manifest.categories {
          let inCategory = questions.filter { $0.category == category.id }
          guard !inCategory.isEmpty else { continue }
          print(style.bold("\(category.title) (\(category.id), \(inCategory.count))"))
          for question in inCategory {
            let forms = question.forms.map { $0 == .star ? "story" : "case" }.joined(separator: " or ")
            let meta = "[\(question.difficulty.rawValue) · \(forms) · \(question.tracks.joined(separator: ", "))]"
            print("  \(style.cyan(question.id)) \(style.dim(meta))")
            print(style.wrap(question.prompt, indent: 4))
          }
          print("")
        }
        print("\(questions.count) questions")
      }
    }
  }
}
