import Foundation
import RehearseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the session store could not do what was asked. Every case names the session or file.
public enum StoreError: UserFacingError, Equatable, Sendable {
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

  /// The message shown on stderr, naming the session or path and how to go on.
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
  /// The data folder this store reads and writes.
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

  /// The path session `id` is saved at, whether or not it exists yet.
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
  /// `.sessions` leaves out each session's answers and criteria (see
  /// ``SessionCatalogDetail``), which is all `history` needs.
  public func catalog(_ detail: SessionCatalogDetail = .full) throws(StoreError) -> SessionCatalog {
    try index.catalog(detail)
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
