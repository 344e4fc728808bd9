import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// Fixed sessions for export and grading tests, scored with the real scorer on the bundled
/// question `recommendation-metrics`, with fixed dates.
enum Fixtures {
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let fixturesDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures")
  static let context = ExportContext(rehearseVersion: "0.1.0", exportedAt: date("2026-11-21T12:00:00Z"))

  static func date(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
  }

  static let bank: Bank = {
    do {
      return try BankLoader.load(from: BankSource(root: repositoryRoot))
    } catch {
      fatalError("the bundled bank does not load: \(error)")
    }
  }()

  static let questionId = "recommendation-metrics"

  static func record(
    id: String, kind: AnswerKind = .main, answer: Answer, prompt: String? = nil, attempt: Int = 1,
    parentId: String? = nil,
    followUpCriterion: String? = nil, hints: [String] = [], modelRevealed: Bool = false, timeLimit: Int? = nil,
    timeUsed: Double, at start: Date
  ) -> AnswerRecord {
    guard let question = bank.question(id: questionId), let set = try? bank.rubricSet(for: question) else {
      fatalError("question \(questionId) is missing from the bundled bank")
    }
    let scorer = Scorer()
    let report = scorer.score(answer, against: scorer.compile(set), questionId: questionId)
    return AnswerRecord(
      id: id, kind: kind, questionId: questionId, category: question.category, competencies: question.competencies,
      prompt: prompt ?? question.prompt, attempt: attempt, parentId: parentId, followUpCriterion: followUpCriterion,
      mode: answer.freeText == nil ? .star : .free, answer: answer, rubrics: set.references,
      rubricHash: set.contentHash,
      bankVersion: bank.manifest.version, report: report, hintsUsed: hints, modelRevealed: modelRevealed,
      timeLimitSeconds: timeLimit, timeUsedSeconds: timeUsed, startedAt: start,
      answeredAt: start.addingTimeInterval(timeUsed))
  }

  static let weakSections: [AnswerSection: String] = [
    .situation: "I was the PM for a recommendations carousel on a shopping app.",
    .task: "I had to decide how we would measure whether the new ranking model was better.",
    .action:
      "I picked a north-star metric of purchases per visitor and looked at precision@10 offline and CTR online. We ran an A/B test for two weeks.",
    .result: "It went well and the team was happy with the launch.",
  ]

  static let strongText = """
    Situation: At a marketplace I owned the "recommended for you" carousel; the team judged it by click-through rate alone.
    Task: I had to define success before we replaced the model.
    Action: I started from the user problem of returning shoppers who could not find something to buy. I proposed one north-star metric, purchases from recommendations per returning visitor. Offline we compared models on NDCG; online we judged conversion and 30-day retention. I set guardrails: p95 latency under 150 ms, diversity and the complaint rate. I warned the metric could be gamed by clickbait, so we added a return-rate counter-metric. I ran an A/B test for two weeks with a long-term holdback.
    Result: Purchases per returning visitor rose 6.2% with p95 latency flat at 120 ms, and the holdback confirmed a 4% retention gain after 90 days.
    """

  /// A completed session with a follow-up answer and a hint.
  static var withFollowUps: Session {
    let start = date("2026-11-01T09:00:00Z")
    var session = Session(
      id: "20261101-090000-fol1", rehearseVersion: "0.1.0", bankVersion: bank.manifest.version, startedAt: start,
      mode: .star, settings: SessionSettings(count: 1, seed: 7, timedSeconds: 0), plan: [questionId])
    session.answers = [
      record(
        id: "a1", answer: Answer(sections: weakSections), hints: ["Name at least one guardrail."], timeLimit: 180,
        timeUsed: 201, at: start.addingTimeInterval(5)),
      record(
        id: "a2", kind: .followUp,
        answer: Answer(
          text:
            "I would have watched the complaint rate and p95 latency as guardrails, and rolled back if complaints doubled."
        ),
        prompt: "Suppose CTR goes up 8% but complaints double. What would you have been watching?", parentId: "a1",
        followUpCriterion: "guardrails", timeUsed: 45, at: start.addingTimeInterval(240)),
    ]
    session.status = .completed
    session.endedAt = start.addingTimeInterval(300)
    return session
  }

  /// A completed session with two answers graded by two mentors.
  static var withMentorGrades: Session {
    let start = date("2026-11-08T18:30:00Z")
    var session = Session(
      id: "20261108-183000-men2", rehearseVersion: "0.1.0", bankVersion: bank.manifest.version, startedAt: start,
      mode: .free, settings: SessionSettings(count: 2, seed: 11), plan: [questionId])
    session.answers = [
      record(id: "a1", answer: Answer(text: strongText), timeUsed: 170, at: start.addingTimeInterval(3)),
      record(
        id: "a2",
        answer: Answer(text: "I would look at the accuracy of the model and launch it to everyone if it is accurate."),
        attempt: 2, modelRevealed: true, timeUsed: 40, at: start.addingTimeInterval(200)),
    ]
    session.grades = [
      grade(
        mentor: "Ana", answer: session.answers[0], fraction: 0.8, source: .interactive,
        comment: "Crisp; say why 150 ms.", at: start.addingTimeInterval(3600)),
      grade(
        mentor: "Ana", answer: session.answers[1], fraction: 0.2, source: .interactive, comment: nil,
        at: start.addingTimeInterval(3700)),
      grade(
        mentor: "Bo", answer: session.answers[0], fraction: 0.9, source: .packet, comment: "Strong.",
        at: start.addingTimeInterval(7200)),
    ]
    session.status = .completed
    session.endedAt = start.addingTimeInterval(260)
    return session
  }

  /// A mentor grade giving `fraction` of every criterion's points.
  static func grade(
    mentor: String, answer: AnswerRecord, fraction: Double, source: GradeSource, comment: String?, at date: Date
  ) -> MentorGrade {
    let criteria = (answer.report?.criteria ?? []).enumerated().map { index, criterion in
      CriterionGrade(
        criterionId: criterion.id, points: (criterion.maxPoints * fraction * 2).rounded() / 2,
        maxPoints: criterion.maxPoints,
        comment: index == 0 ? comment : nil)
    }
    let score = criteria.reduce(0) { $0 + $1.points }
    return MentorGrade(
      mentor: mentor, answerId: answer.id, gradedAt: date, criteria: criteria, score: score,
      band: MentorName.band(for: score, in: Band.standard), comment: comment, source: source)
  }

  /// Strings that must stay inert in every output.
  static let injectionCorpus: [String] = {
    let url = fixturesDirectory.appendingPathComponent("injection-corpus.json")
    guard let data = try? Data(contentsOf: url), let list = try? JSONDecoder().decode([String].self, from: data) else {
      fatalError("cannot read \(url.path)")
    }
    return list
  }()

  /// A session whose every user-supplied string is an injection attempt.
  static var hostile: Session {
    let start = date("2026-11-15T10:00:00Z")
    let corpus = injectionCorpus.joined(separator: "\n")
    var session = Session(
      id: "20261115-100000-evil", rehearseVersion: "0.1.0", bankVersion: bank.manifest.version, startedAt: start,
      mode: .star, settings: SessionSettings(), plan: [questionId])
    var main = record(
      id: "a1",
      answer: Answer(sections: [
        .situation: corpus, .task: injectionCorpus.first ?? "", .action: corpus, .result: corpus,
      ]),
      hints: injectionCorpus, timeUsed: 60, at: start)
    main.category = injectionCorpus.last ?? ""
    var free = record(id: "a2", answer: Answer(text: corpus), timeUsed: 30, at: start.addingTimeInterval(100))
    free.prompt = corpus
    session.answers = [main, free]
    session.grades = injectionCorpus.enumerated().map { index, text in
      var grade = grade(
        mentor: text, answer: index % 2 == 0 ? main : free, fraction: 0.5, source: .packet, comment: text, at: start)
      grade.criteria = grade.criteria.map {
        var c = $0; c.comment = text; return c
      }
      grade.band = text
      return grade
    }
    return session
  }

  /// A temporary store with the given sessions saved through `SessionStore.create`.
  static func store(with sessions: [Session]) throws -> SessionStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-adapters-\(UUID().uuidString)")
    let store = SessionStore(home: DataHome(url: url))
    for session in sessions { try store.create(session) }
    return store
  }
}

/// Compares `actual` with `Tests/Fixtures/golden/<name>`; with `REHEARSE_UPDATE_GOLDEN=1`
/// rewrites the file instead (review the diff before committing).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let url = Fixtures.fixturesDirectory.appendingPathComponent("golden/\(name)")
  if ProcessInfo.processInfo.environment["REHEARSE_UPDATE_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(actual.utf8).write(to: url)
    return
  }
  guard let data = FileManager.default.contents(atPath: url.path) else {
    Issue.record(
      "missing golden file \(url.path); run the tests once with REHEARSE_UPDATE_GOLDEN=1",
      sourceLocation: sourceLocation)
    return
  }
  let expected = String(decoding: data, as: UTF8.self)
  if expected != actual {
    let expectedLines = expected.components(separatedBy: "\n")
    let actualLines = actual.components(separatedBy: "\n")
    let first =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    let shown = { (lines: [String]) in first < lines.count ? lines[first] : "<end of file>" }
    Issue.record(
      "\(name) differs from the golden file at line \(first + 1):\n  expected: \(shown(expectedLines))\n  actual:   \(shown(actualLines))\nIf the change is intended, rerun with REHEARSE_UPDATE_GOLDEN=1 and review the diff.",
      sourceLocation: sourceLocation)
  }
}
