import CSQLite
import Foundation

/// What SQLite said when a call failed: its result code and message.
struct SQLiteError: Error, Equatable, CustomStringConvertible {
  var code: Int32
  var message: String

  /// True when the file is not a database or is damaged: the index is then rebuilt.
  var isCorruption: Bool {
    let primary = code & 0xFF
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
  }

  var description: String { "SQLite error \(code): \(message)" }
}

/// A connection to one SQLite database file, over SQLite's C API.
///
/// Deliberately small: the session index needs statements with bound integers, doubles and
/// text, and step-by-step reading of rows, nothing more. One connection is used by one
/// thread at a time; it closes when released.
final class SQLiteDatabase {
  private let handle: OpaquePointer

  /// Opens the database at `path`; `readOnly` never creates or writes the file.
  ///
  /// `immutable` (read-only only) reads the file as it is, without the shared-memory and
  /// write-ahead-log files, which a folder that cannot be written may not let SQLite create.
  init(path: String, readOnly: Bool, immutable: Bool = false) throws(SQLiteError) {
    var db: OpaquePointer?
    var flags =
      (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
    var name = path
    if readOnly && immutable {
      flags |= SQLITE_OPEN_URI
      name = "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
    }
    let code = sqlite3_open_v2(name, &db, flags, nil)
    guard code == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(db)
      throw SQLiteError(code: code, message: message)
    }
    handle = db
    sqlite3_extended_result_codes(db, 1)
  }

  deinit {
    sqlite3_close_v2(handle)
  }

  /// How long a statement waits for another connection's write lock before failing busy.
  func setBusyTimeout(milliseconds: Int32) {
    sqlite3_busy_timeout(handle, milliseconds)
  }

  /// Runs one or more statements that take no parameters and return no rows of interest.
  func execute(_ sql: String) throws(SQLiteError) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw error(code) }
  }

  /// A prepared statement for `sql`, to bind, step and reset.
  func prepare(_ sql: String) throws(SQLiteError) -> Statement {
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard code == SQLITE_OK, let statement else { throw error(code) }
    return Statement(handle: statement, database: self)
  }

  /// The integer value of `PRAGMA name` (like `user_version`).
  func pragma(_ name: String) throws(SQLiteError) -> Int64 {
    let statement = try prepare("PRAGMA \(name)")
    guard try statement.step() else { return 0 }
    return statement.int(0)
  }

  /// Runs `body` in a transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
  /// committing when it returns and rolling back when it throws.
  func writing<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The row id of the last row inserted on this connection.
  var lastInsertedRowId: Int64 { sqlite3_last_insert_rowid(handle) }

  fileprivate func error(_ code: Int32) -> SQLiteError {
    SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)))
  }

  /// One prepared statement. Parameters and columns are numbered from 1 and 0 respectively,
  /// as in SQLite's C API.
  final class Statement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase

    fileprivate init(handle: OpaquePointer, database: SQLiteDatabase) {
      self.handle = handle
      self.database = database
    }

    deinit {
      sqlite3_finalize(handle)
    }

    /// Binds values to the parameters in order, after resetting the statement.
    func bind(_ values: SQLiteValue...) throws(SQLiteError) {
      try bind(values)
    }

    /// Binds an array of values to the parameters in order, after resetting the statement.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
      sqlite3_reset(handle)
      sqlite3_clear_bindings(handle)
      for (offset, value) in values.enumerated() {
        let index = Int32(offset + 1)
        let code: Int32
        switch value {
        case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
        case .double(let number): code = sqlite3_bind_double(handle, index, number)
        case .text(let text):
          // With its byte count, so a NUL inside the text is kept.
          let count = Int32(text.utf8.count)
          code = text.withCString { sqlite3_bind_text(handle, index, $0, count, Self.transient) }
        case .blob(let bytes):
          code = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
          }
        case .null: code = sqlite3_bind_null(handle, index)
        }
        guard code == SQLITE_OK else { throw database.error(code) }
      }
    }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws(SQLiteError) -> Bool {
      let code = sqlite3_step(handle)
      if code == SQLITE_ROW { return true }
      if code == SQLITE_DONE { return false }
      throw database.error(code)
    }

    /// Runs a statement that returns no rows.
    func run(_ values: SQLiteValue...) throws(SQLiteError) {
      try bind(values)
      while try step() {}
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as text, or nil when it is NULL.
    func text(_ column: Int32) -> String? {
      guard let bytes = sqlite3_column_text(handle, column) else { return nil }
      let count = Int(sqlite3_column_bytes(handle, column))
      return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column's bytes (empty for NULL), valid only inside `body`.
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) -> T) -> T {
      let count = Int(sqlite3_column_bytes(handle, column))
      return body(UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: count))
    }

    /// SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
  }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
  case integer(Int64)
  case double(Double)
  case text(String)
  case blob(Data)
  case null

  /// Text, or NULL for nil.
  static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
}
