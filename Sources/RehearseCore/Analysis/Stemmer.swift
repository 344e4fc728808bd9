import CStemmer
import Synchronization

/// Snowball English stemming ("metrics" → "metric", "latency" → "latenc"), memoised.
///
/// Stems are for matching only: never show one to a user; show the words they wrote.
/// One instance is safe to share between threads (the C stemmer sits behind a lock).
public final class Stemmer: Sendable {
  private struct State: ~Copyable {
    var stemmer: OpaquePointer?
    var cache: [String: String] = [:]
  }

  private let state: Mutex<State>

  /// The process-wide English stemmer.
  public static let english = Stemmer()

  /// Creates an English stemmer. Falls back to identity stemming if libstemmer cannot start.
  public init() {
    state = Mutex(State(stemmer: sb_stemmer_new("english", "UTF_8")))
  }

  deinit {
    state.withLock { state in
      if let stemmer = state.stemmer { sb_stemmer_delete(stemmer) }
    }
  }

  /// The stem of a lower-case word. Words with digits or symbols are returned unchanged.
  public func stem(_ word: String) -> String {
    state.withLock { state in
      if let cached = state.cache[word] { return cached }
      var result = word
      if let stemmer = state.stemmer, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 || $0 >= 0x80 }) {
        let bytes = Array(word.utf8)
        let stemmed = bytes.withUnsafeBufferPointer { buffer -> String? in
          guard let base = buffer.baseAddress,
            let out = sb_stemmer_stem(stemmer, base, Int32(buffer.count))
          else { return nil }
          let length = Int(sb_stemmer_length(stemmer))
          return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
        if let stemmed, !stemmed.isEmpty { result = stemmed }
      }
      if state.cache.count > 200_000 { state.cache.removeAll(keepingCapacity: true) }
      state.cache[word] = result
      return result
    }
  }
}
