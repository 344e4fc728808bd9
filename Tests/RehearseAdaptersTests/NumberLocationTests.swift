import Foundation
import RehearseCore
import Testing

@testable import RehearseAdapters

/// A number its field cannot hold (`"attempt": 1.5`) makes Foundation's decoder fail with no
/// field path; the store finds it in one scan of the bytes and names it with its position.
@Suite struct NumberLocationTests {
  static let fixture = StoreFixture.repositoryRoot.appendingPathComponent(
    "Tests/Fixtures/sessions/20261101-090000-fol1.json")

  /// `document` with the first value under `key` replaced by `literal`, and where it is.
  func replacing(_ key: String, with literal: String, in document: String) throws -> (String, line: Int, column: Int) {
    let pattern = try Regex("\"\(key)\" *: *(-?[0-9][0-9.eE+-]*)")
    let match = try #require(document.firstMatch(of: pattern), "no \(key) in the fixture")
    let value = try #require(match.output[1].range)
    let before = document[..<value.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let column =
      before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
    return (document.replacingCharacters(in: value, with: literal), line, column)
  }

  func reason(decoding text: String) -> String? {
    do {
      _ = try SessionDecoding.decode(Data(text.utf8), path: "x.json")
      return nil
    } catch {
      guard case .unreadable(_, let reason) = error else { return "\(error)" }
      return reason
    }
  }

  @Test(arguments: SessionDecoding.wholeNumberKeys.sorted() + SessionDecoding.unsignedKeys.sorted())
  func aNumberItsFieldCannotHoldIsNamedWithItsPosition(key: String) throws {
    let document = try String(contentsOf: Self.fixture, encoding: .utf8)
    let unsigned = SessionDecoding.unsignedKeys.contains(key)
    for literal in unsigned ? ["-1", "1.5", "18446744073709551616"] : ["1.5", "1e30", "9223372036854775808"] {
      let (broken, line, column) = try replacing(key, with: literal, in: document)
      let range = unsigned ? "0 to 18446744073709551615" : "-9223372036854775808 to 9223372036854775807"
      #expect(
        reason(decoding: broken)
          == "'\(key)' is \(literal) at line \(line), column \(column); it must be a whole number from \(range)")
    }
    // Whole values written with a fraction or exponent decode, as Foundation reads them.
    let (whole, _, _) = try replacing(key, with: "1.0", in: document)
    #expect(reason(decoding: whole).map { !$0.contains("'\(key)' is") } ?? true)
  }

  @Test func theListedKeysAreTheModelsWholeNumberFields() throws {
    let session = try SessionDecoding.decode(try Data(contentsOf: Self.fixture), path: "fol1.json")
    var signed: Set<String> = []
    var unsigned: Set<String> = []
    var floating: Set<String> = []
    func walk(_ value: Any, depth: Int) {
      guard depth < 12 else { return }
      for child in Mirror(reflecting: value).children {
        guard let label = child.label else {
          walk(child.value, depth: depth + 1)
          continue
        }
        // By the declared type: a nil of any optional would pass `is Int?`.
        let type = Swift.type(of: child.value)
        if type == Int.self || type == Int?.self {
          signed.insert(label)
        } else if type == UInt64.self || type == UInt64?.self {
          unsigned.insert(label)
        } else if type == Double.self || type == Double?.self {
          floating.insert(label)
        } else {
          walk(child.value, depth: depth + 1)
        }
      }
    }
    walk(session, depth: 0)
    #expect(signed == SessionDecoding.wholeNumberKeys)
    #expect(unsigned == SessionDecoding.unsignedKeys)
    #expect(floating.isDisjoint(with: SessionDecoding.wholeNumberKeys.union(SessionDecoding.unsignedKeys)))
  }
}
