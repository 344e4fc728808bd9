import Foundation
import RehearseCore

/// The loaded question bank: questions, rubrics and the bank's manifest.
public struct Bank: Sendable {
  /// Where the bank was loaded from.
  public let source: BankSource
  /// The bank's `bank.yaml`: its version and categories.
  public let manifest: BankManifest
  /// Questions in category order, then by id.
  public let questions: [Question]
  /// Every rubric by id, shared ones (such as STAR structure) included.
  public let rubrics: [String: Rubric]
  /// Display paths ("QuestionBank/tradeoffs/x.yaml") by question id and rubric id.
  public let questionPaths: [String: String]
  let rubricPaths: [String: String]

  init(
    source: BankSource, manifest: BankManifest, questions: [Question], rubrics: [String: Rubric],
    questionPaths: [String: String] = [:], rubricPaths: [String: String] = [:]
  ) {
    self.source = source
    self.manifest = manifest
    self.questions = questions
    self.rubrics = rubrics
    self.questionPaths = questionPaths
    self.rubricPaths = rubricPaths
  }

  /// The question with this id, or nil; ids are compared exactly.
  public func question(id: String) -> Question? {
    questions.first { $0.id == id }
  }

  /// The combined rubrics a question's answers in `form` are scored against (nil: the
  /// question's default form).
  public func rubricSet(for question: Question, form: QuestionForm? = nil) throws(Diagnostic) -> RubricSet {
    do {
      return try RubricSet(ids: question.rubrics, library: rubrics, form: form ?? question.defaultForm)
    } catch {
      throw Diagnostic(
        path: questionPaths[question.id] ?? question.id, line: nil,
        message: "question '\(question.id)': \(error.description)")
    }
  }

  /// Track ids in manifest order.
  public var trackIds: [String] { manifest.tracks.map(\.id) }

  /// Category ids in manifest order.
  public var categoryIds: [String] { manifest.categories.map(\.id) }
}
