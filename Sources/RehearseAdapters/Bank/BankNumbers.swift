import RehearseCore

/// The ranges every number in a bank file must fall in, checked as each file is read.
///
/// A bank is shared between people, and its numbers become whole numbers on the way to the
/// screen (points, minutes, words): `weight: .inf` or `suggestedMinutes: 1e308` would trap
/// there. A file with a number out of range is reported with its line and left out of the
/// bank, like a file that does not parse, so nothing ever scores or times with it.
enum BankNumbers {
  /// Criterion and structure-rule weights are relative; the bundled bank uses 1 to 25.
  static let maxWeight = 1_000.0
  /// Bonus points and penalties are points out of 100.
  static let maxPoints = 100.0
  static let maxMinutes = 120.0
  static let maxWords = 100_000

  /// Problems with the numbers of the rubric read from `document`.
  static func problems(in rubric: Rubric, document: YAMLDocument) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func line(_ keys: [any CodingKey]) -> Int? { document.line(at: keys) }
    func weight(_ value: Double, _ what: String, at keys: [any CodingKey]) {
      if !(value > 0) {
        problems.append(
          Diagnostic(
            path: document.path, line: line(keys),
            message: "\(what) has weight \(format(value)); weights must be positive"))
      } else if !(value <= maxWeight) {
        problems.append(
          Diagnostic(
            path: document.path, line: line(keys),
            message:
              "\(what) has weight \(format(value)); weights must be at most \(format(maxWeight))"
          ))
      }
    }
    for (index, criterion) in rubric.criteria.enumerated() {
      weight(criterion.weight, "criterion '\(criterion.id)'", at: [key("criteria"), item(index), key("weight")])
    }
    if let rules = rubric.structure {
      let weights: [(String, Double?)] = [
        ("sections", rules.sections?.weight), ("quantifiedResult", rules.quantifiedResult?.weight),
        ("ownership", rules.ownership?.weight), ("length", rules.length?.weight),
      ]
      for case (let name, let value?) in weights {
        weight(value, "structure rule '\(name)'", at: [key("structure"), key(name), key("weight")])
      }
      if let length = rules.length {
        for (name, value) in [("min", length.min), ("max", length.max)] where !(0...maxWords).contains(value) {
          problems.append(
            Diagnostic(
              path: document.path, line: line([key("structure"), key("length"), key(name)]),
              message: "length \(name) is \(value) words; give a number of words from 0 to \(maxWords)"))
        }
      }
    }
    for (index, flag) in rubric.redFlags.enumerated() where !(flag.penalty > 0 && flag.penalty <= maxPoints) {
      problems.append(
        Diagnostic(
          path: document.path, line: line([key("redFlags"), item(index), key("penalty")]),
          message:
            "red flag '\(flag.name)' has penalty \(format(flag.penalty)); penalties must be positive and at most 100"
        ))
    }
    for (index, bonus) in rubric.bonus.enumerated() where !(bonus.points > 0 && bonus.points <= maxPoints) {
      problems.append(
        Diagnostic(
          path: document.path, line: line([key("bonus"), item(index), key("points")]),
          message:
            "bonus '\(bonus.name)' has \(format(bonus.points)) points; bonus points must be positive and at most 100"
        ))
    }
    for (index, band) in (rubric.bands ?? []).enumerated() where !(0...100).contains(band.min) {
      problems.append(
        Diagnostic(
          path: document.path, line: line([key("bands"), item(index), key("min")]),
          message:
            "band '\(band.label)' has min \(format(band.min)); a band's min is a score from 0 to 100"
        ))
    }
    for (index, example) in rubric.examples.enumerated() where !example.expect.allSatisfy({ (0...100).contains($0) }) {
      problems.append(
        Diagnostic(
          path: document.path, line: line([key("examples"), item(index), key("expect")]),
          message:
            "example '\(example.id)' has expect [\(example.expect.map(format).joined(separator: ", "))]; scores are from 0 to 100, e.g. [75, 100]"
        ))
    }
    return problems
  }

  /// Problems with the numbers of the question read from `document`.
  static func problems(in question: Question, document: YAMLDocument) -> [Diagnostic] {
    let minutes = question.suggestedMinutes
    guard !(minutes > 0 && minutes <= maxMinutes) else { return [] }
    let message =
      minutes > maxMinutes
      ? "suggestedMinutes is \(format(minutes)); give at most \(format(maxMinutes)) minutes"
      : "suggestedMinutes must be positive"
    return [Diagnostic(path: document.path, line: document.line(at: [key("suggestedMinutes")]), message: message)]
  }

  private static func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
  private static func item(_ index: Int) -> AnyCodingKey {
    AnyCodingKey(intValue: index) ?? AnyCodingKey(String(index))
  }
}
