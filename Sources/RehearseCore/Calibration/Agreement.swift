/// A statistic that may be undefined for the data at hand.
///
/// Pearson's r and kappa are undefined for a single answer or when one grader gave every
/// answer the same value; then `value` is nil and `reason` says why. Encoded as
/// `{"value": 0.82}` or `{"value": null, "reason": "…"}`, never as NaN.
public struct Figure: Codable, Sendable, Equatable {
  /// The figure, or nil when it is undefined for these inputs.
  public var value: Double?
  /// Why the figure is undefined ("needs at least 2 answers, got 1"); nil when it has a value.
  public var reason: String?

  /// A defined figure.
  public init(_ value: Double) {
    self.value = value
    reason = nil
  }

  /// An undefined figure and why, shown to the user in its place.
  public init(undefined reason: String) {
    value = nil
    self.reason = reason
  }

  enum CodingKeys: String, CodingKey { case value, reason }

  /// Writes `value` always (null when undefined) and `reason` only when there is one.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(value, forKey: .value)
    try c.encodeIfPresent(reason, forKey: .reason)
  }
}

/// A count out of a total, with its share (0–1).
public struct Share: Codable, Sendable, Equatable {
  /// How many items were counted.
  public var count: Int
  /// How many items there were in all.
  public var total: Int
  /// Nil when `total` is 0.
  public var share: Double?

  /// `count` out of `total`; ``share`` is computed (nil when `total` is 0).
  public init(count: Int, total: Int) {
    self.count = count
    self.total = total
    share = total > 0 ? Double(count) / Double(total) : nil
  }

  enum CodingKeys: String, CodingKey { case count, total, share }

  /// Writes all three keys, `share` as null when `total` is 0.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(count, forKey: .count)
    try c.encode(total, forKey: .total)
    try c.encode(share, forKey: .share)
  }
}

/// Agreement statistics between two graders. Pure functions of their inputs.
public enum AgreementMath {
  /// Pearson's correlation coefficient of paired values.
  ///
  /// Undefined (with a reason) for fewer than two pairs or when either side has no variance.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Figure {
    let n = min(x.count, y.count)
    guard n >= 2 else { return Figure(undefined: "needs at least 2 answers, got \(n)") }
    let meanX = x.prefix(n).reduce(0, +) / Double(n)
    let meanY = y.prefix(n).reduce(0, +) / Double(n)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for index in 0..<n {
      let dx = x[index] - meanX
      let dy = y[index] - meanY
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    if sxx < 1e-12 && syy < 1e-12 {
      return Figure(undefined: "both graders gave every answer the same score")
    }
    if sxx < 1e-12 { return Figure(undefined: "the first grader gave every answer the same score") }
    if syy < 1e-12 { return Figure(undefined: "the second grader gave every answer the same score") }
    return Figure(clamped(sxy / (sxx * syy).squareRoot()))
  }

  /// Cohen's kappa with quadratic weights on ordinal categories `0..<categories`.
  ///
  /// κ = 1 − Σ w·O / Σ w·E with w(i, j) = (i − j)² / (k − 1)², O the observed and E the
  /// expected (by chance, from the marginals) proportions. Undefined for fewer than two
  /// pairs, and when chance disagreement is zero (both graders used one and the same
  /// category throughout: agreement is perfect but carries no information).
  public static func quadraticWeightedKappa(_ a: [Int], _ b: [Int], categories: Int) -> Figure {
    let n = min(a.count, b.count)
    guard n >= 2 else { return Figure(undefined: "needs at least 2 answers, got \(n)") }
    guard categories >= 2 else { return Figure(undefined: "needs at least 2 bands, got \(categories)") }
    let k = categories
    var observed = Array(repeating: Array(repeating: 0.0, count: k), count: k)
    var rows = Array(repeating: 0.0, count: k)
    var columns = Array(repeating: 0.0, count: k)
    for index in 0..<n {
      let i = min(max(a[index], 0), k - 1)
      let j = min(max(b[index], 0), k - 1)
      observed[i][j] += 1
      rows[i] += 1
      columns[j] += 1
    }
    let scale = Double((k - 1) * (k - 1))
    var weightedObserved = 0.0
    var weightedExpected = 0.0
    for i in 0..<k {
      for j in 0..<k {
        let weight = Double((i - j) * (i - j)) / scale
        weightedObserved += weight * observed[i][j] / Double(n)
        weightedExpected += weight * rows[i] * columns[j] / Double(n * n)
      }
    }
    guard weightedExpected > 1e-12 else {
      return Figure(undefined: "both graders gave every answer the same band; kappa is undefined without variation")
    }
    return Figure(clamped(1 - weightedObserved / weightedExpected, lower: -1))
  }

  /// Mean of `x − y`; undefined when empty.
  public static func meanDifference(_ x: [Double], _ y: [Double]) -> Figure {
    let n = min(x.count, y.count)
    guard n > 0 else { return Figure(undefined: "no answers") }
    return Figure((0..<n).map { x[$0] - y[$0] }.reduce(0, +) / Double(n))
  }

  /// Mean of `|x − y|`; undefined when empty.
  public static func meanAbsoluteDifference(_ x: [Double], _ y: [Double]) -> Figure {
    let n = min(x.count, y.count)
    guard n > 0 else { return Figure(undefined: "no answers") }
    return Figure((0..<n).map { abs(x[$0] - y[$0]) }.reduce(0, +) / Double(n))
  }

  private static func clamped(_ value: Double, lower: Double = -1) -> Double {
    min(1, max(lower, value))
  }
}
