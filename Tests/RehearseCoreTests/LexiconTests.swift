import Foundation
import Testing

@testable import RehearseCore

/// The word lexicon behind tokenization: one id per word, the same stems and flags as the
/// word lists, and ids that agree between scorers.
@Suite struct LexiconTests {
  @Test func aWordHasOneIdWhateverItsCase() {
    let tokens = Tokenizer().tokenize("Latency LATENCY latency latencies")
    #expect(Set(tokens.map(\.textId)).count == 2)
    #expect(tokens[0].textId == tokens[1].textId && tokens[1].textId == tokens[2].textId)
    #expect(Set(tokens.map(\.stemId)).count == 1)
    #expect(tokens.allSatisfy { $0.stem == "latenc" })
  }

  @Test(arguments: [
    ("the", Lexicon.Flags.stopWord), ("didn't", .negationTrigger), ("however", .scopeTerminator),
    ("shipped", .participle), ("i'm", .firstPersonSingular), ("ourselves", .firstPersonPlural),
    ("doubled", .multiplierWord), ("weeks", .durationUnit), ("percent", .percentWord),
    ("reduced", .changeWord), ("basically", .fillerStart), ("synergy", .buzzwordStart),
  ])
  func flagsFollowTheWordLists(word: String, flag: Lexicon.Flags) {
    let token = Tokenizer().tokenize(word)[0]
    #expect(token.flags.contains(flag))
  }

  @Test(arguments: [
    ("12%", Lexicon.Flags.percentSuffix), ("$2m", .currencyPrefix), ("3x", .multiplierShape),
    ("120ms", .durationUnitSuffix), ("5pp", .percentUnitSuffix), ("10k", .countSuffix), ("2024", .year),
  ])
  func numberShapesComeFromTheText(text: String, shape: Lexicon.Flags) {
    let token = Tokenizer().tokenize(text)[0]
    #expect(token.isNumeric)
    #expect(token.flags.contains(shape))
  }

  @Test func numberWordsStemToTheirDigits() {
    let tokens = Tokenizer().tokenize("terminal one terminal 1")
    #expect(tokens[1].stemId == tokens[3].stemId)
    #expect(tokens[1].textId != tokens[3].textId)
  }

  /// Each scorer numbers words in a lexicon of its own (no process-wide state); two scorers
  /// give the same report for the same answer and rubric.
  @Test func twoScorersWithTheirOwnLexiconsAgree() throws {
    let rubric = Rubric(
      id: "metrics", title: "Metrics",
      criteria: [
        Criterion(
          id: "guardrails", title: "Guardrails", weight: 1,
          concepts: [Concept(name: "latency guardrail", phrases: ["p95 latency", "retraining cadence"])],
          hint: "Name guardrails.")
      ])
    let set = try RubricSet(ids: ["metrics"], library: ["metrics": rubric])
    let answer = Answer(text: "I watched p95 latencies and the retrainng cadance every week.")
    let one = Scorer()
    let other = Scorer()
    #expect(one.score(answer, against: one.compile(set)) == other.score(answer, against: other.compile(set)))
    #expect(one.score(answer, against: one.compile(set)).score == 100)
  }
}

/// Numbers print as rounding to tenths and then "%.1f" (without ".0") prints them: the
/// plain way, which `format` replaces with integer arithmetic.
@Suite struct NumberFormattingTests {
  func plain(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
  }

  @Test func formatPrintsWhatRoundingAndPrintfPrint() {
    for hundredths in -20_000...20_000 {
      let value = Double(hundredths) / 100
      #expect(format(value) == plain(value), "\(value)")
    }
    for value in [33.4, 33.3, 0.1 + 0.2, 2.25, 2.35, 1e-3, 99.95, 7.000000001, -0.04, -0.05, 52.35, 1e14 + 0.5] {
      #expect(format(value) == plain(value), "\(value)")
    }
    #expect(format(12) == "12")
    #expect(format(12.54) == "12.5")
    #expect(format(-0.5) == "-0.5")
    #expect(format(.infinity) == "inf")
  }
}
