import RehearseCore
import Testing

@testable import WordNet

@Suite struct WordNetTests {
  @Test func missingDatabaseIsAClearError() throws {
    #expect(throws: WordNetError(directory: "/nonexistent/wordnet")) {
      try WordNetRelations.open(environment: ["WNSEARCHDIR": "/nonexistent/wordnet"])
    }
    let message = WordNetError(directory: "/nonexistent/wordnet").description
    #expect(message.contains("/nonexistent/wordnet") && message.contains("scripts/setup.sh"))
  }
}

/// Expansion as the product uses it, against the installed database (`scripts/setup.sh`).
@Suite struct WordNetExpansionTests {
  static let relations: WordNetRelations? = try? WordNetRelations.open()

  @Test(arguments: [
    ("buy", "purchase", LexicalRelation.synonym),
    ("partner", "partnership", LexicalRelation.derivation),
    ("licence", "license", LexicalRelation.synonym),
    ("explain", "explanation", LexicalRelation.derivation),
    ("vendor", "seller", LexicalRelation.synonym),
  ])
  func relatesWords(word: String, expected: String, relation: LexicalRelation) throws {
    let relations = try #require(Self.relations, "WordNet is not installed: run scripts/setup.sh")
    let found = relations.related(to: word)
    #expect(found.contains(RelatedWord(expected, relation)), "\(word) → \(found.map(\.word))")
  }

  /// Words with many senses mean too many things: "take" is not "return", "set" not "band".
  @Test(arguments: ["take", "set", "cut", "track", "make", "keep", "model"])
  func polysemousWordsAreNotExpanded(word: String) throws {
    let relations = try #require(Self.relations, "WordNet is not installed: run scripts/setup.sh")
    #expect(relations.related(to: word).isEmpty, "\(word) → \(relations.related(to: word).map(\.word))")
  }

  @Test func polysemousWordsAreNotOfferedAsRelated() throws {
    let relations = try #require(Self.relations, "WordNet is not installed: run scripts/setup.sh")
    for word in ["retention", "purchase", "latency", "vendor"] {
      let found = relations.related(to: word).map(\.word)
      #expect(!found.contains { ["keep", "take", "get", "set", "make"].contains($0) }, "\(word) → \(found)")
    }
  }

  @Test func leavesOutCompoundsProperNounsAndTheWordItself() throws {
    let relations = try #require(Self.relations, "WordNet is not installed: run scripts/setup.sh")
    for word in ["buy", "partner", "vendor", "latency", "drift"] {
      let found = relations.related(to: word).map(\.word)
      #expect(!found.contains(word))
      #expect(found.allSatisfy { $0.allSatisfy { $0 >= "a" && $0 <= "z" } }, "\(word) → \(found)")
      #expect(found.count <= WordNetRelations.maximumPerWord)
    }
  }

  @Test func unknownWordsHaveNoRelations() throws {
    let relations = try #require(Self.relations, "WordNet is not installed: run scripts/setup.sh")
    #expect(relations.related(to: "xqzzyv").isEmpty)
    #expect(relations.related(to: "p95").isEmpty)
  }
}
