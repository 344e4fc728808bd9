import Testing

@testable import RehearseCore

@Suite struct TokenizerTests {
  let tokenizer = Tokenizer()

  @Test(arguments: [
    ("We ran an A/B test", ["we", "ran", "an", "a/b", "test"]),
    ("p95 latency fell to 120ms", ["p95", "latency", "fell", "to", "120ms"]),
    ("accuracy rose to 99.9% overall", ["accuracy", "rose", "to", "99.9%", "overall"]),
    ("saved $2M a year", ["saved", "$2m", "a", "year"]),
    ("precision@k and recall@10", ["precision@k", "and", "recall@10"]),
    ("a counter-metric", ["a", "counter", "metric"]),
    ("latency/cost trade-off", ["latency", "cost", "trade", "off"]),
    ("3x faster, 1,200 users", ["3x", "faster", "1,200", "users"]),
    ("We didn’t ship", ["we", "didn't", "ship"]),
    ("ＣＴＲ rose", ["ctr", "rose"]),
  ])
  func keepsNotationMeaningful(text: String, expected: [String]) {
    #expect(tokenizer.tokenize(text).map(\.text) == expected)
  }

  @Test func stemsWordsButNotNumbers() {
    let tokens = tokenizer.tokenize("metrics connected 99.9% latency")
    #expect(tokens.map(\.stem) == ["metric", "connect", "99.9%", "latenc"])
  }

  @Test func splitsSentencesAndClauses() {
    let tokens = tokenizer.tokenize("First one, second. Third\nfourth")
    #expect(tokens.map(\.sentence) == [0, 0, 0, 1, 2])
    #expect(tokens[1].clause != tokens[2].clause)
  }

  @Test func recordsByteRangesOfTheOriginalText() {
    let text = "Café metrics"
    let tokens = tokenizer.tokenize(text)
    let bytes = Array(text.utf8)
    #expect(String(decoding: bytes[tokens[1].start..<tokens[1].end], as: UTF8.self) == "metrics")
  }
}

@Suite struct QuantityTests {
  let tokenizer = Tokenizer()

  func kinds(_ text: String) -> [Quantity.Kind] {
    QuantityDetector.quantities(in: tokenizer.tokenize(text), text: text).map(\.kind)
  }

  @Test(arguments: [
    ("conversion rose 12%", [Quantity.Kind.percentage]),
    ("up 3 percentage points", [.percentage]),
    ("saved $40k per month", [.currency]),
    ("p95 dropped to 120 ms", [.duration]),
    ("p95 dropped to 120ms", [.duration]),
    ("it ran 3x faster", [.multiplier]),
    ("revenue doubled", [.multiplier]),
    ("costs halved", [.multiplier]),
    ("for 10k users", [.count]),
    ("for 2 million users", [.count]),
    ("back in 2021 we", []),
  ])
  func detectsQuantities(text: String, expected: [Quantity.Kind]) {
    #expect(kinds(text) == expected)
  }
}

/// The tokenizer's fast paths (ASCII text scanned byte by byte, words looked up in the
/// lexicon through buffer pointers) against the plain ones.
@Suite struct FastPathTests {
  static let texts = [
    "Situation: I ran the A/B test; p95 latency held at 140ms, CTR rose 4.2% and $2M was saved.",
    "We didn't ship it. The model's precision@k fell 3x — so I rolled back on day two!",
    "Retrainng cadance, guard-rail metrics, NDCG@10 and 99.9% uptime.\nResult: churn fell from 9 to 6.",
  ]

  /// The same text with one non-ASCII character at the end takes the general scalar path; every
  /// token before it must come out the same as on the ASCII path.
  @Test(arguments: texts)
  func asciiScanAgreesWithTheScalarPath(text: String) {
    let tokenizer = Tokenizer()
    let fast = tokenizer.tokenize(text)
    let general = tokenizer.tokenize(text + " é")
    #expect(general.count == fast.count + 1)
    for (a, b) in zip(fast, general) {
      #expect(a.text == b.text && a.stem == b.stem && a.start == b.start && a.end == b.end)
      #expect(a.sentence == b.sentence && a.clause == b.clause && a.isStopWord == b.isStopWord)
      #expect(a.stemId == b.stemId && a.flags == b.flags)
    }
  }

  /// Stems from the lexicon's memo are Snowball's, asked word by word.
  @Test(arguments: texts)
  func lexiconStemsAreSnowballs(text: String) {
    let stemmer = Stemmer()
    let tokens = Tokenizer(stemmer: stemmer).tokenize(text)
    for token in tokens where !token.isNumeric && Tokenizer.numberWords[token.text] == nil {
      #expect(token.stem == Stemmer().stem(token.text), "\(token.text)")
    }
  }
}
