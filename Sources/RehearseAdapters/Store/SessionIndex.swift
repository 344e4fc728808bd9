import Foundation
import RehearseCore

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
}

/// A session file that could not be read, and why.
public struct SessionProblem: Sendable, Equatable, CustomStringConvertible {
  /// The file name without `.json`.
  public var id: String
  public var path: String
  /// What is wrong, naming the file and the position or field.
  public var message: String

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

/// One line of `sessions/index.jsonl`: the summary of one version of one session file, or
/// why that version could not be read.
struct IndexEntry: Codable, Sendable {
  var id: String
  var stamp: FileStamp
  var summary: SessionSummary?
  var problem: String?
}

/// The summary index: `sessions/index.jsonl`, one JSON line per saved version of a session,
/// the last line for an id winning.
///
/// Saving appends one line under the index lock, so a save costs the same however many
/// sessions exist. Reading lists the folder, compares every file's stamp with its line, and
/// re-reads only the files that differ (or have no line), appending their new lines; the
/// index is rewritten compacted when more than half its lines are superseded, corrupt, or
/// name files that are gone. A crash can leave the index behind the files but never
/// silently wrong: a file whose stamp does not match is always re-read.
struct SessionIndex {
  let store: SessionStore

  var url: URL { store.home.sessionsDirectory.appendingPathComponent("index.jsonl") }
  private var lockPath: String { store.home.sessionsDirectory.appendingPathComponent(".index.lock").path }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .secondsSince1970
    return encoder
  }()

  /// Appends the line for a version just saved. Failure is ignored: the next read re-reads
  /// the file because its stamp has no matching line. So is a lock held for more than a
  /// quarter second (another process rebuilding the index): a save never waits on a read.
  func append(_ entry: IndexEntry) {
    guard let line = try? Self.encoder.encode(entry) else { return }
    _ = try? SessionStore.withFileLock(lockPath, patience: 0.25) { () throws(StoreError) in try appendLines([line]) }
  }

  func catalog() throws(StoreError) -> SessionCatalog {
    guard try SessionStore.directoryExists(store.home.sessionsDirectory) else {
      return SessionCatalog(sessions: [], problems: [], reread: 0)
    }
    // A read-only home (a mounted backup, another user's folder) is read without the lock
    // and without updating the index: reading must never need to write.
    let writable = access(store.home.sessionsDirectory.path, W_OK) == 0
    guard writable else { return try scan(writing: false) }
    return try SessionStore.withFileLock(lockPath) { () throws(StoreError) -> SessionCatalog in
      try scan(writing: true)
    }
  }

  /// Lists the files, re-reads those whose line is stale and, when `writing`, brings the
  /// index up to date.
  private func scan(writing: Bool) throws(StoreError) -> SessionCatalog {
    let files = try listFiles()
    let (known, lines, corrupt) = readIndex()
    var fresh: [IndexEntry] = []
    var sessions: [SessionSummary] = []
    var problems: [SessionProblem] = []
    let directory = store.home.sessionsDirectory.path
    // Files whose line is missing or out of date, re-read on both cores.
    let stale = files.compactMap { file -> (id: String, path: String)? in
      guard let id = file.id, known[id]?.stamp != file.stamp else { return nil }
      return (id, directory + "/" + file.name)
    }
    let reread = Self.entries(for: stale)
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
      let entry: IndexEntry
      if let cached = known[id], cached.stamp == file.stamp {
        entry = cached
      } else {
        entry = reread[id] ?? Self.entry(id: id, path: directory + "/" + file.name)
        fresh.append(entry)
      }
      if let summary = entry.summary {
        sessions.append(summary)
      } else {
        let path = directory + "/" + file.name
        problems.append(SessionProblem(id: id, path: path, message: entry.problem ?? "\(path): unreadable"))
      }
    }
    let liveIds = Set(files.compactMap(\.id))
    let gone = known.keys.filter { !liveIds.contains($0) }.count
    let encoded = fresh.compactMap { try? Self.encoder.encode($0) }
    if !writing {
      // Nothing is written; the next writable read catches the index up.
    } else if corrupt > 0 || gone > 0 || lines + encoded.count > 2 * liveIds.count + 64 {
      rewrite(files: files, known: known, fresh: fresh)
    } else if !encoded.isEmpty {
      try? appendLines(encoded)
    }
    sessions.sort { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    return SessionCatalog(sessions: sessions, problems: problems, reread: fresh.count)
  }

  /// Deletes the index; the next read rebuilds it from the session files.
  func discard() throws(StoreError) {
    try SessionStore.withFileLock(lockPath) { () throws(StoreError) in
      if unlink(url.path) != 0 && errno != ENOENT {
        throw .writeFailed(path: url.path, reason: String(cString: strerror(errno)))
      }
    }
  }

  /// Reads and decodes session files in parallel, keyed by id.
  static func entries(for files: [(id: String, path: String)]) -> [String: IndexEntry] {
    guard !files.isEmpty else { return [:] }
    let workers = min(files.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
    let parts = EntryParts(count: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var found: [IndexEntry] = []
      for index in stride(from: worker, to: files.count, by: workers) {
        found.append(entry(id: files[index].id, path: files[index].path))
      }
      parts.set(worker, found)
    }
    var result: [String: IndexEntry] = [:]
    for part in parts.values {
      for entry in part { result[entry.id] = entry }
    }
    return result
  }

  private final class EntryParts: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [[IndexEntry]]
    init(count: Int) { storage = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [IndexEntry]) { lock.withLock { storage[index] = value } }
    var values: [[IndexEntry]] { lock.withLock { storage } }
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

  /// The `*.json` files of the sessions folder with their stamps; `id` is nil for a name
  /// that is not a valid session id.
  private func listFiles() throws(StoreError) -> [(name: String, id: String?, stamp: FileStamp)] {
    let directory = store.home.sessionsDirectory.path
    guard let handle = opendir(directory) else {
      throw .folderUnreadable(path: directory, reason: String(cString: strerror(errno)))
    }
    defer { closedir(handle) }
    let descriptor = dirfd(handle)
    var files: [(name: String, id: String?, stamp: FileStamp)] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name.hasSuffix(".json"), !name.hasPrefix(".") else { continue }
      var info = stat()
      // Links are listed (and reported when read) rather than followed or skipped silently.
      guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
        info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFLNK
      else { continue }
      let id = String(name.dropLast(5))
      files.append((name, (try? SessionStore.validate(id: id)) == nil ? nil : id, FileStamp(info)))
    }
    return files
  }

  /// The last entry per id, the number of lines, and how many lines could not be decoded.
  private func readIndex() -> (entries: [String: IndexEntry], lines: Int, corrupt: Int) {
    // A link here is not followed: the index is treated as missing and rewritten in place.
    let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return ([:], 0, errno == ELOOP ? 1 : 0) }
    defer { close(fd) }
    var info = stat()
    fstat(fd, &info)
    guard let data = Self.readAll(fd, sizeHint: Int(info.st_size)) else { return ([:], 0, 0) }
    // Two halves split at a line break, parsed in parallel; later lines win, so the second
    // half is merged after the first.
    let middle = data.count / 2
    let split = data[middle...].firstIndex(of: 0x0A).map { $0 + 1 } ?? data.count
    let parts = Results(count: 2)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      let range = part == 0 ? data.startIndex..<split : split..<data.endIndex
      parts.set(part, Self.parse(data[range]))
    }
    var entries: [String: IndexEntry] = [:]
    var lines = 0
    var corrupt = 0
    for part in parts.values {
      entries.reserveCapacity(entries.count + part.entries.count)
      for entry in part.entries { entries[entry.id] = entry }
      lines += part.lines
      corrupt += part.corrupt
    }
    return (entries, lines, corrupt)
  }

  private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(entries: [IndexEntry], lines: Int, corrupt: Int)]
    init(count: Int) { storage = Array(repeating: ([], 0, 0), count: count) }
    func set(_ index: Int, _ value: (entries: [IndexEntry], lines: Int, corrupt: Int)) {
      lock.withLock { storage[index] = value }
    }
    var values: [(entries: [IndexEntry], lines: Int, corrupt: Int)] { lock.withLock { storage } }
  }

  /// Index entries of a run of lines, in order, with the line and corrupt-line counts.
  private static func parse(_ data: Data) -> (entries: [IndexEntry], lines: Int, corrupt: Int) {
    var entries: [IndexEntry] = []
    var lines = 0
    var corrupt = 0
    data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      var start = 0
      while start < bytes.count {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        if end > start {
          lines += 1
          if let entry = try? IndexEntry(line: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
            entries.append(entry)
          } else {
            corrupt += 1
          }
        }
        start = end + 1
      }
    }
    return (entries, lines, corrupt)
  }

  /// Appends lines, first ending a line a crash left unfinished so it cannot swallow ours.
  private func appendLines(_ lines: [Data]) throws(StoreError) {
    let fd = try SessionStore.open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode: 0o600)
    SessionStore.giveToFolderOwner(fd, path: url.path)
    defer { close(fd) }
    var payload = Data()
    var info = stat()
    if fstat(fd, &info) == 0, info.st_size > 0 {
      var last: UInt8 = 0
      let readFd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
      if readFd >= 0 {
        if pread(readFd, &last, 1, off_t(info.st_size - 1)) == 1, last != 0x0A { payload.append(0x0A) }
        close(readFd)
      }
    }
    for line in lines {
      payload.append(line)
      payload.append(0x0A)
    }
    try AtomicFile.writeAll(payload, to: fd, path: url.path)
  }

  /// Replaces the index with one line per live session file.
  private func rewrite(
    files: [(name: String, id: String?, stamp: FileStamp)], known: [String: IndexEntry], fresh: [IndexEntry]
  ) {
    var latest = known
    for entry in fresh { latest[entry.id] = entry }
    var payload = Data()
    for file in files {
      guard let id = file.id, let entry = latest[id], entry.stamp == file.stamp,
        let line = try? Self.encoder.encode(entry)
      else { continue }
      payload.append(line)
      payload.append(0x0A)
    }
    try? AtomicFile.write(payload, to: url, sync: false)
  }
}
