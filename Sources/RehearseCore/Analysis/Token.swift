import Foundation

/// A word or number of an answer, normalised for matching, with where it came from.
public struct Token: Sendable, Equatable {
  /// Lower-case, Unicode-normalised text ("a/b", "p95", "99.9%", "$2m", "precision@k").
  public var text: String
  /// Snowball stem of `text` (equal to `text` for numbers and symbols).
  public var stem: String
  /// Byte range in the UTF-8 of the analysed text.
  public var start: Int
  /// End of the byte range (exclusive).
  public var end: Int
  /// Index of the sentence (or line) the token is in.
  public var sentence: Int
  /// Index of the clause (split at , ; : and sentence ends) the token is in.
  public var clause: Int
  /// A function word ("the", "and") that matching skips when counting distance.
  public var isStopWord: Bool
  /// True when the token starts with a digit or a currency sign.
  public var isNumeric: Bool
  /// Lexicon id of `text` (see ``Stemmer``); -1 for a token not made by a ``Tokenizer``.
  var textId: Int32 = -1
  /// Lexicon id of `stem`.
  var stemId: Int32 = -1
  /// What the lexicon knows about `text`.
  var flags: Lexicon.Flags = []
  /// Unicode scalar offsets of `start` and `end`; -1 for a token not made by a ``Tokenizer``.
  var scalarStart = -1
  var scalarEnd = -1
}

/// Splits text into tokens that keep the notation of AI product work meaningful.
///
/// "A/B", "p95", "99.9%", "$2M", "120ms", "3x" and "precision@k" stay one token each;
/// hyphenated words split ("counter-metric" → "counter", "metric"); sentences end at `.`, `!`,
/// `?` and line breaks, clauses also at `,`, `;`, `:`, brackets and dashes.
public struct Tokenizer: Sendable {
  /// Stems words and numbers them in its lexicon; share one stemmer between everything that compares words.
  public let stemmer: Stemmer

  /// - Parameter stemmer: its lexicon numbers the words; share one between everything whose
  ///   word ids must agree (a scorer's rubrics and answers).
  public init(stemmer: Stemmer = Stemmer()) {
    self.stemmer = stemmer
  }

  /// Number words match their digits ("terminal one" = "terminal 1").
  static let numberWords: [String: String] = [
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
  ]

  fileprivate enum Kind {
    case letter, digit, space, newline, sentenceEnd, clauseEnd, joiner, apostrophe, currency, percent, other
  }

  /// `kind(of:)` for every ASCII value.
  private static let asciiKinds: [Kind] = (0..<128).map { kind(of: UInt32($0)) }

  private static func kind(of scalar: UInt32) -> Kind {
    switch scalar {
    case 0x61...0x7A, 0x41...0x5A: return .letter
    case 0x30...0x39: return .digit
    case 0x20, 0x09, 0x0D, 0xA0: return .space
    case 0x0A: return .newline
    case 0x2E, 0x21, 0x3F: return .sentenceEnd
    case 0x2C, 0x3B, 0x3A, 0x28, 0x29, 0x5B, 0x5D, 0x2013, 0x2014, 0x2026, 0x22, 0x201C, 0x201D: return .clauseEnd
    case 0x2F, 0x40: return .joiner  // "/" and "@"
    case 0x27, 0x2019: return .apostrophe
    case 0x24, 0x20AC, 0xA3, 0xA5: return .currency
    case 0x25: return .percent
    case 0xD7: return .letter  // "×" as in "3×"
    default:
      if scalar < 0x80 { return .other }
      guard let s = Unicode.Scalar(scalar) else { return .other }
      if s.properties.isAlphabetic { return .letter }
      if s.properties.numericType != nil { return .digit }
      if s.properties.isWhitespace { return .space }
      return .other
    }
  }

  /// Where a token is, before its text is looked up.
  struct Span {
    var start: Int
    var end: Int
    var sentence: Int
    var clause: Int
    var numeric: Bool
    /// Index of the token's normalised text in the tokenizer's list of non-ASCII words, or -1
    /// for ASCII bytes the lexicon lower-cases itself.
    var text: Int32
    /// Unicode scalar offsets of `start` and `end`.
    var scalarStart: Int
    var scalarEnd: Int
  }

  /// Tokenises `text`. Byte offsets refer to `text.utf8`.
  public func tokenize(_ text: String) -> [Token] {
    let bytes = Array(text.utf8)
    let found: (spans: [Span], texts: [String]) = bytes.withUnsafeBufferPointer { utf8 in
      if isAllASCII(utf8) {
        // One scalar per byte: scan the bytes themselves.
        return Self.asciiKinds.withUnsafeBufferPointer { kinds in
          Self.scan(ASCIIScalars(bytes: utf8, kinds: kinds), bytes: bytes, isASCII: true)
        }
      }
      let scalars = Self.decode(text)
      return scalars.withUnsafeBufferPointer { scalars in
        Self.scan(DecodedScalars(scalars: scalars, totalBytes: utf8.count), bytes: bytes, isASCII: false)
      }
    }
    // One lexicon lookup per token, all under one lock.
    return stemmer.tokens(for: found.spans, texts: found.texts, in: bytes)
  }

  /// The scalars of `text` that is not all ASCII, with their byte offsets and kinds.
  private static func decode(_ text: String) -> [(value: UInt32, offset: UInt32, kind: Kind)] {
    var offset = 0
    let asciiKinds = Self.asciiKinds
    // At most one scalar per byte; written in place rather than appended one by one.
    return [(value: UInt32, offset: UInt32, kind: Kind)](unsafeUninitializedCapacity: text.utf8.count) {
      buffer, count in
      var index = 0
      let decoded: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
        // Swift strings hold valid UTF-8, so each scalar's length follows from its first byte.
        let total = utf8.count
        while offset < total {
          let lead = UInt32(utf8[offset])
          let value: UInt32
          let width: Int
          if lead < 0x80 {
            value = lead
            width = 1
          } else if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | UInt32(utf8[offset + 1] & 0x3F)
            width = 2
          } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | UInt32(utf8[offset + 1] & 0x3F) << 6 | UInt32(utf8[offset + 2] & 0x3F)
            width = 3
          } else {
            value =
              (lead & 0x07) << 18 | UInt32(utf8[offset + 1] & 0x3F) << 12 | UInt32(utf8[offset + 2] & 0x3F) << 6
              | UInt32(utf8[offset + 3] & 0x3F)
            width = 4
          }
          buffer.initializeElement(
            at: index,
            to: (
              value, UInt32(truncatingIfNeeded: offset),
              value < 0x80 ? asciiKinds[Int(value)] : Self.kind(of: value)
            ))
          index += 1
          offset += width
        }
      }
      if decoded == nil {
        for scalar in text.unicodeScalars {
          let value = scalar.value
          buffer.initializeElement(
            at: index,
            to: (
              value, UInt32(truncatingIfNeeded: offset), value < 0x80 ? asciiKinds[Int(value)] : Self.kind(of: value)
            ))
          index += 1
          offset += UTF8.width(scalar)
        }
      }
      count = index
    }
  }

  /// Splits the scalars into token spans; `bytes` are the text's UTF-8, which the offsets index.
  private static func scan<Scalars: ScalarSource>(_ scalars: Scalars, bytes: [UInt8], isASCII: Bool) -> (
    spans: [Span], texts: [String]
  ) {
    var spans: [Span] = []
    var texts: [String] = []
    spans.reserveCapacity(scalars.count / 5)
    var sentence = 0
    var clause = 0
    var pendingBreak = false
    var i = 0
    let n = scalars.count
    let totalBytes = scalars.totalBytes

    func isWordChar(_ k: Kind) -> Bool { k == .letter || k == .digit }

    while i < n {
      let k = scalars.kind(i)
      switch k {
      case .newline:
        pendingBreak = true
        i += 1
        continue
      case .sentenceEnd:
        // A dot between digits belongs to a number ("99.9"); otherwise it ends a sentence.
        pendingBreak = true
        i += 1
        continue
      case .clauseEnd:
        clause += 1
        i += 1
        continue
      case .space, .other, .joiner, .apostrophe, .percent:
        i += 1
        continue
      case .letter, .digit, .currency:
        break
      }
      if pendingBreak {
        if !spans.isEmpty {
          sentence += 1
          clause += 1
        }
        pendingBreak = false
      }
      // Read one token.
      let startIndex = i
      var j = i
      if scalars.kind(j) == .currency {
        j += 1
        guard j < n, scalars.kind(j) == .digit else {
          i = j
          continue
        }
      }
      while j < n {
        let kj = scalars.kind(j)
        if isWordChar(kj) {
          j += 1
          continue
        }
        let next = j + 1 < n ? scalars.kind(j + 1) : .space
        let prev = scalars.kind(j - 1)
        if kj == .apostrophe, prev == .letter, next == .letter {
          j += 1
          continue
        }
        if kj == .sentenceEnd || scalars.value(j) == 0x2C, prev == .digit, next == .digit {
          j += 1  // "99.9", "1,200"
          continue
        }
        if kj == .percent, prev == .digit {
          j += 1
          break
        }
        if kj == .joiner, isWordChar(next) {
          // Join "a/b", "24/7", "precision@k": short right side only, so "latency/cost" splits.
          var r = j + 1
          while r < n, isWordChar(scalars.kind(r)) { r += 1 }
          var l = j - 1
          while l > startIndex, isWordChar(scalars.kind(l - 1)) { l -= 1 }
          let leftLength = j - l
          let rightLength = r - (j + 1)
          if rightLength <= 2 && (scalars.value(j) == 0x40 || leftLength <= 2) {
            j = r
            continue
          }
        }
        break
      }
      let startByte = scalars.offset(startIndex)
      let endByte = j < n ? scalars.offset(j) : totalBytes
      var textIndex: Int32 = -1
      if !isASCII, case let slice = bytes[startByte..<endByte], slice.contains(where: { $0 >= 0x80 }) {
        textIndex = Int32(texts.count)
        texts.append(
          String(decoding: slice, as: UTF8.self).precomposedStringWithCompatibilityMapping.lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .replacingOccurrences(of: "×", with: "x"))
      }
      // Otherwise the ASCII fast path: the lexicon lower-cases the bytes and makes a string
      // only for new words.
      spans.append(
        Span(
          start: startByte, end: endByte, sentence: sentence, clause: clause,
          numeric: scalars.kind(startIndex) != .letter, text: textIndex, scalarStart: startIndex, scalarEnd: j))
      i = j
    }
    return (spans, texts)
  }
}

/// The scalars of a text as the tokenizer reads them: value, kind and UTF-8 offset by index.
private protocol ScalarSource {
  var count: Int { get }
  /// Byte offset just past the last scalar.
  var totalBytes: Int { get }
  func value(_ index: Int) -> UInt32
  func kind(_ index: Int) -> Tokenizer.Kind
  func offset(_ index: Int) -> Int
}

/// ASCII text: each byte is a scalar.
private struct ASCIIScalars: ScalarSource {
  let bytes: UnsafeBufferPointer<UInt8>
  let kinds: UnsafeBufferPointer<Tokenizer.Kind>
  var count: Int { bytes.count }
  var totalBytes: Int { bytes.count }
  @inline(__always) func value(_ index: Int) -> UInt32 { UInt32(bytes[index]) }
  @inline(__always) func kind(_ index: Int) -> Tokenizer.Kind { kinds[Int(bytes[index])] }
  @inline(__always) func offset(_ index: Int) -> Int { index }
}

/// Decoded scalars of any text.
private struct DecodedScalars: ScalarSource {
  let scalars: UnsafeBufferPointer<(value: UInt32, offset: UInt32, kind: Tokenizer.Kind)>
  let totalBytes: Int
  var count: Int { scalars.count }
  @inline(__always) func value(_ index: Int) -> UInt32 { scalars[index].value }
  @inline(__always) func kind(_ index: Int) -> Tokenizer.Kind { scalars[index].kind }
  @inline(__always) func offset(_ index: Int) -> Int { Int(scalars[index].offset) }
}

/// True when every byte is below 0x80; reads eight bytes at a time.
func isAllASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  guard let base = bytes.baseAddress else { return true }
  let raw = UnsafeRawPointer(base)
  var index = 0
  var seen: UInt64 = 0
  while index + 8 <= bytes.count {
    seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
    index += 8
  }
  while index < bytes.count {
    seen |= UInt64(bytes[index])
    index += 1
  }
  return seen & 0x8080_8080_8080_8080 == 0
}
