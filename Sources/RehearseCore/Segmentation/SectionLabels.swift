/// Section labels at the start of a line: "Situation:", "S:", "**Task**", "## Action",
/// "Result -", "- Outcome:", and for case answers "Success metrics:".
enum SectionLabels {
  struct Mark {
    var byte: Int
    var section: AnswerSection
  }

  /// Lines that start with a section label: "Situation:", "S:", "**Task**", "## Action",
  /// "Result -", "- Outcome:". Returns where each section starts and the label tokens.
  static func find(in text: String, tokens: [Token], words: [String: AnswerSection], phrases: Bool)
    -> (marks: [Mark], tokens: Set<Int>)
  {
    let bytes = Array(text.utf8)
    var marks: [Mark] = []
    var labelTokenSet: Set<Int> = []
    var lineStart = 0
    let n = bytes.count
    // Tokens are in text order and do not overlap, so each label's tokens are found by walking
    // forward from the previous label's.
    var cursor = 0
    while lineStart < n {
      let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? n
      if let (section, wordStart, wordEnd, labelEnd) = parse(bytes, lineStart, lineEnd, words: words, phrases: phrases)
      {
        marks.append(Mark(byte: wordStart, section: section))
        let limit = max(labelEnd, wordEnd)
        while cursor < tokens.count, tokens[cursor].start < wordStart { cursor += 1 }
        var index = cursor
        while index < tokens.count, tokens[index].start < limit {
          if tokens[index].end <= limit { labelTokenSet.insert(index) }
          index += 1
        }
      }
      lineStart = lineEnd + 1
    }
    return (marks, labelTokenSet)
  }

  private static func parse(_ b: [UInt8], _ start: Int, _ end: Int, words: [String: AnswerSection], phrases: Bool)
    -> (AnswerSection, Int, Int, Int)?
  {
    var i = start
    var decorated = false
    // Leading white space, bullets, heading marks and emphasis.
    while i < end, [0x20, 0x09, 0x23, 0x2A, 0x5F, 0x3E, 0x2D].contains(b[i]) {
      if b[i] != 0x20 && b[i] != 0x09 { decorated = true }
      i += 1
    }
    let wordStart = i
    while i < end, (b[i] | 0x20) >= 0x61, (b[i] | 0x20) <= 0x7A { i += 1 }
    let wordEnd = i
    guard wordEnd > wordStart else { return nil }
    let word = String(decoding: b[wordStart..<wordEnd], as: UTF8.self).lowercased()
    guard let section = words[word] else { return nil }
    // Closing emphasis and spaces, then a delimiter.
    var j = i
    // "Success metrics:", "Risks and trade-offs:": up to four more words before a colon.
    if phrases, let colon = Self.colonAfterWords(b, from: i, to: end) { j = colon }
    var closed = false
    while j < end, b[j] == 0x2A || b[j] == 0x5F {
      closed = true
      j += 1
    }
    while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
    var delimiter = false
    if j < end {
      if [0x3A, 0x29, 0x2D, 0x2E].contains(b[j]) {
        delimiter = true
        j += 1
      } else if j + 2 < end, b[j] == 0xE2, b[j + 1] == 0x80, b[j + 2] == 0x93 || b[j + 2] == 0x94 {
        delimiter = true  // en or em dash
        j += 3
      }
    }
    while j < end, b[j] == 0x2A || b[j] == 0x5F || b[j] == 0x20 {
      if b[j] != 0x20 { closed = true }
      j += 1
    }
    let lineIsOnlyLabel = j >= end
    let singleLetter = wordEnd - wordStart == 1
    if singleLetter {
      // "S:", "A)" or "**S**" — but never the article "A" opening a sentence.
      let after: UInt8 = wordEnd < end ? b[wordEnd] : 0
      guard delimiter && after != 0x2E || (closed && decorated && lineIsOnlyLabel) else { return nil }
      if after == 0x2D { return nil }
    } else {
      guard delimiter || (closed && decorated) || lineIsOnlyLabel else { return nil }
      // "Impact was huge" or "Action items" are sentences, not labels.
      if delimiter, b[j - 1] == 0x2E, !lineIsOnlyLabel { return nil }
    }
    return (section, wordStart, wordEnd, j)
  }

  /// Where a colon closes a short run of words (letters, spaces, "&", "-", "/") starting at
  /// `start`: at most four more words and 32 bytes; nil when there is none.
  private static func colonAfterWords(_ b: [UInt8], from start: Int, to end: Int) -> Int? {
    var j = start
    var words = 0
    var inWord = false
    while j < end, j - start <= 32 {
      let c = b[j]
      if c == 0x3A { return words > 0 ? j : nil }
      let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
      if letter {
        if !inWord { words += 1 }
        inWord = true
      } else if c == 0x20 || c == 0x26 || c == 0x2D || c == 0x2F {
        inWord = false
      } else {
        return nil
      }
      if words > 4 { return nil }
      j += 1
    }
    return nil
  }
}
