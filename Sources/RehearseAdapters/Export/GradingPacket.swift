import Foundation
import RehearseCore

/// A YAML grading packet: a session's answers with the rubric criteria and blank grade fields,
/// for a mentor to fill in any editor and bring back with `rehearse grade SESSION --import`.
///
/// The packet names the session, and per answer the rubric ids, versions and content hash that
/// scored it, so a packet cannot be merged into another session or after the rubric changed.
public struct GradingPacket: Sendable {
  /// The value of the packet's `packet:` key.
  public static let kind = "rehearse-grading"
  /// The packet format's version; a packet with another version is refused on import.
  public static let version = 1

  /// A packet writer; it holds no state.
  public init() {}

  /// The answers a mentor can grade: scored, not skipped, in session order.
  public static func gradable(_ session: Session) -> [AnswerRecord] {
    session.answers.filter { $0.report != nil && !$0.skipped }
  }

  /// The packet text. `bands` gives the band scale for an answer (its rubric's bands).
  public func yaml(for session: Session, mentor: String? = nil, bands: (AnswerRecord) -> [Band]) -> String {
    var out: [String] = []
    out.append("# Rehearse grading packet for session \(Self.comment(session.id)).")
    out.append("#")
    out.append("# How to fill it in:")
    out.append("#   mentor     your name (or pass --mentor NAME when importing).")
    out.append("#   points     for every criterion listed for an answer: a number from 0 to its max")
    out.append("#              (decimals allowed, e.g. 7.5). Leave every points field of an answer")
    out.append("#              empty to leave that answer ungraded.")
    out.append("#   comment    optional, per criterion and per answer; keep the quotes.")
    out.append("#   band       your overall band for the answer, one of its bands; leave it \"\" to")
    out.append("#              use the band your points add up to.")
    out.append("# Do not change session, id, rubrics or rubricHash: they tie your grades to the exact")
    out.append("# rubric that scored each answer, and a packet that no longer matches is refused.")
    out.append("# The question, answer, title and max fields are for reading; edits to them are ignored.")
    out.append("# When done: rehearse grade \(Self.comment(session.id)) --import THIS-FILE")
    out.append("packet: \(Self.kind)")
    out.append("packetVersion: \(Self.version)")
    out.append("session: \(Self.quoted(session.id))")
    out.append("mentor: \(Self.quoted(mentor ?? ""))")
    let answers = Self.gradable(session)
    out.append("answers:\(answers.isEmpty ? " []" : "")")
    for answer in answers {
      guard let report = answer.report else { continue }
      out.append("  - id: \(Self.quoted(answer.id))")
      out.append("    question: \(Self.quoted(answer.questionId))")
      if answer.kind == .followUp {
        out.append("    followUpOf: \(Self.quoted(answer.parentId ?? ""))")
      }
      out.append(
        "    rubrics: [\(answer.rubrics.map { Self.quoted("\($0.id)@\($0.version)") }.joined(separator: ", "))]")
      out.append("    rubricHash: \(Self.quoted(answer.rubricHash))")
      out.append("    prompt: \(Self.block(answer.prompt, indent: 6))")
      out.append("    answer: \(Self.block(answer.answer.fullText, indent: 6))")
      if answer.kind == .followUp {
        // The criteria `grade` asks for: a follow-up is graded on what it probes.
        out.append("    # A follow-up is graded on the criteria it probes; its score is their share of points.")
      }
      out.append("    criteria:")
      for criterion in GradedCriteria.toGrade(answer, report: report) {
        out.append("      - id: \(Self.quoted(criterion.id))")
        out.append("        title: \(Self.quoted(criterion.title))")
        out.append("        max: \(format(criterion.maxPoints))")
        out.append("        points:       # 0 to \(format(criterion.maxPoints))")
        out.append("        comment: \"\"")
      }
      let labels = bands(answer).sorted { $0.min < $1.min }.map { Self.comment($0.label) }
      out.append("    band: \"\"         # one of: \(labels.joined(separator: ", "))")
      out.append("    comment: \"\"")
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// A YAML double-quoted scalar: every character that is not plainly printable is escaped.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if needsEscape(scalar) {
          out +=
            scalar.value <= 0xFF ? String(format: "\\x%02X", scalar.value) : String(format: "\\u%04X", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A literal block scalar (`|2-`) indented by `indent` spaces when the text is plainly
  /// printable, else a double-quoted scalar. Every line is indented, so no line of an answer
  /// can end the block and be read as packet fields.
  static func block(_ text: String, indent: Int) -> String {
    let trimmed = String(text.reversed().drop { $0 == "\n" || $0 == " " }.reversed())
    let printable = trimmed.unicodeScalars.allSatisfy { $0 == "\n" || !needsEscape($0) && $0 != "\t" && $0 != "\r" }
    guard printable, !trimmed.isEmpty else { return quoted(text) }
    let pad = String(repeating: " ", count: indent)
    let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
    return "|2-\n" + lines.joined(separator: "\n")
  }

  /// Text for a comment line: one line, printable.
  static func comment(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { needsEscape($0) || $0 == "\n" ? "?" : $0 }))
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
    case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi overrides
    case 0xD800...0xDFFF: return true
    default: return false
    }
  }
}
