import Foundation
import RehearseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
