/// A coding key for any string, used to list the keys a document actually has.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
  /// The key's text.
  public var stringValue: String
  /// The index, for keys made from an integer; nil otherwise.
  public var intValue: Int?
  /// A key for `string`.
  public init(_ string: String) {
    stringValue = string
    intValue = nil
  }
  /// A key for `stringValue`; never fails.
  public init?(stringValue: String) { self.init(stringValue) }
  /// A key for `intValue`, its text the number in decimal; never fails.
  public init?(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

extension Decoder {
  /// Throws when the mapping being decoded has a key the type does not know.
  ///
  /// Hand-written files are where typos hide (`hnit:` for `hint:`); silently ignoring them
  /// would drop the author's text. The error's coding path ends at the unknown key so the
  /// loader can point at its line.
  func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
    guard let container = try? container(keyedBy: AnyCodingKey.self) else { return }
    let allowed = Keys.allCases.map(\.stringValue)
    for key in container.allKeys where !allowed.contains(key.stringValue) {
      // Closest known key; among equals, prefer an anagram ("hnit" → "hint", not "hit").
      let typed = key.stringValue
      func rank(_ candidate: String) -> (Int, Int) {
        (editDistance(candidate, typed), candidate.sorted() == typed.sorted() ? 0 : 1)
      }
      let suggestion = allowed.min { rank($0) < rank($1) }
      var message = "unknown key '\(key.stringValue)'"
      if let suggestion, editDistance(suggestion, key.stringValue) <= 2 {
        message += "; did you mean '\(suggestion)'?"
      } else {
        message += "; expected one of: \(allowed.joined(separator: ", "))"
      }
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: codingPath + [key], debugDescription: message))
    }
  }
}

/// Edit distance between two short strings (keys, ids), counting a swap of two adjacent
/// letters as one edit (optimal string alignment).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.utf8)
  let b = Array(b.utf8)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { table[i][0] = i }
  for j in 0...b.count { table[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var best = Swift.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        best = Swift.min(best, table[i - 2][j - 2] + 1)
      }
      table[i][j] = best
    }
  }
  return table[a.count][b.count]
}
