/// Choosing the questions of a practice session and the follow-up after an answer.
public enum PracticePlan {
  /// Up to `count` of `candidates` in a random order from `random` (reproducible with a
  /// ``SeededGenerator``). Candidates are sorted first, so the order on disk does not matter.
  public static func pick(
    _ count: Int, from candidates: [String], using random: inout some RandomNumberGenerator
  ) -> [String] {
    let unique = Array(Set(candidates)).sorted()
    return Array(unique.shuffled(using: &random).prefix(max(0, count)))
  }

  /// The follow-up an interviewer would ask after `report`: for the content criterion that
  /// lost the most points (first in rubric order on ties) among those the question has a
  /// follow-up for. Nil when the answer missed nothing that has a follow-up.
  public static func followUp(for question: Question, after report: ScoreReport) -> FollowUp? {
    let missed = report.criteria.enumerated()
      .filter { $0.element.kind == .content && $0.element.points < $0.element.maxPoints }
      .sorted { lhs, rhs in
        let lost = (lhs.element.maxPoints - lhs.element.points, rhs.element.maxPoints - rhs.element.points)
        return lost.0 != lost.1 ? lost.0 > lost.1 : lhs.offset < rhs.offset
      }
    for (_, criterion) in missed {
      if let followUp = question.followUps.first(where: { $0.criterion == criterion.id }) { return followUp }
    }
    return nil
  }
}

/// A per-answer time limit and how much of it is left.
public struct TimeBudget: Sendable, Equatable {
  /// The limit in seconds; nil when untimed.
  public var limitSeconds: Int?

  /// A budget of `limitSeconds` per answer; nil for untimed practice.
  public init(limitSeconds: Int?) {
    self.limitSeconds = limitSeconds
  }

  /// The limit for a question: `requested` seconds, `0` for the question's suggested time,
  /// nil when untimed.
  public init(requested: Int?, question: Question) {
    self.init(requested: requested, suggestedMinutes: question.suggestedMinutes)
  }

  /// `requested` seconds; `0` means `suggestedMinutes`; nil is untimed.
  public init(requested: Int?, suggestedMinutes: Double) {
    switch requested {
    case nil: limitSeconds = nil
    case 0?: limitSeconds = max(1, Int((suggestedMinutes * 60).rounded()))
    case let seconds?: limitSeconds = seconds
    }
  }

  /// Seconds left after `elapsed` (negative when over); nil when untimed.
  public func remaining(after elapsed: Double) -> Double? {
    limitSeconds.map { Double($0) - elapsed }
  }

  /// "2:05 left", "0:12 over", or "1:10 used" when untimed.
  public func describe(after elapsed: Double) -> String {
    guard let remaining = remaining(after: elapsed) else { return "\(Self.clock(elapsed)) used" }
    return remaining >= 0 ? "\(Self.clock(remaining)) left" : "\(Self.clock(-remaining)) over"
  }

  /// Minutes and seconds: "2:05", "61:00".
  public static func clock(_ seconds: Double) -> String {
    let total = max(0, Int(seconds.rounded(.down)))
    let secs = total % 60
    return "\(total / 60):\(secs < 10 ? "0" : "")\(secs)"
  }
}
