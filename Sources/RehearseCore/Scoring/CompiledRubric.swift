/// A rubric set prepared for fast scoring: phrases tokenised and stemmed, weights scaled.
///
/// Compile once per rubric set and reuse it for every answer (batch scoring, a session).
public struct CompiledRubric: Sendable {
  /// The rubric set compiled: what reports name and what the hash covers.
  public let set: RubricSet
  /// Content hash of the set (see ``RubricSet/contentHash``).
  public let hash: String
  /// The stemmer whose lexicon numbered the rubric's words.
  let stemmer: Stemmer
  let criteria: [CompiledCriterion]
  let bonus: [(concept: BonusConcept, patterns: [PhrasePattern])]
  let redFlags: [(flag: RedFlag, patterns: [PhrasePattern])]
  let vocabulary: FuzzyVocabulary
  /// The bonus and red-flag patterns laid out for matching, with each concept's or flag's range.
  let bonusTable: PatternTable
  let bonusRanges: [Range<Int>]
  let redFlagTable: PatternTable
  let redFlagRanges: [Range<Int>]
  /// Maximum points per structure rule, already scaled.
  let structurePoints: StructurePoints

  struct CompiledCriterion: Sendable {
    let criterion: Criterion
    let concepts: [(concept: Concept, patterns: [PhrasePattern])]
    let maxPoints: Double
    /// The concepts' patterns laid out for matching, with each concept's range of them.
    let table: PatternTable
    let conceptRanges: [Range<Int>]
    let conceptNames: [String]
    let conceptNegated: [Bool]
    /// Each concept's `near` entries.
    let proximity: [[ProximityPattern]]

    init(
      criterion: Criterion, concepts: [(concept: Concept, patterns: [PhrasePattern])],
      proximity: [[ProximityPattern]], maxPoints: Double
    ) {
      self.criterion = criterion
      self.concepts = concepts
      self.proximity = proximity
      self.maxPoints = maxPoints
      (table, conceptRanges) = PatternTable.grouped(concepts.map(\.patterns))
      conceptNames = concepts.map(\.concept.name)
      conceptNegated = concepts.map(\.concept.negated)
    }
  }

  struct StructurePoints: Sendable {
    var sections: Double?
    var quantifiedResult: Double?
    var ownership: Double?
    var length: Double?
  }

  init(set: RubricSet, tokenizer: Tokenizer, relations: (any LexicalRelations)?) {
    self.set = set
    stemmer = tokenizer.stemmer
    hash = set.contentHash
    let rules = set.structure
    var weights = set.criteria.map(\.weight)
    let structureWeights = [
      rules.sections?.weight, rules.quantifiedResult?.weight, rules.ownership?.weight, rules.length?.weight,
    ]
    weights += structureWeights.map { $0 ?? 0 }
    let points = Self.apportion(weights: weights, total: 100)
    var compiled: [CompiledCriterion] = []
    var allPatterns: [PhrasePattern] = []
    for (index, criterion) in set.criteria.enumerated() {
      let concepts = criterion.concepts.map { concept in
        (concept, concept.phrases.map { PhrasePattern($0, tokenizer: tokenizer) })
      }
      let proximity = criterion.concepts.map { concept in
        concept.near.map { ProximityPattern($0, tokenizer: tokenizer, relations: relations) }
      }
      allPatterns += concepts.flatMap(\.1) + proximity.flatMap { $0.flatMap(\.writtenWords) }
      compiled.append(
        CompiledCriterion(criterion: criterion, concepts: concepts, proximity: proximity, maxPoints: points[index]))
    }
    criteria = compiled
    let base = set.criteria.count
    structurePoints = StructurePoints(
      sections: rules.sections == nil ? nil : points[base],
      quantifiedResult: rules.quantifiedResult == nil ? nil : points[base + 1],
      ownership: rules.ownership == nil ? nil : points[base + 2],
      length: rules.length == nil ? nil : points[base + 3])
    bonus = set.bonus.map { ($0, $0.phrases.map { PhrasePattern($0, tokenizer: tokenizer) }) }
    redFlags = set.redFlags.map { ($0, $0.phrases.map { PhrasePattern($0, tokenizer: tokenizer) }) }
    allPatterns += bonus.flatMap(\.patterns) + redFlags.flatMap(\.patterns)
    (bonusTable, bonusRanges) = PatternTable.grouped(bonus.map(\.patterns))
    (redFlagTable, redFlagRanges) = PatternTable.grouped(redFlags.map(\.patterns))
    vocabulary = FuzzyVocabulary(patterns: allPatterns)
  }

  /// Splits `total` in proportion to `weights`, in tenths, so the parts add up exactly
  /// (largest-remainder method): three equal criteria get 33.4, 33.3 and 33.3.
  static func apportion(weights: [Double], total: Double) -> [Double] {
    let sum = weights.reduce(0) { $0 + max($1, 0) }
    guard sum > 0 else { return weights.map { _ in 0 } }
    let tenths = Int((total * 10).rounded())
    let exact = weights.map { max($0, 0) / sum * Double(tenths) }
    var floors = exact.map { Int($0.rounded(.down)) }
    var remainder = tenths - floors.reduce(0, +)
    let order = exact.indices.sorted { (exact[$0] - Double(floors[$0])) > (exact[$1] - Double(floors[$1])) }
    for index in order where remainder > 0 && weights[index] > 0 {
      floors[index] += 1
      remainder -= 1
    }
    return floors.map { Double($0) / 10 }
  }
}
