import Foundation
import RehearseAdapters
import RehearseCore
import Testing

/// The bundled question bank is complete, and every rubric proves it separates strong from
/// weak answers.
@Suite struct BankContentTests {
  @Test func theBankLoadsAndIsLargeEnough() throws {
    let bank = try #require(BundledBank.bank)
    #expect(bank.questions.count >= 60)
    let categories = Set(bank.questions.map(\.category))
    #expect(categories.count >= 12)
    for category in bank.manifest.categories {
      let questions = bank.questions.filter { $0.category == category.id }
      #expect(questions.count >= 4, "\(category.id) has \(questions.count)")
      #expect(Set(questions.map(\.difficulty)).count >= 2, "\(category.id) has one difficulty only")
    }
  }

  @Test func everySeedQuestionTypeIsPresent() throws {
    let bank = try #require(BundledBank.bank)
    let seeds = Set(bank.questions.flatMap(\.tags).filter { $0.hasPrefix("seed:") })
    #expect(
      seeds == [
        "seed:recommendation-metrics", "seed:accuracy-vs-latency", "seed:drift", "seed:fairness",
        "seed:spam-detection", "seed:build-vs-buy", "seed:biased-model", "seed:genai-misuse",
      ])
  }

  @Test func everyQuestionIsComplete() throws {
    let bank = try #require(BundledBank.bank)
    for question in bank.questions {
      let set = try bank.rubricSet(for: question)
      // Criteria of the question's own rubrics, not the shared case-structure ones.
      let content = set.criteria.filter { criterion in
        set.rubrics.contains { $0.form == nil && $0.criteria.contains(criterion) }
      }
      #expect(content.count >= 4, "\(question.id): \(content.count) content criteria")
      #expect(!question.modelAnswer.isEmpty, "\(question.id): no model answer")
      #expect(question.hints.count >= 2, "\(question.id): \(question.hints.count) hints")
      #expect(question.followUps.count >= 2, "\(question.id): \(question.followUps.count) follow-ups")
      let ids = Set(content.map(\.id))
      for followUp in question.followUps {
        #expect(ids.contains(followUp.criterion), "\(question.id): follow-up names \(followUp.criterion)")
      }
      let examples = set.rubrics.flatMap(\.examples)
      #expect(examples.contains { $0.expect[0] >= 70 }, "\(question.id): no strong example")
      #expect(!question.tracks.isEmpty, "\(question.id): no track")
      for form in question.forms {
        #expect(question.modelAnswers[form] != nil, "\(question.id): no \(form.title) model answer")
      }
      #expect(examples.contains { $0.expect[1] <= 40 }, "\(question.id): no weak example")
      #expect(!set.redFlags.isEmpty, "\(question.id): no red flags")
    }
  }

  @Test func everyModelAnswerScoresInTheTopBand() throws {
    let bank = try #require(BundledBank.bank)
    let scorer = BundledBank.scorer
    for question in bank.questions {
      for form in question.forms {
        let set = scorer.compile(try bank.rubricSet(for: question, form: form))
        let report = scorer.score(Answer(text: question.modelAnswer(for: form)), against: set, questionId: question.id)
        #expect(report.band == "interview-ready", "\(question.id) (\(form.title)): \(report.score) \(report.band)")
        #expect(report.structure.form == form)
      }
    }
  }

  /// `rehearse check` over the bundled bank, once for every test that reads it.
  static let check = BankValidator.check(BankSource(root: BundledBank.root), scorer: BundledBank.scorer)

  /// One rubric example, named `rubric/example` in test results.
  struct Example: Sendable, CustomTestStringConvertible {
    var check: ExampleCheck
    var testDescription: String { "\(check.rubricId)/\(check.exampleId)" }
  }

  @Test func theBankChecksCleanWithEnoughExamples() {
    #expect(Self.check.diagnostics.isEmpty, "\(Self.check.diagnostics.map(\.description).joined(separator: "\n"))")
    #expect(Self.check.examples.count >= 120)
  }

  @Test(arguments: check.examples.map(Example.init))
  func exampleScoresWhereItsAuthorSaid(_ example: Example) {
    #expect(example.check.inRange, "scored \(example.check.score), expected \(example.check.expected)")
  }
}
