import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the output stream can show: colour, and how wide a line may be.
public struct TerminalStyle: Sendable {
  var color: Bool
  /// Columns to wrap text at.
  public var width: Int

  /// A style with colour on or off and lines `width` columns wide; the executable derives both from the
  /// environment.
  public init(color: Bool, width: Int) {
    self.color = color
    self.width = width
  }

  /// Plain text, 80 columns: for pipes, files and tests.
  public static let plain = TerminalStyle(color: false, width: 80)

  /// Detects the style for a file descriptor: colour only on a terminal, never with
  /// `NO_COLOR` set or `TERM=dumb`; width from the terminal, else `$COLUMNS`, else 80.
  public static func detect(fileDescriptor: Int32 = STDOUT_FILENO, environment: [String: String]) -> TerminalStyle {
    let isTerminal = isatty(fileDescriptor) == 1
    let dumb = environment["TERM"] == "dumb"
    let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    var width = 80
    var size = winsize()
    if isTerminal, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
      width = Int(size.ws_col)
    } else if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 {
      width = columns
    }
    return TerminalStyle(color: isTerminal && !dumb && !noColor, width: min(width, 120))
  }

  /// `text` in bold when colour is on; unchanged otherwise.
  public func bold(_ text: String) -> String { wrapANSI(text, "1") }
  /// `text` dimmed when colour is on; unchanged otherwise.
  public func dim(_ text: String) -> String { wrapANSI(text, "2") }
  func green(_ text: String) -> String { wrapANSI(text, "32") }
  func red(_ text: String) -> String { wrapANSI(text, "31") }
  func yellow(_ text: String) -> String { wrapANSI(text, "33") }
  /// `text` in cyan when colour is on; unchanged otherwise.
  public func cyan(_ text: String) -> String { wrapANSI(text, "36") }

  private func wrapANSI(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// Wraps `text` to the width, indenting every line by `indent` and continuation lines by
  /// `hanging` more. Colour codes must not be inside `text` (wrap plain text, colour after).
  ///
  /// Widths are display widths (``DisplayWidth``): a CJK character or emoji takes two
  /// columns. A word wider than a whole line is broken between characters.
  public func wrap(_ text: String, indent: Int = 0, hanging: Int = 0) -> String {
    let firstWidth = max(20, width - indent)
    let restWidth = max(20, width - indent - hanging)
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      var length = 0
      func limit() -> Int { lines.isEmpty ? firstWidth : restWidth }
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var word = Substring(word)
        var wordWidth = DisplayWidth.of(word)
        if length > 0 && length + 1 + wordWidth > limit() {
          lines.append(line)
          line = ""
          length = 0
        }
        // A word wider than a line (a URL, CJK text without spaces) is cut to fit.
        while wordWidth > limit() - (length > 0 ? length + 1 : 0) {
          var cut = word.startIndex
          var used = length > 0 ? length + 1 : 0
          while cut < word.endIndex, used + DisplayWidth.of(word[cut]) <= limit() {
            used += DisplayWidth.of(word[cut])
            cut = word.index(after: cut)
          }
          if cut == word.startIndex { cut = word.index(after: cut) }
          lines.append(line + (length > 0 ? " " : "") + word[..<cut])
          line = ""
          length = 0
          word = word[cut...]
          wordWidth = DisplayWidth.of(word)
        }
        guard !word.isEmpty else { continue }
        line += length > 0 ? " " + word : String(word)
        length += (length > 0 ? 1 : 0) + wordWidth
      }
      lines.append(line)
    }
    let pad = String(repeating: " ", count: indent)
    let hang = String(repeating: " ", count: indent + hanging)
    return lines.enumerated().map { ($0.offset == 0 ? pad : hang) + $0.element }.joined(separator: "\n")
  }
}

/// Makes text from an answer safe to print: terminal escape sequences and other control
/// characters are shown as visible `^[`-style text, never executed by the terminal.
public func inert(_ text: String) -> String {
  // Most text (ids, categories, plain answers) is printable ASCII: nothing to change.
  if isPlainASCII(text) { return text }
  var result = ""
  result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
  for scalar in text.unicodeScalars {
    switch scalar.value {
    case 0x0A, 0x09:
      result.unicodeScalars.append(scalar)
    case 0x00..<0x20:
      result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
    case 0x7F:
      result += "^?"
    case 0x80..<0xA0:
      result += "\\u{\(String(scalar.value, radix: 16))}"
    case 0x202A...0x202E, 0x2066...0x2069:
      result += "\\u{\(String(scalar.value, radix: 16))}"  // bidi overrides
    default:
      result.unicodeScalars.append(scalar)
    }
  }
  return result
}

/// Whether `text` is only printable ASCII, newlines and tabs: nothing in it for ``inert(_:)``
/// or ``terminalSafe(_:)`` to change, found without looking at it scalar by scalar.
private func isPlainASCII(_ text: String) -> Bool {
  text.utf8.allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x09 }
}

/// Whether `scalar` is one that ``inert(_:)`` shows as text: C0 and C1 controls other than
/// newline and tab, DEL, and the bidirectional overrides.
public func isControlCharacter(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x0A, 0x09: return false
  case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: return true
  default: return false
  }
}

/// Text as it may reach the terminal: the one filter every line Rehearse prints passes through.
///
/// Rehearse's own styling (SGR sequences `ESC [ digits ; … m` from ``TerminalStyle``) is
/// kept; every other control character, wherever it came from (a bank file, a session file,
/// an error quoting a bad value), is shown as visible text by ``inert(_:)``, so nothing read
/// from a file can retitle, clear or reprogram the terminal.
public func terminalSafe(_ text: String) -> String {
  // Printable ASCII, newlines and tabs (most output, all of a plain `history` table): nothing
  // to look at scalar by scalar.
  if isPlainASCII(text) { return text }
  guard text.unicodeScalars.contains(where: isControlCharacter) else { return text }
  var result = ""
  var pending = Substring.UnicodeScalarView()
  var scalars = text.unicodeScalars[...]
  while let scalar = scalars.first {
    if scalar == "\u{1B}", let length = sgrLength(scalars) {
      result += inert(String(pending))
      pending = Substring.UnicodeScalarView()
      result.unicodeScalars.append(contentsOf: scalars.prefix(length))
      scalars = scalars.dropFirst(length)
      continue
    }
    pending.append(scalar)
    scalars = scalars.dropFirst()
  }
  return result + inert(String(pending))
}

/// The length of the SGR sequence at the start of `scalars` (`ESC [ [0-9;]* m`), if it is one.
private func sgrLength(_ scalars: Substring.UnicodeScalarView) -> Int? {
  var index = scalars.index(after: scalars.startIndex)
  guard index < scalars.endIndex, scalars[index] == "[" else { return nil }
  var length = 2
  index = scalars.index(after: index)
  while index < scalars.endIndex, length < 32 {
    let scalar = scalars[index]
    if scalar == "m" { return length + 1 }
    guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
    length += 1
    index = scalars.index(after: index)
  }
  return nil
}
