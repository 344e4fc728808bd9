import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rubric", abstract: "Work with rubrics.", subcommands: [Draft.self])

    struct Draft: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Draft a rubric YAML from a model answer, for an author to refine.",
        discussion: """
          Every distinct content word of the answer becomes a concept and every adjacent
          pair a key phrase. Add synonyms, group concepts into criteria, set weights and
          hints, then run 'rehearse check'.
          """)

      @Option(help: "The model answer text.")
      var reference: String?

      @Option(help: "Rubric id for the draft.")
      var id = "drafted-rubric"

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
          let rubric = RubricDrafter().draft(id: id, title: "Drafted rubric: edit me", reference: text)
          print("# Drafted by 'rehearse rubric draft'. Group concepts into criteria, add synonyms,")
          print("# hints and red flags, add `extends: [star-structure]`, then run 'rehearse check'.")
          print(RubricYAML.render(rubric), terminator: "")
        }
      }
    }
  }
}
