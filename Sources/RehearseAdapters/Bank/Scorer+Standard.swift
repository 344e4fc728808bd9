import Foundation
import RehearseCore
import WordNet

extension Scorer {
  /// The scorer every command uses: rubrics' `near` terms widened with WordNet.
  ///
  /// Costs one `stat` of the database; WordNet is read on the first rubric compiled.
  /// - Throws: `WordNetError` when the database is missing, so matching never silently loses
  ///   its synonyms.
  public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(WordNetError) -> Scorer
  {
    Scorer(relations: try WordNetRelations.open(environment: environment))
  }
}
