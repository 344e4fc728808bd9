import Foundation
import RehearseCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decoding session documents, including older schema versions.
public enum SessionDecoding {
  private struct SchemaProbe: Decodable {
    var schemaVersion: Int?
  }

  /// Decodes a session document, running migrations for older schemas.
  ///
  /// Throws ``StoreError/unreadable(path:reason:)`` naming the position of a syntax error or
  /// the field with a wrong type, and ``StoreError/futureSchema(path:version:supported:)``
  /// for a document written by a newer Rehearse.
  public static func decode(_ data: Data, path: String) throws(StoreError) -> Session {
    let decoder = SessionStore.decoder()
    // The common case, a current document, in one pass; anything else takes the careful
    // path below, which finds the version first and explains what is wrong.
    if let session = try? decoder.decode(Session.self, from: data),
      session.schemaVersion == Session.currentSchemaVersion
    {
      return try checkingNumbers(session, path: path)
    }
    let version: Int
    do {
      version = try decoder.decode(SchemaProbe.self, from: data).schemaVersion ?? 0
    } catch let error as DecodingError {
      if case .typeMismatch = error {
        throw .unreadable(path: path, reason: "'schemaVersion' has the wrong type (expected a whole number)")
      }
      throw .unreadable(path: path, reason: syntaxError(in: data))
    } catch {
      throw .unreadable(path: path, reason: syntaxError(in: data))
    }
    if version > Session.currentSchemaVersion {
      throw .futureSchema(path: path, version: version, supported: Session.currentSchemaVersion)
    }
    var document = data
    if version < Session.currentSchemaVersion {
      guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw .unreadable(path: path, reason: "expected a JSON object at the top level")
      }
      let migrated = SessionMigration.migrate(object, from: version)
      do {
        document = try JSONSerialization.data(withJSONObject: migrated)
      } catch {
        throw .unreadable(path: path, reason: "could not migrate from schema \(version): \(error)")
      }
    }
    let session: Session
    do {
      session = try decoder.decode(Session.self, from: document)
    } catch let error as DecodingError {
      // A syntax problem the schema probe did not trip over (invalid UTF-8, say) carries
      // no field path: say where it is in the file instead.
      if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
        let reason =
          JSONSyntax.firstProblem(in: [UInt8](document)) == nil ? numberError(in: document) : nil
        throw .unreadable(path: path, reason: reason ?? syntaxError(in: data))
      }
      let migrated = version < Session.currentSchemaVersion ? " (after migrating from schema \(version))" : ""
      throw .unreadable(path: path, reason: describe(error) + migrated)
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
    return try checkingNumbers(session, path: path)
  }

  /// `session`, once every number in it is within its range (``SessionNumbers``).
  private static func checkingNumbers(_ session: Session, path: String) throws(StoreError) -> Session {
    if let problem = SessionNumbers.firstProblem(in: session) { throw .unreadable(path: path, reason: problem) }
    return session
  }

  static func describe(_ error: DecodingError) -> String {
    func render(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "'\(render(context.codingPath))' has the wrong type (expected \(typeName(type)))"
    case .valueNotFound(let type, let context):
      return "'\(render(context.codingPath))' is null (expected \(typeName(type)))"
    case .keyNotFound(let key, let context):
      let parent = render(context.codingPath)
      return "missing '\(key.stringValue)'\(parent.isEmpty ? "" : " in '\(parent)'")"
    case .dataCorrupted(let context):
      let where_ = render(context.codingPath)
      return "\(where_.isEmpty ? "" : "'\(where_)': ")\(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }

  private static func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Double.Type, is Float.Type: return "a number"
    case is Int.Type, is UInt64.Type: return "a whole number"
    case is String.Type: return "a string"
    case is Bool.Type: return "true or false"
    case is Date.Type: return "an ISO 8601 date string like 2026-11-21T09:30:00Z"
    default:
      let name = "\(type)"
      if name.hasPrefix("Array") { return "an array" }
      if name.hasPrefix("Dictionary") { return "an object" }
      return name
    }
  }

  /// Where a JSON document stops being valid, as `line L, column C`, from a scan of its
  /// bytes (``JSONSyntax``); for a well-formed document the decoder still refused, the
  /// number that does not fit its field, or where the document starts.
  static func syntaxError(in data: Data) -> String {
    if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return "the file is empty" }
    if let offset = firstInvalidUTF8(in: data) {
      let (line, column) = position(of: offset, in: data)
      return "not valid UTF-8 at line \(line), column \(column); save the file as UTF-8"
    }
    let bytes = [UInt8](data)
    func at(_ offset: Int) -> String {
      let (line, column) = position(of: offset, in: data)
      return "line \(line), column \(column)"
    }
    switch JSONSyntax.firstProblem(in: bytes) {
    case .unexpected(let offset):
      return "not valid JSON at \(at(offset))"
    case .endOfText:
      return "not valid JSON: the file ends early at \(at(data.count)) (truncated?)"
    case .badEscape(let offset):
      return "not valid JSON at \(at(offset)): a \\u escape needs four hex digits (0-9, a-f)"
    case .loneSurrogate(let offset):
      return "not valid JSON at \(at(offset)): a \\u escape is half of a surrogate pair"
    case .numberOutOfRange(let range):
      return
        "not valid JSON at \(at(range.lowerBound)): the number \(String(decoding: bytes[range], as: UTF8.self)) is out of range"
    case .tooDeep(let offset):
      return "not valid JSON at \(at(offset)): arrays and objects nest too deeply"
    case nil:
      if let number = numberError(in: data) { return number }
      let start = data.firstIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? data.startIndex
      return "not a session document the JSON decoder accepts (document starts at \(at(start - data.startIndex)))"
    }
  }

  /// The keys of a session document whose values are whole numbers (Swift `Int`), and the
  /// one that is unsigned (`UInt64`). `SessionDecodingTests` checks this list against the
  /// model's properties, and that a bad value under each key is found.
  static let wholeNumberKeys: Set<String> = [
    "schemaVersion", "count", "timedSeconds", "attempt", "timeLimitSeconds", "version", "start", "end",
    "actionFirstPersonSingular", "actionFirstPersonPlural", "wordCount", "speakingSeconds",
  ]
  static let unsignedKeys: Set<String> = ["seed"]

  /// Where a number is that its field cannot hold (`1.5` or `1e30` for a count, `-1` for
  /// the seed), for the decoder errors that come without a field path: the first number
  /// under a whole-number key (``wholeNumberKeys``) that is not a whole number in range,
  /// found in one scan of the bytes.
  static func numberError(in document: Data) -> String? {
    let bytes = [UInt8](document)
    for range in numberTokens(in: bytes) {
      guard let key = key(before: range.lowerBound, in: bytes) else { continue }
      let unsigned = unsignedKeys.contains(key)
      guard unsigned || wholeNumberKeys.contains(key) else { continue }
      let literal = String(decoding: bytes[range], as: UTF8.self)
      if fits(literal, unsigned: unsigned) { continue }
      let (line, column) = position(of: range.lowerBound, in: document)
      let kind = unsigned ? "a whole number from 0 to \(UInt64.max)" : "a whole number from \(Int.min) to \(Int.max)"
      return "'\(key)' is \(literal) at line \(line), column \(column); it must be \(kind)"
    }
    return nil
  }

  /// Whether the JSON number `literal` decodes as an `Int` (or a `UInt64`): digits that fit,
  /// or a fraction or exponent whose value is whole and fits.
  private static func fits(_ literal: String, unsigned: Bool) -> Bool {
    if unsigned ? UInt64(literal) != nil : Int(literal) != nil { return true }
    guard literal.contains(where: { ".eE".contains($0) }), let value = Double(literal), value == value.rounded()
    else { return false }
    return unsigned
      ? (0..<18_446_744_073_709_551_616).contains(value)
      : (-9_223_372_036_854_775_808..<9_223_372_036_854_775_808).contains(value)
  }

  /// The object key a value starting at `offset` belongs to (`"key": value`), or nil for a
  /// value in an array.
  static func key(before offset: Int, in bytes: [UInt8]) -> String? {
    var index = offset - 1
    func skipSpace() { while index >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index -= 1 } }
    skipSpace()
    guard index >= 0, bytes[index] == 0x3A else { return nil }
    index -= 1
    skipSpace()
    guard index >= 0, bytes[index] == 0x22 else { return nil }
    let end = index
    index -= 1
    while index >= 0, bytes[index] != 0x22 || (index > 0 && bytes[index - 1] == 0x5C) { index -= 1 }
    guard index >= 0 else { return nil }
    return String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
  }

  /// The byte ranges of the numbers in a JSON text (outside strings).
  static func numberTokens(in bytes: [UInt8]) -> [Range<Int>] {
    var tokens: [Range<Int>] = []
    var index = 0
    var inString = false
    while index < bytes.count {
      let byte = bytes[index]
      if inString {
        if byte == 0x5C { index += 1 } else if byte == 0x22 { inString = false }
        index += 1
        continue
      }
      if byte == 0x22 {
        inString = true
        index += 1
        continue
      }
      if byte == 0x2D || (0x30...0x39).contains(byte) {
        let start = index
        while index < bytes.count,
          [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains(bytes[index]) || (0x30...0x39).contains(bytes[index])
        {
          index += 1
        }
        tokens.append(start..<index)
        continue
      }
      index += 1
    }
    return tokens
  }

  /// The byte offset of the first byte that is not part of valid UTF-8, if any.
  static func firstInvalidUTF8(in data: Data) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = data.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// 1-based line and column of a byte offset.
  static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in data.prefix(offset) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}
