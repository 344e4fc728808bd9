/// A scoring rubric: the criteria an answer is judged on, written by hand in `Rubrics/*.yaml`.
///
/// A rubric may `extend` shared rubrics (for example the generic STAR-structure rubric); use
/// ``RubricSet`` to combine them before scoring. See `docs/FORMATS.md` for the file format.
public struct Rubric: Codable, Sendable, Equatable {
  /// Unique id, referenced by questions (`rubrics: [metrics-rec]`).
  public var id: String
  /// Bumped by the author whenever scoring changes; recorded with every saved answer.
  public var version: Int
  /// The title shown with scores and in `rehearse rubric show`.
  public var title: String
  /// Ids of shared rubrics whose criteria, structure rules and bands this one adds to.
  public var extends: [String]
  /// Content criteria, in the order feedback lists them.
  public var criteria: [Criterion]
  /// Extra credit for going beyond the criteria.
  public var bonus: [BonusConcept]
  /// Phrases that cost points wherever they appear.
  public var redFlags: [RedFlag]
  /// Rules on the answer's shape (sections, quantified result, ownership, length); usually set only by the
  /// shared structure rubrics.
  public var structure: StructureRules?
  /// Score bands; nil to inherit them from an extended rubric, or ``Band/standard``.
  public var bands: [Band]?
  /// Rubric points → score; the most specific rubric's curve wins (see ``ScoreCurve``).
  public var calibration: ScoreCurve?
  /// Example answers with the score range each must land in; `rehearse check` scores them all.
  public var examples: [ExampleAnswer]

  init(
    id: String, version: Int = 1, title: String, extends: [String] = [],
    criteria: [Criterion] = [], bonus: [BonusConcept] = [], redFlags: [RedFlag] = [],
    structure: StructureRules? = nil, bands: [Band]? = nil, calibration: ScoreCurve? = nil,
    examples: [ExampleAnswer] = []
  ) {
    self.calibration = calibration
    self.id = id
    self.version = version
    self.title = title
    self.extends = extends
    self.criteria = criteria
    self.bonus = bonus
    self.redFlags = redFlags
    self.structure = structure
    self.bands = bands
    self.examples = examples
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, version, title, extends, criteria, bonus, redFlags, structure, bands, calibration, examples
  }

  /// Reads a rubric file, rejecting unknown keys so a typo is reported rather than ignored; `id` and `title`
  /// are required, `version` defaults to 1 and the lists to empty.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    title = try c.decode(String.self, forKey: .title)
    extends = try c.decodeIfPresent([String].self, forKey: .extends) ?? []
    criteria = try c.decodeIfPresent([Criterion].self, forKey: .criteria) ?? []
    bonus = try c.decodeIfPresent([BonusConcept].self, forKey: .bonus) ?? []
    redFlags = try c.decodeIfPresent([RedFlag].self, forKey: .redFlags) ?? []
    structure = try c.decodeIfPresent(StructureRules.self, forKey: .structure)
    bands = try c.decodeIfPresent([Band].self, forKey: .bands)
    calibration = try c.decodeIfPresent(ScoreCurve.self, forKey: .calibration)
    examples = try c.decodeIfPresent([ExampleAnswer].self, forKey: .examples) ?? []
  }

  /// The answer form a structure rubric judges (the form of the sections it requires); nil
  /// for a content rubric.
  public var form: QuestionForm? { structure?.sections?.required.first?.form }
}

/// How many of a criterion's concepts an answer must show for full credit.
public enum MatchRule: Sendable, Equatable, Codable {
  /// Any one concept earns full credit.
  case any
  /// Every concept is needed; partial credit per concept shown.
  case all
  /// At least `n` concepts for full credit; partial credit below.
  case atLeast(Int)

  /// Reads `any`, `all`, `at least N` (or a bare number N); anything else is a decoding error that lists the
  /// accepted forms.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let n = try? c.decode(Int.self) {
      self = .atLeast(n)
      return
    }
    let text = try c.decode(String.self)
    switch text.lowercased() {
    case "any", "any-of", "anyof": self = .any
    case "all", "all-of", "allof": self = .all
    default:
      let parts = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" })
      if parts.count == 3, parts[0] == "at", parts[1] == "least", let n = Int(parts[2]) {
        self = .atLeast(n)
      } else {
        throw DecodingError.dataCorruptedError(
          in: c,
          debugDescription:
            "match must be 'any', 'all' or 'at least N' (for example 'at least 2'), not '\(text)'")
      }
    }
  }

  /// Writes `any`, `all` or `at least N`, as an author would.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .any: try c.encode("any")
    case .all: try c.encode("all")
    case .atLeast(let n): try c.encode("at least \(n)")
    }
  }

  /// How many matched concepts earn full credit, given the number of concepts.
  public func required(outOf count: Int) -> Int {
    switch self {
    case .any: return min(1, count)
    case .all: return count
    case .atLeast(let n): return min(n, count)
    }
  }
}

/// A content criterion: a skill or idea the answer should show, expressed by concepts.
public struct Criterion: Codable, Sendable, Equatable {
  /// Unique within the rubric; recorded in score reports and mentor grades.
  public var id: String
  /// What the criterion checks, shown in feedback ("Names a guardrail metric").
  public var title: String
  /// Relative weight; criteria are scaled so that a rubric's maximum is 100 points.
  public var weight: Double
  /// How many of the concepts earn full credit; `any` when not given.
  public var match: MatchRule
  /// When set, concepts only count in these STAR sections (e.g. `[action, result]`); a case
  /// answer ignores a scope of STAR sections.
  public var scope: [AnswerSection]?
  /// The ideas that satisfy the criterion.
  public var concepts: [Concept]
  /// Shown when the criterion is met ("You named a guardrail metric").
  public var hit: String?
  /// Shown when it is missed: what to add and how.
  public var hint: String

  init(
    id: String, title: String, weight: Double = 1, match: MatchRule = .any,
    scope: [AnswerSection]? = nil, concepts: [Concept], hit: String? = nil, hint: String
  ) {
    self.id = id
    self.title = title
    self.weight = weight
    self.match = match
    self.scope = scope
    self.concepts = concepts
    self.hit = hit
    self.hint = hint
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case id, title, weight, match, scope, concepts, hit, hint
  }

  /// Reads a criterion, rejecting unknown keys; `id`, `title`, `concepts` and `hint` are required, `weight`
  /// defaults to 1.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    title = try c.decode(String.self, forKey: .title)
    weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
    match = try c.decodeIfPresent(MatchRule.self, forKey: .match) ?? .any
    scope = try c.decodeIfPresent([AnswerSection].self, forKey: .scope)
    concepts = try c.decode([Concept].self, forKey: .concepts)
    hit = try c.decodeIfPresent(String.self, forKey: .hit)
    hint = try c.decode(String.self, forKey: .hint)
  }
}

/// An idea, named once and expressed by exact phrases or by key terms said near each other.
///
/// Phrases are matched on stemmed words, in order, tolerating one typo in long words;
/// `"guardrail metric"` matches "guardrail metrics" and "guard-rail metric". A `near` entry
/// such as `"wrap|abstract vendor|provider"` matches when one word of each term occurs in one
/// sentence, in any order, within ``ProximityPattern/window`` content words; its terms are
/// expanded with lexical relations (WordNet) when the rubric is compiled.
public struct Concept: Codable, Sendable, Equatable {
  /// The concept's name, reported as evidence; also matched as its first phrase.
  public var name: String
  /// Exact phrases that express it, the name first; matched on stems, in order.
  public var phrases: [String]
  /// Key-term entries: terms separated by spaces, alternatives of a term by `|`.
  public var near: [String]
  /// When true the concept is a negative statement ("not connected"): it is credited only
  /// when the answer states it negated, and a plain mention does not count.
  public var negated: Bool

  init(name: String, phrases: [String], near: [String] = [], negated: Bool = false) {
    self.name = name
    self.phrases = phrases
    self.near = near
    self.negated = negated
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, phrases, near, negated }

  /// Reads a concept: a bare string (its own only phrase), or an object with `name` and optional `phrases`,
  /// `near` and `negated`; the name is always added as the first phrase.
  public init(from decoder: any Decoder) throws {
    // A bare string is a concept whose only phrase is its name.
    if let single = try? decoder.singleValueContainer().decode(String.self) {
      name = single
      phrases = [single]
      near = []
      negated = false
      return
    }
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    phrases = try c.decodeIfPresent([String].self, forKey: .phrases) ?? []
    near = try c.decodeIfPresent([String].self, forKey: .near) ?? []
    negated = try c.decodeIfPresent(Bool.self, forKey: .negated) ?? false
    if !phrases.contains(name) { phrases.insert(name, at: 0) }
  }

  /// Writes the object form, leaving out `near` and `negated` when they are empty or false.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(phrases, forKey: .phrases)
    if !near.isEmpty { try c.encode(near, forKey: .near) }
    if negated { try c.encode(negated, forKey: .negated) }
  }
}

/// Extra credit for going beyond the criteria (a rare insight, a second-order effect).
public struct BonusConcept: Codable, Sendable, Equatable {
  /// Names the bonus in score reports.
  public var name: String
  /// Points added when any phrase matches; 3 when not given.
  public var points: Double
  /// Phrases that earn the bonus, matched like a concept's.
  public var phrases: [String]
  /// Feedback when it is earned; optional.
  public var message: String?

  init(name: String, points: Double, phrases: [String], message: String? = nil) {
    self.name = name
    self.points = points
    self.phrases = phrases
    self.message = message
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, points, phrases, message }

  /// Reads a bonus, rejecting unknown keys; `name` and `phrases` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    points = try c.decodeIfPresent(Double.self, forKey: .points) ?? 3
    phrases = try c.decode([String].self, forKey: .phrases)
    message = try c.decodeIfPresent(String.self, forKey: .message)
  }
}

/// Words a real interviewer would mark down ("ship it anyway"), with the points they cost.
public struct RedFlag: Codable, Sendable, Equatable {
  /// Names the flag in score reports.
  public var name: String
  /// Points subtracted when any phrase matches; 5 when not given.
  public var penalty: Double
  /// Phrases that raise the flag, matched like a concept's.
  public var phrases: [String]
  /// Why it costs points and what to say instead.
  public var message: String

  init(name: String, penalty: Double, phrases: [String], message: String) {
    self.name = name
    self.penalty = penalty
    self.phrases = phrases
    self.message = message
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case name, penalty, phrases, message }

  /// Reads a red flag, rejecting unknown keys; `name`, `phrases` and `message` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    penalty = try c.decodeIfPresent(Double.self, forKey: .penalty) ?? 5
    phrases = try c.decode([String].self, forKey: .phrases)
    message = try c.decode(String.self, forKey: .message)
  }
}

/// Rules on the shape of an answer, each worth a weight like a content criterion.
public struct StructureRules: Codable, Sendable, Equatable {
  /// STAR sections that must be present.
  public var sections: SectionsRule?
  /// The Result carries a number: a percentage, money, a duration, a multiplier.
  public var quantifiedResult: WeightedRule?
  /// The Action is told in the first person singular ("I"), not only "we".
  public var ownership: WeightedRule?
  /// The answer's length in words (about 150 words a minute when spoken).
  public var length: LengthRule?

  init(
    sections: SectionsRule? = nil, quantifiedResult: WeightedRule? = nil,
    ownership: WeightedRule? = nil, length: LengthRule? = nil
  ) {
    self.sections = sections
    self.quantifiedResult = quantifiedResult
    self.ownership = ownership
    self.length = length
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case sections, quantifiedResult, ownership, length
  }

  /// Reads structure rules, rejecting unknown keys; every rule is optional.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    sections = try c.decodeIfPresent(SectionsRule.self, forKey: .sections)
    quantifiedResult = try c.decodeIfPresent(WeightedRule.self, forKey: .quantifiedResult)
    ownership = try c.decodeIfPresent(WeightedRule.self, forKey: .ownership)
    length = try c.decodeIfPresent(LengthRule.self, forKey: .length)
  }

  /// Rules from `other` fill the ones this set leaves out.
  func merged(over other: StructureRules?) -> StructureRules {
    guard let other else { return self }
    return StructureRules(
      sections: sections ?? other.sections,
      quantifiedResult: quantifiedResult ?? other.quantifiedResult,
      ownership: ownership ?? other.ownership,
      length: length ?? other.length)
  }
}

/// A structure rule that is met or not, with its weight.
public struct WeightedRule: Codable, Sendable, Equatable {
  /// Relative weight, scaled with the criteria's so the rubric set totals 100 points.
  public var weight: Double
  init(weight: Double) { self.weight = weight }
  enum CodingKeys: String, CodingKey, CaseIterable { case weight }
  /// Reads `{weight: N}`, rejecting other keys.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    weight = try c.decode(Double.self, forKey: .weight)
  }
}

/// Which sections (STAR, or the parts of a case) are required, with the rule's weight (partial credit per section).
public struct SectionsRule: Codable, Sendable, Equatable {
  /// Relative weight, scaled with the criteria's; each required section present earns its share.
  public var weight: Double
  /// The sections required, all of one form; the four STAR sections when not given.
  public var required: [AnswerSection]
  init(weight: Double, required: [AnswerSection] = AnswerSection.star) {
    self.weight = weight
    self.required = required
  }
  enum CodingKeys: String, CodingKey, CaseIterable { case weight, required }
  /// Reads the rule, rejecting unknown keys and a `required` list that mixes STAR sections with case parts.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    weight = try c.decode(Double.self, forKey: .weight)
    required = try c.decodeIfPresent([AnswerSection].self, forKey: .required) ?? AnswerSection.star
    if Set(required.map(\.form)).count > 1 {
      throw DecodingError.dataCorruptedError(
        forKey: .required, in: c,
        debugDescription:
          "required mixes STAR sections with case parts; a structure rubric judges one form: [situation, task, action, result] or [goal, metrics, approach, risks, launch]"
      )
    }
  }
}

/// The range of answer lengths, in words, that earns the rule's weight.
public struct LengthRule: Codable, Sendable, Equatable {
  /// Relative weight, scaled with the criteria's.
  public var weight: Double
  /// Fewest words for the weight (about 150 words a minute spoken).
  public var min: Int
  /// Most words for the weight.
  public var max: Int
  init(weight: Double, min: Int, max: Int) {
    self.weight = weight
    self.min = min
    self.max = max
  }
  enum CodingKeys: String, CodingKey, CaseIterable { case weight, min, max }
  /// Reads the rule, rejecting unknown keys; all three keys are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    weight = try c.decode(Double.self, forKey: .weight)
    min = try c.decode(Int.self, forKey: .min)
    max = try c.decode(Int.self, forKey: .max)
  }
}

/// A label for a score range: a score at or above `min` (and below the next band) gets `label`.
public struct Band: Codable, Sendable, Equatable {
  /// The lowest score (0–100) in the band.
  public var min: Double
  /// The band's name, shown with the score ("solid").
  public var label: String
  /// A band from `min` up to the next band's minimum.
  public init(min: Double, label: String) {
    self.min = min
    self.label = label
  }
  enum CodingKeys: String, CodingKey, CaseIterable { case min, label }
  /// Reads a band, rejecting unknown keys; both keys are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    min = try c.decode(Double.self, forKey: .min)
    label = try c.decode(String.self, forKey: .label)
  }

  /// The bands used when no rubric defines its own.
  public static let standard: [Band] = [
    Band(min: 0, label: "not ready"),
    Band(min: 40, label: "developing"),
    Band(min: 60, label: "solid"),
    Band(min: 80, label: "interview-ready"),
  ]
}

/// An answer the rubric's author wrote, with the score range they expect it to get.
///
/// `rehearse check` scores every example and fails when one lands outside its range, so a
/// rubric proves that it separates strong answers from weak ones.
public struct ExampleAnswer: Codable, Sendable, Equatable {
  /// A short name ("strong", "weak-no-guardrails").
  public var id: String
  /// The question the example answers (needed when the rubric serves several questions).
  public var question: String?
  /// The form the example answers in; nil means the rubric's first form.
  public var form: QuestionForm?
  /// Expected score range, inclusive: `[75, 100]`.
  public var expect: [Double]
  /// The answer as a candidate would give it.
  public var answer: String
  /// Why the range differs from the usual thresholds, if it does.
  public var note: String?

  init(
    id: String, question: String? = nil, form: QuestionForm? = nil, expect: [Double], answer: String,
    note: String? = nil
  ) {
    self.form = form
    self.id = id
    self.question = question
    self.expect = expect
    self.answer = answer
    self.note = note
  }

  enum CodingKeys: String, CodingKey, CaseIterable { case id, question, form, expect, answer, note }

  /// Reads an example, rejecting unknown keys; `id`, `expect` and `answer` are required.
  public init(from decoder: any Decoder) throws {
    try decoder.rejectUnknownKeys(CodingKeys.self)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    question = try c.decodeIfPresent(String.self, forKey: .question)
    form = try c.decodeIfPresent(QuestionForm.self, forKey: .form)
    expect = try c.decode([Double].self, forKey: .expect)
    answer = try c.decode(String.self, forKey: .answer)
    note = try c.decodeIfPresent(String.self, forKey: .note)
  }
}
