import Foundation

/// The time of day, injected so the practice loop can be tested with a clock it controls.
public protocol WallClock {
  func now() -> Date
}

/// The system clock.
public struct SystemClock: WallClock {
  public init() {}
  public func now() -> Date { Date() }
}
