import RehearseAdapters
import Testing

/// Wrapping by display width: CJK characters and emoji take two columns.
struct DisplayWidthTests {
  @Test(arguments: [
    ("plain", 5), ("中文", 4), ("😀", 2), ("e\u{301}", 1), ("👩‍💻", 2), ("❤️", 2), ("ｆｕｌｌ", 8),
  ])
  func columnsOfText(text: String, columns: Int) {
    #expect(DisplayWidth.of(text) == columns)
  }

  /// The printable-ASCII fast path agrees with measuring character by character.
  @Test func theASCIIFastPathAgreesWithThePlainOne() {
    var ascii = ""
    for value in 0x20..<0x7F { ascii.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
    for text in [ascii, "p95 latency < 150 ms; CTR +4%", "", "a\u{7F}b", "tab\there"] {
      #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text.debugDescription)")
    }
  }

  @Test func wrappedLinesFitTheWidthInColumns() {
    let style = TerminalStyle(color: false, width: 30)
    let text = "so far: " + String(repeating: "中文", count: 20) + " and 😀😀😀 emoji " + String(repeating: "字 ", count: 12)
    let lines = style.wrap(text, indent: 2, hanging: 2).split(separator: "\n")
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 30 }, "\(lines)")
    #expect(
      lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined().filter { $0 != " " } == text.filter { $0 != " " })
    // Plain ASCII wraps as before.
    #expect(
      style.wrap("one two three four five six seven eight nine") == "one two three four five six\nseven eight nine")
  }
}

/// Mentor names head the grade table whole, or by number with a key when they do not fit.
struct MentorNameTableTests {
  @Test func longNamesAreNumberedWithAKeyInsteadOfCut() throws {
    let session = Fixtures.withMentorGrades
    let report = try #require(session.answers.first?.report)
    var grades = session.grades.filter { $0.answerId == "a1" }
    grades[0].mentor = "Alexandra Montgomery-Fitzwilliam"
    grades[1].mentor = "Bartholomew Oyelaran-Castellanos"
    let narrow = MentorGradeRenderer(style: TerminalStyle(color: false, width: 80)).render(grades, beside: report)
    #expect(narrow.contains("  M1 = Alexandra Montgomery-Fitzwilliam, M2 = Bartholomew Oyelaran-Castellanos"))
    #expect(narrow.split(separator: "\n").allSatisfy { DisplayWidth.of($0) <= 80 })
    let wide = MentorGradeRenderer(style: TerminalStyle(color: false, width: 120)).render(grades, beside: report)
    #expect(wide.contains("  auto  Alexandra Montgomery-Fitzwilliam  Bartholomew Oyelaran-Castellanos"))
  }
}
