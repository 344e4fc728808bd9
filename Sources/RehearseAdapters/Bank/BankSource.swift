import Foundation

/// Where the question bank lives: a folder holding `QuestionBank/` and `Rubrics/`.
public struct BankSource: Sendable, Equatable {
  /// The folder holding `QuestionBank/` and `Rubrics/`, standardised.
  public let root: URL

  /// A bank rooted at `root`; nothing is read until the bank is loaded.
  public init(root: URL) {
    self.root = root.standardizedFileURL
  }

  var questionsDirectory: URL { root.appendingPathComponent("QuestionBank", isDirectory: true) }
  var rubricsDirectory: URL { root.appendingPathComponent("Rubrics", isDirectory: true) }
  var manifestURL: URL { questionsDirectory.appendingPathComponent("bank.yaml") }

  /// Finds the bank: `--bank`, then `$REHEARSE_BANK`, then the current folder, then the
  /// folders above the executable (a checkout's `.build/release/rehearse`), then
  /// `<prefix>/share/rehearse` beside an installed binary.
  public static func locate(
    explicit: String?, environment: [String: String], executablePath: String, currentDirectory: String
  ) throws(Diagnostic) -> BankSource {
    if let explicit {
      let url = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
      guard isBank(url) else {
        throw Diagnostic(
          path: explicit, line: nil,
          message: "no question bank here; --bank needs a folder containing QuestionBank/bank.yaml and Rubrics/")
      }
      return BankSource(root: url)
    }
    if let fromEnvironment = environment["REHEARSE_BANK"], !fromEnvironment.isEmpty {
      let url = URL(fileURLWithPath: fromEnvironment, isDirectory: true)
      guard isBank(url) else {
        throw Diagnostic(
          path: fromEnvironment, line: nil,
          message: "REHEARSE_BANK points to a folder without QuestionBank/bank.yaml and Rubrics/; fix or unset it")
      }
      return BankSource(root: url)
    }
    var candidates = [URL(fileURLWithPath: currentDirectory, isDirectory: true)]
    var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
      candidates.append(directory)
      candidates.append(directory.appendingPathComponent("share/rehearse", isDirectory: true))
      directory = directory.deletingLastPathComponent()
    }
    if let found = candidates.first(where: isBank) { return BankSource(root: found) }
    throw Diagnostic(
      path: currentDirectory, line: nil,
      message:
        "cannot find the question bank (QuestionBank/bank.yaml and Rubrics/); pass --bank DIR or set REHEARSE_BANK")
  }

  /// The bank that the files or folders at `paths` are in (`rehearse check PATH...`).
  ///
  /// Throws when a path does not exist, is not inside a bank, or when the paths are in
  /// different banks, or in another bank than `explicit` (`--bank`).
  public static func containing(
    _ paths: [String], explicit: String?, currentDirectory: String
  ) throws(Diagnostic) -> BankSource {
    let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
    var found: BankSource?
    for path in paths {
      let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw Diagnostic(path: path, line: nil, message: "no such file or folder; give a file or folder of the bank")
      }
      var directory = url
      while !isBank(directory) {
        guard directory.path != "/" else {
          throw Diagnostic(
            path: path, line: nil,
            message: "not inside a question bank (no folder above it holds QuestionBank/bank.yaml and Rubrics/)")
        }
        directory = directory.deletingLastPathComponent()
      }
      let source = BankSource(root: directory)
      if let found, found != source {
        throw Diagnostic(
          path: path, line: nil,
          message: "is in the bank at \(source.root.path), not \(found.root.path); check one bank at a time")
      }
      found = source
    }
    guard let found else { throw Diagnostic(path: currentDirectory, line: nil, message: "no paths to check") }
    if let explicit {
      let bank = BankSource(root: URL(fileURLWithPath: explicit, relativeTo: base))
      if bank != found {
        throw Diagnostic(
          path: paths[0], line: nil, message: "is in the bank at \(found.root.path), not in --bank \(explicit)")
      }
    }
    return found
  }

  static func isBank(_ url: URL) -> Bool {
    let manager = FileManager.default
    return manager.fileExists(atPath: url.appendingPathComponent("QuestionBank/bank.yaml").path)
      && manager.fileExists(atPath: url.appendingPathComponent("Rubrics").path)
  }

  /// A path relative to the bank root, for messages ("Rubrics/x.yaml").
  func display(_ url: URL) -> String {
    let full = url.standardizedFileURL.path
    let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
    return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
  }

  /// Every `.yaml` file below `directory`, sorted by path, hidden files and folders skipped.
  ///
  /// Listed with `opendir`/`readdir` and sorted as strings: `FileManager`'s URL enumerator
  /// and sorting by `URL.path` cost several milliseconds on the way to the first question.
  func yamlFiles(in directory: URL) -> [URL] {
    var paths: [String] = []
    Self.collectYAML(in: directory.path, into: &paths)
    return paths.sorted().map { URL(fileURLWithPath: $0, isDirectory: false) }
  }

  private static func collectYAML(in directory: String, into paths: inout [String]) {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard !name.hasPrefix(".") else { continue }
      let path = prefix + name
      let type = Int32(entry.pointee.d_type)
      var isDirectory = type == Int32(DT_DIR)
      var isFile = type == Int32(DT_REG)
      if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
        // A link to a file counts; links to folders are not followed (no cycles).
        var info = stat()
        guard (type == Int32(DT_LNK) ? stat(path, &info) : lstat(path, &info)) == 0 else { continue }
        isDirectory = type == Int32(DT_UNKNOWN) && (info.st_mode & S_IFMT) == S_IFDIR
        isFile = (info.st_mode & S_IFMT) == S_IFREG
      }
      if isDirectory {
        collectYAML(in: path, into: &paths)
      } else if isFile && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
        paths.append(path)
      }
    }
  }
}
