import RehearseCore

/// The ranges every number in a session document must fall in.
///
/// A session file is untrusted input (candidates and mentors share them), and the commands
/// that read sessions turn scores, points and durations into whole numbers for display:
/// a value like `1e308` or a non-finite one would trap there. Decoding checks every number
/// against these ranges, so an out-of-range value is an error naming its field, never a crash.
enum SessionNumbers {
  /// Points and scores are out of 100; a share is a fraction of the answer.
  static let score: ClosedRange<Double> = 0...100
  static let points: ClosedRange<Double> = 0...100
  static let share: ClosedRange<Double> = 0...1
  /// A year, far beyond any practice answer, well inside what every conversion can hold.
  static let seconds: ClosedRange<Double> = 0...31_536_000
  static let wholeSeconds: ClosedRange<Int> = 0...31_536_000
  static let attempt: ClosedRange<Int> = 1...10_000
  static let count: ClosedRange<Int> = 0...100_000
  /// Word counts and character offsets into an answer.
  static let offset: ClosedRange<Int> = 0...Int(Int32.max)

  /// The first number outside its range, as `'answers[0].report.score' is 1e+308; …`.
  static func firstProblem(in session: Session) -> String? {
    var checker = Checker()
    checker.check(session)
    return checker.problem
  }

  private struct Checker {
    var problem: String?

    mutating func number(_ value: Double, _ path: @autoclosure () -> String, _ range: ClosedRange<Double>) {
      guard problem == nil, !range.contains(value) else { return }
      problem =
        "'\(path())' is \(value); it must be a number from \(exact(range.lowerBound)) to \(exact(range.upperBound))"
    }

    mutating func whole(_ value: Int, _ path: @autoclosure () -> String, _ range: ClosedRange<Int>) {
      guard problem == nil, !range.contains(value) else { return }
      problem = "'\(path())' is \(value); it must be a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    /// A range bound as written in the schema (`0.001`, not rounded to one decimal).
    private func exact(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }

    mutating func check(_ session: Session) {
      if let count = session.settings.count { whole(count, "settings.count", SessionNumbers.count) }
      if let timed = session.settings.timedSeconds { whole(timed, "settings.timedSeconds", wholeSeconds) }
      for (index, answer) in session.answers.enumerated() {
        let path = "answers[\(index)]"
        whole(answer.attempt, "\(path).attempt", attempt)
        number(answer.timeUsedSeconds, "\(path).timeUsedSeconds", seconds)
        if let limit = answer.timeLimitSeconds { whole(limit, "\(path).timeLimitSeconds", wholeSeconds) }
        if let report = answer.report { check(report, "\(path).report") }
      }
      for (index, grade) in session.grades.enumerated() {
        let path = "grades[\(index)]"
        number(grade.score, "\(path).score", score)
        for (number, criterion) in grade.criteria.enumerated() {
          self.number(criterion.points, "\(path).criteria[\(number)].points", points)
          self.number(criterion.maxPoints, "\(path).criteria[\(number)].maxPoints", points)
        }
      }
    }

    mutating func check(_ report: ScoreReport, _ path: String) {
      number(report.score, "\(path).score", score)
      for (index, criterion) in report.criteria.enumerated() {
        let path = "\(path).criteria[\(index)]"
        number(criterion.points, "\(path).points", points)
        number(criterion.maxPoints, "\(path).maxPoints", points)
        for (number, miss) in criterion.missed.enumerated() {
          self.number(miss.pointsLost, "\(path).missed[\(number)].pointsLost", points)
        }
        for (number, evidence) in criterion.evidence.enumerated() {
          check(evidence, "\(path).evidence[\(number)]")
        }
      }
      for (index, bonus) in report.bonus.enumerated() {
        number(bonus.points, "\(path).bonus[\(index)].points", points)
        check(bonus.evidence, "\(path).bonus[\(index)].evidence")
      }
      for (index, flag) in report.redFlags.enumerated() {
        number(flag.penalty, "\(path).redFlags[\(index)].penalty", points)
        check(flag.evidence, "\(path).redFlags[\(index)].evidence")
      }
      let structure = report.structure
      let shares = structure.sectionShares
      for section in AnswerSection.allCases where shares.values[section] != nil {
        number(shares[section], "\(path).structure.sectionShares.\(section.rawValue)", share)
      }
      for (index, quantity) in structure.quantities.enumerated() {
        check(quantity, "\(path).structure.quantities[\(index)]")
      }
      whole(structure.wordCount, "\(path).structure.wordCount", offset)
      whole(structure.speakingSeconds, "\(path).structure.speakingSeconds", offset)
      whole(structure.actionFirstPersonSingular, "\(path).structure.actionFirstPersonSingular", offset)
      whole(structure.actionFirstPersonPlural, "\(path).structure.actionFirstPersonPlural", offset)
    }

    mutating func check(_ evidence: Evidence, _ path: String) {
      whole(evidence.start, "\(path).start", offset)
      whole(evidence.end, "\(path).end", offset)
    }
  }
}
