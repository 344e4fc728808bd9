/// Splits a case answer into its five parts: goal and users, success metrics, approach, risks
/// and trade-offs, launch and iteration.
///
/// Labels win when the text has them ("Goal:", "Success metrics:", "Risks and trade-offs:").
/// Otherwise each sentence goes to the part whose cue words it says most ("metric", "precision"
/// for metrics; "rollout", "pilot" for launch); a sentence without cues continues the part
/// before it. Unlike a story, a case answer need not keep its parts in order: candidates often
/// come back to metrics after the approach.
public struct CaseSegmenter: Sendable {
  private let cueTable: PatternTable
  private let cueGroups: [(section: AnswerSection, patterns: Range<Int>)]

  init(tokenizer: Tokenizer = Tokenizer()) {
    func compile(_ phrases: [String]) -> [PhrasePattern] {
      phrases.map { PhrasePattern($0, tokenizer: tokenizer) }
    }
    let cues: [(AnswerSection, [PhrasePattern])] = [
      (
        .goal,
        compile([
          "goal", "objective", "problem", "clarify", "clarifying", "assume", "assumption", "scope",
          "pain point", "persona", "segment", "who are", "who is", "job to be done", "constraint",
          "understand", "first question", "i would ask", "i'd ask", "users want", "users need",
          "the user", "target users", "customers want", "why", "want to know", "who reads", "who uses",
          "before any", "first thing",
        ])
      ),
      (
        .metrics,
        compile([
          "metric", "measure", "success", "north star", "kpi", "precision", "recall", "accuracy",
          "conversion", "retention", "click-through", "ctr", "guardrail", "baseline", "nps",
          "engagement", "f1", "auc", "ndcg", "false positive rate", "satisfaction", "rate",
          "dashboard", "target", "it's working", "it works", "is working", "per thousand", "keep an eye on",
        ])
      ),
      (
        .approach,
        compile([
          "data", "label", "labels", "labelling", "labeling", "model", "train", "rules", "heuristic",
          "classifier", "build", "buy", "vendor", "api", "fine-tune", "fine tune", "feature",
          "pipeline", "mvp", "v1", "architecture", "llm", "prompt", "retrieval", "embedding",
          "signal", "approach", "start with", "in-house", "baseline model",
        ])
      ),
      (
        .risks,
        compile([
          "risk", "bias", "fairness", "privacy", "false positive", "false negative", "cost",
          "latency", "trade-off", "tradeoff", "abuse", "misuse", "harm", "mistake", "error",
          "hallucination", "safety", "legal", "compliance", "concern", "downside", "worry",
          "adversarial", "failure", "fail", "danger", "regulator", "sensitive", "sensitivity",
          "moves it most", "biggest lever", "uncertain", "confidence", "wrong",
        ])
      ),
      (
        .launch,
        compile([
          "launch", "rollout", "roll out", "pilot", "a/b", "experiment", "ship", "iterate",
          "iteration", "monitor", "feedback loop", "phase", "beta", "retrain", "next step",
          "dogfood", "expand", "kill", "holdout", "canary", "staged", "gradually", "later",
          "week", "month", "quarter",
        ])
      ),
    ]
    let (table, ranges) = PatternTable.grouped(cues.map(\.1))
    cueTable = table
    cueGroups = zip(cues.map(\.0), ranges).map { ($0, $1) }
  }

  static let labelWords: [String: AnswerSection] = [
    "goal": .goal, "goals": .goal, "users": .goal, "user": .goal, "clarify": .goal,
    "clarifying": .goal, "clarification": .goal, "problem": .goal, "objective": .goal,
    "context": .goal, "assumptions": .goal, "scope": .goal,
    "metrics": .metrics, "metric": .metrics, "success": .metrics, "measurement": .metrics,
    "measuring": .metrics, "kpis": .metrics,
    "approach": .approach, "solution": .approach, "data": .approach, "model": .approach,
    "design": .approach, "build": .approach, "plan": .approach, "mvp": .approach,
    "risks": .risks, "risk": .risks, "tradeoffs": .risks, "trade": .risks, "concerns": .risks,
    "mitigations": .risks, "pitfalls": .risks,
    "launch": .launch, "rollout": .launch, "iteration": .launch, "iterate": .launch,
    "experiment": .launch, "experiments": .launch, "next": .launch, "roadmap": .launch,
    "monitoring": .launch,
  ]

  /// Segments a tokenised case answer. `guided` when it was captured part by part.
  public func segment(tokens: [Token], text: String, guided: Bool) -> Segmentation {
    segment(tokens: tokens, text: text, guided: guided) { nil }
  }

  func segment(tokens: [Token], text: String, guided: Bool, prepared: () -> AnalyzedText?) -> Segmentation {
    let labels = SectionLabels.find(in: text, tokens: tokens, words: Self.labelWords, phrases: true)
    if !labels.marks.isEmpty, guided || labels.marks.count >= 2 {
      var sectionOf: [AnswerSection] = []
      sectionOf.reserveCapacity(tokens.count)
      var present: Set<AnswerSection> = []
      var markIndex = -1
      let marks = labels.marks
      for index in tokens.indices {
        while markIndex + 1 < marks.count, tokens[index].start >= marks[markIndex + 1].byte { markIndex += 1 }
        let section = markIndex >= 0 ? marks[markIndex].section : .goal
        sectionOf.append(section)
        if !labels.tokens.contains(index) { present.insert(section) }
      }
      return Segmentation(
        method: guided ? .guided : .labels, sectionOfToken: sectionOf, present: present,
        labelTokens: labels.tokens)
    }
    return infer(tokens: tokens, text: text, prepared: prepared)
  }

  private func infer(tokens: [Token], text: String, prepared: () -> AnalyzedText?) -> Segmentation {
    guard let lastSentence = tokens.last?.sentence else {
      return Segmentation(method: .inferred, sectionOfToken: [], present: [], labelTokens: [])
    }
    let parts = AnswerSection.caseParts
    let count = lastSentence + 1
    var analyzed = prepared() ?? AnalyzedText(text: text, tokens: tokens, excluded: [], vocabulary: nil)
    analyzed.detectsNegation = false  // a cue counts wherever it is
    // Cue count of sentence s for part k at s * 5 + k.
    var cues = [Int](repeating: 0, count: count * parts.count)
    for (section, patterns) in cueGroups {
      let k = section.index - AnswerSection.goal.index
      analyzed.forEachMatch(in: cueTable, patterns) { match in
        cues[tokens[match.firstToken].sentence * parts.count + k] += 1
      }
    }
    var sentencePart = [Int](repeating: 0, count: count)
    var present: Set<AnswerSection> = []
    var previous = 0
    for s in 0..<count {
      let row = cues[(s * parts.count)..<((s + 1) * parts.count)]
      let most = row.max() ?? 0
      // The most-cued part; a tie keeps the part before when it is among the tied.
      var part = previous
      if most > 0, row[row.startIndex + previous] < most {
        part = (0..<parts.count).first { row[row.startIndex + $0] == most } ?? previous
      }
      if most > 0 { present.insert(parts[part]) }
      sentencePart[s] = part
      previous = part
    }
    let sectionOf = tokens.map { parts[sentencePart[$0.sentence]] }
    return Segmentation(method: .inferred, sectionOfToken: sectionOf, present: present, labelTokens: [])
  }
}
