/// Drafts a rubric from a model or reference answer, for an author to refine.
///
/// Each distinct content word becomes a concept (its phrase is the word as written, widened
/// with the scorer's lexical relations), and optionally each adjacent pair of content words in
/// a clause becomes a key phrase. Words the reference
/// states negatively ("not connected") become negative concepts: the answer must negate
/// them too.
public struct RubricDrafter: Sendable {
  /// Stems the reference answer's words, to find its key terms.
  public let tokenizer: Tokenizer
  /// Relative weight of the key-ideas criterion against the key-phrases one.
  public var ideasWeight: Double
  var phrasesWeight: Double

  /// Relative weight of reference words that the question itself already uses: an answer
  /// repeats them whether or not it is right, so they say less.
  public var questionWordsWeight: Double

  /// Whether each word is also a `near` term, so the scorer's lexical relations (WordNet
  /// synonyms and derived forms) count for it.
  public var widensWords: Bool
  /// Whether the weights are per word (the default) or per criterion.
  public var weightsPerWord: Bool

  /// - Parameters:
  ///   - ideasWeight, questionWordsWeight: weight *per word* of the reference's own words and
  ///     of the words the question already uses (an answer repeats those whether or not it is
  ///     right): by default a question word weighs a third of another word.
  ///   - phrasesWeight: weight of the in-order adjacent pairs as a whole criterion (not per
  ///     pair): a small share (the default 0.5) helped Beetle on SemEval-2013's train split,
  ///     a third of the total (the old default) lowered it (BENCHMARKS.md); 0 leaves them out.
  public init(
    tokenizer: Tokenizer = Tokenizer(), ideasWeight: Double = 1, phrasesWeight: Double = 0.5,
    questionWordsWeight: Double = 1.0 / 3, widensWords: Bool = true, weightsPerWord: Bool = true
  ) {
    self.weightsPerWord = weightsPerWord
    self.tokenizer = tokenizer
    self.ideasWeight = ideasWeight
    self.phrasesWeight = phrasesWeight
    self.questionWordsWeight = questionWordsWeight
    self.widensWords = widensWords
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
      let widen = widensWords && !token.isNumeric
      let concept = Concept(
        name: token.text, phrases: [token.text], near: widen ? [token.text] : [], negated: isNegated(index))
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
          id: "key-ideas", title: "Key ideas of the reference answer",
          weight: ideasWeight * (weightsPerWord ? Double(words.count) : 1),
          match: .all,
          concepts: words,
          hint: "Cover the reference answer's key ideas: \(words.prefix(8).map(Self.describe).joined(separator: ", "))."
        ))
    }
    if !givenWords.isEmpty && questionWordsWeight > 0 {
      criteria.append(
        Criterion(
          id: "question-words", title: "Terms of the question, used in the answer",
          weight: questionWordsWeight * (weightsPerWord ? Double(givenWords.count) : 1),
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
