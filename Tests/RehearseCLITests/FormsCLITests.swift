import Foundation
import RehearseCore
import Testing

/// Stories and cases, tracks and the compiled bank cache, driven through the built binary.
@Suite struct FormsCLITests {
  static let bank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/forms-bank").path
  static let env = ["REHEARSE_BANK": bank]

  static let caseAnswer = [
    "We want to cut the spam people see without blocking real conversations; the users are friends and small shops.",
    "I would track spam reports per thousand active users, the precision of automatic blocks, and the appeal rate as a guardrail.",
    "Start with rules on sending velocity and account age, then a classifier trained on user reports and moderator labels.",
    "A false positive on a legitimate message costs far more than a missed spam message, and spammers adapt to any rule.",
    "Shadow mode for two weeks, then a 5% rollout in an A/B test, retraining weekly from new reports.",
  ]

  /// Text with every run of white space as one space: what a reader sees, wrapped or not.
  static func flat(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  @Test func questionsFilterByTrackAndForm() throws {
    let nlp = try RehearseBinary.run(["questions", "--track", "nlp"], environment: Self.env)
    #expect(nlp.status == 0, "\(nlp.stderr)")
    #expect(nlp.stdout.contains("spam-case [medium · case · nlp]"))
    #expect(nlp.stdout.contains("misuse-either [hard · story or case · nlp, vision]"))
    #expect(!nlp.stdout.contains("latency-story"))
    #expect(nlp.stdout.hasSuffix("2 questions\n"))

    let cases = try RehearseBinary.run(["questions", "--form", "case", "--json"], environment: Self.env)
    let listed = try JSONSerialization.jsonObject(with: Data(cases.stdout.utf8)) as? [[String: Any]]
    #expect(listed?.compactMap { $0["id"] as? String } == ["misuse-either", "spam-case"])
    #expect(listed?.first?["forms"] as? [String] == ["star", "case"])
    #expect(listed?.first?["tracks"] as? [String] == ["nlp", "vision"])
  }

  @Test func unknownTrackIsAnErrorWithASuggestion() throws {
    let typo = try RehearseBinary.run(["questions", "--track", "nlpp"], environment: Self.env)
    #expect(typo.status == 1)
    #expect(typo.stderr == "error: unknown track 'nlpp'; did you mean 'nlp'? choose one of: nlp, vision\n")
    let home = try RehearseBinary.temporaryHome()
    for command in [
      ["practice", "--track", "speech"], ["plan", "--track", "speech"], ["stats", "--track", "speech"],
    ] {
      let run = try RehearseBinary.run(command, home: home, environment: Self.env)
      #expect(run.status == 1, "\(command)")
      #expect(run.stderr == "error: unknown track 'speech'; choose one of: nlp, vision\n", "\(command)")
    }
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("sessions").path))
  }

  @Test func scoreJudgesTheChosenForm() throws {
    let answer = Self.caseAnswer.joined(separator: " ")
    let asCase = try RehearseBinary.run(
      ["score", "--question", "misuse-either", "--form", "case", "--json", "-"], input: answer, environment: Self.env)
    #expect(asCase.status == 0, "\(asCase.stderr)")
    let report = try JSONDecoder().decode(ScoreReport.self, from: Data(asCase.stdout.utf8))
    #expect(report.structure.form == .caseStudy)
    #expect(report.rubrics.map(\.id) == ["case-structure", "misuse-either"])
    #expect(report.criteria.contains { $0.id == "case-parts" })
    #expect(!report.criteria.contains { $0.id == "star-sections" || $0.id == "quantified-result" })
    #expect(report.structure.sections.sections == AnswerSection.caseParts)
    // The same words judged as a story: STAR structure, and a hypothetical story is capped.
    let asStory = try RehearseBinary.run(
      ["score", "--question", "misuse-either", "--json", "-"], input: answer, environment: Self.env)
    let story = try JSONDecoder().decode(ScoreReport.self, from: Data(asStory.stdout.utf8))
    #expect(story.structure.form == .star)
    #expect(story.criteria.contains { $0.id == "star-sections" })

    let wrong = try RehearseBinary.run(
      ["score", "--question", "latency-story", "--form", "case", "-"], input: answer, environment: Self.env)
    #expect(wrong.status == 1)
    #expect(
      wrong.stderr
        == "error: question 'latency-story' asks for a STAR story, not a case; leave out --form or use --form star\n")
  }

  @Test func guidedCaseAfterSwitchingIsSavedAsACase() throws {
    let home = try RehearseBinary.temporaryHome()
    let input = ([":case"] + Self.caseAnswer.flatMap { [$0, "."] } + ["."]).joined(separator: "\n") + "\n"
    let run = try RehearseBinary.run(
      ["practice", "--question", "misuse-either", "--mode", "guided"], input: input, home: home, environment: Self.env)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Question 1 of 1 · product-sense · hard · story · about 4 min"))
    #expect(
      Self.flat(run.stdout).contains("Tell a real story, or type :case to answer as a case: how you would approach it.")
    )
    #expect(run.stdout.contains("Answering as a case."))
    #expect(run.stdout.contains("Goal & users — clarify the goal, the users and the constraints"))
    #expect(run.stdout.contains("Launch & iteration — rollout, experiment, monitoring"))
    #expect(Self.flat(run.stdout).contains("Goal ✓ Metrics ✓ Approach ✓ Risks ✓ Launch ✓ (guided)"))
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    let answer = try #require(session.answers.first)
    #expect(answer.form == .caseStudy)
    #expect(answer.answer.sections[.goal] == Self.caseAnswer[0])
    #expect(answer.answer.sections[.launch] == Self.caseAnswer[4])
    #expect(answer.report?.structure.form == .caseStudy)
    #expect(answer.rubrics.map(\.id) == ["case-structure", "misuse-either"])
    // On disk the answer says what it is.
    let file = home.appendingPathComponent("sessions/\(session.id).json")
    #expect(try String(contentsOf: file, encoding: .utf8).contains("\"form\" : \"case\""))
  }

  @Test func practiceChoosesByTrackAndForm() throws {
    let home = try RehearseBinary.temporaryHome()
    let vision = try RehearseBinary.run(
      ["practice", "--track", "vision", "--count", "5", "--seed", "1"], input: ":skip\n:quit\n", home: home,
      environment: Self.env)
    #expect(vision.status == 0, "\(vision.stderr)")
    #expect(vision.stdout.contains("Only 2 questions match; practising all 2."))
    let session = try #require(try PracticeCLITests.sessions(in: home).first)
    #expect(Set(session.plan) == ["latency-story", "misuse-either"])
    #expect(session.settings.track == "vision")

    let wrong = try RehearseBinary.run(
      ["practice", "--question", "latency-story", "--form", "case"], home: home, environment: Self.env)
    #expect(wrong.status == 1)
    #expect(
      wrong.stderr
        == "error: question 'latency-story' takes STAR story answers, not case answers; leave out --form or choose another question\n"
    )
    let none = try RehearseBinary.run(
      ["practice", "--track", "vision", "--form", "case", "--difficulty", "easy"], home: home, environment: Self.env)
    #expect(none.status == 1)
    #expect(none.stderr.hasPrefix("error: no questions match --difficulty easy --track vision --form case"))
  }

  @Test func firstSessionSuggestsTracks() throws {
    let home = try RehearseBinary.temporaryHome()
    let first = try RehearseBinary.run(
      ["practice", "--count", "1"], input: ":skip\n", home: home, environment: Self.env)
    #expect(
      Self.flat(first.stdout).contains(
        "Tip: aim practice at the role you want with --track: nlp (NLP & conversational AI), vision (Computer vision).")
    )
    let second = try RehearseBinary.run(
      ["practice", "--count", "1"], input: ":quit\n", home: home, environment: Self.env)
    #expect(!second.stdout.contains("Tip: aim practice"))
  }

  @Test func statsAndPlanByTrack() throws {
    let home = try RehearseBinary.temporaryHome()
    let input = ([":case"] + Self.caseAnswer + [".", "."]).joined(separator: "\n") + "\n"
    let run = try RehearseBinary.run(
      ["practice", "--question", "misuse-either", "--mode", "free"], input: input, home: home, environment: Self.env)
    #expect(run.status == 0, "\(run.stderr)")
    let stats = try RehearseBinary.run(["stats", "--json"], home: home, environment: Self.env)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
    let tracks = try #require(json["tracks"] as? [[String: Any]])
    #expect(tracks.compactMap { $0["id"] as? String } == ["nlp", "vision"])
    #expect(tracks.compactMap { $0["attempts"] as? Int } == [1, 1])
    let text = try RehearseBinary.run(["stats"], home: home, environment: Self.env)
    #expect(text.stdout.contains("By track"))

    let plan = try RehearseBinary.run(["plan", "--track", "vision", "--json"], home: home, environment: Self.env)
    #expect(plan.status == 0, "\(plan.stderr)")
    let items = try #require(
      (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
    #expect(Set(items.compactMap { $0["competency"] as? String }) == ["trade-offs", "trust-and-safety"])
    let nlp = try RehearseBinary.run(["plan", "--track", "nlp", "--json"], home: home, environment: Self.env)
    let nlpItems = try #require(
      (try JSONSerialization.jsonObject(with: Data(nlp.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
    #expect(nlpItems.compactMap { $0["competency"] as? String } == ["trust-and-safety"])
  }

  /// A copy of the forms bank that a test may edit.
  static func editableBank() throws -> URL {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-bank-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: bank), to: copy)
    return copy
  }

  /// `practice` shows its first question from the cache only while the cache is current: an
  /// edited question is shown as edited.
  @Test func practiceNeverShowsAStaleFirstQuestion() throws {
    let bank = try Self.editableBank()
    let cacheHome = try RehearseBinary.temporaryHome()
    let env = ["REHEARSE_BANK": bank.path, "XDG_CACHE_HOME": cacheHome.path]
    _ = try RehearseBinary.run(["questions"], environment: env)
    Thread.sleep(forTimeInterval: 1.2)
    _ = try RehearseBinary.run(["questions"], environment: env)  // stamps now trusted
    let home = try RehearseBinary.temporaryHome()
    let warm = try RehearseBinary.run(
      ["practice", "--question", "latency-story"], input: ":quit\n", home: home, environment: env)
    #expect(warm.stdout.contains("Tell me about a time you traded model accuracy for latency."))
    let question = bank.appendingPathComponent("QuestionBank/tradeoffs/latency-story.yaml")
    let text = try String(contentsOf: question, encoding: .utf8)
    try text.replacingOccurrences(of: "traded model accuracy for latency", with: "shipped a smaller model")
      .write(to: question, atomically: true, encoding: .utf8)
    let edited = try RehearseBinary.run(
      ["practice", "--question", "latency-story"], input: ":quit\n", home: home, environment: env)
    #expect(edited.stdout.contains("Tell me about a time you shipped a smaller model."))
    #expect(!edited.stdout.contains("traded model accuracy"))
  }

  @Test func bankCacheIsRebuiltWhenAFileChangesAndIgnoredWhenDamaged() throws {
    let bank = try Self.editableBank()
    let cacheHome = try RehearseBinary.temporaryHome()
    let env = ["REHEARSE_BANK": bank.path, "XDG_CACHE_HOME": cacheHome.path]
    let first = try RehearseBinary.run(["questions"], environment: env)
    #expect(first.status == 0, "\(first.stderr)")
    let folder = cacheHome.appendingPathComponent("rehearse")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("bank-") }
    #expect(files.count == 1)
    let cacheFile = folder.appendingPathComponent(try #require(files.first))

    // An edit to a question is seen on the next run: the cache is keyed by content.
    let question = bank.appendingPathComponent("QuestionBank/tradeoffs/latency-story.yaml")
    let text = try String(contentsOf: question, encoding: .utf8)
    try text.replacingOccurrences(of: "traded model accuracy for latency", with: "cut serving cost in half")
      .write(to: question, atomically: true, encoding: .utf8)
    let edited = try RehearseBinary.run(["questions"], environment: env)
    #expect(edited.stdout.contains("Tell me about a time you cut serving cost in half."))
    #expect(!edited.stdout.contains("traded model accuracy"))
    #expect(edited.stderr.isEmpty)

    // A cache from another version of Rehearse is rebuilt without a note.
    try Data(#"{"format": 1, "key": "old"}"#.utf8).write(to: cacheFile)
    let older = try RehearseBinary.run(["questions"], environment: env)
    #expect(older.stderr.isEmpty)
    #expect(older.stdout == edited.stdout)

    // A damaged cache is ignored with a note and rebuilt.
    try Data("{not json".utf8).write(to: cacheFile)
    let damaged = try RehearseBinary.run(["questions"], environment: env)
    #expect(damaged.status == 0)
    #expect(
      damaged.stderr
        == "note: the bank cache \(cacheFile.path) is damaged; ignoring it and rebuilding it from the YAML files\n")
    #expect(damaged.stdout == edited.stdout)
    let again = try RehearseBinary.run(["questions"], environment: env)
    #expect(again.stderr.isEmpty, "rebuilt, so no second note")

    // Broken YAML gets the same error with a cache as without one, and leaves the cache alone.
    let cached = try Data(contentsOf: cacheFile)
    try (text + "difficulty: impossible\n").write(to: question, atomically: true, encoding: .utf8)
    let broken = try RehearseBinary.run(["questions"], environment: env)
    let uncached = try RehearseBinary.run(
      ["questions"], environment: ["REHEARSE_BANK": bank.path, "XDG_CACHE_HOME": "/dev/null/x"])
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("QuestionBank/tradeoffs/latency-story.yaml:"))
    #expect(broken.stderr == uncached.stderr)
    #expect(try Data(contentsOf: cacheFile) == cached)
  }
}
