/// One of the four parts of a STAR answer.
///
/// The raw value is the lower-case name used in YAML, JSON and at the prompt.
public enum StarSection: String, Codable, Sendable, CaseIterable, Comparable, Hashable {
  case situation, task, action, result

  /// The title shown to people ("Situation").
  public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

  public static func < (lhs: StarSection, rhs: StarSection) -> Bool {
    lhs.index < rhs.index
  }

  var index: Int {
    switch self {
    case .situation: 0
    case .task: 1
    case .action: 2
    case .result: 3
    }
  }
}

/// How a candidate gives an answer: section by section, or as one free-form text.
public enum AnswerForm: String, Codable, Sendable, CaseIterable {
  /// Prompted section by section: Situation, Task, Action, Result.
  case star
  /// One free-form text; STAR sections are found by labels or inferred.
  case free
}

/// A candidate's answer as captured: either per STAR section or as one free text.
public struct Answer: Codable, Sendable, Equatable {
  /// Text per section when the answer was captured section by section.
  public var sections: [StarSection: String]
  /// The whole answer when captured free-form.
  public var freeText: String?

  /// An answer captured section by section (guided mode).
  public init(sections: [StarSection: String]) {
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
    return StarSection.allCases.compactMap { section in
      guard let text = sections[section], !text.isEmpty else { return nil }
      return "\(section.title): \(text)"
    }.joined(separator: "\n\n")
  }

  /// True when the candidate wrote nothing at all.
  public var isEmpty: Bool {
    fullText.allSatisfy { $0.isWhitespace }
  }

  enum CodingKeys: String, CodingKey {
    case situation, task, action, result, text

    static func key(for section: StarSection) -> CodingKeys {
      switch section {
      case .situation: .situation
      case .task: .task
      case .action: .action
      case .result: .result
      }
    }
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    freeText = try container.decodeIfPresent(String.self, forKey: .text)
    var sections: [StarSection: String] = [:]
    for section in StarSection.allCases {
      let key = CodingKeys.key(for: section)
      if let text = try container.decodeIfPresent(String.self, forKey: key) {
        sections[section] = text
      }
    }
    self.sections = sections
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(freeText, forKey: .text)
    for section in StarSection.allCases {
      if let text = sections[section] {
        try container.encode(text, forKey: CodingKeys.key(for: section))
      }
    }
  }
}
