import Foundation

/// Rubrics combined for scoring: a question's rubrics and everything they extend.
///
/// Criteria are concatenated in order (extended rubrics first, so the generic structure
/// rubric's rules come before a content rubric's); structure rules and bands come from the
/// most specific rubric that defines them.
///
/// A content rubric may extend a structure rubric per answer form (`extends: [star-structure,
/// case-structure]`); the set is resolved for one form and leaves out the structure rubrics of
/// the others.
public struct RubricSet: Sendable, Equatable {
  /// The answer form the set judges.
  public let form: QuestionForm
  /// Every form the resolved rubrics can judge (see ``forms(of:)``).
  public let offeredForms: [QuestionForm]
  /// The rubrics in the order their criteria are listed.
  public let rubrics: [Rubric]
  /// Content criteria of every rubric, extended rubrics first; their weights and the structure rules' are
  /// scaled together to 100 points when compiled.
  public let criteria: [Criterion]
  /// Bonus concepts of every rubric, in rubric order: points on top of the criteria.
  public let bonus: [BonusConcept]
  /// Red flags of every rubric, in rubric order: each one found costs its penalty.
  public let redFlags: [RedFlag]
  /// The structure rules of all rubrics merged, a more specific rubric's rules over those it extends; empty
  /// rules when none has any.
  public let structure: StructureRules
  /// Score bands from the most specific rubric that has them, else ``Band/standard``.
  public let bands: [Band]
  /// Points → score, from the most specific rubric that has one; else the identity.
  public let calibration: ScoreCurve

  /// Resolves `ids` and their `extends` against `library`, for answers in `form` (nil: the
  /// form of the first structure rubric reached).
  ///
  /// - Throws: ``RubricResolutionError`` for an unknown id, an `extends` cycle, or a form
  ///   none of the rubrics has a structure rubric for.
  public init(ids: [String], library: [String: Rubric], form: QuestionForm? = nil) throws(RubricResolutionError) {
    var ordered: [Rubric] = []
    var seen: Set<String> = []
    func visit(_ id: String, from parent: String?, path: [String]) throws(RubricResolutionError) {
      if path.contains(id) { throw .cycle(path + [id]) }
      guard !seen.contains(id) else { return }
      guard let rubric = library[id] else { throw .unknown(id: id, referencedBy: parent) }
      for base in rubric.extends { try visit(base, from: id, path: path + [id]) }
      seen.insert(id)
      ordered.append(rubric)
    }
    for id in ids { try visit(id, from: nil, path: []) }
    let offered = Self.forms(of: ordered)
    let chosen = form ?? ordered.lazy.compactMap(\.form).first ?? .star
    guard offered.contains(chosen) else {
      throw .formNotJudged(form: chosen, rubrics: ids, offered: offered)
    }
    self.init(ordered: ordered.filter { $0.form == nil || $0.form == chosen }, form: chosen, offered: offered)
  }

  /// A set made of one self-contained rubric (no `extends`).
  public init(single rubric: Rubric) {
    self.init(ordered: [rubric], form: rubric.form ?? .star, offered: Self.forms(of: [rubric]))
  }

  /// The forms `rubrics` can judge: those of their structure rubrics, or every form if none is one.
  public static func forms(of rubrics: [Rubric]) -> [QuestionForm] {
    let forms = Set(rubrics.compactMap(\.form))
    return forms.isEmpty ? QuestionForm.allCases : QuestionForm.allCases.filter(forms.contains)
  }

  private init(ordered: [Rubric], form: QuestionForm, offered: [QuestionForm]) {
    self.form = form
    offeredForms = offered
    rubrics = ordered
    criteria = ordered.flatMap(\.criteria)
    bonus = ordered.flatMap(\.bonus)
    redFlags = ordered.flatMap(\.redFlags)
    var structure = StructureRules()
    for rubric in ordered.reversed() {
      if let rules = rubric.structure { structure = structure.merged(over: rules) }
    }
    self.structure = structure
    bands = ordered.reversed().compactMap(\.bands).first ?? Band.standard
    calibration = ordered.reversed().compactMap(\.calibration).first ?? .identity
  }

  /// Ids and versions, for provenance.
  public var references: [RubricReference] {
    rubrics.map { RubricReference(id: $0.id, version: $0.version) }
  }

  /// A content hash of everything that affects scoring, so a saved score can say which
  /// exact rubric text produced it (FNV-1a 64 over canonical JSON, hex).
  public var contentHash: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var scoring = rubrics
    for index in scoring.indices { scoring[index].examples = [] }
    let data = (try? encoder.encode(scoring)) ?? Data()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// The band label for a score.
  public func band(for score: Double) -> String {
    let sorted = bands.sorted { $0.min < $1.min }
    return sorted.last { score >= $0.min }?.label ?? sorted.first?.label ?? ""
  }
}

/// Why a set of rubrics could not be put together.
public enum RubricResolutionError: UserFacingError, Equatable, Sendable {
  case unknown(id: String, referencedBy: String?)
  case cycle([String])
  /// None of the rubrics (or what they extend) judges answers in `form`.
  case formNotJudged(form: QuestionForm, rubrics: [String], offered: [QuestionForm])

  /// The message shown on stderr, naming the rubric and how to fix the reference.
  public var description: String {
    switch self {
    case .unknown(let id, let parent):
      if let parent { return "rubric '\(parent)' extends unknown rubric '\(id)'" }
      return "unknown rubric '\(id)'"
    case .cycle(let path):
      return "rubrics extend each other in a cycle: \(path.joined(separator: " → "))"
    case .formNotJudged(let form, let rubrics, let offered):
      let names = rubrics.map { "'\($0)'" }.joined(separator: ", ")
      return
        "rubric \(names) does not judge \(form.title) answers (it judges \(offered.map(\.title).joined(separator: " and "))); extend '\(form == .star ? "star-structure" : "case-structure")' to accept them"
    }
  }
}
