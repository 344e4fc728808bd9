import Synchronization

/// A phrase compiled for matching: the stems of its content words, in order.
public struct PhrasePattern: Sendable, Equatable {
  /// The phrase as the author wrote it.
  public let source: String
  /// Stems to match, in order; stop words are dropped unless that would leave fewer than two
  /// words of a multi-word phrase.
  public let terms: [String]
  /// Lexicon ids of `terms`.
  let termIds: [Int32]
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
    termIds = chosen.map(\.stemId)
    surfaces = chosen.map(\.text)
  }
}

/// Phrase patterns laid out for matching many at a time: term ids back to back, so looking
/// a pattern up copies no pattern and retains no array of its own.
struct PatternTable: Sendable {
  /// Each pattern's phrase as the author wrote it.
  let sources: [String]
  /// Every pattern's term ids, back to back.
  let termIds: [Int32]
  /// Where each pattern's terms start in `termIds`; one more element than there are patterns.
  let termStart: [Int]
  let keepsStopWords: [Bool]

  init(_ patterns: [PhrasePattern]) {
    sources = patterns.map(\.source)
    termIds = patterns.flatMap(\.termIds)
    var starts = [0]
    for pattern in patterns { starts.append(starts[starts.count - 1] + pattern.termIds.count) }
    termStart = starts
    keepsStopWords = patterns.map(\.keepsStopWords)
  }

  /// One table of all `groups`' patterns, and each group's range of them.
  static func grouped(_ groups: [[PhrasePattern]]) -> (PatternTable, [Range<Int>]) {
    var ranges: [Range<Int>] = []
    var start = 0
    for group in groups {
      ranges.append(start..<(start + group.count))
      start += group.count
    }
    return (PatternTable(groups.flatMap { $0 }), ranges)
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
  public let tokens: [Token]
  /// The indexes, shared by reference so passing an analysis around copies nothing.
  let index: Index
  /// Whether matches are checked for negation (off only for ablation measurements).
  var detectsNegation = true

  /// The text's UTF-8 bytes, which token offsets index.
  var utf8: [UInt8] { index.utf8 }
  /// Indices of tokens that are not stop words and not section labels.
  var content: [Int] { index.content }
  /// Indices of all tokens except section labels.
  var all: [Int] { index.all }
  /// Scalar offsets of each token's start and end, for evidence ranges.
  var scalarStarts: [Int] { index.scalarStarts }
  var scalarEnds: [Int] { index.scalarEnds }

  init(text: String, tokens: [Token], excluded: Set<Int>, vocabulary: FuzzyVocabulary?) {
    self.text = text
    self.tokens = tokens
    index = Index(text: text, tokens: tokens, excluded: excluded, vocabulary: vocabulary)
  }

  /// What an analysis computes once: token sequences, stem positions, scalar offsets.
  final class Index: Sendable {
    let utf8: [UInt8]
    let content: [Int]
    let all: [Int]
    /// Stem id → positions in `content` (including typo corrections).
    let contentPositions: PositionIndex
    /// Stem id → positions in `all`.
    let allPositions: PositionIndex
    /// Per position in `content`: its stem came from a typo correction.
    let typoPositions: [Bool]
    /// Some word was matched to a phrase word by typo correction.
    let hasCorrections: Bool
    let scalarStarts: [Int]
    let scalarEnds: [Int]

    init(text: String, tokens: [Token], excluded: Set<Int>, vocabulary: FuzzyVocabulary?) {
      let utf8 = Array(text.utf8)
      self.utf8 = utf8
      var content: [Int] = []
      var all: [Int] = []
      content.reserveCapacity(tokens.count)
      all.reserveCapacity(tokens.count)
      if excluded.isEmpty {
        for index in tokens.indices {
          all.append(index)
          if !tokens[index].isStopWord { content.append(index) }
        }
      } else {
        var isExcluded = [Bool](repeating: false, count: tokens.count)
        for index in excluded where index >= 0 && index < tokens.count { isExcluded[index] = true }
        for index in tokens.indices where !isExcluded[index] {
          all.append(index)
          if !tokens[index].isStopWord { content.append(index) }
        }
      }
      self.content = content
      self.all = all
      var typos = [Bool](repeating: false, count: content.count)
      // Per content position: the stem id a typo correction adds, or -1.
      var corrected = [Int32](repeating: -1, count: content.count)
      if let vocabulary {
        var asks: [Int] = []
        for (position, tokenIndex) in content.enumerated()
        where !tokens[tokenIndex].isNumeric && tokens[tokenIndex].text.utf8.count >= 6
          && !vocabulary.stems.contains(tokens[tokenIndex].stemId)
        {
          asks.append(position)
        }
        if !asks.isEmpty {
          let answers = vocabulary.corrections(for: tokens, at: asks.map { content[$0] })
          for (position, answer) in zip(asks, answers) { corrected[position] = answer }
        }
      }
      // One numbering of stems for both indexes: a content token's list is its list in `all`.
      var lists = PositionIndex.Lists(capacity: all.count + content.count)
      var listOfToken = [Int32](repeating: -1, count: tokens.count)
      var allPositions = PositionIndex.Builder(capacity: all.count)
      for (position, tokenIndex) in all.enumerated() {
        let list = lists.list(for: tokens[tokenIndex].stemId)
        listOfToken[tokenIndex] = list
        allPositions.append(position, list: list)
      }
      var positions = PositionIndex.Builder(capacity: content.count * 2)
      for (position, tokenIndex) in content.enumerated() {
        positions.append(position, list: listOfToken[tokenIndex])
        let correction = corrected[position]
        if correction >= 0 {
          positions.append(position, list: lists.list(for: correction))
          typos[position] = true
        }
      }
      contentPositions = PositionIndex(lists: lists, positions)
      self.allPositions = PositionIndex(lists: lists, allPositions)
      typoPositions = typos
      hasCorrections = typos.contains(true)
      var starts: [Int] = []
      var ends: [Int] = []
      starts.reserveCapacity(tokens.count)
      ends.reserveCapacity(tokens.count)
      utf8.withUnsafeBufferPointer { utf8 in
        if tokens.allSatisfy({ $0.scalarStart >= 0 }) {
          // The tokenizer counted them.
          for index in tokens.indices {
            starts.append(tokens[index].scalarStart)
            ends.append(tokens[index].scalarEnd)
          }
          return
        }
        var byte = 0
        if isAllASCII(utf8) {
          // One scalar per byte.
          for index in tokens.indices {
            byte = max(byte, min(max(tokens[index].start, 0), utf8.count))
            starts.append(byte)
            byte = max(byte, min(max(tokens[index].end, 0), utf8.count))
            ends.append(byte)
          }
          return
        }
        var scalars = 0
        func advance(to target: Int) -> Int {
          let limit = min(max(target, 0), utf8.count)
          while byte < limit {
            if utf8[byte] & 0xC0 != 0x80 { scalars += 1 }
            byte += 1
          }
          return scalars
        }
        for index in tokens.indices {
          starts.append(advance(to: tokens[index].start))
          ends.append(advance(to: tokens[index].end))
        }
      }
      scalarStarts = starts
      scalarEnds = ends
    }
  }

  /// Every place `pattern` occurs, allowing one extra word between consecutive terms.
  func matches(of pattern: PhrasePattern) -> [PhraseMatch] {
    var found: [PhraseMatch] = []
    forEachMatch(of: pattern) { found.append($0) }
    return found
  }

  /// Calls `body` with every place `pattern` occurs, in order.
  func forEachMatch(of pattern: PhrasePattern, _ body: (PhraseMatch) -> Void) {
    let index = self.index
    pattern.termIds.withUnsafeBufferPointer { termIds in
      forEachMatch(
        termIds: termIds, keeps: pattern.keepsStopWords, source: pattern.source, index: index,
        sequence: pattern.keepsStopWords ? index.all : index.content,
        positions: pattern.keepsStopWords ? index.allPositions : index.contentPositions,
        typoPositions: index.typoPositions, body)
    }
  }

  /// Calls `body` with every place each of `table`'s patterns in `patterns` occurs, pattern by
  /// pattern, each in order. The indexes are looked up once for all the patterns.
  func forEachMatch(in table: PatternTable, _ patterns: Range<Int>, _ body: (PhraseMatch) -> Void) {
    let index = self.index
    let all = index.all
    let content = index.content
    let allPositions = index.allPositions
    let contentPositions = index.contentPositions
    let typoPositions = index.typoPositions
    table.termIds.withUnsafeBufferPointer { termIds in
      for k in patterns {
        let keeps = table.keepsStopWords[k]
        let terms = UnsafeBufferPointer(rebasing: termIds[table.termStart[k]..<table.termStart[k + 1]])
        // The usual case: the phrase's first word is absent.
        guard let first = terms.first, (keeps ? allPositions : contentPositions).first(first) >= 0 else { continue }
        forEachMatch(
          termIds: terms, keeps: keeps, source: table.sources[k], index: index, sequence: keeps ? all : content,
          positions: keeps ? allPositions : contentPositions, typoPositions: typoPositions, body)
      }
    }
  }

  private func forEachMatch(
    termIds: UnsafeBufferPointer<Int32>, keeps: Bool, source: String, index: Index, sequence: [Int],
    positions: PositionIndex, typoPositions: [Bool], _ body: (PhraseMatch) -> Void
  ) {
    guard let first = termIds.first else { return }
    let maxGap = keeps ? 0 : 1
    guard termIds.count > 1 else {
      // One-word phrases: every position is a match.
      var node = positions.first(first)
      while node >= 0 {
        let start = positions.position(node)
        node = positions.next(node)
        let token = sequence[start]
        body(
          PhraseMatch(
            firstToken: token, lastToken: token, viaTypo: !keeps && typoPositions[start],
            negated: detectsNegation && isNegated(firstToken: token, lastToken: token), pattern: source))
      }
      return
    }
    // Starts come in increasing order and so does the position each later term is searched
    // after, so one cursor per term only moves forward: linear in the answer even when a
    // pasted text repeats a phrase thousands of times.
    let head = positions.first(first)
    guard head >= 0 else { return }  // the usual case: the phrase's first word is absent
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: termIds.count) { cursors in
      cursors[0] = head
      for k in 1..<termIds.count { cursors[k] = -2 }  // looked up when first needed
      outer: while cursors[0] >= 0 {
        let start = positions.position(cursors[0])
        cursors[0] = positions.next(cursors[0])
        var previous = start
        var typo = !keeps && typoPositions[start]
        let sentence = tokens[sequence[start]].sentence
        for k in 1..<termIds.count {
          var node = cursors[k] == -2 ? positions.first(termIds[k]) : cursors[k]
          while node >= 0 && positions.position(node) <= previous { node = positions.next(node) }
          cursors[k] = node
          guard node >= 0 else { return }  // no later occurrence of this term: no more matches
          let next = positions.position(node)
          guard next <= previous + 1 + maxGap, tokens[sequence[next]].sentence == sentence else { continue outer }
          if !keeps && typoPositions[next] { typo = true }
          previous = next
        }
        let firstToken = sequence[start]
        let lastToken = sequence[previous]
        body(
          PhraseMatch(
            firstToken: firstToken, lastToken: lastToken, viaTypo: typo,
            negated: detectsNegation && isNegated(firstToken: firstToken, lastToken: lastToken),
            pattern: source))
      }
    }
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
      let flags = tokens[index].flags
      if flags.contains(.scopeTerminator) { break }
      if flags.contains(.negationTrigger) {
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
      let flags = tokens[after].flags
      if tokens[after].text == "never" || flags.contains(.contractedPostNegation),
        after + 1 < tokens.count, tokens[after + 1].flags.contains(.participle)
      {
        return true
      }
      // "The A/B test was not run": a passive negation needs a participle after it;
      // "the bulb is not in a closed path" negates the predicate, not the subject.
      if flags.contains(.postNegation), after > lastToken + 1,
        tokens[after - 1].flags.contains(.beVerb), after + 1 < tokens.count,
        tokens[after + 1].flags.contains(.participle)
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
  /// (Evidence ranges use the offsets precomputed per token; this is for other positions.)
  public func scalarOffset(ofByte byte: Int) -> Int {
    var count = 0
    for index in 0..<min(byte, utf8.count) where utf8[index] & 0xC0 != 0x80 { count += 1 }
    return count
  }
}

/// Long phrase words indexed so an answer word with one typo can find them cheaply.
///
/// A single edit cannot change both the first and the last letter of a word of six or more
/// letters, so candidates are looked up by (length, first byte) and (length, last byte).
/// Indexed words are all a–z, so the buckets are dense tables; a letter-set signature skips
/// most candidates before the byte comparison (one edit changes at most two letters of the set).
final class FuzzyVocabulary: Sendable {
  /// Stem ids of every phrase word.
  let stems: IdSet
  /// Indexed words (surfaces and stems), back to back.
  private let surfaceBytes: [UInt8]
  private let surfaceStart: [Int]
  private let surfaceLength: [Int]
  private let surfaceLetters: [UInt32]
  /// The stem id each indexed word stands for.
  private let surfaceStem: [Int32]
  /// Indexed words by bucket, in the order they were added; `bucketStart` has one more
  /// element than there are buckets.
  private let firstBucketStart: [Int]
  private let firstBucketEntries: [Int]
  private let lastBucketStart: [Int]
  private let lastBucketEntries: [Int]
  /// One more than the longest length a bucket is kept for.
  private let lengthLimit: Int

  private static let minimumLength = 6

  init(patterns: [PhrasePattern]) {
    var stemIds: [Int32] = []
    var seen: Set<String> = []
    var bytesOut: [UInt8] = []
    var starts: [Int] = []
    var lengths: [Int] = []
    var letters: [UInt32] = []
    var stemsOut: [Int32] = []
    for pattern in patterns {
      for ((surface, stem), stemId) in zip(zip(pattern.surfaces, pattern.terms), pattern.termIds) {
        stemIds.append(stemId)
        // Index the word as written and its stem ("retrainng" → "retrainng" vs "retrain").
        for form in [surface, stem] {
          let bytes = Array(form.utf8)
          guard bytes.count >= Self.minimumLength, !seen.contains(form), bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A })
          else { continue }
          seen.insert(form)
          starts.append(bytesOut.count)
          lengths.append(bytes.count)
          letters.append(Self.letters(of: bytes))
          stemsOut.append(stemId)
          bytesOut += bytes
        }
      }
    }
    stems = IdSet(stemIds)
    surfaceBytes = bytesOut
    surfaceStart = starts
    surfaceLength = lengths
    surfaceLetters = letters
    surfaceStem = stemsOut
    let limit = (lengths.max() ?? 0) + 1
    lengthLimit = limit
    func buckets(_ byte: (Int) -> UInt8) -> (start: [Int], entries: [Int]) {
      var counts = [Int](repeating: 0, count: limit * 26 + 1)
      for entry in lengths.indices { counts[Self.bucket(lengths[entry], byte(entry)) + 1] += 1 }
      for index in 1..<counts.count { counts[index] += counts[index - 1] }
      var fill = counts
      var entries = [Int](repeating: 0, count: lengths.count)
      for entry in lengths.indices {
        let key = Self.bucket(lengths[entry], byte(entry))
        entries[fill[key]] = entry
        fill[key] += 1
      }
      return (counts, entries)
    }
    let first = buckets { bytesOut[starts[$0]] }
    let last = buckets { bytesOut[starts[$0] + lengths[$0] - 1] }
    firstBucketStart = first.start
    firstBucketEntries = first.entries
    lastBucketStart = last.start
    lastBucketEntries = last.entries
  }

  private static func bucket(_ length: Int, _ byte: UInt8) -> Int { length * 26 + Int(byte &- 0x61) }

  private static func letters(of bytes: some Sequence<UInt8>) -> UInt32 {
    var set: UInt32 = 0
    for byte in bytes where byte >= 0x61 && byte <= 0x7A { set |= 1 << UInt32(byte - 0x61) }
    return set
  }

  /// Text id → corrected stem id or -1, for words already looked up: answers repeat words.
  private let memo = Mutex<[Int32: Int32]>([:])

  /// For each of `tokens` at `indices`, the stem id of the phrase word it is one edit away
  /// from, or -1.
  func corrections(for tokens: [Token], at indices: [Int]) -> [Int32] {
    memo.withLock { memo in
      indices.map { index in
        let token = tokens[index]
        if let known = memo[token.textId] { return known }
        let found = correction(for: token.text, stem: token.stem) ?? -1
        if memo.count >= 100_000 { memo.removeAll(keepingCapacity: true) }
        memo[token.textId] = found
        return found
      }
    }
  }

  /// The stem id of the phrase word `word` is one edit away from, if any.
  func correction(for word: String, stem: String) -> Int32? {
    if let found = correction(for: word) { return found }
    return word == stem ? nil : correction(for: stem)
  }

  private func correction(for form: String) -> Int32? {
    var form = form
    return form.withUTF8 { query -> Int32? in
      let count = query.count
      guard count >= Self.minimumLength, count - 1 < lengthLimit else { return nil }
      let first = query[0]
      let last = query[count - 1]
      let firstIsLetter = first >= 0x61 && first <= 0x7A
      let lastIsLetter = last >= 0x61 && last <= 0x7A
      guard firstIsLetter || lastIsLetter else { return nil }
      let queryLetters = Self.letters(of: query)
      return surfaceBytes.withUnsafeBufferPointer { all -> Int32? in
        for length in (count - 1)...(count + 1) where length < lengthLimit {
          for isFirst in [true, false] where isFirst ? firstIsLetter : lastIsLetter {
            let key = Self.bucket(length, isFirst ? first : last)
            let starts = isFirst ? firstBucketStart : lastBucketStart
            let entries = isFirst ? firstBucketEntries : lastBucketEntries
            for slot in starts[key]..<starts[key + 1] {
              let entry = entries[slot]
              guard (surfaceLetters[entry] ^ queryLetters).nonzeroBitCount <= 2 else { continue }
              let surface = UnsafeBufferPointer(rebasing: all[surfaceStart[entry]..<(surfaceStart[entry] + length)])
              if withinOneEdit(query, surface) { return surfaceStem[entry] }
            }
          }
        }
        return nil
      }
    }
  }
}

/// A fixed set of word ids.
struct IdSet: Sendable {
  private let map: IdMap

  init(_ ids: [Int32]) {
    var map = IdMap(capacity: ids.count)
    for id in ids { map.set(0, for: id) }
    self.map = map
  }

  func contains(_ id: Int32) -> Bool { map.contains(id) }
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of adjacent letters.
func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in withinOneEdit(a, b) } }
}

func withinOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
  let la = a.count
  let lb = b.count
  if abs(la - lb) > 1 { return false }
  // A dropped or added letter in a short word is too often another real word
  // ("tracked"/"traced", "asking"/"masking"): length changes need seven letters.
  if la != lb && min(la, lb) < 7 { return false }
  var i = 0
  while i < la, i < lb, a[i] == b[i] { i += 1 }
  if i == la && i == lb { return true }
  /// True when a[from...] equals b[from + shift...] to the end of `a`.
  func restEqual(_ from: Int, _ shift: Int) -> Bool {
    var k = from
    while k < la {
      if a[k] != b[k + shift] { return false }
      k += 1
    }
    return true
  }
  if la == lb {
    // substitution: rest equal after i; transposition: swapped pair then rest equal.
    if restEqual(i + 1, 0) { return true }
    if i + 1 < la, a[i] == b[i + 1], a[i + 1] == b[i], restEqual(i + 2, 0) { return true }
    return false
  }
  if la > lb {
    // a has the extra byte at i: a[i+1...] == b[i...]
    var k = i + 1
    while k < la {
      if a[k] != b[k - 1] { return false }
      k += 1
    }
    return true
  }
  // b has the extra byte at i: a[i...] == b[i+1...]
  return restEqual(i, 1)
}
