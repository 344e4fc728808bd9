/// What review planning needs to know about a bank question: its id, category and the
/// competencies it exercises.
///
/// Make one from a ``Question`` with ``init(_:)``; tests and callers without a bank use
/// ``init(id:category:competencies:)``.
public struct QuestionRef: Sendable, Equatable, Hashable {
  /// The question id (its file name in the bank).
  public var id: String
  /// The category id the question belongs to.
  public var category: String
  /// Competencies the question exercises, as the bank lists them.
  public var competencies: [String]

  /// A reference from its parts.
  public init(id: String, category: String, competencies: [String]) {
    self.id = id
    self.category = category
    self.competencies = competencies
  }

  /// The reference to a bank question.
  public init(_ question: Question) {
    self.init(id: question.id, category: question.category, competencies: question.competencies)
  }
}
