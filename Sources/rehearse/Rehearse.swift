import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

/// The `rehearse` command: practise and assess AI product-manager interviews, offline.
@main
struct Rehearse: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "rehearse",
    abstract: "Practise AI product-manager interviews and get explained, offline feedback.",
    discussion: """
      Answers are scored against hand-written rubrics (Rubrics/*.yaml) for the
      questions in QuestionBank/. Everything runs offline; nothing leaves your
      machine.

      Data home: $REHEARSE_HOME, else $XDG_DATA_HOME/rehearse, else
      ~/.local/share/rehearse.

      Question bank: --bank DIR, else $REHEARSE_BANK, else the current folder or the
      checkout the rehearse binary was built in.
      """,
    version: version,
    subcommands: [
      Practice.self, History.self, Show.self, Stats.self, Plan.self, Score.self, Check.self, Questions.self,
      RubricCommand.self, Grade.self, Calibrate.self, Export.self, Doctor.self,
    ]
  )

  /// Runs the command. `rehearse help NAME` with a name that is no command is an error with
  /// a suggestion (ArgumentParser would print the root help and exit 0).
  ///
  /// Every error ends here or in ``reportingErrors(_:)``, printed by ``report(_:)``: a
  /// ``UserFacingError`` with its own exit code; the argument parser's own errors (a bad
  /// flag, a failed `validate()`) as lower-case `error:` lines like the rest. Help and
  /// `--version` print as ArgumentParser prints them.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "help", arguments.count >= 2, !arguments[1].hasPrefix("-") {
      let names = configuration.subcommands.filter { $0.configuration.shouldDisplay }.compactMap {
        $0.configuration.commandName
      }
      if !names.contains(arguments[1]) {
        standardError(
          "error: no command '\(arguments[1])'\(DidYouMean.suggestion(for: arguments[1], among: names).map { " (did you mean '\($0)'?)" } ?? ""); commands: \(names.joined(separator: ", "))"
        )
        exit(withError: ExitCode.validationFailure)
      }
    }
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch let error as any UserFacingError {
      report(error)
      Foundation.exit(error.exitCode)
    } catch {
      let text = fullMessage(for: error)
      guard !(error is ExitCode), exitCode(for: error) != .success, text.hasPrefix("Error: ") else {
        exit(withError: error)
      }
      standardError("error: " + text.dropFirst("Error: ".count))
      Foundation.exit(exitCode(for: error).rawValue)
    }
  }
}
