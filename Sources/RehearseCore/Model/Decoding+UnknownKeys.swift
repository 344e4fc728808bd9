/// A coding key for any string, used to list the keys a document actually has.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
  public var stringValue: String
  public var intValue: Int?
  public init(_ string: String) {
    stringValue = string
    intValue = nil
  }
  public init?(stringValue: String) { self.init(stringValue) }
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
      let suggestion = allowed.min { editDistance($0, key.stringValue) < editDistance($1, key.stringValue) }
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

/// Levenshtein distance between two short strings (keys, ids).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.utf8)
  let b = Array(b.utf8)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
