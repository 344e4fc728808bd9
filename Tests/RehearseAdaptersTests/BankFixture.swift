import Foundation
import RehearseAdapters
import RehearseCore

/// The bundled bank, loaded once for the tests that judge real content.
enum BundledBank {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let bank: Bank? = try? BankLoader.load(from: BankSource(root: root))

  /// The product's scorer, WordNet included: the bank's examples are judged as `rehearse
  /// check` judges them (scripts/setup.sh installs WordNet).
  static let scorer: Scorer = {
    do {
      return try Scorer.standard()
    } catch {
      fatalError("\(error)")
    }
  }()

  static func report(_ answer: String, question id: String) throws -> ScoreReport {
    guard let bank, let question = bank.question(id: id) else {
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no question \(id)"])
    }
    let set = try bank.rubricSet(for: question)
    return scorer.score(Answer(text: answer), against: scorer.compile(set), questionId: id)
  }
}
