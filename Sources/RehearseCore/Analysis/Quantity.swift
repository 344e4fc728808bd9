/// A number with a meaning an interviewer cares about.
public struct Quantity: Sendable, Equatable, Codable {
  /// What kind of number it is.
  public enum Kind: String, Sendable, Codable {
    /// "12%", "3 percentage points"
    case percentage
    /// "$2M", "€40k", "300 dollars"
    case currency
    /// "120 ms", "2 weeks", "3s"
    case duration
    /// "3x", "doubled", "halved"
    case multiplier
    /// "10k users", "2 million requests"
    case count
    /// Any other number.
    case number
  }
  /// Percentage, currency, duration, multiplier, count or plain number; see ``measuresChange``.
  public var kind: Kind
  /// The answer's own words.
  public var text: String
  var firstToken: Int
  var lastToken: Int

  /// Whether this kind, on its own, quantifies a result (an audience size alone does not).
  public var measuresChange: Bool {
    switch kind {
    case .percentage, .currency, .duration, .multiplier: true
    case .count, .number: false
    }
  }
}

/// Finds quantities in tokenised text.
public enum QuantityDetector {
  static let multiplierWords: Set<String> = [
    "doubled", "halved", "tripled", "quadrupled", "twice", "double", "triple", "halving", "doubling",
  ]
  static let durationUnits: Set<String> = [
    "ms", "millisecond", "milliseconds", "s", "sec", "secs", "second", "seconds", "min", "mins",
    "minute", "minutes", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month",
    "months", "quarter", "quarters", "year", "years", "sprint", "sprints",
  ]
  static let currencyWords: Set<String> = ["dollars", "dollar", "usd", "eur", "euros", "gbp", "pounds", "k$"]
  static let percentWords: Set<String> = ["percent", "pp", "pts", "bps", "percentage", "points", "basis"]
  static let countWords: Set<String> = ["k", "thousand", "million", "millions", "m", "billion", "bn", "b", "mm"]
  static let numberWords: Set<String> = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
    "billion", "dozen",
  ]
  /// Verbs that turn a bare number into a measured change ("reduced ... by 40").
  static let changeWords: Set<String> = [
    "increased", "decreased", "reduced", "improved", "dropped", "grew", "cut", "raised", "lifted",
    "boosted", "lowered", "fell", "rose", "saved", "gained", "lost", "went", "jumped", "climbed",
    "declined", "shrank", "increase", "decrease", "reduction", "improvement", "drop", "lift",
    "uplift", "gain", "savings", "from",
  ]

  /// Every quantity in `tokens`, in order.
  public static func quantities(in tokens: [Token], text: String) -> [Quantity] {
    quantities(in: tokens, utf8: Array(text.utf8))
  }

  static func quantities(in tokens: [Token], utf8: [UInt8]) -> [Quantity] {
    var found: [Quantity] = []
    func words(_ a: Int, _ b: Int) -> String {
      String(decoding: utf8[tokens[a].start..<tokens[b].end], as: UTF8.self)
    }
    var index = 0
    while index < tokens.count {
      let flags = tokens[index].flags
      if flags.contains(.multiplierWord) {
        found.append(Quantity(kind: .multiplier, text: words(index, index), firstToken: index, lastToken: index))
        index += 1
        continue
      }
      guard tokens[index].isNumeric || flags.contains(.numberWord) else {
        index += 1
        continue
      }
      let hasNext = index + 1 < tokens.count
      let next = hasNext ? tokens[index + 1].text : ""
      // The empty string is in none of the word lists.
      let nextFlags: Lexicon.Flags = hasNext ? tokens[index + 1].flags : []
      var kind: Quantity.Kind = .number
      var last = index
      let shape = flags
      if shape.contains(.percentSuffix) {
        kind = .percentage
      } else if shape.contains(.currencyPrefix) {
        kind = .currency
      } else if shape.contains(.multiplierShape) {
        kind = .multiplier
      } else if shape.contains(.durationUnitSuffix) {
        kind = .duration
      } else if shape.contains(.percentUnitSuffix) {
        kind = .percentage
      } else if nextFlags.contains(.percentWord) {
        kind = .percentage
        last = index + 1
      } else if nextFlags.contains(.currencyWord) {
        kind = .currency
        last = index + 1
      } else if nextFlags.contains(.durationUnit) {
        kind = .duration
        last = index + 1
      } else if next == "x" || next == "times" {
        kind = .multiplier
        last = index + 1
      } else if nextFlags.contains(.countWord) || shape.contains(.countSuffix) {
        kind = .count
        if nextFlags.contains(.countWord) { last = index + 1 }
      } else if shape.contains(.year) {
        // A year is not a quantity.
        index += 1
        continue
      }
      found.append(Quantity(kind: kind, text: words(index, last), firstToken: index, lastToken: last))
      index = last + 1
    }
    return found
  }

  /// What the text of a token says about it as a number, before its neighbours are looked at.
  /// Computed once per word by the lexicon.
  static func shape(of t: String) -> Lexicon.Flags {
    var shape: Lexicon.Flags = []
    if t.hasSuffix("%") { shape.insert(.percentSuffix) }
    if t.hasPrefix("$") || t.hasPrefix("€") || t.hasPrefix("£") || t.hasPrefix("¥") { shape.insert(.currencyPrefix) }
    if t.last == "x", t.dropLast().allSatisfy({ $0.isNumber || $0 == "." }) { shape.insert(.multiplierShape) }
    switch unitSuffix(of: t) {
    case .duration: shape.insert(.durationUnitSuffix)
    case .percentage: shape.insert(.percentUnitSuffix)
    default: break
    }
    if t.hasSuffix("k") || t.hasSuffix("m") || t.hasSuffix("b") { shape.insert(.countSuffix) }
    if let value = Int(t), (1900...2100).contains(value) { shape.insert(.year) }
    return shape
  }

  private static func unitSuffix(of token: String) -> Quantity.Kind? {
    guard let firstLetter = token.firstIndex(where: { $0.isLetter }), firstLetter != token.startIndex else {
      return nil
    }
    let unit = String(token[firstLetter...])
    if ["ms", "s", "sec", "min", "h", "hr", "hrs", "d", "w", "wk", "wks", "mo"].contains(unit) { return .duration }
    if ["pp", "bps", "pts"].contains(unit) { return .percentage }
    return nil
  }

  /// True when a bare number sits near a change verb ("cut review time by 40").
  static func isNearChange(_ quantity: Quantity, in tokens: [Token]) -> Bool {
    let low = max(0, quantity.firstToken - 5)
    let high = min(tokens.count - 1, quantity.lastToken + 2)
    guard low <= high else { return false }
    for index in low...high where tokens[index].sentence == tokens[quantity.firstToken].sentence {
      if tokens[index].flags.contains(.changeWord) { return true }
    }
    return false
  }
}
