import Foundation
import Testing

/// `rehearse score`, `check`, `questions` and `rubric draft`, run as a user would.
@Suite struct ScoreCommandTests {
  static let goodBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good").path
  static let brokenBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/broken").path

  static let strong = """
    Situation: I was the PM for the "because you watched" row on a streaming app; the team tracked only clicks.
    Task: I was asked to define success metrics before we launched a new ranking model.
    Action: I started from the user problem: people scrolling for minutes without finding something to watch. \
    I proposed a north-star metric of completed viewing hours from recommendations per weekly user. Offline I used \
    NDCG and recall@20 on held-out sessions; online we judged click-through rate and 30-day retention. I set \
    guardrails on p95 latency and catalogue diversity. I warned that CTR can be gamed by clickbait thumbnails. \
    I ran an A/B test for three weeks.
    Result: Viewing hours rose 9% while p95 latency stayed at 140 ms.
    """

  static let negated = """
    Situation: We had a recommendations row.
    Task: I had to measure it.
    Action: We did not run an A/B test and we never set a guardrail metric. I looked at accuracy.
    Result: It shipped.
    """

  @Test func scoresAnAnswerForPeople() throws {
    let run = try RehearseBinary.run(
      ["score", "--bank", Self.goodBank, "--question", "recommendation-metrics", "-"], input: Self.strong)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("Score "))
    #expect(run.stdout.contains("interview-ready"))
    #expect(run.stdout.contains("✓ A north-star metric tied to value (18/18)"))
    #expect(run.stdout.contains("credited: “north-star metric” (Action)"))
    #expect(!run.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set and stdout is a pipe")
  }

  @Test func scoresAnAnswerAsJSONWithTheDocumentedFields() throws {
    let run = try RehearseBinary.run(
      ["score", "--bank", Self.goodBank, "--question", "recommendation-metrics", "--json", "-"], input: Self.negated)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let score = try #require(json["score"] as? Double)
    #expect((0...40).contains(score))
    #expect(json["band"] as? String == "not ready")
    let criteria = try #require(json["criteria"] as? [[String: Any]])
    let experiment = try #require(criteria.first { $0["id"] as? String == "experiment" })
    #expect(experiment["points"] as? Double == 0)
    #expect(experiment["maxPoints"] as? Double == 9)
    let evidence = try #require(experiment["evidence"] as? [[String: Any]])
    #expect(evidence.first?["text"] as? String == "A/B test")
    #expect(evidence.first?["negated"] as? Bool == true)
    let missed = try #require(experiment["missed"] as? [[String: Any]])
    #expect((missed.first?["reason"] as? String)?.contains("negates") == true)
    let structure = try #require(json["structure"] as? [String: Any])
    let sections = try #require(structure["sections"] as? [String: Bool])
    #expect(sections == ["situation": true, "task": true, "action": true, "result": true])
    #expect(structure["quantifiedResult"] as? Bool == false)
    let feedback = try #require(json["feedback"] as? [String])
    #expect(feedback.contains { $0.contains("A/B test") && $0.contains("negates") })
  }

  @Test func batchScoresEveryLineAndReportsMalformedOnes() throws {
    let input = [
      #"{"id": "a1", "answer": "I ran an A/B test and set a north star.", "question": "recommendation-metrics"}"#,
      #"{"id": "a2", "answer": 42, "question": "recommendation-metrics"}"#,
      "not json at all",
      #"{"id": "a4", "answer": "The bulb is in a closed path.", "reference": "The bulb is in a closed path"}"#,
      #"{"id": "a5", "answer": "x", "question": "nope"}"#,
      #"{"id": "a6", "answer": "x"}"#,
    ].joined(separator: "\n")
    let run = try RehearseBinary.run(["score", "--bank", Self.goodBank, "--batch", "-"], input: input)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }
    #expect(lines.count == 6)
    #expect(lines[0]["id"] as? String == "a1")
    #expect(lines[0]["score"] is Double)
    #expect(
      lines[1]["error"] as? String == "line is not a JSON object with string fields: field 'answer' has the wrong type")
    #expect(lines[2]["line"] as? Int == 3)
    #expect(lines[2]["error"] as? String == "line is not a JSON object with string fields: invalid JSON")
    #expect(lines[3]["score"] as? Double == 100)
    #expect(lines[4]["error"] as? String == "unknown question 'nope'; run 'rehearse questions'")
    #expect(lines[5]["error"] as? String == "give exactly one of \"question\", \"rubric\" or \"reference\"")
  }

  @Test func unknownQuestionIsAClearError() throws {
    let run = try RehearseBinary.run(["score", "--bank", Self.goodBank, "--question", "nope", "-"], input: "x")
    #expect(run.status == 1)
    #expect(run.stderr == "error: QuestionBank: no question with id 'nope'; run 'rehearse questions' to list them\n")
  }

  @Test func emptyAnswerIsAClearError() throws {
    let run = try RehearseBinary.run(
      ["score", "--bank", Self.goodBank, "--question", "recommendation-metrics", "-"], input: "  \n")
    #expect(run.status == 1)
    #expect(run.stderr == "error: the answer in '-' is empty; write your answer in the file first\n")
  }

  @Test func checkPassesOnAGoodBank() throws {
    let run = try RehearseBinary.run(["check", "--bank", Self.goodBank])
    #expect(run.status == 0)
    #expect(run.stdout == "ok: 1 questions, 2 rubrics, 4/4 examples and model answers in range\n")
  }

  @Test func checkReportsEveryKindOfMistakeWithPathLineAndFix() throws {
    let run = try RehearseBinary.run(["check", "--bank", Self.brokenBank])
    #expect(run.status == 1)
    let expected = [
      "QuestionBank/bank.yaml:7: category 'empty' is empty; add questions under QuestionBank/empty/ or remove the category",
      "QuestionBank/metrics/copy.yaml:1: question id 'good-one' does not match the file name 'copy'; rename one so they agree",
      "QuestionBank/metrics/dangling.yaml:4: question 'dangling' references unknown rubric 'no-such-rubric'; check the id or add Rubrics/metrics/no-such-rubric.yaml",
      "QuestionBank/metrics/good-one.yaml:1: duplicate question id 'good-one' (also in QuestionBank/metrics/copy.yaml); give each question a unique id",
      "QuestionBank/metrics/good-one.yaml:2: question 'good-one' is a near-duplicate of 'good-one' (100% of prompt words shared, QuestionBank/metrics/copy.yaml); reword or remove one",
      "Rubrics/negative.yaml:7: criterion 'north-star' has weight -1; weights must be positive",
      "Rubrics/out-of-range.yaml:10: example 'optimistic' scored 0, expected 80–100; run 'rehearse score --rubric out-of-range' on it to see why, then adjust the rubric or the example",
      "Rubrics/syntax.yaml:7: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 5) at column 1; check indentation and quoting",
      "Rubrics/typo-key.yaml:7: unknown key 'hnit'; did you mean 'hint'? (in 'criteria[0]')",
      "Rubrics/wrong-type.yaml:6: 'criteria[0].weight' should be a number, not 'heavy'; fix the value's type",
      "QuestionBank/metrics/colon.yaml:6: 'hints[0]' should be a single value (text or a number), not a mapping; an unquoted ': ' starts a mapping, so put the text in quotes",
      "Rubrics/reserved.yaml:4: criterion id 'length' is reserved for a structure rule; rename it (e.g. 'reserved-length')",
    ]
    let lines = run.stderr.split(separator: "\n").map(String.init)
    for line in expected {
      #expect(lines.contains(line), "missing: \(line)")
    }
    // copy.yaml and good-one.yaml use the broken typo-key rubric: its file's problem is
    // reported once, not again as two "unknown rubric" references.
    #expect(!lines.contains { $0.contains("unknown rubric 'typo-key'") })
    #expect(lines.last?.hasPrefix("error: 12 problems found;") == true)
  }

  @Test func checkCanReportOnOneFile() throws {
    let run = try RehearseBinary.run(
      ["check", "--bank", Self.brokenBank, Self.brokenBank + "/Rubrics/negative.yaml"])
    #expect(run.status == 1)
    #expect(
      run.stderr.hasPrefix("Rubrics/negative.yaml:7: criterion 'north-star' has weight -1; weights must be positive\n"))
    #expect(run.stderr.contains("error: 1 problem found;"))
  }

  @Test func missingBankSaysHowToFixIt() throws {
    let empty = try RehearseBinary.temporaryHome()
    let run = try RehearseBinary.run(["questions", "--bank", empty.path])
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "error: \(empty.path): no question bank here; --bank needs a folder containing QuestionBank/bank.yaml and Rubrics/\n"
    )
  }

  @Test func questionsAsJSON() throws {
    let run = try RehearseBinary.run(["questions", "--bank", Self.goodBank, "--json"])
    #expect(run.status == 0)
    let list = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    #expect(list.count == 1)
    #expect(list.first?["id"] as? String == "recommendation-metrics")
    #expect(list.first?["category"] as? String == "metrics")
    #expect((list.first?["prompt"] as? String)?.hasPrefix("How would you define success metrics") == true)
  }

  @Test func draftsARubricThatCheckAccepts() throws {
    let reference = "We set a north-star metric and ran an A/B test. The bulb is not in a closed path."
    let run = try RehearseBinary.run(["rubric", "draft", "--id", "drafted", "--reference", reference])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("      - name: a/b\n        phrases: [a/b]\n        near: [a/b]\n"))
    #expect(
      run.stdout.contains(
        "      - name: closed\n        phrases: [closed]\n        near: [closed]\n        negated: true\n"))
    // The draft is a valid rubric whose reference example scores in range.
    let bank = try RehearseBinary.temporaryHome()
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: Self.goodBank + "/QuestionBank"), to: bank.appendingPathComponent("QuestionBank"))
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: Self.goodBank + "/Rubrics"), to: bank.appendingPathComponent("Rubrics"))
    try run.stdout.write(to: bank.appendingPathComponent("Rubrics/drafted.yaml"), atomically: true, encoding: .utf8)
    let check = try RehearseBinary.run(["check", "--bank", bank.path])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout == "ok: 1 questions, 3 rubrics, 5/5 examples and model answers in range\n")
  }
}

/// `score --batch` says how many lines failed, and fails when none could be scored.
@Suite struct BatchExitTests {
  static let goodBank = RehearseBinary.repositoryRoot.appendingPathComponent("Tests/Fixtures/banks/good").path

  @Test func aBatchWhereNoLineScoredExitsNonZero() throws {
    let input = [
      #"{"id": "a1", "answer": "x", "question": "nope"}"#,
      #"{"id": "a2", "answer": "I ran an A/B test.", "reference": "  "}"#,
    ].joined(separator: "\n")
    let run = try RehearseBinary.run(["score", "--bank", Self.goodBank, "--batch", "-"], input: input)
    #expect(run.status == 1)
    #expect(run.stderr == "error: none of the 2 lines could be scored; each output line's \"error\" says why\n")
    let lines = run.stdout.split(separator: "\n").map { line in
      (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }
    #expect(lines.count == 2)
    #expect(lines[1]["error"] as? String == "\"reference\" is empty; give the reference answer to draft a rubric from")
    #expect(lines[1]["score"] == nil)
  }

  @Test func failedLinesAreCountedOnStandardError() throws {
    let input = [
      #"{"id": "a1", "answer": "I ran an A/B test and set a north star.", "question": "recommendation-metrics"}"#,
      "not json at all",
    ].joined(separator: "\n")
    let run = try RehearseBinary.run(["score", "--bank", Self.goodBank, "--batch", "-"], input: input)
    #expect(run.status == 0)
    #expect(run.stderr == "warning: 1 of 2 lines could not be scored; their output lines carry an \"error\"\n")

    let empty = try RehearseBinary.run(["score", "--bank", Self.goodBank, "--batch", "-"], input: "\n")
    #expect(empty.status == 1)
    #expect(empty.stderr == "error: '-' holds no answers; give one JSON object per line\n")
  }
}
