/// A phrase compiled for matching: the stems of its content words, in order.
public struct PhrasePattern: Sendable, Equatable {
  /// The phrase as the author wrote it.
  public let source: String
  /// Stems to match, in order; stop words are dropped unless that would leave fewer than two
  /// words of a multi-word phrase.
  public let terms: [String]
  /// Lexicon ids of `terms`.
  let termIds: [Int32]
  /// Lower-case surface forms of the same words, for typo tolerance.
  let surfaces: [String]
  /// True when the terms include stop words (the phrase had nothing else).
  let keepsStopWords: Bool

  init(_ source: String, tokenizer: Tokenizer) {
    self.source = source
    let tokens = tokenizer.tokenize(source)
    let content = tokens.filter { !$0.isStopWord }
    // A multi-word phrase never shrinks to one word: "just clicks" must not match every
    // "clicks". Such phrases (and all-stop-word ones) match word for word.
    keepsStopWords = content.isEmpty || (content.count == 1 && tokens.count > 1)
    let chosen = keepsStopWords ? tokens : content
    terms = chosen.map(\.stem)
    termIds = chosen.map(\.stemId)
    surfaces = chosen.map(\.text)
  }
}
