/// Word lists the analysis relies on. Kept small and explicit so behaviour is predictable.
enum Vocabulary {
  /// Function words ignored when matching phrases ("cost per request" ≈ "cost of each request").
  /// Negations and pronouns are deliberately absent: both carry meaning here.
  static let stopWords: Set<String> = [
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "were", "be",
    "been", "being", "it", "its", "this", "that", "these", "those", "with", "as", "at", "by",
    "from", "into", "onto", "over", "per", "each", "every", "so", "than", "then", "there", "their",
    "them", "they", "which", "who", "whom", "what", "would", "could", "should", "will", "shall",
    "can", "may", "might", "must", "do", "does", "did", "done", "has", "have", "had", "having",
    "very", "really", "also", "just", "some", "any", "such", "about", "our", "my",
    "your", "his", "her", "he", "she", "you", "if", "when", "while", "because", "much", "too", "s",
    "t", "d", "ll",
  ]

  /// Words that open a negation scope (NegEx-style pre-negation triggers).
  static let negationTriggers: Set<String> = [
    "not", "no", "never", "without", "nor", "neither", "none", "nobody", "nothing", "cannot",
    "didn't", "don't", "doesn't", "wasn't", "weren't", "isn't", "aren't", "haven't", "hasn't",
    "hadn't", "won't", "wouldn't", "can't", "couldn't", "shouldn't", "lack", "lacked", "lacking",
    "skipped", "avoided", "refused", "failed", "absent", "didnt", "dont", "wasnt", "isnt", "cant",
    "wont", "neglected", "forgot", "ignoring", "ignored",
  ]

  /// Trigger + next word pairs that look like negation but are not ("not only", "no doubt").
  static let pseudoNegations: Set<String> = [
    "not only", "not just", "no doubt", "not necessarily", "no longer", "without hurting",
    "without sacrificing", "without increasing", "without compromising", "without losing",
    "without degrading", "without regressing", "without harming", "without raising",
    "without slowing", "without breaking", "no more", "no less", "no fewer", "not more", "not less",
    "not fewer", "no later", "no earlier", "not least",
  ]

  /// Words after a match that negate it when they follow a form of "to be" ("the test was not run").
  static let beVerbs: Set<String> = ["was", "were", "is", "are", "been", "be", "got"]
  static let postNegations: Set<String> = [
    "not", "never", "wasn't", "weren't", "isn't", "aren't", "wasnt", "isnt",
  ]

  static let irregularParticiples: Set<String> = [
    "run", "done", "built", "made", "set", "sent", "held", "kept", "put", "met", "taken", "given",
    "seen", "written", "shown", "known", "begun", "chosen", "spent", "brought", "bought", "found",
    "told", "thought", "taught", "understood", "shipped", "ever", "even", "really", "actually",
  ]

  /// Simple past forms that do not end in "-ed", for telling a story from a plan.
  static let irregularPast: Set<String> = [
    "ran", "built", "made", "set", "sent", "held", "kept", "put", "met", "took", "gave", "saw", "wrote",
    "showed", "knew", "began", "chose", "spent", "brought", "bought", "found", "told", "thought", "taught",
    "understood", "led", "got", "went", "did", "had", "was", "were", "cut", "shut", "left", "lost", "won",
    "paid", "sold", "split", "drove", "spoke", "sat", "stood", "read", "rewrote", "fought", "caught", "felt",
    "meant", "let", "hit", "rolled", "became", "grew", "fell", "rose", "said", "dropped", "pulled",
  ]

  /// Words that may stand between a subject and its verb ("I then ran", "we also built").
  static let adverbsBeforeVerb: Set<String> = [
    "then", "also", "first", "finally", "quickly", "eventually", "personally", "immediately", "just", "actually",
    "still", "later", "even", "initially", "together", "all",
  ]

  /// A past participle ("run", "tested", "shipped"), for passive negations.
  static func isParticiple(_ word: String) -> Bool {
    irregularParticiples.contains(word) || word.count > 3 && (word.hasSuffix("ed") || word.hasSuffix("en"))
  }

  /// Words that end a negation scope.
  static let scopeTerminators: Set<String> = [
    "but", "however", "although", "though", "yet", "except", "instead", "whereas", "still",
  ]

  /// Filler and hedge words that weaken a spoken answer.
  static let fillers: [String] = [
    "um", "uh", "basically", "literally", "kind of", "sort of", "you know", "i guess", "i think",
    "maybe", "probably", "somewhat", "stuff", "things like that", "etc", "like i said",
    "to be honest", "honestly", "i feel like", "a bit",
  ]

  static let firstPersonSingular: Set<String> = ["i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"]
  static let firstPersonPlural: Set<String> = [
    "we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves",
  ]
}
