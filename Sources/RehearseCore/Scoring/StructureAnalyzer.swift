/// Judges the shape of an answer: its sections (STAR, or the parts of a case), a measured
/// result and ownership (stories only), length, fillers and buzzwords.
enum StructureAnalyzer {
  static let wordsPerMinute = 150.0

  static let buzzwords: [String] = [
    "synergy", "synergies", "cutting-edge", "cutting edge", "state-of-the-art", "state of the art",
    "game-changer", "game changer", "game-changing", "revolutionary", "revolutionize",
    "best-in-class", "world-class", "disruptive", "paradigm", "next-gen", "next generation",
    "seamless", "seamlessly", "holistic", "leverage", "leveraged", "leveraging", "move the needle",
    "low-hanging fruit", "ai-powered", "ai-driven", "big data", "magic", "bleeding edge",
    "10x", "world class", "innovative", "transformational", "groundbreaking",
  ]

  static func analyze(
    analyzed: AnalyzedText, segmentation: Segmentation, rules: StructureRules, form: QuestionForm = .star
  ) -> StructureReport {
    let story = form == .star
    let tokens = analyzed.tokens
    let sectionOf = segmentation.sectionOfToken
    var counts = [Int](repeating: 0, count: AnswerSection.allCases.count)
    var words = 0
    var singular = 0
    var plural = 0
    // Length counts every word said, repeats included; the rest reads what earns credit.
    words = tokens.count - segmentation.labelTokens.filter { $0 >= 0 && $0 < tokens.count }.count
    for index in analyzed.all {
      let section = sectionOf[index]
      counts[section.index] += 1
      // Inferred sections are a guess: "I" anywhere but the scene-setting counts as owning.
      if section == .action || segmentation.method == .inferred && section != .situation {
        if tokens[index].flags.contains(.firstPersonSingular) { singular += 1 }
        if tokens[index].flags.contains(.firstPersonPlural) { plural += 1 }
      }
    }
    let counted = counts.reduce(0, +)
    func share(_ section: AnswerSection) -> Double {
      counted == 0 ? 0 : (Double(counts[section.index]) / Double(counted) * 100).rounded() / 100
    }
    let shares = SectionShares(form.sections.map { ($0, share($0)) })

    var quantityEvidence: [Evidence] = []
    var quantified = false
    for quantity in QuantityDetector.quantities(in: tokens, utf8: analyzed.utf8)
    where !segmentation.labelTokens.contains(quantity.firstToken) {
      let section = quantity.firstToken < sectionOf.count ? sectionOf[quantity.firstToken] : nil
      let measured = quantity.measuresChange || QuantityDetector.isNearChange(quantity, in: tokens)
      if section == .result && measured { quantified = true }
      quantityEvidence.append(
        Evidence(
          concept: quantity.kind.rawValue, text: quantity.text,
          start: analyzed.scalarStarts[quantity.firstToken], end: analyzed.scalarEnds[quantity.lastToken],
          section: section))
    }

    let fillers = fillerIndex.occurrences(in: tokens, at: analyzed.all, startingWith: .fillerStart)
    let buzz = buzzwordIndex.occurrences(in: tokens, at: analyzed.all, startingWith: .buzzwordStart)
    let speaking = Int((Double(words) / wordsPerMinute * 60).rounded())

    var findings: [Finding] = []
    let present = segmentation.present
    let required = rules.sections?.required ?? form.sections
    let absent = required.filter { !present.contains($0) }
    if !absent.isEmpty {
      let what =
        story ? "STAR \(absent.count == 1 ? "section" : "sections")" : "\(absent.count == 1 ? "part" : "parts")"
      findings.append(
        Finding(
          id: "missing-sections",
          message: "Missing \(what): \(absent.map(\.title).joined(separator: ", ")).",
          hint: absent.map(sectionHint).joined(separator: " ")))
    }
    if story, present.contains(.action), words >= 40 {
      let largest = AnswerSection.star.max { shares[$0] < shares[$1] } ?? .action
      if shares.action < 0.3 || largest != .action {
        findings.append(
          Finding(
            id: "action-share",
            message:
              "Action is \(Int(shares.action * 100))% of your answer; \(largest.title) is \(Int(shares[largest] * 100))%.",
            hint: "Spend most of the answer on what you did: the decisions, the trade-offs, who you worked with."))
      }
    }
    if story && !quantified {
      findings.append(
        Finding(
          id: "no-quantified-result",
          message: present.contains(.result)
            ? "Your Result has no measured change." : "There is no Result with a number.",
          hint:
            "Close with a measured change: “CTR rose 4% with p95 latency flat”, “cut review time from 3 days to 6 hours”."
        ))
    }
    if story && (present.contains(.action) || plural > 0) {
      if singular == 0 && plural > 0 {
        findings.append(
          Finding(
            id: "ownership",
            message: "Your Action says “we” \(plural) times and “I” never.",
            hint: "Say what you personally did: “I ran…”, “I convinced…”, “I decided…”."))
      } else if plural > singular * 2 && plural >= 4 {
        findings.append(
          Finding(
            id: "ownership",
            message: "Your Action says “we” \(plural) times and “I” only \(singular).",
            hint: "Make your own part clear: what did you decide, build or persuade someone of?"))
      }
    }
    if let length = rules.length {
      if words < length.min {
        findings.append(
          Finding(
            id: "too-short",
            message: "Too short: \(words) words, about \(formatDuration(speaking)) spoken.",
            hint:
              "Aim for \(length.min)–\(length.max) words (about \(formatDuration(Int(Double(length.min) / wordsPerMinute * 60)))–\(formatDuration(Int(Double(length.max) / wordsPerMinute * 60)))): "
              + (story
                ? "give the context, your decision and the outcome."
                : "say a few sentences on each part: the goal, metrics, approach, risks and launch.")
          ))
      } else if words > length.max {
        findings.append(
          Finding(
            id: "too-long",
            message: "Too long: \(words) words, about \(formatDuration(speaking)) spoken.",
            hint:
              "Aim for \(length.min)–\(length.max) words; "
              + (story
                ? "cut background and keep the decision, the trade-off and the result."
                : "keep each part to its point: the decision, the trade-off and how you would know.")
          ))
      }
    }
    let fillerCount = fillers.reduce(0) { $0 + $1.count }
    if fillerCount >= 3 && Double(fillerCount) / Double(max(words, 1)) > 0.01 {
      findings.append(
        Finding(
          id: "fillers",
          message: "Filler and hedge words: \(fillers.map { "“\($0.word)” ×\($0.count)" }.joined(separator: ", ")).",
          hint: "State decisions plainly: “I chose X because Y” rather than “I think we kind of went with X”."))
    }
    let buzzCount = buzz.reduce(0) { $0 + $1.count }
    if buzzCount >= 2 {
      findings.append(
        Finding(
          id: "buzzwords",
          message: "Buzzwords without specifics: \(buzz.map { "“\($0.word)”" }.joined(separator: ", ")).",
          hint: "Replace each with what you actually did and what it changed, with a number."))
    }
    return StructureReport(
      sections: SectionFlags(present, form: form), sectionShares: shares, segmentation: segmentation.method,
      quantifiedResult: quantified, quantities: quantityEvidence, actionFirstPersonSingular: singular,
      actionFirstPersonPlural: plural, wordCount: words, speakingSeconds: speaking,
      fillers: fillers.map(\.word), buzzwords: buzz.map(\.word), findings: findings, form: form)
  }

  /// The structure rules as scored criteria.
  static func criteria(
    for report: StructureReport, rules: StructureRules, points: CompiledRubric.StructurePoints,
    form: QuestionForm = .star
  ) -> [CriterionResult] {
    var results: [CriterionResult] = []
    func finding(_ id: String) -> Finding? { report.findings.first { $0.id == id } }
    func make(_ id: String, _ title: String, _ max: Double, _ fraction: Double, _ miss: Finding?, _ message: String?)
      -> CriterionResult
    {
      let earned = (max * fraction * 10).rounded() / 10
      let lost = ((max - earned) * 10).rounded() / 10
      var misses: [Miss] = []
      if lost > 0 {
        misses.append(
          Miss(
            concept: nil, reason: miss?.message ?? "\(title): not met.", hint: miss?.hint ?? "",
            pointsLost: lost))
      }
      return CriterionResult(
        id: id, title: title, kind: .structure, points: earned, maxPoints: max, evidence: [], missed: misses,
        message: lost > 0 ? nil : message)
    }
    if let rule = rules.sections, let max = points.sections {
      let present = rule.required.filter { report.sections[$0] }.count
      let fraction = rule.required.isEmpty ? 1 : Double(present) / Double(rule.required.count)
      if form == .star {
        results.append(
          make(
            "star-sections", "All STAR sections", max, report.wordCount == 0 ? 0 : fraction,
            finding("missing-sections")
              ?? Finding(id: "empty", message: "The answer is empty.", hint: "Answer in STAR form."),
            "Situation, Task, Action and Result are all there."))
      } else {
        results.append(
          make(
            "case-parts", "All parts of a structured approach", max, report.wordCount == 0 ? 0 : fraction,
            finding("missing-sections")
              ?? Finding(
                id: "empty", message: "The answer is empty.",
                hint: "Walk through the goal and users, metrics, approach, risks and launch."),
            "Goal, metrics, approach, risks and launch are all there."))
      }
    }
    if rules.quantifiedResult != nil, let max = points.quantifiedResult {
      results.append(
        make(
          "quantified-result", "A quantified result", max, report.quantifiedResult ? 1 : 0,
          finding("no-quantified-result"), "Your Result is measured."))
    }
    if rules.ownership != nil, let max = points.ownership {
      let singular = report.actionFirstPersonSingular
      let plural = report.actionFirstPersonPlural
      let fraction: Double
      if singular == 0 {
        fraction = 0
      } else if plural > singular * 2 && plural >= 4 {
        fraction = 0.5
      } else {
        fraction = 1
      }
      let miss =
        finding("ownership")
        ?? Finding(
          id: "ownership", message: "Your Action does not say what you yourself did.",
          hint: "Tell the Action in the first person: “I ran…”, “I convinced…”, “I decided…”.")
      results.append(
        make("ownership", "Your own actions (“I”, not only “we”)", max, fraction, miss, "You own your actions."))
    }
    if let rule = rules.length, let max = points.length {
      let words = Double(report.wordCount)
      let fraction: Double
      if words < Double(rule.min) {
        fraction = words / Double(rule.min)
      } else if words > Double(rule.max) {
        fraction = Swift.max(0, 1 - (words - Double(rule.max)) / Double(rule.max))
      } else {
        fraction = 1
      }
      results.append(
        make(
          "length", "Length (\(rule.min)–\(rule.max) words)", max, fraction,
          finding("too-short") ?? finding("too-long"),
          "A good length: about \(formatDuration(report.speakingSeconds)) spoken."))
    }
    return results
  }

  static func sectionHint(_ section: AnswerSection) -> String {
    switch section {
    case .situation: "Situation: set the scene in a sentence or two (product, users, the problem)."
    case .task: "Task: say what you were responsible for or asked to achieve."
    case .action: "Action: walk through what you did, step by step, in the first person."
    case .result: "Result: end with what changed, measured, and what you learned."
    case .goal: "Goal & users: start by clarifying the goal, who the users are and what constraints hold."
    case .metrics:
      "Success metrics: name how you would measure success — a user metric, a business metric, a model metric and a guardrail."
    case .approach:
      "Approach: say what data you would use and whether rules, a model, or a vendor fits, and what the first version is."
    case .risks:
      "Risks & trade-offs: weigh what goes wrong — the cost of each kind of error, bias, privacy, cost, latency."
    case .launch:
      "Launch & iteration: say how you would roll it out, measure it, and what would make you change course."
    }
  }

  static let fillerIndex = PhraseCounter(Vocabulary.fillers)
  static let buzzwordIndex = PhraseCounter(buzzwords)
}

/// Counts listed words and phrases in a token sequence in one pass.
struct PhraseCounter: Sendable {
  /// Phrases by their first word, each with its words.
  private let byFirstWord: [String: [(phrase: String, words: [String])]]
  private let order: [String]

  init(_ phrases: [String]) {
    var index: [String: [(String, [String])]] = [:]
    for phrase in phrases {
      let words = phrase.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
      guard let first = words.first else { continue }
      index[first, default: []].append((phrase, words))
    }
    byFirstWord = index
    order = phrases
  }

  /// Whether a listed phrase starts with `word`.
  func hasPhrase(startingWith word: String) -> Bool { byFirstWord[word] != nil }

  /// Each phrase found among the texts of `tokens` at `indices`, with its count, in the order the
  /// phrases were listed. Only tokens with `flag` (first words of this counter's phrases) are
  /// looked up.
  func occurrences(in tokens: [Token], at indices: [Int], startingWith flag: Lexicon.Flags)
    -> [(word: String, count: Int)]
  {
    var counts: [String: Int] = [:]
    for (position, index) in indices.enumerated() where tokens[index].flags.contains(flag) {
      guard let candidates = byFirstWord[tokens[index].text] else { continue }
      for (phrase, parts) in candidates where position + parts.count <= indices.count {
        var matches = true
        for offset in 1..<max(1, parts.count) where tokens[indices[position + offset]].text != parts[offset] {
          matches = false
          break
        }
        if matches { counts[phrase, default: 0] += 1 }
      }
    }
    return order.compactMap { phrase in counts[phrase].map { (phrase, $0) } }
  }
}

/// "2 min 10 s", "45 s".
public func formatDuration(_ seconds: Int) -> String {
  let minutes = seconds / 60
  let rest = seconds % 60
  if minutes == 0 { return "\(rest) s" }
  if rest == 0 { return "\(minutes) min" }
  return "\(minutes) min \(rest) s"
}
