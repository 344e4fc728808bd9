/// How hard a question is, for filtering and for pacing a session.
public enum Difficulty: String, Codable, Sendable, CaseIterable, Comparable {
  case easy, medium, hard

  /// Easy before medium before hard.
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
  /// Unique id across the bank; also the file name without `.yaml`.
  public var id: String
  /// The question as the interviewer asks it.
  public var prompt: String
  /// Category id; must equal the folder the file is in.
  public var category: String
  /// Skills the question exercises ("metrics", "trade-offs"); used for statistics and review.
  public var competencies: [String]
  /// How hard the question is; `medium` when the file does not say.
  public var difficulty: Difficulty
  /// The answer forms the question accepts, in order of preference: a STAR story, a case, or
  /// either (the candidate picks).
  public var forms: [QuestionForm]
  /// Career tracks the question belongs to (ids from the bank's `tracks`).
  public var tracks: [String]
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
  /// A strong answer per accepted form, revealed with `:model`.
  public var modelAnswers: [QuestionForm: String]
  /// Free tags; `seed:` names one of the eight seed question types.
  public var tags: [String]

  init(
    id: String, prompt: String, category: String, competencies: [String] = [],
    difficulty: Difficulty = .medium, forms: [QuestionForm] = [.star], tracks: [String] = [],
    answerForm: AnswerForm = .star, suggestedMinutes: Double = 3,
    rubrics: [String], hints: [String] = [], followUps: [FollowUp] = [], modelAnswer: String,
    tags: [String] = []
  ) {
    self.forms = forms
    self.tracks = tracks
    self.modelAnswers = [forms.first ?? .star: modelAnswer]
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
    self.tags = tags
  }

  /// The form an answer takes when nobody chose one: the question's first.
  public var defaultForm: QuestionForm { forms.first ?? .star }

  /// Whether the candidate may answer in `form`.
  public func accepts(_ form: QuestionForm) -> Bool { forms.contains(form) }

  /// The model answer for `form`, else the default form's.
  public func modelAnswer(for form: QuestionForm) -> String {
    modelAnswers[form] ?? modelAnswer
  }

  /// The model answer in the question's default form.
  public var modelAnswer: String {
    modelAnswers[defaultForm] ?? QuestionForm.allCases.lazy.compactMap { modelAnswers[$0] }.first ?? ""
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, prompt, category, tracks, forms, competencies, difficulty, answerForm, suggestedMinutes, rubrics
    case hints, followUps, modelAnswer, tags
  }

  /// `modelAnswer:` holds one text, or one per form (`star:` and `case:`).
  struct FormKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// Reads a question file, rejecting unknown keys (a typo such as `hnit:` is an error, not silently
  /// dropped); optional fields take their documented defaults (`difficulty: medium`, `forms: [star]`, three
  /// suggested minutes).
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    prompt = try c.decode(String.self, forKey: .prompt)
    category = try c.decode(String.self, forKey: .category)
    competencies = try c.decodeIfPresent([String].self, forKey: .competencies) ?? []
    difficulty = try c.decodeIfPresent(Difficulty.self, forKey: .difficulty) ?? .medium
    forms = try c.decodeIfPresent([QuestionForm].self, forKey: .forms) ?? [.star]
    tracks = try c.decodeIfPresent([String].self, forKey: .tracks) ?? []
    answerForm = try c.decodeIfPresent(AnswerForm.self, forKey: .answerForm) ?? .star
    suggestedMinutes = try c.decodeIfPresent(Double.self, forKey: .suggestedMinutes) ?? 3
    if let one = try? c.decode(String.self, forKey: .rubrics) {
      rubrics = [one]
    } else {
      rubrics = try c.decode([String].self, forKey: .rubrics)
    }
    hints = try c.decodeIfPresent([String].self, forKey: .hints) ?? []
    followUps = try c.decodeIfPresent([FollowUp].self, forKey: .followUps) ?? []
    if let one = try? c.decode(String.self, forKey: .modelAnswer) {
      modelAnswers = [forms.first ?? .star: one]
    } else {
      let perForm = try c.nestedContainer(keyedBy: FormKey.self, forKey: .modelAnswer)
      var answers: [QuestionForm: String] = [:]
      for key in perForm.allKeys {
        guard let form = QuestionForm(rawValue: key.stringValue) else {
          throw DecodingError.dataCorruptedError(
            forKey: key, in: perForm,
            debugDescription: "modelAnswer has one text per form, 'star' or 'case', not '\(key.stringValue)'")
        }
        answers[form] = try perForm.decode(String.self, forKey: key)
      }
      modelAnswers = answers
    }
    tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
  }

  /// Writes every field in file order; a single model answer for the default form is written as one string,
  /// otherwise one per form.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(prompt, forKey: .prompt)
    try c.encode(category, forKey: .category)
    try c.encode(tracks, forKey: .tracks)
    try c.encode(forms, forKey: .forms)
    try c.encode(competencies, forKey: .competencies)
    try c.encode(difficulty, forKey: .difficulty)
    try c.encode(answerForm, forKey: .answerForm)
    try c.encode(suggestedMinutes, forKey: .suggestedMinutes)
    try c.encode(rubrics, forKey: .rubrics)
    try c.encode(hints, forKey: .hints)
    try c.encode(followUps, forKey: .followUps)
    if modelAnswers.count == 1, let only = modelAnswers.first, only.key == defaultForm {
      try c.encode(only.value, forKey: .modelAnswer)
    } else {
      var perForm = c.nestedContainer(keyedBy: FormKey.self, forKey: .modelAnswer)
      for form in QuestionForm.allCases {
        if let text = modelAnswers[form] { try perForm.encode(text, forKey: FormKey(stringValue: form.rawValue)) }
      }
    }
    try c.encode(tags, forKey: .tags)
  }
}

/// A probing question an interviewer asks when the answer misses a criterion.
public struct FollowUp: Codable, Sendable, Equatable {
  /// The criterion whose absence triggers this follow-up.
  public var criterion: String
  /// What the interviewer asks.
  public var prompt: String

  init(criterion: String, prompt: String) {
    self.criterion = criterion
    self.prompt = prompt
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case criterion, prompt }

  /// Reads a follow-up, rejecting unknown keys; both keys are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    criterion = try c.decode(String.self, forKey: .criterion)
    prompt = try c.decode(String.self, forKey: .prompt)
  }
}

/// The bank's own file (`QuestionBank/bank.yaml`): its version and its categories.
public struct BankManifest: Codable, Sendable, Equatable {
  /// The bank's version, recorded with every saved answer.
  public var version: String
  /// The bank's name, for display; "Rehearse question bank" when not given.
  public var title: String
  /// The fewest questions a category may have; `rehearse check` fails below it.
  public var minQuestionsPerCategory: Int
  /// The categories, in the order questions are listed and planned.
  public var categories: [Category]
  /// The career tracks questions belong to (NLP, vision, …).
  public var tracks: [Track]

  init(
    version: String, title: String, minQuestionsPerCategory: Int = 4, categories: [Category], tracks: [Track] = []
  ) {
    self.tracks = tracks
    self.version = version
    self.title = title
    self.minQuestionsPerCategory = minQuestionsPerCategory
    self.categories = categories
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case version, title, minQuestionsPerCategory, categories, tracks
  }

  /// Reads `bank.yaml`, rejecting unknown keys; `version` and `categories` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    version = try c.decode(String.self, forKey: .version)
    title = try c.decodeIfPresent(String.self, forKey: .title) ?? "Rehearse question bank"
    minQuestionsPerCategory = try c.decodeIfPresent(Int.self, forKey: .minQuestionsPerCategory) ?? 4
    categories = try c.decode([Category].self, forKey: .categories)
    tracks = try c.decodeIfPresent([Track].self, forKey: .tracks) ?? []
  }
}

/// A career track of AI product management (NLP, computer vision, …), for choosing
/// questions: an id, a title and a description, like a category.
public typealias Track = Category

/// A category of questions (its id is also the folder name under `QuestionBank/`), or a
/// career track (see ``Track``).
public struct Category: Codable, Sendable, Equatable {
  /// The id; for a category also its folder name under `QuestionBank/`.
  public var id: String
  /// The title, for display.
  public var title: String
  /// What it covers, in a sentence or two; optional.
  public var description: String?

  init(id: String, title: String, description: String? = nil) {
    self.id = id
    self.title = title
    self.description = description
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case id, title, description }

  /// Reads a category or track, rejecting unknown keys; `id` and `title` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    title = try c.decode(String.self, forKey: .title)
    description = try c.decodeIfPresent(String.self, forKey: .description)
  }
}
