import Foundation
import RehearseCore

extension BankLoader {
  /// Parses the named question files only (no manifest, no rubrics): for filtering
  /// candidates by a field such as difficulty before choosing which to load in full.
  public static func questions(from source: BankSource, ids: Set<String>) throws(DiagnosticsError) -> [Question] {
    var questions: [Question] = []
    var problems: [Diagnostic] = []
    for url in source.yamlFiles(in: source.questionsDirectory) where url != source.manifestURL {
      guard ids.contains(url.deletingPathExtension().lastPathComponent) else { continue }
      do {
        let document = try YAMLDocument.load(url, displayPath: source.display(url))
        let question = try document.decode(Question.self)
        let numbers = BankNumbers.problems(in: question, document: document) + document.controlCharacterProblems()
        guard numbers.isEmpty else {
          problems += numbers
          continue
        }
        questions.append(question)
      } catch {
        problems.append(error)
      }
    }
    guard problems.isEmpty else { throw DiagnosticsError(problems) }
    return questions
  }

  /// The bank's manifest alone (`QuestionBank/bank.yaml`): categories and tracks.
  public static func manifest(of source: BankSource) throws(DiagnosticsError) -> BankManifest {
    do {
      let document = try YAMLDocument.load(source.manifestURL, displayPath: source.display(source.manifestURL))
      return try document.decode(BankManifest.self)
    } catch {
      throw DiagnosticsError([error])
    }
  }
}
