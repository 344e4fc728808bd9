import RehearseCore

/// Why a practice session could not start or go on. Every case says how to fix it.
public enum PracticeError: UserFacingError, Equatable, Sendable {
  /// No question with this id; `suggestion` is the nearest id in the bank, if one is close.
  case unknownQuestion(String, suggestion: String? = nil)
  case noQuestions(
    category: String?, difficulty: String?, available: [String], track: String? = nil, form: String? = nil)
  /// `--form` asks for a form the question does not take.
  case wrongForm(questionId: String, asked: QuestionForm, accepted: [QuestionForm])
  case nothingToResume
  case alreadyCompleted(sessionId: String)
  case editorFailed(command: String, reason: String)
  /// Sessions cannot be saved in the data home's sessions folder `path`.
  case homeNotWritable(path: String, reason: String)

  /// The message shown on stderr: what went wrong with the request and how to go on.
  public var description: String {
    switch self {
    case .unknownQuestion(let id, let suggestion):
      let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
      return "no question '\(id)' in the bank\(hint); run 'rehearse questions' to list them"
    case .noQuestions(let category, let difficulty, let available, let track, let form):
      var filters: [String] = []
      if let category { filters.append("--category \(category)") }
      if let difficulty { filters.append("--difficulty \(difficulty)") }
      if let track { filters.append("--track \(track)") }
      if let form { filters.append("--form \(form)") }
      let what = filters.isEmpty ? "the bank has no questions" : "no questions match \(filters.joined(separator: " "))"
      let list = available.isEmpty ? "" : "; categories with questions: \(available.joined(separator: ", "))"
      return "\(what)\(list)"
    case .wrongForm(let id, let asked, let accepted):
      return
        "question '\(id)' takes \(accepted.map(\.title).joined(separator: " or ")) answers, not \(asked.title) answers; leave out --form or choose another question"
    case .nothingToResume:
      return "no session in progress to resume; start one with 'rehearse practice'"
    case .alreadyCompleted(let id):
      return "session '\(id)' is already completed; start a new one with 'rehearse practice'"
    case .editorFailed(let command, let reason):
      return "the editor '\(command)' failed: \(reason); set EDITOR to an editor that waits until you close the file"
    case .homeNotWritable(let path, let reason):
      return
        "cannot practise: sessions cannot be saved in \(path) (\(reason)); nothing was asked. Make the folder writable, or set REHEARSE_HOME to a folder you can write"
    }
  }
}
