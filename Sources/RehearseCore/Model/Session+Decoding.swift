import Foundation

// Reading session documents written by hand or by an older Rehearse: only what cannot be
// inferred is required (see docs/SESSIONS.md and docs/session.schema.json); everything else
// takes the value Rehearse would have written. Writing is unchanged (every field is written).

extension Session {
  private enum ReadingKeys: String, CodingKey {
    case schemaVersion, id, rehearseVersion, bankVersion, startedAt, updatedAt, endedAt, status, mode, settings
    case plan, answers, grades, draft
  }

  /// Reads a session document written by hand or by an older Rehearse: only what cannot be inferred is
  /// required (see `docs/SESSIONS.md`); missing fields take the values Rehearse would have written.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ReadingKeys.self)
    schemaVersion = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? Self.currentSchemaVersion
    id = try c.decode(String.self, forKey: .id)
    rehearseVersion = try c.decodeIfPresent(String.self, forKey: .rehearseVersion) ?? "unknown"
    bankVersion = try c.decodeIfPresent(String.self, forKey: .bankVersion) ?? "unknown"
    startedAt = try c.decode(Date.self, forKey: .startedAt)
    answers = try c.decodeIfPresent([AnswerRecord].self, forKey: .answers) ?? []
    grades = try c.decodeIfPresent([MentorGrade].self, forKey: .grades) ?? []
    draft = try c.decodeIfPresent(AnswerDraft.self, forKey: .draft)
    endedAt = try c.decodeIfPresent(Date.self, forKey: .endedAt)
    let lastActivity = ([startedAt] + answers.map(\.answeredAt) + grades.map(\.gradedAt)).max() ?? startedAt
    updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt) ?? lastActivity
    status = try c.decodeIfPresent(SessionStatus.self, forKey: .status) ?? (endedAt == nil ? .inProgress : .completed)
    mode = try c.decodeIfPresent(AnswerForm.self, forKey: .mode) ?? answers.first?.mode ?? .star
    settings = try c.decodeIfPresent(SessionSettings.self, forKey: .settings) ?? SessionSettings()
    if let plan = try c.decodeIfPresent([String].self, forKey: .plan) {
      self.plan = plan
    } else {
      var seen = Set<String>()
      self.plan = answers.filter { $0.kind == .main && seen.insert($0.questionId).inserted }.map(\.questionId)
    }
  }
}

extension AnswerRecord {
  private enum ReadingKeys: String, CodingKey {
    case id, kind, questionId, category, competencies, prompt, attempt, parentId, followUpCriterion, mode, form, answer
    case skipped, rubrics, rubricHash, bankVersion, report, hintsUsed, rubricShown, modelRevealed, timeLimitSeconds
    case timeUsedSeconds, startedAt, answeredAt
  }

  /// Reads one answer of a session document; fields Rehearse can infer may be missing (see
  /// `docs/SESSIONS.md`).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ReadingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    kind = try c.decodeIfPresent(AnswerKind.self, forKey: .kind) ?? .main
    questionId = try c.decode(String.self, forKey: .questionId)
    category = try c.decode(String.self, forKey: .category)
    competencies = try c.decodeIfPresent([String].self, forKey: .competencies) ?? []
    prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? ""
    attempt = try c.decodeIfPresent(Int.self, forKey: .attempt) ?? 1
    parentId = try c.decodeIfPresent(String.self, forKey: .parentId)
    followUpCriterion = try c.decodeIfPresent(String.self, forKey: .followUpCriterion)
    answer = try c.decode(Answer.self, forKey: .answer)
    mode = try c.decodeIfPresent(AnswerForm.self, forKey: .mode) ?? (answer.freeText == nil ? .star : .free)
    report = try c.decodeIfPresent(ScoreReport.self, forKey: .report)
    // Answers saved before case answers existed are stories.
    form = try c.decodeIfPresent(QuestionForm.self, forKey: .form) ?? report?.structure.form ?? .star
    skipped = try c.decodeIfPresent(Bool.self, forKey: .skipped) ?? false
    rubrics = try c.decodeIfPresent([RubricReference].self, forKey: .rubrics) ?? report?.rubrics ?? []
    rubricHash = try c.decodeIfPresent(String.self, forKey: .rubricHash) ?? report?.rubricHash ?? ""
    bankVersion = try c.decodeIfPresent(String.self, forKey: .bankVersion) ?? "unknown"
    hintsUsed = try c.decodeIfPresent([String].self, forKey: .hintsUsed) ?? []
    rubricShown = try c.decodeIfPresent(Bool.self, forKey: .rubricShown) ?? false
    modelRevealed = try c.decodeIfPresent(Bool.self, forKey: .modelRevealed) ?? false
    timeLimitSeconds = try c.decodeIfPresent(Int.self, forKey: .timeLimitSeconds)
    timeUsedSeconds = try c.decodeIfPresent(Double.self, forKey: .timeUsedSeconds) ?? 0
    answeredAt = try c.decode(Date.self, forKey: .answeredAt)
    startedAt = try c.decodeIfPresent(Date.self, forKey: .startedAt) ?? answeredAt.addingTimeInterval(-timeUsedSeconds)
  }
}
