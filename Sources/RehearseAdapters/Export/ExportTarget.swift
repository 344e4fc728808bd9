import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What is at an export's target path, looked at without following a link first.
///
/// Use it before writing an export: only ``missing`` may be written without `--force`, and
/// ``special`` never.
public enum ExportTarget: Equatable, Sendable {
  /// Nothing, not even a dangling link.
  case missing
  /// A regular file, a link to one or a dangling link: replaced with --force (a link
  /// itself, never what it points to).
  case file
  /// A device, FIFO, socket or folder, or a link to one: never replaced.
  case special

  init(path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else {
      self = .missing
      return
    }
    if info.st_mode & S_IFMT == S_IFLNK {
      var target = stat()
      self = stat(path, &target) != 0 || target.st_mode & S_IFMT == S_IFREG ? .file : .special
      return
    }
    self = info.st_mode & S_IFMT == S_IFREG ? .file : .special
  }
}
