import Foundation
import Testing

/// Issue 14, item 9: `stats` and `calibrate` fit an 80- and a 60-column terminal (COLUMNS)
/// without a row wrapping mid-cell, and every figure their `--json` holds is still printed.
struct StatsTableWidthTests {
  static let fixtures = ["20261101-090000-fol1", "20261108-183000-men2", "20261115-100000-evil"]

  /// Terminal columns, counted independently of Rehearse's own `DisplayWidth`: CJK and emoji
  /// two, combining marks none, everything else one.
  static func columns(_ line: Substring) -> Int {
    let wide: [ClosedRange<UInt32>] = [
      0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD,
    ]
    return line.unicodeScalars.reduce(0) { total, scalar in
      if scalar.properties.generalCategory == .nonspacingMark { return total }
      return total + (wide.contains { $0.contains(scalar.value) } ? 2 : 1)
    }
  }

  /// Numbers as the tables print them: at most one decimal, no trailing `.0`.
  static func number(_ value: Double) -> String {
    let text = String(format: "%.1f", value)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  static func run(_ arguments: [String], columns: Int, home: URL) throws -> (text: String, json: [String: Any]) {
    let environment = ["COLUMNS": "\(columns)", "TZ": "UTC"]
    let text = try RehearseBinary.run(arguments, home: home, environment: environment)
    #expect(text.status == 0, "\(text.stderr)")
    let json = try RehearseBinary.run(arguments + ["--json"], home: home, environment: environment)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let lines = text.stdout.split(separator: "\n")
    let wide = lines.filter { Self.columns($0) > columns }
    #expect(wide.isEmpty, "\(arguments[0]) at \(columns) columns: \(wide)")
    return (text.stdout, object)
  }

  /// The figures of a row are on the name's line, or the next one when the name has a line
  /// of its own.
  static func figures(of name: String, in text: String) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let index = lines.firstIndex(where: { $0.hasPrefix("  \(name) ") || $0 == "  \(name)" }) else { return nil }
    if lines[index] == "  \(name)", index + 1 < lines.count { return lines[index + 1] }
    return lines[index]
  }

  @Test(arguments: [80, 60])
  func statsFitsTheTerminal(columns: Int) throws {
    let home = try Reliability.home(with: Self.fixtures)
    let (text, json) = try Self.run(["stats"], columns: columns, home: home)
    #expect(text.contains("Practice statistics: 3 sessions, 5 scored answers, average"))
    var checked = 0
    for table in ["categories", "tracks", "competencies"] {
      for group in json[table] as? [[String: Any]] ?? [] {
        let name = try #require(group["id"] as? String)
        let row = try #require(Self.figures(of: name, in: text), "\(table) \(name) at \(columns) columns")
        let attempts = try #require(group["attempts"] as? Int)
        let average = Self.number(try #require(group["average"] as? Double))
        let best = Self.number(try #require(group["best"] as? Double))
        var pattern = "\\b\(attempts) +\(average)\\b.* \(best) "
        if let trend = group["trend"] as? Double {
          pattern += ".*[↑↓→] [+−±]\(Self.number(abs(trend)))"
        }
        #expect(row.contains(try Regex(pattern)), "\(name): \(row) does not match \(pattern)")
        checked += 1
      }
    }
    #expect(checked == 6)
    let weakest = try #require(json["weakestCriteria"] as? [[String: Any]])
    #expect(weakest.count == 5)
    for criterion in weakest {
      let title = try #require(criterion["title"] as? String)
      let row = try #require(Self.figures(of: title, in: text), "\(title) at \(columns) columns")
      let percent = Self.number(try #require(criterion["percent"] as? Double))
      let id = try #require(criterion["id"] as? String)
      #expect(row.contains("\(percent)%  \(id), 5 answers"), "\(row)")
    }
  }

  @Test(arguments: [80, 60])
  func calibrateFitsTheTerminal(columns: Int) throws {
    let home = try Reliability.home(with: Self.fixtures)
    let (text, json) = try Self.run(["calibrate"], columns: columns, home: home)
    let overall = try #require(json["overall"] as? [String: Any])
    func value(_ key: String) -> Double? { (overall[key] as? [String: Any])?["value"] as? Double }
    func share(_ key: String) -> String {
      let share = overall[key] as? [String: Any] ?? [:]
      let percent = Int((((share["share"] as? Double) ?? 0) * 100).rounded())
      return "\(share["count"] as? Int ?? -1)/\(share["total"] as? Int ?? -1) \(percent)%"
    }
    let difference = try #require(value("meanDifference"))
    let figures = [
      "\(overall["answers"] as? Int ?? -1)", share("exactBand"), share("adjacentBand"),
      String(format: "%.2f", try #require(value("pearson"))),
      String(format: "%.2f", try #require(value("quadraticKappa"))),
      (difference > 0 ? "+" : "") + Self.number(difference),
    ]
    let row = figures.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: " +")
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.contains(try! Regex("^overall +\(row)$")) }, "\(text)")
    // The rubric key is wider than 60 columns leave it: on a line of its own, figures under it.
    let rubric = try #require((json["rubrics"] as? [[String: Any]])?.first?["rubric"] as? String)
    let rubricLine = try #require(lines.firstIndex { $0.hasPrefix(rubric) })
    let rubricFigures = lines[rubricLine] == rubric ? lines[rubricLine + 1] : lines[rubricLine]
    #expect(rubricFigures.contains(try Regex(" \(row)$")), "\(rubricFigures)")
    for criterion in json["worstCriteria"] as? [[String: Any]] ?? [] {
      #expect(text.contains("  \(criterion["criterion"] as? String ?? "?") ("))
    }
    #expect(text.contains("Largest disagreements\n  20261115-100000-evil a2 (recommendation-metrics):"))
    #expect(text.contains("κ: quadratic weighted"))
  }
}
