import Foundation
import RehearseAdapters
import RehearseCore

/// Fails when `--category` names a category neither the bank nor any saved session has, so
/// a typo is an error with a suggestion rather than an empty "No sessions yet".
func checkCategory(_ category: String?, sessions: [SessionSummary]) throws {
  guard let category else { return }
  var known = Set(sessions.flatMap { $0.categories + ($0.category.map { [$0] } ?? []) })
  if let source = locatedBank() { known.formUnion(BankLoader.index(of: source).map(\.category)) }
  guard !known.contains(category) else { return }
  let hint = DidYouMean.suggestion(for: category, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
  throw CLIError(
    "no category '\(category)'\(hint); categories: \(known.sorted().joined(separator: ", ")) ('rehearse questions' lists the bank)"
  )
}
