import Foundation

/// What `history`, `stats` and `plan` need from one session: small enough to keep one line
/// per session in the store's index, and computed only from the session itself.
///
/// Build one with ``init(_:)``; never edit a summary by hand, rebuild it from the session.
public struct SessionSummary: Codable, Sendable, Equatable {
  /// The session id (`20261109-090000-abc1`), also its file name.
  public var id: String
  /// When the session was started.
  public var startedAt: Date
  /// When the session was last saved.
  public var updatedAt: Date
  /// When the session was completed; nil while in progress.
  public var endedAt: Date?
  /// Completed, or in progress (resumable).
  public var status: SessionStatus
  /// How answers were captured: guided part by part, or free text.
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
  /// Planned questions skipped instead of answered.
  public var skipped: Int
  /// Follow-up answers given (not counted in ``answers``).
  public var followUps: Int
  /// Mentor grades recorded in the session (each grades one answer).
  public var mentorGrades: Int
  /// Seconds spent answering: the sum of every answer's time used.
  public var durationSeconds: Double
  /// Criteria of the scored main answers, summed per criterion id.
  public var criteria: [CriterionTally]

  /// The summary of `session`: the only way a summary should be made for a session.
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
  /// The question answered.
  public var questionId: String
  /// The question's category id.
  public var category: String
  /// Competencies the question exercises: what the review schedule tracks.
  public var competencies: [String]
  /// The automatic score, 0–100.
  public var score: Double
  /// When the answer was given: decides the review day it counts for.
  public var answeredAt: Date

  /// An answer summary from its parts (as stored in an index, or in tests).
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
  /// The criterion id, unique within its rubric.
  public var id: String
  /// The criterion's title, for display.
  public var title: String
  /// Points earned, summed over answers.
  public var points: Double
  /// Points available, summed over answers; ``points`` / ``maxPoints`` is the share earned.
  public var maxPoints: Double
  /// Answers the criterion was scored in.
  public var answers: Int

  /// A tally from its parts (as stored in an index, or in tests).
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
