import Testing

@testable import RehearseCore

/// `near` concepts: key terms in one sentence, any order, widened by lexical relations.
@Suite struct ProximityTests {
  static let relations = TableRelations([
    "buy": [RelatedWord("purchase", .synonym)],
    "partner": [RelatedWord("partnership", .derivation)],
  ])
  let scorer = Scorer(relations: ProximityTests.relations)

  /// The one criterion's result for `answer`, its one concept written as `near` entries.
  func result(_ answer: String, near: [String], scorer: Scorer? = nil) -> CriterionResult {
    let scorer = scorer ?? self.scorer
    let rubric = scorer.compile(
      RubricSet(
        single: Rubric(
          id: "t", title: "T",
          criteria: [
            Criterion(
              id: "c", title: "Concept",
              concepts: [Concept(name: "a rare name nobody says", phrases: [], near: near)], hint: "Mention it.")
          ])))
    return scorer.score(Answer(text: answer), against: rubric).criteria[0]
  }

  @Test(arguments: [
    ("I asked engineering to wrap the vendor behind our own interface.", "wrap vendor interface"),
    ("Our own interface wrapped whichever vendor we used.", "wrap vendor interface"),
    ("We replayed a month of logs through the new model.", "replay logs"),
    ("We set up a partnership with a bank for the data.", "partner data"),
    ("I purchased a labelled dataset from a vendor.", "buy dataset"),
    ("We raised an alert when the gap went above 15 percent for three days.", "alert #number"),
    ("We raised an alert when the gap went above fifteen percent.", "alert #number"),
    ("We swapped the provider in a week.", "switch|swap provider|vendor"),
    ("I wrote a follow-up plan for every incident.", "follow-up incident"),
    ("We ran an A/B test on the ranking.", "a/b ranking"),
  ])
  func matchesTermsInAnyOrder(answer: String, entry: String) {
    let r = result(answer, near: [entry])
    #expect(r.points == r.maxPoints, "\(entry) in \(answer)")
    #expect(r.evidence.first?.credited == true)
  }

  @Test(arguments: [
    ("We wrapped the gifts. The vendor sent an interface spec.", "wrap vendor interface"),  // two sentences
    (
      "I purchased lunch for the team and then after a long week of meetings with legal, finance, auditors, two customers and the board a dataset arrived.",
      "buy dataset"
    ),  // too far apart
    ("We raised an alert when the gap widened.", "alert #number"),  // no number
  ])
  func needsAllTermsCloseTogether(answer: String, entry: String) {
    #expect(result(answer, near: [entry]).points == 0, "\(entry) in \(answer)")
  }

  @Test(arguments: [
    "We did not replay the logs before launch.",
    "We never replayed any logs.",
    "The logs were not replayed.",
  ])
  func negationCancelsNearMatches(answer: String) {
    let r = result(answer, near: ["replay logs"])
    #expect(r.points == 0)
    #expect(r.evidence.first?.negated == true)
  }

  @Test func evidenceSaysWhenARelatedWordMatched() {
    let r = result("I purchased a labelled dataset from a vendor.", near: ["buy dataset"])
    #expect(r.evidence.first?.related == "‘purchased’ counted as ‘buy’, a WordNet synonym")
    let derived = result("We set up a partnership with a bank for the data.", near: ["partner data"])
    #expect(derived.evidence.first?.related == "‘partnership’ counted as ‘partner’, a WordNet derived form")
    let plain = result("We partnered with a bank for its data.", near: ["partner data"])
    #expect(plain.evidence.first?.related == nil)
  }

  @Test func withoutRelationsOnlyStemsMatch() {
    let plain = Scorer()
    #expect(result("I purchased a dataset.", near: ["buy dataset"], scorer: plain).points == 0)
    // "bought" has another stem than "buy".
    #expect(result("I bought a dataset.", near: ["buy dataset"], scorer: plain).points == 0)
    #expect(result("We buy datasets.", near: ["buy dataset"], scorer: plain).points > 0)
  }

  @Test(arguments: [
    ("", "is empty; write 1–4 key terms separated by spaces"),
    ("a b c d e", "has 5 terms; use at most 4 (split it into two entries)"),
    ("the vendor", "'the' is a stop word and never matches; use a content word"),
    ("the|of vendor", "'of' is a stop word and never matches; use a content word"),
    ("ask| question", "term 'ask|' has an empty alternative; remove the extra '|'"),
  ])
  func checkExplainsBadEntries(entry: String, problem: String) {
    #expect(ProximityPattern.problems(in: entry, tokenizer: Tokenizer()).contains(problem))
  }

  @Test func goodEntriesHaveNoProblems() {
    #expect(ProximityPattern.problems(in: "wrap|abstract vendor|provider #number", tokenizer: Tokenizer()).isEmpty)
  }
}
