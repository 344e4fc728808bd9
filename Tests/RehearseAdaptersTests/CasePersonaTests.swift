import Foundation
import RehearseCore
import Testing

/// Case answers on bundled case questions: a structured approach must outrank a rambling one
/// and a list of the rubric's terms, and each weaker one must be told what it lacks.
@Suite struct CasePersonaTests {
  struct Personas: Sendable, CustomStringConvertible {
    var question: String
    var structured: String
    var rambling: String
    var description: String { question }
  }

  static let all: [Personas] = [
    Personas(
      question: "similar-items-carousel-case",
      structured: """
        First I'd pin down what "similar" should mean here. Someone looking at a grey three-seater sofa usually \
        wants other sofas they could buy instead, same room, similar size and price, maybe other colours, not a \
        matching lamp, so the goal is helping undecided shoppers find an alternative instead of leaving.
        To know if it works I'd look past clicks on the carousel: did product-page visitors who saw it add something \
        to the basket more often, and did revenue per visit go up. A guardrail would be that returns and page load \
        time don't get worse, and offline I'd check precision of the top ten against pairs our merchandisers label.
        For the approach I'd start simple: product attributes like category, dimensions, material, colour and price \
        band, plus image embeddings, then blend in "people who viewed this also viewed" once we have enough traffic. \
        New products with no views still get neighbours from attributes and images.
        The risks: the carousel could keep showing the same bestsellers, out-of-stock items would frustrate people, \
        and merchandising will want rules, so I'd agree with them on filters for stock, margin and delivery time.
        Then I'd launch it to half the product pages as an A/B test for three weeks and ship if add-to-basket per \
        visit rises with returns flat; otherwise I'd look at which categories it fails in and iterate.
        """,
      rambling: """
        So recommendations are really important for any retailer, everybody knows Amazon does this and it works for \
        them. I think the carousel should be on every page because customers like to browse and honestly furniture \
        is a very visual thing. We could use AI for it, maybe machine learning, there are lots of tools for that now. \
        I remember at my last job we had a lot of discussions about recommendations and people had very strong \
        opinions. Sometimes the design team wanted it bigger. I would probably talk to the team and see what they \
        think, and then we could try something and see how it goes, and if customers like it we keep it. It is also \
        important that it looks nice on mobile because a lot of people shop on their phones these days, and the \
        images should load fast. In the end it's about giving customers what they want.
        """),
    Personas(
      question: "spam-detection-design",
      structured: """
        Goal: Cut the spam people see in our messaging app without blocking real conversations. The users are \
        friends and small shops messaging customers, so I'd first ask how spam reaches them today and what a report \
        costs us in support.
        Metrics: spam reports per thousand active users as the user outcome, retention of new senders for the \
        business, precision and recall of the detector on a labelled sample, and a guardrail on blocked messages \
        from legitimate senders and on the appeal rate.
        Approach: rules first on sending velocity, links and brand-new accounts, then a classifier trained on user \
        reports and moderator decisions with signals like account age and how many recipients never reply. I'd \
        build it ourselves because the data is private and spam patterns are specific to us.
        Risks: a false positive that silences a real user costs far more than one missed spam message, so \
        automatic blocking only at very high confidence, with a review queue and an appeal path for the rest. \
        Spammers adapt, so retrain often, and use metadata rather than reading message content.
        Launch: shadow mode for two weeks, then 5% of users in an A/B test, watching appeals and complaints, and \
        widen when precision holds above 98%.
        """,
      rambling: """
        Spam is a really big problem for messaging apps, I think everyone has seen it. Honestly I'd want to use AI \
        because that's what everybody is doing now, and it can learn what spam looks like. There are a lot of \
        vendors too. At my previous company we had spam sometimes and people complained about it. I think users \
        just want a clean inbox and they don't really care how we do it. We should probably talk to engineering and \
        see what is possible and maybe do something quick first. It also depends on the budget and what leadership \
        wants. I'd make sure it's a good experience overall and keep improving it over time based on what people say.
        """),
  ]

  static func keywordList(for question: String) throws -> String {
    let bank = try #require(BundledBank.bank)
    let found = try #require(bank.question(id: question))
    let set = try bank.rubricSet(for: found, form: .caseStudy)
    return set.criteria.flatMap { $0.concepts.compactMap(\.phrases.first) }.joined(separator: ", ")
  }

  static func report(_ text: String, _ question: String) throws -> ScoreReport {
    let bank = try #require(BundledBank.bank)
    let found = try #require(bank.question(id: question))
    let scorer = BundledBank.scorer
    return scorer.score(
      Answer(text: text), against: scorer.compile(try bank.rubricSet(for: found, form: .caseStudy)),
      questionId: question)
  }

  @Test(arguments: all)
  func aStructuredCaseOutranksRamblingAndKeywordLists(_ personas: Personas) throws {
    let structured = try Self.report(personas.structured, personas.question)
    let rambling = try Self.report(personas.rambling, personas.question)
    let keywords = try Self.report(try Self.keywordList(for: personas.question), personas.question)
    #expect(structured.structure.form == .caseStudy)
    #expect(structured.score >= 60, "structured: \(structured.score)")
    #expect(structured.score >= rambling.score + 25, "structured \(structured.score) vs rambling \(rambling.score)")
    #expect(rambling.score < 40, "rambling: \(rambling.score)")
    #expect(keywords.score <= 30, "keyword list: \(keywords.score)")
    #expect(keywords.redFlags.contains { $0.name == "keyword list" })
    // The rambling answer is told which parts of an approach it never gets to.
    let missing = try #require(rambling.structure.findings.first { $0.id == "missing-sections" })
    #expect(missing.message.hasPrefix("Missing part"))
  }
}
