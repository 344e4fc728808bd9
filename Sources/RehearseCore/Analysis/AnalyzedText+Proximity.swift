extension AnalyzedText {
  /// Calls `body` with every place `pattern`'s terms occur together, anchored on each
  /// occurrence of its first term: for every other term the nearest occurrence in the same
  /// sentence, and a match when all of them fit in ``ProximityPattern/window`` content words.
  func forEachMatch(of pattern: ProximityPattern, _ body: (PhraseMatch) -> Void) {
    guard !pattern.terms.isEmpty else { return }
    // Positions in `content` of each term, in increasing order.
    var lists: [[Int]] = []
    for term in pattern.terms {
      let positions = positions(of: term)
      if positions.isEmpty { return }  // the usual case: some term is absent
      lists.append(positions)
    }
    let content = self.content
    let window = ProximityPattern.window
    for anchor in lists[0] {
      let sentence = tokens[content[anchor]].sentence
      var low = anchor
      var high = anchor
      var matched = true
      for list in lists.dropFirst() {
        var best: Int?
        for position in list where position != anchor && abs(position - anchor) <= window {
          guard tokens[content[position]].sentence == sentence else { continue }
          if best.map({ abs(position - anchor) < abs($0 - anchor) }) ?? true { best = position }
        }
        guard let best else {
          matched = false
          break
        }
        low = min(low, best)
        high = max(high, best)
      }
      guard matched, high - low <= window else { continue }
      let firstToken = content[low]
      let lastToken = content[high]
      let typo = (low...high).contains { index.typoPositions[$0] }
      let negated =
        detectsNegation
        && (isNegated(firstToken: firstToken, lastToken: lastToken)
          || deniesWithin(firstToken: firstToken, lastToken: lastToken))
      body(
        PhraseMatch(
          firstToken: firstToken, lastToken: lastToken, viaTypo: typo, negated: negated, pattern: pattern.source,
          loose: true))
    }
  }

  /// Positions in `content` where `term` occurs, in increasing order.
  private func positions(of term: ProximityPattern.Term) -> [Int] {
    var found: [Int] = []
    let positions = index.contentPositions
    for stem in term.stemIds {
      var node = positions.first(stem)
      while node >= 0 {
        found.append(positions.position(node))
        node = positions.next(node)
      }
    }
    for sequence in term.sequences {
      guard let first = sequence.first else { continue }
      var node = positions.first(first)
      while node >= 0 {
        let start = positions.position(node)
        node = positions.next(node)
        let fits = sequence.indices.dropFirst().allSatisfy { k in
          start + k < content.count && tokens[content[start + k]].stemId == sequence[k]
        }
        if fits { found.append(start) }
      }
    }
    if term.number {
      for (position, tokenIndex) in content.enumerated()
      where tokens[tokenIndex].isNumeric || tokens[tokenIndex].flags.contains(.numberWord) {
        found.append(position)
      }
    }
    guard term.stemIds.count > 1 || !term.sequences.isEmpty || term.number else { return found }
    // Several lists merged: sort, then drop duplicates (a word can be two alternatives' stem).
    found.sort()
    var unique = 0
    for position in found where unique == 0 || found[unique - 1] != position {
      found[unique] = position
      unique += 1
    }
    found.removeLast(found.count - unique)
    return found
  }

  /// "The logs were not replayed": a negation between the terms, in the last term's clause.
  private func deniesWithin(firstToken: Int, lastToken: Int) -> Bool {
    guard lastToken > firstToken + 1 else { return false }
    let clause = tokens[lastToken].clause
    for index in (firstToken + 1)..<lastToken where tokens[index].clause == clause {
      guard tokens[index].flags.contains(.negationTrigger) else { continue }
      let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
      if !Vocabulary.pseudoNegations.contains("\(tokens[index].text) \(next)") { return true }
    }
    return false
  }

  /// How the words of a match relate to `pattern`'s terms when they are not the written words:
  /// "‘purchased’ counted as ‘buy’, a WordNet synonym".
  func relatedNote(for match: PhraseMatch, in pattern: ProximityPattern) -> String? {
    var notes: [String] = []
    for tokenIndex in match.firstToken...match.lastToken {
      let stem = tokens[tokenIndex].stemId
      for term in pattern.terms {
        if let (word, relation) = term.related[stem] {
          notes.append("‘\(tokens[tokenIndex].text)’ counted as ‘\(word)’, \(relation.description)")
          break
        }
      }
    }
    return notes.isEmpty ? nil : notes.joined(separator: "; ")
  }
}
