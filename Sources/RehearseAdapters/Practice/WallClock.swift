import Foundation

/// The time of day, injected so the practice loop can be tested with a clock it controls.
public protocol WallClock {
  func now() -> Date
}

/// The system clock.
public struct SystemClock: WallClock {
  /// The system clock; the product's only clock (tests inject a fixed one).
  public init() {}
  /// The current time, from `Date()`.
  public func now() -> Date { Date() }
}
