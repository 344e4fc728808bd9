import Foundation
import RehearseCore
import Testing

/// Values computed by hand (worked in the comments) for small tables.
@Suite struct AgreementMathTests {
  @Test func pearsonOfThreePairs() throws {
    // x = 1,2,3 (mean 2); y = 1,2,4 (mean 7/3). Σdxdy = 3, Σdx² = 2, Σdy² = 14/3.
    // r = 3 / √(28/3) = 0.981980…
    let r = try #require(AgreementMath.pearson([1, 2, 3], [1, 2, 4]).value)
    #expect(abs(r - 0.9819805) < 1e-6)
  }

  @Test func pearsonOfPerfectlyOppositeScores() throws {
    let r = try #require(AgreementMath.pearson([10, 20, 30], [30, 20, 10]).value)
    #expect(abs(r + 1) < 1e-12)
  }

  @Test func pearsonIsUndefinedForOneAnswer() {
    let figure = AgreementMath.pearson([70], [60])
    #expect(figure.value == nil)
    #expect(figure.reason == "needs at least 2 answers, got 1")
  }

  @Test func pearsonIsUndefinedForIdenticalGrades() {
    let figure = AgreementMath.pearson([50, 50, 50], [50, 50, 50])
    #expect(figure.value == nil)
    #expect(figure.reason == "both graders gave every answer the same score")
    #expect(
      AgreementMath.pearson([40, 50, 60], [50, 50, 50]).reason == "the second grader gave every answer the same score")
  }

  @Test func quadraticKappaOfFourAnswers() throws {
    // a = 0,1,2,3; b = 0,1,3,3; k = 4, w = (i−j)²/9.
    // Σw·O = (1/9)/4 = 1/36. Marginals: rows 1,1,1,1; columns 1,1,0,2.
    // Σw·E = (1/16)·(14/9 + 6/9 + 2·14/9) = 1/3. κ = 1 − (1/36)/(1/3) = 11/12.
    let kappa = try #require(AgreementMath.quadraticWeightedKappa([0, 1, 2, 3], [0, 1, 3, 3], categories: 4).value)
    #expect(abs(kappa - 11.0 / 12.0) < 1e-12)
  }

  @Test func quadraticKappaOfSystematicOpposites() throws {
    // a = 0,0,1,1; b = 1,1,0,0; k = 2. Σw·O = 1, Σw·E = 0.5, κ = 1 − 2 = −1.
    let kappa = try #require(AgreementMath.quadraticWeightedKappa([0, 0, 1, 1], [1, 1, 0, 0], categories: 2).value)
    #expect(abs(kappa + 1) < 1e-12)
  }

  @Test func quadraticKappaIsOneForPerfectAgreement() throws {
    let kappa = try #require(AgreementMath.quadraticWeightedKappa([0, 2, 3], [0, 2, 3], categories: 4).value)
    #expect(abs(kappa - 1) < 1e-12)
  }

  @Test func quadraticKappaIsUndefinedForOneAnswerOrOneBand() {
    #expect(AgreementMath.quadraticWeightedKappa([2], [2], categories: 4).reason == "needs at least 2 answers, got 1")
    let same = AgreementMath.quadraticWeightedKappa([2, 2, 2], [2, 2, 2], categories: 4)
    #expect(same.value == nil)
    #expect(same.reason?.contains("same band") == true)
  }

  @Test func undefinedFiguresEncodeAsNullWithAReason() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(AgreementMath.pearson([1], [1])), as: UTF8.self)
    #expect(json == #"{"reason":"needs at least 2 answers, got 1","value":null}"#)
    #expect(String(decoding: try encoder.encode(Figure(0.5)), as: UTF8.self) == #"{"value":0.5}"#)
  }
}

@Suite struct CalibrationTests {
  static func item(
    _ id: String, auto: Double, human: Double, criteria: [CriterionPair] = [], rubric: String = "r@1"
  ) -> CalibrationItem {
    let bands = Band.standard
    let autoBand = bands.sorted { $0.min < $1.min }.last { auto >= $0.min }?.label ?? ""
    return CalibrationItem(
      source: "s1", answerId: id, questionId: "q", rubricKey: rubric, grader: "Ana", automaticScore: auto,
      humanScore: human, automaticBand: autoBand, humanBand: nil, bands: bands, criteria: criteria)
  }

  @Test func agreementOfThreeAnswers() throws {
    // auto 85 (interview-ready, 3), 50 (developing, 1), 30 (not ready, 0)
    // human 70 (solid, 2), 55 (developing, 1), 10 (not ready, 0)
    // exact 2/3, adjacent 3/3, mean difference (15 − 5 + 20)/3 = 10.
    // r = 1575 / √(1550 · 1950) = 0.9059358…
    // κ: Σw·O = (1/9)/3 = 1/27; Σw·E = (1/81)·Σ(i−j)² over i∈{0,1,3}, j∈{0,1,2} = 21/81;
    //    κ = 1 − (1/27)/(21/81) = 6/7.
    let items = [
      Self.item("a1", auto: 85, human: 70), Self.item("a2", auto: 50, human: 55), Self.item("a3", auto: 30, human: 10),
    ]
    let agreement = Calibration.agreement(items)
    #expect(agreement.answers == 3)
    #expect(agreement.exactBand == Share(count: 2, total: 3))
    #expect(agreement.adjacentBand == Share(count: 3, total: 3))
    #expect(abs(try #require(agreement.meanDifference.value) - 10) < 1e-12)
    #expect(abs(try #require(agreement.meanAbsoluteDifference.value) - 40.0 / 3.0) < 1e-12)
    #expect(abs(try #require(agreement.pearson.value) - 0.9059358) < 1e-6)
    #expect(abs(try #require(agreement.quadraticKappa.value) - 6.0 / 7.0) < 1e-12)
  }

  @Test func oneAnswerGivesCountsButNoCorrelation() {
    let agreement = Calibration.agreement([Self.item("a1", auto: 72, human: 64)])
    #expect(agreement.answers == 1)
    #expect(agreement.exactBand == Share(count: 1, total: 1))
    #expect(agreement.meanDifference.value == 8)
    #expect(agreement.pearson.value == nil)
    #expect(agreement.quadraticKappa.value == nil)
  }

  @Test func identicalGradesAgreeExactlyButHaveNoCorrelation() {
    let items = (1...3).map { Self.item("a\($0)", auto: 65, human: 65) }
    let agreement = Calibration.agreement(items)
    #expect(agreement.exactBand.share == 1)
    #expect(agreement.meanDifference.value == 0)
    #expect(agreement.pearson.value == nil)
    #expect(agreement.pearson.reason == "both graders gave every answer the same score")
    #expect(agreement.quadraticKappa.value == nil)
  }

  @Test func noItemsGiveAnEmptyReport() {
    let report = Calibration.report([])
    #expect(report.overall.answers == 0)
    #expect(report.overall.exactBand.share == nil)
    #expect(report.overall.meanDifference.value == nil)
    #expect(report.largestDisagreements.isEmpty)
  }

  @Test func criteriaAreRankedByMeanDisagreement() throws {
    // guardrails (max 20): |20−10|/20 = 0.5 and |0−0| = 0 → 0.25; mean difference 5.
    // north-star (max 10): |10−10| and |0−2|/10 = 0.2 → 0.1.
    let items = [
      Self.item(
        "a1", auto: 80, human: 60,
        criteria: [
          CriterionPair(criterionId: "north-star", title: "North star", automatic: 10, human: 10, maxPoints: 10),
          CriterionPair(criterionId: "guardrails", title: "Guardrails", automatic: 20, human: 10, maxPoints: 20),
        ]),
      Self.item(
        "a2", auto: 20, human: 45,
        criteria: [
          CriterionPair(criterionId: "north-star", title: "North star", automatic: 0, human: 2, maxPoints: 10),
          CriterionPair(criterionId: "guardrails", title: "Guardrails", automatic: 0, human: 0, maxPoints: 20),
        ]),
    ]
    let report = Calibration.report(items, worst: 2, examples: 1)
    #expect(report.criteria.map(\.criterion) == ["north-star", "guardrails"])
    #expect(report.worstCriteria.map(\.criterion) == ["guardrails", "north-star"])
    let guardrails = try #require(report.criteria.last)
    #expect(abs(try #require(guardrails.meanAbsoluteShare.value) - 0.25) < 1e-12)
    #expect(guardrails.meanDifference.value == 5)
    #expect(report.largestDisagreements.map(\.answerId) == ["a2"])
    #expect(report.largestDisagreements.first?.difference == -25)
    #expect(report.largestDisagreements.first?.humanBand == "developing")
  }

  @Test func kappaAcrossDifferentBandScalesIsUndefined() {
    var other = Self.item("b1", auto: 50, human: 50, rubric: "other@1")
    other.bands = [Band(min: 0, label: "no"), Band(min: 50, label: "yes")]
    other.automaticBand = "yes"
    let report = Calibration.report([Self.item("a1", auto: 80, human: 60), Self.item("a2", auto: 30, human: 40), other])
    #expect(report.overall.quadraticKappa.value == nil)
    #expect(report.rubrics.map(\.rubric) == ["r@1", "other@1"])
    #expect(report.rubrics.first?.agreement.quadraticKappa.value != nil)
  }
}
