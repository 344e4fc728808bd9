import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

/// The session store in the data home this process was started with.
///
/// A read that has to catch the index up with many session files (the first after the
/// index was deleted) says so on stderr: a counter on a terminal, one line otherwise.
func openStore() -> SessionStore {
  let interactive = isatty(STDERR_FILENO) == 1
  return SessionStore(home: DataHome.resolve(environment: ProcessInfo.processInfo.environment)) { done, total in
    if interactive {
      FileHandle.standardError.write(
        Data("\rindexing session files: \(done)/\(total)\(done == total ? "\n" : "")".utf8))
    } else if done == 0 {
      standardError("indexing \(total) session files (once; later reads use the index)")
    }
  }
}

/// Warns on stderr about session files that could not be read (the command goes on).
func warn(about problems: [SessionProblem]) {
  for problem in problems.prefix(20) { standardError("warning: \(problem.message)") }
  if problems.count > 20 { standardError("warning: … and \(problems.count - 20) more; run 'rehearse doctor'") }
  if !problems.isEmpty {
    standardError(
      "warning: \(problems.count) session file\(problems.count == 1 ? " was" : "s were") skipped; run 'rehearse doctor' for details"
    )
  }
}

/// `--category` and `--since`, shared by `history` and `stats`.
struct SessionFilterOptions: ParsableArguments {
  @Option(help: "Only sessions with answers in this category.", completion: Completions.categories)
  var category: String?

  @Option(
    help: ArgumentHelp(
      "Only sessions started on or after this day (YYYY-MM-DD, an ISO 8601 date-time, or Nd for N days ago).",
      valueName: "date"))
  var since: String?

  func validate() throws {
    if let since, SessionFilter.parseSince(since, now: Date(), timeZone: .current) == nil {
      throw ValidationError(
        "--since '\(since)' is not a date; use YYYY-MM-DD (like 2026-11-01), an ISO 8601 date-time, or 7d")
    }
  }

  func filter(now: Date) -> SessionFilter {
    SessionFilter(
      category: category, since: since.flatMap { SessionFilter.parseSince($0, now: now, timeZone: .current) })
  }
}
