/// A human-graded answer, for finding where a rubric misses what a grader credited.
public struct GradedAnswer: Sendable, Equatable {
  /// Where it came from, for the author: "answers.jsonl:12" or a session and answer id.
  public var source: String
  /// The question the answer was given to; its rubrics score it.
  public var questionId: String
  /// The answer text, as captured.
  public var answer: Answer
  /// The human grade, 0–100.
  public var grade: Double

  /// A graded answer from `source` (for the author to find it), graded `grade` out of 100.
  public init(source: String, questionId: String, answer: Answer, grade: Double) {
    self.source = source
    self.questionId = questionId
    self.answer = answer
    self.grade = grade
  }
}

/// One criterion that answers a human rated well earned little of.
public struct RubricGap: Sendable, Equatable {
  /// One such answer, with the sentences most likely to say what the criterion wants.
  public struct Case: Sendable, Equatable {
    /// Where the answer came from ("answers.jsonl:12", or a session and answer id).
    public var source: String
    /// The human grade, 0–100.
    public var grade: Double
    /// Points the criterion earned in this answer.
    public var points: Double
    /// The criterion's maximum points.
    public var maxPoints: Double
    /// The answer's sentences most likely to state what the criterion wants, best first.
    public var sentences: [String]
  }

  var rubricIds: [String]
  /// The question whose answers show the gap.
  public var questionId: String
  /// The criterion that gave little, in its rubric.
  public var criterionId: String
  /// The criterion's title, for the report.
  public var criterionTitle: String
  /// Answers to the question at or above the grade threshold, and those the criterion missed.
  public var wellGraded: Int
  /// The answers rated well that the criterion missed, one per case.
  public var cases: [Case]
}

/// Finds, per criterion, the answers a human rated well where the scorer gave little, with
/// the sentences that most likely express the missing concept, so an author can widen the
/// rubric in the candidates' words (as `near` terms, not copied sentences).
public struct RubricGapFinder: Sendable {
  /// A grade at or above this is "rated well".
  public var minimumGrade: Double
  /// A criterion earning less than this share of its points "gave little".
  public var maximumShare: Double
  /// Sentences shown per answer.
  public var sentencesPerCase: Int

  /// A finder: answers graded `minimumGrade` or more count as rated well, a criterion earning under
  /// `maximumShare` of its points in one counts as missing it, and up to `sentencesPerCase` sentences are
  /// shown per answer.
  public init(minimumGrade: Double = 70, maximumShare: Double = 0.5, sentencesPerCase: Int = 2) {
    self.minimumGrade = minimumGrade
    self.maximumShare = maximumShare
    self.sentencesPerCase = sentencesPerCase
  }

  /// Gaps for `answers`, each scored against `rubric(questionId)`; questions without a rubric
  /// are skipped. Ordered by question, then by how many answers the criterion missed.
  public func gaps(
    in answers: [GradedAnswer], scorer: Scorer, rubric: (String) -> CompiledRubric?
  ) -> [RubricGap] {
    var gaps: [RubricGap] = []
    let byQuestion = Dictionary(grouping: answers.filter { $0.grade >= minimumGrade }, by: \.questionId)
    for questionId in byQuestion.keys.sorted() {
      guard let compiled = rubric(questionId), let graded = byQuestion[questionId] else { continue }
      var found: [String: RubricGap] = [:]
      var order: [String] = []
      for item in graded {
        let report = scorer.score(item.answer, against: compiled, questionId: questionId)
        for result in report.criteria where result.kind == .content && result.maxPoints > 0 {
          guard result.points < result.maxPoints * maximumShare else { continue }
          guard let criterion = compiled.set.criteria.first(where: { $0.id == result.id }) else { continue }
          let sentences = likelySentences(for: criterion, in: item.answer.fullText, tokenizer: scorer.tokenizer)
          let gapCase = RubricGap.Case(
            source: item.source, grade: item.grade, points: result.points, maxPoints: result.maxPoints,
            sentences: sentences)
          if found[result.id] == nil {
            order.append(result.id)
            found[result.id] = RubricGap(
              rubricIds: compiled.set.references.map(\.id), questionId: questionId, criterionId: result.id,
              criterionTitle: result.title, wellGraded: graded.count, cases: [])
          }
          found[result.id]?.cases.append(gapCase)
        }
      }
      gaps += order.compactMap { found[$0] }.sorted { $0.cases.count > $1.cases.count }
    }
    return gaps
  }

  /// The answer's sentences sharing the most stems with the criterion's title, hint and
  /// concepts, best first; sentences sharing none are left out.
  func likelySentences(for criterion: Criterion, in text: String, tokenizer: Tokenizer) -> [String] {
    var words = [criterion.title, criterion.hint] + criterion.concepts.flatMap { [$0.name] + $0.phrases + $0.near }
    words = words.map { $0.replacingOccurrences(of: "|", with: " ") }
    let stems = Set(words.flatMap { tokenizer.tokenize($0) }.filter { !$0.isStopWord }.map(\.stem))
    let tokens = tokenizer.tokenize(text)
    let utf8 = Array(text.utf8)
    var sentences: [(text: String, overlap: Int, index: Int)] = []
    var start = 0
    while start < tokens.count {
      var end = start
      while end + 1 < tokens.count, tokens[end + 1].sentence == tokens[start].sentence { end += 1 }
      let overlap = Set(tokens[start...end].filter { !$0.isStopWord }.map(\.stem)).intersection(stems).count
      if overlap > 0 {
        let sentence = String(decoding: utf8[tokens[start].start..<tokens[end].end], as: UTF8.self)
        sentences.append((sentence, overlap, sentences.count))
      }
      start = end + 1
    }
    return sentences.sorted { ($0.overlap, -$0.index) > ($1.overlap, -$1.index) }.prefix(sentencesPerCase).map(\.text)
  }
}
