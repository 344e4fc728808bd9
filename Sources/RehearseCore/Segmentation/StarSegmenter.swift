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
  public var method: SegmentationMethod
  /// Section per token (parallel to the tokens).
  public var sectionOfToken: [StarSection]
  /// Sections the answer clearly contains.
  public var present: Set<StarSection>
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

  public init(tokenizer: Tokenizer = Tokenizer()) {
    func compile(_ phrases: [String]) -> [PhrasePattern] {
      phrases.map { PhrasePattern($0, tokenizer: tokenizer) }
    }
    let cues: [StarSection: [PhrasePattern]] = [
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
    let sections = StarSection.allCases.filter { cues[$0] != nil }
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
    let labels = findLabels(in: text, tokens: tokens)
    if !labels.marks.isEmpty, guided || labels.marks.count >= 2 || labels.marks.first?.section != .situation {
      var sectionOf: [StarSection] = []
      sectionOf.reserveCapacity(tokens.count)
      var isPresent = [Bool](repeating: false, count: StarSection.allCases.count)
      var markIndex = -1
      let marks = labels.marks
      for index in tokens.indices {
        let start = tokens[index].start
        while markIndex + 1 < marks.count, start >= marks[markIndex + 1].byte { markIndex += 1 }
        let section = markIndex >= 0 ? marks[markIndex].section : .situation
        sectionOf.append(section)
        if !isPresent[section.index] && !labels.tokens.contains(index) { isPresent[section.index] = true }
      }
      let present = Set(StarSection.allCases.filter { isPresent[$0.index] })
      return Segmentation(
        method: guided ? .guided : .labels, sectionOfToken: sectionOf, present: present,
        labelTokens: labels.tokens)
    }
    return infer(tokens: tokens, text: text, prepared: prepared)
  }

  // MARK: Labels

  private struct Mark {
    var byte: Int
    var section: StarSection
  }

  private static let labelWords: [String: StarSection] = [
    "situation": .situation, "context": .situation, "background": .situation, "s": .situation,
    "task": .task, "goal": .task, "goals": .task, "objective": .task, "t": .task,
    "action": .action, "actions": .action, "approach": .action, "a": .action,
    "result": .result, "results": .result, "outcome": .result, "outcomes": .result,
    "impact": .result, "r": .result,
  ]

  /// Lines that start with a section label: "Situation:", "S:", "**Task**", "## Action",
  /// "Result -", "- Outcome:". Returns where each section starts and the label tokens.
  private func findLabels(in text: String, tokens: [Token]) -> (marks: [Mark], tokens: Set<Int>) {
    let bytes = Array(text.utf8)
    var marks: [Mark] = []
    var labelTokenSet: Set<Int> = []
    var lineStart = 0
    let n = bytes.count
    // Tokens are in text order and do not overlap, so each label's tokens are found by walking
    // forward from the previous label's.
    var cursor = 0
    while lineStart < n {
      let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? n
      if let (section, wordStart, wordEnd, labelEnd) = parseLabel(bytes, lineStart, lineEnd) {
        marks.append(Mark(byte: wordStart, section: section))
        let limit = max(labelEnd, wordEnd)
        while cursor < tokens.count, tokens[cursor].start < wordStart { cursor += 1 }
        var index = cursor
        while index < tokens.count, tokens[index].start < limit {
          if tokens[index].end <= limit { labelTokenSet.insert(index) }
          index += 1
        }
      }
      lineStart = lineEnd + 1
    }
    return (marks, labelTokenSet)
  }

  private func parseLabel(_ b: [UInt8], _ start: Int, _ end: Int) -> (StarSection, Int, Int, Int)? {
    var i = start
    var decorated = false
    // Leading white space, bullets, heading marks and emphasis.
    while i < end, [0x20, 0x09, 0x23, 0x2A, 0x5F, 0x3E, 0x2D].contains(b[i]) {
      if b[i] != 0x20 && b[i] != 0x09 { decorated = true }
      i += 1
    }
    let wordStart = i
    while i < end, (b[i] | 0x20) >= 0x61, (b[i] | 0x20) <= 0x7A { i += 1 }
    let wordEnd = i
    guard wordEnd > wordStart else { return nil }
    let word = String(decoding: b[wordStart..<wordEnd], as: UTF8.self).lowercased()
    guard let section = Self.labelWords[word] else { return nil }
    // Closing emphasis and spaces, then a delimiter.
    var j = i
    var closed = false
    while j < end, b[j] == 0x2A || b[j] == 0x5F {
      closed = true
      j += 1
    }
    while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
    var delimiter = false
    if j < end {
      if [0x3A, 0x29, 0x2D, 0x2E].contains(b[j]) {
        delimiter = true
        j += 1
      } else if j + 2 < end, b[j] == 0xE2, b[j + 1] == 0x80, b[j + 2] == 0x93 || b[j + 2] == 0x94 {
        delimiter = true  // en or em dash
        j += 3
      }
    }
    while j < end, b[j] == 0x2A || b[j] == 0x5F || b[j] == 0x20 {
      if b[j] != 0x20 { closed = true }
      j += 1
    }
    let lineIsOnlyLabel = j >= end
    let singleLetter = wordEnd - wordStart == 1
    if singleLetter {
      // "S:", "A)" or "**S**" — but never the article "A" opening a sentence.
      let after: UInt8 = wordEnd < end ? b[wordEnd] : 0
      guard delimiter && after != 0x2E || (closed && decorated && lineIsOnlyLabel) else { return nil }
      if after == 0x2D { return nil }
    } else {
      guard delimiter || (closed && decorated) || lineIsOnlyLabel else { return nil }
      // "Impact was huge" or "Action items" are sentences, not labels.
      if delimiter, b[j - 1] == 0x2E, !lineIsOnlyLabel { return nil }
    }
    return (section, wordStart, wordEnd, j)
  }

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
        cueScore[tokens[index].sentence * 4 + StarSection.action.index] += 0.75
      } else if isContext {
        cueScore[tokens[index].sentence * 4 + StarSection.situation.index] += 0.5
      }
    }
    // Measured changes are the strongest Result cue.
    for quantity in QuantityDetector.quantities(in: tokens, utf8: analyzed.utf8) where quantity.measuresChange {
      cueScore[tokens[quantity.firstToken].sentence * 4 + StarSection.result.index] += 1.5
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
    let all = StarSection.allCases
    // A section is there when a sentence of five or more words was read as it: the same
    // reading that places evidence, so a credited mention never sits in a "missing" section.
    var words = [Int](repeating: 0, count: count)
    for token in tokens { words[token.sentence] += 1 }
    var present: Set<StarSection> = []
    for s in 0..<count where cueScore[s * 4 + sentenceSection[s]] > 0 || words[s] >= 5 {
      present.insert(all[sentenceSection[s]])
    }
    let sectionOf = tokens.map { all[sentenceSection[$0.sentence]] }
    return Segmentation(method: .inferred, sectionOfToken: sectionOf, present: present, labelTokens: [])
  }
}
