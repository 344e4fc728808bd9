import Foundation
import Testing

/// Scoring that credits ideas, run as a user would: WordNet, `near` concepts in the real bank,
/// gaming personas, `rubric gaps`.
@Suite struct ScoringIdeasTests {
  /// A strong answer in everyday words; none of its sentences is in any rubric or dev answer.
  static let plainWords = """
    At a B2B expense app I had to decide whether to keep paying for a receipt-reading service or build our own. \
    I asked two engineers to pull two thousand real receipts and we scored the service and a quick model of ours on \
    them side by side. At our volume, about four million receipts a month, the service cost us roughly ninety \
    thousand dollars a year, and running our own would cost about forty thousand plus half an engineer. I had \
    engineering wrap the vendor behind our own interface so we could swap it later, and I agreed with finance that \
    we would look at the numbers again every quarter or when volume doubled. We moved the extraction in-house first \
    and kept the vendor for the rest; wrong totals fell from 9% to 3% and cost per receipt dropped by half.
    """

  @Test func aMissingWordNetDatabaseIsAClearError() throws {
    let run = try RehearseBinary.run(
      ["score", "--question", "build-in-house-or-api", "-"], input: Self.plainWords,
      environment: ["WNSEARCHDIR": "/nonexistent/wordnet"])
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "error: the WordNet database is not in /nonexistent/wordnet (no readable index.noun); install it with scripts/setup.sh (Debian's wordnet-base), or point WNSEARCHDIR at a folder that holds it\n"
    )
    #expect(run.stdout.isEmpty)
  }

  @Test func plainWordsEarnTheIdeasTheySay() throws {
    let run = try RehearseBinary.run(
      ["score", "--question", "build-in-house-or-api", "--json", "-"], input: Self.plainWords)
    #expect(run.status == 0, "\(run.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let criteria = try #require(report["criteria"] as? [[String: Any]])
    func points(_ id: String) -> Double {
      let criterion = criteria.first { $0["id"] as? String == id }
      return (criterion?["points"] as? Double ?? 0) / max(criterion?["maxPoints"] as? Double ?? 1, 1)
    }
    // "wrap the vendor behind our own interface so we could swap it later"
    #expect(points("lock-in") == 1)
    // "two thousand real receipts … side by side"
    #expect(points("evaluation") == 1)
    let score = try #require(report["score"] as? Double)
    #expect(score >= 60, "a strong plain-words answer lands at least in solid, got \(score)")
  }

  @Test func aListOfTheRubricsTermsIsNotReady() throws {
    let list =
      "I used cost model, break-even, bake-off, abstraction layer, vendor lock-in, decision rule, PII, latency."
    let run = try RehearseBinary.run(["score", "--question", "build-in-house-or-api", "-"], input: list)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("not ready"))
    #expect(run.stdout.contains("keyword list"))
    #expect(run.stdout.contains("This reads as a list of terms; say what you did with each"))
  }

  @Test func rubricGapsListsWhatGradersCreditedAndTheRubricMissed() throws {
    let home = try RehearseBinary.temporaryHome()
    let file = home.appendingPathComponent("graded.jsonl")
    let answer = "I was the PM. We shipped a ranking model and everyone was pleased with it in the end."
    let lines = [
      #"{"question": "recommendation-metrics", "answer": "\#(answer)", "grade": 85}"#,
      #"{"question": "recommendation-metrics", "answer": "weak", "grade": 20}"#,
    ]
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    let run = try RehearseBinary.run(
      ["rubric", "gaps", "--bank", ScoreCommandTests.goodBank, file.path], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "recommendation-metrics · guardrails “Guardrail and counter-metrics”: little credit in 1 of 1 answers graded ≥ 70"
      ))
    #expect(run.stdout.contains("  \(file.path):1 (grade 85, 0/15)"))
    #expect(!run.stdout.contains(":2 (grade 20"))
  }

  @Test func rubricGapsNamesTheLineOfABadGrade() throws {
    let home = try RehearseBinary.temporaryHome()
    let file = home.appendingPathComponent("graded.jsonl")
    try #"{"question": "q", "answer": "a", "grade": 150}"#.write(to: file, atomically: true, encoding: .utf8)
    let run = try RehearseBinary.run(["rubric", "gaps", "--bank", ScoreCommandTests.goodBank, file.path], home: home)
    #expect(run.status == 1)
    #expect(run.stderr == "error: \(file.path):1: grade 150.0 is outside 0–100\n")
  }
}

/// Reference drafting in `score --batch`: extra references, the question's words.
@Suite struct ReferenceBatchTests {
  func score(_ line: String) throws -> Double {
    let run = try RehearseBinary.run(["score", "--batch", "-", "--compact"], input: line)
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    return try #require(object?["score"] as? Double)
  }

  @Test func theBestOfSeveralReferencesCounts() throws {
    let answer = "The bulb and the switch are in a closed path with the battery."
    let one = try score(#"{"id": "x", "answer": "\#(answer)", "reference": "The terminals are separated by a gap."}"#)
    let two = try score(
      #"{"id": "x", "answer": "\#(answer)", "reference": "The terminals are separated by a gap.", "references": ["The bulb is in a closed path with the battery."]}"#
    )
    #expect(two > one)
    #expect(two >= 75)
  }

  @Test func wordsTheQuestionAlreadyUsesWeighLess() throws {
    // The answer only repeats the question's words: with the prompt they earn a third.
    let answer = "The bulb is lit."
    let reference = "The bulb is lit because it is in a closed path with the battery."
    let without = try score(#"{"id": "x", "answer": "\#(answer)", "reference": "\#(reference)"}"#)
    let with = try score(
      #"{"id": "x", "answer": "\#(answer)", "reference": "\#(reference)", "prompt": "Why is the bulb lit?"}"#)
    #expect(with < without)
  }
}

/// `rubric gaps --sessions`: mentor grades saved in sessions are graded answers too.
@Suite struct RubricGapsFromSessionsTests {
  @Test func mentorGradesInTheDataHomeAreRead() throws {
    let home = try RehearseBinary.temporaryHome()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: sessions.path)
    let name = "20261108-183000-men2.json"
    let target = sessions.appendingPathComponent(name)
    try FileManager.default.copyItem(
      at: RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/sessions/\(name)"), to: target)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
    let run = try RehearseBinary.run(["rubric", "gaps", "--sessions", "--min-grade", "15"], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "recommendation-metrics · north-star “A north-star metric tied to value”: little credit in 1 of 3 answers graded ≥ 15\n  session 20261108-183000-men2 a2 (mentor Ana) (grade 20, 0/18)"
      ))
    let both = try RehearseBinary.run(["rubric", "gaps", "--sessions", "answers.jsonl"], home: home)
    #expect(both.status == 64)
    #expect(both.stderr.hasPrefix("error: give a graded-answers FILE or --sessions, not both\n"))
  }
}

/// `rubric draft --question`: reference words the question already uses weigh a third.
@Suite struct RubricDraftQuestionTests {
  @Test func questionWordsGoIntoTheirOwnLighterCriterion() throws {
    let run = try RehearseBinary.run([
      "rubric", "draft", "--reference", "The bulb is lit because it is in a closed path.", "--question",
      "Why is the bulb lit?",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("  - id: key-ideas\n    title: Key ideas of the reference answer\n    weight: 2\n"))
    #expect(run.stdout.contains("  - id: question-words\n"))
    #expect(run.stdout.contains("      - name: bulb\n"))
  }
}
