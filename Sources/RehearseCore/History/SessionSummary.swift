import Foundation

/// What `history`, `stats` and `plan` need from one session: small enough to keep one line
/// per session in the store's index, and computed only from the session itself.
///
/// Build one with ``init(_:)``; never edit a summary by hand, rebuild it from the session.
public struct SessionSummary: Codable, Sendable, Equatable {
  public var id: String
  public var startedAt: Date
  public var updatedAt: Date
  public var endedAt: Date?
  public var status: SessionStatus
  public var mode: AnswerForm
  /// The category the session was started with (`practice --category`), if any.
  public var category: String?
  /// Every category the session's answers belong to, sorted.
  public var categories: [String]
  /// Planned questions.
  public var questions: Int
  /// Scored main answers (not skips, not follow-ups), oldest first: what statistics use.
  ///
  /// Empty in a catalog read with ``SessionCatalogDetail/sessions`` (what `history` needs);
  /// ``scoredAnswers`` and ``scoreTotal`` are always there.
  public var answers: [AnswerSummary]
  /// How many scored main answers the session has.
  public var scoredAnswers: Int
  /// The sum of their scores.
  public var scoreTotal: Double
  public var skipped: Int
  public var followUps: Int
  public var mentorGrades: Int
  /// Seconds spent answering: the sum of every answer's time used.
  public var durationSeconds: Double
  /// Criteria of the scored main answers, summed per criterion id.
  public var criteria: [CriterionTally]

  public init(_ session: Session) {
    id = session.id
    startedAt = session.startedAt
    updatedAt = session.updatedAt
    endedAt = session.endedAt
    status = session.status
    mode = session.mode
    category = session.settings.category
    categories = Array(Set(session.answers.map(\.category)).union(session.settings.category.map { [$0] } ?? []))
      .sorted()
    questions = session.plan.count
    let scored = session.scoredAnswers
    answers = scored.compactMap { record in
      guard let report = record.report else { return nil }
      return AnswerSummary(
        questionId: record.questionId, category: record.category, competencies: record.competencies,
        score: report.score, answeredAt: record.answeredAt)
    }
    scoredAnswers = answers.count
    scoreTotal = answers.reduce(0) { $0 + $1.score }
    skipped = session.answers.filter { $0.kind == .main && $0.skipped }.count
    followUps = session.answers.filter { $0.kind == .followUp }.count
    mentorGrades = session.grades.count
    durationSeconds = session.answers.reduce(0) { $0 + $1.timeUsedSeconds }
    var tallies: [String: CriterionTally] = [:]
    var order: [String] = []
    for record in scored {
      for criterion in record.report?.criteria ?? [] where criterion.maxPoints > 0 {
        if tallies[criterion.id] == nil {
          order.append(criterion.id)
          tallies[criterion.id] = CriterionTally(
            id: criterion.id, title: criterion.title, points: 0, maxPoints: 0, answers: 0)
        }
        tallies[criterion.id]?.points += criterion.points
        tallies[criterion.id]?.maxPoints += criterion.maxPoints
        tallies[criterion.id]?.answers += 1
      }
    }
    criteria = order.compactMap { tallies[$0] }
  }

  /// A summary from its parts (as stored in an index); use ``init(_:)`` for a session.
  /// `scoredAnswers` and `scoreTotal` default to those of `answers`; an index read that
  /// leaves the answers out passes them.
  public init(
    id: String, startedAt: Date, updatedAt: Date, endedAt: Date?, status: SessionStatus, mode: AnswerForm,
    category: String?, categories: [String], questions: Int, answers: [AnswerSummary], skipped: Int, followUps: Int,
    mentorGrades: Int, durationSeconds: Double, criteria: [CriterionTally], scoredAnswers: Int? = nil,
    scoreTotal: Double? = nil
  ) {
    self.id = id
    self.startedAt = startedAt
    self.updatedAt = updatedAt
    self.endedAt = endedAt
    self.status = status
    self.mode = mode
    self.category = category
    self.categories = categories
    self.questions = questions
    self.answers = answers
    self.scoredAnswers = scoredAnswers ?? answers.count
    self.scoreTotal = scoreTotal ?? answers.reduce(0) { $0 + $1.score }
    self.skipped = skipped
    self.followUps = followUps
    self.mentorGrades = mentorGrades
    self.durationSeconds = durationSeconds
    self.criteria = criteria
  }

  /// Mean score of the scored main answers, one decimal, or nil when there are none.
  public var averageScore: Double? {
    guard scoredAnswers > 0 else { return nil }
    return (scoreTotal / Double(scoredAnswers) * 10).rounded() / 10
  }

  /// True when the session was started for `category` or has an answer in it.
  public func involves(category: String) -> Bool {
    self.category == category || categories.contains(category)
  }
}

/// One scored main answer, as statistics and the review schedule see it.
public struct AnswerSummary: Codable, Sendable, Equatable {
  public var questionId: String
  public var category: String
  public var competencies: [String]
  public var score: Double
  public var answeredAt: Date

  public init(questionId: String, category: String, competencies: [String], score: Double, answeredAt: Date) {
    self.questionId = questionId
    self.category = category
    self.competencies = competencies
    self.score = score
    self.answeredAt = answeredAt
  }
}

/// Points earned and available for one rubric criterion, summed over answers.
public struct CriterionTally: Codable, Sendable, Equatable {
  public var id: String
  public var title: String
  public var points: Double
  public var maxPoints: Double
  public var answers: Int

  public init(id: String, title: String, points: Double, maxPoints: Double, answers: Int) {
    self.id = id
    self.title = title
    self.points = points
    self.maxPoints = maxPoints
    self.answers = answers
  }

  /// Share of the available points earned, 0–100.
  public var percent: Double { maxPoints > 0 ? points / maxPoints * 100 : 0 }
}
