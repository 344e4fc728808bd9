import CStemmer
import Synchronization

/// Snowball English stemming ("metrics" → "metric", "latency" → "latenc"), memoised.
///
/// Stems are for matching only: never show one to a user; show the words they wrote.
/// One instance is safe to share between threads (the C stemmer and the lexicon sit behind
/// locks). Each stemmer numbers the words it sees in a lexicon of its own, so a rubric and the
/// answers scored against it must go through the same stemmer: one ``Scorer`` compiles and
/// scores (it checks).
public final class Stemmer: Sendable {
  private struct State: ~Copyable {
    var stemmer: OpaquePointer?
  }

  private let state: Mutex<State>

  /// Every word this stemmer has seen, numbered. Always locked before `state`.
  private let lexicon = Mutex(Lexicon())

  /// Creates an English stemmer. Falls back to identity stemming if libstemmer cannot start.
  public init() {
    state = Mutex(State(stemmer: sb_stemmer_new("english", "UTF_8")))
  }

  deinit {
    state.withLock { state in
      if let stemmer = state.stemmer { sb_stemmer_delete(stemmer) }
    }
  }

  /// Runs Snowball on one lower-case word; words with digits or symbols come back unchanged.
  private func snowball(_ word: String) -> String {
    state.withLock { state in
      guard let stemmer = state.stemmer,
        word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 || $0 >= 0x80 })
      else { return word }
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

  /// The stem of a lower-case word. Words with digits or symbols are returned unchanged.
  public func stem(_ word: String) -> String {
    lexicon.withLock { lexicon in
      let id = lexicon.intern(word)
      let stemId = lexicon.snowballStem(of: id) { snowball($0) }
      return lexicon.string(stemId)
    }
  }

  /// The tokens for `spans` of `bytes`, each word looked up in the lexicon, all under one lock.
  /// A span with a `text` index uses that normalised text of `texts`; any other is ASCII bytes
  /// to lower-case.
  func tokens(for spans: [Tokenizer.Span], texts: [String], in bytes: [UInt8]) -> [Token] {
    lexicon.withLock { lexicon in
      var tokens: [Token] = []
      tokens.reserveCapacity(spans.count)
      bytes.withUnsafeBufferPointer { bytes in
        for span in spans {
          let id =
            span.text >= 0
            ? lexicon.intern(texts[Int(span.text)]) : lexicon.intern(lowercasing: span.start..<span.end, of: bytes)
          let (stemId, flags) = lexicon.stemAndFlags(of: id) { snowball($0) }
          let text = lexicon.string(id)
          tokens.append(
            Token(
              text: text, stem: span.numeric ? text : lexicon.string(stemId), start: span.start, end: span.end,
              sentence: span.sentence, clause: span.clause, isStopWord: !span.numeric && flags.contains(.stopWord),
              isNumeric: span.numeric, textId: id, stemId: span.numeric ? id : stemId, flags: flags,
              scalarStart: span.scalarStart, scalarEnd: span.scalarEnd))
        }
      }
      return tokens
    }
  }
}
