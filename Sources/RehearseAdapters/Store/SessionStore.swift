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

  public var description: String {
    switch self {
    case .notFound(let id):
      return "no session '\(id)'; run 'rehearse history' to list sessions"
    case .invalidId(let id):
      return "'\(id)' is not a session id (expected something like 20261121-093000-ab12)"
    case .unreadable(let path, let reason):
      return "\(path): \(reason); the file was left untouched (run 'rehearse doctor' to inspect it)"
    case .futureSchema(let path, let version, let supported):
      return "\(path): written by a newer Rehearse (schema \(version); this one reads up to \(supported)); upgrade Rehearse"
    case .writeFailed(let path, let reason):
      return "cannot save \(path): \(reason); the previous file is intact"
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

  public init(home: DataHome) {
    self.home = home
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }()

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

  /// A new session id from a date and a random suffix source.
  public static func makeId(date: Date, random: inout some RandomNumberGenerator) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    let suffix = String((0..<4).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
    return "\(formatter.string(from: date))-\(suffix)"
  }

  public func url(for id: String) -> URL {
    home.sessionsDirectory.appendingPathComponent("\(id).json")
  }

  private func lockURL(for id: String) -> URL {
    home.sessionsDirectory.appendingPathComponent(".\(id).lock")
  }

  /// Creates the data folders (0700) if needed.
  public func prepare() throws(StoreError) {
    for directory in [home.url, home.sessionsDirectory] {
      do {
        try FileManager.default.createDirectory(
          at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw .writeFailed(path: directory.path, reason: Self.reason(error))
      }
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
    return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
  }

  func read(_ url: URL) throws(StoreError) -> Session {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else {
      throw .notFound(id: url.deletingPathExtension().lastPathComponent)
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .unreadable(path: path, reason: Self.reason(error))
    }
    return try SessionDecoding.decode(data, path: path)
  }

  func write(_ session: Session) throws(StoreError) {
    let target = url(for: session.id)
    let data: Data
    do {
      data = try Self.encoder.encode(session)
    } catch {
      throw .writeFailed(path: target.path, reason: "could not encode: \(error)")
    }
    try AtomicFile.write(data, to: target)
  }

  /// Runs `body` holding an exclusive lock on the session's lock file.
  func withLock<T>(_ id: String, _ body: () throws -> T) throws -> T {
    try prepare()
    let path = lockURL(for: id).path
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }
    defer { flock(fd, LOCK_UN) }
    return try body()
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

/// Writing a file so that a crash leaves either the old or the new version, never half.
public enum AtomicFile {
  /// Writes `data` to a temporary file beside `url` (0600), flushes it to disk, renames it
  /// over `url`, then flushes the folder.
  public static func write(_ data: Data, to url: URL) throws(StoreError) {
    let directory = url.deletingLastPathComponent().path
    let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
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
    if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if let failure {
      unlink(temporary)
      throw .writeFailed(path: url.path, reason: failure)
    }
    if rename(temporary, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw .writeFailed(path: url.path, reason: reason)
    }
    let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dirfd >= 0 {
      fsync(dirfd)
      close(dirfd)
    }
  }
}

/// Decoding session documents, including older schema versions.
public enum SessionDecoding {
  public static func decode(_ data: Data, path: String) throws(StoreError) -> Session {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw .unreadable(path: path, reason: "not valid JSON (\(describe(error, data: data)))")
    }
    guard let dictionary = object as? [String: Any] else {
      throw .unreadable(path: path, reason: "expected a JSON object at the top level")
    }
    let version = dictionary["schemaVersion"] as? Int ?? 0
    if version > Session.currentSchemaVersion {
      throw .futureSchema(path: path, version: version, supported: Session.currentSchemaVersion)
    }
    do {
      return try SessionStore.decoder().decode(Session.self, from: data)
    } catch let error as DecodingError {
      throw .unreadable(path: path, reason: describe(error))
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func render(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "'\(render(context.codingPath))' has the wrong type (expected \(type))"
    case .valueNotFound(_, let context):
      return "'\(render(context.codingPath))' is null"
    case .keyNotFound(let key, let context):
      let parent = render(context.codingPath)
      return "missing '\(key.stringValue)'\(parent.isEmpty ? "" : " in '\(parent)'")"
    case .dataCorrupted(let context):
      return "'\(render(context.codingPath))': \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }

  /// A JSON syntax error with its line and column where Foundation reports a byte offset.
  static func describe(_ error: any Error, data: Data) -> String {
    let ns = error as NSError
    if let index = ns.userInfo["NSJSONSerializationErrorIndex"] as? Int {
      var line = 1
      var column = 1
      for byte in data.prefix(index) {
        if byte == 0x0A {
          line += 1
          column = 1
        } else {
          column += 1
        }
      }
      return "line \(line), column \(column)"
    }
    if data.isEmpty { return "the file is empty" }
    return ns.localizedDescription
  }
}
