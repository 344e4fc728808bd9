import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Validate the question bank and rubrics, and score every example answer.",
      discussion: """
        Reports unknown keys, wrong types, dangling rubric references, duplicate ids,
        categories with too few questions, near-duplicate questions and non-positive
        weights, each as 'path:line: message'. Then scores every rubric example and
        every model answer and fails when one lands outside its expected range. Exits
        1 on any problem.

        With paths, the bank checked is the one those files or folders are in, and only
        problems in them are reported; references are still resolved against that whole
        bank. A path that does not exist, or is not inside a bank, is an error.
        """)

    @OptionGroup var bankOptions: BankOptions

    @Flag(help: "List every example's score, not only the failures.")
    var verbose = false

    @Argument(help: ArgumentHelp("Files or folders to report on (default: everything).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
      try reportingErrors {
        let source = try paths.isEmpty ? bankOptions.source() : bankOptions.source(containing: paths)
        let report = BankValidator.check(source, paths: paths, scorer: try Scorer.standard())
        if verbose {
          for example in report.examples + report.modelAnswers {
            let mark = example.inRange ? "ok  " : "FAIL"
            print(
              "\(mark) \(example.path):\(example.line ?? 0): \(example.exampleId) \(format(example.score)) (expected \(format(example.expected.lowerBound))–\(format(example.expected.upperBound)))"
            )
          }
        }
        for diagnostic in report.diagnostics { standardError("\(diagnostic)") }
        let passed = report.examples.filter(\.inRange).count + report.modelAnswers.filter(\.inRange).count
        let total = report.examples.count + report.modelAnswers.count
        var summary =
          "\(report.questions) questions, \(report.rubrics) rubrics, \(passed)/\(total) examples and model answers in range"
        if !report.unscored.isEmpty {
          let count = report.unscored.count
          summary +=
            "; the examples and model answers of \(count) file\(count == 1 ? "" : "s") were not scored because a rubric they use has the problems above"
        }
        if report.passed {
          print("ok: \(summary)")
        } else {
          throw CLIError(
            "\(report.diagnostics.count) problem\(report.diagnostics.count == 1 ? "" : "s") found; \(summary)")
        }
      }
    }
  }
}
