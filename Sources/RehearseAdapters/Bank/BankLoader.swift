import Foundation
import RehearseCore

/// Reads the question bank's YAML files.
///
/// Use ``load(from:)`` when every file is needed (`check`, `questions`, batch scoring) and
/// ``load(from:questionIds:)`` on the interactive path, which parses only the questions a
/// session uses and the rubrics they reference (YAML decoding costs about 0.7 ms a file).
public enum BankLoader {
  /// Loads the whole bank; any broken file or reference is an error. Authoring policy
  /// (questions per category, near-duplicates, example ranges) is left to `rehearse check`.
  public static func load(from source: BankSource) throws(DiagnosticsError) -> Bank {
    let result = read(source, questionFilter: nil)
    let problems = result.diagnostics + BankValidator.crossCheck(result, includePolicy: false)
    guard problems.isEmpty, let bank = result.bank else { throw DiagnosticsError(problems) }
    return bank
  }

  /// Loads the manifest, the named questions and the rubrics they need, nothing else.
  public static func load(from source: BankSource, questionIds: [String]) throws(DiagnosticsError) -> Bank {
    let result = read(source, questionFilter: Set(questionIds))
    guard result.diagnostics.isEmpty, let bank = result.bank else { throw DiagnosticsError(result.diagnostics) }
    for id in questionIds where bank.question(id: id) == nil {
      throw DiagnosticsError([
        Diagnostic(
          path: source.display(source.questionsDirectory), line: nil,
          message: "no question with id '\(id)'; run 'rehearse questions' to list them")
      ])
    }
    return bank
  }

  /// Loads the manifest and the named rubrics with the rubrics they extend, no questions:
  /// what grading, packets and calibration need to know an answer's bands. Ids with no
  /// rubric file (a rubric deleted since the answer was scored) are left out.
  public static func load(from source: BankSource, rubricIds: [String]) throws(DiagnosticsError) -> Bank {
    let present = Set(
      source.yamlFiles(in: source.rubricsDirectory).map { $0.deletingPathExtension().lastPathComponent })
    let result = read(source, questionFilter: [], rubricIds: rubricIds.filter(present.contains))
    guard result.diagnostics.isEmpty, let bank = result.bank else { throw DiagnosticsError(result.diagnostics) }
    return bank
  }

  /// Question ids and categories from file names alone, without parsing: the folder is the
  /// category and the file name is the id (`rehearse check` enforces both).
  public static func index(of source: BankSource) -> [(id: String, category: String)] {
    source.yamlFiles(in: source.questionsDirectory).compactMap { url in
      let category = url.deletingLastPathComponent().lastPathComponent
      guard url.lastPathComponent != "bank.yaml", url.deletingLastPathComponent() != source.questionsDirectory
      else { return nil }
      return (url.deletingPathExtension().lastPathComponent, category)
    }
  }

  struct ReadResult {
    var source: BankSource
    var manifest: BankManifest?
    var manifestDocument: YAMLDocument?
    var questions: [(question: Question, document: YAMLDocument, url: URL)] = []
    var rubrics: [(rubric: Rubric, document: YAMLDocument, url: URL)] = []
    var diagnostics: [Diagnostic] = []
    /// Rubric ids (file names) whose file exists but could not be read; their problems are
    /// in `diagnostics`, and references to them are not reported again.
    var unreadableRubrics: Set<String> = []

    var bank: Bank? {
      guard let manifest else { return nil }
      let order = Dictionary(manifest.categories.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
      let sorted = questions.map(\.question).sorted {
        (order[$0.category] ?? Int.max, $0.id) < (order[$1.category] ?? Int.max, $1.id)
      }
      var rubricMap: [String: Rubric] = [:]
      var rubricPaths: [String: String] = [:]
      for entry in rubrics where rubricMap[entry.rubric.id] == nil {
        rubricMap[entry.rubric.id] = entry.rubric
        rubricPaths[entry.rubric.id] = entry.document.path
      }
      var questionPaths: [String: String] = [:]
      for entry in questions { questionPaths[entry.question.id] = entry.document.path }
      return Bank(
        source: source, manifest: manifest, questions: sorted, rubrics: rubricMap, questionPaths: questionPaths,
        rubricPaths: rubricPaths)
    }
  }

  static func read(_ source: BankSource, questionFilter: Set<String>?, rubricIds: [String] = []) -> ReadResult {
    var result = ReadResult(source: source)
    do {
      let document = try YAMLDocument.load(source.manifestURL, displayPath: source.display(source.manifestURL))
      result.manifestDocument = document
      result.manifest = try document.decode(BankManifest.self)
      result.diagnostics += document.controlCharacterProblems()
    } catch {
      result.diagnostics.append(error)
    }
    var questionFiles = source.yamlFiles(in: source.questionsDirectory).filter { $0 != source.manifestURL }
    if let questionFilter {
      questionFiles = questionFiles.filter { questionFilter.contains($0.deletingPathExtension().lastPathComponent) }
    }
    for url in questionFiles {
      do {
        let document = try YAMLDocument.load(url, displayPath: source.display(url))
        let question = try document.decode(Question.self)
        // Kept for the cross-checks (its category is not empty); any diagnostic stops a load.
        result.diagnostics += BankNumbers.problems(in: question, document: document)
        result.diagnostics += document.controlCharacterProblems()
        result.questions.append((question, document, url))
      } catch {
        result.diagnostics.append(error)
      }
    }
    let rubricFiles = source.yamlFiles(in: source.rubricsDirectory)
    if questionFilter == nil {
      for url in rubricFiles {
        do {
          result.rubrics.append(try readRubric(url, source: source))
        } catch {
          result.diagnostics += error.diagnostics
          result.unreadableRubrics.insert(url.deletingPathExtension().lastPathComponent)
        }
      }
      return result
    }
    // Only the rubrics the chosen questions need, found by file name (= rubric id).
    let byName = Dictionary(
      rubricFiles.map { ($0.deletingPathExtension().lastPathComponent, $0) }, uniquingKeysWith: { a, _ in a })
    var wanted = Array((result.questions.flatMap(\.question.rubrics) + rubricIds).reversed())
    var seen: Set<String> = []
    while let id = wanted.popLast() {
      guard !seen.contains(id) else { continue }
      seen.insert(id)
      guard let url = byName[id] else {
        result.diagnostics.append(
          Diagnostic(
            path: source.display(source.rubricsDirectory), line: nil,
            message: "no rubric file for '\(id)'; expected Rubrics/<folder>/\(id).yaml"))
        continue
      }
      do {
        let entry = try readRubric(url, source: source)
        result.rubrics.append(entry)
        wanted += entry.rubric.extends
      } catch {
        result.diagnostics += error.diagnostics
        result.unreadableRubrics.insert(id)
      }
    }
    return result
  }

  /// Parses, decodes and range-checks one rubric file.
  private static func readRubric(
    _ url: URL, source: BankSource
  ) throws(DiagnosticsError) -> (rubric: Rubric, document: YAMLDocument, url: URL) {
    do {
      let document = try YAMLDocument.load(url, displayPath: source.display(url))
      let rubric = try document.decode(Rubric.self)
      let problems = BankNumbers.problems(in: rubric, document: document) + document.controlCharacterProblems()
      guard problems.isEmpty else { throw DiagnosticsError(problems) }
      return (rubric, document, url)
    } catch let error as DiagnosticsError {
      throw error
    } catch let diagnostic as Diagnostic {
      throw DiagnosticsError([diagnostic])
    } catch {
      throw DiagnosticsError([Diagnostic(path: source.display(url), line: nil, message: "\(error)")])
    }
  }
}
