import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SessionStore {
  /// Checks that sessions can be saved in the data home (creating its folders if needed) by
  /// creating and removing a file there: call it before the first question, so a read-only
  /// home is reported before anything is typed.
  ///
  /// - Throws: ``PracticeError/homeNotWritable(path:reason:)``.
  public func checkWritable() throws(PracticeError) {
    let folder = home.sessionsDirectory.path
    do {
      try prepare()
    } catch {
      throw .homeNotWritable(path: folder, reason: Self.reasonOnly(error))
    }
    var generator = SystemRandomNumberGenerator()
    let probe = folder + "/.write-check-\(String(generator.next(), radix: 36))"
    let fd = Glibc.open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .homeNotWritable(path: folder, reason: String(cString: strerror(errno))) }
    close(fd)
    unlink(probe)
  }

  /// Deletes the session when it holds nothing (no answer, skip, grade or draft); returns
  /// whether it did. Checked under the session's lock against the file on disk, so an
  /// answer saved meanwhile by another process keeps the session.
  public func removeIfEmpty(id: String) throws -> Bool {
    try Self.validate(id: id)
    return try withLock(id) { () throws -> Bool in
      let session = try read(url(for: id))
      guard session.answers.isEmpty && session.grades.isEmpty && session.draft == nil else { return false }
      guard unlink(url(for: id).path) == 0 else {
        throw StoreError.writeFailed(path: url(for: id).path, reason: String(cString: strerror(errno)))
      }
      return true
    }
  }

  /// The reason inside a store error ("Permission denied"), without the path around it.
  private static func reasonOnly(_ error: StoreError) -> String {
    if case .writeFailed(_, let reason) = error { return reason }
    return error.description
  }
}
