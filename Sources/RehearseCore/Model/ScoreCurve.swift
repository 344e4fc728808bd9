/// Maps a rubric's points to the score an interviewer would give, by straight lines between
/// knots: `[[0, 0], [25, 40], [50, 64], [75, 85], [100, 100]]`.
///
/// Rubric points are strict (every criterion's full wording); interviewers credit a half-made
/// point about half and grade the whole answer. The bundled curve is fitted to an AI-PM
/// interviewer's grades on the development set's train half (BENCHMARKS.md) and lives in
/// `Rubrics/star-structure.yaml`, so it is data an author can read and change.
public struct ScoreCurve: Codable, Sendable, Equatable {
  /// `(points, score)` pairs, points increasing from 0 to 100, scores never decreasing.
  public var knots: [[Double]]

  init(knots: [[Double]]) {
    self.knots = knots
  }

  /// Reads the knots as a bare array of `[points, score]` pairs.
  public init(from decoder: any Decoder) throws {
    knots = try decoder.singleValueContainer().decode([[Double]].self)
  }

  /// Writes the knots as a bare array of `[points, score]` pairs, as rubric files hold them.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(knots)
  }

  /// The identity: points are the score.
  public static let identity = ScoreCurve(knots: [[0, 0], [100, 100]])

  /// What is wrong with the knots, in words, or nil when they are usable.
  public var problem: String? {
    guard knots.count >= 2 else { return "needs at least two knots, e.g. [[0, 0], [100, 100]]" }
    for knot in knots {
      guard knot.count == 2 else { return "each knot is [points, score]; found \(knot)" }
      guard knot.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 100 }) else {
        return "knot \(knot) is outside 0–100"
      }
    }
    guard knots.first?[0] == 0, knots.last?[0] == 100 else {
      return "the first knot must be at 0 points and the last at 100"
    }
    for (a, b) in zip(knots, knots.dropFirst()) {
      guard a[0] < b[0] else { return "points must increase from knot to knot (\(a) then \(b))" }
      guard a[1] <= b[1] else { return "scores must not decrease from knot to knot (\(a) then \(b))" }
    }
    return nil
  }

  /// The score for `points` (clamped to 0–100); the identity when the knots are unusable.
  public func score(for points: Double) -> Double {
    let x = Swift.min(100, Swift.max(0, points))
    guard problem == nil else { return x }
    for (a, b) in zip(knots, knots.dropFirst()) where x <= b[0] {
      return a[1] + (x - a[0]) / (b[0] - a[0]) * (b[1] - a[1])
    }
    return knots.last?[1] ?? x
  }
}
