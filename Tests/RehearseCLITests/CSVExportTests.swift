import Foundation
import RehearseCore
import Testing

/// Issue 14, item 12: CSV columns keyed by rubric and criterion, with max points; one row
/// per answer; the mentor column a number, the names in their own column.
struct CSVExportCLITests {
  @Test func criterionColumnsAreKeyedByRubricAndCarryTheirMaximum() throws {
    let home = try Reliability.home(with: ["20261108-183000-men2"])
    // A second session scored against another rubric whose `guardrails` is worth 13.
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let source = home.appendingPathComponent("sessions/20261108-183000-men2.json")
    var other = try decoder.decode(Session.self, from: Data(contentsOf: source))
    other.id = "20261109-090000-oth3"
    other.grades = []
    for index in other.answers.indices {
      guard var report = other.answers[index].report else { continue }
      report.rubrics = [
        RubricReference(id: "star-structure", version: 1), RubricReference(id: "other-metrics", version: 1),
      ]
      for c in report.criteria.indices where report.criteria[c].id == "guardrails" {
        report.criteria[c].maxPoints = 13
        report.criteria[c].points = min(report.criteria[c].points, 13)
      }
      other.answers[index].report = report
    }
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    try encoder.encode(other).write(to: home.appendingPathComponent("sessions/\(other.id).json"))

    let run = try RehearseBinary.run(["export", "--all", "--format", "csv"], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    // CRLF is one Character in Swift: split on it, not on a two-character string.
    let rows = run.stdout.dropFirst().split(separator: "\r\n").map { $0.components(separatedBy: ",") }
    let header = try #require(rows.first)
    #expect(Array(header.prefix(16)).suffix(2) == ["mentor_score", "mentors"])
    #expect(header[4] == "form")
    let ours = try #require(header.firstIndex(of: "max:recommendation-metrics/guardrails"))
    let theirs = try #require(header.firstIndex(of: "max:other-metrics/guardrails"))
    #expect(header[ours - 1] == "points:recommendation-metrics/guardrails")
    #expect(header.contains("max:structure/length"))
    #expect(!header.contains("points:guardrails"))
    let first = try #require(rows.dropFirst().first { $0.first == "20261108-183000-men2" && $0[2] == "a1" })
    #expect(first[ours] == "15")
    #expect(first[theirs] == "")
    let second = try #require(rows.dropFirst().first { $0.first == other.id && $0[2] == "a1" })
    #expect(second[theirs] == "13")
    #expect(second[ours] == "")
    // One row per answer.
    #expect(rows.count == 1 + 2 * other.answers.count)
    // The mentor column is a number: the mean of Ana's 80 and Bo's grade of a1.
    let grades = try decoder.decode(Session.self, from: Data(contentsOf: source)).grades.filter { $0.answerId == "a1" }
    let mean = grades.reduce(0) { $0 + $1.score } / Double(grades.count)
    #expect(first[4] == "star")
    #expect(Double(first[14]) == (mean * 10).rounded() / 10)
    #expect(first[15] == grades.map(\.mentor).joined(separator: "; "))
  }
}

/// Issue 14, item 11 (the part that needs no browser): the criteria chart counts main
/// answers only, and labels are whole.
struct HTMLCriteriaChartTests {
  @Test func followUpsDoNotLiftTheMainAnswersCoverage() throws {
    let home = try Reliability.home(with: ["20261101-090000-fol1"])
    let run = try RehearseBinary.run(["export", "20261101-090000-fol1", "--format", "html"], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    // a1 earned 0 of 15 for guardrails; its follow-up a2 earned 15 of 15.
    #expect(run.stdout.contains("<g><title>Guardrail and counter-metrics: 0 of 15 points</title>"))
    #expect(!run.stdout.contains("Guardrail and counter-metrics: 15 of 30 points"))
    #expect(run.stdout.contains(">Offline and online metrics, distinguished</text>"))
    #expect(!run.stdout.contains("…</text>"))
  }
}
