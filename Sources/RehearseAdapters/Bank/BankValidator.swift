import Foundation
import RehearseCore

/// The result of scoring one example answer during `rehearse check`.
public struct ExampleCheck: Sendable, Equatable {
  /// The rubric the example belongs to.
  public var rubricId: String
  /// The example's id within its rubric.
  public var exampleId: String
  /// The rubric file, as shown to the user.
  public var path: String
  /// The example's line in that file, when known.
  public var line: Int?
  /// The score it got, 0–100.
  public var score: Double
  /// The range its author said it should score in.
  public var expected: ClosedRange<Double>
  /// Whether ``score`` lies in ``expected``; an example outside it is reported as a diagnostic.
  public var inRange: Bool { expected.contains(score) }
}

/// What `rehearse check` found.
public struct CheckReport: Sendable {
  /// Question and rubric files read, plus `bank.yaml` when present.
  public var filesChecked: Int
  /// Questions loaded.
  public var questions: Int
  /// Rubrics loaded, shared ones included.
  public var rubrics: Int
  /// Every problem found, in file order.
  public var diagnostics: [Diagnostic]
  /// Each rubric example answer with the score it got.
  public var examples: [ExampleCheck]
  /// Model answers scored against their question's rubrics.
  public var modelAnswers: [ExampleCheck]
  /// Files (rubrics with examples, questions) whose answers were not scored because a rubric
  /// they use has problems of its own, which are in `diagnostics`.
  public var unscored: [String] = []
  /// True when there are no diagnostics (examples out of range are diagnostics too).
  public var passed: Bool { diagnostics.isEmpty }
}

/// Validates a bank beyond what decoding checks: references, ids, weights, categories,
/// near-duplicate questions, and that every example answer scores where its author said.
public enum BankValidator {
  /// Checks the bank at `source`. With `paths`, only diagnostics for those files (or
  /// folders) are reported, but references still resolve against the whole bank.
  public static func check(_ source: BankSource, paths: [String] = [], scorer: Scorer = Scorer()) -> CheckReport {
    let result = BankLoader.read(source, questionFilter: nil)
    var diagnostics = result.diagnostics + crossCheck(result)
    var examples: [ExampleCheck] = []
    var models: [ExampleCheck] = []
    var unscored: [String] = []
    if let bank = result.bank {
      var compiledCache: [String: CompiledRubric] = [:]
      func compiled(_ ids: [String], form: QuestionForm? = nil) -> CompiledRubric? {
        let key = ids.joined(separator: "+") + "/" + (form?.rawValue ?? "")
        if let hit = compiledCache[key] { return hit }
        guard let set = try? RubricSet(ids: ids, library: bank.rubrics, form: form) else { return nil }
        let value = scorer.compile(set)
        compiledCache[key] = value
        return value
      }
      for entry in result.rubrics {
        let rubric = entry.rubric
        for (index, example) in rubric.examples.enumerated() {
          let line = entry.document.line(at: [
            AnyCodingKey("examples"), AnyCodingKey(intValue: index) ?? AnyCodingKey(String(index)),
          ])
          guard example.expect.count == 2, example.expect[0] <= example.expect[1] else {
            diagnostics.append(
              Diagnostic(
                path: entry.document.path, line: line,
                message:
                  "example '\(example.id)' has expect \(example.expect); write [low, high] with low ≤ high, e.g. [75, 100]"
              ))
            continue
          }
          let ids = example.question.flatMap { bank.question(id: $0)?.rubrics } ?? [rubric.id]
          if let form = example.form, let chain = try? RubricSet(ids: ids, library: bank.rubrics),
            !chain.offeredForms.contains(form)
          {
            diagnostics.append(
              Diagnostic(
                path: entry.document.path, line: line,
                message:
                  "example '\(example.id)' is a \(form.title) answer, but rubric '\(rubric.id)' does not judge \(form.title) answers; add '\(form == .star ? "star-structure" : "case-structure")' to its extends or change the example's form"
              ))
            continue
          }
          guard let compiled = compiled(ids, form: example.form) else {
            if unscored.last != entry.document.path { unscored.append(entry.document.path) }
            continue
          }
          let report = scorer.score(Answer(text: example.answer), against: compiled, questionId: example.question)
          let check = ExampleCheck(
            rubricId: rubric.id, exampleId: example.id, path: entry.document.path, line: line, score: report.score,
            expected: example.expect[0]...example.expect[1])
          examples.append(check)
          if !check.inRange {
            diagnostics.append(
              Diagnostic(
                path: entry.document.path, line: line,
                message:
                  "example '\(example.id)' scored \(format(report.score)), expected \(format(check.expected.lowerBound))–\(format(check.expected.upperBound)); run 'rehearse score --rubric \(rubric.id)' on it to see why, then adjust the rubric or the example"
              ))
          }
        }
      }
      for entry in result.questions {
        let question = entry.question
        for form in question.forms where question.modelAnswers[form] != nil {
          guard let compiled = compiled(question.rubrics, form: form) else {
            if unscored.last != entry.document.path { unscored.append(entry.document.path) }
            continue
          }
          let report = scorer.score(
            Answer(text: question.modelAnswer(for: form)), against: compiled, questionId: question.id)
          let top = compiled.set.bands.map(\.min).max() ?? 80
          let keys =
            question.modelAnswers.count > 1
            ? [AnyCodingKey("modelAnswer"), AnyCodingKey(form.rawValue)] : [AnyCodingKey("modelAnswer")]
          let check = ExampleCheck(
            rubricId: question.rubrics.last ?? "",
            exampleId: question.modelAnswers.count > 1 ? "modelAnswer.\(form.rawValue)" : "modelAnswer",
            path: entry.document.path, line: entry.document.line(at: keys), score: report.score, expected: top...100)
          models.append(check)
          if !check.inRange {
            let which = question.modelAnswers.count > 1 ? "\(form.title) model answer" : "model answer"
            diagnostics.append(
              Diagnostic(
                path: entry.document.path, line: check.line,
                message:
                  "question '\(question.id)': \(which) scored \(format(report.score)) (\(report.band)); a model answer must reach the top band (≥ \(format(top))). Biggest gap: \(report.biggestGap ?? "none")"
              ))
          }
        }
      }
    }
    if !paths.isEmpty {
      let wanted = paths.map { source.display(URL(fileURLWithPath: $0).standardizedFileURL) }
      func selected(_ path: String) -> Bool {
        wanted.contains { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
      }
      diagnostics = diagnostics.filter { selected($0.path) }
      examples = examples.filter { selected($0.path) }
      models = models.filter { selected($0.path) }
      unscored = unscored.filter(selected)
    }
    return CheckReport(
      filesChecked: result.questions.count + result.rubrics.count + (result.manifestDocument == nil ? 0 : 1),
      questions: result.questions.count, rubrics: result.rubrics.count,
      diagnostics: diagnostics.sorted { ($0.path, $0.line ?? 0) < ($1.path, $1.line ?? 0) }, examples: examples,
      modelAnswers: models, unscored: unscored)
  }

  /// Ids of the structure rules' results; a content criterion may not use them.
  static let reservedIds: Set<String> = ["star-sections", "case-parts", "quantified-result", "ownership", "length"]

  /// Checks that need more than one file: ids, references, categories, weights, duplicates.
  static func crossCheck(_ result: BankLoader.ReadResult, includePolicy: Bool = true) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let tokenizer = Tokenizer()
    func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
    func item(_ index: Int) -> AnyCodingKey { AnyCodingKey(intValue: index) ?? AnyCodingKey(String(index)) }

    // Rubrics: duplicate ids, file names, weights, references.
    var rubricById: [String: String] = [:]
    for entry in result.rubrics {
      let rubric = entry.rubric
      let document = entry.document
      if let other = rubricById[rubric.id] {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("id")]),
            message: "duplicate rubric id '\(rubric.id)' (also in \(other)); give each rubric a unique id"))
      } else {
        rubricById[rubric.id] = document.path
      }
      let fileName = entry.url.deletingPathExtension().lastPathComponent
      if fileName != rubric.id {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("id")]),
            message: "rubric id '\(rubric.id)' does not match the file name '\(fileName)'; rename one so they agree"))
      }
      for (index, criterion) in rubric.criteria.enumerated() {
        let at: [any CodingKey] = [key("criteria"), item(index)]
        if criterion.concepts.isEmpty {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: at),
              message: "criterion '\(criterion.id)' has no concepts; add at least one concept with phrases"))
        }
        if case .atLeast(let n) = criterion.match, n < 1 || n > criterion.concepts.count {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: at + [key("match")]),
              message:
                "criterion '\(criterion.id)' needs at least \(n) of \(criterion.concepts.count) concepts; use a number from 1 to \(criterion.concepts.count)"
            ))
        }
        for (conceptIndex, concept) in criterion.concepts.enumerated()
        where concept.phrases.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: at + [key("concepts"), item(conceptIndex)]),
              message: "concept '\(concept.name)' in criterion '\(criterion.id)' has an empty phrase; remove it"))
        }
        for (conceptIndex, concept) in criterion.concepts.enumerated() {
          for (nearIndex, entry) in concept.near.enumerated() {
            for problem in ProximityPattern.problems(in: entry, tokenizer: tokenizer) {
              problems.append(
                Diagnostic(
                  path: document.path,
                  line: document.line(at: at + [key("concepts"), item(conceptIndex), key("near"), item(nearIndex)]),
                  message:
                    "near entry '\(entry)' of concept '\(concept.name)' in criterion '\(criterion.id)' \(problem)"
                ))
            }
          }
        }
      }
      if let curve = rubric.calibration, let problem = curve.problem {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("calibration")]),
            message: "calibration curve of rubric '\(rubric.id)' \(problem)"))
      }
      let criterionIds = rubric.criteria.map(\.id)
      for (index, criterion) in rubric.criteria.enumerated() where reservedIds.contains(criterion.id) {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("criteria"), item(index), key("id")]),
            message:
              "criterion id '\(criterion.id)' is reserved for a structure rule; rename it (e.g. '\(rubric.id)-\(criterion.id)')"
          ))
      }
      for id in Set(criterionIds) where criterionIds.filter({ $0 == id }).count > 1 {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("criteria")]),
            message: "criterion id '\(id)' is used twice in rubric '\(rubric.id)'; criterion ids must be unique"))
      }
      if let rules = rubric.structure {
        if let length = rules.length, length.min >= length.max || length.min < 0 {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("structure"), key("length")]),
              message: "length range \(length.min)–\(length.max) is empty; min must be below max"))
        }
      }
      if let bands = rubric.bands {
        let mins = bands.map(\.min)
        if mins != mins.sorted() || mins.first != 0 || Set(mins).count != mins.count {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("bands")]),
              message:
                "bands must start at 0 and rise strictly (e.g. 0, 40, 60, 80); found \(mins.map(format).joined(separator: ", "))"
            ))
        }
      }
    }
    for entry in result.rubrics {
      // A base whose file exists but is broken is reported once, as that file's problem.
      for (index, base) in entry.rubric.extends.enumerated()
      where rubricById[base] == nil && !result.unreadableRubrics.contains(base) {
        problems.append(
          Diagnostic(
            path: entry.document.path, line: entry.document.line(at: [key("extends"), item(index)]),
            message:
              "rubric '\(entry.rubric.id)' extends unknown rubric '\(base)'; check the id or add Rubrics/.../\(base).yaml"
          ))
      }
    }
    let library = Dictionary(result.rubrics.map { ($0.rubric.id, $0.rubric) }, uniquingKeysWith: { a, _ in a })
    for entry in result.rubrics {
      do {
        _ = try RubricSet(ids: [entry.rubric.id], library: library)
      } catch let error {
        if case .cycle = error {
          problems.append(
            Diagnostic(
              path: entry.document.path, line: entry.document.line(at: [key("extends")]), message: error.description))
        }
      }
    }

    // Questions: ids, categories, references, follow-ups.
    let categories = result.manifest?.categories.map(\.id) ?? []
    var questionById: [String: String] = [:]
    var counts: [String: Int] = [:]
    for entry in result.questions {
      let question = entry.question
      let document = entry.document
      if let other = questionById[question.id] {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("id")]),
            message: "duplicate question id '\(question.id)' (also in \(other)); give each question a unique id"))
      } else {
        questionById[question.id] = document.path
      }
      let fileName = entry.url.deletingPathExtension().lastPathComponent
      if fileName != question.id {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("id")]),
            message: "question id '\(question.id)' does not match the file name '\(fileName)'; rename one so they agree"
          ))
      }
      let folder = entry.url.deletingLastPathComponent().lastPathComponent
      if result.manifest != nil && !categories.contains(question.category) {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("category")]),
            message:
              "question '\(question.id)' has unknown category '\(question.category)'; use one of the ids in QuestionBank/bank.yaml or add it there"
          ))
      } else if folder != question.category {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("category")]),
            message:
              "question '\(question.id)' is in folder '\(folder)' but has category '\(question.category)'; move the file or fix the category"
          ))
      }
      counts[question.category, default: 0] += 1
      if question.rubrics.isEmpty {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("rubrics")]),
            message: "question '\(question.id)' names no rubric; add 'rubrics: [<rubric id>]'"))
      }
      for (index, id) in question.rubrics.enumerated()
      where library[id] == nil && !result.unreadableRubrics.contains(id) {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [key("rubrics"), item(index)]),
            message:
              "question '\(question.id)' references unknown rubric '\(id)'; check the id or add Rubrics/\(question.category)/\(id).yaml"
          ))
      }
      problems += formProblems(question, document: document, library: library)
      if let manifest = result.manifest, !manifest.tracks.isEmpty {
        let known = manifest.tracks.map(\.id)
        if question.tracks.isEmpty {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("id")]),
              message:
                "question '\(question.id)' names no track; add 'tracks: [<track id>]' with one or more of: \(known.joined(separator: ", "))"
            ))
        }
        for (index, track) in question.tracks.enumerated() where !known.contains(track) {
          let hint = DidYouMean.suggestion(for: track, among: known).map { "did you mean '\($0)'? " } ?? ""
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("tracks"), item(index)]),
              message:
                "question '\(question.id)' has unknown track '\(track)'; \(hint)use one of: \(known.joined(separator: ", "))"
            ))
        }
      }
      if let set = try? RubricSet(ids: question.rubrics, library: library) {
        let criterionIds = Set(set.criteria.map(\.id))
        for (index, followUp) in question.followUps.enumerated() where !criterionIds.contains(followUp.criterion) {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("followUps"), item(index), key("criterion")]),
              message:
                "follow-up names criterion '\(followUp.criterion)', which is not in rubric \(question.rubrics.joined(separator: ", ")); use one of: \(set.criteria.map(\.id).joined(separator: ", "))"
            ))
        }
      }
    }
    if includePolicy, let manifest = result.manifest, let document = result.manifestDocument {
      for (index, category) in manifest.categories.enumerated() {
        let count = counts[category.id] ?? 0
        if count < manifest.minQuestionsPerCategory {
          problems.append(
            Diagnostic(
              path: document.path, line: document.line(at: [key("categories"), item(index)]),
              message:
                count == 0
                ? "category '\(category.id)' is empty; add questions under QuestionBank/\(category.id)/ or remove the category"
                : "category '\(category.id)' has \(count) question\(count == 1 ? "" : "s"); it needs at least \(manifest.minQuestionsPerCategory)"
            ))
        }
      }
    }
    if includePolicy { problems += nearDuplicates(result) }
    return problems
  }

  /// Forms without a rubric that judges them, and missing, empty or extra model answers.
  static func formProblems(_ question: Question, document: YAMLDocument, library: [String: Rubric]) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let formsLine = document.line(at: [AnyCodingKey("forms")]) ?? document.line(at: [AnyCodingKey("id")])
    if question.forms.isEmpty {
      problems.append(
        Diagnostic(
          path: document.path, line: formsLine,
          message: "question '\(question.id)' accepts no form; write 'forms: [star]', '[case]' or '[star, case]'"))
    }
    if Set(question.forms).count != question.forms.count {
      problems.append(
        Diagnostic(
          path: document.path, line: formsLine, message: "question '\(question.id)' lists a form twice in 'forms'"))
    }
    for form in Set(question.forms).sorted() {
      if question.rubrics.allSatisfy({ library[$0] != nil }) {
        do {
          _ = try RubricSet(ids: question.rubrics, library: library, form: form)
        } catch let error {
          if case .formNotJudged = error {
            problems.append(
              Diagnostic(
                path: document.path, line: formsLine,
                message: "question '\(question.id)' accepts \(form.title) answers, but \(error.description)"))
          }
        }
      }
      let text = question.modelAnswers[form]
      if text == nil {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [AnyCodingKey("modelAnswer")]),
            message:
              "question '\(question.id)' accepts \(form.title) answers but has no \(form.title) model answer; give one per form: 'modelAnswer: {star: …, case: …}'"
          ))
      } else if text?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
        problems.append(
          Diagnostic(
            path: document.path, line: document.line(at: [AnyCodingKey("modelAnswer")]),
            message:
              "question '\(question.id)' has an empty \(form.title) model answer; write a strong \(form == .star ? "STAR answer" : "structured case answer")"
          ))
      }
    }
    for form in question.modelAnswers.keys.sorted() where !question.forms.contains(form) {
      problems.append(
        Diagnostic(
          path: document.path, line: document.line(at: [AnyCodingKey("modelAnswer"), AnyCodingKey(form.rawValue)]),
          message:
            "question '\(question.id)' has a \(form.title) model answer but does not accept \(form.title) answers; add '\(form.rawValue)' to 'forms' or remove it"
        ))
    }
    return problems
  }

  /// Pairs of questions whose prompts share most of their content words.
  static func nearDuplicates(_ result: BankLoader.ReadResult, threshold: Double = 0.6) -> [Diagnostic] {
    let tokenizer = Tokenizer()
    let sets = result.questions.map { entry in
      Set(tokenizer.tokenize(entry.question.prompt).filter { !$0.isStopWord }.map(\.stem))
    }
    var problems: [Diagnostic] = []
    for i in sets.indices {
      for j in sets.indices where j > i {
        let union = sets[i].union(sets[j]).count
        guard union > 0 else { continue }
        let similarity = Double(sets[i].intersection(sets[j]).count) / Double(union)
        if similarity >= threshold {
          let a = result.questions[i]
          let b = result.questions[j]
          problems.append(
            Diagnostic(
              path: b.document.path, line: b.document.line(at: [AnyCodingKey("prompt")]),
              message:
                "question '\(b.question.id)' is a near-duplicate of '\(a.question.id)' (\(Int(similarity * 100))% of prompt words shared, \(a.document.path)); reword or remove one"
            ))
        }
      }
    }
    return problems
  }
}
