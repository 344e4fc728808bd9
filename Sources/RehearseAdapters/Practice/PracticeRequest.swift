import RehearseCore

/// What `rehearse practice` was asked to do, decided from the flags before any work runs.
public struct PracticeRequest: Sendable, Equatable {
  /// Which questions the session asks.
  public enum Selection: Sendable, Equatable {
    /// These questions, in this order (`--question`, repeatable).
    case questions([String])
    /// `count` questions at random, optionally from one category or difficulty.
    case random(category: String?, difficulty: Difficulty?, count: Int)
    /// Continue a session: this one, or the latest one in progress when nil.
    case resume(sessionId: String?)
    /// Up to `count` questions that spaced repetition says are due (`--due`), chosen from
    /// the saved sessions when the run starts.
    case due(count: Int)
  }

  var selection: Selection
  /// Guided (`.star`) or free; nil means each question's own `answerForm`.
  public var mode: AnswerForm?
  /// Seconds per answer; `0` means each question's suggested time; nil is untimed.
  public var timedSeconds: Int?
  /// Seed for the question order (recorded so the order can be reproduced).
  public var seed: UInt64
  /// A mentor grading each answer in person.
  public var mentor: String?
  /// Only questions of this career track (random selection).
  public var track: String?
  /// Answer every question in this form (only questions that accept it are chosen); nil: each
  /// question's first form, which the candidate may switch with `:case` / `:story`.
  public var form: QuestionForm?

  /// A request to practise `selection`; `seed` makes question order repeatable, `timedSeconds` sets a
  /// per-answer limit, and `mentor` grades each answer in person.
  public init(
    selection: Selection, mode: AnswerForm? = nil, timedSeconds: Int? = nil, seed: UInt64, mentor: String? = nil,
    track: String? = nil, form: QuestionForm? = nil
  ) {
    self.track = track
    self.form = form
    self.selection = selection
    self.mode = mode
    self.timedSeconds = timedSeconds
    self.seed = seed
    self.mentor = mentor
  }
}

/// How a practice session ended.
public struct PracticeOutcome: Sendable, Equatable {
  /// The session practised; empty when none was started (`--due` with nothing due).
  public var sessionId: String
  /// Whether the session ended completed or was left in progress, to be resumed later.
  public var status: SessionStatus
  var answersSaved: Int
}
