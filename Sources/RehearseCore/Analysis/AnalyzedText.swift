/// An answer tokenised and indexed for matching against one compiled rubric.
public struct AnalyzedText: Sendable {
  /// The answer as given; byte offsets of tokens and evidence point into its UTF-8.
  public let text: String
  let tokens: [Token]
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
      (scalarStarts, scalarEnds) = Self.scalarOffsets(of: tokens, in: utf8)
    }

    /// Each token's start and end in Unicode scalars, for evidence ranges: as the tokenizer
    /// counted them, else one scalar per byte of ASCII text, else counted here.
    static func scalarOffsets(of tokens: [Token], in utf8: [UInt8]) -> ([Int], [Int]) {
      if tokens.allSatisfy({ $0.scalarStart >= 0 }) {
        return (tokens.map(\.scalarStart), tokens.map(\.scalarEnd))
      }
      var starts: [Int] = []
      var ends: [Int] = []
      starts.reserveCapacity(tokens.count)
      ends.reserveCapacity(tokens.count)
      var byte = 0
      var scalars = 0
      let ascii = utf8.allSatisfy { $0 < 0x80 }
      func advance(to target: Int) -> Int {
        let limit = min(max(target, 0), utf8.count)
        if ascii {
          byte = max(byte, limit)
          return byte
        }
        while byte < limit {
          if utf8[byte] & 0xC0 != 0x80 { scalars += 1 }
          byte += 1
        }
        return scalars
      }
      for token in tokens {
        starts.append(advance(to: token.start))
        ends.append(advance(to: token.end))
      }
      return (starts, ends)
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
    forEachMatch(
      termIds: pattern.termIds, keeps: pattern.keepsStopWords, source: pattern.source, index: index,
      sequence: pattern.keepsStopWords ? index.all : index.content,
      positions: pattern.keepsStopWords ? index.allPositions : index.contentPositions,
      typoPositions: index.typoPositions, body)
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
    for k in patterns {
      let keeps = table.keepsStopWords[k]
      let range = table.termStart[k]..<table.termStart[k + 1]
      // The usual case: the phrase's first word is absent, and nothing is copied.
      guard !range.isEmpty, (keeps ? allPositions : contentPositions).first(table.termIds[range.lowerBound]) >= 0
      else { continue }
      forEachMatch(
        termIds: Array(table.termIds[range]), keeps: keeps, source: table.sources[k], index: index,
        sequence: keeps ? all : content, positions: keeps ? allPositions : contentPositions,
        typoPositions: typoPositions, body)
    }
  }

  private func forEachMatch(
    termIds: [Int32], keeps: Bool, source: String, index: Index, sequence: [Int],
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
    var cursors = [Int32](repeating: -2, count: termIds.count)  // -2: looked up when first needed
    cursors[0] = head
    do {
      outer: while cursors[0] >= 0 {
        let start = positions.position(cursors[0])
        cursors[0] = positions.next(cursors[0])
        var previous = start
        var typo = !keeps && typoPositions[start]
        var gapNegated = false
        let sentence = tokens[sequence[start]].sentence
        for k in 1..<termIds.count {
          var node = cursors[k] == -2 ? positions.first(termIds[k]) : cursors[k]
          while node >= 0 && positions.position(node) <= previous { node = positions.next(node) }
          cursors[k] = node
          guard node >= 0 else { return }  // no later occurrence of this term: no more matches
          let next = positions.position(node)
          guard next <= previous + 1 + maxGap, tokens[sequence[next]].sentence == sentence else { continue outer }
          if !keeps && typoPositions[next] { typo = true }
          // "I did not learn" is no match for "I learned": the skipped word denies it.
          if next == previous + 2, tokens[sequence[previous + 1]].flags.contains(.negationTrigger) {
            gapNegated = true
          }
          previous = next
        }
        let firstToken = sequence[start]
        let lastToken = sequence[previous]
        body(
          PhraseMatch(
            firstToken: firstToken, lastToken: lastToken, viaTypo: typo,
            negated: detectsNegation && (gapNegated || isNegated(firstToken: firstToken, lastToken: lastToken)),
            pattern: source))
      }
    }
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
