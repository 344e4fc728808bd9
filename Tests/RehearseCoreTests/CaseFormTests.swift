import Foundation
import Testing

@testable import RehearseCore

/// Case answers: their five parts, found by labels or cue words, and how the scorer judges
/// them beside stories.
@Suite struct CaseFormTests {
  let tokenizer = Tokenizer()

  func segment(_ text: String, guided: Bool = false) -> Segmentation {
    CaseSegmenter(tokenizer: tokenizer).segment(tokens: tokenizer.tokenize(text), text: text, guided: guided)
  }

  @Test(arguments: [
    "Goal: a\nMetrics: b\nApproach: c\nRisks: d\nLaunch: e",
    "Clarifying questions: a\nSuccess metrics: b\nData and model: c\nRisks and trade-offs: d\nNext steps: e",
    "**Goal**\na\n**Metrics**\nb\n**Approach**\nc\n**Risks**\nd\n**Rollout**\ne",
    "- Users: a\n- KPIs: b\n- Solution: c\n- Trade-offs: d\n- Iteration: e",
  ])
  func findsCaseLabels(text: String) {
    let segmentation = segment(text)
    #expect(segmentation.method == .labels)
    let tokens = tokenizer.tokenize(text)
    let content = tokens.indices.filter { !segmentation.labelTokens.contains($0) }
    #expect(content.map { tokens[$0].text } == ["a", "b", "c", "d", "e"])
    #expect(content.map { segmentation.sectionOfToken[$0] } == AnswerSection.caseParts)
    #expect(segmentation.present == Set(AnswerSection.caseParts))
  }

  @Test func infersPartsFromCueWordsInAnyOrder() {
    let text = """
      First I would clarify the goal and who the users are. \
      I would start with rules on sending velocity, then train a classifier on user reports. \
      To measure success I'd track precision and recall, with the appeal rate as a guardrail. \
      The biggest risk is a false positive on a legitimate message, and privacy. \
      Then a pilot with 5% of users and an A/B test before the full rollout.
      """
    let segmentation = segment(text)
    #expect(segmentation.method == .inferred)
    #expect(segmentation.present == Set(AnswerSection.caseParts))
    let tokens = tokenizer.tokenize(text)
    func part(of word: String) -> AnswerSection? {
      tokens.firstIndex { $0.text == word }.map { segmentation.sectionOfToken[$0] }
    }
    #expect(part(of: "clarify") == .goal)
    #expect(part(of: "classifier") == .approach)
    #expect(part(of: "recall") == .metrics)
    #expect(part(of: "legitimate") == .risks)
    #expect(part(of: "pilot") == .launch)
  }

  @Test func aSentenceWithoutCuesContinuesThePartBefore() {
    let segmentation = segment("I would track precision on a labelled sample. By hand, on Mondays, with two people.")
    let tokens = tokenizer.tokenize(
      "I would track precision on a labelled sample. By hand, on Mondays, with two people.")
    let mondays = tokens.firstIndex { $0.text == "mondays" } ?? 0
    #expect(segmentation.sectionOfToken[mondays] == segmentation.sectionOfToken[0])
    #expect(!segmentation.present.contains(.goal))
  }

  static let caseStructure = Rubric(
    id: "case-structure", title: "Case",
    structure: StructureRules(
      sections: SectionsRule(weight: 10, required: AnswerSection.caseParts),
      length: LengthRule(weight: 5, min: 40, max: 600)))
  static let starStructure = Rubric(
    id: "star-structure", title: "STAR",
    structure: StructureRules(
      sections: SectionsRule(weight: 8), quantifiedResult: WeightedRule(weight: 7), ownership: WeightedRule(weight: 5),
      length: LengthRule(weight: 5, min: 40, max: 450)))
  static let content = Rubric(
    id: "either", title: "Either", extends: ["star-structure", "case-structure"],
    criteria: [
      Criterion(
        id: "guardrail", title: "A guardrail", weight: 20, scope: [.action, .result],
        concepts: [Concept(name: "guardrail", phrases: ["guardrail"])], hint: "Name a guardrail.")
    ])
  static let library = ["case-structure": caseStructure, "star-structure": starStructure, "either": content]

  @Test func aSetIsResolvedForOneFormAndLeavesTheOtherStructureOut() throws {
    let story = try RubricSet(ids: ["either"], library: Self.library)
    #expect(story.form == .star)
    #expect(story.rubrics.map(\.id) == ["star-structure", "either"])
    #expect(story.offeredForms == [.star, .caseStudy])
    let asCase = try RubricSet(ids: ["either"], library: Self.library, form: .caseStudy)
    #expect(asCase.rubrics.map(\.id) == ["case-structure", "either"])
    #expect(asCase.structure.quantifiedResult == nil)
    #expect(throws: RubricResolutionError.self) {
      try RubricSet(ids: ["star-structure"], library: Self.library, form: .caseStudy)
    }
    do {
      _ = try RubricSet(ids: ["star-structure"], library: Self.library, form: .caseStudy)
    } catch {
      #expect(
        error.description
          == "rubric 'star-structure' does not judge case answers (it judges STAR story); extend 'case-structure' to accept them"
      )
    }
  }

  static let plan = """
    I would first clarify who the users are and what harm spam does to them. \
    For metrics I would watch the appeal rate as a guardrail and the precision of blocks. \
    My approach would start with rules and then a classifier trained on reports. \
    The main risk is blocking legitimate messages, which costs more than missed spam. \
    I would launch with a pilot for 5% of users and iterate weekly.
    """

  @Test func aCaseAnswerIsNotCappedForBeingHypotheticalAndItsScopeIsIgnored() throws {
    let scorer = Scorer()
    let asCase = scorer.score(
      Answer(text: Self.plan),
      against: scorer.compile(try RubricSet(ids: ["either"], library: Self.library, form: .caseStudy)))
    #expect(asCase.structure.form == .caseStudy)
    #expect(!asCase.redFlags.contains { $0.name == "hypothetical answer" })
    #expect(
      asCase.criteria.first { $0.id == "guardrail" }?.points
        == asCase.criteria.first { $0.id == "guardrail" }?.maxPoints)
    #expect(
      asCase.criteria.first { $0.id == "case-parts" }?.points
        == asCase.criteria.first { $0.id == "case-parts" }?.maxPoints)
    #expect(!asCase.structure.findings.contains { $0.id == "no-quantified-result" || $0.id == "ownership" })
    // The same plan told for a story question is a hypothetical story.
    let asStory = scorer.score(
      Answer(text: Self.plan), against: scorer.compile(try RubricSet(ids: ["either"], library: Self.library)))
    #expect(asStory.redFlags.contains { $0.name == "hypothetical answer" })
    #expect(asStory.score < asCase.score)
  }

  @Test func missingPartsAreNamedWithHints() throws {
    let scorer = Scorer()
    let report = scorer.score(
      Answer(text: "I would start with rules and a classifier trained on user reports, then retrain it."),
      against: scorer.compile(try RubricSet(ids: ["either"], library: Self.library, form: .caseStudy)))
    let finding = try #require(report.structure.findings.first { $0.id == "missing-sections" })
    #expect(finding.message.hasPrefix("Missing parts: Goal & users, Success metrics"))
    #expect(finding.hint?.contains("Success metrics: name how you would measure success") == true)
  }

  @Test func reportsSavedBeforeCasesDecodeAsStories() throws {
    let json = """
      {"sections":{"situation":true,"task":false,"action":true,"result":true},
       "sectionShares":{"situation":0.2,"task":0,"action":0.6,"result":0.2},"segmentation":"labels",
       "quantifiedResult":true,"quantities":[],"actionFirstPersonSingular":3,"actionFirstPersonPlural":0,
       "wordCount":120,"speakingSeconds":48,"fillers":[],"buzzwords":[],"findings":[]}
      """
    let report = try JSONDecoder().decode(StructureReport.self, from: Data(json.utf8))
    #expect(report.form == .star)
    #expect(report.sections.sections == AnswerSection.star)
    #expect(!report.sections[.task])
  }
}
