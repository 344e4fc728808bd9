/// Every word a stemmer has seen, numbered once, with what the analysis needs to know about it.
///
/// Interning turns each token's text into a dense id with one string lookup; everything after
/// (stems, stop words, negation triggers, pronouns, quantity words) is array indexing and bit
/// tests instead of hashing the same text again. Each ``Stemmer`` owns one (so each ``Scorer``
/// does: no process-wide state); it only grows, so ids are stable and a rubric compiled and
/// the answers scored by one scorer agree on them. It holds each distinct word once: a few hundred kilobytes for a large corpus.
struct Lexicon {
  /// What a word is, as far as the analysis cares. Depends on the text only.
  struct Flags: OptionSet, Sendable, Hashable {
    let rawValue: UInt32

    static let stopWord = Flags(rawValue: 1 << 0)
    /// Opens a negation scope: a listed trigger or any "…n't".
    static let negationTrigger = Flags(rawValue: 1 << 1)
    static let scopeTerminator = Flags(rawValue: 1 << 2)
    static let postNegation = Flags(rawValue: 1 << 3)
    /// A post-negation ending in "n't" ("wasn't").
    static let contractedPostNegation = Flags(rawValue: 1 << 4)
    static let beVerb = Flags(rawValue: 1 << 5)
    static let participle = Flags(rawValue: 1 << 6)
    static let firstPersonSingular = Flags(rawValue: 1 << 7)
    static let firstPersonPlural = Flags(rawValue: 1 << 8)
    static let multiplierWord = Flags(rawValue: 1 << 9)
    static let numberWord = Flags(rawValue: 1 << 10)
    static let durationUnit = Flags(rawValue: 1 << 11)
    static let currencyWord = Flags(rawValue: 1 << 12)
    static let percentWord = Flags(rawValue: 1 << 13)
    static let countWord = Flags(rawValue: 1 << 14)
    static let changeWord = Flags(rawValue: 1 << 15)
    /// The first word of a listed filler or hedge phrase.
    static let fillerStart = Flags(rawValue: 1 << 16)
    /// The first word of a listed buzzword phrase.
    static let buzzwordStart = Flags(rawValue: 1 << 17)
    /// Shapes of a number token, from its text alone (see ``QuantityDetector``): "12%",
    /// "$2m", "3x", "120ms", "3pp", "10k", "2024".
    static let percentSuffix = Flags(rawValue: 1 << 18)
    static let currencyPrefix = Flags(rawValue: 1 << 19)
    static let multiplierShape = Flags(rawValue: 1 << 20)
    static let durationUnitSuffix = Flags(rawValue: 1 << 21)
    static let percentUnitSuffix = Flags(rawValue: 1 << 22)
    static let countSuffix = Flags(rawValue: 1 << 23)
    static let year = Flags(rawValue: 1 << 24)

    /// The flags of a lower-case word.
    static func of(_ word: String) -> Flags {
      var flags: Flags = []
      if Vocabulary.stopWords.contains(word) { flags.insert(.stopWord) }
      let contracted = word.hasSuffix("n't")
      if Vocabulary.negationTriggers.contains(word) || contracted { flags.insert(.negationTrigger) }
      if Vocabulary.scopeTerminators.contains(word) { flags.insert(.scopeTerminator) }
      if Vocabulary.postNegations.contains(word) {
        flags.insert(.postNegation)
        if contracted { flags.insert(.contractedPostNegation) }
      }
      if Vocabulary.beVerbs.contains(word) { flags.insert(.beVerb) }
      if Vocabulary.isParticiple(word) { flags.insert(.participle) }
      if Vocabulary.firstPersonSingular.contains(word) { flags.insert(.firstPersonSingular) }
      if Vocabulary.firstPersonPlural.contains(word) { flags.insert(.firstPersonPlural) }
      if QuantityDetector.multiplierWords.contains(word) { flags.insert(.multiplierWord) }
      if QuantityDetector.numberWords.contains(word) { flags.insert(.numberWord) }
      if QuantityDetector.durationUnits.contains(word) { flags.insert(.durationUnit) }
      if QuantityDetector.currencyWords.contains(word) { flags.insert(.currencyWord) }
      if QuantityDetector.percentWords.contains(word) { flags.insert(.percentWord) }
      if QuantityDetector.countWords.contains(word) { flags.insert(.countWord) }
      if QuantityDetector.changeWords.contains(word) { flags.insert(.changeWord) }
      if StructureAnalyzer.fillerIndex.hasPhrase(startingWith: word) { flags.insert(.fillerStart) }
      if StructureAnalyzer.buzzwordIndex.hasPhrase(startingWith: word) { flags.insert(.buzzwordStart) }
      flags.formUnion(QuantityDetector.shape(of: word))
      return flags
    }
  }

  /// What the tokenizer needs about one word.
  struct Entry {
    var id: Int32
    /// The word itself.
    var text: String
    /// Id of the token stem of the word as a word (number words → digits, else Snowball).
    var stemId: Int32
    var stem: String
    var flags: Flags
  }

  /// Open-addressing table of ids by FNV-1a hash of the UTF-8 (cheaper than SipHash for
  /// short words); -1 marks an empty slot. Never more than half full.
  private var slots = [Int32](repeating: -1, count: 1 << 12)
  /// 64 minus log2 of the table size: `home(_:)` keeps the top bits of the mixed hash.
  private var shift: UInt64 = 64 - 12
  private var hashes: [UInt64] = []
  private var strings: [String] = []
  /// The UTF-8 of every word, back to back, and where each starts; compared against the bytes
  /// of an ASCII token so a known word needs no new `String`.
  private var utf8: [UInt8] = []
  private var utf8Start: [Int] = [0]
  private var flags: [Flags] = []
  /// Snowball stem id per id; -1 until first asked for.
  private var snowballStems: [Int32] = []
  /// Token stem id per id; -1 until first asked for.
  private var tokenStems: [Int32] = []

  var count: Int { strings.count }

  private static func hash(_ word: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  @inline(__always)
  private static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

  @inline(__always)
  private func home(_ hash: UInt64) -> Int {
    // FNV's low bits mix poorly; Fibonacci hashing spreads the whole hash over the table.
    Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The id of `word`, adding it if new.
  mutating func intern(_ word: String) -> Int32 {
    let hash = Self.hash(word)
    let mask = slots.count - 1
    var slot = home(hash)
    while true {
      let id = slots[slot]
      if id < 0 { break }
      if hashes[Int(id)] == hash && strings[Int(id)] == word { return id }
      slot = (slot + 1) & mask
    }
    return insert(word, hash: hash, slot: slot)
  }

  /// The id of the lower-cased ASCII `bytes[range]`, adding it if new.
  mutating func intern(lowercasing range: Range<Int>, of bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBufferPointer { intern(lowercasing: range, of: $0) }
  }

  /// The id of the lower-cased ASCII `bytes[range]`, adding it if new.
  mutating func intern(lowercasing range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in range { hash = (hash ^ UInt64(Self.lowercased(bytes[index]))) &* 0x100_0000_01b3 }
    let found = find(lowercasing: range, of: bytes, hash: hash)
    if found.id >= 0 { return found.id }
    let word = String(unsafeUninitializedCapacity: range.count) { buffer in
      for (offset, index) in range.enumerated() { buffer[offset] = Self.lowercased(bytes[index]) }
      return range.count
    }
    return insert(word, hash: hash, slot: found.slot)
  }

  /// The id of the lower-cased ASCII `bytes[range]` with FNV hash `hash`, or -1 and the empty
  /// slot where it would go. Reads every table through one buffer pointer each.
  private func find(lowercasing range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (
    id: Int32, slot: Int
  ) {
    let mask = slots.count - 1
    var slot = home(hash)
    let length = range.count
    return slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        utf8Start.withUnsafeBufferPointer { starts in
          utf8.withUnsafeBufferPointer { stored in
            while true {
              let id = Int(slots[slot])
              if id < 0 { return (-1, slot) }
              if hashes[id] == hash && starts[id + 1] - starts[id] == length {
                var offset = starts[id]
                var same = true
                for index in range {
                  if stored[offset] != Self.lowercased(bytes[index]) {
                    same = false
                    break
                  }
                  offset += 1
                }
                if same { return (Int32(id), slot) }
              }
              slot = (slot + 1) & mask
            }
          }
        }
      }
    }
  }

  private mutating func insert(_ word: String, hash: UInt64, slot: Int) -> Int32 {
    let id = Int32(strings.count)
    slots[slot] = id
    hashes.append(hash)
    strings.append(word)
    utf8 += word.utf8
    utf8Start.append(utf8.count)
    flags.append(Flags.of(word))
    snowballStems.append(-1)
    tokenStems.append(-1)
    if strings.count * 2 > slots.count { grow() }
    return id
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: slots.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for (id, hash) in hashes.enumerated() {
      var slot = home(hash)
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(id)
    }
  }

  func string(_ id: Int32) -> String { strings[Int(id)] }

  /// The Snowball stem id of word `id`, computing it with `stem` the first time.
  mutating func snowballStem(of id: Int32, using stem: (String) -> String) -> Int32 {
    let known = snowballStems[Int(id)]
    if known >= 0 { return known }
    let stemId = intern(stem(strings[Int(id)]))
    snowballStems[Int(id)] = stemId
    return stemId
  }

  /// The token stem id and flags of word `id`, with `stem` as the Snowball stemmer the first
  /// time the word is seen.
  @inline(__always)
  mutating func stemAndFlags(of id: Int32, using stem: (String) -> String) -> (stemId: Int32, flags: Flags) {
    let known = tokenStems[Int(id)]
    if known >= 0 { return (known, flags[Int(id)]) }
    return (entry(for: id, using: stem).stemId, flags[Int(id)])
  }

  /// Everything the tokenizer needs about word `id`, with `stem` as the Snowball stemmer.
  mutating func entry(for id: Int32, using stem: (String) -> String) -> Entry {
    let word = strings[Int(id)]
    var stemId = tokenStems[Int(id)]
    if stemId < 0 {
      if let digits = Tokenizer.numberWords[word] {
        stemId = intern(digits)
      } else {
        stemId = snowballStem(of: id, using: stem)
      }
      tokenStems[Int(id)] = stemId
    }
    return Entry(id: id, text: word, stemId: stemId, stem: strings[Int(stemId)], flags: flags[Int(id)])
  }
}

/// A map from word ids to small integers, by open addressing: no `Hasher`, no per-key boxing.
///
/// For per-answer indexes (a few hundred keys), where `Dictionary<Int32, …>` spends most of
/// its time seeding and finalising SipHash.
struct IdMap {
  private var keys: [Int32]
  private var values: [Int32]
  private let mask: Int
  private let shift: UInt64

  /// A map with room for `capacity` keys without growing (it never grows).
  init(capacity: Int) {
    var size = 8
    var bits: UInt64 = 3
    while size < capacity * 2 {
      size <<= 1
      bits += 1
    }
    keys = [Int32](repeating: -1, count: size)
    values = [Int32](repeating: 0, count: size)
    mask = size - 1
    shift = 64 - bits
  }

  @inline(__always)
  private func home(_ key: Int32) -> Int {
    Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot holding `key`, or the empty slot where it would go.
  @inline(__always)
  private func slot(of key: Int32) -> Int {
    var index = home(key)
    while true {
      let found = keys[index]
      if found == key || found < 0 { return index }
      index = (index + 1) & mask
    }
  }

  /// The value for `key` (a non-negative id), if present.
  @inline(__always)
  func value(for key: Int32) -> Int32? {
    let index = slot(of: key)
    return keys[index] == key ? values[index] : nil
  }

  func contains(_ key: Int32) -> Bool { value(for: key) != nil }

  /// The value for `key`, setting it to `value` first if absent. The map must not hold more
  /// than its capacity.
  mutating func value(for key: Int32, orInsert value: Int32) -> Int32 {
    let index = slot(of: key)
    if keys[index] == key { return values[index] }
    keys[index] = key
    values[index] = value
    return value
  }

  /// Sets the value for `key`. The map must not hold more than its capacity.
  mutating func set(_ value: Int32, for key: Int32) {
    let index = slot(of: key)
    keys[index] = key
    values[index] = value
  }
}

/// Positions of each stem in a token sequence, in increasing order.
///
/// Every stem's positions sit together in one flat array, each list ended by -1, so a node is
/// an index into that array and the next node is the one after it. A class so that matching a
/// pattern borrows the lists instead of retaining every array.
final class PositionIndex: Sendable {
  /// Numbers the stems of one text, for all the position indexes of that text.
  struct Lists {
    /// Stem id → list number.
    fileprivate var map: IdMap
    fileprivate(set) var count: Int32 = 0

    /// Room for `capacity` stems (it never grows).
    init(capacity: Int) {
      map = IdMap(capacity: capacity)
    }

    /// The list number of `stem`, numbering it if new.
    @inline(__always)
    mutating func list(for stem: Int32) -> Int32 {
      let list = map.value(for: stem, orInsert: count)
      if list == count { count += 1 }
      return list
    }
  }

  /// Collects positions by list number; ``PositionIndex/init(lists:_:)`` groups them.
  struct Builder {
    /// Per recorded position, in the order recorded: its list and the position.
    fileprivate var entryList: [Int32] = []
    fileprivate var entryPosition: [Int32] = []

    init(capacity: Int) {
      entryList.reserveCapacity(capacity)
      entryPosition.reserveCapacity(capacity)
    }

    /// Records `position` in `list`; positions of one list must be added in increasing order.
    @inline(__always)
    mutating func append(_ position: Int, list: Int32) {
      entryList.append(list)
      entryPosition.append(Int32(position))
    }
  }

  private let lists: IdMap
  /// Per list, the index in `nodePosition` of its first position, or -1 for an empty list.
  private let heads: [Int32]
  /// Positions grouped by list, in increasing order within a list, each list followed by -1.
  private let nodePosition: [Int32]

  init(lists: Lists, _ builder: Builder) {
    self.lists = lists.map
    let listCount = Int(lists.count)
    // Counting sort by list: stable, so each list keeps its increasing order.
    var heads = [Int32](repeating: 0, count: listCount)
    var total = 0
    nodePosition = [Int32](unsafeUninitializedCapacity: builder.entryList.count + listCount) { nodes, count in
      heads.withUnsafeMutableBufferPointer { heads in
        builder.entryList.withUnsafeBufferPointer { entryList in
          builder.entryPosition.withUnsafeBufferPointer { entryPosition in
            for list in entryList { heads[Int(list)] += 1 }
            // Start of each non-empty list, leaving a slot after each for its -1.
            var next: Int32 = 0
            for list in 0..<listCount {
              let length = heads[list]
              if length == 0 {
                heads[list] = -1
                continue
              }
              heads[list] = next
              next += length
              nodes.initializeElement(at: Int(next), to: -1)
              next += 1
            }
            total = Int(next)
            // `fill` walks each list from its head.
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: listCount) { fill in
              for list in 0..<listCount { fill.initializeElement(at: list, to: heads[list]) }
              for entry in 0..<entryList.count {
                let list = Int(entryList[entry])
                nodes.initializeElement(at: Int(fill[list]), to: entryPosition[entry])
                fill[list] += 1
              }
            }
          }
        }
      }
      count = total
    }
    self.heads = heads
  }

  /// The first node of `stem`'s list, or -1.
  @inline(__always)
  func first(_ stem: Int32) -> Int32 {
    guard let list = lists.value(for: stem) else { return -1 }
    return heads[Int(list)]
  }

  @inline(__always)
  func position(_ node: Int32) -> Int { Int(nodePosition[Int(node)]) }

  @inline(__always)
  func next(_ node: Int32) -> Int32 { nodePosition[Int(node) + 1] >= 0 ? node + 1 : -1 }

  /// The first position of `stem` after `previous` if it is at most `previous + 1 + gap`.
  @inline(__always)
  func position(of stem: Int32, after previous: Int, gap: Int) -> Int? {
    var node = first(stem)
    while node >= 0 {
      let position = Int(nodePosition[Int(node)])
      if position > previous { return position <= previous + 1 + gap ? position : nil }
      node = next(node)
    }
    return nil
  }
}
