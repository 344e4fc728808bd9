import Foundation

/// Where the question bank lives: a folder holding `QuestionBank/` and `Rubrics/`.
public struct BankSource: Sendable, Equatable {
  public let root: URL

  public init(root: URL) {
    self.root = root.standardizedFileURL
  }

  public var questionsDirectory: URL { root.appendingPathComponent("QuestionBank", isDirectory: true) }
  public var rubricsDirectory: URL { root.appendingPathComponent("Rubrics", isDirectory: true) }
  public var manifestURL: URL { questionsDirectory.appendingPathComponent("bank.yaml") }

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

  /// Every `.yaml` file below `directory`, sorted.
  func yamlFiles(in directory: URL) -> [URL] {
    guard
      let enumerator = FileManager.default.enumerator(
        at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
    else { return [] }
    var files: [URL] = []
    for case let url as URL in enumerator where url.pathExtension == "yaml" || url.pathExtension == "yml" {
      files.append(url)
    }
    return files.sorted { $0.path < $1.path }
  }
}
