/// Key terms that must occur together: one word of each term in one sentence, in any order,
/// within ``window`` content words (the spirit of Lucene's unordered interval queries).
///
/// Written as `"wrap|abstract vendor|provider"`: terms separated by spaces, a term's
/// alternatives by `|`; `#number` stands for any number. Each word is stemmed and widened with
/// lexical relations (WordNet synonyms and derived forms) once, when the rubric is compiled.
public struct ProximityPattern: Sendable, Equatable {
  /// Greatest distance, in content words, between the first and last matched term.
  public static let window = 10
  /// The notation for "any number".
  public static let numberTerm = "#number"

  /// One term: the stems that satisfy it.
  struct Term: Sendable, Equatable {
    /// Stem ids of the words the author wrote and of their related words.
    var stemIds: [Int32]
    /// Hyphenated or slashed alternatives ("follow-up", "A/B"): their words in a row.
    var sequences: [[Int32]] = []
    /// Satisfied by any number.
    var number: Bool
    /// Related (not written) stem id → the author's word and how it is related.
    var related: [Int32: (word: String, relation: LexicalRelation)]

    static func == (lhs: Term, rhs: Term) -> Bool {
      lhs.stemIds == rhs.stemIds && lhs.sequences == rhs.sequences && lhs.number == rhs.number
    }
  }

  /// The entry as the author wrote it.
  public let source: String
  let terms: [Term]
  /// The author's own words, one phrase each, so the typo index knows them.
  let writtenWords: [PhrasePattern]

  /// Compiles an entry. A hyphenated or slashed alternative ("follow-up") matches its words
  /// in a row; ``problems(in:tokenizer:)`` reports stop words and other mistakes for `check`.
  init(_ source: String, tokenizer: Tokenizer, relations: (any LexicalRelations)?) {
    self.source = source
    var terms: [Term] = []
    var written: [PhrasePattern] = []
    for termText in source.split(whereSeparator: \.isWhitespace) {
      var term = Term(stemIds: [], number: false, related: [:])
      for alternative in termText.split(separator: "|") {
        let word = alternative.lowercased()
        if word == Self.numberTerm {
          term.number = true
          continue
        }
        let tokens = tokenizer.tokenize(word).filter { !$0.isStopWord }
        guard let token = tokens.first else { continue }
        if tokens.count > 1 {
          term.sequences.append(tokens.map(\.stemId))
          continue
        }
        if !term.stemIds.contains(token.stemId) { term.stemIds.append(token.stemId) }
        written.append(PhrasePattern(token.text, tokenizer: tokenizer))
        guard let relations, !token.isNumeric else { continue }
        for related in relations.related(to: token.text) {
          guard let relatedToken = tokenizer.tokenize(related.word).first, !relatedToken.isStopWord,
            !term.stemIds.contains(relatedToken.stemId), term.related[relatedToken.stemId] == nil
          else { continue }
          term.related[relatedToken.stemId] = (token.text, related.relation)
        }
      }
      // Written words first, then related ones, in a stable order.
      term.stemIds += term.related.keys.sorted()
      if !term.stemIds.isEmpty || !term.sequences.isEmpty || term.number { terms.append(term) }
    }
    self.terms = terms
    writtenWords = written
  }

  /// What `check` should tell the author about an entry, in words: empty when it is fine.
  public static func problems(in source: String, tokenizer: Tokenizer) -> [String] {
    let terms = source.split(whereSeparator: \.isWhitespace)
    guard !terms.isEmpty else { return ["is empty; write 1–4 key terms separated by spaces"] }
    var problems: [String] = []
    if terms.count > 4 {
      problems.append("has \(terms.count) terms; use at most 4 (split it into two entries)")
    }
    for term in terms {
      let alternatives = term.split(separator: "|", omittingEmptySubsequences: false)
      for alternative in alternatives {
        let word = alternative.lowercased()
        if word.isEmpty {
          problems.append("term '\(term)' has an empty alternative; remove the extra '|'")
          continue
        }
        if word == numberTerm { continue }
        let tokens = tokenizer.tokenize(word)
        if tokens.isEmpty {
          problems.append("'\(alternative)' has no word in it; use letters or digits")
        } else if tokens.allSatisfy(\.isStopWord) {
          problems.append("'\(alternative)' is a stop word and never matches; use a content word")
        }
      }
    }
    return problems
  }
}
