/// How hard a question is, for filtering and for pacing a session.
public enum Difficulty: String, Codable, Sendable, CaseIterable, Comparable {
  case easy, medium, hard

  public static func < (lhs: Difficulty, rhs: Difficulty) -> Bool {
    rank(lhs) < rank(rhs)
  }

  private static func rank(_ value: Difficulty) -> Int {
    switch value {
    case .easy: 0
    case .medium: 1
    case .hard: 2
    }
  }
}

/// An interview question from the bank (`QuestionBank/<category>/<id>.yaml`).
public struct Question: Codable, Sendable, Equatable {
  public var id: String
  public var prompt: String
  /// Category id; must equal the folder the file is in.
  public var category: String
  /// Skills the question exercises ("metrics", "trade-offs"); used for statistics and review.
  public var competencies: [String]
  public var difficulty: Difficulty
  /// How the answer is captured by default.
  public var answerForm: AnswerForm
  /// Suggested speaking time in minutes; the default for `practice --timed`.
  public var suggestedMinutes: Double
  /// Rubric ids, combined in order (a content rubric usually extends the STAR-structure one).
  public var rubrics: [String]
  /// Hints shown one at a time with `:hint`.
  public var hints: [String]
  /// Probing questions, each asked when the answer misses its criterion.
  public var followUps: [FollowUp]
  /// A strong answer in STAR form, revealed with `:model`.
  public var modelAnswer: String
  /// Free tags; `seed:` names one of the eight seed question types.
  public var tags: [String]

  public init(
    id: String, prompt: String, category: String, competencies: [String] = [],
    difficulty: Difficulty = .medium, answerForm: AnswerForm = .star, suggestedMinutes: Double = 3,
    rubrics: [String], hints: [String] = [], followUps: [FollowUp] = [], modelAnswer: String,
    tags: [String] = []
  ) {
    self.id = id
    self.prompt = prompt
    self.category = category
    self.competencies = competencies
    self.difficulty = difficulty
    self.answerForm = answerForm
    self.suggestedMinutes = suggestedMinutes
    self.rubrics = rubrics
    self.hints = hints
    self.followUps = followUps
    self.modelAnswer = modelAnswer
    self.tags = tags
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, prompt, category, competencies, difficulty, answerForm, suggestedMinutes, rubrics
    case hints, followUps, modelAnswer, tags
  }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    prompt = try c.decode(String.self, forKey: .prompt)
    category = try c.decode(String.self, forKey: .category)
    competencies = try c.decodeIfPresent([String].self, forKey: .competencies) ?? []
    difficulty = try c.decodeIfPresent(Difficulty.self, forKey: .difficulty) ?? .medium
    answerForm = try c.decodeIfPresent(AnswerForm.self, forKey: .answerForm) ?? .star
    suggestedMinutes = try c.decodeIfPresent(Double.self, forKey: .suggestedMinutes) ?? 3
    if let one = try? c.decode(String.self, forKey: .rubrics) {
      rubrics = [one]
    } else {
      rubrics = try c.decode([String].self, forKey: .rubrics)
    }
    hints = try c.decodeIfPresent([String].self, forKey: .hints) ?? []
    followUps = try c.decodeIfPresent([FollowUp].self, forKey: .followUps) ?? []
    modelAnswer = try c.decode(String.self, forKey: .modelAnswer)
    tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
  }
}

/// A probing question an interviewer asks when the answer misses a criterion.
public struct FollowUp: Codable, Sendable, Equatable {
  /// The criterion whose absence triggers this follow-up.
  public var criterion: String
  public var prompt: String

  public init(criterion: String, prompt: String) {
    self.criterion = criterion
    self.prompt = prompt
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case criterion, prompt }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    criterion = try c.decode(String.self, forKey: .criterion)
    prompt = try c.decode(String.self, forKey: .prompt)
  }
}

/// The bank's own file (`QuestionBank/bank.yaml`): its version and its categories.
public struct BankManifest: Codable, Sendable, Equatable {
  public var version: String
  public var title: String
  /// The fewest questions a category may have; `rehearse check` fails below it.
  public var minQuestionsPerCategory: Int
  public var categories: [Category]

  public init(version: String, title: String, minQuestionsPerCategory: Int = 4, categories: [Category]) {
    self.version = version
    self.title = title
    self.minQuestionsPerCategory = minQuestionsPerCategory
    self.categories = categories
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, title, minQuestionsPerCategory, categories
  }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    version = try c.decode(String.self, forKey: .version)
    title = try c.decodeIfPresent(String.self, forKey: .title) ?? "Rehearse question bank"
    minQuestionsPerCategory = try c.decodeIfPresent(Int.self, forKey: .minQuestionsPerCategory) ?? 4
    categories = try c.decode([Category].self, forKey: .categories)
  }
}

/// A category of questions; its id is also the folder name under `QuestionBank/`.
public struct Category: Codable, Sendable, Equatable {
  public var id: String
  public var title: String
  public var description: String?

  public init(id: String, title: String, description: String? = nil) {
    self.id = id
    self.title = title
    self.description = description
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case id, title, description }

  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    title = try c.decode(String.self, forKey: .title)
    description = try c.decodeIfPresent(String.self, forKey: .description)
  }
}
