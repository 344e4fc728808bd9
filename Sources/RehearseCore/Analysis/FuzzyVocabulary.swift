import Synchronization

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
    let query = Array(form.utf8)
    let count = query.count
    guard count >= Self.minimumLength, count - 1 < lengthLimit else { return nil }
    let first = query[0]
    let last = query[count - 1]
    let firstIsLetter = first >= 0x61 && first <= 0x7A
    let lastIsLetter = last >= 0x61 && last <= 0x7A
    guard firstIsLetter || lastIsLetter else { return nil }
    let queryLetters = Self.letters(of: query)
    for length in (count - 1)...(count + 1) where length < lengthLimit {
      for isFirst in [true, false] where isFirst ? firstIsLetter : lastIsLetter {
        let key = Self.bucket(length, isFirst ? first : last)
        let starts = isFirst ? firstBucketStart : lastBucketStart
        let entries = isFirst ? firstBucketEntries : lastBucketEntries
        for slot in starts[key]..<starts[key + 1] {
          let entry = entries[slot]
          // The letter-set signature rules out most candidates before any bytes are copied.
          guard (surfaceLetters[entry] ^ queryLetters).nonzeroBitCount <= 2 else { continue }
          let surface = Array(surfaceBytes[surfaceStart[entry]..<(surfaceStart[entry] + length)])
          if withinOneEdit(query, surface) { return surfaceStem[entry] }
        }
      }
    }
    return nil
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
    // A changed letter in a six-letter word is too often another real word ("reason" /
    // "season", "matric" / "metric"): substitutions need seven letters.
    if la >= 7, restEqual(i + 1, 0) { return true }
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
