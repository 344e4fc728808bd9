import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lets the person rewrite the answer so far in a full editor (`:edit`).
public protocol AnswerEditing {
  /// Returns `text` as edited.
  ///
  /// - Throws: ``PracticeError/editorFailed(command:reason:)`` when the editor cannot run
  ///   or exits with a failure; the answer is then left as it was.
  func edit(_ text: String) throws -> String
}

/// Opens `$EDITOR` (else `$VISUAL`, else `vi`) on a private temporary file holding the text.
///
/// The command is split on spaces into an argument list (`EDITOR="code --wait"` works) and
/// started with `posix_spawnp`, never through a shell, so nothing in it is interpreted.
public struct ExternalEditor: AnswerEditing {
  /// Where `EDITOR` and `VISUAL` are read from (the process environment in the product).
  public var environment: [String: String]
  /// Where the draft file is written for the editor and removed afterwards.
  public var temporaryDirectory: URL

  /// An editor chosen from `environment` (``command``), writing drafts to `temporaryDirectory`.
  public init(environment: [String: String], temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
    self.environment = environment
    self.temporaryDirectory = temporaryDirectory
  }

  /// The editor's argument list, without the file.
  public var command: [String] {
    for key in ["EDITOR", "VISUAL"] {
      let words = (environment[key] ?? "").split(separator: " ").map(String.init)
      if !words.isEmpty { return words }
    }
    return ["vi"]
  }

  /// Writes `text` to a temporary file, runs ``command`` on it and waits, then returns the file's contents.
  /// \\ - Throws: when the editor cannot be started, exits non-zero, or the file cannot be read back; the
  /// draft is left unchanged for the caller.
  public func edit(_ text: String) throws -> String {
    let command = command
    let display = command.joined(separator: " ")
    let file = temporaryDirectory.appendingPathComponent(
      "rehearse-answer-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt")
    let contents = text.isEmpty || text.hasSuffix("\n") ? text : text + "\n"
    guard
      FileManager.default.createFile(
        atPath: file.path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600])
    else {
      throw PracticeError.editorFailed(command: display, reason: "cannot write \(file.path)")
    }
    defer { try? FileManager.default.removeItem(at: file) }
    let arguments = command + [file.path]
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid = pid_t()
    let spawned = argv.withUnsafeBufferPointer { args -> Int32 in
      envp.withUnsafeBufferPointer { env -> Int32 in
        guard let file = args[0], let argsBase = args.baseAddress, let envBase = env.baseAddress else { return EINVAL }
        return posix_spawnp(&pid, file, nil, nil, argsBase, envBase)
      }
    }
    guard spawned == 0 else {
      throw PracticeError.editorFailed(command: display, reason: String(cString: strerror(spawned)))
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { throw PracticeError.editorFailed(command: display, reason: String(cString: strerror(errno))) }
    }
    let exited = (status & 0x7F) == 0
    let code = (status >> 8) & 0xFF
    guard exited, code == 0 else {
      throw PracticeError.editorFailed(command: display, reason: exited ? "exited with status \(code)" : "was killed")
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
      throw PracticeError.editorFailed(command: display, reason: "the file disappeared")
    }
    return String(decoding: data, as: UTF8.self)
  }
}
