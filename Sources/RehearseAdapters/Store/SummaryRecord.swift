import Foundation
import RehearseCore

/// A session summary's own fields (all but its answers and criteria) as one value, the
/// `summary` column of the index's `sessions` table.
///
/// `history` reads every row of that table. Read as fourteen columns, decoding them cost
/// SQLite about as much again as the rest of the read at 10,000 sessions; one column of
/// bytes costs a seventh of that. The layout, all numbers little-endian:
///
/// - 1 byte: ``version``;
/// - 8-byte doubles: started, updated and ended (NaN while in progress) as seconds since
///   1970, the duration in seconds, the score total;
/// - 8-byte integers: planned questions, skipped, follow-ups, mentor grades, scored answers;
/// - texts, each as a 4-byte byte count and its UTF-8 bytes: status, mode, category (count
///   `0xFFFF_FFFF` for none), and the categories as an ``IndexList``.
///
/// A value that does not read back whole is refused (nil), and its file is then re-read.
enum SummaryRecord {
  /// Changes with the layout; a value of another version is refused.
  static let version: UInt8 = 1

  static func encode(_ summary: SessionSummary) -> Data {
    var data = Data(capacity: 128)
    func append<Number: FixedWidthInteger>(_ number: Number) {
      withUnsafeBytes(of: number.littleEndian) { data.append(contentsOf: $0) }
    }
    func append(_ text: String?) {
      guard let text else { return append(UInt32.max) }
      append(UInt32(text.utf8.count))
      data.append(contentsOf: text.utf8)
    }
    data.append(version)
    for time in [summary.startedAt, summary.updatedAt] { append(time.timeIntervalSince1970.bitPattern) }
    append((summary.endedAt?.timeIntervalSince1970 ?? .nan).bitPattern)
    append(summary.durationSeconds.bitPattern)
    append(summary.scoreTotal.bitPattern)
    for count in [summary.questions, summary.skipped, summary.followUps, summary.mentorGrades, summary.scoredAnswers] {
      append(Int64(count))
    }
    append(summary.status.rawValue)
    append(summary.mode.rawValue)
    append(summary.category)
    append(IndexList.encode(summary.categories))
    return data
  }

  /// The summary of session `id` in `bytes`; nil when they are not a whole value of this
  /// version. `categoryLists` keeps each distinct categories list decoded once.
  static func decode(
    _ bytes: UnsafeRawBufferPointer, id: String, categoryLists: inout [String: [String]]
  ) -> SessionSummary? {
    var reader = Reader(bytes: bytes)
    guard reader.byte() == version,
      let started = reader.double(), let updated = reader.double(), let ended = reader.double(),
      let duration = reader.double(), let scoreTotal = reader.double(),
      let questions = reader.count(), let skipped = reader.count(), let followUps = reader.count(),
      let mentorGrades = reader.count(), let scoredAnswers = reader.count(),
      let status = reader.text().flatMap(SessionStatus.init(rawValue:)),
      let mode = reader.text().flatMap(AnswerForm.init(rawValue:)),
      let category = reader.optionalText(), let listed = reader.text(), reader.isAtEnd
    else { return nil }
    let categories: [String]
    if let known = categoryLists[listed] {
      categories = known
    } else {
      categories = IndexList.decode(listed)
      categoryLists[listed] = categories
    }
    return SessionSummary(
      id: id, startedAt: Date(timeIntervalSince1970: started), updatedAt: Date(timeIntervalSince1970: updated),
      endedAt: ended.isNaN ? nil : Date(timeIntervalSince1970: ended), status: status, mode: mode,
      category: category, categories: categories, questions: questions, answers: [], skipped: skipped,
      followUps: followUps, mentorGrades: mentorGrades, durationSeconds: duration, criteria: [],
      scoredAnswers: scoredAnswers, scoreTotal: scoreTotal)
  }

  /// Reads the layout front to back; every read is bounds-checked and nil past the end.
  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
      guard offset < bytes.count else { return nil }
      defer { offset += 1 }
      return bytes[offset]
    }

    mutating func integer<Number: FixedWidthInteger>(_: Number.Type) -> Number? {
      let size = MemoryLayout<Number>.size
      guard bytes.count - offset >= size else { return nil }
      defer { offset += size }
      return Number(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Number.self))
    }

    mutating func double() -> Double? { integer(UInt64.self).map(Double.init(bitPattern:)) }

    /// A count: a non-negative 8-byte integer.
    mutating func count() -> Int? {
      guard let value = integer(Int64.self), value >= 0, value <= Int64(Int32.max) else { return nil }
      return Int(value)
    }

    mutating func text() -> String? {
      guard let length = integer(UInt32.self), length != .max, bytes.count - offset >= Int(length) else {
        return nil
      }
      defer { offset += Int(length) }
      return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)]), as: UTF8.self)
    }

    /// A text or none: nil when the bytes end or are wrong, `.some(nil)` for none.
    mutating func optionalText() -> String?? {
      let start = offset
      if integer(UInt32.self) == .max { return .some(nil) }
      offset = start
      return text().map { .some($0) }
    }
  }
}
