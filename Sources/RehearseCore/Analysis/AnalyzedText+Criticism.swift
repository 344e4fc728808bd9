extension AnalyzedText {
  /// Words that, in the same sentence as a bad practice, show the speaker criticising it:
  /// "the team judged it by clicks alone, which could be gamed by clickbait".
  static let criticismWords: Set<String> = [
    "gamed", "gaming", "wrong", "mistake", "mistaken", "problem", "problems", "problematic", "issue", "trap",
    "misleading", "mislead", "misled", "flawed", "flaw", "naive", "dangerous", "risky", "instead", "rather",
    "replaced", "abandoned", "stopped", "argued", "convinced", "challenged", "questioned",
    "bad", "blind", "fooled", "hid", "hiding", "hides", "masked", "inflated", "worse", "learned", "lesson",
    "originally", "previously", "anti-pattern", "pitfall", "myth", "tempting",
  ]

  /// The first words of a following sentence that turn on the one before ("That was a mistake").
  static let criticismOpeners: Set<String> = ["that", "this", "which", "but", "however", "problem", "trouble"]

  /// Whether the sentence holding `match` criticises what it names, so a red flag on it is
  /// the candidate describing the trap, not falling in.
  func isCriticised(_ match: PhraseMatch) -> Bool {
    let sentence = tokens[match.firstToken].sentence
    var index = match.firstToken
    while index > 0, tokens[index - 1].sentence == sentence { index -= 1 }
    var nextSentenceStart: Int?
    while index < tokens.count {
      if tokens[index].sentence != sentence {
        nextSentenceStart = index
        break
      }
      if index < match.firstToken || index > match.lastToken, Self.criticismWords.contains(tokens[index].text) {
        return true
      }
      index += 1
    }
    // "…by clicks alone. That was easy to game."
    if let start = nextSentenceStart, Self.criticismOpeners.contains(tokens[start].text) {
      var k = start
      while k < tokens.count, tokens[k].sentence == tokens[start].sentence, k < start + 8 {
        if Self.criticismWords.contains(tokens[k].text) || ["easy", "wrong", "game"].contains(tokens[k].text) {
          return true
        }
        k += 1
      }
    }
    return false
  }
}
