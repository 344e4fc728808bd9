/// One part of an answer: a STAR section (Situation, Task, Action, Result) or a part of a
/// structured case answer (goal, metrics, approach, risks, launch).
///
/// The raw value is the lower-case name used in YAML, JSON and at the prompt.
public enum AnswerSection: String, Codable, Sendable, CaseIterable, Comparable, Hashable {
  case situation, task, action, result
  case goal, metrics, approach, risks, launch

  /// The four STAR sections, in order.
  public static let star: [AnswerSection] = [.situation, .task, .action, .result]
  /// The five parts of a structured case answer, in order.
  public static let caseParts: [AnswerSection] = [.goal, .metrics, .approach, .risks, .launch]

  /// The title shown to people ("Situation", "Success metrics").
  public var title: String {
    switch self {
    case .goal: "Goal & users"
    case .metrics: "Success metrics"
    case .risks: "Risks & trade-offs"
    case .launch: "Launch & iteration"
    default: label
    }
  }

  /// The one-word label an answer's text uses for the part ("Situation:", "Metrics:").
  public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

  /// The answer form this section belongs to.
  public var form: QuestionForm { index < 4 ? .star : .caseStudy }

  /// Sections sort in the order they are asked: STAR first, then the case sections.
  public static func < (lhs: AnswerSection, rhs: AnswerSection) -> Bool {
    lhs.index < rhs.index
  }

  var index: Int {
    switch self {
    case .situation: 0
    case .task: 1
    case .action: 2
    case .result: 3
    case .goal: 4
    case .metrics: 5
    case .approach: 6
    case .risks: 7
    case .launch: 8
    }
  }
}

/// What kind of answer a question asks for.
public enum QuestionForm: String, Codable, Sendable, CaseIterable, Comparable {
  /// A behavioural story from the candidate's own past, in STAR form.
  case star
  /// A product-design, strategy or estimation case: how the candidate would approach it.
  case caseStudy = "case"

  /// The parts an answer of this form is made of.
  public var sections: [AnswerSection] {
    switch self {
    case .star: AnswerSection.star
    case .caseStudy: AnswerSection.caseParts
    }
  }

  /// "STAR story" or "case".
  public var title: String {
    switch self {
    case .star: "STAR story"
    case .caseStudy: "case"
    }
  }

  /// A STAR story sorts before a case.
  public static func < (lhs: QuestionForm, rhs: QuestionForm) -> Bool {
    lhs == .star && rhs == .caseStudy
  }
}

/// How a candidate gives an answer: part by part, or as one free-form text.
public enum AnswerForm: String, Codable, Sendable, CaseIterable {
  /// Prompted part by part: Situation, Task, Action and Result for a story; goal, metrics,
  /// approach, risks and launch for a case.
  case star
  /// One free-form text; the parts are found by labels or inferred.
  case free
}

/// A candidate's answer as captured: either per STAR section or as one free text.
public struct Answer: Codable, Sendable, Equatable {
  /// Text per section when the answer was captured section by section.
  public var sections: [AnswerSection: String]
  /// The whole answer when captured free-form.
  public var freeText: String?

  /// An answer captured section by section (guided mode).
  public init(sections: [AnswerSection: String]) {
    self.sections = sections
    self.freeText = nil
  }

  /// An answer captured as one text (free mode, files, batch input).
  public init(text: String) {
    self.sections = [:]
    self.freeText = text
  }

  /// The whole answer as one text, with section labels when captured per section.
  public var fullText: String {
    if let freeText { return freeText }
    return AnswerSection.allCases.compactMap { section in
      guard let text = sections[section], !text.isEmpty else { return nil }
      return "\(section.label): \(text)"
    }.joined(separator: "\n\n")
  }

  /// True when the candidate wrote nothing at all.
  public var isEmpty: Bool {
    fullText.allSatisfy { $0.isWhitespace }
  }

  enum CodingKeys: String, CodingKey {
    case situation, task, action, result, goal, metrics, approach, risks, launch, text

    static func key(for section: AnswerSection) -> CodingKeys {
      switch section {
      case .situation: .situation
      case .task: .task
      case .action: .action
      case .result: .result
      case .goal: .goal
      case .metrics: .metrics
      case .approach: .approach
      case .risks: .risks
      case .launch: .launch
      }
    }
  }

  /// Reads `text` (a free answer) and any section keys; every key is optional.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    freeText = try container.decodeIfPresent(String.self, forKey: .text)
    var sections: [AnswerSection: String] = [:]
    for section in AnswerSection.allCases {
      let key = CodingKeys.key(for: section)
      if let text = try container.decodeIfPresent(String.self, forKey: key) {
        sections[section] = text
      }
    }
    self.sections = sections
  }

  /// Writes `text` when the answer was captured as one text, and each captured section under its own key.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(freeText, forKey: .text)
    for section in AnswerSection.allCases {
      if let text = sections[section] {
        try container.encode(text, forKey: CodingKeys.key(for: section))
      }
    }
  }
}
