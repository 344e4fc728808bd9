/// What a practice session adds up to: the end-of-session summary, computed from the
/// session alone.
public struct EndOfSessionSummary: Sendable, Equatable {
  /// One planned question and how its latest attempt went.
  public struct QuestionRow: Sendable, Equatable {
    /// The planned question.
    public var questionId: String
    /// Its category id.
    public var category: String
    /// Main attempts given (a `:redo` makes two).
    public var attempts: Int
    /// Score and band of the latest attempt; nil when it was skipped.
    public var score: Double?
    /// The band label of the latest attempt ("not ready"); nil when it was skipped.
    public var band: String?
    /// True when the latest attempt was a skip.
    public var skipped: Bool
    /// Time over all attempts and follow-ups of this question.
    public var timeUsedSeconds: Double
  }

  /// A criterion or competency and how much of it the session's answers earned.
  public struct Weakness: Sendable, Equatable {
    /// The criterion or competency id.
    public var id: String
    /// Its title, for display.
    public var title: String
    /// Share of the available points earned (criteria) or the mean score / 100
    /// (competencies), 0–1.
    public var share: Double
    /// What to do about it, when known (the rubric's hint).
    public var hint: String?
  }

  /// One row per question with a main attempt, in plan order, then questions answered outside the plan.
  public var rows: [QuestionRow]
  /// Planned questions not answered or skipped yet.
  public var notReached: [String]
  /// Mean score of the scored main answers (see ``Session/averageScore``).
  public var averageScore: Double?
  /// Content criteria that earned least, weakest first (at most three, only those missed).
  public var weakestCriteria: [Weakness]
  /// Competencies whose questions scored lowest, weakest first (at most two).
  public var weakestCompetencies: [Weakness]
  /// Seconds spent answering, over every answer and follow-up.
  public var timeUsedSeconds: Double
  /// Concrete next steps, most useful first.
  public var practiseNext: [String]

  /// The summary of `session`, in progress or completed.
  public init(session: Session) {
    let main = session.answers.filter { $0.kind == .main }
    var rows: [QuestionRow] = []
    var seen: Set<String> = []
    for id in session.plan + main.map(\.questionId) where !seen.contains(id) {
      seen.insert(id)
      let attempts = main.filter { $0.questionId == id }
      guard let latest = attempts.last else { continue }
      let time = session.answers.filter { $0.questionId == id }.reduce(0) { $0 + $1.timeUsedSeconds }
      rows.append(
        QuestionRow(
          questionId: id, category: latest.category, attempts: attempts.count, score: latest.report?.score,
          band: latest.report?.band, skipped: latest.skipped, timeUsedSeconds: time))
    }
    self.rows = rows
    notReached = session.remainingQuestionIds
    averageScore = session.averageScore
    timeUsedSeconds = session.answers.reduce(0) { $0 + $1.timeUsedSeconds }

    // Criteria over every scored main answer (each attempt counts).
    var totals: [String: (title: String, earned: Double, max: Double, hint: String?, order: Int)] = [:]
    for record in session.scoredAnswers {
      for criterion in record.report?.criteria ?? [] where criterion.kind == .content {
        var entry = totals[criterion.id] ?? (criterion.title, 0, 0, nil, totals.count)
        entry.earned += criterion.points
        entry.max += criterion.maxPoints
        if let hint = criterion.missed.first?.hint { entry.hint = hint }
        totals[criterion.id] = entry
      }
    }
    weakestCriteria = totals.filter { $0.value.max > 0 && $0.value.earned < $0.value.max }
      .map { (key: $0.key, share: $0.value.earned / $0.value.max, value: $0.value) }
      .sorted { ($0.share, $0.value.order) < ($1.share, $1.value.order) }
      .prefix(3)
      .map { Weakness(id: $0.key, title: $0.value.title, share: $0.share, hint: $0.value.hint) }

    var competencyScores: [String: [Double]] = [:]
    var competencyOrder: [String] = []
    for record in session.scoredAnswers {
      guard let score = record.report?.score else { continue }
      for competency in record.competencies {
        if competencyScores[competency] == nil { competencyOrder.append(competency) }
        competencyScores[competency, default: []].append(score)
      }
    }
    weakestCompetencies = competencyOrder.enumerated()
      .compactMap { offset, name -> (Int, Weakness)? in
        guard let scores = competencyScores[name], !scores.isEmpty else { return nil }
        let mean = scores.reduce(0, +) / Double(scores.count)
        return (offset, Weakness(id: name, title: name, share: mean / 100, hint: nil))
      }
      .filter { $0.1.share < 0.8 }
      .sorted { ($0.1.share, $0.0) < ($1.1.share, $1.0) }
      .prefix(2)
      .map(\.1)

    var next: [String] = []
    if let weakest = weakestCriteria.first, let hint = weakest.hint {
      next.append("\(weakest.title): \(hint)")
    }
    let lowest = rows.filter { $0.score != nil }.min { ($0.score ?? 0) < ($1.score ?? 0) }
    if let lowest, let score = lowest.score, score < 80 {
      next.append("Answer '\(lowest.questionId)' again: rehearse practice --question \(lowest.questionId)")
      next.append("More \(lowest.category) questions: rehearse practice --category \(lowest.category)")
    }
    for row in rows where row.skipped {
      next.append("You skipped '\(row.questionId)': rehearse practice --question \(row.questionId)")
    }
    if !notReached.isEmpty {
      next.append(
        "\(notReached.count) planned question\(notReached.count == 1 ? "" : "s") left: rehearse practice --resume \(session.id)"
      )
    }
    practiseNext = next
  }
}
