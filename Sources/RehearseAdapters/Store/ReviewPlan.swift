import Foundation
import RehearseCore

/// Question ids to practise now, chosen by the SM-2 review plan over past answers.
///
/// `practice --due` calls this: competencies overdue for review come first (most overdue
/// first), then those due today, then competencies never practised; for each, the question
/// exercising it that was answered longest ago. At most `limit` ids, each once. Throws a
/// ``StoreError`` when the sessions folder cannot be listed; unreadable session files are
/// skipped (`rehearse doctor` reports them).
public func dueQuestionIds(
  in store: SessionStore, questions: [QuestionRef], now: Date,
  limit: Int
) throws -> [String] {
  try dueQuestionIds(in: store, questions: questions, now: now, limit: limit, timeZone: .current)
}

/// ``dueQuestionIds(in:questions:now:limit:)`` with an explicit time zone (where days end).
public func dueQuestionIds(
  in store: SessionStore, questions: [QuestionRef], now: Date,
  limit: Int, timeZone: TimeZone
) throws -> [String] {
  let answers = try store.catalog().sessions.flatMap(\.answers)
  let known = Array(Set(questions.flatMap(\.competencies)))
  let plan = ReviewScheduler.plan(answers: answers, known: known, now: now, timeZone: timeZone)
  return ReviewScheduler.dueQuestions(plan: plan, questions: questions, answers: answers, limit: limit)
}
