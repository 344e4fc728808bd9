import Foundation
import LineEditor
import RehearseCore
import Testing
import Yams

@testable import RehearseAdapters

@Suite struct ExportGoldenTests {
  static let sessions = [Fixtures.withFollowUps, Fixtures.withMentorGrades]

  @Test func markdownOfASessionWithFollowUps() throws {
    try expectGolden(
      MarkdownExport(context: Fixtures.context).markdown(from: [Fixtures.withFollowUps]), "follow-ups.md")
  }

  @Test func markdownOfASessionWithMentorGrades() throws {
    try expectGolden(
      MarkdownExport(context: Fixtures.context).markdown(from: [Fixtures.withMentorGrades]), "mentor-grades.md")
  }

  @Test func htmlOfOneSession() throws {
    try expectGolden(
      HTMLExport(context: Fixtures.context).html(from: [Fixtures.withMentorGrades]), "mentor-grades.html")
  }

  @Test func htmlOfSeveralSessionsHasTheTrendChart() throws {
    let html = HTMLExport(context: Fixtures.context).html(from: Self.sessions)
    #expect(html.contains("Average score per category over time"))
    #expect(html.contains("<polyline"))
    try expectGolden(html, "all.html")
  }

  @Test func csvOfTwoSessions() throws {
    try expectGolden(CSVExport().csv(from: Self.sessions), "all.csv")
  }

  @Test func jsonIsTheStoredDocument() throws {
    let json = try JSONExport().json(from: [Fixtures.withMentorGrades])
    try expectGolden(json, "mentor-grades.json")
    let decoded = try SessionDecoding.decode(Data(json.utf8), path: "export")
    #expect(decoded == Fixtures.withMentorGrades)
    let store = try Fixtures.store(with: [Fixtures.withMentorGrades])
    let stored = try String(contentsOf: store.url(for: Fixtures.withMentorGrades.id), encoding: .utf8)
    #expect(stored + "\n" == json)
  }

  @Test func jsonOfSeveralSessionsIsAnArrayOfDocuments() throws {
    let json = try JSONExport().json(from: Self.sessions)
    let decoded = try SessionStore.decoder().decode([Session].self, from: Data(json.utf8))
    #expect(decoded == Self.sessions)
  }

  @Test func gradingPacket() throws {
    let packet = GradingPacket().yaml(for: Fixtures.withFollowUps, bands: { _ in Band.standard })
    try expectGolden(packet, "follow-ups.packet.yaml")
  }

  @Test func csvQuotesPerRFC4180AndNeutralisesFormulas() {
    #expect(CSVExport.field("plain") == "plain")
    #expect(CSVExport.field("a,b") == "\"a,b\"")
    #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVExport.field("two\nlines") == "\"two\nlines\"")
    #expect(CSVExport.field("=1+1") == "'=1+1")
    #expect(CSVExport.field("+1") == "'+1")
    #expect(CSVExport.field("-1") == "'-1")
    #expect(CSVExport.field("@A1") == "'@A1")
    #expect(CSVExport.field("=A1,\"x\"") == "\"'=A1,\"\"x\"\"\"")
  }

  @Test func markdownEscapesEveryMetacharacter() {
    #expect(MarkdownExport.escape("# h") == "\\# h")
    #expect(MarkdownExport.escape("- item") == "\\- item")
    #expect(MarkdownExport.escape("12. item") == "12\\. item")
    #expect(MarkdownExport.escape("version 1.2") == "version 1.2")
    #expect(MarkdownExport.escape("<b>*x*</b>") == "\\<b\\>\\*x\\*\\</b\\>")
    #expect(MarkdownExport.escape("[a](b)") == "\\[a\\](b)")
    #expect(MarkdownExport.escape("1. x", inline: true) == "1. x")
    #expect(MarkdownExport.escape("\u{1B}[31m") == "^\\[\\[31m")
  }
}

@Suite struct InjectionTests {
  static let session = Fixtures.hostile
  static let corpus = Fixtures.injectionCorpus

  static func expectNoControlCharacters(_ text: String, _ format: String, bidi: Bool = true) {
    let bad = text.unicodeScalars.filter {
      ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || $0.value == 0x7F
        || (0x80..<0xA0).contains($0.value)
        || bidi && ((0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value))
    }
    #expect(
      bad.isEmpty, "\(format) output holds raw control or bidi characters: \(bad.map { String($0.value, radix: 16) })")
  }

  @Test func htmlKeepsEveryStringInert() throws {
    let html = HTMLExport(context: Fixtures.context).html(from: [Self.session, Fixtures.withMentorGrades])
    Self.expectNoControlCharacters(html, "HTML")
    // Only the tags the exporter itself writes may appear.
    let allowed: Set<String> = [
      "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "section", "p", "table",
      "thead",
      "tbody", "tr", "th", "td", "a", "strong", "em", "span", "blockquote", "ul", "li", "article", "div", "figure",
      "figcaption", "svg", "rect", "line", "text", "circle", "polyline", "g", "br",
    ]
    let tag = try Regex(#"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)"#)
    for match in html.matches(of: tag) {
      let name = String(html[match.range]).trimmingCharacters(in: CharacterSet(charactersIn: "</ ")).lowercased()
      #expect(allowed.contains(name), "unexpected tag <\(name)> in the HTML export")
    }
    #expect(html.components(separatedBy: "<style>").count == 2, "exactly one style element")
    #expect(!html.lowercased().contains("<script"))
    #expect(html.firstMatch(of: try Regex(#"<[^>]*\son[a-z]+\s*="#)) == nil, "no event-handler attribute")
    #expect(!html.contains("javascript:alert(3)\">"))
    #expect(!html.contains("href=\"javascript"))
    #expect(!html.contains("http://evil.example/p.png\""))
    #expect(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"))
    #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
  }

  @Test func markdownKeepsEveryStringInert() throws {
    let markdown = MarkdownExport(context: Fixtures.context).markdown(from: [Self.session])
    Self.expectNoControlCharacters(markdown, "Markdown")
    // Every '<', '[' and '`' comes from user text and must be backslash-escaped; the only
    // raw '<' the exporter writes is its own <br> in the provenance table.
    let withoutBreaks = markdown.replacingOccurrences(of: "<br>", with: "")
    for (index, character) in withoutBreaks.enumerated()
    where ["<", "[", "`", "]", "*", "_", "|", ">", "#"].contains(character) {
      let start = withoutBreaks.index(withoutBreaks.startIndex, offsetBy: index)
      let previous = start > withoutBreaks.startIndex ? withoutBreaks[withoutBreaks.index(before: start)] : " "
      if previous == "\\" { continue }
      // Characters the exporter itself writes: table pipes, bold markers, headings, quotes.
      let line = withoutBreaks[..<start].split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
      let ownMarkup =
        character == "|" || character == "*" || (character == "#" && line.allSatisfy { $0 == "#" })
        || (character == ">" && line.isEmpty)
      #expect(ownMarkup, "unescaped '\(character)' at offset \(index) in: \(line)")
    }
    #expect(markdown.contains("\\<script\\>alert('xss')\\</script\\>"))
    #expect(markdown.contains("\\# Not a heading"))
    #expect(markdown.contains("^\\[\\[31mred"))
  }

  @Test func csvKeepsEveryStringInert() throws {
    let csv = CSVExport().csv(from: [Self.session])
    Self.expectNoControlCharacters(csv.replacingOccurrences(of: "\r\n", with: "\n"), "CSV")
    let rows = try Self.parseCSV(String(csv.dropFirst()))
    #expect(rows.count == 3)
    for row in rows {
      #expect(row.count == rows[0].count, "every row has the header's number of fields")
      for field in row {
        #expect(
          !["=", "+", "-", "@", "\t", "\r"].contains(field.first.map(String.init) ?? ""),
          "field \(field) could run as a formula")
      }
    }
    let categoryColumn = try #require(rows[0].firstIndex(of: "category"))
    #expect(rows[1][categoryColumn] == inert(Self.corpus.last ?? ""))
  }

  @Test func jsonRoundTripsEveryStringExactly() throws {
    let json = try JSONExport().json(from: [Self.session])
    // JSON is data: control characters are \u-escaped; bidi marks stay as stored (valid JSON).
    Self.expectNoControlCharacters(json, "JSON", bidi: false)
    #expect(try SessionDecoding.decode(Data(json.utf8), path: "export") == Self.session)
  }

  @Test func packetCannotBeHijackedByAnswerText() throws {
    let packet = GradingPacket().yaml(for: Self.session, mentor: Self.corpus[1], bands: { _ in Band.standard })
    Self.expectNoControlCharacters(packet, "packet")
    let root = try #require(try Yams.compose(yaml: packet))
    #expect(root["session"]?.string == Self.session.id)
    #expect(root["mentor"]?.string == Self.corpus[1])
    let answers = try #require(root["answers"]?.sequence)
    #expect(answers.count == 2)
    #expect(
      answers.last?["answer"]?.string == Self.session.answers[1].answer.fullText.trimmingCharacters(in: .newlines))
    #expect(answers.last?["prompt"]?.string == Self.session.answers[1].prompt)
  }

  @Test func gradingScreenKeepsEveryStringInert() throws {
    let store = try Fixtures.store(with: [Self.session])
    var output = ""
    let grading = MentorGrading(
      store: store, sessionId: Self.session.id, mentor: "Ana", showAutomatic: true, style: .plain,
      bands: { _ in Band.standard }, clock: TestClock(at: Fixtures.context.exportedAt),
      output: CollectedOutput { output += $0 })
    _ = try grading.run(input: ScriptedLineReader(lines: [":quit"]))
    #expect(output.contains("^[[31mred"))
    Self.expectNoControlCharacters(output, "terminal")
  }

  /// A strict RFC 4180 reader.
  static func parseCSV(_ text: String) throws -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    while let c = next() {
      if quoted {
        if c == "\"" {
          if let n = next() {
            if n == "\"" {
              field.unicodeScalars.append("\"")
            } else {
              quoted = false
              pending = n
            }
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        guard field.isEmpty else { throw CSVError.strayQuote(row: rows.count + 1) }
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\r" {
        guard next() == "\n" else { throw CSVError.bareCarriageReturn(row: rows.count + 1) }
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else if c == "\n" {
        throw CSVError.bareLineFeed(row: rows.count + 1)
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }

  enum CSVError: Error { case strayQuote(row: Int), bareCarriageReturn(row: Int), bareLineFeed(row: Int) }
}

/// The fixture sessions as session files, for the CLI tests and `scripts/render-html.sh`.
@Suite struct FixtureSessionFileTests {
  @Test(arguments: [Fixtures.withFollowUps, Fixtures.withMentorGrades, Fixtures.hostile])
  func sessionFileIsCurrent(_ session: Session) throws {
    let json = String(decoding: try SessionStore.encoder.encode(session), as: UTF8.self)
    try expectGolden(json, "../sessions/\(session.id).json")
  }
}

/// Issue 14, item 11: the per-category trend chart has one point per category and practice
/// day, and names each day once, however many sessions share it.
@Suite struct TrendChartTests {
  /// The trend figure of an HTML export of `sessions`.
  static func trendFigure(_ sessions: [Session]) throws -> String {
    let html = HTMLExport(context: Fixtures.context).html(from: sessions)
    let start = try #require(html.range(of: "<title id=\"trend-title\">"))
    let end = try #require(html.range(of: "</figure>", range: start.upperBound..<html.endIndex))
    return String(html[start.lowerBound..<end.lowerBound])
  }

  static func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func sessionsOnOneDayAreOnePointPerCategoryAndOneDateLabel() throws {
    let morning = Fixtures.withFollowUps  // 2026-11-01 09:00 UTC, one main answer scored 63
    var evening = Fixtures.withMentorGrades  // main answers scored 100 and 10
    evening.startedAt = morning.startedAt.addingTimeInterval(9 * 3600)
    let later = Fixtures.withMentorGrades  // 2026-11-08
    let figure = try Self.trendFigure([morning, evening, later])
    #expect(Self.occurrences(of: ">2026-11-01</text>", in: figure) == 1)
    #expect(Self.occurrences(of: ">2026-11-08</text>", in: figure) == 1)
    // One category, two practice days: two points, the first the mean of that day's three
    // main answers over both sessions.
    #expect(Self.occurrences(of: "<circle", in: figure) == 2)
    #expect(figure.contains("<title>success-metrics 2026-11-01: 57.7 (3 answers, 2 sessions)</title>"))
    #expect(figure.contains("<title>success-metrics 2026-11-08: 55 (2 answers, 1 session)</title>"))
  }

  @Test func manyDaysAreLabelledWithoutOverlapFirstAndLastAlways() throws {
    let base = Fixtures.withMentorGrades
    let sessions = (0..<12).map { day -> Session in
      var session = base
      session.id = "2026110\(day % 10)-0900\(day)-day\(day)"
      session.startedAt = base.startedAt.addingTimeInterval(Double(day) * 86_400)
      return session
    }
    let figure = try Self.trendFigure(sessions)
    let labels = figure.matches(of: #/text-anchor="(start|middle|end)" fill="#5b6475">(\d{4}-\d\d-\d\d)</text>/#)
    let days = labels.map { String($0.output.2) }
    #expect(days.first == "2026-11-08")
    #expect(days.last == "2026-11-19")
    #expect(Set(days).count == days.count)
    #expect(days.count < 12, "\(days.count) labels for 12 days would overlap in 260 units")
    #expect(Self.occurrences(of: "<circle", in: figure) == 12)
  }
}
