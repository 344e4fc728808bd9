/// Drafts a rubric from a model or reference answer, for an author to refine.
///
/// Each distinct content word becomes a concept (its phrase is the word as written), and
/// each adjacent pair of content words in a clause becomes a key phrase. Words the reference
/// states negatively ("not connected") become negative concepts: the answer must negate
/// them too.
public struct RubricDrafter: Sendable {
  public let tokenizer: Tokenizer
  /// Relative weight of the key-ideas criterion against the key-phrases one.
  public var ideasWeight: Double
  public var phrasesWeight: Double

  /// Relative weight of reference words that the question itself already uses: an answer
  /// repeats them whether or not it is right, so they say less.
  public var questionWordsWeight: Double

  public init(
    tokenizer: Tokenizer = Tokenizer(), ideasWeight: Double = 3, phrasesWeight: Double = 1,
    questionWordsWeight: Double = 1
  ) {
    self.tokenizer = tokenizer
    self.ideasWeight = ideasWeight
    self.phrasesWeight = phrasesWeight
    self.questionWordsWeight = questionWordsWeight
  }

  static let pronouns: Set<String> = [
    "i", "we", "you", "they", "he", "she", "it", "me", "us", "him", "them", "i'm", "we're", "it's",
  ]

  static func describe(_ concept: Concept) -> String {
    concept.negated ? "not \(concept.name)" : concept.name
  }

  /// A self-contained rubric (no structure rules) with one coverage criterion and, when the
  /// reference has any, a key-phrase criterion.
  ///
  /// With `question`, reference words the question already uses go into a separate, lighter
  /// criterion.
  public func draft(id: String, title: String, reference: String, question: String? = nil) -> Rubric {
    let questionStems = Set(question.map { tokenizer.tokenize($0).map(\.stem) } ?? [])
    let tokens = tokenizer.tokenize(reference)
    let analyzed = AnalyzedText(text: reference, tokens: tokens, excluded: [], vocabulary: nil)
    let content = analyzed.content.filter {
      !Self.pronouns.contains(tokens[$0].text) && !Vocabulary.negationTriggers.contains(tokens[$0].text)
        && !tokens[$0].text.hasSuffix("n't")
    }
    func isNegated(_ index: Int) -> Bool { analyzed.isNegated(firstToken: index, lastToken: index) }
    var seen: Set<String> = []
    var words: [Concept] = []
    var givenWords: [Concept] = []
    for index in content {
      let token = tokens[index]
      guard !seen.contains(token.stem), token.text.count > 1 || token.isNumeric else { continue }
      seen.insert(token.stem)
      let concept = Concept(name: token.text, phrases: [token.text], negated: isNegated(index))
      if questionStems.contains(token.stem) && !concept.negated {
        givenWords.append(concept)
      } else {
        words.append(concept)
      }
    }
    var pairs: [Concept] = []
    var seenPairs: Set<String> = []
    for (a, b) in zip(content, content.dropFirst()) where tokens[a].clause == tokens[b].clause && b - a <= 3 {
      let key = tokens[a].stem + " " + tokens[b].stem
      guard !seenPairs.contains(key) else { continue }
      seenPairs.insert(key)
      let phrase = "\(tokens[a].text) \(tokens[b].text)"
      let negated = isNegated(a)
      pairs.append(Concept(name: phrase, phrases: [phrase], negated: negated))
    }
    var criteria: [Criterion] = []
    if !words.isEmpty {
      criteria.append(
        Criterion(
          id: "key-ideas", title: "Key ideas of the reference answer", weight: ideasWeight, match: .all,
          concepts: words,
          hint: "Cover the reference answer's key ideas: \(words.prefix(8).map(Self.describe).joined(separator: ", "))."
        ))
    }
    if !givenWords.isEmpty && questionWordsWeight > 0 {
      criteria.append(
        Criterion(
          id: "question-words", title: "Terms of the question, used in the answer", weight: questionWordsWeight,
          match: .all, concepts: givenWords,
          hint: "Use the question's terms precisely: \(givenWords.prefix(8).map(\.name).joined(separator: ", "))."))
    }
    if !pairs.isEmpty && phrasesWeight > 0 {
      criteria.append(
        Criterion(
          id: "key-phrases", title: "Key phrases of the reference answer", weight: phrasesWeight, match: .all,
          concepts: pairs,
          hint: "Use the reference answer's key phrases: \(pairs.prefix(5).map(Self.describe).joined(separator: "; "))."
        )
      )
    }
    return Rubric(
      id: id, version: 1, title: title, criteria: criteria,
      examples: [ExampleAnswer(id: "reference", expect: [75, 100], answer: reference)])
  }
}
