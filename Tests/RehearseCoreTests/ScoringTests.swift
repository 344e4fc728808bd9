import Testing

@testable import RehearseCore

/// The score report: points, bands, explanations and the invariant that every lost point is
/// explained.
@Suite struct ScoringTests {
  let scorer = Scorer()

  static let structure = Rubric(
    id: "star", title: "STAR",
    structure: StructureRules(
      sections: SectionsRule(weight: 8), quantifiedResult: WeightedRule(weight: 7), ownership: WeightedRule(weight: 5),
      length: LengthRule(weight: 5, min: 40, max: 200)))

  static let content = Rubric(
    id: "metrics", title: "Metrics", extends: ["star"],
    criteria: [
      Criterion(
        id: "north-star", title: "North-star metric", weight: 25,
        concepts: [Concept(name: "north-star metric", phrases: ["north star", "primary metric"])],
        hit: "You picked one metric.", hint: "Pick one north-star metric tied to user value."),
      Criterion(
        id: "guardrails", title: "Guardrails", weight: 25, match: .atLeast(2),
        concepts: [
          Concept(name: "latency guardrail", phrases: ["p95 latency", "tail latency"]),
          Concept(name: "diversity", phrases: ["diversity", "coverage"]),
          Concept(name: "complaints", phrases: ["complaint rate", "hide rate"]),
        ], hint: "Name guardrails that must not regress."),
      Criterion(
        id: "experiment", title: "Experiment", weight: 25, scope: [.action, .result],
        concepts: [Concept(name: "A/B test", phrases: ["A/B test", "holdback"])], hint: "Test it online."),
    ],
    bonus: [BonusConcept(name: "novelty", points: 3, phrases: ["novelty effect"])],
    redFlags: [
      RedFlag(
        name: "accuracy alone", penalty: 10, phrases: ["accuracy is all that matters"],
        message: "Users feel more than accuracy.")
    ])

  var compiled: CompiledRubric {
    get throws {
      scorer.compile(try RubricSet(ids: ["metrics"], library: ["star": Self.structure, "metrics": Self.content]))
    }
  }

  static let strong = """
    Situation: At my last company the home feed was ranked by clicks and users were churning.
    Task: I was asked to define success metrics before we launched a new ranking model.
    Action: I chose a north star of weekly purchases per active user. I set guardrails on p95 latency \
    and diversity, and I ran an A/B test for two weeks while watching for a novelty effect.
    Result: Purchases per user rose 6% with p95 latency flat at 120 ms.
    """

  @Test func aCompleteAnswerScoresTopBand() throws {
    let report = scorer.score(Answer(text: Self.strong), against: try compiled)
    #expect(report.score == 100)
    #expect(report.band == "interview-ready")
    #expect(report.bonus.map(\.name) == ["novelty"])
    #expect(report.structure.quantifiedResult)
    #expect(report.structure.sections == SectionFlags(Set(AnswerSection.star)))
    #expect(report.biggestGap == nil)
  }

  @Test func maxPointsAddUpToExactly100() throws {
    let report = scorer.score(Answer(text: "x"), against: try compiled)
    #expect(report.criteria.reduce(0) { $0 + $1.maxPoints } == 100)
    #expect(report.criteria.first { $0.id == "north-star" }?.maxPoints == 25)
    #expect(report.criteria.first { $0.id == "star-sections" }?.maxPoints == 8)
  }

  @Test func partialCreditForAtLeastN() throws {
    let report = scorer.score(Answer(text: "I watched p95 latency closely."), against: try compiled)
    let guardrails = try #require(report.criteria.first { $0.id == "guardrails" })
    #expect(guardrails.points == 12.5)
    #expect(guardrails.missed.first?.reason == "1 of the 2 ideas needed; add one of “diversity” or “complaints”")
    #expect(guardrails.evidence.map(\.text) == ["p95 latency"])
  }

  @Test func redFlagsCostPointsAndAreQuoted() throws {
    let answer = Self.strong + "\nHonestly, accuracy is all that matters."
    let report = scorer.score(Answer(text: answer), against: try compiled)
    #expect(report.score == 93)  // 100 + 3 bonus − 10
    #expect(report.redFlags.first?.evidence.text == "accuracy is all that matters")
    #expect(report.biggestGap?.hasPrefix("accuracy alone") == true)
  }

  @Test func aNegatedRedFlagIsNotAFlag() throws {
    let answer = Self.strong + "\nI never said accuracy is all that matters."
    #expect(scorer.score(Answer(text: answer), against: try compiled).redFlags.isEmpty)
  }

  @Test func bandsFollowTheRubric() throws {
    let set = try RubricSet(ids: ["metrics"], library: ["star": Self.structure, "metrics": Self.content])
    #expect(set.band(for: 0) == "not ready")
    #expect(set.band(for: 39.9) == "not ready")
    #expect(set.band(for: 40) == "developing")
    #expect(set.band(for: 79.9) == "solid")
    #expect(set.band(for: 80) == "interview-ready")
  }

  static let variety: [String] = [
    "",
    "I would use machine learning.",
    strong,
    strong.replacingOccurrences(of: "I ", with: "We "),
    "Situation: churn. Task: metrics. Action: we did not run an A/B test. Result: it went fine.",
    String(repeating: "We basically kind of looked at the diversity of things, maybe. ", count: 30),
    "Our team ran an A/B test. Accuracy is all that matters. North star was clicks.",
    "S: feed\nT: define metrics\nA: I chose a primary metric and tracked tail latency and hide rate\nR: up 3%",
  ]

  /// Every point below the maximum is explained: by a miss on the criterion, or a red flag.
  @Test(arguments: variety)
  func everyLostPointIsExplained(answer: String) throws {
    let report = scorer.score(Answer(text: answer), against: try compiled)
    for criterion in report.criteria {
      let lost = ((criterion.maxPoints - criterion.points) * 10).rounded() / 10
      let explained = criterion.missed.reduce(0) { $0 + $1.pointsLost }
      #expect(abs(lost - explained) < 0.05, "\(criterion.id): lost \(lost), explained \(explained)")
      for miss in criterion.missed {
        #expect(!miss.reason.isEmpty && !miss.hint.isEmpty, "\(criterion.id) miss lacks a reason or hint")
      }
    }
    let earned = report.criteria.reduce(0) { $0 + $1.points }
    let bonus = report.bonus.reduce(0) { $0 + $1.points }
    let penalty = report.redFlags.reduce(0) { $0 + $1.penalty }
    let expected = min(100, max(0, earned + bonus - penalty))
    #expect(abs(report.score - expected) < 0.05)
    if report.score < 100 {
      #expect(report.biggestGap != nil)
    }
  }

  @Test func theSameInputGivesTheSameReport() throws {
    let rubric = try compiled
    #expect(
      scorer.score(Answer(text: Self.strong), against: rubric)
        == scorer.score(Answer(text: Self.strong), against: rubric))
  }

  @Test func contentHashChangesWithScoringNotExamples() throws {
    var edited = Self.content
    edited.examples = [ExampleAnswer(id: "x", expect: [0, 100], answer: "y")]
    let a = RubricSet(single: Self.content).contentHash
    let b = RubricSet(single: edited).contentHash
    edited.criteria[0].weight = 30
    let c = RubricSet(single: edited).contentHash
    #expect(a == b)
    #expect(a != c)
    #expect(a.count == 16)
  }

  @Test func resolvingReportsUnknownAndCyclicRubrics() {
    #expect(throws: RubricResolutionError.unknown(id: "nope", referencedBy: nil)) {
      try RubricSet(ids: ["nope"], library: [:])
    }
    let a = Rubric(id: "a", title: "A", extends: ["b"])
    let b = Rubric(id: "b", title: "B", extends: ["a"])
    #expect(throws: RubricResolutionError.cycle(["a", "b", "a"])) {
      try RubricSet(ids: ["a"], library: ["a": a, "b": b])
    }
  }

  @Test func apportionKeepsTenthsExact() {
    #expect(CompiledRubric.apportion(weights: [1, 1, 1], total: 100) == [33.4, 33.3, 33.3])
    #expect(CompiledRubric.apportion(weights: [15, 10, 0], total: 100) == [60, 40, 0])
  }
}

@Suite struct StructureTests {
  let scorer = Scorer()
  var rubric: CompiledRubric { scorer.compile(RubricSet(single: ScoringTests.structure)) }

  func findings(_ answer: String) -> [String] {
    scorer.score(Answer(text: answer), against: rubric).structure.findings.map(\.id)
  }

  @Test func weWithoutIIsAnOwnershipFinding() {
    let answer =
      "Situation: churn rose.\nTask: fix it.\nAction: We rebuilt the model. We ran tests. We shipped.\nResult: churn fell 4%."
    let report = scorer.score(Answer(text: answer), against: rubric)
    #expect(findings(answer).contains("ownership"))
    #expect(report.criteria.first { $0.id == "ownership" }?.points == 0)
    #expect(report.structure.actionFirstPersonPlural == 3)
  }

  @Test func noNumberInTheResultIsAFinding() {
    let answer = "Situation: churn rose.\nTask: fix it.\nAction: I rebuilt the model.\nResult: it went well."
    #expect(findings(answer).contains("no-quantified-result"))
  }

  @Test func anAudienceSizeAloneIsNotAQuantifiedResult() {
    let answer =
      "Situation: churn rose.\nTask: fix it.\nAction: I rebuilt the model.\nResult: it reached 2 million users."
    #expect(findings(answer).contains("no-quantified-result"))
    let changed =
      "Situation: churn rose.\nTask: fix it.\nAction: I rebuilt the model.\nResult: churn fell from 9 to 6 per 100 users."
    #expect(!findings(changed).contains("no-quantified-result"))
  }

  @Test func lengthAndSpeakingTime() {
    let long = "Situation: x.\nAction: " + String(repeating: "I explained the plan again. ", count: 80)
    let report = scorer.score(Answer(text: long), against: rubric)
    #expect(report.structure.wordCount == 401)  // labels are not words
    #expect(report.structure.speakingSeconds == 160)
    #expect(
      report.structure.findings.first { $0.id == "too-long" }?.message
        == "Too long: 401 words, about 2 min 40 s spoken.")
  }

  @Test func fillersAndBuzzwordsAreNamed() {
    let answer =
      "Basically we leveraged cutting-edge AI, maybe, and basically it was kind of a game-changer, basically."
    let ids = findings(answer)
    #expect(ids.contains("fillers"))
    #expect(ids.contains("buzzwords"))
  }
}
