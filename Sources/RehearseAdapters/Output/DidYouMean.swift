/// The nearest of some known names to one that was mistyped, for "did you mean" hints.
public enum DidYouMean {
  /// The candidate closest to `typed` by edit distance (ties: the first), when it is within
  /// a third of the typed length (at least 2 edits); nil otherwise.
  public static func suggestion(for typed: String, among candidates: [String]) -> String? {
    let limit = max(2, typed.count / 3)
    let scored = candidates.map { (candidate: $0, distance: distance($0.lowercased(), typed.lowercased())) }
    guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
    return best.candidate
  }

  /// `; did you mean 'x'?` or the empty string.
  public static func hint(for typed: String, among candidates: [String]) -> String {
    suggestion(for: typed, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
