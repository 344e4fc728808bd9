import Testing

@testable import RehearseCore

@Suite struct SegmentationTests {
  let tokenizer = Tokenizer()
  var segmenter: StarSegmenter { StarSegmenter(tokenizer: tokenizer) }

  func segment(_ text: String, guided: Bool = false) -> Segmentation {
    segmenter.segment(tokens: tokenizer.tokenize(text), text: text, guided: guided)
  }

  @Test(arguments: [
    "Situation: a\nTask: b\nAction: c\nResult: d",
    "S: a\nT: b\nA: c\nR: d",
    "**Situation**\na\n**Task**\nb\n**Action**\nc\n**Result**\nd",
    "## Situation\na\n## Task\nb\n## Action\nc\n## Result\nd",
    "Situation - a\nTask - b\nAction - c\nResult - d",
    "- Context: a\n- Goal: b\n- Approach: c\n- Outcome: d",
    "Situation — a\nTask — b\nAction — c\nResult — d",
  ])
  func findsEveryLabellingStyle(text: String) {
    let segmentation = segment(text)
    #expect(segmentation.method == .labels)
    #expect(segmentation.present == Set(AnswerSection.star))
    let tokens = tokenizer.tokenize(text)
    let content = tokens.indices.filter { !segmentation.labelTokens.contains($0) }
    #expect(content.map { tokens[$0].text } == ["a", "b", "c", "d"])
    #expect(content.map { segmentation.sectionOfToken[$0] } == AnswerSection.star)
  }

  @Test func doesNotMistakeSentencesForLabels() {
    let segmentation = segment("A model was slow. Action items were unclear. Impact was small.")
    #expect(segmentation.method == .inferred)
  }

  @Test func infersSectionsFromCuesInOrder() {
    let text = """
      At my last company our search results were stale and users were churning. \
      My goal was to improve relevance within a quarter. \
      I decided to retrain the ranker, and I ran an A/B test with the data science team. \
      As a result, conversion increased 7% and latency stayed flat.
      """
    let segmentation = segment(text)
    #expect(segmentation.method == .inferred)
    #expect(segmentation.present == Set(AnswerSection.star))
    let tokens = tokenizer.tokenize(text)
    let firstOfResult = tokens.firstIndex { $0.text == "result" } ?? 0
    #expect(segmentation.sectionOfToken[firstOfResult] == .result)
    #expect(segmentation.sectionOfToken[0] == .situation)
  }

  @Test func aThinAnswerLacksSections() {
    let segmentation = segment("I would use machine learning.")
    #expect(!segmentation.present.contains(.result))
    #expect(!segmentation.present.contains(.task))
  }

  @Test func guidedAnswersUseTheirSections() {
    let answer = Answer(sections: [
      .situation: "Our churn rose.", .task: "", .action: "I rebuilt it.", .result: "Churn fell 3%.",
    ])
    let segmentation = segment(answer.fullText, guided: true)
    #expect(segmentation.method == .guided)
    #expect(segmentation.present == [.situation, .action, .result])
  }
}

/// Unlabelled stories: first-person past actions are Action, measured outcomes Result.
@Suite struct UnlabelledStoryTests {
  let scorer = Scorer()

  @Test func firstPersonActionsAreReadAsAction() {
    let story = """
      At a meal-kit company our demand forecast kept over-ordering vegetables. \
      I was responsible for the forecasting product and the waste it caused. \
      I set up a weekly check of forecast error by region with the data scientist. \
      I agreed with operations on an alert when the error stayed above 15 percent for three days. \
      I then moved two regions to a simpler model while we retrained the main one. \
      Waste fell from 11% to 6% within two months.
      """
    let tokens = scorer.tokenizer.tokenize(story)
    let segmentation = scorer.segmenter.segment(tokens: tokens, text: story, guided: false)
    #expect(segmentation.method == .inferred)
    #expect(segmentation.present == Set(AnswerSection.star))
    let setUp = tokens.firstIndex { $0.text == "set" } ?? 0
    let agreed = tokens.firstIndex { $0.text == "agreed" } ?? 0
    let fell = tokens.firstIndex { $0.text == "fell" } ?? 0
    #expect(segmentation.sectionOfToken[setUp] == .action)
    #expect(segmentation.sectionOfToken[agreed] == .action)
    #expect(segmentation.sectionOfToken[fell] == .result)
  }
}
