/// Scores answers against rubrics and explains every point.
///
/// Pure and deterministic: the same answer and rubric always give the same report.
/// Use one `Scorer` for a whole process; compile each rubric set once with ``compile(_:)``
/// and score with the same scorer: words are numbered by the scorer's own lexicon, so a rubric
/// compiled by another scorer is a programming error (checked).
public struct Scorer: Sendable {
  /// Splits answers into stemmed tokens, sentences and clauses; its lexicon numbers every word the scorer
  /// sees.
  public let tokenizer: Tokenizer
  /// Finds the STAR sections of an answer not captured section by section.
  public let segmenter: StarSegmenter
  let caseSegmenter: CaseSegmenter
  /// The matching features this scorer uses.
  public let options: Options
  /// Widens rubrics' `near` terms when they are compiled (WordNet in the product).
  public let relations: (any LexicalRelations)?

  /// Matching features, all on by default; switching one off is for measuring what it adds.
  public struct Options: Sendable {
    var negation = true
    var typoTolerance = true
    /// Every feature on unless switched off: `negation` gives no credit for a concept stated
    /// negated ("we did not run an A/B test"), `typoTolerance` forgives one typo in long words.
    public init(negation: Bool = true, typoTolerance: Bool = true) {
      self.negation = negation
      self.typoTolerance = typoTolerance
    }
  }

  /// - Parameter relations: synonyms and derived forms for rubrics' `near` terms; without
  ///   them terms match their stems only.
  public init(stemmer: Stemmer = Stemmer(), options: Options = Options(), relations: (any LexicalRelations)? = nil) {
    tokenizer = Tokenizer(stemmer: stemmer)
    segmenter = StarSegmenter(tokenizer: tokenizer)
    caseSegmenter = CaseSegmenter(tokenizer: tokenizer)
    self.options = options
    self.relations = relations
  }

  /// Prepares a rubric set for scoring.
  public func compile(_ set: RubricSet) -> CompiledRubric {
    CompiledRubric(set: set, tokenizer: tokenizer, relations: relations)
  }

  /// Scores `answer` against a compiled rubric set.
  public func score(_ answer: Answer, against rubric: CompiledRubric, questionId: String? = nil) -> ScoreReport {
    precondition(rubric.stemmer === tokenizer.stemmer, "the rubric was compiled by another Scorer; word ids differ")
    let text = answer.fullText
    let tokens = tokenizer.tokenize(text)
    let vocabulary = options.typoTolerance ? rubric.vocabulary : nil
    // Inferring sections needs an analysis of the whole text; when that is the analysis scoring
    // needs too (no label tokens to leave out, no typo corrections to hide from the cues), it
    // is built once for both.
    var prepared: AnalyzedText?
    let prepare = { () -> AnalyzedText? in
      let analysis = AnalyzedText(text: text, tokens: tokens, excluded: [], vocabulary: vocabulary)
      prepared = analysis
      return analysis.index.hasCorrections ? nil : analysis
    }
    let form = rubric.set.form
    let guided = answer.freeText == nil
    let segmentation =
      form == .caseStudy
      ? caseSegmenter.segment(tokens: tokens, text: text, guided: guided, prepared: prepare)
      : segmenter.segment(tokens: tokens, text: text, guided: guided, prepared: prepare)
    // Sentences said again earn nothing the first saying did not.
    let substance = SubstanceAnalyzer.analyze(tokens, excluded: segmentation.labelTokens)
    var analyzed: AnalyzedText
    if let prepared, segmentation.labelTokens.isEmpty, substance.repeatedTokens.isEmpty {
      analyzed = prepared
    } else {
      analyzed = AnalyzedText(
        text: text, tokens: tokens, excluded: segmentation.labelTokens.union(substance.repeatedTokens),
        vocabulary: vocabulary)
    }
    analyzed.detectsNegation = options.negation
    let context = Context(analyzed: analyzed, segmentation: segmentation, form: form)

    var results: [CriterionResult] = rubric.criteria.map { scoreCriterion($0, in: context) }
    let structure = StructureAnalyzer.analyze(
      analyzed: analyzed, segmentation: segmentation, rules: rubric.set.structure, form: form)
    results += StructureAnalyzer.criteria(
      for: structure, rules: rubric.set.structure, points: rubric.structurePoints, form: form)

    var bonusHits: [BonusHit] = []
    for (concept, range) in zip(rubric.set.bonus, rubric.bonusRanges) {
      if let match = best(of: Self.matches(in: rubric.bonusTable, range, in: analyzed), where: { !$0.negated }) {
        bonusHits.append(
          BonusHit(
            name: concept.name, points: concept.points,
            evidence: context.evidence(concept.name, match), message: concept.message))
      }
    }
    var flags: [RedFlagHit] = []
    for (flag, range) in zip(rubric.set.redFlags, rubric.redFlagRanges) {
      if let match = best(
        of: Self.matches(in: rubric.redFlagTable, range, in: analyzed),
        where: { !$0.negated && !analyzed.isCriticised($0) })
      {
        flags.append(
          RedFlagHit(
            name: flag.name, penalty: flag.penalty, evidence: context.evidence(flag.name, match),
            message: flag.message))
      }
    }

    let earned = results.reduce(0) { $0 + $1.points }
    let bonusPoints = bonusHits.reduce(0) { $0 + $1.points }
    let penalty = flags.reduce(0) { $0 + $1.penalty }
    let points = ((min(100, max(0, earned + bonusPoints - penalty))) * 10).rounded() / 10
    var total = (rubric.set.calibration.score(for: points) * 10).rounded() / 10
    for gate in gates(substance, structure: structure, results: results, rules: rubric.set.structure, context: context)
    {
      let lost = gate.penalty(from: total)
      guard lost > 0 else { continue }
      flags.append(RedFlagHit(name: gate.name, penalty: lost, evidence: gate.evidence, message: gate.message))
      total = ((total - lost) * 10).rounded() / 10
    }
    let feedback = Feedback.sentences(criteria: results, bonus: bonusHits, redFlags: flags, structure: structure)
    return ScoreReport(
      questionId: questionId, rubrics: rubric.set.references, rubricHash: rubric.hash, score: total,
      points: points == total ? nil : points,
      band: rubric.set.band(for: total), criteria: results, bonus: bonusHits, redFlags: flags,
      structure: structure, feedback: feedback,
      biggestGap: Feedback.biggestGap(criteria: results, redFlags: flags))
  }

  // MARK: Substance

  /// A limit on the total that an interviewer's first impression sets, whatever the content.
  struct Gate {
    var name: String
    /// The total cannot exceed this…
    var cap: Double?
    /// …or loses this many points.
    var points: Double = 0
    var evidence: Evidence
    var message: String

    func penalty(from total: Double) -> Double {
      let capped = cap.map { max(0, total - $0) } ?? 0
      return ((max(capped, min(points, total))) * 10).rounded() / 10
    }
  }

  /// Keyword lists, repetition, far too long, a hypothetical story, buzzwords.
  private func gates(
    _ substance: SubstanceAnalyzer.Report, structure: StructureReport, results: [CriterionResult],
    rules: StructureRules, context: Context
  ) -> [Gate] {
    var gates: [Gate] = []
    // Gates judge a spoken interview answer; a rubric without a length rule (one drafted from
    // a short reference answer) is not scoring one.
    guard rules.length != nil else { return gates }
    let credited = results.filter { $0.kind == .content }.flatMap(\.evidence).filter(\.credited).count
    let dense = credited >= 3 && substance.words < 8 * credited
    if substance.isKeywordList || dense, let first = substance.firstListToken ?? context.analyzed.all.first {
      gates.append(
        Gate(
          name: "keyword list", cap: 25, evidence: context.sentenceEvidence("keyword list", from: first),
          message:
            "This reads as a list of terms; say what you did with each: the decision, why, and what changed."))
    }
    if substance.isRepetitive, let first = substance.firstRepeatedToken {
      gates.append(
        Gate(
          name: "repetition", cap: 30, evidence: context.sentenceEvidence("repetition", from: first),
          message:
            "\(substance.repeatedSentences) of your \(substance.sentences) sentences repeat earlier ones word for word; they count once."
        ))
    }
    if let length = rules.length, structure.wordCount > 2 * length.max, let last = context.analyzed.all.last {
      gates.append(
        Gate(
          name: "far too long", cap: 40, evidence: context.sentenceEvidence("far too long", endingAt: last),
          message:
            "About \(formatDuration(structure.speakingSeconds)) spoken, more than twice the \(formatDuration(Int(Double(length.max) / StructureAnalyzer.wordsPerMinute * 60))) an interviewer gives an answer; in an interview it would be cut off. Keep the decision, the trade-off and the result."
        ))
    }
    let asksForStory = rules.sections.map { Set($0.required) == Set(AnswerSection.star) } ?? false
    if asksForStory, substance.isHypothetical, let first = substance.firstHypotheticalToken {
      gates.append(
        Gate(
          name: "hypothetical answer", cap: 55, evidence: context.sentenceEvidence("hypothetical answer", from: first),
          message:
            "The question asks for a real example, and this answer says what you would do. Tell a time you did it; if you have none, say so and use the closest real experience."
        ))
    }
    if structure.buzzwords.count >= 2, let first = context.analyzed.all.first {
      gates.append(
        Gate(
          name: "buzzwords", points: Double(min(12, 3 * (structure.buzzwords.count - 1))),
          evidence: context.sentenceEvidence("buzzwords", from: first),
          message:
            "Buzzwords without specifics (\(structure.buzzwords.prefix(4).map { "“\($0)”" }.joined(separator: ", "))) cost credibility; say what you did and what it changed, with a number."
        ))
    }
    return gates
  }

  // MARK: Content criteria

  struct Context {
    let analyzed: AnalyzedText
    let segmentation: Segmentation
    let form: QuestionForm

    init(analyzed: AnalyzedText, segmentation: Segmentation, form: QuestionForm = .star) {
      self.analyzed = analyzed
      self.segmentation = segmentation
      self.form = form
    }

    /// The sentence that starts at (or holds) `token`, as evidence, up to 24 words.
    func sentenceEvidence(_ concept: String, from token: Int) -> Evidence {
      let tokens = analyzed.tokens
      var last = token
      while last + 1 < tokens.count, tokens[last + 1].sentence == tokens[token].sentence, last - token < 23 {
        last += 1
      }
      return evidence(
        concept, PhraseMatch(firstToken: token, lastToken: last, viaTypo: false, negated: false, pattern: ""))
    }

    /// The sentence that ends at `token`, as evidence, up to 24 words.
    func sentenceEvidence(_ concept: String, endingAt token: Int) -> Evidence {
      let tokens = analyzed.tokens
      var first = token
      while first > 0, tokens[first - 1].sentence == tokens[token].sentence, token - first < 23 { first -= 1 }
      return evidence(
        concept, PhraseMatch(firstToken: first, lastToken: token, viaTypo: false, negated: false, pattern: ""))
    }

    func section(of match: PhraseMatch) -> AnswerSection? {
      let sections = segmentation.sectionOfToken
      return match.firstToken < sections.count ? sections[match.firstToken] : nil
    }

    func evidence(
      _ concept: String, _ match: PhraseMatch, outOfScope: Bool = false, related: String? = nil
    ) -> Evidence {
      Evidence(
        concept: concept,
        text: analyzed.excerpt(firstToken: match.firstToken, lastToken: match.lastToken),
        start: analyzed.scalarStarts[match.firstToken], end: analyzed.scalarEnds[match.lastToken],
        section: section(of: match), negated: match.negated, outOfScope: outOfScope, typo: match.viaTypo,
        related: related)
    }
  }

  /// Every match of `table`'s patterns in `range`, pattern by pattern.
  private static func matches(in table: PatternTable, _ range: Range<Int>, in analyzed: AnalyzedText)
    -> [PhraseMatch]
  {
    var found: [PhraseMatch] = []
    analyzed.forEachMatch(in: table, range) { found.append($0) }
    return found
  }

  private func best(of matches: [PhraseMatch], where accept: (PhraseMatch) -> Bool) -> PhraseMatch? {
    var best: PhraseMatch?
    for match in matches where accept(match) {
      guard let current = best else {
        best = match
        continue
      }
      // An exact phrase beats terms found near each other; the longest phrase, the tightest
      // group of terms, then the earliest.
      if match.loose != current.loose {
        if !match.loose { best = match }
        continue
      }
      let length = match.lastToken - match.firstToken
      let currentLength = current.lastToken - current.firstToken
      let better = match.loose ? length < currentLength : length > currentLength
      if better || length == currentLength && match.firstToken < current.firstToken {
        best = match
      }
    }
    return best
  }

  private func scoreCriterion(_ compiled: CompiledRubric.CompiledCriterion, in context: Context) -> CriterionResult {
    let criterion = compiled.criterion
    // A scope names sections of one form; an answer in another form has none of them.
    let scope = criterion.scope.map(Set.init).flatMap { $0.contains { $0.form == context.form } ? $0 : nil }
    var evidence: [Evidence] = []
    var credited: [String] = []
    var negated: [Evidence] = []
    var outOfScope: [Evidence] = []
    var missing: [String] = []
    let sectionOfToken = context.segmentation.sectionOfToken
    // Inferred sections are a reading of the story, not the candidate's labels: a scope
    // holds only where the candidate said which section is which.
    let inferred = context.segmentation.method == .inferred
    let inScope: (PhraseMatch) -> Bool = { match in
      guard let scope, !inferred else { return true }
      return match.firstToken < sectionOfToken.count && scope.contains(sectionOfToken[match.firstToken])
    }
    for (concept, range) in compiled.conceptRanges.enumerated() {
      let polarity = compiled.conceptNegated[concept]
      let name = compiled.conceptNames[concept]
      var found = Self.matches(in: compiled.table, range, in: context.analyzed)
      for pattern in compiled.proximity[concept] {
        context.analyzed.forEachMatch(of: pattern) { found.append($0) }
      }
      if found.isEmpty {
        missing.append(name)
        continue
      }
      if let match = best(of: found, where: { $0.negated == polarity && inScope($0) }) {
        let pattern = compiled.proximity[concept].first { $0.source == match.pattern }
        var item = context.evidence(
          name, match, related: pattern.flatMap { context.analyzed.relatedNote(for: match, in: $0) })
        item.negated = false  // the answer says what the concept says
        evidence.append(item)
        credited.append(name)
      } else if let match = best(of: found, where: { $0.negated != polarity }) {
        var item = context.evidence(name, match)
        // For a negative concept the answer's plain statement is the contradiction.
        if polarity { item.negated = true }
        evidence.append(item)
        negated.append(item)
        missing.append(name)
      } else if let match = best(of: found, where: { _ in true }) {
        let item = context.evidence(name, match, outOfScope: true)
        evidence.append(item)
        outOfScope.append(item)
        missing.append(name)
      } else {
        missing.append(name)
      }
    }
    let required = criterion.match.required(outOf: compiled.concepts.count)
    let fraction = required == 0 ? 1 : min(1, Double(credited.count) / Double(required))
    let points = (compiled.maxPoints * fraction * 10).rounded() / 10
    var misses: [Miss] = []
    let lost = ((compiled.maxPoints - points) * 10).rounded() / 10
    if lost > 0 {
      var reasons: [String] = []
      if let first = negated.first {
        reasons.append("you said “\(first.text)”, which negates \(first.concept): no credit")
      }
      if let first = outOfScope.first, let section = first.section {
        let wanted = (scope.map { criterion.scope?.filter($0.contains) ?? [] } ?? []).map(\.title).joined(
          separator: " or ")
        reasons.append("“\(first.text)” is in your \(section.title), but it counts in the \(wanted)")
      }
      let absent = missing.filter { name in
        !negated.contains { $0.concept == name } && !outOfScope.contains { $0.concept == name }
      }
      if !absent.isEmpty {
        let need = required - credited.count
        let names = absent.prefix(4).map { "“\($0)”" }
        switch criterion.match {
        case .any:
          reasons.append("no mention of \(Self.list(names, joiner: "or"))")
        case .all:
          reasons.append("missing \(Self.list(names, joiner: "and"))")
        case .atLeast:
          reasons.append(
            "\(credited.count) of the \(required) ideas needed; add \(need == 1 ? "one" : "\(need)") of \(Self.list(names, joiner: "or"))"
          )
        }
      }
      misses.append(
        Miss(
          concept: missing.first, reason: Self.capitalized(reasons.joined(separator: "; ")), hint: criterion.hint,
          pointsLost: lost))
    }
    return CriterionResult(
      id: criterion.id, title: criterion.title, kind: .content, points: points, maxPoints: compiled.maxPoints,
      evidence: evidence, missed: misses, message: credited.isEmpty ? nil : criterion.hit)
  }

  static func list(_ items: [String], joiner: String) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " \(joiner) " + (items.last ?? "")
    }
  }

  static func capitalized(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
  }
}
