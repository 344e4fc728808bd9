extension AnalyzedText {
  /// NegEx-style: a trigger up to four content words before the match in the same clause
  /// (function words do not count: "did not hand off to a human agent"), or "was not" /
  /// "never" just after it.
  func isNegated(firstToken: Int, lastToken: Int) -> Bool {
    let clause = tokens[firstToken].clause
    var index = firstToken - 1
    var steps = 0
    while index >= 0, steps < 4, tokens[index].clause == clause {
      let word = tokens[index].text
      let previous = index > 0 && tokens[index - 1].clause == clause ? tokens[index - 1].text : ""
      // "rather than X", "instead of X" put X aside.
      if word == "than" && previous == "rather" || word == "of" && previous == "instead" { return true }
      let flags = tokens[index].flags
      if flags.contains(.scopeTerminator) { break }
      if flags.contains(.negationTrigger) {
        let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
        if !Vocabulary.pseudoNegations.contains("\(word) \(next)") && !isConditional(from: index, to: lastToken)
          && !isHypothesis(before: index)
        {
          return true
        }
      }
      if !flags.contains(.stopWord) { steps += 1 }
      index -= 1
    }
    var after = lastToken + 1
    while after < tokens.count, after <= lastToken + 3, tokens[after].clause == tokens[lastToken].clause {
      let flags = tokens[after].flags
      // "the test wasn't run" is an event that did not happen; "isn't fixed in size" (present
      // tense) describes the subject, which is still there.
      if tokens[after].text == "never" || flags.contains(.contractedPostNegation) && isPastTense(tokens[after].text),
        after + 1 < tokens.count, tokens[after + 1].flags.contains(.participle)
      {
        return true
      }
      // "The A/B test was not run": a passive negation needs a participle after it;
      // "the bulb is not in a closed path" negates the predicate, not the subject.
      if flags.contains(.postNegation), after > lastToken + 1,
        tokens[after - 1].flags.contains(.beVerb), isPastTense(tokens[after - 1].text), after + 1 < tokens.count,
        tokens[after + 1].flags.contains(.participle)
      {
        return true
      }
      after += 1
    }
    return false
  }

  /// "If no constructor is provided": a negation inside a condition states no fact.
  private func isHypothesis(before trigger: Int) -> Bool {
    let clause = tokens[trigger].clause
    var index = trigger - 1
    while index >= 0, index >= trigger - 3, tokens[index].clause == clause {
      if ["if", "unless", "whether"].contains(tokens[index].text) { return true }
      index -= 1
    }
    return false
  }

  private func isPastTense(_ word: String) -> Bool {
    ["was", "were", "been", "got", "wasn't", "weren't", "wasnt", "werent"].contains(word)
  }

  /// "We would not ship unless the holdback is flat": a condition, not a denial.
  private func isConditional(from trigger: Int, to lastToken: Int) -> Bool {
    var index = trigger + 1
    while index < tokens.count, index <= lastToken + 6, tokens[index].sentence == tokens[lastToken].sentence {
      if tokens[index].text == "unless" || tokens[index].text == "until" { return true }
      index += 1
    }
    return false
  }
}
