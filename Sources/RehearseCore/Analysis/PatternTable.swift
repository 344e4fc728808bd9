/// Phrase patterns laid out for matching many at a time: term ids back to back, so looking
/// a pattern up copies no pattern and retains no array of its own.
struct PatternTable: Sendable {
  /// Each pattern's phrase as the author wrote it.
  let sources: [String]
  /// Every pattern's term ids, back to back.
  let termIds: [Int32]
  /// Where each pattern's terms start in `termIds`; one more element than there are patterns.
  let termStart: [Int]
  let keepsStopWords: [Bool]

  init(_ patterns: [PhrasePattern]) {
    sources = patterns.map(\.source)
    termIds = patterns.flatMap(\.termIds)
    var starts = [0]
    for pattern in patterns { starts.append(starts[starts.count - 1] + pattern.termIds.count) }
    termStart = starts
    keepsStopWords = patterns.map(\.keepsStopWords)
  }

  /// One table of all `groups`' patterns, and each group's range of them.
  static func grouped(_ groups: [[PhrasePattern]]) -> (PatternTable, [Range<Int>]) {
    var ranges: [Range<Int>] = []
    var start = 0
    for group in groups {
      ranges.append(start..<(start + group.count))
      start += group.count
    }
    return (PatternTable(groups.flatMap { $0 }), ranges)
  }
}
