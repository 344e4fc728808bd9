import Foundation
import RehearseCore

/// Reads human-graded answers from JSON Lines: one `{"question", "answer", "grade"}` object a
/// line (other fields are ignored), as in the AI-PM development set.
public enum GradedAnswers {
  struct Line: Decodable {
    var question: String
    var answer: String
    var grade: Double
  }

  /// - Throws: `Diagnostic` naming the file and line of the first line that is not such an
  ///   object, or whose grade is outside 0–100.
  public static func read(_ data: Data, path: String) throws(Diagnostic) -> [GradedAnswer] {
    var answers: [GradedAnswer] = []
    let decoder = JSONDecoder()
    for (offset, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      let number = offset + 1
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { continue }
      let parsed: Line
      do {
        parsed = try decoder.decode(Line.self, from: Data(line))
      } catch {
        throw Diagnostic(
          path: path, line: number,
          message: "not a JSON object with \"question\" (text), \"answer\" (text) and \"grade\" (0–100)")
      }
      guard parsed.grade.isFinite, (0...100).contains(parsed.grade) else {
        throw Diagnostic(path: path, line: number, message: "grade \(parsed.grade) is outside 0–100")
      }
      answers.append(
        GradedAnswer(
          source: "\(path):\(number)", questionId: parsed.question, answer: Answer(text: parsed.answer),
          grade: parsed.grade))
    }
    return answers
  }
}

extension GradedAnswers {
  /// Every main answer a mentor graded in `store`, one graded answer per grade, named
  /// "session <id> <answer> (mentor <name>)". Sessions that cannot be read are passed to
  /// `unreadable` and left out.
  public static func mentorGrades(in store: SessionStore, unreadable: (String, StoreError) -> Void) -> [GradedAnswer] {
    var answers: [GradedAnswer] = []
    for id in store.ids() {
      let session: Session
      do {
        session = try store.load(id: id)
      } catch {
        unreadable(id, error)
        continue
      }
      for grade in session.grades {
        guard let record = session.answers.first(where: { $0.id == grade.answerId }), record.kind == .main,
          !record.skipped, grade.score.isFinite
        else { continue }
        answers.append(
          GradedAnswer(
            source: "session \(session.id) \(record.id) (mentor \(grade.mentor))", questionId: record.questionId,
            answer: record.answer, grade: min(100, max(0, grade.score))))
      }
    }
    return answers
  }
}

/// Prints rubric gaps for an author.
public enum RubricGapRenderer {
  /// Lists each gap with its criterion and answers, or one line saying there are none; `minimumGrade` is the
  /// mentor grade (0–100) from which an answer counts as good.
  public static func render(_ gaps: [RubricGap], minimumGrade: Double) -> String {
    guard !gaps.isEmpty else {
      return "No gaps: every answer graded \(Int(minimumGrade)) or more earned at least half of each criterion.\n"
    }
    var out = ""
    for gap in gaps {
      out +=
        "\(gap.questionId) · \(gap.criterionId) “\(inert(gap.criterionTitle))”: little credit in \(gap.cases.count) of \(gap.wellGraded) answers graded ≥ \(Int(minimumGrade))\n"
      for item in gap.cases {
        out += "  \(item.source) (grade \(Int(item.grade)), \(format(item.points))/\(format(item.maxPoints)))\n"
        for sentence in item.sentences { out += "    “\(inert(sentence))”\n" }
        if item.sentences.isEmpty { out += "    (no sentence shares a word with the criterion)\n" }
      }
    }
    out +=
      "\nWiden a concept with the key terms these sentences use (`near:` in docs/FORMATS.md), then run 'rehearse check'.\n"
    return out
  }

}
