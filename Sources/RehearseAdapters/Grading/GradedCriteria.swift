import RehearseCore

/// What a mentor grades an answer on, and the score the points make: one rule for `grade`
/// and for grading packets, so a follow-up is graded the same way in both.
enum GradedCriteria {
  /// The criteria a mentor grades for `answer`: all of them for a main answer; for a
  /// follow-up the content criterion it probes (a three-sentence reply is not graded on STAR
  /// sections or length), else every content criterion.
  static func toGrade(_ answer: AnswerRecord, report: ScoreReport) -> [CriterionResult] {
    guard answer.kind == .followUp else { return report.criteria }
    let content = report.criteria.filter { $0.kind == .content }
    let probed = content.filter { $0.id == answer.followUpCriterion }
    return probed.isEmpty ? content : probed
  }

  /// The 0–100 score of a mentor's points: for a main answer the points (the rubric totals
  /// 100); for a follow-up the share of the graded criteria's points.
  static func score(_ answer: AnswerRecord, criteria: [CriterionGrade]) -> Double {
    let earned = criteria.reduce(0) { $0 + $1.points }
    let available = criteria.reduce(0) { $0 + $1.maxPoints }
    return answer.kind == .followUp && available > 0
      ? (earned / available * 1000).rounded() / 10 : min(100, (earned * 10).rounded() / 10)
  }
}
