import CSQLite
import Foundation
import RehearseCore
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Summaries of every session and the files that could not be read, from
/// ``SessionStore/catalog()``.
public struct SessionCatalog: Sendable, Equatable {
  /// Readable sessions, oldest first.
  public var sessions: [SessionSummary]
  /// Files in the sessions folder that could not be read, by file name.
  public var problems: [SessionProblem]
  /// How many files were re-read because their index line was missing or out of date.
  public var reread: Int
  /// What each summary holds.
  public var detail: SessionCatalogDetail
  /// True when the index database holds a row for every file as it is now, so queries on
  /// it (``SessionStore/statsTotals(of:in:keeping:)``) see what ``sessions`` shows.
  var indexIsCurrent = false
  /// True when the index already held those rows before this read: no file was re-read
  /// and no row removed, so a query made on the index during the read saw the same.
  var indexWasCurrent = false
}

/// How much of each session a catalog read fills in.
public enum SessionCatalogDetail: Sendable, Equatable {
  /// Everything: answers and criteria tallies (what `plan`, `calibrate` and the review
  /// schedule need).
  case full
  /// The session's own fields and its answer count and score total, without the answers
  /// and criteria (what `history` needs, and `stats` to filter sessions; it queries the
  /// rest from the index).
  case sessions
  /// No summaries at all (``SessionCatalog/sessions`` is empty): the index is caught up
  /// with the files and their problems are reported. What `stats` without a filter needs,
  /// since all its figures are then queries on the index.
  case indexOnly
}

/// A session file that could not be read, and why.
public struct SessionProblem: Sendable, Equatable, CustomStringConvertible {
  /// The file name without `.json`.
  public var id: String
  /// The file's full path, for messages and for `doctor` to quarantine it.
  public var path: String
  /// What is wrong, naming the file and the position or field.
  public var message: String

  /// The ``message``, as printed by `history` and `doctor`.
  public var description: String { message }
}

/// Identity of one version of a file: every save renames a new file into place, so the inode
/// changes with each save, and size and modification time catch edits made in place.
struct FileStamp: Codable, Equatable, Sendable {
  var inode: UInt64
  var size: Int64
  /// Nanoseconds since 1970.
  var modified: Int64

  init(inode: UInt64, size: Int64, modified: Int64) {
    self.inode = inode
    self.size = size
    self.modified = modified
  }

  init(_ info: stat) {
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
  }

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }
}

/// The summary of one version of one session file, or why that version could not be read.
struct IndexEntry: Sendable, Equatable {
  var id: String
  var stamp: FileStamp
  var summary: SessionSummary?
  var problem: String?
}

extension IndexEntry {
  /// The catalog's order: rows of unreadable files first (by id), then sessions by start
  /// time and id.
  static func precedes(_ first: IndexEntry, _ second: IndexEntry) -> Bool {
    switch (first.summary?.startedAt, second.summary?.startedAt) {
    case (nil, nil): first.id < second.id
    case (nil, _): true
    case (_, nil): false
    case (let one?, let other?): (one, first.id) < (other, second.id)
    }
  }
}

/// The rows of the index: sessions oldest first (rows of unreadable files first of all),
/// and where each id's row is.
struct IndexSnapshot {
  var entries: [IndexEntry]
  var row: [String: Int]

  init(entries: [IndexEntry]) {
    self.entries = entries
    row = Dictionary(minimumCapacity: entries.count)
    for (offset, entry) in entries.enumerated() where row[entry.id] == nil { row[entry.id] = offset }
  }
}

/// The session index: `index.sqlite` in the data home, a SQLite database in WAL mode with
/// one row per session file (its stamp, and its summary or why it could not be read).
///
/// The session files stay the source of truth; the index is a cache checked against them.
/// Saving a session writes its row in the same save, right after the file is renamed into
/// place, so a save costs the same however many sessions exist. Reading lists the folder,
/// compares every file's stamp with its row, and re-reads only the files that differ (or
/// have no row), writing their new rows in short transactions so a save never waits long;
/// rows of files that are gone are deleted. A missing, corrupt or older-schema index is
/// rebuilt from the files. A crash can leave the index behind the files but never silently
/// wrong: a file whose stamp does not match is always re-read. A data home that cannot be
/// written is read with the index as it is (or, without one, from the files alone).
struct SessionIndex {
  let store: SessionStore

  /// Bumped whenever the tables change: an index of another version is rebuilt.
  static let schemaVersion: Int64 = 4
  /// Files re-read per transaction while the index catches up.
  static let batchSize = 256
  /// From how many files to re-read on progress is reported.
  static let progressThreshold = 100

  var path: String { store.home.url.appendingPathComponent("index.sqlite").path }

  /// Writes the row for a version just saved. Failure is ignored: the next read re-reads
  /// the file because its stamp has no matching row.
  func record(_ entry: IndexEntry) {
    guard let db = try? openWritable(busyMilliseconds: 2_000) else { return }
    _ = try? db.writing { () throws(SQLiteError) in try IndexWriter(db).put(entry) }
  }

  func catalog(_ detail: SessionCatalogDetail = .full) throws(StoreError) -> SessionCatalog {
    guard try SessionStore.directoryExists(store.home.sessionsDirectory) else {
      return SessionCatalog(sessions: [], problems: [], reread: 0, detail: detail, indexIsCurrent: false)
    }
    let directory = store.home.sessionsDirectory.path
    // Listing the folder (a stat per file) and reading the index each take about a third of
    // `history` at 10,000 sessions, and neither needs the other: they run on two cores.
    let listing = InBackground { Result { () throws(StoreError) in try Self.listFiles(in: directory) } }
    let (db, known) = openForReading(detail)
    let files = try listing.value.get()
    // Which rows still have their file, and which files have no row or a row for another
    // version of the file.
    var live = [Bool](repeating: false, count: known.entries.count)
    var stale: [(id: String, path: String)] = []
    var problems: [SessionProblem] = []
    for file in files {
      guard let id = file.id else {
        let path = directory + "/" + file.name
        problems.append(
          SessionProblem(
            id: String(file.name.dropLast(5)), path: path,
            message:
              "\(path): '\(inert(file.name))' is not a session file name (ids are lower-case letters, digits and dashes); rename it or move it out of the sessions folder"
          ))
        continue
      }
      if let row = known.row[id] {
        live[row] = true
        if known.entries[row].stamp == file.stamp { continue }
      }
      stale.append((id, directory + "/" + file.name))
    }
    let gone = known.entries.indices.filter { !live[$0] }.map { known.entries[$0].id }
    let (fresh, recorded) = catchUp(stale: stale, gone: gone, in: db)
    var sessions: [SessionSummary] = []
    sessions.reserveCapacity(files.count)
    func add(_ entry: IndexEntry) {
      if let summary = entry.summary {
        if detail != .indexOnly { sessions.append(summary) }
      } else if let problem = entry.problem {
        let path = directory + "/" + entry.id + ".json"
        problems.append(
          SessionProblem(id: entry.id, path: path, message: problem.isEmpty ? "\(path): unreadable" : problem))
      }
    }
    // The rows come oldest first; sorting is needed only when files were re-read.
    for (row, entry) in known.entries.enumerated() where live[row] && (fresh.isEmpty || fresh[entry.id] == nil) {
      add(entry)
    }
    if !fresh.isEmpty {
      for entry in fresh.values { add(entry) }
      sessions.sort { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }
    problems.sort { $0.id < $1.id }
    let current = db != nil && recorded
    return SessionCatalog(
      sessions: sessions, problems: problems, reread: stale.count, detail: detail, indexIsCurrent: current,
      indexWasCurrent: current && stale.isEmpty && gone.isEmpty)
  }

  /// Empties the index; the next read rebuilds it from the session files.
  func discard() throws(StoreError) {
    do throws(SQLiteError) {
      let db = try openWritable(busyMilliseconds: 5_000)
      try db.writing { () throws(SQLiteError) in
        try db.execute(
          """
          DELETE FROM tallies; DELETE FROM answers; DELETE FROM sessions; DELETE FROM questionTotals;
          DELETE FROM criterionTotals;
          """)
      }
    } catch let error where error.isCorruption {
      removeFiles()
    } catch {
      throw .writeFailed(path: path, reason: error.message)
    }
  }

  /// Re-reads `stale` files in batches, writing their rows (when `db` is given) and
  /// deleting the rows of `gone` ids; returns the entries read, by id, and whether every
  /// row was written.
  private func catchUp(
    stale: [(id: String, path: String)], gone: [String], in db: SQLiteDatabase?
  ) -> (fresh: [String: IndexEntry], recorded: Bool) {
    var fresh: [String: IndexEntry] = [:]
    var recorded = true
    // By id, which starts with the start time: new rows are then written oldest first, the
    // order ``snapshot(_:_:)`` returns them in without sorting.
    let stale = stale.sorted { $0.id < $1.id }
    let report = stale.count >= Self.progressThreshold ? store.progress : nil
    report?(0, stale.count)
    var done = 0
    while done < stale.count {
      let batch = Array(stale[done..<min(done + Self.batchSize, stale.count)])
      // Read on every core, in whatever order the cores finish; written by id.
      let entries = Self.entries(for: batch).sorted { $0.id < $1.id }
      if let db {
        do {
          try db.writing { () throws(SQLiteError) in
            let writer = try IndexWriter(db)
            for entry in entries { try writer.put(entry) }
          }
        } catch {
          recorded = false
        }
      }
      for entry in entries { fresh[entry.id] = entry }
      done += batch.count
      report?(done, stale.count)
    }
    if let db, !gone.isEmpty {
      do {
        try db.writing { () throws(SQLiteError) in
          let writer = try IndexWriter(db)
          for id in gone { try writer.remove(id: id) }
        }
      } catch {
        recorded = false
      }
    }
    return (fresh, recorded)
  }

  /// The index opened for reading and catching up, with everything it holds; a corrupt
  /// index is deleted and started afresh. Without a writable index (a read-only data home)
  /// the connection is nil and the entries are those of the index as it is, if any.
  private func openForReading(_ detail: SessionCatalogDetail) -> (db: SQLiteDatabase?, known: IndexSnapshot) {
    for attempt in 0..<2 {
      do throws(SQLiteError) {
        let db = try openWritable(busyMilliseconds: 5_000)
        return (db, try Self.snapshot(db, detail))
      } catch let error where error.isCorruption && attempt == 0 {
        removeFiles()
      } catch {
        break
      }
    }
    if let db = try? SQLiteDatabase(path: path, readOnly: true, immutable: true),
      let known = try? Self.snapshot(db, detail)
    {
      return (nil, known)
    }
    return (nil, IndexSnapshot(entries: []))
  }

  /// A connection that can write, creating the index (0600, in WAL mode) when missing and
  /// recreating it when its schema is another version or it is corrupt.
  private func openWritable(busyMilliseconds: Int32) throws(SQLiteError) -> SQLiteDatabase {
    do {
      return try connect(busyMilliseconds: busyMilliseconds)
    } catch let error where error.isCorruption {
      removeFiles()
      return try connect(busyMilliseconds: busyMilliseconds)
    }
  }

  private func connect(busyMilliseconds: Int32) throws(SQLiteError) -> SQLiteDatabase {
    try createFile()
    let db = try SQLiteDatabase(path: path, readOnly: false)
    db.setBusyTimeout(milliseconds: busyMilliseconds)
    try db.execute("PRAGMA synchronous=NORMAL")
    if try db.pragma("user_version") != Self.schemaVersion {
      try db.execute("PRAGMA journal_mode=WAL")
      try db.writing { () throws(SQLiteError) in
        guard try db.pragma("user_version") != Self.schemaVersion else { return }
        try db.execute(Self.schema)
      }
      // The index that came before this one, if any.
      let sessions = store.home.sessionsDirectory.path
      unlink(sessions + "/index.jsonl")
      unlink(sessions + "/.index.lock")
    }
    return db
  }

  /// Creates the index file 0600 (owned like its folder) before SQLite opens it, so SQLite
  /// gives its `-wal` and `-shm` files the same mode; a symbolic link there is replaced,
  /// never followed.
  private func createFile() throws(SQLiteError) {
    var info = stat()
    if lstat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFLNK else { return }
      unlink(path)
    }
    let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw SQLiteError(code: SQLITE_CANTOPEN, message: String(cString: strerror(errno))) }
    SessionStore.giveToFolderOwner(fd, path: path)
    close(fd)
  }

  /// Deletes a corrupt index and its companion files.
  private func removeFiles() {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
  }

  static let schema = """
    DROP TABLE IF EXISTS tallies; DROP TABLE IF EXISTS criteria; DROP TABLE IF EXISTS answers;
    DROP TABLE IF EXISTS questions; DROP TABLE IF EXISTS sessions; DROP TABLE IF EXISTS questionTotals;
    DROP TABLE IF EXISTS criterionTotals;
    -- A row per session file: its stamp, and its summary (``SummaryRecord``; startedAt
    -- again as a column for queries) or the problem that kept it from being read.
    CREATE TABLE sessions(
      key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
      inode INTEGER NOT NULL, size INTEGER NOT NULL, modified INTEGER NOT NULL, problem TEXT,
      startedAt REAL, summary BLOB, answerTimes BLOB);
    CREATE TABLE questions(
      key INTEGER PRIMARY KEY, questionId TEXT NOT NULL, category TEXT NOT NULL, competencies TEXT NOT NULL,
      UNIQUE(questionId, category, competencies));
    CREATE TABLE answers(
      session INTEGER NOT NULL, position INTEGER NOT NULL, question INTEGER NOT NULL, score REAL NOT NULL,
      answeredAt REAL NOT NULL, PRIMARY KEY(session, position)) WITHOUT ROWID;
    CREATE TABLE criteria(key INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, UNIQUE(id, title));
    CREATE TABLE tallies(
      session INTEGER NOT NULL, position INTEGER NOT NULL, criterion INTEGER NOT NULL, points REAL NOT NULL,
      maxPoints REAL NOT NULL, answers INTEGER NOT NULL, PRIMARY KEY(session, position)) WITHOUT ROWID;
    -- For `stats`: each question's latest answers (the index also holds the answer's key),
    -- and its best score.
    CREATE INDEX answersByQuestion ON answers(question, answeredAt, score);
    CREATE INDEX answersByScore ON answers(question, score);
    -- Totals over every session, kept up to date by each save (``IndexWriter``), so `stats`
    -- without a filter reads a row per question and per criterion rather than every answer.
    -- Scores and points are summed as whole millionths, so the sums are exact whatever the
    -- order of the saves (``StatsTotals/micro(_:)``).
    CREATE TABLE questionTotals(
      question INTEGER PRIMARY KEY, attempts INTEGER NOT NULL, total INTEGER NOT NULL, best REAL);
    CREATE TABLE criterionTotals(
      criterion INTEGER PRIMARY KEY, points INTEGER NOT NULL, maxPoints INTEGER NOT NULL, answers INTEGER NOT NULL);
    PRAGMA user_version = 4;
    """

  /// Every row of the index, read in one transaction so the parts agree; rows that cannot
  /// be understood are left out (their files are then re-read). With `.sessions` the
  /// answers and tallies are not read, only each session's answer count and score total.
  static func snapshot(_ db: SQLiteDatabase, _ detail: SessionCatalogDetail = .full) throws(SQLiteError)
    -> IndexSnapshot
  {
    try db.execute("BEGIN")
    defer { try? db.execute("COMMIT") }
    let questions = try questionRefs(db)
    var criteria: [Int64: (id: String, title: String)] = [:]
    let criterionRows = try db.prepare("SELECT key, id, title FROM criteria")
    while try criterionRows.step() {
      criteria[criterionRows.int(0)] = (criterionRows.text(1) ?? "", criterionRows.text(2) ?? "")
    }

    var entries: [IndexEntry] = []
    var keys: [Int64] = []
    let count = try db.prepare("SELECT COUNT(*) FROM sessions")
    if try count.step() {
      entries.reserveCapacity(Int(count.int(0)))
      keys.reserveCapacity(Int(count.int(0)))
    }
    if detail == .indexOnly {
      // Stamps and problems only; a readable row has neither summary nor problem here.
      let rows = try db.prepare("SELECT key, id, inode, size, modified, problem, summary IS NULL FROM sessions")
      while try rows.step() {
        guard let id = rows.text(1) else { continue }
        let stamp = FileStamp(inode: UInt64(bitPattern: rows.int(2)), size: rows.int(3), modified: rows.int(4))
        keys.append(rows.int(0))
        entries.append(
          IndexEntry(id: id, stamp: stamp, summary: nil, problem: rows.int(6) != 0 ? rows.text(5) ?? "" : nil))
      }
      return IndexSnapshot(entries: entries)
    }
    // Most sessions share one of a few category lists: each is decoded once.
    var categoryLists: [String: [String]] = [:]
    let rows = try db.prepare("SELECT key, id, inode, size, modified, problem, summary FROM sessions")
    while try rows.step() {
      guard let id = rows.text(1) else { continue }
      let stamp = FileStamp(inode: UInt64(bitPattern: rows.int(2)), size: rows.int(3), modified: rows.int(4))
      if rows.isNull(6) {
        keys.append(rows.int(0))
        entries.append(IndexEntry(id: id, stamp: stamp, summary: nil, problem: rows.text(5) ?? ""))
        continue
      }
      guard let summary = rows.withBlob(6, { SummaryRecord.decode($0, id: id, categoryLists: &categoryLists) })
      else { continue }
      keys.append(rows.int(0))
      entries.append(IndexEntry(id: id, stamp: stamp, summary: summary, problem: nil))
    }
    // Oldest first. Rows are stored in the order they were first written, which is nearly
    // always that order already (saves add new sessions, a rebuild reads files by id); an
    // ORDER BY would make SQLite sort every time, which measured as much as the read itself.
    if !zip(entries, entries.dropFirst()).allSatisfy({ !IndexEntry.precedes($1, $0) }) {
      let order = entries.indices.sorted { IndexEntry.precedes(entries[$0], entries[$1]) }
      entries = order.map { entries[$0] }
      keys = order.map { keys[$0] }
    }

    if detail == .sessions { return IndexSnapshot(entries: entries) }
    var positions: [Int64: Int] = Dictionary(minimumCapacity: keys.count)
    for (position, key) in keys.enumerated() where entries[position].summary != nil { positions[key] = position }
    let answers = try db.prepare("SELECT session, question, score, answeredAt FROM answers ORDER BY session, position")
    while try answers.step() {
      guard let index = positions[answers.int(0)], let question = questions[answers.int(1)] else { continue }
      entries[index].summary?.answers.append(
        AnswerSummary(
          questionId: question.id, category: question.category, competencies: question.competencies,
          score: answers.double(2), answeredAt: Date(timeIntervalSince1970: answers.double(3))))
    }
    let tallies = try db.prepare(
      "SELECT session, criterion, points, maxPoints, answers FROM tallies ORDER BY session, position")
    while try tallies.step() {
      guard let index = positions[tallies.int(0)], let criterion = criteria[tallies.int(1)] else { continue }
      entries[index].summary?.criteria.append(
        CriterionTally(
          id: criterion.id, title: criterion.title, points: tallies.double(2), maxPoints: tallies.double(3),
          answers: Int(tallies.int(4))))
    }
    return IndexSnapshot(entries: entries)
  }

  /// The `questions` table: what each answer row's `question` key refers to.
  static func questionRefs(_ db: SQLiteDatabase) throws(SQLiteError) -> [Int64: QuestionRef] {
    var questions: [Int64: QuestionRef] = [:]
    let rows = try db.prepare("SELECT key, questionId, category, competencies FROM questions")
    while try rows.step() {
      questions[rows.int(0)] = QuestionRef(
        id: rows.text(1) ?? "", category: rows.text(2) ?? "", competencies: IndexList.decode(rows.text(3) ?? ""))
    }
    return questions
  }

  /// Reads and decodes session files on every core.
  static func entries(for files: [(id: String, path: String)]) -> [IndexEntry] {
    guard files.count > 1 else { return files.map { entry(id: $0.id, path: $0.path) } }
    let workers = min(files.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
    let found = Mutex<[IndexEntry]>([])
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var mine: [IndexEntry] = []
      for index in stride(from: worker, to: files.count, by: workers) {
        mine.append(entry(id: files[index].id, path: files[index].path))
      }
      found.withLock { $0 += mine }
    }
    return found.withLock { $0 }
  }

  /// Reads and decodes one session file, stamping the version actually read.
  static func entry(id: String, path: String) -> IndexEntry {
    let fd: Int32
    do {
      fd = try SessionStore.open(path, O_RDONLY | O_CLOEXEC)
    } catch {
      return IndexEntry(
        id: id, stamp: FileStamp(path: path) ?? FileStamp(stat()), summary: nil, problem: error.description)
    }
    defer { close(fd) }
    var info = stat()
    fstat(fd, &info)
    let stamp = FileStamp(info)
    guard let data = readAll(fd, sizeHint: Int(info.st_size)) else {
      return IndexEntry(
        id: id, stamp: stamp, summary: nil,
        problem: StoreError.unreadable(path: path, reason: String(cString: strerror(errno))).description)
    }
    do {
      let session = try SessionDecoding.decode(data, path: path)
      try SessionStore.checkIdentity(of: session, fileId: id, path: path)
      return IndexEntry(id: id, stamp: stamp, summary: SessionSummary(session), problem: nil)
    } catch {
      return IndexEntry(id: id, stamp: stamp, summary: nil, problem: error.description)
    }
  }

  static func readAll(_ fd: Int32, sizeHint: Int) -> Data? {
    var data = Data(count: max(sizeHint, 0) + 1)
    var length = 0
    while true {
      if length == data.count { data.count *= 2 }
      let capacity = data.count - length
      let count = data.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return -1 }
        return read(fd, base + length, capacity)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      length += count
    }
    data.count = length
    return data
  }

  /// The `*.json` files of the folder at `directory` with their stamps.
  ///
  /// The names are read first, then stat'ed in chunks on every core: a stat per file is
  /// most of the time `history` spends at 10,000 sessions, and the cores are shared with
  /// the read of the index (``catalog(_:)``), so whichever is idle takes the next chunk.
  private static func listFiles(in directory: String) throws(StoreError) -> [ListedFile] {
    guard let handle = opendir(directory) else {
      throw .folderUnreadable(path: directory, reason: String(cString: strerror(errno)))
    }
    defer { closedir(handle) }
    var found: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".json"), !name.hasPrefix(".") { found.append(name) }
    }
    let descriptor = dirfd(handle)
    let chunk = 512
    let names = found
    let listed = Mutex<[ListedFile]>([])
    DispatchQueue.concurrentPerform(iterations: (names.count + chunk - 1) / chunk) { part in
      var files: [ListedFile] = []
      for name in names[part * chunk..<min(names.count, (part + 1) * chunk)] {
        var info = stat()
        // Links are listed (and reported when read) rather than followed or skipped silently.
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
          info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFLNK
        else { continue }
        let id = String(name.dropLast(5))
        files.append(
          ListedFile(name: name, id: (try? SessionStore.validate(id: id)) == nil ? nil : id, stamp: FileStamp(info)))
      }
      listed.withLock { $0 += files }
    }
    return listed.withLock { $0 }
  }
}

/// A `*.json` file of the sessions folder as listed: its name, its id (nil for a name that
/// is not a valid session id) and its stamp.
private struct ListedFile: Sendable {
  var name: String
  var id: String?
  var stamp: FileStamp
}

/// The statements that write index rows, prepared once per transaction.
private struct IndexWriter {
  let db: SQLiteDatabase
  let deleteAnswers: SQLiteDatabase.Statement
  let deleteTallies: SQLiteDatabase.Statement
  let deleteSession: SQLiteDatabase.Statement
  let upsertSession: SQLiteDatabase.Statement
  let findSession: SQLiteDatabase.Statement
  let insertAnswer: SQLiteDatabase.Statement
  let insertTally: SQLiteDatabase.Statement
  let findQuestion: SQLiteDatabase.Statement
  let insertQuestion: SQLiteDatabase.Statement
  let findCriterion: SQLiteDatabase.Statement
  let insertCriterion: SQLiteDatabase.Statement
  let oldAnswers: SQLiteDatabase.Statement
  let oldTallies: SQLiteDatabase.Statement
  let addToQuestion: SQLiteDatabase.Statement
  let refreshQuestion: SQLiteDatabase.Statement
  let addToCriterion: SQLiteDatabase.Statement

  init(_ db: SQLiteDatabase) throws(SQLiteError) {
    self.db = db
    deleteAnswers = try db.prepare("DELETE FROM answers WHERE session = (SELECT key FROM sessions WHERE id = ?1)")
    deleteTallies = try db.prepare("DELETE FROM tallies WHERE session = (SELECT key FROM sessions WHERE id = ?1)")
    deleteSession = try db.prepare("DELETE FROM sessions WHERE id = ?1")
    upsertSession = try db.prepare(
      """
      INSERT INTO sessions(id, inode, size, modified, problem, startedAt, summary, answerTimes)
      VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
      ON CONFLICT(id) DO UPDATE SET inode = excluded.inode, size = excluded.size, modified = excluded.modified,
        problem = excluded.problem, startedAt = excluded.startedAt, summary = excluded.summary,
        answerTimes = excluded.answerTimes
      """)
    findSession = try db.prepare("SELECT key FROM sessions WHERE id = ?1")
    insertAnswer = try db.prepare(
      "INSERT INTO answers(session, position, question, score, answeredAt) VALUES(?1, ?2, ?3, ?4, ?5)")
    insertTally = try db.prepare(
      "INSERT INTO tallies(session, position, criterion, points, maxPoints, answers) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
    findQuestion = try db.prepare(
      "SELECT key FROM questions WHERE questionId = ?1 AND category = ?2 AND competencies = ?3")
    insertQuestion = try db.prepare("INSERT INTO questions(questionId, category, competencies) VALUES(?1, ?2, ?3)")
    findCriterion = try db.prepare("SELECT key FROM criteria WHERE id = ?1 AND title = ?2")
    insertCriterion = try db.prepare("INSERT INTO criteria(id, title) VALUES(?1, ?2)")
    oldAnswers = try db.prepare(
      "SELECT question, score FROM answers WHERE session = (SELECT key FROM sessions WHERE id = ?1)")
    oldTallies = try db.prepare(
      "SELECT criterion, points, maxPoints, answers FROM tallies WHERE session = (SELECT key FROM sessions WHERE id = ?1)"
    )
    addToQuestion = try db.prepare(
      """
      INSERT INTO questionTotals(question, attempts, total) VALUES(?1, ?2, ?3)
      ON CONFLICT(question) DO UPDATE SET attempts = attempts + excluded.attempts, total = total + excluded.total
      """)
    refreshQuestion = try db.prepare(
      """
      UPDATE questionTotals SET best = (SELECT MAX(score) FROM answers WHERE question = ?1) WHERE question = ?1;
      """)
    addToCriterion = try db.prepare(
      """
      INSERT INTO criterionTotals(criterion, points, maxPoints, answers) VALUES(?1, ?2, ?3, ?4)
      ON CONFLICT(criterion) DO UPDATE SET points = points + excluded.points,
        maxPoints = maxPoints + excluded.maxPoints, answers = answers + excluded.answers
      """)
  }

  /// Takes the rows of session `id` out of the running totals, before they are deleted;
  /// returns the questions they were answers to.
  private func subtractRows(of id: String) throws(SQLiteError) -> Set<Int64> {
    var touched: Set<Int64> = []
    try oldAnswers.bind(.text(id))
    var answers: [(Int64, Double)] = []
    while try oldAnswers.step() { answers.append((oldAnswers.int(0), oldAnswers.double(1))) }
    for (question, score) in answers {
      touched.insert(question)
      try addToQuestion.run(.integer(question), .integer(-1), .integer(-StatsTotals.micro(score)))
    }
    try oldTallies.bind(.text(id))
    var tallies: [(Int64, Double, Double, Int64)] = []
    while try oldTallies.step() {
      tallies.append((oldTallies.int(0), oldTallies.double(1), oldTallies.double(2), oldTallies.int(3)))
    }
    for (criterion, points, maxPoints, answers) in tallies {
      try addToCriterion.run(
        .integer(criterion), .integer(-StatsTotals.micro(points)), .integer(-StatsTotals.micro(maxPoints)),
        .integer(-answers))
    }
    return touched
  }

  /// Sets the best score of `questions` from their answers now, and drops totals of
  /// questions and criteria no answer counts in any more.
  private func settle(_ questions: Set<Int64>) throws(SQLiteError) {
    for question in questions { try refreshQuestion.run(.integer(question)) }
    try db.execute("DELETE FROM questionTotals WHERE attempts = 0; DELETE FROM criterionTotals WHERE answers = 0")
  }

  /// Replaces the rows of `entry.id` with `entry`.
  func put(_ entry: IndexEntry) throws(SQLiteError) {
    var touched = try subtractRows(of: entry.id)
    try deleteAnswers.run(.text(entry.id))
    try deleteTallies.run(.text(entry.id))
    let summary = entry.summary
    try upsertSession.run(
      .text(entry.id), .integer(Int64(bitPattern: entry.stamp.inode)), .integer(entry.stamp.size),
      .integer(entry.stamp.modified), .text(entry.problem),
      summary.map { .double($0.startedAt.timeIntervalSince1970) } ?? .null,
      summary.map { .blob(SummaryRecord.encode($0)) } ?? .null,
      summary.map { .blob(AnswerTimes.encode($0.answers.map(\.answeredAt))) } ?? .null)
    guard let summary else { return try settle(touched) }
    try findSession.bind(.text(entry.id))
    guard try findSession.step() else { return }
    let key = findSession.int(0)
    for (position, answer) in summary.answers.enumerated() {
      let question = try self.key(
        find: findQuestion, insert: insertQuestion,
        .text(answer.questionId), .text(answer.category), .text(IndexList.encode(answer.competencies)))
      try insertAnswer.run(
        .integer(key), .integer(Int64(position)), .integer(question), .double(answer.score),
        .double(answer.answeredAt.timeIntervalSince1970))
      try addToQuestion.run(.integer(question), .integer(1), .integer(StatsTotals.micro(answer.score)))
      touched.insert(question)
    }
    for (position, tally) in summary.criteria.enumerated() {
      let criterion = try self.key(find: findCriterion, insert: insertCriterion, .text(tally.id), .text(tally.title))
      try insertTally.run(
        .integer(key), .integer(Int64(position)), .integer(criterion), .double(tally.points),
        .double(tally.maxPoints), .integer(Int64(tally.answers)))
      try addToCriterion.run(
        .integer(criterion), .integer(StatsTotals.micro(tally.points)), .integer(StatsTotals.micro(tally.maxPoints)),
        .integer(Int64(tally.answers)))
    }
    try settle(touched)
  }

  /// Deletes the rows of a session whose file is gone.
  func remove(id: String) throws(SQLiteError) {
    let touched = try subtractRows(of: id)
    try deleteAnswers.run(.text(id))
    try deleteTallies.run(.text(id))
    try deleteSession.run(.text(id))
    try settle(touched)
  }

  /// The key of the row holding `values`, inserting it first when there is none.
  private func key(
    find: SQLiteDatabase.Statement, insert: SQLiteDatabase.Statement, _ values: SQLiteValue...
  ) throws(SQLiteError) -> Int64 {
    try find.bind(values)
    if try find.step() { return find.int(0) }
    try insert.bind(values)
    while try insert.step() {}
    return db.lastInsertedRowId
  }
}

/// Lists of strings in one text column, each item as its UTF-8 length, a colon and its
/// bytes (`7:metrics4:data`), so no character inside an item needs escaping.
enum IndexList {
  static func encode(_ items: [String]) -> String {
    items.map { "\($0.utf8.count):\($0)" }.joined()
  }

  /// The items of an encoded list; what cannot be read ends the list.
  static func decode(_ text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    let bytes = Array(text.utf8)
    var items: [String] = []
    var index = 0
    while index < bytes.count {
      var length = 0
      while index < bytes.count, bytes[index] != 0x3A {
        guard (0x30...0x39).contains(bytes[index]) else { return items }
        length = length * 10 + Int(bytes[index] - 0x30)
        index += 1
      }
      index += 1
      guard index + length <= bytes.count else { return items }
      items.append(String(decoding: bytes[index..<index + length], as: UTF8.self))
      index += length
    }
    return items
  }
}

/// The times of a session's scored answers in one column: seconds since 1970 as 8-byte
/// little-endian doubles, read by `stats` for the streak without reading the answers.
enum AnswerTimes {
  static func encode(_ dates: [Date]) -> Data {
    var data = Data(capacity: dates.count * 8)
    for date in dates {
      withUnsafeBytes(of: date.timeIntervalSince1970.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  /// Appends the times in `bytes` to `dates`; a trailing partial value is ignored.
  static func decode(_ bytes: UnsafeRawBufferPointer, into dates: inout [Date]) {
    var offset = 0
    while offset + 8 <= bytes.count {
      let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      dates.append(Date(timeIntervalSince1970: Double(bitPattern: bits)))
      offset += 8
    }
  }
}
