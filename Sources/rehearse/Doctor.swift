import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "doctor",
      abstract: "Check every session file; with --repair, quarantine unreadable ones.",
      discussion: """
        Lists each problem as 'path: what is wrong' with the line and column of a
        syntax error or the field with a wrong type, files written by a newer
        Rehearse, misnamed files, unknown (misspelled?) keys that the next save would
        drop, leftovers of interrupted saves, and files or folders others can read.

        --repair moves unreadable files and leftovers to <data home>/quarantine/
        (never deletes anything), narrows permissions to 0600 files and 0700 folders,
        and rebuilds the summary index. A temporary file younger than five minutes
        belongs to a save in progress and is left alone; leftovers are moved holding
        their session's lock. Exits 1 while problems remain.
        """)

    @Flag(help: "Quarantine unreadable files, fix permissions and rebuild the index.")
    var repair = false

    func run() throws {
      try reportingErrors {
        let store = openStore()
        let report = try StoreDoctor(store: store).examine(repair: repair)
        for finding in report.findings {
          print("\(finding.message)")
          if let repair = finding.repair { print("  → \(repair)") }
        }
        let unresolved = report.findings.filter { finding in
          guard let repair = finding.repair else { return true }
          return repair.hasPrefix("not moved") || repair.hasPrefix("could not")
        }
        var summary =
          "\(report.filesChecked) session file\(report.filesChecked == 1 ? "" : "s") checked in \(store.home.sessionsDirectory.path): \(report.sessionsReadable) readable, \(report.findings.count) problem\(report.findings.count == 1 ? "" : "s")"
        if report.indexRebuilt { summary += "; index rebuilt" }
        print(summary)
        if !unresolved.isEmpty {
          throw CLIError(
            "\(unresolved.count) problem\(unresolved.count == 1 ? " remains" : "s remain")\(repair ? "" : "; run 'rehearse doctor --repair' to quarantine unreadable files (nothing is deleted)")"
          )
        }
      }
    }
  }
}
