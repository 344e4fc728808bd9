import Foundation
import RehearseCore

/// A small streaming JSON reader for index lines.
///
/// `JSONDecoder` spends about 100 ns per value; with 10,000 sessions the index holds well
/// over a million values and decoding it took two seconds. This reader walks the bytes once
/// and builds the summaries directly (any key order, whitespace and escapes; unknown keys
/// skipped), about ten times faster. Lines it cannot read are treated as corrupt, exactly
/// as before: the files they describe are re-read.
struct JSONCursor {
  struct Malformed: Error {}

  private let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    position = 0
  }

  var atEnd: Bool {
    mutating get {
      skipWhitespace()
      return position >= bytes.count
    }
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      let byte = bytes[position]
      guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
      position += 1
    }
  }

  private mutating func peek() throws(Malformed) -> UInt8 {
    skipWhitespace()
    guard position < bytes.count else { throw Malformed() }
    return bytes[position]
  }

  private mutating func expect(_ byte: UInt8) throws(Malformed) {
    guard try peek() == byte else { throw Malformed() }
    position += 1
  }

  /// True (and consumed) when the next value is `null`.
  mutating func readNull() throws(Malformed) -> Bool {
    guard try peek() == 0x6E else { return false }
    guard position + 4 <= bytes.count, bytes[position + 1] == 0x75, bytes[position + 2] == 0x6C,
      bytes[position + 3] == 0x6C
    else { throw Malformed() }
    position += 4
    return true
  }

  /// Calls `body` with each key of an object; `body` must read or skip the value.
  mutating func readObject(_ body: (inout JSONCursor, String) throws(Malformed) -> Void) throws(Malformed) {
    try expect(0x7B)
    if try peek() == 0x7D {
      position += 1
      return
    }
    while true {
      let key = try readString()
      try expect(0x3A)
      try body(&self, key)
      let next = try peek()
      position += 1
      if next == 0x7D { return }
      guard next == 0x2C else { throw Malformed() }
    }
  }

  /// Calls `body` for each element of an array; `body` must read or skip the element.
  mutating func readArray(_ body: (inout JSONCursor) throws(Malformed) -> Void) throws(Malformed) {
    try expect(0x5B)
    if try peek() == 0x5D {
      position += 1
      return
    }
    while true {
      try body(&self)
      let next = try peek()
      position += 1
      if next == 0x5D { return }
      guard next == 0x2C else { throw Malformed() }
    }
  }

  mutating func readStrings() throws(Malformed) -> [String] {
    var result: [String] = []
    try readArray { cursor throws(Malformed) in result.append(try cursor.readString()) }
    return result
  }

  mutating func readString() throws(Malformed) -> String {
    try expect(0x22)
    let start = position
    var escaped = false
    while position < bytes.count {
      let byte = bytes[position]
      if byte == 0x22 {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        return escaped ? try Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
      }
      if byte == 0x5C {
        escaped = true
        position += 2
      } else {
        position += 1
      }
    }
    throw Malformed()
  }

  private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws(Malformed) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var index = 0
    func hex4(_ at: Int) throws(Malformed) -> UInt32 {
      guard at + 4 <= raw.count else { throw Malformed() }
      var value: UInt32 = 0
      for byte in raw[at..<at + 4] {
        value <<= 4
        switch byte {
        case 0x30...0x39: value |= UInt32(byte - 0x30)
        case 0x41...0x46: value |= UInt32(byte - 0x37)
        case 0x61...0x66: value |= UInt32(byte - 0x57)
        default: throw Malformed()
        }
      }
      return value
    }
    while index < raw.count {
      let byte = raw[index]
      guard byte == 0x5C else {
        out.append(byte)
        index += 1
        continue
      }
      guard index + 1 < raw.count else { throw Malformed() }
      let code = raw[index + 1]
      index += 2
      switch code {
      case 0x22, 0x5C, 0x2F: out.append(code)
      case 0x62: out.append(0x08)
      case 0x66: out.append(0x0C)
      case 0x6E: out.append(0x0A)
      case 0x72: out.append(0x0D)
      case 0x74: out.append(0x09)
      case 0x75:
        var scalar = try hex4(index)
        index += 4
        if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count, raw[index] == 0x5C, raw[index + 1] == 0x75 {
          let low = try hex4(index + 2)
          if (0xDC00..<0xE000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            index += 6
          }
        }
        out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
      default: throw Malformed()
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  mutating func readInt() throws(Malformed) -> Int {
    let value = try readDouble()
    guard value == value.rounded(), abs(value) < 9e15 else { throw Malformed() }
    return Int(value)
  }

  mutating func readInt64() throws(Malformed) -> Int64 {
    skipWhitespace()
    var negative = false
    if position < bytes.count && bytes[position] == 0x2D {
      negative = true
      position += 1
    }
    var value: Int64 = 0
    let start = position
    while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
      let (product, overflow) = value.multipliedReportingOverflow(by: 10)
      guard !overflow else { throw Malformed() }
      value = product + Int64(bytes[position] - 0x30)
      position += 1
    }
    guard position > start else { throw Malformed() }
    return negative ? -value : value
  }

  mutating func readBool() throws(Malformed) -> Bool {
    let byte = try peek()
    if byte == 0x74, position + 4 <= bytes.count {
      position += 4
      return true
    }
    if byte == 0x66, position + 5 <= bytes.count {
      position += 5
      return false
    }
    throw Malformed()
  }

  private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

  /// A JSON number: exact fast path for up to 15 significant digits, else Foundation.
  mutating func readDouble() throws(Malformed) -> Double {
    skipWhitespace()
    let start = position
    var negative = false
    if position < bytes.count && bytes[position] == 0x2D {
      negative = true
      position += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var fraction = 0
    var sawDigit = false
    while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
      mantissa = mantissa &* 10 &+ UInt64(bytes[position] - 0x30)
      digits += 1
      sawDigit = true
      position += 1
    }
    if position < bytes.count && bytes[position] == 0x2E {
      position += 1
      while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
        mantissa = mantissa &* 10 &+ UInt64(bytes[position] - 0x30)
        digits += 1
        fraction += 1
        position += 1
      }
    }
    var exponentPart = false
    if position < bytes.count && (bytes[position] == 0x65 || bytes[position] == 0x45) {
      exponentPart = true
      position += 1
      if position < bytes.count && (bytes[position] == 0x2B || bytes[position] == 0x2D) { position += 1 }
      while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
    }
    guard sawDigit else { throw Malformed() }
    if !exponentPart && digits <= 15 && fraction <= 22 {
      let value = Double(mantissa) / Self.powers[fraction]
      return negative ? -value : value
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    guard let value = Double(text) else { throw Malformed() }
    return value
  }

  /// Skips any JSON value.
  mutating func skipValue() throws(Malformed) {
    switch try peek() {
    case 0x7B: try readObject { cursor, _ throws(Malformed) in try cursor.skipValue() }
    case 0x5B: try readArray { cursor throws(Malformed) in try cursor.skipValue() }
    case 0x22: _ = try readString()
    case 0x74, 0x66: _ = try readBool()
    case 0x6E: _ = try readNull()
    default: _ = try readDouble()
    }
  }
}

extension IndexEntry {
  /// Reads one index line written by `SessionIndex.encoder`.
  init(line: UnsafeBufferPointer<UInt8>) throws(JSONCursor.Malformed) {
    var cursor = JSONCursor(line)
    var id: String?
    var stamp: FileStamp?
    var summary: SessionSummary?
    var problem: String?
    try cursor.readObject { cursor, key throws(JSONCursor.Malformed) in
      switch key {
      case "id": id = try cursor.readString()
      case "stamp": stamp = try FileStamp(cursor: &cursor)
      case "summary": summary = try cursor.readNull() ? nil : try SessionSummary(cursor: &cursor)
      case "problem": problem = try cursor.readNull() ? nil : try cursor.readString()
      default: try cursor.skipValue()
      }
    }
    guard cursor.atEnd, let id, let stamp, summary != nil || problem != nil else { throw JSONCursor.Malformed() }
    self.init(id: id, stamp: stamp, summary: summary, problem: problem)
  }
}

extension FileStamp {
  fileprivate init(cursor: inout JSONCursor) throws(JSONCursor.Malformed) {
    var inode: Int64?
    var size: Int64?
    var modified: Int64?
    try cursor.readObject { cursor, key throws(JSONCursor.Malformed) in
      switch key {
      case "inode": inode = try cursor.readInt64()
      case "size": size = try cursor.readInt64()
      case "modified": modified = try cursor.readInt64()
      default: try cursor.skipValue()
      }
    }
    guard let inode, let size, let modified else { throw JSONCursor.Malformed() }
    self.init(inode: UInt64(bitPattern: inode), size: size, modified: modified)
  }
}

extension SessionSummary {
  fileprivate init(cursor: inout JSONCursor) throws(JSONCursor.Malformed) {
    var id: String?
    var startedAt: Double?
    var updatedAt: Double?
    var endedAt: Double?
    var status: SessionStatus?
    var mode: AnswerForm?
    var category: String?
    var categories: [String] = []
    var questions = 0
    var answers: [AnswerSummary] = []
    var skipped = 0
    var followUps = 0
    var mentorGrades = 0
    var duration = 0.0
    var criteria: [CriterionTally] = []
    try cursor.readObject { cursor, key throws(JSONCursor.Malformed) in
      switch key {
      case "id": id = try cursor.readString()
      case "startedAt": startedAt = try cursor.readDouble()
      case "updatedAt": updatedAt = try cursor.readDouble()
      case "endedAt": endedAt = try cursor.readNull() ? nil : try cursor.readDouble()
      case "status": status = SessionStatus(rawValue: try cursor.readString())
      case "mode": mode = AnswerForm(rawValue: try cursor.readString())
      case "category": category = try cursor.readNull() ? nil : try cursor.readString()
      case "categories": categories = try cursor.readStrings()
      case "questions": questions = try cursor.readInt()
      case "skipped": skipped = try cursor.readInt()
      case "followUps": followUps = try cursor.readInt()
      case "mentorGrades": mentorGrades = try cursor.readInt()
      case "durationSeconds": duration = try cursor.readDouble()
      case "answers":
        try cursor.readArray { cursor throws(JSONCursor.Malformed) in answers.append(try AnswerSummary(cursor: &cursor))
        }
      case "criteria":
        try cursor.readArray { cursor throws(JSONCursor.Malformed) in
          criteria.append(try CriterionTally(cursor: &cursor))
        }
      default: try cursor.skipValue()
      }
    }
    guard let id, let startedAt, let updatedAt, let status, let mode else { throw JSONCursor.Malformed() }
    self.init(
      id: id, startedAt: Date(timeIntervalSince1970: startedAt), updatedAt: Date(timeIntervalSince1970: updatedAt),
      endedAt: endedAt.map(Date.init(timeIntervalSince1970:)), status: status, mode: mode, category: category,
      categories: categories, questions: questions, answers: answers, skipped: skipped, followUps: followUps,
      mentorGrades: mentorGrades, durationSeconds: duration, criteria: criteria)
  }
}

extension AnswerSummary {
  fileprivate init(cursor: inout JSONCursor) throws(JSONCursor.Malformed) {
    var questionId: String?
    var category: String?
    var competencies: [String] = []
    var score: Double?
    var answeredAt: Double?
    try cursor.readObject { cursor, key throws(JSONCursor.Malformed) in
      switch key {
      case "questionId": questionId = try cursor.readString()
      case "category": category = try cursor.readString()
      case "competencies": competencies = try cursor.readStrings()
      case "score": score = try cursor.readDouble()
      case "answeredAt": answeredAt = try cursor.readDouble()
      default: try cursor.skipValue()
      }
    }
    guard let questionId, let category, let score, let answeredAt else { throw JSONCursor.Malformed() }
    self.init(
      questionId: questionId, category: category, competencies: competencies, score: score,
      answeredAt: Date(timeIntervalSince1970: answeredAt))
  }
}

extension CriterionTally {
  fileprivate init(cursor: inout JSONCursor) throws(JSONCursor.Malformed) {
    var id: String?
    var title: String?
    var points: Double?
    var maxPoints: Double?
    var answers: Int?
    try cursor.readObject { cursor, key throws(JSONCursor.Malformed) in
      switch key {
      case "id": id = try cursor.readString()
      case "title": title = try cursor.readString()
      case "points": points = try cursor.readDouble()
      case "maxPoints": maxPoints = try cursor.readDouble()
      case "answers": answers = try cursor.readInt()
      default: try cursor.skipValue()
      }
    }
    guard let id, let title, let points, let maxPoints, let answers else { throw JSONCursor.Malformed() }
    self.init(id: id, title: title, points: points, maxPoints: maxPoints, answers: answers)
  }
}
