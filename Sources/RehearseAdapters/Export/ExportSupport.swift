import Foundation
import RehearseCore

/// The formats `rehearse export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
  case md, html, json, csv, packet

  /// The file extension for this format.
  public var fileExtension: String {
    switch self {
    case .md: "md"
    case .html: "html"
    case .json: "json"
    case .csv: "csv"
    case .packet: "yaml"
    }
  }
}

/// What an export needs besides the sessions: which Rehearse produced it and when.
///
/// Injected so renderers stay pure (golden tests pass a fixed date).
public struct ExportContext: Sendable {
  /// The Rehearse version printed in every export's footer.
  public var rehearseVersion: String
  var exportedAt: Date

  /// What exports print in their footers; pass a fixed `exportedAt` in tests so output is byte-stable.
  public init(rehearseVersion: String, exportedAt: Date) {
    self.rehearseVersion = rehearseVersion
    self.exportedAt = exportedAt
  }
}

/// Facts about a session shown in every export's provenance header.
struct Provenance {
  struct RubricUse: Hashable {
    var references: [RubricReference]
    var hash: String
    var text: String {
      references.map { "\($0.id) v\($0.version)" }.joined(separator: " + ") + " (hash \(hash))"
    }
  }

  var rubrics: [RubricUse]
  var hintsUsed: Int
  var modelsRevealed: Int
  var mentors: [String]
  var durationSeconds: Double
  var bankVersions: [String]

  init(_ session: Session) {
    var seen: Set<RubricUse> = []
    var rubrics: [RubricUse] = []
    for answer in session.answers {
      let use = RubricUse(references: answer.rubrics, hash: answer.rubricHash)
      if !answer.rubrics.isEmpty && seen.insert(use).inserted { rubrics.append(use) }
    }
    self.rubrics = rubrics
    hintsUsed = session.answers.reduce(0) { $0 + $1.hintsUsed.count }
    modelsRevealed = session.answers.filter(\.modelRevealed).count
    var mentors: [String] = []
    for grade in session.grades where !mentors.contains(grade.mentor) { mentors.append(grade.mentor) }
    self.mentors = mentors
    let end = session.endedAt ?? session.answers.map(\.answeredAt).max() ?? session.startedAt
    durationSeconds = max(0, end.timeIntervalSince(session.startedAt))
    var versions = [session.bankVersion]
    for answer in session.answers where !versions.contains(answer.bankVersion) { versions.append(answer.bankVersion) }
    bankVersions = versions
  }

  var gradersText: String {
    mentors.isEmpty ? "automatic scorer" : "automatic scorer; mentors: " + mentors.joined(separator: ", ")
  }
}

/// A main answer with the follow-ups asked after it.
struct AnswerGroup {
  var main: AnswerRecord
  var followUps: [AnswerRecord]

  /// Main answers in order, each with its follow-ups; a follow-up whose parent is missing
  /// stands on its own.
  static func groups(_ session: Session) -> [AnswerGroup] {
    let mainIds = Set(session.answers.filter { $0.kind == .main }.map(\.id))
    var groups: [AnswerGroup] = []
    for answer in session.answers {
      if answer.kind == .followUp, let parent = answer.parentId, mainIds.contains(parent) { continue }
      let followUps = session.answers.filter {
        $0.kind == .followUp && $0.parentId == answer.id && answer.kind == .main
      }
      groups.append(AnswerGroup(main: answer, followUps: followUps))
    }
    return groups
  }
}

enum ExportText {
  static let dateFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter
  }()

  static let dayFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter
  }()

  static func date(_ date: Date) -> String { dateFormatter.string(from: date) }
  static func day(_ date: Date) -> String { dayFormatter.string(from: date) }

  static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// "2:05", "1:02:03".
  static func duration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
    let mm = h > 0 && m < 10 ? "0\(m)" : "\(m)"
    let ss = s < 10 ? "0\(s)" : "\(s)"
    return h > 0 ? "\(h):\(mm):\(ss)" : "\(mm):\(ss)"
  }

  /// The answer as its sections (title, text), or one untitled text for a free answer.
  static func sections(_ answer: Answer) -> [(title: String?, text: String)] {
    if let free = answer.freeText { return [(nil, free)] }
    return AnswerSection.allCases.compactMap { section in
      guard let text = answer.sections[section], !text.isEmpty else { return nil }
      return (section.title, text)
    }
  }

  static func plural(_ count: Int, _ word: String) -> String {
    "\(count) \(word)\(count == 1 ? "" : "s")"
  }
}
