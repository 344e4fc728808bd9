/// One answer scored automatically and graded by a person: the input to calibration.
public struct CalibrationItem: Sendable, Equatable {
  /// Where the answer comes from: a session id, or `file:line` for batch input.
  public var source: String
  /// The answer's id within its source (`a3`), or a batch line's id.
  public var answerId: String
  /// The question answered, when known (batch lines may not say).
  public var questionId: String?
  /// The rubrics that scored it, as `id@version` joined by `+`: the unit of per-rubric figures.
  public var rubricKey: String
  /// Who graded it (a mentor name, or "human" for batch input).
  public var grader: String
  /// The scorer's score, 0–100.
  public var automaticScore: Double
  /// The person's score, 0–100 (the same scale).
  public var humanScore: Double
  /// The band the scorer gave.
  public var automaticBand: String
  /// The band the person chose; nil to derive it from `humanScore`.
  public var humanBand: String?
  /// The rubric's bands (any order); band agreement and kappa are computed on their ranks.
  public var bands: [Band]
  /// Per-criterion points from both sides, when the person graded criterion by criterion.
  public var criteria: [CriterionPair]
  /// The grader's comment, carried into the disagreements list; optional.
  public var comment: String?

  /// An item as collected from sessions or batch input; `humanBand` nil derives the band from `humanScore`.
  public init(
    source: String, answerId: String, questionId: String?, rubricKey: String, grader: String,
    automaticScore: Double, humanScore: Double, automaticBand: String, humanBand: String?, bands: [Band],
    criteria: [CriterionPair] = [], comment: String? = nil
  ) {
    self.source = source
    self.answerId = answerId
    self.questionId = questionId
    self.rubricKey = rubricKey
    self.grader = grader
    self.automaticScore = automaticScore
    self.humanScore = humanScore
    self.automaticBand = automaticBand
    self.humanBand = humanBand
    self.bands = bands
    self.criteria = criteria
    self.comment = comment
  }

  /// Band labels from lowest to highest.
  var orderedBands: [Band] { bands.sorted { $0.min < $1.min } }

  func rank(ofBand label: String?, score: Double) -> Int {
    let ordered = orderedBands
    if let label, let index = ordered.firstIndex(where: { $0.label == label }) { return index }
    return ordered.lastIndex { score >= $0.min } ?? 0
  }

  var automaticRank: Int { rank(ofBand: automaticBand, score: automaticScore) }
  var humanRank: Int { rank(ofBand: humanBand, score: humanScore) }
}

/// Points for one criterion from the scorer and from a person.
public struct CriterionPair: Sendable, Equatable {
  /// The criterion id in its rubric.
  public var criterionId: String
  /// The criterion's title, for the report.
  public var title: String
  var automatic: Double
  /// The person's points, 0 to ``maxPoints``.
  public var human: Double
  /// The criterion's maximum points; both sides use this scale.
  public var maxPoints: Double

  /// Both sides' points for one criterion of one answer.
  public init(criterionId: String, title: String, automatic: Double, human: Double, maxPoints: Double) {
    self.criterionId = criterionId
    self.title = title
    self.automatic = automatic
    self.human = human
    self.maxPoints = maxPoints
  }
}

/// Agreement between automatic and human scores over a set of answers.
public struct Agreement: Codable, Sendable, Equatable {
  /// How many answers the figures are computed over.
  public var answers: Int
  /// Same band.
  public var exactBand: Share
  /// Bands at most one apart (includes exact agreement).
  public var adjacentBand: Share
  /// Pearson's r on the 0–100 scores.
  public var pearson: Figure
  /// Quadratic weighted kappa on the bands.
  public var quadraticKappa: Figure
  /// Mean of automatic − human, in points: positive when the scorer is kinder, negative
  /// when it is harsher.
  public var meanDifference: Figure
  /// Mean of |automatic − human|, in points: how far apart the two are on a typical answer, whatever the
  /// direction.
  public var meanAbsoluteDifference: Figure
}

/// Agreement for one rubric (or combination of rubrics).
public struct RubricAgreement: Codable, Sendable, Equatable {
  /// The rubric key (`id@version`, joined by `+` for a combination).
  public var rubric: String
  /// The figures over this rubric's answers only.
  public var agreement: Agreement
}

/// Agreement on one criterion's points.
public struct CriterionAgreement: Codable, Sendable, Equatable {
  /// The rubric key the criterion belongs to.
  public var rubric: String
  /// The criterion id.
  public var criterion: String
  /// The criterion's title, for the report.
  public var title: String
  /// Answers graded criterion by criterion on it.
  public var answers: Int
  /// The criterion's maximum points.
  public var maxPoints: Double
  /// Pearson's r between the two sides' points; undefined with fewer than two answers or no variance.
  public var pearson: Figure
  /// Mean of automatic − human points.
  public var meanDifference: Figure
  /// Mean of |automatic − human| as a share of the criterion's maximum (0 = always agree,
  /// 1 = always opposite ends). Criteria are ranked worst-first by this figure.
  public var meanAbsoluteShare: Figure
}

/// An answer where the scorer and a person disagree.
public struct Disagreement: Codable, Sendable, Equatable {
  /// Where the answer comes from: a session id, or `file:line`.
  public var source: String
  /// The answer's id within its source.
  public var answerId: String
  /// The question answered, when known.
  public var questionId: String?
  /// The rubric key that scored it.
  public var rubric: String
  /// Who graded it.
  public var grader: String
  /// The scorer's score, 0–100.
  public var automaticScore: Double
  /// The person's score, 0–100.
  public var humanScore: Double
  /// Automatic − human.
  public var difference: Double
  /// The band the scorer gave.
  public var automaticBand: String
  /// The band the person gave (or that their score falls in).
  public var humanBand: String
  /// The grader's comment, if any: often says why they differ.
  public var comment: String?
}

/// Everything `rehearse calibrate` reports.
public struct CalibrationReport: Codable, Sendable, Equatable {
  /// Agreement over every item.
  public var overall: Agreement
  /// Agreement per rubric key.
  public var rubrics: [RubricAgreement]
  /// Agreement per criterion, for items graded criterion by criterion.
  public var criteria: [CriterionAgreement]
  /// The criteria with the largest mean disagreement, worst first.
  public var worstCriteria: [CriterionAgreement]
  /// The answers with the largest score difference, largest first.
  public var largestDisagreements: [Disagreement]
}

/// Computes agreement between automatic scores and human grades.
///
/// Pure: takes graded items, returns figures. Undefined statistics are nil with a reason.
public enum Calibration {
  /// The agreement of a set of items.
  ///
  /// Kappa needs one band scale: when the items come from rubrics with different bands it is
  /// undefined overall (see the per-rubric figures).
  public static func agreement(_ items: [CalibrationItem]) -> Agreement {
    let automatic = items.map(\.automaticScore)
    let human = items.map(\.humanScore)
    let a = items.map(\.automaticRank)
    let h = items.map(\.humanRank)
    let exact = zip(a, h).filter { $0 == $1 }.count
    let adjacent = zip(a, h).filter { abs($0 - $1) <= 1 }.count
    let scales = Set(items.map { $0.orderedBands.map(\.label) })
    let kappa: Figure
    if scales.count > 1 {
      kappa = Figure(undefined: "the rubrics use different bands; see the per-rubric kappa")
    } else {
      kappa = AgreementMath.quadraticWeightedKappa(a, h, categories: scales.first?.count ?? 0)
    }
    return Agreement(
      answers: items.count, exactBand: Share(count: exact, total: items.count),
      adjacentBand: Share(count: adjacent, total: items.count),
      pearson: AgreementMath.pearson(automatic, human), quadraticKappa: kappa,
      meanDifference: AgreementMath.meanDifference(automatic, human),
      meanAbsoluteDifference: AgreementMath.meanAbsoluteDifference(automatic, human))
  }

  /// The full report: overall, per rubric, per criterion, worst criteria and largest
  /// disagreements.
  public static func report(_ items: [CalibrationItem], worst: Int = 3, examples: Int = 5) -> CalibrationReport {
    var rubricOrder: [String] = []
    var byRubric: [String: [CalibrationItem]] = [:]
    for item in items {
      if byRubric[item.rubricKey] == nil { rubricOrder.append(item.rubricKey) }
      byRubric[item.rubricKey, default: []].append(item)
    }
    let rubrics = rubricOrder.map { RubricAgreement(rubric: $0, agreement: agreement(byRubric[$0] ?? [])) }

    var criteria: [CriterionAgreement] = []
    for rubric in rubricOrder {
      var order: [String] = []
      var pairs: [String: [CriterionPair]] = [:]
      for item in byRubric[rubric] ?? [] {
        for pair in item.criteria {
          if pairs[pair.criterionId] == nil { order.append(pair.criterionId) }
          pairs[pair.criterionId, default: []].append(pair)
        }
      }
      for id in order {
        let list = pairs[id] ?? []
        let automatic = list.map(\.automatic)
        let human = list.map(\.human)
        let maxPoints = list.map(\.maxPoints).max() ?? 0
        let share: Figure
        if maxPoints > 0 {
          let mean = list.map { abs($0.automatic - $0.human) / max($0.maxPoints, 1e-9) }.reduce(0, +)
          share = Figure(mean / Double(list.count))
        } else {
          share = Figure(undefined: "the criterion has no points")
        }
        criteria.append(
          CriterionAgreement(
            rubric: rubric, criterion: id, title: list.first?.title ?? id, answers: list.count, maxPoints: maxPoints,
            pearson: AgreementMath.pearson(automatic, human),
            meanDifference: AgreementMath.meanDifference(automatic, human), meanAbsoluteShare: share))
      }
    }
    let worstCriteria = criteria.filter { ($0.meanAbsoluteShare.value ?? 0) > 0 }
      .sorted { lhs, rhs in
        let l = lhs.meanAbsoluteShare.value ?? 0
        let r = rhs.meanAbsoluteShare.value ?? 0
        if l != r { return l > r }
        return (lhs.rubric, lhs.criterion) < (rhs.rubric, rhs.criterion)
      }
      .prefix(worst)

    let disagreements = items.enumerated()
      .filter { $0.element.automaticScore != $0.element.humanScore }
      .sorted { lhs, rhs in
        let l = abs(lhs.element.automaticScore - lhs.element.humanScore)
        let r = abs(rhs.element.automaticScore - rhs.element.humanScore)
        return l != r ? l > r : lhs.offset < rhs.offset
      }
      .prefix(examples)
      .map { entry in
        let item = entry.element
        let ordered = item.orderedBands
        let humanRank = item.humanRank
        return Disagreement(
          source: item.source, answerId: item.answerId, questionId: item.questionId, rubric: item.rubricKey,
          grader: item.grader, automaticScore: item.automaticScore, humanScore: item.humanScore,
          difference: ((item.automaticScore - item.humanScore) * 10).rounded() / 10,
          automaticBand: item.automaticBand,
          humanBand: item.humanBand ?? (humanRank < ordered.count ? ordered[humanRank].label : ""),
          comment: item.comment)
      }

    return CalibrationReport(
      overall: agreement(items), rubrics: rubrics, criteria: criteria, worstCriteria: Array(worstCriteria),
      largestDisagreements: disagreements)
  }

  /// The per-rubric key for a list of rubric references: `id@version+id@version`.
  public static func rubricKey(_ references: [RubricReference]) -> String {
    references.map { "\($0.id)@\($0.version)" }.joined(separator: "+")
  }
}
