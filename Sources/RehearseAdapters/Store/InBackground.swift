import Foundation
import Synchronization

/// Work started on a thread of its own, whose result the caller collects when it needs it.
public final class InBackground<Value: Sendable>: Sendable {
  private let result = Mutex<Value?>(nil)
  private let finished = DispatchSemaphore(value: 0)

  /// Starts `work` on a thread of its own.
  public init(_ work: @escaping @Sendable () -> Value) {
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      let value = work()
      result.withLock { $0 = value }
      finished.signal()
    }
  }

  /// The result, once the work is done (waits until then); read it once.
  public var value: Value {
    finished.wait()
    guard let value = result.withLock({ $0.take() }) else { preconditionFailure("InBackground.value read twice") }
    return value
  }
}
