import Testing

@testable import RehearseCore

/// Negation, typos, phrases and synonyms, through the public scorer.
@Suite struct MatchingTests {
  let scorer = Scorer()

  func rubric(_ phrases: [String], scope: [AnswerSection]? = nil) -> CompiledRubric {
    scorer.compile(
      RubricSet(
        single: Rubric(
          id: "t", title: "T",
          criteria: [
            Criterion(
              id: "c", title: "Concept", scope: scope, concepts: [Concept(name: "concept", phrases: phrases)],
              hint: "Mention it.")
          ])))
  }

  func result(_ answer: String, _ phrases: [String], scope: [AnswerSection]? = nil) -> CriterionResult {
    scorer.score(Answer(text: answer), against: rubric(phrases, scope: scope)).criteria[0]
  }

  @Test(arguments: [
    "We ran an A/B test on the new ranking.",
    "we ran a/b tests for two weeks",
    "I set up an A/B-test with a holdout",
  ])
  func creditsPhrases(answer: String) {
    let r = result(answer, ["A/B test"])
    #expect(r.points == r.maxPoints)
    #expect(r.evidence.first?.credited == true)
  }

  @Test(arguments: [
    ("We did not run an A/B test.", "did not"),
    ("We never ran an A/B test before launch.", "never"),
    ("We launched without an A/B test.", "without"),
    ("The A/B test was not run because of time.", "post"),
    ("We didn't run an A/B test.", "didn't"),
    ("We shipped on gut feel rather than an A/B test.", "rather than"),
    ("We used intuition instead of an A/B test.", "instead of"),
  ])
  func negationEarnsNoCredit(answer: String, trigger: String) {
    let r = result(answer, ["A/B test"])
    #expect(r.points == 0, "\(trigger)")
    #expect(r.evidence.first?.negated == true)
    #expect(r.missed.first?.reason.contains("negates") == true)
  }

  @Test(arguments: [
    "We would not ship unless the A/B test was flat on retention.",
    "We did not hurt conversion, but we ran an A/B test.",
    "Not only did we run an A/B test, we kept a holdback.",
    "We improved recall without hurting the A/B test timeline.",
  ])
  func negationScopeEnds(answer: String) {
    #expect(result(answer, ["A/B test"]).points > 0)
  }

  @Test(arguments: [
    ("A node has no more than two children.", ["two children"]),
    ("Retrain no less than once a month.", ["once a month"]),
    ("The array is not fixed in size.", ["array"]),
    ("The battery isn't damaged, the bulb is.", ["battery"]),
    ("If no constructor is provided, Java adds one.", ["constructor"]),
    ("Ask whether no labels exist before training.", ["labels"]),
  ])
  func quantifiersPredicatesAndConditionsAreNotNegations(answer: String, phrases: [String]) {
    let r = result(answer, phrases)
    #expect(r.points == r.maxPoints, "\(answer)")
  }

  @Test(arguments: [
    ("We watched the guardrial metric daily.", true),  // transposition
    ("We ran an experimnt for two weeks.", true),  // deletion in a long word
    ("We tracked the cost.", false),  // "tracked" is not a typo of "traced"
    ("We tracked latnecy at p95.", true),
    ("We tracked the dwell time.", false),
  ])
  func toleratesOneTypoInLongWords(answer: String, credited: Bool) {
    let r = result(answer, ["guardrail metric", "latency", "experiment", "traced"])
    #expect((r.points > 0) == credited)
    if credited { #expect(r.evidence.first?.typo == true) }
  }

  @Test func shortWordsNeedExactSpelling() {
    // "cost" has four letters: "cots" is not a typo for it.
    #expect(result("We cut cots a lot.", ["cost"]).points == 0)
  }

  @Test func phrasesMatchAcrossInflectionAndOneExtraWord() {
    #expect(result("we defined guardrails metrics", ["guardrail metric"]).points > 0)
    #expect(result("p95 end latency", ["p95 latency"]).points > 0)
    #expect(result("latency p95", ["p95 latency"]).points == 0)
  }

  @Test func sectionScopeIsEnforcedAndExplained() {
    let answer = """
      Situation: our team ran an A/B test last year.
      Task: I had to improve ranking.
      Action: I rebuilt the features.
      Result: CTR rose 4%.
      """
    let r = result(answer, ["A/B test"], scope: [.action, .result])
    #expect(r.points == 0)
    #expect(r.evidence.first?.outOfScope == true)
    #expect(r.missed.first?.reason.contains("Situation") == true)
  }

  @Test func evidenceQuotesTheAnswersOwnWordsWithCodePointOffsets() {
    let answer = "Café team: we ran A/B tests."
    let r = result(answer, ["A/B test"])
    let evidence = try! #require(r.evidence.first)
    #expect(evidence.text == "A/B tests")
    let scalars = Array(answer.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[evidence.start..<evidence.end])) == "A/B tests")
  }
}
