import CStemmer
import Synchronization

/// Snowball English stemming ("metrics" → "metric", "latency" → "latenc"), memoised.
///
/// Stems are for matching only: never show one to a user; show the words they wrote.
/// One instance is safe to share between threads (the C stemmer sits behind a lock).
/// Every word it has seen is kept in a lexicon, numbered for the life of the instance.
public final class Stemmer: Sendable {
  private struct State: ~Copyable {
    var stemmer: OpaquePointer?
    var lexicon = Lexicon()

    /// Runs Snowball on one lower-case word; words with digits or symbols come back unchanged.
    static func snowball(_ word: String, _ stemmer: OpaquePointer?) -> String {
      guard let stemmer, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 || $0 >= 0x80 }) else {
        return word
      }
      let bytes = Array(word.utf8)
      let stemmed = bytes.withUnsafeBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress,
          let out = sb_stemmer_stem(stemmer, base, Int32(buffer.count))
        else { return nil }
        let length = Int(sb_stemmer_length(stemmer))
        return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
      }
      if let stemmed, !stemmed.isEmpty { return stemmed }
      return word
    }
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
      let id = state.lexicon.intern(word)
      let stemmer = state.stemmer
      let stemId = state.lexicon.snowballStem(of: id) { State.snowball($0, stemmer) }
      return state.lexicon.string(stemId)
    }
  }

  /// A word for ``entries(for:in:)``: ASCII bytes of the text to lower-case, or the
  /// normalised lower-case text itself.
  enum Word {
    case ascii(Range<Int>)
    case text(String)
  }

  /// Lexicon entries for a batch of words of `bytes`, under one lock.
  func entries(for words: [Word], in bytes: [UInt8]) -> [Lexicon.Entry] {
    state.withLock { state in
      let stemmer = state.stemmer
      return words.map { word in
        let id: Int32
        switch word {
        case .ascii(let range): id = state.lexicon.intern(lowercasing: range, of: bytes)
        case .text(let text): id = state.lexicon.intern(text)
        }
        return state.lexicon.entry(for: id) { State.snowball($0, stemmer) }
      }
    }
  }
}
