import Foundation
import RehearseBenchSupport
import RehearseCore
import Synchronization
import Testing

@testable import RehearseAdapters

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SessionIndexTests {
  func indexURL(_ store: SessionStore) -> URL { store.home.url.appendingPathComponent("index.sqlite") }

  /// The sessions the index database holds a row for, read straight from it.
  func indexedIds(_ store: SessionStore) throws -> [String] {
    let db = try SQLiteDatabase(path: indexURL(store).path, readOnly: true)
    return try SessionIndex.snapshot(db).row.keys.sorted()
  }

  @Test func eachSaveWritesItsRowAndReadsComeFromTheIndex() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try store.create(generator.session(0, answers: 1))
    try store.create(generator.session(1, answers: 2))
    try store.update(id: generator.id(0), now: Date()) { $0.settings.mentor = "ana" }
    #expect(try indexedIds(store) == [generator.id(0), generator.id(1)])
    let catalog = try store.catalog()
    #expect(catalog.reread == 0)
    #expect(catalog.problems.isEmpty)
    #expect(catalog.sessions.map(\.id) == [generator.id(0), generator.id(1)])
    #expect(catalog.sessions.map(\.answers.count) == [1, 2])
    #expect(catalog.sessions[1] == SessionSummary(generator.session(1, answers: 2)))
  }

  @Test func aSessionSavedWithoutItsIndexRowIsStillListed() throws {
    // As after a crash between renaming the session into place and writing its row.
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try store.create(generator.session(0, answers: 1))
    let unindexed = generator.session(1, answers: 3)
    try AtomicFile.write(try JSONEncoder.sessions.encode(unindexed), to: store.url(for: unindexed.id))
    let first = try store.catalog()
    #expect(first.reread == 1)
    #expect(first.sessions.map(\.id) == [generator.id(0), generator.id(1)])
    #expect(first.sessions[1] == SessionSummary(unindexed))
    #expect(try store.catalog().reread == 0)
  }

  @Test func aSaveDoesNotFailWhileAnotherProcessHoldsTheIndexAndTheIndexCatchesUp() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try store.create(generator.session(0, answers: 1))
    // Another process catching the index up holds its write lock for a long time.
    let other = try SQLiteDatabase(path: indexURL(store).path, readOnly: false)
    try other.execute("BEGIN IMMEDIATE")
    try store.update(id: generator.id(0), now: Date()) { $0.settings.mentor = "ana" }
    try store.create(generator.session(1, answers: 2))
    try other.execute("COMMIT")
    #expect(try indexedIds(store) == [generator.id(0)])
    let catalog = try store.catalog()
    #expect(catalog.reread == 2)
    #expect(catalog.sessions.map(\.id) == [generator.id(0), generator.id(1)])
    #expect(catalog.sessions.map(\.answers.count) == [1, 2])
    #expect(try store.catalog().reread == 0)
  }

  @Test func aFileEditedInPlaceIsReReadNotServedStale() throws {
    let store = try StoreFixture.store()
    let session = StoreFixture.generator().session(0, answers: 1)
    try store.create(session)
    let url = store.url(for: session.id)
    let original = try #require(session.answers[0].report?.score)
    let text = try String(contentsOf: url, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "\"score\" : \(format(original))", with: "\"score\" : 12.5")
    #expect(edited != text)
    try StoreFixture.write(edited, to: url)
    let catalog = try store.catalog()
    #expect(catalog.reread == 1)
    #expect(catalog.sessions.first?.answers.first?.score == 12.5)
  }

  @Test func rowsWrittenOutOfOrderAreStillListedOldestFirst() throws {
    // The index returns rows in the order they were written, and sorts only when that is
    // not oldest first: sessions saved newest first, and a broken file, which comes first.
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in [5, 2, 8, 0, 3] { try store.create(generator.session(index, answers: 1)) }
    try StoreFixture.write("{", to: store.url(for: generator.id(9)))
    let expected = [0, 2, 3, 5, 8].map(generator.id)
    for detail in [SessionCatalogDetail.full, .sessions] {
      let catalog = try store.catalog(detail)
      #expect(catalog.sessions.map(\.id) == expected, "\(detail)")
      #expect(catalog.problems.map(\.id) == [generator.id(9)])
    }
    let db = try SQLiteDatabase(path: indexURL(store).path, readOnly: true)
    let snapshot = try SessionIndex.snapshot(db, .sessions)
    #expect(snapshot.entries.map(\.id) == [generator.id(9)] + expected)
  }

  @Test func aRebuildWritesRowsOldestFirst() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in [4, 1, 3, 0, 2] { try store.create(generator.session(index, answers: 1)) }
    try FileManager.default.removeItem(at: indexURL(store))
    _ = try store.catalog()
    let db = try SQLiteDatabase(path: indexURL(store).path, readOnly: true)
    let rows = try db.prepare("SELECT id FROM sessions ORDER BY key")
    var stored: [String] = []
    while try rows.step() { stored.append(rows.text(0) ?? "") }
    #expect(stored == (0..<5).map(generator.id))
  }

  @Test func anIndexOnlyReadChecksTheFilesAndReportsProblemsWithoutSummaries() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<3 { try store.create(generator.session(index, answers: 2)) }
    let broken = store.url(for: generator.id(3))
    try StoreFixture.write("{ \"id\": ", to: broken)
    let first = try store.catalog(.indexOnly)
    #expect(first.sessions.isEmpty)
    #expect(first.reread == 1)
    #expect(first.indexIsCurrent)
    #expect(!first.indexWasCurrent)
    #expect(first.problems.map(\.id) == [generator.id(3)])
    let second = try store.catalog(.indexOnly)
    #expect(second.reread == 0)
    #expect(second.indexWasCurrent)
    #expect(second.problems == first.problems)
    #expect(second.problems == (try store.catalog(.sessions)).problems)
    try FileManager.default.removeItem(at: store.url(for: generator.id(1)))
    let third = try store.catalog(.indexOnly)
    #expect(third.reread == 0)
    #expect(!third.indexWasCurrent)
    #expect(try indexedIds(store) == [0, 2, 3].map(generator.id))
  }

  @Test func aMissingIndexIsRebuiltFromTheSessionFiles() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<5 { try store.create(generator.session(index, answers: 2)) }
    let before = try store.catalog()
    try FileManager.default.removeItem(at: indexURL(store))
    let rebuilt = try store.catalog()
    #expect(rebuilt.reread == 5)
    #expect(rebuilt.sessions == before.sessions)
    #expect(try indexedIds(store) == (0..<5).map(generator.id))
    #expect(StoreFixture.mode(indexURL(store).path) == 0o600)
  }

  @Test func aCorruptIndexIsRebuilt() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<3 { try store.create(generator.session(index, answers: 1)) }
    let before = try store.catalog()
    // Garbage over the first pages, as a disk fault might leave it.
    let handle = try FileHandle(forWritingTo: indexURL(store))
    try handle.write(contentsOf: Data(repeating: 0x41, count: 8_192))
    try handle.close()
    try store.update(id: generator.id(2), now: Date()) { $0.settings.mentor = "ana" }
    let catalog = try store.catalog()
    #expect(catalog.sessions.map(\.id) == (0..<3).map(generator.id))
    #expect(Array(catalog.sessions.prefix(2)) == Array(before.sessions.prefix(2)))
    #expect(try store.catalog().reread == 0)
    #expect(try indexedIds(store) == (0..<3).map(generator.id))
  }

  @Test func anIndexThatCannotBeOpenedIsDoneWithout() throws {
    // A folder where the index should be: every read goes to the session files, silently.
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<3 { try store.create(generator.session(index, answers: 1)) }
    try FileManager.default.removeItem(at: indexURL(store))
    try FileManager.default.createDirectory(at: indexURL(store), withIntermediateDirectories: false)
    try store.update(id: generator.id(1), now: Date()) { $0.settings.mentor = "ana" }
    for _ in 0..<2 {
      let catalog = try store.catalog()
      #expect(catalog.reread == 3)
      #expect(catalog.problems.isEmpty)
      #expect(catalog.sessions.map(\.id) == (0..<3).map(generator.id))
    }
  }

  @Test func aLongCatchUpReportsProgress() throws {
    let calls = Calls()
    let home = try StoreFixture.store().home
    let store = SessionStore(home: home, durable: false) { done, total in calls.append(done, total) }
    let count = 150
    try StoreFixture.generator().write(count: count, answers: 1, into: store, indexed: false)
    #expect(try store.catalog().reread == count)
    let seen = calls.values
    #expect(seen.first.map { [$0.done, $0.total] } == [0, count])
    #expect(seen.last.map { [$0.done, $0.total] } == [count, count])
    #expect(seen.map(\.done) == seen.map(\.done).sorted())
    #expect(try store.catalog().reread == 0)
    #expect(calls.values.count == seen.count)
  }

  /// Progress calls, collected from whichever thread makes them.
  final class Calls: Sendable {
    private let storage = Mutex<[(done: Int, total: Int)]>([])
    func append(_ done: Int, _ total: Int) { storage.withLock { $0.append((done, total)) } }
    var values: [(done: Int, total: Int)] { storage.withLock { $0 } }
  }

  @Test func aDeletedSessionDisappearsFromTheCatalogAndTheIndex() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<3 { try store.create(generator.session(index, answers: 1)) }
    try FileManager.default.removeItem(at: store.url(for: generator.id(1)))
    #expect(try store.catalog().sessions.map(\.id) == [generator.id(0), generator.id(2)])
    #expect(try indexedIds(store) == [generator.id(0), generator.id(2)])
  }

  @Test func doctorRepairQuarantinesUnreadableFilesUnchangedAndFixesPermissions() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    for index in 0..<3 { try store.create(generator.session(index, answers: 1)) }
    let broken = store.url(for: generator.id(1))
    let bytes = Data("{\n  \"schemaVersion\" : 1,\n  \"id\" : ".utf8)
    try bytes.write(to: broken)
    chmod(store.url(for: generator.id(2)).path, 0o644)

    let check = try StoreDoctor(store: store).examine(repair: false)
    #expect(check.filesChecked == 3)
    #expect(check.sessionsReadable == 2)
    #expect(check.findings.map(\.kind) == [.unreadable, .permissions])
    #expect(
      check.findings[0].message
        == "\(broken.path): not valid JSON: the file ends early at line 3, column 10 (truncated?)")
    #expect(FileManager.default.fileExists(atPath: broken.path))

    let repair = try StoreDoctor(store: store).examine(repair: true)
    let quarantined = store.home.quarantineDirectory.appendingPathComponent(broken.lastPathComponent)
    #expect(repair.findings.compactMap(\.repair) == ["moved to \(quarantined.path)", "set to 600"])
    #expect(try Data(contentsOf: quarantined) == bytes)
    #expect(StoreFixture.mode(store.home.quarantineDirectory.path) == 0o700)
    #expect(StoreFixture.mode(store.url(for: generator.id(2)).path) == 0o600)
    #expect(repair.indexRebuilt)
    let catalog = try store.catalog()
    #expect(catalog.problems.isEmpty)
    #expect(catalog.sessions.map(\.id) == [generator.id(0), generator.id(2)])
    #expect(try StoreDoctor(store: store).examine(repair: false).findings.isEmpty)
  }

  @Test func doctorReportsKeysAHandEditMisspelled() throws {
    let store = try StoreFixture.store()
    try store.prepare()
    let url = store.url(for: "20261105-080000-hand")
    try StoreFixture.write(
      """
      {"schemaVersion": 1, "id": "20261105-080000-hand", "startedAt": "2026-11-05T08:00:00Z", "notes": "mine",
       "answers": [{"id": "a1", "questionId": "q1", "category": "leadership", "hintUsed": ["x"],
                    "answer": {"text": "T"}, "answeredAt": "2026-11-05T08:04:00Z"}]}
      """, to: url)
    chmod(url.path, 0o600)
    let report = try StoreDoctor(store: store).examine(repair: false)
    #expect(report.sessionsReadable == 1)
    #expect(
      report.findings.map(\.message) == [
        "\(url.path): unknown key 'notes'; Rehearse ignores it and drops it when it next saves this session",
        "\(url.path): unknown key 'hintUsed' in 'answers[0]' (did you mean 'hintsUsed'?); Rehearse ignores it and drops it when it next saves this session",
      ])
  }

  @Test func dueQuestionIdsComeFromTheStoredAnswers() throws {
    let store = try StoreFixture.store()
    let generator = StoreFixture.generator()
    try store.create(generator.session(0, answers: 1))  // one answer, 2026-09-21, competencies of session 0
    let questions: [QuestionRef] = [
      QuestionRef(id: "answered", category: "success-metrics", competencies: ["metrics", "experimentation"]),
      QuestionRef(id: "new-one", category: "leadership", competencies: ["communication"]),
    ]
    let now = StoreFixture.start.addingTimeInterval(30 * 86_400)
    let due = try dueQuestionIds(
      in: store, questions: questions, now: now, limit: 5, timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
    #expect(due == ["answered", "new-one"])
    #expect(try dueQuestionIds(in: store, questions: questions, now: now, limit: 1) == ["answered"])
  }
}

extension JSONEncoder {
  /// Encodes sessions the way the store writes them.
  static var sessions: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }
}
