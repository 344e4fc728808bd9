import Foundation
import RehearseAdapters
import RehearseBenchSupport
import RehearseCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SessionStoreTests {
  @Test func savedSessionsLoadBackAndArePrivate() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 2)
    try store.create(session)
    #expect(try store.load(id: session.id) == session)
    #expect(StoreFixture.mode(store.url(for: session.id).path) == 0o600)
    #expect(StoreFixture.mode(store.home.sessionsDirectory.path) == 0o700)
    #expect(StoreFixture.mode(store.home.url.path) == 0o700)
    #expect(StoreFixture.mode(store.home.url.appendingPathComponent("index.sqlite").path) == 0o600)
    #expect(
      throws: StoreError.writeFailed(
        path: store.url(for: session.id).path, reason: "a session with this id already exists")
    ) {
      try store.create(session)
    }
  }

  @Test func aWidenedSessionsFolderIsMadePrivateAgainOnSave() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    chmod(store.home.sessionsDirectory.path, 0o755)
    try store.create(StoreFixture.generator().session(0, answers: 1))
    #expect(StoreFixture.mode(store.home.sessionsDirectory.path) == 0o700)
  }

  @Test func anUpdateReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 1)
    try store.create(session)
    let path = store.url(for: session.id).path
    let before = StoreFixture.inode(path)
    let updated = try store.update(id: session.id, now: StoreFixture.start.addingTimeInterval(99)) {
      $0.status = .inProgress
    }
    // A new file was renamed into place (new inode), never rewritten in place.
    #expect(StoreFixture.inode(path) != before)
    #expect(try store.load(id: session.id) == updated)
    #expect(updated.updatedAt == StoreFixture.start.addingTimeInterval(99))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.home.sessionsDirectory.path).filter {
      $0.hasSuffix(".tmp")
    }
    #expect(leftovers.isEmpty)
  }

  @Test func aSaveInterruptedBeforeTheRenameLeavesTheOldVersion() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 1)
    try store.create(session)
    // A crash mid-write leaves only a partial temporary file beside the session.
    let partial = store.home.sessionsDirectory.appendingPathComponent(".\(session.id).json.4242.tmp")
    try StoreFixture.write("{\"schemaVersion\": 1, \"id\": \"", to: partial)
    // Older than a save in progress could be (doctor leaves young temporary files alone).
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-2 * StoreDoctor.temporaryFileAge)], ofItemAtPath: partial.path)
    #expect(try store.load(id: session.id) == session)
    #expect(try store.catalog().sessions.map(\.id) == [session.id])
    let report = try StoreDoctor(store: store).examine(repair: true)
    #expect(report.findings.map(\.kind) == [.leftover])
    #expect(!FileManager.default.fileExists(atPath: partial.path))
    #expect(
      FileManager.default.fileExists(
        atPath: store.home.quarantineDirectory.appendingPathComponent("\(session.id).json.4242.tmp").path))
  }

  @Test func aTruncatedFileIsReportedWithItsPositionAndNeverOverwritten() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 1)
    try store.create(session)
    let url = store.url(for: session.id)
    let full = try Data(contentsOf: url)
    let truncated = full.prefix(200)
    try truncated.write(to: url)
    let lines = truncated.split(separator: 0x0A, omittingEmptySubsequences: false)
    let expected = StoreError.unreadable(
      path: url.path,
      reason:
        "not valid JSON: the file ends early at line \(lines.count), column \((lines.last?.count ?? 0) + 1) (truncated?)"
    )
    #expect(throws: expected) { try store.load(id: session.id) }
    #expect(throws: expected) { try store.update(id: session.id, now: Date()) { $0.status = .completed } }
    #expect(try Data(contentsOf: url) == truncated)
    let catalog = try store.catalog()
    #expect(catalog.sessions.isEmpty)
    #expect(catalog.problems.map(\.message) == [expected.description])
  }

  @Test func aSyntaxErrorNamesTheLineAndColumn() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    let url = store.url(for: "20261121-093000-ab12")
    try StoreFixture.write("{\n  \"schemaVersion\": 1,\n  \"id\": 20261121-093000-ab12\n}\n", to: url)
    #expect(throws: StoreError.unreadable(path: url.path, reason: "not valid JSON at line 3, column 17")) {
      try store.load(id: "20261121-093000-ab12")
    }
  }

  @Test func aHandEditedWrongTypeNamesTheFileAndTheField() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 2)
    try store.create(session)
    let url = store.url(for: session.id)
    var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    var answers = try #require(object["answers"] as? [[String: Any]])
    answers[1]["timeUsedSeconds"] = "two minutes"
    object["answers"] = answers
    try JSONSerialization.data(withJSONObject: object).write(to: url)
    let error = StoreError.unreadable(
      path: url.path, reason: "'answers[1].timeUsedSeconds' has the wrong type (expected a number)")
    #expect(throws: error) { try store.load(id: session.id) }
    #expect(
      error.description
        == "\(url.path): 'answers[1].timeUsedSeconds' has the wrong type (expected a number); the file was left untouched (run 'rehearse doctor' to inspect it)"
    )
  }

  @Test func aFutureSchemaIsAClearErrorAndTheFileIsKept() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    let url = store.url(for: "20261121-093000-ab12")
    let text = "{\"schemaVersion\": 7, \"id\": \"20261121-093000-ab12\", \"somethingNew\": true}"
    try StoreFixture.write(text, to: url)
    let error = StoreError.futureSchema(path: url.path, version: 7, supported: 1)
    #expect(throws: error) { try store.load(id: "20261121-093000-ab12") }
    #expect(throws: error) { try store.update(id: "20261121-093000-ab12", now: Date()) { $0.status = .completed } }
    #expect(
      error.description
        == "\(url.path): written by a newer Rehearse (schema 7; this one reads up to 1); upgrade Rehearse")
    #expect(try String(contentsOf: url, encoding: .utf8) == text)
    // The doctor reports it but does not quarantine it: a newer Rehearse can read it.
    let report = try StoreDoctor(store: store).examine(repair: true)
    #expect(report.findings.map(\.kind) == [.permissions, .futureSchema])  // written 0644 by hand
    #expect(FileManager.default.fileExists(atPath: url.path))
  }

  @Test func aSchemaZeroSessionIsMigratedOnReadAndWrittenBackAsSchemaOne() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    let report = try #require(StoreFixture.templates.first)
    let reportJSON = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    let url = store.url(for: "20261001-190000-k3p9")
    try StoreFixture.write(
      """
      {
        "id": "20261001-190000-k3p9",
        "started": "2026-10-01T19:00:00Z",
        "finished": "2026-10-01T19:20:00Z",
        "bank": "2026.10.0",
        "questions": ["recommendation-metrics", "drift-detection"],
        "answers": [
          {"question": "recommendation-metrics", "category": "success-metrics", "competencies": ["metrics"],
           "prompt": "How would you define success metrics?", "text": "Situation: at a marketplace…",
           "score": \(reportJSON), "hints": 2, "seconds": 140, "answeredAt": "2026-10-01T19:05:00Z"},
          {"question": "drift-detection", "category": "model-lifecycle", "prompt": "How do you detect drift?",
           "text": "", "score": null, "seconds": 5, "answeredAt": "2026-10-01T19:06:00Z"}
        ]
      }
      """, to: url)
    let session = try store.load(id: "20261001-190000-k3p9")
    #expect(session.schemaVersion == 1)
    #expect(session.startedAt == Date(timeIntervalSince1970: 1_790_881_200))
    #expect(session.endedAt.map { $0.timeIntervalSince(session.startedAt) } == 1200)
    #expect(session.status == .completed)
    #expect(session.bankVersion == "2026.10.0")
    #expect(session.rehearseVersion == "0.0 (schema 0)")
    #expect(session.plan == ["recommendation-metrics", "drift-detection"])
    #expect(session.answers.map(\.id) == ["a1", "a2"])
    #expect(session.answers[0].answer.freeText == "Situation: at a marketplace…")
    #expect(session.answers[0].report == report)
    #expect(session.answers[0].hintsUsed.count == 2)
    #expect(session.answers[0].timeUsedSeconds == 140)
    #expect(session.answers[0].bankVersion == "2026.10.0")
    #expect(session.answers[1].skipped)
    #expect(session.answers[1].report == nil)
    #expect(session.averageScore == (report.score * 10).rounded() / 10)
    // Reading never rewrites; the next update writes the current schema.
    #expect(try String(contentsOf: url, encoding: .utf8).contains("\"started\""))
    try store.update(id: session.id, now: Date()) { $0.settings.mentor = "ana" }
    let rewritten = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    #expect(rewritten["schemaVersion"] as? Int == 1)
    #expect(rewritten["startedAt"] as? String == "2026-10-01T19:00:00Z")
    #expect(try store.load(id: session.id).answers == session.answers)
  }

  @Test func aMinimalHandWrittenSessionLoadsWithDefaults() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    try StoreFixture.write(
      """
      {"schemaVersion": 1, "id": "20261105-080000-hand", "startedAt": "2026-11-05T08:00:00Z",
       "answers": [{"id": "a1", "questionId": "q1", "category": "leadership",
                    "answer": {"situation": "S", "action": "A"}, "answeredAt": "2026-11-05T08:04:00Z"}]}
      """, to: store.url(for: "20261105-080000-hand"))
    let session = try store.load(id: "20261105-080000-hand")
    #expect(session.status == .inProgress)
    #expect(session.plan == ["q1"])
    #expect(session.updatedAt == session.answers[0].answeredAt)
    #expect(session.answers[0].mode == .star)
    #expect(session.answers[0].kind == .main)
    #expect(session.answers[0].report == nil)
    #expect(session.answers[0].answer.fullText == "Situation: S\n\nAction: A")
    #expect(try store.catalog().sessions.map(\.id) == ["20261105-080000-hand"])
  }

  @Test(arguments: ["../x", "/etc/passwd", "a/b", "a\u{0}b", "", "-rf", "ABC", String(repeating: "a", count: 65)])
  func idsThatAreNotPlainNamesAreRefused(id: String) throws {
    let store = try StoreFixture.store()
    #expect(throws: StoreError.invalidId(id)) { try store.load(id: id) }
    #expect(throws: StoreError.invalidId(id)) { try store.update(id: id, now: Date()) { _ in } }
  }

  @Test func makeIdIsSortableAndValid() throws {
    var random = SystemRandomNumberGenerator()
    let id = SessionStore.makeId(date: Date(timeIntervalSince1970: 1_795_253_400), random: &random)
    #expect(id.hasPrefix("20261121-093000-"))
    try SessionStore.validate(id: id)
  }

  /// The id's date is computed without DateFormatter; it must agree with it everywhere,
  /// leap days, year ends and dates before 1970 included.
  @Test(arguments: [
    0.0, -1, 951_782_400, 951_868_799.9, 1_709_164_800, 1_735_689_599, 1_735_689_600, 4_102_444_800,
    -2_208_988_800, 1_795_253_400,
  ])
  func idDateMatchesDateFormatter(seconds: Double) {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let date = Date(timeIntervalSince1970: seconds)
    #expect(SessionStore.utcStamp(date) == formatter.string(from: date))
  }
}
