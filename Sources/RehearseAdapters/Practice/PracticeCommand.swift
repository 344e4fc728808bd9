import Foundation

/// A command typed at a practice prompt (`:hint`).
public enum PracticeCommand: String, CaseIterable, Sendable {
  case help, hint, rubric, model, back, edit, skip, redo, time
  case caseForm = "case"
  case story, quit

  /// What the command does, for `:help` and `rehearse practice --help`.
  public var summary: String {
    switch self {
    case .help: "list these commands"
    case .hint: "show the next hint (recorded with the answer)"
    case .rubric: "show what the answer is judged on (recorded)"
    case .model: "reveal the model answer (recorded)"
    case .back: "guided mode: return to the previous section"
    case .edit: "open $EDITOR on the answer so far"
    case .skip: "skip this question (recorded as skipped)"
    case .redo: "answer the last question again (both attempts are kept)"
    case .time: "show the time used and left"
    case .caseForm: "answer as a case (how you would approach it), if the question takes one"
    case .story: "answer as a STAR story from your own experience, if the question takes one"
    case .quit: "end the session and show the summary"
    }
  }

  /// ":help", ":hint", …: the words Tab completes.
  public static var words: [String] { allCases.map { ":" + $0.rawValue } }

  /// What a line typed at a prompt means.
  public enum Parsed: Equatable, Sendable {
    case command(PracticeCommand)
    case unknown(String)
  }

  /// A command when the line is a single `:word`, else nil (the line is answer text).
  public static func parse(_ line: String) -> Parsed? {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix(":"), trimmed.count > 1 else { return nil }
    let word = trimmed.dropFirst()
    guard word.allSatisfy({ $0.isLetter }) else { return nil }
    if let command = PracticeCommand(rawValue: word.lowercased()) { return .command(command) }
    return .unknown(String(trimmed))
  }

  /// The one-line list shown after an unknown command.
  public static var list: String { words.joined(separator: " ") }
}
