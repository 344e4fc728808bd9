import Foundation

/// The files an export writes, decided from `-o` and the sessions before anything is
/// rendered or written: one file for one session, else a folder with a file per session and
/// `all.<ext>` holding every session.
///
/// Use ``make(sessionIds:output:format:force:)`` and then write each ``File``; it refuses up
/// front (nothing written) when a target is a device or FIFO, or exists without `force`.
public struct ExportPlan: Equatable, Sendable {
  /// One file to write and the sessions it holds, in export order.
  public struct File: Equatable, Sendable {
    /// Where the file goes.
    public var url: URL
    /// The sessions it holds, in export order.
    public var sessionIds: [String]
  }

  /// Why nothing is written. Every case says how to go on.
  public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
    /// `-o` names an existing file but several sessions are exported.
    case outputIsAFile(String)
    /// Targets that are devices, FIFOs, sockets or links to one.
    case notRegularFiles([String])
    /// Targets that exist (without `--force`).
    case exist([String])

    /// The error lines, most specific first.
    public var lines: [String] {
      switch self {
      case .outputIsAFile(let path):
        return ["\(path) is a file; with several sessions -o names a folder"]
      case .notRegularFiles(let paths):
        return paths.map { "\($0) is not a regular file (a device, FIFO, socket or a link to one)" } + [
          "nothing was written; export to a regular file, or leave out -o to write to standard output"
        ]
      case .exist(let paths):
        return paths.map { "\($0) already exists" } + [
          "nothing was written; pass --force to overwrite, or choose another -o"
        ]
      }
    }

    /// The whole message, one line per problem, for stderr.
    public var description: String { lines.joined(separator: "\n") }
  }

  /// The files to write, in order: the output file itself for one session, else one file per session in the
  /// output folder.
  public var files: [File]

  /// Plans writing `sessionIds` (already in export order) to `output`.
  ///
  /// - Throws: ``Problem``; ``StoreError`` when an id would not make a safe file name.
  public static func make(sessionIds: [String], output: String, format: ExportFormat, force: Bool) throws -> ExportPlan
  {
    var files: [File] = []
    let target = URL(fileURLWithPath: output)
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory)
    if sessionIds.count == 1 && !(exists && isDirectory.boolValue) && !output.hasSuffix("/") {
      files.append(File(url: target, sessionIds: sessionIds))
    } else {
      if exists && !isDirectory.boolValue { throw Problem.outputIsAFile(output) }
      for id in sessionIds {
        // File names come only from validated ids (the store checks them on every read).
        try SessionStore.validate(id: id)
        files.append(File(url: target.appendingPathComponent("\(id).\(format.fileExtension)"), sessionIds: [id]))
      }
      if sessionIds.count > 1 {
        files.append(File(url: target.appendingPathComponent("all.\(format.fileExtension)"), sessionIds: sessionIds))
      }
    }
    let targets = files.map { ExportTarget(path: $0.url.path) }
    let special = zip(files, targets).filter { $0.1 == .special }.map(\.0.url.path)
    if !special.isEmpty { throw Problem.notRegularFiles(special) }
    let existing = zip(files, targets).filter { $0.1 != .missing }.map(\.0.url.path)
    if !existing.isEmpty && !force { throw Problem.exist(existing) }
    return ExportPlan(files: files)
  }
}
