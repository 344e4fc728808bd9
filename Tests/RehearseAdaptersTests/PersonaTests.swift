import Foundation
import RehearseCore
import Testing

/// Six kinds of answer a senior interviewer hears every week, for three questions. They must
/// rank the way that interviewer would rank them, and the weak ones must be told what is
/// wrong with them.
@Suite struct PersonaTests {
  struct Personas: Sendable, CustomStringConvertible {
    var question: String
    var complete: String
    var terse: String
    var we: String
    var rambling: String
    var bluffer: String
    var thin: String
    var description: String { question }
  }

  static let all: [Personas] = [
    Personas(
      question: "recommendation-metrics",
      complete: """
        Situation: At a grocery delivery app I owned the "buy it again" recommendations; the team only watched clicks.
        Task: I was asked to define success metrics before we swapped the heuristic for a learned ranking model.
        Action: I started from the user problem: regular shoppers rebuilding the same basket every week. I proposed a \
        north-star metric of items added from recommendations per weekly active shopper. I split offline metrics \
        (recall@10 and NDCG on held-out baskets) from online ones (add-to-cart rate, conversion, 8-week retention). I \
        set guardrails: p95 latency under 150 ms, basket diversity, and the hide rate. I pointed out that CTR could be \
        gamed by cheap impulse items, so I added a return-rate counter-metric. I ran an A/B test for two weeks with a \
        small long-term holdback.
        Result: Items added per shopper rose 11% with p95 latency flat at 120 ms and hides down 6%; the holdback \
        confirmed a 3% retention gain after 90 days.
        """,
      terse: """
        Situation: I owned recommendations at a grocery app.
        Task: Define success before a new ranking model.
        Action: I set a north-star of items added per weekly shopper, NDCG offline and conversion online, guardrails on \
        p95 latency and diversity, and I ran an A/B test for two weeks.
        Result: Items added rose 11%, latency flat.
        """,
      we: """
        Situation: At a grocery delivery app our team owned the "buy it again" recommendations; we only watched clicks.
        Task: We had to define success metrics before we swapped the heuristic for a learned ranking model.
        Action: We started from the user problem: regular shoppers rebuilding the same basket every week. We chose a \
        north-star metric of items added from recommendations per weekly active shopper. We split offline metrics \
        (recall@10 and NDCG) from online ones (add-to-cart rate, conversion, retention). We set guardrails on p95 \
        latency, diversity and hide rate. We noted CTR could be gamed by clickbait, so we added a counter-metric. We \
        ran an A/B test for two weeks.
        Result: Items added per shopper rose 11% with p95 latency flat at 120 ms.
        """,
      rambling: """
        So, um, basically at my last job there was this recommendations thing, and honestly it was kind of a big \
        deal, and there were a lot of people involved, like the data science team and the design team and the \
        marketing people and, you know, leadership. And basically the question was what do we measure, and I think \
        we kind of looked at a lot of things, maybe clicks, maybe conversion, probably other stuff too. I guess the \
        model was pretty good. We talked about it in a lot of meetings, and I think there were maybe three or four \
        different opinions, and to be honest it took a while to get everyone aligned, which is kind of normal I \
        guess. Then there was the whole discussion about the dashboards and who owns them, and basically we built \
        some dashboards, and people looked at them, and it was sort of fine. There was also a conversation about \
        the data pipeline and whether the events were right, which I think they mostly were, and the engineers \
        fixed some things. And then we also had some discussions about the design of the carousel, the colours \
        and the images and stuff, and maybe the position on the page. I think at some point somebody mentioned \
        latency, and maybe diversity, but we didn't really get to it. And then, um, we launched it, and I think \
        people liked it, and the team was happy, and leadership was happy, and basically it went well overall. \
        Looking back I think it was a good learning experience for everyone involved, and I learned a lot about \
        stakeholders and about how recommendations work, and I think I would do a lot of it the same way again, \
        maybe with a bit more focus, but overall it was good. So yeah, that is basically how I think about \
        metrics for recommendations, it is kind of about looking at everything and seeing what makes sense.
        """,
      bluffer: """
        We leveraged a cutting-edge, state-of-the-art deep learning model, which was a total game-changer. We did not \
        need an A/B test because everyone could see it was better, and we never bothered with guardrails. Accuracy is \
        all that matters for recommendations, and ours was world-class. It was a huge success.
        """,
      thin: "I would track clicks and make sure the model is accurate."
    ),
    Personas(
      question: "traded-accuracy-for-latency",
      complete: """
        Situation: I ran search at a travel marketplace; the ML team had a cross-encoder re-ranker that lifted NDCG by \
        2.1 absolute points on our golden set but pushed p95 latency from 380 ms to 900 ms.
        Task: I had to decide whether to ship it, and on what terms.
        Action: First I made the gain concrete: 2.1 points of NDCG, concentrated in long-tail queries. I mapped both \
        sides to user metrics: earlier experiments showed each extra 100 ms cost about 0.6% in conversion, and \
        revenue per search was the business number. I segmented users and found low-end Android phones on slow \
        networks paid most of the latency. I pushed for a tiered setup: cache the head queries, distill the re-ranker \
        into a smaller model, and route only long-tail queries to the big one. I ran an A/B test with three arms and a \
        decision rule agreed up front: ship only if conversion rose with p95 under 500 ms.
        Result: The tiered arm kept 80% of the NDCG gain, held p95 at 460 ms and lifted conversion 1.4%; we shipped \
        it and cut GPU cost by 35% against the full re-ranker.
        """,
      terse: """
        Situation: Search at a travel site; a re-ranker gave +2.1 NDCG points but p95 went from 380 to 900 ms.
        Task: Decide whether to ship.
        Action: I checked the gain was in long-tail queries, used our finding that each extra 100 ms cost 0.6% \
        conversion, and I proposed caching plus a distilled model, tested in an A/B test with a decision rule.
        Result: Kept 80% of the gain at 460 ms p95; conversion up 1.4%.
        """,
      we: """
        Situation: Our search team at a travel marketplace had a cross-encoder re-ranker that lifted NDCG by 2.1 \
        absolute points on our golden set but pushed p95 latency from 380 ms to 900 ms.
        Task: We had to decide whether to ship it.
        Action: We made the gain concrete: 2.1 points of NDCG, mostly in long-tail queries. We mapped both sides to \
        user metrics: each extra 100 ms cost about 0.6% in conversion. We segmented users and saw low-end phones on \
        slow networks paid most of the latency. We built a tiered setup with caching and a distilled model, and we \
        ran an A/B test with a decision rule agreed up front.
        Result: The tiered arm kept 80% of the gain, held p95 at 460 ms and lifted conversion 1.4%.
        """,
      rambling: """
        So basically this was at a travel company, and um, there was this model, and honestly it was a really \
        interesting situation because there were a lot of opinions. The ML people were kind of excited about a new \
        model, and I think it was more accurate, maybe, and the engineers were sort of worried about speed, and I \
        guess product was somewhere in the middle. We had a lot of meetings about it. I think we talked about \
        latency a lot, and about accuracy, and basically about whether users would care, and to be honest nobody \
        really knew. There was also a big discussion about the infrastructure and the GPUs and the budget and the \
        roadmap, and who would be on call, and I think that took a few weeks. Then there was a reorg, which kind of \
        slowed things down, and some people left the team, and we had to onboard new people, and that was sort of \
        a distraction. Eventually I think we decided to try something, and we kind of shipped a version of it, and \
        it seemed okay, and people were mostly happy. I learned a lot about trade-offs and about communication and \
        about how different teams think about things, and I think that was the main lesson. So yeah, basically \
        it was about balancing things, and I think it worked out in the end, more or less, and I would probably \
        do it the same way again, maybe a bit faster. It was a good experience overall and the team grew a lot, \
        and I think the users were fine with it, although we never really measured that properly, to be honest. \
        Anyway, that is the story, and I think it shows I can handle ambiguity and work with lots of people.
        """,
      bluffer: """
        We leveraged a revolutionary, state-of-the-art transformer that was basically magic. Latency doesn't matter, \
        users won't notice, and accuracy always wins. We did not run an experiment because it was obviously better. \
        It was a game-changer and a huge success for the business.
        """,
      thin: "I would pick the more accurate model because accuracy matters most."
    ),
    Personas(
      question: "drift-detect-and-respond",
      complete: """
        Situation: I was the PM for a credit-risk model at a lending startup; after a rate change, approval quality \
        quietly slipped.
        Task: I owned making sure we detected drift early and responded the same way every time.
        Action: I separated data drift in the inputs from concept drift in the relationship to defaults. I set up \
        monitoring with population stability index on the top features and alerts when PSI went above 0.2, plus \
        daily checks of the score distribution. Because default labels arrive months late, I tied drift to real \
        performance with early proxies: 30-day delinquency and manual review outcomes. When an alert fired, I ran a \
        diagnosis first with the data scientists: a broken upstream feed, a real shift in applicants, or seasonality. \
        For a broken feed we rolled back to the last good model version; for a real shift we retrained on recent \
        data with a shadow model before promotion. I wrote a runbook with an on-call owner and automated the \
        retraining pipeline.
        Result: Time to detect drift fell from 5 weeks to 3 days, early delinquency dropped 18% over the next \
        quarter, and two incidents were resolved by rollback within an hour.
        """,
      terse: """
        Situation: Credit-risk model at a lender; quality slipped after a rate change.
        Task: Detect drift early.
        Action: I added PSI alerts on key features and the score distribution, tracked 30-day delinquency as an \
        early label, diagnosed data versus concept drift before acting, and I set up retraining with a shadow model \
        and a rollback runbook.
        Result: Detection went from 5 weeks to 3 days; delinquency fell 18%.
        """,
      we: """
        Situation: Our team ran a credit-risk model at a lending startup; after a rate change, approval quality slipped.
        Task: We needed to detect drift early.
        Action: We separated data drift from concept drift. We set up monitoring with population stability index on \
        the top features and alerts above 0.2, plus checks of the score distribution. We tracked 30-day delinquency \
        as an early proxy because default labels arrive late. We diagnosed each alert before acting, and we rolled \
        back or retrained with a shadow model. We wrote a runbook with an on-call owner and automated retraining.
        Result: Time to detect drift fell from 5 weeks to 3 days and early delinquency dropped 18%.
        """,
      rambling: """
        Okay so basically drift is a really big topic and honestly there is a lot to say about it. At my last \
        company we had a model, I think it was for risk, and basically things kind of changed over time, which is \
        what drift is, you know. I think the data changed, or maybe the users changed, or maybe both, it is hard \
        to say. We had a lot of meetings about it, and basically people had different views, and the data \
        scientists wanted to do one thing and the engineers another thing, and I was sort of in the middle. I think \
        we looked at some dashboards, and there were a lot of charts, and some of them looked a bit weird, maybe. \
        Then there was a discussion about whether to retrain, and how often, and who would do it, and I guess we \
        never fully agreed, to be honest. Then we had a quarter where things were kind of busy with other projects, \
        so it sort of got deprioritised, and then it came back later. Eventually I think we retrained the model at \
        some point and it seemed better, or at least nobody complained. I learned that drift is important and that \
        you need to keep an eye on it, and that communication matters a lot, and basically that models are not \
        set-and-forget. So I think my approach would be to basically watch things closely and act when something \
        looks off, and to keep everyone aligned, which I think is the main thing. It was a good learning experience \
        and I think the team got better at it over time, more or less, and I would do it similarly again.
        """,
      bluffer: """
        We used a cutting-edge, AI-driven, world-class platform so drift was never a problem. We did not need \
        monitoring because the model was robust, and we never retrained because it was state-of-the-art. It was a \
        game-changer.
        """,
      thin: "I would retrain the model every month."
    ),
  ]

  @Test(arguments: all)
  func rankAsASeniorInterviewerWould(_ personas: Personas) throws {
    let score = { (answer: String) in try BundledBank.report(answer, question: personas.question).score }
    let complete = try score(personas.complete)
    let terse = try score(personas.terse)
    let we = try score(personas.we)
    let rambling = try score(personas.rambling)
    let bluffer = try score(personas.bluffer)
    let thin = try score(personas.thin)
    let table = "complete \(complete), terse \(terse), we \(we), rambling \(rambling), bluffer \(bluffer), thin \(thin)"
    #expect(complete >= 80, "\(table)")
    #expect(complete > terse && complete > we, "\(table)")
    #expect(terse > rambling && we > rambling, "\(table)")
    #expect(rambling > bluffer && rambling > thin, "\(table)")
    #expect(bluffer < 40 && thin < 40, "\(table)")
  }

  @Test(arguments: all)
  func weakAnswersAreToldTheirProblem(_ personas: Personas) throws {
    let thin = try BundledBank.report(personas.thin, question: personas.question)
    #expect(thin.structure.findings.contains { $0.id == "too-short" })
    #expect(thin.structure.findings.contains { $0.id == "missing-sections" })

    let rambling = try BundledBank.report(personas.rambling, question: personas.question)
    #expect(rambling.structure.findings.contains { $0.id == "fillers" })
    #expect(rambling.structure.findings.contains { $0.id == "no-quantified-result" })
    #expect(rambling.feedback.contains { $0.hasPrefix("Filler and hedge words:") })

    let bluffer = try BundledBank.report(personas.bluffer, question: personas.question)
    #expect(bluffer.structure.findings.contains { $0.id == "buzzwords" })
    #expect(!bluffer.redFlags.isEmpty, "the bluffer's claims (no A/B test, no guardrails) raise red flags")
    #expect(bluffer.structure.findings.contains { $0.id == "no-quantified-result" })

    let we = try BundledBank.report(personas.we, question: personas.question)
    #expect(we.structure.findings.contains { $0.id == "ownership" })
    #expect(we.criteria.first { $0.id == "ownership" }?.points == 0)
  }
}
