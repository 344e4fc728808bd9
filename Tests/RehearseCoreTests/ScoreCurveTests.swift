import Testing

@testable import RehearseCore

/// The calibration curve: rubric points → the score an interviewer would give.
@Suite struct ScoreCurveTests {
  let curve = ScoreCurve(knots: [[0, 0], [25, 40], [50, 64], [75, 85], [100, 100]])

  @Test(arguments: [(0.0, 0.0), (25, 40), (37.5, 52), (50, 64), (90, 94), (100, 100), (-5, 0), (140, 100)])
  func interpolatesBetweenKnots(points: Double, score: Double) {
    #expect(abs(curve.score(for: points) - score) < 1e-9)
  }

  @Test(arguments: [
    ([[0.0, 0.0]], "needs at least two knots, e.g. [[0, 0], [100, 100]]"),
    ([[0, 0], [50, 70, 1], [100, 100]], "each knot is [points, score]; found [50.0, 70.0, 1.0]"),
    ([[0, 0], [50, 120], [100, 100]], "knot [50.0, 120.0] is outside 0–100"),
    ([[0, 0], [50, .infinity], [100, 100]], "knot [50.0, inf] is outside 0–100"),
    ([[10, 0], [100, 100]], "the first knot must be at 0 points and the last at 100"),
    (
      [[0, 0], [60, 50], [40, 60], [100, 100]],
      "points must increase from knot to knot ([60.0, 50.0] then [40.0, 60.0])"
    ),
    (
      [[0, 0], [50, 70], [75, 60], [100, 100]],
      "scores must not decrease from knot to knot ([50.0, 70.0] then [75.0, 60.0])"
    ),
  ])
  func explainsUnusableKnots(knots: [[Double]], problem: String) {
    let bad = ScoreCurve(knots: knots)
    #expect(bad.problem == problem)
    #expect(bad.score(for: 42) == 42)  // unusable knots never distort a score
  }

  @Test func theReportKeepsThePointsTheCurveStartedFrom() {
    let rubric = Rubric(
      id: "t", title: "T",
      criteria: [
        Criterion(id: "a", title: "A", concepts: [Concept(name: "north star", phrases: ["north star"])], hint: "h"),
        Criterion(id: "b", title: "B", concepts: [Concept(name: "guardrail", phrases: ["guardrail"])], hint: "h"),
      ], calibration: curve)
    let scorer = Scorer()
    let report = scorer.score(
      Answer(text: "We chose a north star."), against: scorer.compile(RubricSet(single: rubric)))
    #expect(report.points == 50)
    #expect(report.score == 64)
    #expect(report.band == "solid")
  }
}
