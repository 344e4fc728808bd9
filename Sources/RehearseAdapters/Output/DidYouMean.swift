import RehearseCore

/// The nearest of some known names to one that was mistyped, for "did you mean" hints.
public enum DidYouMean {
  /// The candidate closest to `typed` by edit distance (ties: the first), when it is within
  /// a third of the typed length (at least 2 edits); nil otherwise.
  public static func suggestion(for typed: String, among candidates: [String]) -> String? {
    let limit = max(2, typed.count / 3)
    let scored = candidates.map { (candidate: $0, distance: editDistance($0.lowercased(), typed.lowercased())) }
    guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
    return best.candidate
  }

  /// `; did you mean 'x'?` or the empty string.
  public static func hint(for typed: String, among candidates: [String]) -> String {
    suggestion(for: typed, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }
}
