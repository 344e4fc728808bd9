/// How a word is related to a rubric's term.
public enum LexicalRelation: String, Sendable, Equatable, Codable {
  /// A word of the same sense ("purchase" for "buy").
  case synonym
  /// A derivationally related form ("partnership" for "partner").
  case derivation

  /// As evidence says it: "a WordNet synonym".
  public var description: String {
    switch self {
    case .synonym: "a WordNet synonym"
    case .derivation: "a WordNet derived form"
    }
  }
}

/// A word related to a term, and how.
public struct RelatedWord: Sendable, Equatable {
  /// The related word, lower-case.
  public var word: String
  var relation: LexicalRelation

  /// `word`, related to a term by `relation`.
  public init(_ word: String, _ relation: LexicalRelation) {
    self.word = word
    self.relation = relation
  }
}

/// Word relations used to widen a rubric's key terms when the rubric is compiled (never per
/// answer). The product uses WordNet (the `WordNet` target); tests pass a table.
public protocol LexicalRelations: Sendable {
  /// Single lower-case words that can stand for `word`, best first, without `word` itself.
  func related(to word: String) -> [RelatedWord]
}

/// Relations from a fixed table, for tests and for measuring what expansion adds.
public struct TableRelations: LexicalRelations {
  let table: [String: [RelatedWord]]

  init(_ table: [String: [RelatedWord]]) {
    self.table = table
  }

  /// The words the table lists for `word`; empty when it lists none.
  public func related(to word: String) -> [RelatedWord] { table[word] ?? [] }
}
