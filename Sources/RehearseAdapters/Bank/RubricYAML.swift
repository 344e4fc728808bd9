import RehearseCore

/// Writes a rubric as readable YAML in the hand-written style of `Rubrics/` (the generic
/// encoder prints `3e+0` for 3 and flow noise an author would have to clean up).
public enum RubricYAML {
  /// `rubric` as YAML in the key order and style of the hand-written files (see `docs/FORMATS.md`), for
  /// `rubric draft` output an author edits.
  public static func render(_ rubric: Rubric) -> String {
    var out: [String] = []
    out.append("id: \(scalar(rubric.id))")
    out.append("version: \(rubric.version)")
    out.append("title: \(scalar(rubric.title))")
    if !rubric.extends.isEmpty { out.append("extends: [\(rubric.extends.map(scalar).joined(separator: ", "))]") }
    if !rubric.criteria.isEmpty { out.append("criteria:") }
    for criterion in rubric.criteria {
      out.append("  - id: \(scalar(criterion.id))")
      out.append("    title: \(scalar(criterion.title))")
      out.append("    weight: \(number(criterion.weight))")
      switch criterion.match {
      case .any: out.append("    match: any")
      case .all: out.append("    match: all")
      case .atLeast(let n): out.append("    match: at least \(n)")
      }
      if let scope = criterion.scope { out.append("    scope: [\(scope.map(\.rawValue).joined(separator: ", "))]") }
      out.append("    concepts:")
      for concept in criterion.concepts {
        out.append("      - name: \(scalar(concept.name))")
        let extra = concept.phrases.filter { $0 != concept.name }
        out.append("        phrases: [\(([concept.name] + extra).map(scalar).joined(separator: ", "))]")
        if !concept.near.isEmpty { out.append("        near: [\(concept.near.map(scalar).joined(separator: ", "))]") }
        if concept.negated { out.append("        negated: true") }
      }
      if let hit = criterion.hit { out.append("    hit: \(scalar(hit))") }
      out.append("    hint: \(scalar(criterion.hint))")
    }
    if !rubric.examples.isEmpty { out.append("examples:") }
    for example in rubric.examples {
      out.append("  - id: \(scalar(example.id))")
      out.append("    expect: [\(example.expect.map(number).joined(separator: ", "))]")
      out.append("    answer: \(scalar(example.answer))")
    }
    return out.joined(separator: "\n") + "\n"
  }

  static func number(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return String(value) }
    // Two decimals are plenty for a weight a person will edit: 0.67, not 0.6666666666666666.
    let hundredths = (value * 100).rounded() / 100
    return hundredths == hundredths.rounded() ? String(Int(hundredths)) : String(hundredths)
  }

  /// A plain scalar when that is unambiguous, else a YAML double-quoted one
  /// (``GradingPacket/quoted(_:)``).
  static func scalar(_ text: String) -> String {
    let special: Set<Character> = [
      ":", "#", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "-", "?",
    ]
    let plain =
      !text.isEmpty && text.first.map { !special.contains($0) && !$0.isWhitespace } == true
      && text.last.map { !$0.isWhitespace } == true
      && !text.contains(": ") && !text.contains(" #") && !text.contains("\n")
      && !text.contains(where: { $0 == "[" || $0 == "]" || $0 == "," || $0 == "{" || $0 == "}" })
      && !["true", "false", "yes", "no", "null", "~", "on", "off"].contains(text.lowercased())
      && Double(text) == nil
    return plain ? text : GradingPacket.quoted(text)
  }
}
