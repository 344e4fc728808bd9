/// Where a phrase was found in an answer.
public struct PhraseMatch: Sendable, Equatable {
  /// Token indices, inclusive.
  public var firstToken: Int
  var lastToken: Int
  /// A word was matched despite a one-letter typo.
  public var viaTypo: Bool
  /// The concept was stated negated ("not connected"); such a match only credits a negated concept.
  public var negated: Bool
  var pattern: String
  /// Found by a `near` entry (terms in any order) rather than an exact phrase.
  public var loose = false
}
