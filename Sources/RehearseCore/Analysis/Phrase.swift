/// A phrase compiled for matching: the stems of its content words, in order.
public struct PhrasePattern: Sendable, Equatable {
  /// The phrase as the author wrote it.
  public let source: String
  /// Stems to match, in order; stop words are dropped unless that would leave fewer than two
  /// words of a multi-word phrase.
  public let terms: [String]
  /// Lower-case surface forms of the same words, for typo tolerance.
  let surfaces: [String]
  /// True when the terms include stop words (the phrase had nothing else).
  let keepsStopWords: Bool

  init(_ source: String, tokenizer: Tokenizer) {
    self.source = source
    let tokens = tokenizer.tokenize(source)
    let content = tokens.filter { !$0.isStopWord }
    // A multi-word phrase never shrinks to one word: "just clicks" must not match every
    // "clicks". Such phrases (and all-stop-word ones) match word for word.
    keepsStopWords = content.isEmpty || (content.count == 1 && tokens.count > 1)
    let chosen = keepsStopWords ? tokens : content
    terms = chosen.map(\.stem)
    surfaces = chosen.map(\.text)
  }
}

/// Where a phrase was found in an answer.
public struct PhraseMatch: Sendable, Equatable {
  /// Token indices, inclusive.
  public var firstToken: Int
  public var lastToken: Int
  /// A word was matched despite a one-letter typo.
  public var viaTypo: Bool
  public var negated: Bool
  public var pattern: String
}

/// An answer tokenised and indexed for matching against one compiled rubric.
public struct AnalyzedText: Sendable {
  public let text: String
  /// The text's UTF-8 bytes, which token offsets index.
  let utf8: [UInt8]
  /// For non-ASCII text, the number of scalars before each byte offset (nil for ASCII, where
  /// the two agree), so offsets convert in constant time even for a pasted megabyte.
  private let scalarsBefore: [Int32]?
  public let tokens: [Token]
  /// Indices of tokens that are not stop words and not section labels.
  let content: [Int]
  /// Indices of all tokens except section labels.
  let all: [Int]
  /// Stem → positions in `content` (including typo corrections).
  var contentPositions: [String: [Int]]
  /// Stem → positions in `all`.
  var allPositions: [String: [Int]]
  /// Positions in `content` whose stem came from a typo correction.
  var typoPositions: Set<Int>
  /// Whether matches are checked for negation (off only for ablation measurements).
  var detectsNegation = true

  init(text: String, tokens: [Token], excluded: Set<Int>, vocabulary: FuzzyVocabulary?) {
    self.text = text
    utf8 = Array(text.utf8)
    if utf8.contains(where: { $0 >= 0x80 }) {
      var table = [Int32](repeating: 0, count: utf8.count + 1)
      var count: Int32 = 0
      for (index, byte) in utf8.enumerated() {
        table[index] = count
        if byte & 0xC0 != 0x80 { count += 1 }
      }
      table[utf8.count] = count
      scalarsBefore = table
    } else {
      scalarsBefore = nil
    }
    self.tokens = tokens
    var content: [Int] = []
    var all: [Int] = []
    content.reserveCapacity(tokens.count)
    all.reserveCapacity(tokens.count)
    for index in tokens.indices where !excluded.contains(index) {
      all.append(index)
      if !tokens[index].isStopWord { content.append(index) }
    }
    self.content = content
    self.all = all
    var positions: [String: [Int]] = [:]
    positions.reserveCapacity(content.count)
    var typos: Set<Int> = []
    var corrections: [String: String?] = [:]
    for (position, tokenIndex) in content.enumerated() {
      let token = tokens[tokenIndex]
      positions[token.stem, default: []].append(position)
      guard let vocabulary, !token.isNumeric, token.text.utf8.count >= 6,
        !vocabulary.stems.contains(token.stem)
      else { continue }
      let corrected: String?
      if let cached = corrections[token.text] {
        corrected = cached
      } else {
        corrected = vocabulary.correction(for: token.text, stem: token.stem)
        corrections[token.text] = corrected
      }
      if let corrected {
        positions[corrected, default: []].append(position)
        typos.insert(position)
      }
    }
    var allPositions: [String: [Int]] = [:]
    for (position, tokenIndex) in all.enumerated() {
      allPositions[tokens[tokenIndex].stem, default: []].append(position)
    }
    contentPositions = positions
    self.allPositions = allPositions
    typoPositions = typos
  }

  /// Every place `pattern` occurs, allowing one extra word between consecutive terms.
  func matches(of pattern: PhrasePattern) -> [PhraseMatch] {
    guard let first = pattern.terms.first else { return [] }
    let sequence = pattern.keepsStopWords ? all : content
    let positions = pattern.keepsStopWords ? allPositions : contentPositions
    guard let starts = positions[first] else { return [] }
    let maxGap = pattern.keepsStopWords ? 0 : 1
    var found: [PhraseMatch] = []
    outer: for start in starts {
      var previous = start
      var typo = !pattern.keepsStopWords && typoPositions.contains(start)
      for term in pattern.terms.dropFirst() {
        guard let candidates = positions[term],
          let next = Self.firstPosition(in: candidates, after: previous),
          next <= previous + 1 + maxGap,
          tokens[sequence[next]].sentence == tokens[sequence[start]].sentence
        else { continue outer }
        if !pattern.keepsStopWords && typoPositions.contains(next) { typo = true }
        previous = next
      }
      let firstToken = sequence[start]
      let lastToken = sequence[previous]
      found.append(
        PhraseMatch(
          firstToken: firstToken, lastToken: lastToken, viaTypo: typo,
          negated: detectsNegation && isNegated(firstToken: firstToken, lastToken: lastToken),
          pattern: pattern.source))
    }
    return found
  }

  /// The first position greater than `position` in a sorted list (binary search, so a
  /// pasted megabyte with thousands of repeats stays linear overall).
  static func firstPosition(in sorted: [Int], after position: Int) -> Int? {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] <= position { low = middle + 1 } else { high = middle }
    }
    return low < sorted.count ? sorted[low] : nil
  }

  /// NegEx-style: a trigger up to four words before the match in the same clause, or
  /// "was not" / "never" just after it.
  func isNegated(firstToken: Int, lastToken: Int) -> Bool {
    let clause = tokens[firstToken].clause
    var index = firstToken - 1
    var steps = 0
    while index >= 0, steps < 4, tokens[index].clause == clause {
      let word = tokens[index].text
      let previous = index > 0 && tokens[index - 1].clause == clause ? tokens[index - 1].text : ""
      // "rather than X", "instead of X" put X aside.
      if word == "than" && previous == "rather" || word == "of" && previous == "instead" { return true }
      if Vocabulary.scopeTerminators.contains(word) { break }
      if Vocabulary.negationTriggers.contains(word) || word.hasSuffix("n't") {
        let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
        if !Vocabulary.pseudoNegations.contains("\(word) \(next)") && !isConditional(from: index, to: lastToken) {
          return true
        }
      }
      index -= 1
      steps += 1
    }
    var after = lastToken + 1
    while after < tokens.count, after <= lastToken + 3, tokens[after].clause == tokens[lastToken].clause {
      let word = tokens[after].text
      if word == "never" || word.hasSuffix("n't") && Vocabulary.postNegations.contains(word),
        after + 1 < tokens.count, Vocabulary.isParticiple(tokens[after + 1].text)
      {
        return true
      }
      // "The A/B test was not run": a passive negation needs a participle after it;
      // "the bulb is not in a closed path" negates the predicate, not the subject.
      if Vocabulary.postNegations.contains(word), after > lastToken + 1,
        Vocabulary.beVerbs.contains(tokens[after - 1].text), after + 1 < tokens.count,
        Vocabulary.isParticiple(tokens[after + 1].text)
      {
        return true
      }
      after += 1
    }
    return false
  }

  /// "We would not ship unless the holdback is flat": a condition, not a denial.
  private func isConditional(from trigger: Int, to lastToken: Int) -> Bool {
    var index = trigger + 1
    while index < tokens.count, index <= lastToken + 6, tokens[index].sentence == tokens[lastToken].sentence {
      if tokens[index].text == "unless" || tokens[index].text == "until" { return true }
      index += 1
    }
    return false
  }

  /// The answer's own words for a token range (never stems).
  public func excerpt(firstToken: Int, lastToken: Int) -> String {
    String(decoding: utf8[tokens[firstToken].start..<tokens[lastToken].end], as: UTF8.self)
  }

  /// Unicode scalar offset of a UTF-8 byte offset, for reporting ranges to other languages.
  public func scalarOffset(ofByte byte: Int) -> Int {
    let byte = min(max(byte, 0), utf8.count)
    guard let scalarsBefore else { return byte }  // ASCII: bytes are scalars
    return Int(scalarsBefore[byte])
  }
}

/// Long phrase words indexed so an answer word with one typo can find them cheaply.
///
/// A single edit cannot change both the first and the last letter of a word of six or more
/// letters, so candidates are looked up by (length, first byte) and (length, last byte).
struct FuzzyVocabulary: Sendable {
  struct Entry: Sendable {
    let surface: [UInt8]
    let stem: String
  }
  let stems: Set<String>
  private var byFirst: [Int: [Entry]] = [:]
  private var byLast: [Int: [Entry]] = [:]

  init(patterns: [PhrasePattern]) {
    var stems: Set<String> = []
    var seen: Set<String> = []
    for pattern in patterns {
      for (surface, stem) in zip(pattern.surfaces, pattern.terms) {
        stems.insert(stem)
        // Index the word as written and its stem ("retrainng" → "retrainng" vs "retrain").
        for (form, minimum) in [(surface, 6), (stem, 6)] {
          let bytes = Array(form.utf8)
          guard bytes.count >= minimum, !seen.contains(form), bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A })
          else { continue }
          seen.insert(form)
          let entry = Entry(surface: bytes, stem: stem)
          byFirst[Self.key(bytes.count, bytes[0]), default: []].append(entry)
          byLast[Self.key(bytes.count, bytes[bytes.count - 1]), default: []].append(entry)
        }
      }
    }
    self.stems = stems
  }

  private static func key(_ length: Int, _ byte: UInt8) -> Int { length << 8 | Int(byte) }

  /// The stem of the phrase word `word` is one edit away from, if any.
  func correction(for word: String, stem: String) -> String? {
    for form in word == stem ? [word] : [word, stem] {
      let bytes = Array(form.utf8)
      guard bytes.count >= 6, let first = bytes.first, let last = bytes.last else { continue }
      for length in (bytes.count - 1)...(bytes.count + 1) {
        for bucket in [byFirst[Self.key(length, first)], byLast[Self.key(length, last)]] {
          guard let bucket else { continue }
          for entry in bucket where withinOneEdit(bytes, entry.surface) {
            return entry.stem
          }
        }
      }
    }
    return nil
  }
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of adjacent letters.
func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  let la = a.count
  let lb = b.count
  if abs(la - lb) > 1 { return false }
  // A dropped or added letter in a short word is too often another real word
  // ("tracked"/"traced", "asking"/"masking"): length changes need seven letters.
  if la != lb && min(la, lb) < 7 { return false }
  var i = 0
  while i < la, i < lb, a[i] == b[i] { i += 1 }
  if i == la && i == lb { return true }
  if la == lb {
    // substitution: rest equal after i; transposition: swapped pair then rest equal.
    if a[(i + 1)...] == b[(i + 1)...] { return true }
    if i + 1 < la, a[i] == b[i + 1], a[i + 1] == b[i], a[(i + 2)...] == b[(i + 2)...] { return true }
    return false
  }
  if la > lb { return a[(i + 1)...] == b[i...] }
  return a[i...] == b[(i + 1)...]
}
