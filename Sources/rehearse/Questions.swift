import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Questions: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "questions", abstract: "List the questions in the bank.")

    @OptionGroup var bankOptions: BankOptions

    @Option(help: "Only this category (see the headings).", completion: Completions.categories)
    var category: String?

    @Flag(help: "Print a JSON array of questions.")
    var json = false

    struct Entry: Encodable {
      var id: String
      var category: String
      var prompt: String
      var difficulty: Difficulty
      var competencies: [String]
      var suggestedMinutes: Double
      var tags: [String]
    }

    func run() throws {
      try reportingErrors {
        let bank = try BankLoader.load(from: try bankOptions.source())
        if let category, !bank.categoryIds.contains(category) {
          throw CLIError("unknown category '\(category)'; choose one of: \(bank.categoryIds.joined(separator: ", "))")
        }
        let questions = bank.questions.filter { category == nil || $0.category == category }
        if json {
          print(
            try prettyJSON(
              questions.map {
                Entry(
                  id: $0.id, category: $0.category, prompt: $0.prompt, difficulty: $0.difficulty,
                  competencies: $0.competencies, suggestedMinutes: $0.suggestedMinutes, tags: $0.tags)
              }))
          return
        }
        let style = TerminalStyle.detect(environment: ProcessInfo.processInfo.environment)
        for category in bank.manifest.categories {
          let inCategory = questions.filter { $0.category == category.id }
          guard !inCategory.isEmpty else { continue }
          print(style.bold("\(category.title) (\(category.id), \(inCategory.count))"))
          for question in inCategory {
            print("  \(style.cyan(question.id)) \(style.dim("[\(question.difficulty.rawValue)]"))")
            print(style.wrap(question.prompt, indent: 4))
          }
          print("")
        }
        print("\(questions.count) questions")
      }
    }
  }
}
