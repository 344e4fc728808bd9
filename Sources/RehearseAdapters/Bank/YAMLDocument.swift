import Foundation
import Yams

/// A parsed YAML file that remembers where every value is, so errors can name a line.
struct YAMLDocument {
  let path: String
  let text: String
  let root: Node

  /// Reads and parses `url`; `displayPath` is how the file is named in errors.
  static func load(_ url: URL, displayPath: String) throws(Diagnostic) -> YAMLDocument {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw Diagnostic(path: displayPath, line: nil, message: "cannot read file: \(error.localizedDescription)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      let offset = SessionDecoding.firstInvalidUTF8(in: data) ?? 0
      let (line, column) = SessionDecoding.position(of: offset, in: data)
      throw Diagnostic(
        path: displayPath, line: line, message: "not valid UTF-8 at column \(column); save the file as UTF-8")
    }
    return try parse(text, displayPath: displayPath)
  }

  static func parse(_ text: String, displayPath: String) throws(Diagnostic) -> YAMLDocument {
    do {
      guard let root = try Yams.compose(yaml: text) else {
        throw Diagnostic(path: displayPath, line: 1, message: "file is empty; expected a YAML mapping")
      }
      if let diagnostic = aliasExpansion(of: root, text: text, path: displayPath) { throw diagnostic }
      return YAMLDocument(path: displayPath, text: text, root: root)
    } catch let diagnostic as Diagnostic {
      throw diagnostic
    } catch let error as YamlError {
      throw Self.diagnostic(for: error, path: displayPath, text: text)
    } catch {
      throw Diagnostic(path: displayPath, line: nil, message: "invalid YAML: \(error)")
    }
  }

  /// An error when `root` holds more values than `text` could spell out without YAML aliases.
  ///
  /// Without aliases every value takes at least one character of the text, so more values
  /// than characters means aliases expanding it (a 2 MB file of `*big` once became a 112 MB
  /// session). Counting stops at the limit, so an exponential "billion laughs" file costs no
  /// more than a large honest one. Bank files and packets never need aliases.
  static func aliasExpansion(of root: Node, text: String, path: String) -> Diagnostic? {
    let limit = text.utf8.count + 16
    var count = 0
    var stack = [root]
    while let node = stack.popLast() {
      count += 1
      if count > limit {
        return Diagnostic(
          path: path, line: 1,
          message:
            "the file holds more values than its \(text.utf8.count) characters can spell out: YAML aliases (*name) expand it; write the values out instead of using anchors and aliases"
        )
      }
      if let mapping = node.mapping {
        for pair in mapping {
          stack.append(pair.key)
          stack.append(pair.value)
        }
      } else if let sequence = node.sequence {
        stack.append(contentsOf: sequence)
      }
    }
    return nil
  }

  private static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "invalid YAML: \(problem)"
      if let context {
        message += " (\(context.text)"
        message += context.mark.line != mark.line ? " that starts at line \(context.mark.line))" : ")"
      }
      message += " at column \(mark.column); check indentation and quoting"
      return Diagnostic(path: path, line: mark.line, message: message)
    case .reader(let problem, let offset, _, let yaml):
      // The offset counts from the start of the text; turn it into a line.
      let line = offset.map { offset in 1 + yaml.utf8.prefix(offset).filter { $0 == 0x0A }.count }
      return Diagnostic(
        path: path, line: line ?? 1, message: "invalid YAML: \(problem); remove control characters from this line")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.sorted()
      let lines = text.components(separatedBy: "\n")
      // The first line (after the mapping starts) that repeats one of the keys.
      var seen: Set<String> = []
      var line = context.mark.line
      for (index, content) in lines.enumerated() {
        let trimmed = content.drop { $0 == " " || $0 == "-" }
        guard let colon = trimmed.firstIndex(of: ":") else { continue }
        let key = String(trimmed[..<colon])
        guard keys.contains(key) else { continue }
        let indent = content.prefix { $0 == " " || $0 == "-" }.count
        let marker = "\(indent):\(key)"
        if seen.contains(marker) {
          line = index + 1
          break
        }
        seen.insert(marker)
      }
      return Diagnostic(
        path: path, line: line,
        message: "key \(keys.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping; keep one")
    default:
      return Diagnostic(path: path, line: nil, message: "invalid YAML: \(error)")
    }
  }

  /// One diagnostic per text value holding a control character (an escape sequence, a bell,
  /// a bidirectional override): bank text is printed on candidates' terminals.
  func controlCharacterProblems() -> [Diagnostic] {
    var problems: [Diagnostic] = []
    func visit(_ node: Node) {
      if let scalar = node.scalar {
        if let bad = scalar.string.unicodeScalars.first(where: isControlCharacter) {
          let hex = String(bad.value, radix: 16, uppercase: true)
          let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
          problems.append(
            Diagnostic(
              path: path, line: node.mark?.line,
              message:
                "text holds the control character \(code) ('\(inert(String(scalar.string.prefix(40))))'); remove it: bank text is printed on terminals"
            ))
        }
      } else if let mapping = node.mapping {
        for pair in mapping {
          visit(pair.key)
          visit(pair.value)
        }
      } else if let sequence = node.sequence {
        for item in sequence { visit(item) }
      }
    }
    visit(root)
    return problems
  }

  /// Decodes the whole document, turning decoding errors into diagnostics with lines.
  func decode<T: Decodable>(_ type: T.Type) throws(Diagnostic) -> T {
    do {
      return try YAMLDecoder().decode(type, from: root)
    } catch let error as DecodingError {
      throw diagnostic(for: error)
    } catch {
      throw Diagnostic(path: path, line: root.mark?.line, message: "\(error)")
    }
  }

  /// The line of the value at `codingPath` (or of its nearest existing parent).
  func line(at codingPath: [any CodingKey], keyLine: Bool = false) -> Int? {
    var node = root
    var line = root.mark?.line
    for (index, key) in codingPath.enumerated() {
      let isLast = index == codingPath.count - 1
      if let position = key.intValue, let sequence = node.sequence {
        guard position < sequence.count else { return line }
        node = sequence[position]
        line = node.mark?.line ?? line
      } else if let mapping = node.mapping {
        guard let pair = mapping.first(where: { $0.key.string == key.stringValue }) else { return line }
        if isLast && keyLine {
          return pair.key.mark?.line ?? line
        }
        node = pair.value
        line = node.mark?.line ?? pair.key.mark?.line ?? line
      } else {
        return line
      }
    }
    return line
  }

  private func diagnostic(for error: DecodingError) -> Diagnostic {
    switch error {
    case .typeMismatch(let type, let context):
      let found = describeValue(at: context.codingPath)
      var fix = "fix the value's type"
      if found == ", not a mapping" && Self.describe(type) != "a mapping" {
        fix = "an unquoted ': ' starts a mapping, so put the text in quotes"
      }
      return Diagnostic(
        path: path, line: line(at: context.codingPath),
        message: "'\(Self.render(context.codingPath))' should be \(Self.describe(type))\(found); \(fix)")
    case .valueNotFound(let type, let context):
      return Diagnostic(
        path: path, line: line(at: context.codingPath),
        message: "'\(Self.render(context.codingPath))' is empty; expected \(Self.describe(type))")
    case .keyNotFound(let key, let context):
      let parent = Self.render(context.codingPath)
      return Diagnostic(
        path: path, line: line(at: context.codingPath),
        message: "missing required key '\(key.stringValue)'\(parent.isEmpty ? "" : " in '\(parent)'"); add it")
    case .dataCorrupted(let context):
      let isUnknownKey = context.debugDescription.hasPrefix("unknown key")
      let where_ = Self.render(context.codingPath)
      let message =
        isUnknownKey
        ? "\(context.debugDescription)\(context.codingPath.count > 1 ? " (in '\(Self.render(context.codingPath.dropLast()))')" : "")"
        : "'\(where_)': \(Self.clean(context.debugDescription))"
      return Diagnostic(path: path, line: line(at: context.codingPath, keyLine: isUnknownKey), message: message)
    @unknown default:
      return Diagnostic(path: path, line: nil, message: "\(error)")
    }
  }

  private func describeValue(at codingPath: [any CodingKey]) -> String {
    var node = root
    for key in codingPath {
      if let position = key.intValue, let sequence = node.sequence, position < sequence.count {
        node = sequence[position]
      } else if let mapping = node.mapping, let value = mapping[key.stringValue] {
        node = value
      } else {
        return ""
      }
    }
    if let scalar = node.scalar { return ", not '\(scalar.string)'" }
    if node.sequence != nil { return ", not a list" }
    if node.mapping != nil { return ", not a mapping" }
    return ""
  }

  static func render(_ codingPath: some Collection<any CodingKey>) -> String {
    var result = ""
    for key in codingPath {
      if let index = key.intValue {
        result += "[\(index)]"
      } else {
        result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return result
  }

  static func describe(_ type: Any.Type) -> String {
    let name = String(describing: type)
    switch name {
    case "String": return "text"
    case "Double", "Int", "Float": return "a number"
    case "Bool": return "true or false"
    case "Scalar": return "a single value (text or a number)"
    case "Sequence": return "a list"
    default:
      if name.hasPrefix("Array") { return "a list" }
      return "a mapping"
    }
  }

  private static func clean(_ description: String) -> String {
    if description.hasPrefix("Cannot initialize AnswerSection from invalid String value") {
      return "unknown STAR section; use situation, task, action or result"
    }
    if description.hasPrefix("Cannot initialize Difficulty") {
      return "unknown difficulty; use easy, medium or hard"
    }
    if description.hasPrefix("Cannot initialize AnswerForm") {
      return "unknown answer form; use star or free"
    }
    return description
  }
}
