/// The first place a JSON text breaks the grammar of RFC 8259, found in one pass over its
/// bytes: Rehearse's error positions come from here, never from a parser's messages.
///
/// Checks structure, strings (control characters, escapes, surrogate pairs), numbers (form
/// and range: a literal no `Double` can hold) and nesting depth, the limits under which
/// Foundation's `JSONDecoder` reads a document. Whether the text is valid UTF-8 is checked
/// separately (``SessionDecoding/firstInvalidUTF8(in:)``).
enum JSONSyntax {
  /// What is wrong, and where (byte offsets).
  enum Problem: Error, Equatable {
    /// A byte that cannot come here.
    case unexpected(offset: Int)
    /// The text ends inside a value.
    case endOfText
    /// A `\u` escape at `offset` (its backslash) without four hex digits.
    case badEscape(offset: Int)
    /// A `\u` escape at `offset` that is half of a UTF-16 surrogate pair.
    case loneSurrogate(offset: Int)
    /// A number literal too large for a `Double`.
    case numberOutOfRange(Range<Int>)
    /// An array or object opened at `offset` beyond ``maximumDepth``.
    case tooDeep(offset: Int)
  }

  /// The deepest nesting of arrays and objects accepted (as `JSONDecoder`'s).
  static let maximumDepth = 512

  private enum Expect { case value, valueOrClose, key, keyOrClose, colon, commaOrClose, end }

  /// The first problem in `bytes`, or nil when they are one well-formed JSON value.
  static func firstProblem(in bytes: [UInt8]) -> Problem? {
    var index = 0
    var open: [UInt8] = []
    var expect = Expect.value
    while true {
      while index < bytes.count,
        bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
          || bytes[index] == 0x09
      {
        index += 1
      }
      guard index < bytes.count else { return expect == .end ? nil : .endOfText }
      let byte = bytes[index]
      switch expect {
      case .end:
        return .unexpected(offset: index)
      case .colon:
        guard byte == 0x3A else { return .unexpected(offset: index) }
        index += 1
        expect = .value
      case .commaOrClose:
        if byte == 0x2C {
          index += 1
          expect = open.last == 0x7B ? .key : .value
        } else if (byte == 0x7D && open.last == 0x7B) || (byte == 0x5D && open.last == 0x5B) {
          open.removeLast()
          index += 1
          expect = open.isEmpty ? .end : .commaOrClose
        } else {
          return .unexpected(offset: index)
        }
      case .key, .keyOrClose:
        if expect == .keyOrClose && byte == 0x7D {
          open.removeLast()
          index += 1
          expect = open.isEmpty ? .end : .commaOrClose
          continue
        }
        guard byte == 0x22 else { return .unexpected(offset: index) }
        switch scanString(bytes, from: index) {
        case .failure(let problem): return problem
        case .success(let end): index = end
        }
        expect = .colon
      case .value, .valueOrClose:
        if expect == .valueOrClose && byte == 0x5D {
          open.removeLast()
          index += 1
          expect = open.isEmpty ? .end : .commaOrClose
          continue
        }
        switch byte {
        case 0x7B, 0x5B:
          open.append(byte)
          guard open.count <= maximumDepth else { return .tooDeep(offset: index) }
          index += 1
          expect = byte == 0x7B ? .keyOrClose : .valueOrClose
          continue
        case 0x22:
          switch scanString(bytes, from: index) {
          case .failure(let problem): return problem
          case .success(let end): index = end
          }
        case 0x2D, 0x30...0x39:
          switch scanNumber(bytes, from: index) {
          case .failure(let problem): return problem
          case .success(let end): index = end
          }
        case 0x74, 0x66, 0x6E:
          let literal = Array((byte == 0x74 ? "true" : byte == 0x66 ? "false" : "null").utf8)
          for (offset, expected) in literal.enumerated() {
            guard index + offset < bytes.count else { return .endOfText }
            guard bytes[index + offset] == expected else { return .unexpected(offset: index + offset) }
          }
          index += literal.count
        default:
          return .unexpected(offset: index)
        }
        expect = open.isEmpty ? .end : .commaOrClose
      }
    }
  }

  /// Where the string starting with the quote at `start` ends (just past its closing quote).
  private static func scanString(_ bytes: [UInt8], from start: Int) -> Result<Int, Problem> {
    var index = start + 1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x22 { return .success(index + 1) }
      if byte < 0x20 { return .failure(.unexpected(offset: index)) }
      guard byte == 0x5C else {
        index += 1
        continue
      }
      guard index + 1 < bytes.count else { return .failure(.endOfText) }
      switch bytes[index + 1] {
      case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
        index += 2
      case 0x75:
        switch hex(bytes, at: index + 2) {
        case .failure(.badEscape): return .failure(.badEscape(offset: index))
        case .failure(let problem): return .failure(problem)
        case .success(let value) where (0xD800...0xDBFF).contains(value):
          let next = index + 6
          guard next + 1 < bytes.count, bytes[next] == 0x5C, bytes[next + 1] == 0x75,
            case .success(let low) = hex(bytes, at: next + 2), (0xDC00...0xDFFF).contains(low)
          else { return .failure(.loneSurrogate(offset: index)) }
          index = next + 6
        case .success(let value) where (0xDC00...0xDFFF).contains(value):
          return .failure(.loneSurrogate(offset: index))
        case .success:
          index += 6
        }
      default:
        return .failure(.unexpected(offset: index + 1))
      }
    }
    return .failure(.endOfText)
  }

  /// The value of the four hex digits at `start`.
  private static func hex(_ bytes: [UInt8], at start: Int) -> Result<Int, Problem> {
    var value = 0
    for index in start..<start + 4 {
      guard index < bytes.count else { return .failure(.endOfText) }
      let byte = bytes[index]
      let digit: Int
      switch byte {
      case 0x30...0x39: digit = Int(byte - 0x30)
      case 0x41...0x46: digit = Int(byte - 0x41) + 10
      case 0x61...0x66: digit = Int(byte - 0x61) + 10
      default: return .failure(.badEscape(offset: index))
      }
      value = value * 16 + digit
    }
    return .success(value)
  }

  /// Where the number starting at `start` ends.
  private static func scanNumber(_ bytes: [UInt8], from start: Int) -> Result<Int, Problem> {
    var index = start
    func isDigit(_ index: Int) -> Bool { index < bytes.count && (0x30...0x39).contains(bytes[index]) }
    func missingDigit(_ index: Int) -> Problem { index < bytes.count ? .unexpected(offset: index) : .endOfText }
    if bytes[index] == 0x2D { index += 1 }
    guard isDigit(index) else { return .failure(missingDigit(index)) }
    if bytes[index] == 0x30 {
      index += 1
    } else {
      while isDigit(index) { index += 1 }
    }
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      guard isDigit(index) else { return .failure(missingDigit(index)) }
      while isDigit(index) { index += 1 }
    }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      guard isDigit(index) else { return .failure(missingDigit(index)) }
      while isDigit(index) { index += 1 }
    }
    let literal = String(decoding: bytes[start..<index], as: UTF8.self)
    if let value = Double(literal), !value.isFinite { return .failure(.numberOutOfRange(start..<index)) }
    return .success(index)
  }
}
