/// The full, explained result of scoring one answer.
///
/// Invariant (tested): every point below a criterion's maximum is explained by an entry in
/// its `missed`, and every point below 100 by a criterion miss or a red flag: `points` (when
/// present, else `score`) is the criteria's points plus bonus less the rubric's red flags;
/// `score` is `points` on the rubric's calibration curve, less the substance gates (keyword
/// list, repetition, far too long, hypothetical, buzzwords), which are red flags too.
public struct ScoreReport: Codable, Sendable, Equatable {
  /// The question answered, when known.
  public var questionId: String?
  /// The rubrics combined to score it, with versions and the content hash of the set.
  public var rubrics: [RubricReference]
  /// Content hash of the rubric set; compare with the current set's to tell whether a rescore would differ.
  public var rubricHash: String
  /// Total, 0–100, one decimal.
  public var score: Double
  /// The rubric's points before calibration, when they differ from `score`'s basis.
  public var points: Double?
  /// The band label ``score`` falls in, from the rubric set's bands ("solid").
  public var band: String
  /// Every criterion, content then structure, with its points, evidence and misses.
  public var criteria: [CriterionResult]
  /// Bonus concepts found, each adding its points.
  public var bonus: [BonusHit]
  /// Red flags found (the rubric's and the substance gates), each costing its penalty.
  public var redFlags: [RedFlagHit]
  /// What the answer's shape looks like: sections, quantities, pronouns, length.
  public var structure: StructureReport
  /// Human-readable sentences, most important first.
  public var feedback: [String]
  /// The single biggest gap, in one sentence.
  public var biggestGap: String?

  init(
    questionId: String?, rubrics: [RubricReference], rubricHash: String, score: Double, points: Double? = nil,
    band: String, criteria: [CriterionResult], bonus: [BonusHit], redFlags: [RedFlagHit], structure: StructureReport,
    feedback: [String], biggestGap: String?
  ) {
    self.questionId = questionId
    self.rubrics = rubrics
    self.rubricHash = rubricHash
    self.score = score
    self.points = points
    self.band = band
    self.criteria = criteria
    self.bonus = bonus
    self.redFlags = redFlags
    self.structure = structure
    self.feedback = feedback
    self.biggestGap = biggestGap
  }
}

/// A rubric id and version as used for a score.
public struct RubricReference: Codable, Sendable, Equatable, Hashable {
  /// The rubric's id.
  public var id: String
  /// The rubric's version when it scored.
  public var version: Int
  /// A reference to version `version` of rubric `id`.
  public init(id: String, version: Int) {
    self.id = id
    self.version = version
  }
}

/// How one criterion (content or structure) scored.
public struct CriterionResult: Codable, Sendable, Equatable {
  /// Whether the criterion judged content (concepts) or structure (a shape rule).
  public enum Kind: String, Codable, Sendable {
    case content, structure
  }
  /// The criterion or structure rule id.
  public var id: String
  /// Its title, as feedback shows it.
  public var title: String
  /// Content or structure.
  public var kind: Kind
  /// Points earned, 0 to ``maxPoints``.
  public var points: Double
  /// Its share of the rubric set's 100 points, after weights are scaled.
  public var maxPoints: Double
  /// Credited (and negated or out-of-scope, marked as such) places in the answer.
  public var evidence: [Evidence]
  /// What was missing, each with a hint; empty when the criterion is fully met.
  public var missed: [Miss]
  /// The rubric's message for a met criterion.
  public var message: String?

  var isMet: Bool { missed.isEmpty }
}

/// Words of the answer that matched a concept.
public struct Evidence: Codable, Sendable, Equatable {
  /// The concept (or rule) the words express.
  public var concept: String
  /// The answer's own words.
  public var text: String
  /// Range in the answer, in Unicode scalars (code points), end exclusive.
  public var start: Int
  /// End of the range (exclusive), in Unicode scalars.
  public var end: Int
  /// The section the words are in, when the answer's sections are known.
  public var section: AnswerSection?
  /// The answer says the opposite of the concept ("we did not run an A/B test" for
  /// "A/B test", or "connected" for a negative concept "not connected"): no credit.
  public var negated: Bool
  /// Matched outside the criterion's section scope: no credit.
  public var outOfScope: Bool
  /// Matched with a one-letter typo.
  public var typo: Bool
  /// How a word was related to the rubric's term, when it was not the term itself:
  /// "‘purchased’ counted as ‘buy’, a WordNet synonym".
  public var related: String?
  /// Whether this evidence earned credit.
  public var credited: Bool { !negated && !outOfScope }

  init(
    concept: String, text: String, start: Int, end: Int, section: AnswerSection?, negated: Bool = false,
    outOfScope: Bool = false, typo: Bool = false, related: String? = nil
  ) {
    self.concept = concept
    self.text = text
    self.start = start
    self.end = end
    self.section = section
    self.negated = negated
    self.outOfScope = outOfScope
    self.typo = typo
    self.related = related
  }

  enum CodingKeys: String, CodingKey {
    case concept, text, start, end, section, negated, outOfScope, typo, related, credited
  }

  /// Reads evidence; the flags (`negated`, `outOfScope`, `typo`) default to false when absent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    concept = try c.decode(String.self, forKey: .concept)
    text = try c.decode(String.self, forKey: .text)
    start = try c.decode(Int.self, forKey: .start)
    end = try c.decode(Int.self, forKey: .end)
    section = try c.decodeIfPresent(AnswerSection.self, forKey: .section)
    negated = try c.decodeIfPresent(Bool.self, forKey: .negated) ?? false
    outOfScope = try c.decodeIfPresent(Bool.self, forKey: .outOfScope) ?? false
    typo = try c.decodeIfPresent(Bool.self, forKey: .typo) ?? false
    related = try c.decodeIfPresent(String.self, forKey: .related)
  }

  /// Writes every flag, plus the derived ``credited``, so readers of the JSON need not work it out.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(concept, forKey: .concept)
    try c.encode(text, forKey: .text)
    try c.encode(start, forKey: .start)
    try c.encode(end, forKey: .end)
    try c.encodeIfPresent(section, forKey: .section)
    try c.encode(negated, forKey: .negated)
    try c.encode(outOfScope, forKey: .outOfScope)
    try c.encode(typo, forKey: .typo)
    try c.encodeIfPresent(related, forKey: .related)
    try c.encode(credited, forKey: .credited)
  }
}

/// Something the answer lacks, and how to add it.
public struct Miss: Codable, Sendable, Equatable {
  /// The missing concept or rule, if one is named.
  public var concept: String?
  /// Why no (or partial) credit was given.
  public var reason: String
  /// What to say instead.
  public var hint: String
  /// Points this miss costs.
  public var pointsLost: Double

  init(concept: String?, reason: String, hint: String, pointsLost: Double) {
    self.concept = concept
    self.reason = reason
    self.hint = hint
    self.pointsLost = pointsLost
  }
}

/// Extra credit earned.
public struct BonusHit: Codable, Sendable, Equatable {
  /// The bonus concept's name.
  public var name: String
  /// Points it added.
  public var points: Double
  /// Where in the answer it was found.
  public var evidence: Evidence
  /// The rubric's message for it, if any.
  public var message: String?
}

/// A red flag found in the answer.
public struct RedFlagHit: Codable, Sendable, Equatable {
  /// The red flag's name.
  public var name: String
  /// Points it cost.
  public var penalty: Double
  /// Where in the answer it was found.
  public var evidence: Evidence
  /// Why it costs points and what to say instead.
  public var message: String
}

/// Findings about the shape of the answer.
public struct StructureReport: Codable, Sendable, Equatable {
  /// Which sections of the answer's form are present.
  public var sections: SectionFlags
  /// Share of the answer's words per section, 0–1.
  public var sectionShares: SectionShares
  /// How the sections were found: guided, labels or inferred.
  public var segmentation: SegmentationMethod
  /// The Result section carries a measured change (%, money, time, multiplier).
  public var quantifiedResult: Bool
  /// Quantities found anywhere, with their section.
  public var quantities: [Evidence]
  /// First-person singular and plural pronouns in the Action section.
  public var actionFirstPersonSingular: Int
  /// First-person plural pronouns ("we", "our") in the Action; more than twice the singular ones (and at
  /// least four) halves the ownership rule's points.
  public var actionFirstPersonPlural: Int
  /// Words in the whole answer: what the length rule judges.
  public var wordCount: Int
  /// Estimated speaking time at 150 words a minute.
  public var speakingSeconds: Int
  var fillers: [String]
  var buzzwords: [String]
  /// Observations about structure, each with a hint where one applies.
  public var findings: [Finding]
  /// The form the answer was judged as: a STAR story or a case.
  public var form: QuestionForm = .star
}

extension StructureReport {
  enum CodingKeys: String, CodingKey {
    case sections, sectionShares, segmentation, quantifiedResult, quantities, actionFirstPersonSingular
    case actionFirstPersonPlural, wordCount, speakingSeconds, fillers, buzzwords, findings, form
  }

  /// Reports saved before case answers existed have no `form`: they judged a story.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    sections = try c.decode(SectionFlags.self, forKey: .sections)
    sectionShares = try c.decode(SectionShares.self, forKey: .sectionShares)
    segmentation = try c.decode(SegmentationMethod.self, forKey: .segmentation)
    quantifiedResult = try c.decode(Bool.self, forKey: .quantifiedResult)
    quantities = try c.decode([Evidence].self, forKey: .quantities)
    actionFirstPersonSingular = try c.decode(Int.self, forKey: .actionFirstPersonSingular)
    actionFirstPersonPlural = try c.decode(Int.self, forKey: .actionFirstPersonPlural)
    wordCount = try c.decode(Int.self, forKey: .wordCount)
    speakingSeconds = try c.decode(Int.self, forKey: .speakingSeconds)
    fillers = try c.decode([String].self, forKey: .fillers)
    buzzwords = try c.decode([String].self, forKey: .buzzwords)
    findings = try c.decode([Finding].self, forKey: .findings)
    form = try c.decodeIfPresent(QuestionForm.self, forKey: .form) ?? .star
  }
}

/// A value per section of the answer's form (STAR sections, or the parts of a case):
/// presence flags or shares of the words.
///
/// Encoded as an object with one key per section, in order: `{"situation": true, …}`.
public struct SectionValues<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  /// The value per section; sections not in the answer's form are absent.
  public private(set) var values: [AnswerSection: Value]

  init(_ values: [(AnswerSection, Value)]) {
    self.values = Dictionary(values, uniquingKeysWith: { first, _ in first })
  }

  /// The sections the values are for, in order.
  public var sections: [AnswerSection] { AnswerSection.allCases.filter { values[$0] != nil } }

  /// Reads an object with one key per section; unknown keys are ignored.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: SectionKey.self)
    var values: [AnswerSection: Value] = [:]
    for section in AnswerSection.allCases {
      if let value = try c.decodeIfPresent(Value.self, forKey: SectionKey(section)) { values[section] = value }
    }
    self.values = values
  }

  /// Writes one key per section, in section order.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: SectionKey.self)
    for section in sections {
      if let value = values[section] { try c.encode(value, forKey: SectionKey(section)) }
    }
  }
}

/// Which sections of the answer's form are present.
public typealias SectionFlags = SectionValues<Bool>
/// The share of the answer's words per section, 0–1.
public typealias SectionShares = SectionValues<Double>

extension SectionValues where Value == Bool {
  /// A flag for every section of `form`: set for those in `present`.
  public init(_ present: Set<AnswerSection>, form: QuestionForm = .star) {
    self.init(form.sections.map { ($0, present.contains($0)) })
  }

  /// Whether `section` is present; false for a section not in the form.
  public subscript(section: AnswerSection) -> Bool { values[section] ?? false }
}

extension SectionValues where Value == Double {
  /// The share of the words in `section`, 0–1; 0 for a section not in the form.
  public subscript(section: AnswerSection) -> Double { values[section] ?? 0 }

  /// The Action's share.
  public var action: Double { self[.action] }
}

/// A JSON key named after a section.
struct SectionKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ section: AnswerSection) { stringValue = section.rawValue }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// A structure observation ("No number in the Result").
public struct Finding: Codable, Sendable, Equatable {
  /// A stable id for the observation (`buzzwords`, `no-quantified-result`), for tests and tools.
  public var id: String
  /// What was observed, as shown to the candidate.
  public var message: String
  /// What to do about it, when there is advice.
  public var hint: String?
  init(id: String, message: String, hint: String? = nil) {
    self.id = id
    self.message = message
    self.hint = hint
  }
}
