import Foundation

/// One practice (or mock-interview) session: every answer given, as it was scored, plus
/// mentor grades. Stored as one JSON document per session under `<data home>/sessions/`.
public struct Session: Codable, Sendable, Equatable {
  /// The schema this code writes. Older documents are migrated on read.
  public static let currentSchemaVersion = 1

  /// The schema the document was written in; older ones are migrated on read, newer ones refused.
  public var schemaVersion: Int
  /// `YYYYMMDD-HHMMSS-xxxx`: sortable, safe as a file name.
  public var id: String
  /// The Rehearse version that started the session.
  public var rehearseVersion: String
  /// The question bank's version when the session started (each answer records its own too).
  public var bankVersion: String
  /// When the session was started.
  public var startedAt: Date
  /// When the session was last saved; every save moves it.
  public var updatedAt: Date
  /// When the session was completed; nil while in progress.
  public var endedAt: Date?
  /// In progress (resumable with `practice --resume`) or completed.
  public var status: SessionStatus
  /// How answers were captured by default.
  public var mode: AnswerForm
  /// The options the session was started with.
  public var settings: SessionSettings
  /// Question ids in the order they will be asked.
  public var plan: [String]
  /// Every answer, follow-up answer, redo and skip, in the order given.
  public var answers: [AnswerRecord]
  /// Grades given by mentors, per answer and mentor.
  public var grades: [MentorGrade]
  /// The answer being typed when the session was interrupted (Ctrl-C or `:quit` in the middle
  /// of it), which `practice --resume` restores; nil when none. Never scored or counted.
  public var draft: AnswerDraft?

  /// A new, empty session in progress: no answers or grades yet, `updatedAt` equal to `startedAt`.
  public init(
    id: String, rehearseVersion: String, bankVersion: String, startedAt: Date, mode: AnswerForm,
    settings: SessionSettings, plan: [String]
  ) {
    schemaVersion = Self.currentSchemaVersion
    self.id = id
    self.rehearseVersion = rehearseVersion
    self.bankVersion = bankVersion
    self.startedAt = startedAt
    updatedAt = startedAt
    endedAt = nil
    status = .inProgress
    self.mode = mode
    self.settings = settings
    self.plan = plan
    answers = []
    grades = []
    draft = nil
  }

  /// Scored main answers (not skips, not follow-ups): what averages are made of.
  public var scoredAnswers: [AnswerRecord] {
    answers.filter { $0.kind == .main && $0.report != nil }
  }

  /// Mean score of the scored main answers, or nil when there are none.
  public var averageScore: Double? {
    let scores = scoredAnswers.compactMap { $0.report?.score }
    guard !scores.isEmpty else { return nil }
    return (scores.reduce(0, +) / Double(scores.count) * 10).rounded() / 10
  }

  /// Question ids of the plan that have no main answer or skip yet.
  public var remainingQuestionIds: [String] {
    let done = Set(answers.filter { $0.kind == .main }.map(\.questionId))
    return plan.filter { !done.contains($0) }
  }
}

/// An answer begun but not finished: what was typed so far, kept with its session.
public struct AnswerDraft: Codable, Sendable, Equatable {
  /// The question being answered.
  public var questionId: String
  /// How it was being captured.
  public var mode: AnswerForm
  /// What it is: a story or a case; nil for drafts kept before case answers existed (stories).
  public var form: QuestionForm?
  /// The text so far (per section in guided mode).
  public var answer: Answer
  /// The section being typed when it was interrupted (guided mode).
  public var section: AnswerSection?
  /// Hints shown so far with `:hint`, in order; carried into the finished answer.
  public var hintsUsed: [String]
  /// When the answer was begun (its time so far counts when it is finished).
  public var startedAt: Date
  var savedAt: Date

  /// A draft of an answer to `questionId`, as typed up to `savedAt`.
  public init(
    questionId: String, mode: AnswerForm, form: QuestionForm? = nil, answer: Answer, section: AnswerSection?,
    hintsUsed: [String], startedAt: Date, savedAt: Date
  ) {
    self.form = form
    self.questionId = questionId
    self.mode = mode
    self.answer = answer
    self.section = section
    self.hintsUsed = hintsUsed
    self.startedAt = startedAt
    self.savedAt = savedAt
  }
}

/// Whether a session can still be resumed.
public enum SessionStatus: String, Codable, Sendable {
  case inProgress = "in-progress"
  case completed
}

/// The options a session was started with, kept so `--resume` continues the same way.
public struct SessionSettings: Codable, Sendable, Equatable {
  /// Only questions of this category (`--category`); nil for all.
  public var category: String?
  /// Only questions of this difficulty (`--difficulty`); nil for all.
  public var difficulty: Difficulty?
  /// How many questions were asked for (`--count`); nil for the default.
  public var count: Int?
  /// The seed that chose and ordered the questions, so a session can be replayed.
  public var seed: UInt64?
  /// Per-question time limit in seconds; nil when untimed. 0 means "the question's own".
  public var timedSeconds: Int?
  /// A mentor sitting in (in-person mock interview).
  public var mentor: String?
  /// The career track questions were chosen from (`--track`).
  public var track: String?
  /// The answer form asked for (`--form`); nil: each question's own.
  public var form: QuestionForm?

  /// Settings as given on the command line; every one is optional.
  public init(
    category: String? = nil, difficulty: Difficulty? = nil, count: Int? = nil, seed: UInt64? = nil,
    timedSeconds: Int? = nil, mentor: String? = nil, track: String? = nil, form: QuestionForm? = nil
  ) {
    self.track = track
    self.form = form
    self.category = category
    self.difficulty = difficulty
    self.count = count
    self.seed = seed
    self.timedSeconds = timedSeconds
    self.mentor = mentor
  }
}

/// What kind of answer a record holds.
public enum AnswerKind: String, Codable, Sendable {
  /// The answer to a planned question (a `:redo` adds another with a higher attempt).
  case main
  /// The answer to a follow-up question asked after a main answer.
  case followUp = "follow-up"
}

/// One answer as given and scored, with everything needed to reproduce its score.
public struct AnswerRecord: Codable, Sendable, Equatable {
  /// `a1`, `a2`, … unique in the session.
  public var id: String
  /// A main answer or a follow-up answer.
  public var kind: AnswerKind
  /// The question answered (for a follow-up, the main question it follows).
  public var questionId: String
  /// The question's category id when answered.
  public var category: String
  /// The question's competencies when answered: what statistics and the review plan count it for.
  public var competencies: [String]
  /// The question (or follow-up) as asked.
  public var prompt: String
  /// 1 for the first attempt; `:redo` adds attempt 2, 3, …
  public var attempt: Int
  /// For a follow-up: the main answer it follows, and the criterion that triggered it.
  public var parentId: String?
  /// The id of the criterion whose miss triggered the follow-up.
  public var followUpCriterion: String?
  /// How the answer was captured: part by part (guided) or free-form.
  public var mode: AnswerForm
  /// What the answer is: a STAR story or a case.
  public var form: QuestionForm
  /// The text as given, per section or as one text.
  public var answer: Answer
  /// True when the person skipped the question; such a record has no report and counts in no score.
  public var skipped: Bool
  /// The rubric set used, its content hash and the bank version: the score's provenance.
  public var rubrics: [RubricReference]
  /// Content hash of the rubric set when scored; a different hash means the rubric changed since.
  public var rubricHash: String
  /// The bank's version when the answer was scored.
  public var bankVersion: String
  /// Nil when skipped.
  public var report: ScoreReport?
  /// Hints shown with `:hint`, in order.
  public var hintsUsed: [String]
  /// True when the person asked to see the rubric while answering.
  public var rubricShown: Bool
  /// True when the person asked to see the model answer while answering.
  public var modelRevealed: Bool
  /// The time limit in seconds, when the session was timed.
  public var timeLimitSeconds: Int?
  /// Seconds from the question being shown to the answer being finished.
  public var timeUsedSeconds: Double
  /// When the question was shown.
  public var startedAt: Date
  /// When the answer was finished (or skipped).
  public var answeredAt: Date

  /// A record of one answer as given; `report` is nil for a skipped answer.
  public init(
    id: String, kind: AnswerKind, questionId: String, category: String, competencies: [String], prompt: String,
    attempt: Int = 1, parentId: String? = nil, followUpCriterion: String? = nil, mode: AnswerForm,
    form: QuestionForm = .star, answer: Answer,
    skipped: Bool = false, rubrics: [RubricReference], rubricHash: String, bankVersion: String,
    report: ScoreReport?, hintsUsed: [String] = [], rubricShown: Bool = false, modelRevealed: Bool = false,
    timeLimitSeconds: Int? = nil, timeUsedSeconds: Double, startedAt: Date, answeredAt: Date
  ) {
    self.id = id
    self.kind = kind
    self.questionId = questionId
    self.category = category
    self.competencies = competencies
    self.prompt = prompt
    self.attempt = attempt
    self.parentId = parentId
    self.followUpCriterion = followUpCriterion
    self.mode = mode
    self.form = form
    self.answer = answer
    self.skipped = skipped
    self.rubrics = rubrics
    self.rubricHash = rubricHash
    self.bankVersion = bankVersion
    self.report = report
    self.hintsUsed = hintsUsed
    self.rubricShown = rubricShown
    self.modelRevealed = modelRevealed
    self.timeLimitSeconds = timeLimitSeconds
    self.timeUsedSeconds = timeUsedSeconds
    self.startedAt = startedAt
    self.answeredAt = answeredAt
  }

  /// True when the answer ran past its time limit.
  public var overTime: Bool {
    guard let limit = timeLimitSeconds else { return false }
    return timeUsedSeconds > Double(limit)
  }
}

/// A mentor's grade of one answer, criterion by criterion. Never overwrites the automatic
/// score or another mentor's grade.
public struct MentorGrade: Codable, Sendable, Equatable {
  /// The mentor's name; an answer holds at most one grade per mentor.
  public var mentor: String
  /// The answer graded (``AnswerRecord/id``).
  public var answerId: String
  /// When the grade was given.
  public var gradedAt: Date
  /// Points per criterion of the answer's rubric set, in rubric order.
  public var criteria: [CriterionGrade]
  /// Sum of the criterion points, 0–100 (same scale as the automatic score).
  public var score: Double
  /// The band the mentor chose from the rubric's bands; optional.
  public var band: String?
  /// The mentor's overall comment; optional.
  public var comment: String?
  /// How the grade arrived: interactively, from a packet, or in person during practice.
  public var source: GradeSource

  /// A grade as given; `score` should be the sum of the criteria's points.
  public init(
    mentor: String, answerId: String, gradedAt: Date, criteria: [CriterionGrade], score: Double, band: String?,
    comment: String?, source: GradeSource
  ) {
    self.mentor = mentor
    self.answerId = answerId
    self.gradedAt = gradedAt
    self.criteria = criteria
    self.score = score
    self.band = band
    self.comment = comment
    self.source = source
  }
}

/// A mentor's points for one criterion of an answer.
public struct CriterionGrade: Codable, Sendable, Equatable {
  /// The criterion, by its id in the answer's rubric set.
  public var criterionId: String
  /// Points given, 0 to ``maxPoints``.
  public var points: Double
  /// The criterion's maximum points in the automatic score, so both scales match.
  public var maxPoints: Double
  /// The mentor's note on this criterion; optional.
  public var comment: String?

  /// Points for `criterionId`, out of `maxPoints`.
  public init(criterionId: String, points: Double, maxPoints: Double, comment: String? = nil) {
    self.criterionId = criterionId
    self.points = points
    self.maxPoints = maxPoints
    self.comment = comment
  }
}

/// How a mentor grade reached the session: graded interactively with `rehearse grade`, imported from a
/// packet, or given in person during practice.
public enum GradeSource: String, Codable, Sendable {
  case interactive, packet
  case inPerson = "in-person"
}
