/// How the STAR sections of an answer were found.
public enum SegmentationMethod: String, Sendable, Codable {
  /// Captured section by section.
  case guided
  /// Found from labels in the text ("Situation:", "S:", "**Task**", "Result -").
  case labels
  /// Inferred from cue phrases and position.
  case inferred
}

/// The section of every token, and which sections are clearly present.
public struct Segmentation: Sendable, Equatable {
  /// Whether sections were captured one by one, found from labels, or inferred from cues.
  public var method: SegmentationMethod
  /// Section per token (parallel to the tokens).
  public var sectionOfToken: [AnswerSection]
  /// Sections the answer clearly contains.
  public var present: Set<AnswerSection>
  /// Tokens that are section labels and not part of the answer's content.
  public var labelTokens: Set<Int>
}

/// Splits an answer into Situation, Task, Action and Result.
///
/// Labels win when the text has them; otherwise each sentence is scored by cue phrases
/// ("my goal was", "I decided", "as a result") and position, and the best labelling that
/// keeps S → T → A → R order is chosen (a small Viterbi pass).
public struct StarSegmenter: Sendable {
  /// Every cue pattern laid out for matching, and each section's index and range of them.
  private let cueTable: PatternTable
  private let cueGroups: [(section: Int, patterns: Range<Int>)]

  /// A segmenter whose cue phrases are stemmed by `tokenizer`; use the scorer's tokenizer so cues and answers
  /// are numbered by the same lexicon.
  public init(tokenizer: Tokenizer = Tokenizer()) {
    func compile(_ phrases: [String]) -> [PhrasePattern] {
      phrases.map { PhrasePattern($0, tokenizer: tokenizer) }
    }
    let cues: [AnswerSection: [PhrasePattern]] = [
      .situation: compile([
        "at my last", "at my previous", "when i was", "i was working", "we were", "our team",
        "the team", "the company", "our product", "context", "background", "last year",
        "we had", "there was", "was facing", "were facing", "struggling", "users were",
        "had a problem", "previously", "at the time", "i was the", "i joined", "i worked at",
        "customers were", "complaints", "situation",
      ]),
      .task: compile([
        "my goal", "the goal", "goal was", "my task", "i was asked", "asked me", "i needed to",
        "i had to", "needed to", "my job", "responsible for", "tasked", "challenge was",
        "objective", "my role", "i owned", "wanted to", "target was", "had to decide",
        "the question was", "i was responsible", "mandate", "the ask", "we needed", "task",
      ]),
      .action: compile([
        "i decided", "i proposed", "i ran", "i built", "i designed", "i worked with", "i led",
        "i set up", "i defined", "i partnered", "i created", "i wrote", "i convinced",
        "i pushed", "i introduced", "first", "then", "next", "i chose", "i analyzed",
        "i analysed", "so i", "i started", "i brought", "i added", "i launched", "i shipped",
        "i negotiated", "i aligned", "i framed", "i insisted", "i made", "i met", "i asked",
        "i used", "i instrumented", "i segmented", "i reviewed", "i mapped", "i prioritised",
        "i prioritized", "i would", "i'd", "my plan", "step", "action",
      ]),
      .result: compile([
        "as a result", "result", "outcome", "in the end", "ultimately", "we saw", "led to",
        "resulted in", "increased", "reduced", "improved", "impact", "learned", "lesson",
        "since then", "went from", "by the end", "dropped", "grew", "rose", "fell", "saved",
        "the launch", "afterwards", "which meant", "cut", "lifted", "adopted", "rolled out",
      ]),
    ]
    // Matches only add up per sentence and section, so the order of the sections is free.
    let sections = AnswerSection.star.filter { cues[$0] != nil }
    let (table, ranges) = PatternTable.grouped(sections.map { cues[$0] ?? [] })
    cueTable = table
    cueGroups = zip(sections, ranges).map { ($0.index, $1) }
  }

  /// Segments a tokenised answer. `guided` holds the text per section when captured that way.
  public func segment(tokens: [Token], text: String, guided: Bool) -> Segmentation {
    segment(tokens: tokens, text: text, guided: guided) { nil }
  }

  /// Segments a tokenised answer; when sections are inferred, `prepared` may supply the
  /// analysis of the whole text (no tokens excluded, no typo corrections) to match cues in.
  func segment(tokens: [Token], text: String, guided: Bool, prepared: () -> AnalyzedText?) -> Segmentation {
    let labels = SectionLabels.find(in: text, tokens: tokens, words: Self.labelWords, phrases: false)
    if !labels.marks.isEmpty, guided || labels.marks.count >= 2 || labels.marks.first?.section != .situation {
      var sectionOf: [AnswerSection] = []
      sectionOf.reserveCapacity(tokens.count)
      var isPresent = [Bool](repeating: false, count: AnswerSection.star.count)
      var markIndex = -1
      let marks = labels.marks
      for index in tokens.indices {
        let start = tokens[index].start
        while markIndex + 1 < marks.count, start >= marks[markIndex + 1].byte { markIndex += 1 }
        let section = markIndex >= 0 ? marks[markIndex].section : .situation
        sectionOf.append(section)
        if !isPresent[section.index] && !labels.tokens.contains(index) { isPresent[section.index] = true }
      }
      let present = Set(AnswerSection.star.filter { isPresent[$0.index] })
      return Segmentation(
        method: guided ? .guided : .labels, sectionOfToken: sectionOf, present: present,
        labelTokens: labels.tokens)
    }
    return infer(tokens: tokens, text: text, prepared: prepared)
  }

  static let labelWords: [String: AnswerSection] = [
    "situation": .situation, "context": .situation, "background": .situation, "s": .situation,
    "task": .task, "goal": .task, "goals": .task, "objective": .task, "t": .task,
    "action": .action, "actions": .action, "approach": .action, "a": .action,
    "result": .result, "results": .result, "outcome": .result, "outcomes": .result,
    "impact": .result, "r": .result,
  ]

  // MARK: Inference

  private func infer(tokens: [Token], text: String, prepared: () -> AnalyzedText?) -> Segmentation {
    guard let lastSentence = tokens.last?.sentence else {
      return Segmentation(method: .inferred, sectionOfToken: [], present: [], labelTokens: [])
    }
    let count = lastSentence + 1
    var analyzed = prepared() ?? AnalyzedText(text: text, tokens: tokens, excluded: [], vocabulary: nil)
    analyzed.detectsNegation = false  // a cue counts wherever it is
    // Cue score of sentence s for section k at s * 4 + k.
    var cueScore = [Double](repeating: 0, count: count * 4)
    for (section, patterns) in cueGroups {
      analyzed.forEachMatch(in: cueTable, patterns) { match in
        cueScore[tokens[match.firstToken].sentence * 4 + section] += 1
      }
    }
    // "I ran", "we then shipped": a first-person past action is an Action cue; "I'd" or
    // "I would" is the action of a plan.
    for index in tokens.indices {
      let flags = tokens[index].flags
      guard flags.contains(.firstPersonSingular) || flags.contains(.firstPersonPlural) else { continue }
      var next = index + 1
      while next < tokens.count, next <= index + 2, Vocabulary.adverbsBeforeVerb.contains(tokens[next].text) {
        next += 1
      }
      guard next < tokens.count, tokens[next].sentence == tokens[index].sentence else { continue }
      let verb = tokens[next].text
      let isPast = Vocabulary.irregularPast.contains(verb) || verb.hasSuffix("ed") && verb.count > 3
      let isContext = ["was", "were", "had"].contains(verb)
      if isPast && !isContext {
        cueScore[tokens[index].sentence * 4 + AnswerSection.action.index] += 0.75
      } else if isContext {
        cueScore[tokens[index].sentence * 4 + AnswerSection.situation.index] += 0.5
      }
    }
    // Measured changes are the strongest Result cue.
    for quantity in QuantityDetector.quantities(in: tokens, utf8: analyzed.utf8) where quantity.measuresChange {
      cueScore[tokens[quantity.firstToken].sentence * 4 + AnswerSection.result.index] += 1.5
    }
    let centers: [Double] = [0.08, 0.3, 0.6, 0.92]
    // Best score and best previous section of sentence s in section k, at s * 4 + k.
    var dp = [Double](repeating: 0, count: count * 4)
    var back = [Int](repeating: 0, count: count * 4)
    for s in 0..<count {
      let position = (Double(s) + 0.5) / Double(count)
      for k in 0..<4 {
        let emission = 2 * min(cueScore[s * 4 + k], 3) - 2 * abs(position - centers[k])
        if s == 0 {
          dp[k] = emission - Double(k) * 0.5
        } else {
          var best = -Double.infinity
          var bestK = 0
          for previous in 0...k where dp[(s - 1) * 4 + previous] > best {
            best = dp[(s - 1) * 4 + previous]
            bestK = previous
          }
          dp[s * 4 + k] = best + emission
          back[s * 4 + k] = bestK
        }
      }
    }
    var state = (0..<4).max { dp[(count - 1) * 4 + $0] < dp[(count - 1) * 4 + $1] } ?? 0
    var sentenceSection = [Int](repeating: 0, count: count)
    for s in stride(from: count - 1, through: 0, by: -1) {
      sentenceSection[s] = state
      state = back[s * 4 + state]
    }
    let all = AnswerSection.star
    // A section is there when a sentence of five or more words was read as it: the same
    // reading that places evidence, so a credited mention never sits in a "missing" section.
    var words = [Int](repeating: 0, count: count)
    for token in tokens { words[token.sentence] += 1 }
    var present: Set<AnswerSection> = []
    for s in 0..<count where cueScore[s * 4 + sentenceSection[s]] > 0 || words[s] >= 5 {
      present.insert(all[sentenceSection[s]])
    }
    let sectionOf = tokens.map { all[sentenceSection[$0.sentence]] }
    return Segmentation(method: .inferred, sectionOfToken: sectionOf, present: present, labelTokens: [])
  }
}
