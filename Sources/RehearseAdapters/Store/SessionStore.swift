import Foundation
import RehearseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the session store could not do what was asked. Every case names the session or file.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case notFound(id: String)
  case invalidId(String)
  case unreadable(path: String, reason: String)
  case futureSchema(path: String, version: Int, supported: Int)
  case writeFailed(path: String, reason: String)
  case moveFailed(path: String, destination: String, reason: String)
  /// The session inside `path` carries an `id` that is not a session id, or not the file's name.
  case mismatchedId(path: String, id: String, fileId: String)
  /// A store file is a symbolic link, which Rehearse never follows.
  case symbolicLink(path: String)
  /// Another process is practising the session.
  case inUse(id: String)
  /// The data folder exists but cannot be read (another user's home, say).
  case folderUnreadable(path: String, reason: String)
  /// A file that must not be overwritten appeared at `path` while it was being written.
  case alreadyExists(path: String)

  public var description: String {
    switch self {
    case .notFound(let id):
      return "no session '\(id)'; run 'rehearse history' to list sessions"
    case .invalidId(let id):
      return
        "'\(inert(id))' is not a session id: ids are lower-case letters, digits and dashes, never a path (like 20261121-093000-ab12); run 'rehearse history' to list them"
    case .unreadable(let path, let reason):
      return "\(path): \(reason); the file was left untouched (run 'rehearse doctor' to inspect it)"
    case .futureSchema(let path, let version, let supported):
      return
        "\(path): written by a newer Rehearse (schema \(version); this one reads up to \(supported)); upgrade Rehearse"
    case .writeFailed(let path, let reason):
      return "cannot save \(path): \(reason); the previous file is intact"
    case .moveFailed(let path, let destination, let reason):
      return "cannot move \(path) to \(destination): \(reason); the file was left where it was"
    case .inUse(let id):
      return "session \(id) is being practised in another window; finish it there, or :quit it, then resume"
    case .folderUnreadable(let path, let reason):
      return
        "cannot read \(path): \(reason); is this data home yours? Set REHEARSE_HOME to your own, or fix the folder's owner"
    case .alreadyExists(let path):
      return "\(path) already exists; nothing was written there; pass --force to overwrite, or choose another -o"
    case .symbolicLink(let path):
      return
        "\(path) is a symbolic link; Rehearse does not follow links in its data folder: remove it, or replace it with the file it points to"
    case .mismatchedId(let path, let id, let fileId):
      let shown = inert(id).replacingOccurrences(of: "\n", with: "^J").replacingOccurrences(of: "\t", with: "^I")
      if (try? SessionStore.validate(id: id)) == nil {
        return
          "\(path): 'id' is '\(shown)', which is not a session id (lower-case letters, digits and dashes, never a path); set it to '\(fileId)', the file's name"
      }
      return
        "\(path): the session inside has id '\(shown)'; rename the file to \(shown).json or set 'id' to '\(fileId)'"
    }
  }
}

/// Sessions as one JSON document each under `<data home>/sessions/`.
///
/// Every write is atomic (write a temporary file, flush it to disk, rename over the old one)
/// and happens under an exclusive `flock` on a per-session lock file, so two processes
/// updating one session never lose each other's changes. Files are 0600, folders 0700.
public final class SessionStore: Sendable {
  public let home: DataHome
  /// Whether saves are flushed to disk before the rename (always, except in benchmarks
  /// and tests that generate thousands of sessions).
  public let durable: Bool

  /// Called while a read catches the index up with many session files (the first read
  /// after the index was deleted, or after files were copied in): files done and in all.
  public let progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

  /// A store in `home`. Pass `durable: false` only to generate throw-away data quickly:
  /// saves stay atomic but a power cut may lose the latest ones. `progress` hears how a
  /// long index catch-up is going (see ``progress``).
  public init(
    home: DataHome, durable: Bool = true, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) {
    self.home = home
    self.durable = durable
    self.progress = progress
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

  /// A session as the store writes it: pretty-printed JSON, keys sorted, ISO 8601 dates.
  public static func document(_ session: Session) throws -> Data {
    try encoder.encode(session)
  }

  static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }

  /// Session ids are file names: letters, digits and dashes only, never a path.
  public static func validate(id: String) throws(StoreError) {
    let allowed = id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    guard !id.isEmpty, id.utf8.count <= 64, allowed, !id.hasPrefix("-") else { throw .invalidId(id) }
  }

  /// Checks that a session read from the file for `fileId` carries that same, valid id.
  ///
  /// Call this wherever a session file is decoded: the inner id names export files and is
  /// printed, so a shared session file must not choose either. Throws
  /// ``StoreError/mismatchedId(path:id:fileId:)``.
  public static func checkIdentity(of session: Session, fileId: String, path: String) throws(StoreError) {
    guard session.id == fileId, (try? validate(id: session.id)) != nil else {
      throw .mismatchedId(path: path, id: session.id, fileId: fileId)
    }
  }

  /// A new session id from a date and a random suffix source: `yyyyMMdd-HHmmss-xxxx`, in UTC.
  ///
  /// The calendar arithmetic is done here rather than with `DateFormatter`, which loads ICU
  /// locale data and costs milliseconds on the way to the first question.
  public static func makeId(date: Date, random: inout some RandomNumberGenerator) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    let suffix = String((0..<4).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    return "\(utcStamp(date))-\(suffix)"
  }

  /// `yyyyMMdd-HHmmss` in UTC.
  public static func utcStamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let second = seconds - days * 86_400
    let day = DayNumber(value: days).civil
    let pad = DayNumber.pad
    return pad(day.year, 4) + pad(day.month, 2) + pad(day.day, 2) + "-" + pad(second / 3_600, 2)
      + pad(second % 3_600 / 60, 2) + pad(second % 60, 2)
  }

  public func url(for id: String) -> URL {
    home.sessionsDirectory.appendingPathComponent("\(id).json")
  }

  private func lockURL(for id: String) -> URL {
    home.sessionsDirectory.appendingPathComponent(".\(id).lock")
  }

  /// Creates the data folders (0700) if needed.
  ///
  /// The sessions folder is made private (0700) if something widened it.
  public func prepare() throws(StoreError) {
    try Self.makePrivateDirectory(home.url, enforce: false)
    try Self.makePrivateDirectory(home.sessionsDirectory, enforce: true)
  }

  /// Creates `directory` as 0700 when missing; with `enforce`, also narrows an existing one.
  static func makePrivateDirectory(_ directory: URL, enforce: Bool) throws(StoreError) {
    var info = stat()
    if stat(directory.path, &info) == 0 {
      if enforce && info.st_mode & 0o077 != 0 && chmod(directory.path, 0o700) != 0 {
        throw .writeFailed(path: directory.path, reason: String(cString: strerror(errno)))
      }
      return
    }
    do {
      try FileManager.default.createDirectory(
        at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .writeFailed(path: directory.path, reason: Self.reason(error))
    }
    let fd = Glibc.open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 {
      giveToFolderOwner(fd, path: directory.path)
      close(fd)
    }
  }

  /// Writes a new session. Fails rather than overwrite an existing one.
  public func create(_ session: Session) throws {
    try Self.validate(id: session.id)
    try prepare()
    try withLock(session.id) {
      if FileManager.default.fileExists(atPath: url(for: session.id).path) {
        throw StoreError.writeFailed(path: url(for: session.id).path, reason: "a session with this id already exists")
      }
      try write(session)
    }
  }

  /// Reads a session, migrating older schemas in memory.
  public func load(id: String) throws(StoreError) -> Session {
    try Self.validate(id: id)
    return try read(url(for: id))
  }

  /// Locks the session, reads the newest version from disk, applies `change`, and saves it
  /// atomically before returning. Use this for every change so concurrent writers merge.
  @discardableResult
  public func update(id: String, now: Date, _ change: (inout Session) throws -> Void) throws -> Session {
    try Self.validate(id: id)
    return try withLock(id) { () throws -> Session in
      var session = try read(url(for: id))
      try change(&session)
      session.updatedAt = now
      try write(session)
      return session
    }
  }

  /// Ids of every session file, oldest first (ids sort by start time).
  public func ids() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: home.sessionsDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }
      .filter { (try? Self.validate(id: $0)) != nil }.sorted()
  }

  func read(_ url: URL) throws(StoreError) -> Session {
    let path = url.path
    var info = stat()
    guard lstat(path, &info) == 0 else { throw .notFound(id: url.deletingPathExtension().lastPathComponent) }
    let fd = try Self.open(path, O_RDONLY | O_CLOEXEC)
    defer { close(fd) }
    fstat(fd, &info)
    guard let data = SessionIndex.readAll(fd, sizeHint: Int(info.st_size)) else {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let session = try SessionDecoding.decode(data, path: path)
    try Self.checkIdentity(of: session, fileId: url.deletingPathExtension().lastPathComponent, path: path)
    return session
  }

  func write(_ session: Session) throws(StoreError) {
    let target = url(for: session.id)
    let data: Data
    do {
      data = try Self.encoder.encode(session)
    } catch {
      throw .writeFailed(path: target.path, reason: "could not encode: \(error)")
    }
    try AtomicFile.write(data, to: target, sync: durable)
    // The session is saved. The index row is a cache checked against the file's stamp on
    // every read, so failing to write it loses nothing: the next read re-reads this file.
    if let stamp = FileStamp(path: target.path) {
      index.record(IndexEntry(id: session.id, stamp: stamp, summary: SessionSummary(session), problem: nil))
    }
  }

  /// The per-session summaries kept in the data home's `index.sqlite`.
  var index: SessionIndex { SessionIndex(store: self) }

  /// Summaries of every session, oldest first, and the files that could not be read.
  ///
  /// Served from the summary index; files whose stamp (inode, size, modification time)
  /// differs from their index row are re-read, so the answer always matches the files.
  public func catalog() throws(StoreError) -> SessionCatalog {
    try index.catalog()
  }

  /// Claims the session for one practice run, so two `practice --resume` of one session
  /// cannot both ask its remaining questions. Held until the claim is released or the process
  /// ends (a crash releases it too).
  ///
  /// - Throws: ``StoreError/inUse(id:)`` when another process holds the claim.
  public func claimForPractice(id: String) throws(StoreError) -> PracticeClaim {
    try Self.validate(id: id)
    try prepare()
    let path = home.sessionsDirectory.appendingPathComponent(".\(id).practice.lock").path
    let fd = try Self.open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode: 0o600)
    Self.giveToFolderOwner(fd, path: path)
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      let code = errno
      close(fd)
      if code == EWOULDBLOCK { throw .inUse(id: id) }
      throw .writeFailed(path: path, reason: String(cString: strerror(code)))
    }
    return PracticeClaim(fd: fd)
  }

  /// Runs `body` holding an exclusive lock on the session's lock file.
  func withLock<T>(_ id: String, _ body: () throws -> T) throws -> T {
    try prepare()
    let fd = try Self.lock(lockURL(for: id).path)
    defer { Self.unlock(fd) }
    return try body()
  }

  /// Opens `path` (created 0600) and takes an exclusive `flock`, waiting as long as it takes.
  private static func lock(_ path: String) throws(StoreError) -> Int32 {
    let fd = try open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode: 0o600)
    giveToFolderOwner(fd, path: path)
    while flock(fd, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      let reason = String(cString: strerror(errno))
      close(fd)
      throw .writeFailed(path: path, reason: reason)
    }
    return fd
  }

  private static func unlock(_ fd: Int32) {
    flock(fd, LOCK_UN)
    close(fd)
  }

  /// Opens a store file without following a symbolic link at `path`: a link is
  /// ``StoreError/symbolicLink(path:)``, other failures ``StoreError/unreadable(path:reason:)``
  /// (reading) or ``StoreError/writeFailed(path:reason:)`` (writing).
  static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(StoreError) -> Int32 {
    let fd = Glibc.open(path, flags | O_NOFOLLOW, mode)
    guard fd < 0 else { return fd }
    let code = errno
    var info = stat()
    if code == ELOOP || (lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK) {
      throw .symbolicLink(path: path)
    }
    let reason = String(cString: strerror(code))
    throw flags & (O_WRONLY | O_RDWR) == 0
      ? .unreadable(path: path, reason: reason) : .writeFailed(path: path, reason: reason)
  }

  /// Whether `directory` exists: false only when it is missing. A folder that cannot be
  /// looked at (another user's 0700 home) is ``StoreError/folderUnreadable(path:reason:)``,
  /// never an empty store.
  static func directoryExists(_ directory: URL) throws(StoreError) -> Bool {
    var info = stat()
    if stat(directory.path, &info) == 0 { return true }
    if errno == ENOENT { return false }
    throw .folderUnreadable(path: directory.path, reason: String(cString: strerror(errno)))
  }

  /// Gives a file Rehearse just created to the owner of the folder it is in, when running as
  /// root in someone else's folder: root running `history` in a user's data home must not
  /// leave the lock or index owned by root, locking the user out.
  static func giveToFolderOwner(_ fd: Int32, path: String) {
    guard geteuid() == 0 else { return }
    var folder = stat()
    let directory = (path as NSString).deletingLastPathComponent
    guard stat(directory.isEmpty ? "." : directory, &folder) == 0, folder.st_uid != 0 else { return }
    _ = fchown(fd, folder.st_uid, folder.st_gid)
  }

  static func reason(_ error: any Error) -> String {
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return ns.localizedDescription
  }
}

/// A practice run's hold on its session (see ``SessionStore/claimForPractice(id:)``).
public final class PracticeClaim: Sendable {
  private let fd: Int32

  init(fd: Int32) { self.fd = fd }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}

/// Writing a file so that a crash leaves either the old or the new version, never half.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `url` (0600), flushes it to disk, renames it
  /// over `url`, then flushes the folder. With `sync: false` (caches that are rebuilt when
  /// lost) the flushes are skipped; the rename still makes the replacement atomic.
  ///
  /// The temporary file gets a random name and is created with `O_CREAT | O_EXCL |
  /// O_NOFOLLOW`, so a file or symbolic link planted in a shared folder is never opened:
  /// the data only ever goes into a new file that is 0600 from the start.
  ///
  /// With `overwrite: false` the file is put in place with `link`, which fails when `url`
  /// exists (even as a dangling link), so of several writers racing for a new name exactly
  /// one succeeds; the others throw ``StoreError/alreadyExists(path:)``.
  public static func write(_ data: Data, to url: URL, sync: Bool = true, overwrite: Bool = true) throws(StoreError) {
    let directory = url.deletingLastPathComponent().path
    var temporary = ""
    var fd: Int32 = -1
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<8 {
      let suffix = String(generator.next(), radix: 36)
      temporary = directory + "/.\(url.lastPathComponent).\(suffix).tmp"
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
    SessionStore.giveToFolderOwner(fd, path: temporary)
    do throws(StoreError) {
      try writeAll(data, to: fd, path: url.path)
      if sync && fsync(fd) != 0 {
        throw StoreError.writeFailed(path: url.path, reason: String(cString: strerror(errno)))
      }
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    close(fd)
    if !overwrite {
      let linked = link(temporary, url.path) == 0
      let code = errno
      unlink(temporary)
      if !linked {
        if code == EEXIST { throw .alreadyExists(path: url.path) }
        throw .writeFailed(path: url.path, reason: String(cString: strerror(code)))
      }
    } else if rename(temporary, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw .writeFailed(path: url.path, reason: reason)
    }
    if sync {
      let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if dirfd >= 0 {
        fsync(dirfd)
        close(dirfd)
      }
    }
  }

  /// Writes all of `data` to an open descriptor, retrying short writes and interruptions.
  static func writeAll(_ data: Data, to fd: Int32, path: String) throws(StoreError) {
    var failure: String?
    data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        guard let base = buffer.baseAddress else { return }
        let written = Glibc.write(fd, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += written
      }
    }
    if let failure { throw .writeFailed(path: path, reason: failure) }
  }
}

/// Decoding session documents, including older schema versions.
public enum SessionDecoding {
  private struct SchemaProbe: Decodable {
    var schemaVersion: Int?
  }

  /// Decodes a session document, running migrations for older schemas.
  ///
  /// Throws ``StoreError/unreadable(path:reason:)`` naming the position of a syntax error or
  /// the field with a wrong type, and ``StoreError/futureSchema(path:version:supported:)``
  /// for a document written by a newer Rehearse.
  public static func decode(_ data: Data, path: String) throws(StoreError) -> Session {
    let decoder = SessionStore.decoder()
    // The common case, a current document, in one pass; anything else takes the careful
    // path below, which finds the version first and explains what is wrong.
    if let session = try? decoder.decode(Session.self, from: data),
      session.schemaVersion == Session.currentSchemaVersion
    {
      return try checkingNumbers(session, path: path)
    }
    let version: Int
    do {
      version = try decoder.decode(SchemaProbe.self, from: data).schemaVersion ?? 0
    } catch let error as DecodingError {
      if case .typeMismatch = error {
        throw .unreadable(path: path, reason: "'schemaVersion' has the wrong type (expected a whole number)")
      }
      throw .unreadable(path: path, reason: syntaxError(in: data))
    } catch {
      throw .unreadable(path: path, reason: syntaxError(in: data))
    }
    if version > Session.currentSchemaVersion {
      throw .futureSchema(path: path, version: version, supported: Session.currentSchemaVersion)
    }
    var document = data
    if version < Session.currentSchemaVersion {
      guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw .unreadable(path: path, reason: "expected a JSON object at the top level")
      }
      let migrated = SessionMigration.migrate(object, from: version)
      do {
        document = try JSONSerialization.data(withJSONObject: migrated)
      } catch {
        throw .unreadable(path: path, reason: "could not migrate from schema \(version): \(error)")
      }
    }
    let session: Session
    do {
      session = try decoder.decode(Session.self, from: document)
    } catch let error as DecodingError {
      // A syntax problem the schema probe did not trip over (invalid UTF-8, say) carries
      // no field path: say where it is in the file instead.
      if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
        let reason =
          (try? JSONSerialization.jsonObject(with: document)) != nil
          ? numberError(in: document, decoder: decoder) : nil
        throw .unreadable(path: path, reason: reason ?? syntaxError(in: data))
      }
      let migrated = version < Session.currentSchemaVersion ? " (after migrating from schema \(version))" : ""
      throw .unreadable(path: path, reason: describe(error) + migrated)
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
    return try checkingNumbers(session, path: path)
  }

  /// `session`, once every number in it is within its range (``SessionNumbers``).
  private static func checkingNumbers(_ session: Session, path: String) throws(StoreError) -> Session {
    if let problem = SessionNumbers.firstProblem(in: session) { throw .unreadable(path: path, reason: problem) }
    return session
  }

  static func describe(_ error: DecodingError) -> String {
    func render(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "'\(render(context.codingPath))' has the wrong type (expected \(typeName(type)))"
    case .valueNotFound(let type, let context):
      return "'\(render(context.codingPath))' is null (expected \(typeName(type)))"
    case .keyNotFound(let key, let context):
      let parent = render(context.codingPath)
      return "missing '\(key.stringValue)'\(parent.isEmpty ? "" : " in '\(parent)'")"
    case .dataCorrupted(let context):
      let where_ = render(context.codingPath)
      return "\(where_.isEmpty ? "" : "'\(where_)': ")\(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Float.Type: return "a number"
    case is Int.Type, is UInt64.Type: return "a whole number"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is Date.Type: return "an ISO 8601 date string like 2026-11-21T09:30:00Z"
    default:
      let name = "\(type)"
      if name.hasPrefix("Array") { return "an array" }
      if name.hasPrefix("Dictionary") { return "an object" }
      return name
    }
  }

  /// The byte offset of a `\\uD800`–`\\uDFFF` escape that is not part of a surrogate pair,
  /// which JSONSerialization tolerates and JSONDecoder rejects.
  static func loneSurrogate(in data: Data) -> Int? {
    let bytes = [UInt8](data)
    func hex(at index: Int) -> Int? {
      guard index + 4 <= bytes.count else { return nil }
      return Int(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    }
    var index = 0
    var inString = false
    while index < bytes.count {
      let byte = bytes[index]
      if !inString {
        if byte == 0x22 { inString = true }
        index += 1
        continue
      }
      if byte == 0x22 {
        inString = false
      } else if byte == 0x5C, index + 1 < bytes.count {
        if bytes[index + 1] == 0x75, let value = hex(at: index + 2) {
          if (0xD800...0xDBFF).contains(value) {
            let next = index + 6
            if next + 1 < bytes.count, bytes[next] == 0x5C, bytes[next + 1] == 0x75, let low = hex(at: next + 2),
              (0xDC00...0xDFFF).contains(low)
            {
              index = next + 6
              continue
            }
            return index
          }
          if (0xDC00...0xDFFF).contains(value) { return index }
          index += 6
          continue
        }
        index += 2
        continue
      }
      index += 1
    }
    return nil
  }

  /// Where a JSON document stops being valid, as `line L, column C`.
  static func syntaxError(in data: Data) -> String {
    if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return "the file is empty" }
    if let offset = firstInvalidUTF8(in: data) {
      let (line, column) = position(of: offset, in: data)
      return "not valid UTF-8 at line \(line), column \(column); save the file as UTF-8"
    }
    let message: String
    do {
      _ = try JSONSerialization.jsonObject(with: data)
      if let number = numberError(in: data, decoder: SessionStore.decoder()) { return number }
      if let offset = loneSurrogate(in: data) {
        let (line, column) = position(of: offset, in: data)
        return "not valid JSON at line \(line), column \(column): a \\u escape is half of a surrogate pair"
      }
      let start = data.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? data.startIndex
      let (line, column) = position(of: start - data.startIndex, in: data)
      return "not a session document the JSON decoder accepts (document starts at line \(line), column \(column))"
    } catch {
      message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
    }
    // "Number 11e9992 is not representable in Swift."
    if let range = message.range(of: "Number "), let end = message[range.upperBound...].firstIndex(of: " ") {
      let literal = Array(message[range.upperBound..<end].utf8)
      let bytes = [UInt8](data)
      if let token = numberTokens(in: bytes).first(where: { bytes[$0].elementsEqual(literal) }) {
        let (line, column) = position(of: token.lowerBound, in: data)
        return
          "not valid JSON at line \(line), column \(column): the number \(String(decoding: literal, as: UTF8.self)) is out of range"
      }
    }
    if let index = characterIndex(in: message), index <= data.count {
      let (line, column) = position(of: index, in: data)
      return "not valid JSON at line \(line), column \(column)\(nestingNote(message))"
    }
    // "Invalid hex encoded sequence in "12G4" at 591."
    if message.hasPrefix("Invalid hex"), let offset = trailingOffset(in: message), offset <= data.count {
      // The offset is inside the escape; point at its backslash.
      let bytes = [UInt8](data)
      let escape = stride(from: min(offset, bytes.count - 2), through: max(0, offset - 6), by: -1).first {
        bytes[$0] == 0x5C && bytes[$0 + 1] == 0x75
      }
      let (line, column) = position(of: escape ?? offset, in: data)
      return "not valid JSON at line \(line), column \(column): a \\u escape needs four hex digits (0-9, a-f)"
    }
    let (line, column) = position(of: data.count, in: data)
    if message.lowercased().contains("end of file") || message.lowercased().contains("unexpected end") {
      return "not valid JSON: the file ends early at line \(line), column \(column) (truncated?)"
    }
    return "not valid JSON (\(message))"
  }

  /// Where a number is that its field cannot hold (`1.5` or `-1` for a count, `1e999`),
  /// for the decoder errors that come without a field path.
  ///
  /// Replacing a number by `0` never breaks a document, so the culprit is found by a
  /// binary search over the numbers that are not small non-negative integers: the
  /// shortest prefix of them whose replacement makes the document decode.
  static func numberError(in document: Data, decoder: JSONDecoder) -> String? {
    let bytes = [UInt8](document)
    let candidates = numberTokens(in: bytes).filter { range in
      bytes[range].contains(where: { [0x2D, 0x2E, 0x45, 0x65].contains($0) }) || range.count > 18
    }
    func decodes(replacing count: Int) -> Bool {
      // One pass copying the document with the first `count` candidates as `0`: replacing
      // them in place shifted the rest of the document each time, which made locating one
      // bad number in a large session quadratic (9.9 s for 8.8 MB in a debug build).
      var patched: [UInt8] = []
      patched.reserveCapacity(bytes.count)
      var cursor = 0
      for range in candidates.prefix(count) {
        patched += bytes[cursor..<range.lowerBound]
        patched.append(0x30)
        cursor = range.upperBound
      }
      patched += bytes[cursor...]
      do {
        _ = try decoder.decode(Session.self, from: Data(patched))
        return true
      } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
        return false
      } catch {
        return true
      }
    }
    guard !candidates.isEmpty, decodes(replacing: candidates.count) else { return nil }
    var low = 0
    var high = candidates.count
    while low < high {
      let middle = (low + high) / 2
      if decodes(replacing: middle) { high = middle } else { low = middle + 1 }
    }
    guard low > 0 else { return nil }
    let culprit = candidates[low - 1]
    let (line, column) = position(of: culprit.lowerBound, in: document)
    let literal = String(decoding: bytes[culprit], as: UTF8.self)
    return
      "the number \(literal) at line \(line), column \(column) does not fit its field (a whole number, or out of range)"
  }

  /// The byte ranges of the numbers in a JSON text (outside strings).
  static func numberTokens(in bytes: [UInt8]) -> [Range<Int>] {
    var tokens: [Range<Int>] = []
    var index = 0
    var inString = false
    while index < bytes.count {
      let byte = bytes[index]
      if inString {
        if byte == 0x5C { index += 1 } else if byte == 0x22 { inString = false }
        index += 1
        continue
      }
      if byte == 0x22 {
        inString = true
        index += 1
        continue
      }
      if byte == 0x2D || (0x30...0x39).contains(byte) {
        let start = index
        while index < bytes.count,
          [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(bytes[index]) || (0x30...0x39).contains(bytes[index])
        {
          index += 1
        }
        tokens.append(start..<index)
        continue
      }
      index += 1
    }
    return tokens
  }

  /// The byte offset of the first byte that is not part of valid UTF-8, if any.
  static func firstInvalidUTF8(in data: Data) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = data.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// The byte offset in Foundation's "around character N" message (the last "character "
  /// in it: "Unescaped control character around character 7885.").
  /// The offset in a message ending "at 591.".
  private static func trailingOffset(in message: String) -> Int? {
    guard let range = message.range(of: " at ", options: .backwards) else { return nil }
    return Int(message[range.upperBound...].prefix { $0.isNumber })
  }

  /// Why the decoder stopped, when it says the document nests too deeply.
  private static func nestingNote(_ message: String) -> String {
    message.lowercased().contains("too many nested") || message.lowercased().contains("deep")
      ? ": arrays and objects nest too deeply" : ""
  }

  private static func characterIndex(in message: String) -> Int? {
    guard let range = message.range(of: "character ", options: .backwards) else { return nil }
    return Int(message[range.upperBound...].prefix { $0.isNumber })
  }

  /// 1-based line and column of a byte offset.
  static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in data.prefix(offset) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}
