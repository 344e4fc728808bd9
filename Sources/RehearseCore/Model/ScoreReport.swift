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
  public var rubricHash: String
  /// Total, 0–100, one decimal.
  public var score: Double
  /// The rubric's points before calibration, when they differ from `score`'s basis.
  public var points: Double?
  public var band: String
  public var criteria: [CriterionResult]
  public var bonus: [BonusHit]
  public var redFlags: [RedFlagHit]
  public var structure: StructureReport
  /// Human-readable sentences, most important first.
  public var feedback: [String]
  /// The single biggest gap, in one sentence.
  public var biggestGap: String?

  public init(
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
  public var id: String
  public var version: Int
  public init(id: String, version: Int) {
    self.id = id
    self.version = version
  }
}

/// How one criterion (content or structure) scored.
public struct CriterionResult: Codable, Sendable, Equatable {
  public enum Kind: String, Codable, Sendable {
    case content, structure
  }
  public var id: String
  public var title: String
  public var kind: Kind
  public var points: Double
  public var maxPoints: Double
  /// Credited (and negated or out-of-scope, marked as such) places in the answer.
  public var evidence: [Evidence]
  /// What was missing, each with a hint; empty when the criterion is fully met.
  public var missed: [Miss]
  /// The rubric's message for a met criterion.
  public var message: String?

  public var isMet: Bool { missed.isEmpty }
}

/// Words of the answer that matched a concept.
public struct Evidence: Codable, Sendable, Equatable {
  /// The concept (or rule) the words express.
  public var concept: String
  /// The answer's own words.
  public var text: String
  /// Range in the answer, in Unicode scalars (code points), end exclusive.
  public var start: Int
  public var end: Int
  public var section: StarSection?
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

  public init(
    concept: String, text: String, start: Int, end: Int, section: StarSection?, negated: Bool = false,
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

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    concept = try c.decode(String.self, forKey: .concept)
    text = try c.decode(String.self, forKey: .text)
    start = try c.decode(Int.self, forKey: .start)
    end = try c.decode(Int.self, forKey: .end)
    section = try c.decodeIfPresent(StarSection.self, forKey: .section)
    negated = try c.decodeIfPresent(Bool.self, forKey: .negated) ?? false
    outOfScope = try c.decodeIfPresent(Bool.self, forKey: .outOfScope) ?? false
    typo = try c.decodeIfPresent(Bool.self, forKey: .typo) ?? false
    related = try c.decodeIfPresent(String.self, forKey: .related)
  }

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

  public init(concept: String?, reason: String, hint: String, pointsLost: Double) {
    self.concept = concept
    self.reason = reason
    self.hint = hint
    self.pointsLost = pointsLost
  }
}

/// Extra credit earned.
public struct BonusHit: Codable, Sendable, Equatable {
  public var name: String
  public var points: Double
  public var evidence: Evidence
  public var message: String?
}

/// A red flag found in the answer.
public struct RedFlagHit: Codable, Sendable, Equatable {
  public var name: String
  public var penalty: Double
  public var evidence: Evidence
  public var message: String
}

/// Findings about the shape of the answer.
public struct StructureReport: Codable, Sendable, Equatable {
  /// Which STAR sections are present.
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
  public var actionFirstPersonPlural: Int
  public var wordCount: Int
  /// Estimated speaking time at 150 words a minute.
  public var speakingSeconds: Int
  public var fillers: [String]
  public var buzzwords: [String]
  /// Observations about structure, each with a hint where one applies.
  public var findings: [Finding]
}

/// A flag per STAR section.
public struct SectionFlags: Codable, Sendable, Equatable {
  public var situation: Bool
  public var task: Bool
  public var action: Bool
  public var result: Bool

  public init(_ present: Set<StarSection>) {
    situation = present.contains(.situation)
    task = present.contains(.task)
    action = present.contains(.action)
    result = present.contains(.result)
  }

  public subscript(section: StarSection) -> Bool {
    switch section {
    case .situation: situation
    case .task: task
    case .action: action
    case .result: result
    }
  }
}

/// A share per STAR section.
public struct SectionShares: Codable, Sendable, Equatable {
  public var situation: Double
  public var task: Double
  public var action: Double
  public var result: Double

  public subscript(section: StarSection) -> Double {
    switch section {
    case .situation: situation
    case .task: task
    case .action: action
    case .result: result
    }
  }
}

/// A structure observation ("No number in the Result").
public struct Finding: Codable, Sendable, Equatable {
  public var id: String
  public var message: String
  public var hint: String?
  public init(id: String, message: String, hint: String? = nil) {
    self.id = id
    self.message = message
    self.hint = hint
  }
}
