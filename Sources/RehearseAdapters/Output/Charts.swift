import Foundation
import RehearseCore

/// Small text charts for the terminal, on the absolute 0–100 score scale so rows compare.
public enum Chart {
  private static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// One block per score, its height the score: `▃▅▆▄▇`.
  public static func sparkline(_ scores: [Double]) -> String {
    String(scores.map { levels[min(levels.count - 1, max(0, Int($0 / 100 * Double(levels.count))))] })
  }

  /// A bar `width` cells wide, filled to `value` of `maximum`, in eighths of a cell.
  public static func bar(_ value: Double, of maximum: Double = 100, width: Int = 10) -> String {
    let partials: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    let eighths = Int((max(0, min(value, maximum)) / maximum * Double(width * 8)).rounded())
    let full = eighths / 8
    let rest = eighths % 8
    let filled = String(repeating: "█", count: full) + partials[rest]
    let used = full + (rest > 0 ? 1 : 0)
    return filled + String(repeating: "·", count: max(0, width - used))
  }

  /// `↑ +6.2`, `↓ −3`, `→ +0.4`: arrows when the change is more than 2 points.
  public static func trend(_ change: Double?) -> String {
    guard let change else { return "–" }
    let arrow = change > 2 ? "↑" : change < -2 ? "↓" : "→"
    let sign = change > 0 ? "+" : change < 0 ? "−" : "±"
    return "\(arrow) \(sign)\(format(abs(change)))"
  }
}

/// Text helpers shared by the history, stats, plan and transcript views.
public enum Display {
  /// `YYYY-MM-DD HH:MM` in `timeZone`.
  public static func dateTime(_ date: Date, in timeZone: TimeZone) -> String {
    var offsets = TimeZoneOffsets(timeZone)
    return dateTime(date, offsets: &offsets)
  }

  /// `YYYY-MM-DD HH:MM`, reusing offsets across many dates.
  public static func dateTime(_ date: Date, offsets: inout TimeZoneOffsets) -> String {
    let (day, inDay) = localDay(date, offsets: &offsets)
    let civil = day.civil
    // `history` prints one per session: written digit by digit rather than interpolated,
    // which took a sixth of its time at 10,000 sessions. Years outside 0...9999 are
    // written the plain way (`DisplayTests` compares the two).
    guard (0...9999).contains(civil.year) else { return plainDateTime(date, offsets: &offsets) }
    return String(unsafeUninitializedCapacity: 16) { bytes in
      var at = 0
      func digits(_ value: Int, _ count: Int) {
        var rest = value
        for offset in stride(from: count - 1, through: 0, by: -1) {
          bytes[at + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
        at += count
      }
      func byte(_ character: Unicode.Scalar) {
        bytes[at] = UInt8(ascii: character)
        at += 1
      }
      digits(civil.year, 4)
      byte("-")
      digits(civil.month, 2)
      byte("-")
      digits(civil.day, 2)
      byte(" ")
      digits(inDay / 3600, 2)
      byte(":")
      digits(inDay % 3600 / 60, 2)
      return at
    }
  }

  /// ``dateTime(_:offsets:)`` the plain way, by interpolation.
  static func plainDateTime(_ date: Date, offsets: inout TimeZoneOffsets) -> String {
    let (day, inDay) = localDay(date, offsets: &offsets)
    return "\(day.isoDate) \(pad(inDay / 3600)):\(pad(inDay % 3600 / 60))"
  }

  /// The day of `date` in the offsets' zone, and the seconds since its midnight.
  private static func localDay(_ date: Date, offsets: inout TimeZoneOffsets) -> (DayNumber, Int) {
    let seconds = Int((date.timeIntervalSince1970 + Double(offsets.secondsFromGMT(for: date))).rounded(.down))
    let day = DayNumber(value: Int((Double(seconds) / 86_400).rounded(.down)))
    return (day, seconds - day.value * 86_400)
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC), as `JSONEncoder`'s `.iso8601` writes it.
  public static func iso8601(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let day = DayNumber(value: Int((Double(seconds) / 86_400).rounded(.down)))
    let inDay = seconds - day.value * 86_400
    return "\(day.isoDate)T\(pad(inDay / 3600)):\(pad(inDay % 3600 / 60)):\(pad(inDay % 60))Z"
  }

  /// `0:45`, `2:05`, `1:02:00`: the one way Rehearse prints a duration (the practice
  /// timer, tables, transcripts and exports all use this form).
  public static func duration(_ seconds: Double) -> String {
    ExportText.duration(seconds)
  }

  /// Pads `text` with spaces to `width` terminal columns (left-aligned, or right-aligned);
  /// widths are display widths, so a CJK character or emoji counts two.
  public static func column(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    return right ? padding + text : text + padding
  }

  /// Colours a score by band: green 80+, cyan 60+, yellow 40+, red below.
  public static func colored(_ text: String, score: Double, style: TerminalStyle) -> String {
    if score >= 80 { return style.green(text) }
    if score >= 60 { return style.cyan(text) }
    if score >= 40 { return style.yellow(text) }
    return style.red(text)
  }

  private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
