/// What an interviewer notices before the content: a list of terms instead of sentences, the
/// same sentences said again, an answer far too long to be heard out, and a hypothetical story
/// where a real one was asked for.
///
/// Pure and cheap: one pass over the tokens. The scorer turns each finding into a cap on the
/// total, reported like a red flag with the sentence that triggered it.
struct SubstanceAnalyzer {
  /// A sentence with at least this many clauses averaging at most ``listClauseWords`` words
  /// is a list of terms ("NDCG, CTR, p95 latency, A/B test").
  static let listClauses = 4
  static let listClauseWords = 3.0
  /// A sentence of at most this many words with no function word is a fragment ("Queue depth
  /// scale."), counted with lists.
  static let fragmentWords = 5
  /// Shares of the answer's words above which the whole answer is judged by that finding.
  static let listShare = 0.5
  static let repeatedShare = 0.25

  /// What was found in one answer.
  struct Report: Equatable {
    /// Sentences, and those that repeat an earlier one word for word (by stems).
    var sentences = 0
    var repeatedSentences = 0
    /// Tokens of the repeated sentences: they earn nothing the first saying did not.
    var repeatedTokens: Set<Int> = []
    /// Words in list-like sentences, and in all.
    var listWords = 0
    var words = 0
    /// The first token of the first list-like and of the first repeated sentence.
    var firstListToken: Int?
    var firstRepeatedToken: Int?
    /// "I'd", "we would", "you'd want to": the answer says what would be done.
    var hypotheticalMarkers = 0
    var firstHypotheticalToken: Int?
    /// "I ran", "we shipped", "I set up": the answer says what was done.
    var pastActions = 0

    var isKeywordList: Bool { words > 0 && Double(listWords) / Double(words) >= SubstanceAnalyzer.listShare }
    var isRepetitive: Bool {
      sentences >= 4 && Double(repeatedSentences) / Double(sentences) >= SubstanceAnalyzer.repeatedShare
    }
    var isHypothetical: Bool { hypotheticalMarkers >= 3 && hypotheticalMarkers > 2 * pastActions }
  }

  static func analyze(_ tokens: [Token], excluded: Set<Int>) -> Report {
    var report = Report()
    var seen: Set<[Int32]> = []
    var start = 0
    while start < tokens.count {
      var end = start
      while end + 1 < tokens.count && tokens[end + 1].sentence == tokens[start].sentence { end += 1 }
      let indices = excluded.isEmpty ? Array(start...end) : (start...end).filter { !excluded.contains($0) }
      start = end + 1
      guard !indices.isEmpty else { continue }
      report.sentences += 1
      report.words += indices.count
      let key = indices.filter { !tokens[$0].isStopWord }.map { tokens[$0].stemId }
      if key.count >= 4, !seen.insert(key).inserted {
        report.repeatedSentences += 1
        report.repeatedTokens.formUnion(indices)
        if report.firstRepeatedToken == nil { report.firstRepeatedToken = indices[0] }
        continue
      }
      // Clause numbers only grow within a sentence: count the changes.
      var clauses = 1
      for (a, b) in zip(indices, indices.dropFirst()) where tokens[a].clause != tokens[b].clause { clauses += 1 }
      let isList = clauses >= listClauses && Double(indices.count) / Double(clauses) <= listClauseWords
      // "Warm machine. Queue depth scale.": a few words without one function word is a label,
      // not a sentence.
      let isFragment = indices.count <= fragmentWords && !indices.contains { tokens[$0].isStopWord }
      if isList || isFragment {
        report.listWords += indices.count
        if report.firstListToken == nil { report.firstListToken = indices[0] }
      }
      countStory(tokens, indices, into: &report)
    }
    return report
  }

  static let subjects: Set<String> = ["i", "we", "you"]
  static let conditionalContractions: Set<String> = ["i'd", "we'd", "you'd"]

  /// Counts hypothetical markers and first-person past actions in one sentence.
  private static func countStory(_ tokens: [Token], _ indices: [Int], into report: inout Report) {
    for (k, index) in indices.enumerated() {
      let word = tokens[index].text
      // Only "i…", "we…" and "you…" can be subjects here: skip the hashing for the rest.
      guard let first = word.utf8.first, first == 0x69 || first == 0x77 || first == 0x79 else { continue }
      let isContraction = Self.conditionalContractions.contains(word)
      let isSubject = Self.subjects.contains(word)
      guard isContraction || isSubject else { continue }
      let next = k + 1 < indices.count ? tokens[indices[k + 1]].text : ""
      if isContraction && next != "been" || isSubject && next == "would" && !followsHave(k) {
        report.hypotheticalMarkers += 1
        if report.firstHypotheticalToken == nil { report.firstHypotheticalToken = index }
        continue
      }
      guard isSubject && word != "you" else { continue }
      // "I ran", "we then shipped", "I also set up".
      for offset in 1...2 where k + offset < indices.count {
        let verb = tokens[indices[k + offset]]
        if Vocabulary.irregularPast.contains(verb.text) || verb.text.hasSuffix("ed") && verb.text.count > 3 {
          report.pastActions += 1
          break
        }
        if !Vocabulary.adverbsBeforeVerb.contains(verb.text) { break }
      }
    }
    func followsHave(_ k: Int) -> Bool {
      k + 2 < indices.count && tokens[indices[k + 2]].text == "have"
    }
  }
}
