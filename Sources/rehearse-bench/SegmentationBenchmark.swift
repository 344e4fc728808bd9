import Foundation
import RehearseAdapters
import RehearseCore

/// STAR inference on real stories: every labelled answer in the bank (examples and model
/// answers with "Situation:", "Task:", … lines) is stripped of its labels and segmented
/// again; the labels are the truth. Prints token-level agreement, overall and per section.
enum SegmentationBenchmark {
  static func run(root: URL) {
    let bank = loadBank(root)
    let tokenizer = Tokenizer()
    let segmenter = StarSegmenter(tokenizer: tokenizer)
    var texts: [String] = bank.questions.map(\.modelAnswer)
    for rubric in bank.rubrics.values { texts += rubric.examples.map(\.answer) }
    var agree = 0
    var total = 0
    var perSection = [AnswerSection: (agree: Int, total: Int)]()
    var answers = 0
    var presentRight = 0
    var presentTotal = 0
    for text in texts {
      let tokens = tokenizer.tokenize(text)
      let truth = segmenter.segment(tokens: tokens, text: text, guided: false)
      guard truth.method == .labels, truth.present.count >= 3 else { continue }
      // The same words without the label tokens (and what follows them up to the text).
      let kept = tokens.indices.filter { !truth.labelTokens.contains($0) }
      let utf8 = Array(text.utf8)
      var stripped = ""
      var cursor = 0
      for index in tokens.indices where truth.labelTokens.contains(index) {
        stripped += String(decoding: utf8[cursor..<tokens[index].start], as: UTF8.self)
        cursor = tokens[index].end
        // Drop the label's delimiter (":", "-", ")").
        while cursor < utf8.count, [0x3A, 0x2D, 0x29, 0x2A, 0x20].contains(utf8[cursor]) { cursor += 1 }
      }
      stripped += String(decoding: utf8[cursor...], as: UTF8.self)
      let strippedTokens = tokenizer.tokenize(stripped)
      guard strippedTokens.count == kept.count else { continue }
      let inferred = segmenter.segment(tokens: strippedTokens, text: stripped, guided: false)
      guard inferred.method == .inferred else { continue }
      answers += 1
      for (position, index) in kept.enumerated() {
        let expected = truth.sectionOfToken[index]
        let got = inferred.sectionOfToken[position]
        total += 1
        var entry = perSection[expected] ?? (0, 0)
        entry.total += 1
        if expected == got {
          agree += 1
          entry.agree += 1
        }
        perSection[expected] = entry
      }
      for section in AnswerSection.star {
        presentTotal += 1
        if truth.present.contains(section) == inferred.present.contains(section) { presentRight += 1 }
      }
    }
    print("STAR inference on \(answers) labelled bank answers with their labels removed (labels are the truth)")
    print("| measure | agreement |")
    print("|---|---|")
    print(
      String(
        format: "| tokens in the right section | %.3f (%d of %d) |", Double(agree) / Double(max(total, 1)), agree, total
      ))
    for section in AnswerSection.star {
      let entry = perSection[section] ?? (0, 0)
      print(
        String(
          format: "| … of %@ tokens | %.3f (%d of %d) |", section.title,
          Double(entry.agree) / Double(max(entry.total, 1)),
          entry.agree, entry.total))
    }
    print(
      String(
        format: "| sections judged present or absent correctly | %.3f (%d of %d) |",
        Double(presentRight) / Double(max(presentTotal, 1)), presentRight, presentTotal))
  }
}
