import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// The index keeps each session's own fields in one `summary` value (`SummaryRecord`):
/// what is written must read back equal, and anything else must be refused, never misread.
@Suite struct SummaryRecordTests {
  static let summaries: [SessionSummary] = {
    let complete = SessionSummary(
      id: "20261121-093000-ab12", startedAt: Date(timeIntervalSince1970: 1_790_000_000.25),
      updatedAt: Date(timeIntervalSince1970: 1_790_000_900), endedAt: Date(timeIntervalSince1970: 1_790_001_000),
      status: .completed, mode: .star, category: "success-metrics", categories: ["success-metrics", "tradeoffs"],
      questions: 5, answers: [], skipped: 1, followUps: 2, mentorGrades: 3, durationSeconds: 612.5, criteria: [],
      scoredAnswers: 4, scoreTotal: 301.7)
    var open = complete
    open.endedAt = nil
    open.status = .inProgress
    open.mode = .free
    open.category = nil
    open.categories = []
    var unusual = complete
    unusual.category = "数据 · données"
    unusual.categories = ["7:odd:one", "", "数据 · données"]
    unusual.scoreTotal = -0.0
    return [complete, open, unusual]
  }()

  func decoded(_ data: Data, id: String) -> SessionSummary? {
    var lists: [String: [String]] = [:]
    return data.withUnsafeBytes { SummaryRecord.decode($0, id: id, categoryLists: &lists) }
  }

  @Test(arguments: summaries)
  func aSummaryReadsBackAsWritten(summary: SessionSummary) {
    #expect(decoded(SummaryRecord.encode(summary), id: summary.id) == summary)
  }

  @Test func shortenedLongerOrOtherVersionBytesAreRefused() {
    let data = SummaryRecord.encode(Self.summaries[0])
    for length in 0..<data.count {
      #expect(decoded(data.prefix(length), id: "x") == nil, "\(length) of \(data.count) bytes")
    }
    #expect(decoded(data + [0], id: "x") == nil)
    var otherVersion = data
    otherVersion[otherVersion.startIndex] = SummaryRecord.version + 1
    #expect(decoded(otherVersion, id: "x") == nil)
    // A negative count (bytes 41–48 hold the planned questions).
    var negative = data
    negative.replaceSubrange(41..<49, with: withUnsafeBytes(of: Int64(-1).littleEndian) { Array($0) })
    #expect(decoded(negative, id: "x") == nil)
  }

  @Test func sessionsWithTheSameCategoriesShareOneDecodedList() {
    var lists: [String: [String]] = [:]
    for summary in [Self.summaries[0], Self.summaries[0], Self.summaries[2]] {
      _ = SummaryRecord.encode(summary).withUnsafeBytes { SummaryRecord.decode($0, id: "x", categoryLists: &lists) }
    }
    #expect(lists.count == 2)
  }
}
