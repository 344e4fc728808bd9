import Foundation

/// Turns a scored answer into sentences a candidate can act on.
enum Feedback {
  static func sentences(
    criteria: [CriterionResult], bonus: [BonusHit], redFlags: [RedFlagHit], structure: StructureReport
  ) -> [String] {
    var lines: [String] = []
    let misses = criteria.flatMap { criterion in criterion.missed.map { (criterion, $0) } }
      .sorted { $0.1.pointsLost > $1.1.pointsLost }
    for (criterion, miss) in misses {
      var line = "\(criterion.title) (−\(format(miss.pointsLost))): \(miss.reason)"
      if !line.hasSuffix(".") { line += "." }
      if !miss.hint.isEmpty { line += " \(miss.hint)" }
      lines.append(line)
    }
    for flag in redFlags {
      lines.append("Red flag, \(flag.name) (−\(format(flag.penalty))): “\(flag.evidence.text)”. \(flag.message)")
    }
    for finding in structure.findings where !scoredFindings.contains(finding.id) {
      lines.append([finding.message, finding.hint].compactMap { $0 }.joined(separator: " "))
    }
    for criterion in criteria where criterion.isMet && criterion.kind == .content {
      let quotes = criterion.evidence.filter(\.credited).prefix(2).map { "“\($0.text)”" }.joined(separator: ", ")
      lines.append("\(criterion.title): \(criterion.message ?? "credited")\(quotes.isEmpty ? "" : " — \(quotes)").")
    }
    for hit in bonus {
      lines.append(
        "Bonus, \(hit.name) (+\(format(hit.points))): “\(hit.evidence.text)”.\(hit.message.map { " \($0)" } ?? "")")
    }
    return lines
  }

  /// Findings already explained by a structure criterion's miss.
  private static let scoredFindings: Set<String> = [
    "missing-sections", "no-quantified-result", "ownership", "too-short", "too-long",
  ]

  static func biggestGap(criteria: [CriterionResult], redFlags: [RedFlagHit]) -> String? {
    let worstMiss = criteria.flatMap { criterion in criterion.missed.map { (criterion.title, $0) } }
      .max { $0.1.pointsLost < $1.1.pointsLost }
    let worstFlag = redFlags.max { $0.penalty < $1.penalty }
    if let flag = worstFlag, flag.penalty >= (worstMiss?.1.pointsLost ?? 0) {
      return "\(flag.name): “\(flag.evidence.text)” costs \(format(flag.penalty)) points. \(flag.message)"
    }
    guard let (title, miss) = worstMiss else { return nil }
    let hint = miss.hint.isEmpty ? miss.reason : miss.hint
    return "\(title) (\(format(miss.pointsLost)) points): \(hint)"
  }
}
