/// Text built as UTF-8 bytes: for output of thousands of lines (`history`), where appending
/// cell by cell to a byte array costs a fraction of appending to a `String`.
struct TextBytes {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int) {
    bytes.reserveCapacity(capacity)
  }

  mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// `text` padded with spaces to `width` terminal columns (after it, or before it when
  /// `right`); widths are display widths, as ``Display/column(_:_:right:)`` counts them.
  mutating func append(_ text: String, width: Int, right: Bool = false) {
    let padding = max(0, width - DisplayWidth.of(text))
    if right { spaces(padding) }
    append(text)
    if !right { spaces(padding) }
  }

  mutating func append(_ other: TextBytes) {
    bytes.append(contentsOf: other.bytes)
  }

  mutating func spaces(_ count: Int) {
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
  }

  /// The text; the bytes are always whole UTF-8, since only strings were appended.
  var string: String { String(decoding: bytes, as: UTF8.self) }
}
