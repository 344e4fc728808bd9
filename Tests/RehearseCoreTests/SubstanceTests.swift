import Testing

@testable import RehearseCore

/// What an interviewer notices first: lists of terms, repetition, length, hypothetical stories,
/// and red flags the candidate is criticising rather than holding.
@Suite struct SubstanceTests {
  static let rubric = Rubric(
    id: "t", title: "T", extends: [],
    criteria: [
      Criterion(
        id: "metric", title: "A north-star metric", weight: 30,
        concepts: [Concept(name: "north-star metric", phrases: ["north star", "primary metric"])], hint: "Pick one."),
      Criterion(
        id: "guardrail", title: "Guardrails", weight: 30,
        concepts: [Concept(name: "guardrail", phrases: ["guardrail", "p95 latency"])], hint: "Name a guardrail."),
      Criterion(
        id: "test", title: "An experiment", weight: 30,
        concepts: [Concept(name: "A/B test", phrases: ["A/B test", "holdout"])], hint: "Test it."),
    ],
    redFlags: [
      RedFlag(name: "clicks only", penalty: 8, phrases: ["clicks alone"], message: "Clicks alone can be gamed.")
    ],
    structure: StructureRules(
      sections: SectionsRule(weight: 4, required: AnswerSection.star), quantifiedResult: WeightedRule(weight: 2),
      ownership: WeightedRule(weight: 2), length: LengthRule(weight: 2, min: 60, max: 200)))
  let scorer = Scorer()
  var compiled: CompiledRubric { scorer.compile(RubricSet(single: Self.rubric)) }

  static let story = """
    At a grocery app I owned the recommendations carousel on the home screen. \
    The team wanted more clicks, but I set one north star metric: orders per visitor. \
    I added p95 latency and complaint rate as guardrails so we would not trade speed for revenue. \
    I ran an A/B test against a holdout of five percent of users for three weeks. \
    Orders per visitor rose 4% while p95 latency stayed under 200 ms, so we shipped it to everyone.
    """

  func flagNames(_ answer: String) -> [String] {
    scorer.score(Answer(text: answer), against: compiled).redFlags.map(\.name)
  }

  @Test func aStoryPassesEveryGate() {
    let report = scorer.score(Answer(text: Self.story), against: compiled)
    #expect(report.redFlags.isEmpty)
    #expect(report.score >= 80)
  }

  @Test(arguments: [
    "I used north star, primary metric, guardrail, p95 latency, A/B test, holdout.",
    "North star, guardrail, p95 latency, A/B test, holdout, primary metric, decision rule.",
    "I used north star. I used guardrail. I used A/B test.",
    "North star metric. Guardrail latency. Holdout test. Primary metric orders.",
  ])
  func keywordListsLandInNotReady(answer: String) {
    let report = scorer.score(Answer(text: answer), against: compiled)
    #expect(report.score <= 25)
    #expect(report.redFlags.contains { $0.name == "keyword list" })
    #expect(report.feedback.joined().contains("This reads as a list of terms"))
  }

  @Test func repeatedSentencesCountOnceAndCapTheScore() {
    let looped = Array(repeating: Self.story, count: 3).joined(separator: "\n")
    let report = scorer.score(Answer(text: looped), against: compiled)
    #expect(report.score <= 30)
    let flag = report.redFlags.first { $0.name == "repetition" }
    #expect(flag?.message == "10 of your 15 sentences repeat earlier ones word for word; they count once.")
  }

  @Test func farTooLongFailsLikeAnInterviewWould() {
    let filler = (1...60).map {
      "In week \($0) I reviewed a different dashboard with the analytics team and wrote notes."
    }
    let report = scorer.score(Answer(text: Self.story + " " + filler.joined(separator: " ")), against: compiled)
    #expect(report.redFlags.contains { $0.name == "far too long" })
    #expect(report.score <= 40)
  }

  @Test func aHypotheticalAnswerToAStoryQuestionIsCapped() {
    let plan = """
      I'd start by picking a north star metric like orders per visitor. \
      Then I would add p95 latency as a guardrail. \
      I'd run an A/B test with a holdout before shipping. \
      I would expect orders to rise about 4% if it works.
      """
    let report = scorer.score(Answer(text: plan), against: compiled)
    #expect(report.redFlags.contains { $0.name == "hypothetical answer" })
    #expect(report.score <= 55)
    #expect(!flagNames(Self.story).contains("hypothetical answer"))
  }

  @Test(arguments: [
    "The team had judged it by clicks alone, which could be gamed by clickbait, so I changed it.",
    "Before I joined they measured clicks alone. That was easy to game.",
  ])
  func aRedFlagTheCandidateCriticisesDoesNotFire(answer: String) {
    #expect(!flagNames(answer).contains("clicks only"))
  }

  @Test func aRedFlagTheCandidateHoldsFires() {
    #expect(flagNames("We measured success by clicks alone and it went well.").contains("clicks only"))
  }
}
