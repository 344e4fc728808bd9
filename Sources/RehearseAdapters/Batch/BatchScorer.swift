import Foundation
import RehearseCore

/// Scores a JSON Lines stream of answers: one report (or one error object) per input line.
///
/// Each input line is `{"id": …, "answer": …}` plus one of `"question"` (a bank question id),
/// `"rubric"` (a rubric id) or `"reference"` (a reference answer, with the question's text in
/// `"prompt"` when there is one, so its words weigh less, and optionally more reference
/// answers in `"references"`, the best of which counts; scored against a rubric
/// drafted from it), and optionally `"form"` (`"star"` or `"case"`; default: the question's or
/// rubric's first form). A malformed line yields `{"id": …, "line": N, "error": …}` and the
/// stream goes on.
public struct BatchScorer {
  /// What each output line holds.
  public enum Output: Sendable {
    /// The full report per line.
    case full
    /// Only id, score and band: for large corpora.
    case compact
  }

  struct Input: Decodable {
    var id: String?
    var answer: String?
    var question: String?
    var rubric: String?
    var reference: String?
    var prompt: String?
    var form: String?
    /// More reference answers (e.g. example answers): the best-scoring one counts.
    var references: [String]?
  }

  let scorer: Scorer
  let bank: Bank?
  let output: Output
  private var compiled: [String: CompiledRubric] = [:]
  private let drafter: RubricDrafter

  /// A scorer for `score --batch`; `bank` resolves `question` and `rubric` lines (without a bank
  /// only `reference` lines can be scored; the others give an error object).
  public init(scorer: Scorer, bank: Bank?, output: Output = .full) {
    self.scorer = scorer
    self.bank = bank
    self.output = output
    drafter = RubricDrafter(tokenizer: scorer.tokenizer)
  }

  /// How many input lines were scored and how many gave an error object.
  public struct Summary: Sendable, Equatable {
    /// Lines that gave a report.
    public var scored: Int
    /// Lines that gave an error object instead (bad JSON, unknown question or rubric).
    public var failed: Int
  }

  /// Scores every line of `data`, calling `emit` with each output line (no newline).
  ///
  /// Returns the counts, so the caller can fail when no line could be scored.
  @discardableResult
  public mutating func run(_ data: Data, emit: (Data) -> Void) -> Summary {
    var summary = Summary(scored: 0, failed: 0)
    let decoder = JSONDecoder()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var lineNumber = 0
    var start = data.startIndex
    while start < data.endIndex {
      let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
      lineNumber += 1
      let line = data[start..<end]
      start = end < data.endIndex ? data.index(after: end) : end
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      let (output, scored) = scoreLine(line, number: lineNumber, decoder: decoder, encoder: encoder)
      if scored { summary.scored += 1 } else { summary.failed += 1 }
      emit(output)
    }
    return summary
  }

  /// One output line, and whether it is a report (not an error object).
  private mutating func scoreLine(
    _ line: Data, number: Int, decoder: JSONDecoder, encoder: JSONEncoder
  ) -> (Data, scored: Bool) {
    switch report(line, number: number, decoder: decoder, encoder: encoder) {
    case .success(let data): return (data, true)
    case .failure(let error): return (errorLine(id: error.id, number: number, error.message, encoder), false)
    }
  }

  private struct LineError: Error {
    var id: String?
    var message: String
  }

  private mutating func report(
    _ line: Data, number: Int, decoder: JSONDecoder, encoder: JSONEncoder
  ) -> Result<Data, LineError> {
    let input: Input
    do {
      input = try decoder.decode(Input.self, from: line)
    } catch {
      return .failure(LineError(id: nil, message: "line is not a JSON object with string fields: \(describe(error))"))
    }
    guard let answer = input.answer else {
      return .failure(LineError(id: input.id, message: "missing \"answer\""))
    }
    let rubric: CompiledRubric
    var alternatives: [CompiledRubric] = []
    var form: QuestionForm?
    if let name = input.form {
      guard let known = QuestionForm(rawValue: name) else {
        return .failure(LineError(id: input.id, message: "\"form\" is '\(name)'; use \"star\" or \"case\""))
      }
      form = known
    }
    let formKey = "/" + (form?.rawValue ?? "")
    switch (input.question, input.rubric, input.reference) {
    case (let question?, nil, nil):
      guard let bank, let found = bank.question(id: question) else {
        return .failure(LineError(id: input.id, message: "unknown question '\(question)'; run 'rehearse questions'"))
      }
      if let form, !found.accepts(form) {
        return .failure(
          LineError(
            id: input.id, message: "question '\(question)' asks for a \(found.defaultForm.title), not a \(form.title)"))
      }
      guard
        let compiled = compiledRubric(key: "q:" + question + formKey, { try? bank.rubricSet(for: found, form: form) })
      else {
        return .failure(LineError(id: input.id, message: "question '\(question)' has a broken rubric reference"))
      }
      rubric = compiled
    case (nil, let id?, nil):
      guard let bank, bank.rubrics[id] != nil else {
        return .failure(LineError(id: input.id, message: "unknown rubric '\(id)'"))
      }
      var failure: RubricResolutionError?
      guard
        let compiled = compiledRubric(
          key: "r:" + id + formKey,
          {
            do throws(RubricResolutionError) {
              return try RubricSet(ids: [id], library: bank.rubrics, form: form)
            } catch {
              failure = error
              return nil
            }
          })
      else {
        return .failure(
          LineError(id: input.id, message: failure?.description ?? "rubric '\(id)' could not be resolved"))
      }
      rubric = compiled
    case (nil, nil, let reference?):
      guard !reference.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        return .failure(
          LineError(id: input.id, message: "\"reference\" is empty; give the reference answer to draft a rubric from"))
      }
      let drafted = drafter.draft(
        id: "reference", title: "Drafted from the reference", reference: reference, question: input.prompt)
      guard
        let compiled = compiledRubric(
          key: "t:" + reference + "\u{0}" + (input.prompt ?? ""), { RubricSet(single: drafted) })
      else {
        return .failure(LineError(id: input.id, message: "could not draft a rubric from the reference"))
      }
      rubric = compiled
      for extra in input.references ?? [] where !extra.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        let drafted = drafter.draft(
          id: "reference", title: "Drafted from the reference", reference: extra, question: input.prompt)
        if let compiled = compiledRubric(
          key: "t:" + extra + "\u{0}" + (input.prompt ?? ""), { RubricSet(single: drafted) })
        {
          alternatives.append(compiled)
        }
      }
    default:
      return .failure(LineError(id: input.id, message: "give exactly one of \"question\", \"rubric\" or \"reference\""))
    }
    var report = scorer.score(Answer(text: answer), against: rubric, questionId: input.question)
    for alternative in alternatives {
      let other = scorer.score(Answer(text: answer), against: alternative, questionId: input.question)
      if other.score > report.score { report = other }
    }
    let data: Data?
    switch output {
    case .full:
      data = try? encoder.encode(BatchResult(id: input.id, line: number, report: report))
    case .compact:
      data = try? encoder.encode(CompactResult(id: input.id, line: number, score: report.score, band: report.band))
    }
    guard let data else { return .failure(LineError(id: input.id, message: "could not encode the report")) }
    return .success(data)
  }

  private mutating func compiledRubric(key: String, _ make: () -> RubricSet?) -> CompiledRubric? {
    if let hit = compiled[key] { return hit }
    guard let set = make() else { return nil }
    let value = scorer.compile(set)
    if compiled.count > 10_000 { compiled.removeAll() }
    compiled[key] = value
    return value
  }

  private func errorLine(id: String?, number: Int, _ message: String, _ encoder: JSONEncoder) -> Data {
    (try? encoder.encode(ErrorResult(id: id, line: number, error: message))) ?? Data("{\"error\":\"encoding\"}".utf8)
  }

  private func describe(_ error: any Error) -> String {
    if case DecodingError.typeMismatch(_, let context) = error {
      return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    }
    if case DecodingError.dataCorrupted = error { return "invalid JSON" }
    return "invalid JSON"
  }
}

struct BatchResult: Encodable {
  var id: String?
  var line: Int
  var report: ScoreReport

  enum CodingKeys: String, CodingKey { case id, line }

  func encode(to encoder: any Encoder) throws {
    try report.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(id, forKey: .id)
    try container.encode(line, forKey: .line)
  }
}

struct CompactResult: Encodable {
  var id: String?
  var line: Int
  var score: Double
  var band: String
}

struct ErrorResult: Encodable {
  var id: String?
  var line: Int
  var error: String
}
