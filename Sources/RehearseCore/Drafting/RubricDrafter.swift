/// Drafts a rubric from a model or reference answer, for an author to refine.
///
/// Each distinct content word becomes a concept (its phrase is the word as written), and
/// each adjacent pair of content words in a clause becomes a key phrase. Words the reference
/// negates ("not connected") become concepts that must appear negated too.
public struct RubricDrafter: Sendable {
  public let tokenizer: Tokenizer

  public init(tokenizer: Tokenizer = Tokenizer()) {
    self.tokenizer = tokenizer
  }

  /// A self-contained rubric (no structure rules) with one coverage criterion and, when the
  /// reference has any, a key-phrase criterion.
  public func draft(id: String, title: String, reference: String) -> Rubric {
    let tokens = tokenizer.tokenize(reference)
    let analyzed = AnalyzedText(text: reference, tokens: tokens, excluded: [], vocabulary: nil)
    var seen: Set<String> = []
    var words: [Concept] = []
    for index in analyzed.content {
      let token = tokens[index]
      guard !seen.contains(token.stem), token.text.count > 1 else { continue }
      seen.insert(token.stem)
      words.append(Concept(name: token.text, phrases: [token.text]))
    }
    var pairs: [Concept] = []
    var seenPairs: Set<String> = []
    for (a, b) in zip(analyzed.content, analyzed.content.dropFirst())
    where tokens[a].clause == tokens[b].clause && b - a <= 2 {
      let key = tokens[a].stem + " " + tokens[b].stem
      guard !seenPairs.contains(key) else { continue }
      seenPairs.insert(key)
      let phrase = "\(tokens[a].text) \(tokens[b].text)"
      pairs.append(Concept(name: phrase, phrases: [phrase]))
    }
    var criteria = [
      Criterion(
        id: "key-ideas", title: "Key ideas of the reference answer", weight: 3, match: .all, concepts: words,
        hint: "Cover the reference answer's key ideas: \(words.prefix(8).map(\.name).joined(separator: ", ")).")
    ]
    if !pairs.isEmpty {
      criteria.append(
        Criterion(
          id: "key-phrases", title: "Key phrases of the reference answer", weight: 1, match: .all, concepts: pairs,
          hint: "Use the reference answer's key phrases: \(pairs.prefix(5).map(\.name).joined(separator: "; ")).")
      )
    }
    return Rubric(
      id: id, version: 1, title: title, criteria: criteria,
      examples: [ExampleAnswer(id: "reference", expect: [75, 100], answer: reference)])
  }
}
