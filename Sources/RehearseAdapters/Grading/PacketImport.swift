import Foundation
import RehearseCore
import Yams

/// Reads a filled-in grading packet and turns it into mentor grades for one session.
///
/// Validation is all-or-nothing: every problem is reported (each with its line and how to fix
/// it) and no grade is returned when there is any, so the caller changes nothing.
public struct PacketImport {
  /// The grades read from a packet, ready to merge.
  public struct Result: Sendable, Equatable {
    /// The mentor named in the packet.
    public var mentor: String
    /// One grade per answer whose points were filled in.
    public var grades: [MentorGrade]
    /// Answers whose points were left empty.
    public var ungraded: [String]
  }

  /// The session the packet must belong to; a packet for another session is refused.
  public let session: Session
  /// The band scale for an answer (its rubric's bands).
  public let bands: @Sendable (AnswerRecord) -> [Band]

  /// An importer for packets of `session`; `bands` gives the band scale a grade's band must come from.
  public init(session: Session, bands: @escaping @Sendable (AnswerRecord) -> [Band]) {
    self.session = session
    self.bands = bands
  }

  /// Validates `text` (read from `path`) and returns the grades it holds.
  ///
  /// - Parameters:
  ///   - mentor: the `--mentor` name, if given; it must match the packet's `mentor` when both are set.
  ///   - now: the time recorded as `gradedAt`.
  /// - Throws: ``DiagnosticsError`` listing every problem, each as `path:line: message`.
  public func grades(from text: String, path: String, mentor: String?, now: Date) throws(DiagnosticsError) -> Result {
    var problems: [Diagnostic] = []
    func problem(_ node: Node?, _ message: String) {
      problems.append(Diagnostic(path: path, line: node?.mark?.line, message: message))
    }
    let root: Node
    do {
      guard let parsed = try Yams.compose(yaml: text) else {
        throw DiagnosticsError([
          Diagnostic(
            path: path, line: 1,
            message: "the packet is empty; export one with 'rehearse export \(session.id) --format packet -o FILE'")
        ])
      }
      if let expansion = YAMLDocument.aliasExpansion(of: parsed, text: text, path: path) {
        throw DiagnosticsError([expansion])
      }
      root = parsed
    } catch let error as DiagnosticsError {
      throw error
    } catch let error as YamlError {
      throw DiagnosticsError([Self.diagnostic(for: error, path: path)])
    } catch {
      throw DiagnosticsError([Diagnostic(path: path, line: nil, message: "not valid YAML: \(error)")])
    }
    guard let top = root.mapping else {
      throw DiagnosticsError([
        Diagnostic(
          path: path, line: root.mark?.line,
          message:
            "expected a grading packet (a YAML mapping with 'packet: \(GradingPacket.kind)'); export one with 'rehearse export \(session.id) --format packet -o FILE'"
        )
      ])
    }
    guard top["packet"]?.string == GradingPacket.kind else {
      throw DiagnosticsError([
        Diagnostic(
          path: path, line: (top["packet"] ?? root).mark?.line,
          message:
            "not a Rehearse grading packet ('packet: \(GradingPacket.kind)' is missing); export one with 'rehearse export \(session.id) --format packet -o FILE'"
        )
      ])
    }
    if let version = top["packetVersion"], version.int != GradingPacket.version {
      problem(
        version,
        "packetVersion \(version.string ?? "?") is not supported (this Rehearse reads version \(GradingPacket.version)); export a new packet"
      )
    }
    let packetSession = top["session"]?.string ?? ""
    guard packetSession == session.id else {
      throw DiagnosticsError([
        Diagnostic(
          path: path, line: (top["session"] ?? root).mark?.line,
          message: packetSession.isEmpty
            ? "the packet names no session; restore the 'session:' line or export a new packet"
            : "this packet is for session '\(inert(packetSession))', not '\(session.id)'; import it into that session, or export a packet for this one with 'rehearse export \(session.id) --format packet -o FILE'"
        )
      ])
    }

    // The mentor: from the packet, from --mentor, and they must agree.
    let packetMentor =
      top["mentor"].flatMap { $0.null == nil ? $0.string : nil }?.trimmingCharacters(in: .whitespaces) ?? ""
    var name = mentor?.trimmingCharacters(in: .whitespaces) ?? ""
    if !packetMentor.isEmpty {
      if !name.isEmpty && name != packetMentor {
        problem(
          top["mentor"],
          "the packet is filled in by '\(inert(packetMentor))' but --mentor says '\(inert(name))'; drop --mentor or correct the 'mentor:' line"
        )
      }
      name = packetMentor
    }
    if name.isEmpty {
      problem(top["mentor"] ?? root, "no mentor name; fill in 'mentor:' or pass --mentor NAME")
    } else if let reason = MentorName.problem(name) {
      problem(top["mentor"] ?? root, reason)
    }

    guard let answers = top["answers"]?.sequence else {
      problems.append(
        Diagnostic(
          path: path, line: (top["answers"] ?? root).mark?.line,
          message: "'answers:' is missing or not a list; export a new packet"))
      throw DiagnosticsError(problems)
    }
    var grades: [MentorGrade] = []
    var ungraded: [String] = []
    var seen: Set<String> = []
    for entry in answers {
      guard let fields = entry.mapping else {
        problem(entry, "each answer must be a mapping with 'id', 'criteria', 'band' and 'comment'")
        continue
      }
      let id = fields["id"]?.string ?? ""
      guard let record = session.answers.first(where: { $0.id == id }), let report = record.report, !record.skipped
      else {
        problem(
          fields["id"] ?? entry,
          "answer '\(inert(id))' is not a scored answer of session \(session.id); remove it or export a new packet")
        continue
      }
      if !seen.insert(id).inserted {
        problem(fields["id"], "answer '\(id)' appears twice; keep one")
        continue
      }
      let rubrics = fields["rubrics"]?.sequence?.compactMap(\.string) ?? []
      let expected = record.rubrics.map { "\($0.id)@\($0.version)" }
      if rubrics != expected {
        problem(
          fields["rubrics"] ?? entry,
          "answer '\(id)': the packet was made for rubrics [\(rubrics.map { inert($0) }.joined(separator: ", "))] but the answer was scored with [\(expected.joined(separator: ", "))]; export a new packet"
        )
        continue
      }
      let hash = fields["rubricHash"]?.string ?? ""
      if hash != record.rubricHash {
        problem(
          fields["rubricHash"] ?? entry,
          "answer '\(id)': rubric hash '\(inert(hash))' does not match '\(record.rubricHash)' (the rubric changed since the packet was made); export a new packet"
        )
        continue
      }

      guard let criteria = fields["criteria"]?.sequence else {
        problem(
          fields["criteria"] ?? entry, "answer '\(id)': 'criteria:' is missing or not a list; export a new packet")
        continue
      }
      // The criteria `grade` asks for: for a follow-up, those it probes. A packet from an older
      // Rehearse lists every criterion for a follow-up; the others may stay there if left blank.
      let toGrade = GradedCriteria.toGrade(record, report: report)
      var given: [CriterionGrade] = []
      var blank: [String] = []
      var byId: Set<String> = []
      var answerProblems = false
      for item in criteria {
        guard let criterion = item.mapping else {
          problem(item, "answer '\(id)': each criterion must be a mapping with 'id' and 'points'")
          answerProblems = true
          continue
        }
        let criterionId = criterion["id"]?.string ?? ""
        guard let result = toGrade.first(where: { $0.id == criterionId }) else {
          if report.criteria.contains(where: { $0.id == criterionId }) {
            if Self.text(criterion["points"]) == nil { continue }
            problem(
              criterion["points"] ?? item,
              "answer '\(id)' is a follow-up, graded only on \(toGrade.map(\.id).joined(separator: ", ")); leave the points of '\(criterionId)' empty or remove it"
            )
          } else {
            problem(
              criterion["id"] ?? item,
              "answer '\(id)': unknown criterion '\(inert(criterionId))'; the answer's criteria are \(toGrade.map(\.id).joined(separator: ", "))"
            )
          }
          answerProblems = true
          continue
        }
        if !byId.insert(criterionId).inserted {
          problem(criterion["id"], "answer '\(id)': criterion '\(criterionId)' appears twice; keep one")
          answerProblems = true
          continue
        }
        let comment = Self.text(criterion["comment"])
        guard let pointsNode = criterion["points"], pointsNode.null == nil, let raw = pointsNode.string,
          !raw.trimmingCharacters(in: .whitespaces).isEmpty
        else {
          blank.append(criterionId)
          continue
        }
        guard let points = Self.number(raw) else {
          problem(
            pointsNode,
            "answer '\(id)', criterion '\(criterionId)': points '\(inert(raw))' is not a number; write a number from 0 to \(format(result.maxPoints))"
          )
          answerProblems = true
          continue
        }
        guard points >= 0, points <= result.maxPoints + 1e-9 else {
          problem(
            pointsNode,
            "answer '\(id)', criterion '\(criterionId)': \(format(points)) points is out of range; give 0 to \(format(result.maxPoints))"
          )
          answerProblems = true
          continue
        }
        given.append(
          CriterionGrade(criterionId: criterionId, points: points, maxPoints: result.maxPoints, comment: comment))
      }
      let band = Self.text(fields["band"])
      let scale = bands(record)
      if let band, !scale.contains(where: { $0.label == band }) {
        problem(
          fields["band"],
          "answer '\(id)': band '\(inert(band))' is not one of: \(scale.sorted { $0.min < $1.min }.map(\.label).joined(separator: ", ")); or leave it \"\" to use the band your points add up to"
        )
        answerProblems = true
      }
      if answerProblems { continue }
      if given.isEmpty {
        if band != nil || Self.text(fields["comment"]) != nil {
          problem(
            entry,
            "answer '\(id)': a band or comment is given but no points; give every criterion's points, or clear the band and comment to leave the answer ungraded"
          )
        } else {
          ungraded.append(id)
        }
        continue
      }
      let missing = toGrade.map(\.id).filter { !byId.contains($0) || blank.contains($0) }
      if !missing.isEmpty {
        problem(
          entry,
          "answer '\(id)': no points for \(missing.joined(separator: ", ")); give every criterion's points, or none to leave the answer ungraded"
        )
        continue
      }
      let ordered = toGrade.compactMap { result in given.first { $0.criterionId == result.id } }
      let score = GradedCriteria.score(record, criteria: ordered)
      grades.append(
        MentorGrade(
          mentor: name, answerId: id, gradedAt: now, criteria: ordered, score: score,
          band: band ?? MentorName.band(for: score, in: scale), comment: Self.text(fields["comment"]), source: .packet))
    }
    if problems.isEmpty && grades.isEmpty {
      problems.append(
        Diagnostic(
          path: path, line: (top["answers"] ?? root).mark?.line,
          message: "the packet holds no grades; fill in the points of at least one answer"))
    }
    guard problems.isEmpty else { throw DiagnosticsError(problems) }
    return Result(mentor: name, grades: grades, ungraded: ungraded)
  }

  /// A non-empty string value, or nil for empty, null or missing.
  static func text(_ node: Node?) -> String? {
    guard let node, node.null == nil, let value = node.string else { return nil }
    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.isEmpty ? nil : trimmed
  }

  static func number(_ raw: String) -> Double? {
    let trimmed = raw.trimmingCharacters(in: .whitespaces)
    guard let value = Double(trimmed), value.isFinite else { return nil }
    return value
  }

  private static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "not valid YAML: \(problem)"
      if let context { message += " (\(context.text))" }
      message += " at column \(mark.column); check the indentation and quotes on this line"
      return Diagnostic(path: path, line: mark.line, message: message)
    default:
      return Diagnostic(path: path, line: nil, message: "not valid YAML: \(error)")
    }
  }
}

/// Rules for mentor names, and small helpers shared by the grading paths.
public enum MentorName {
  /// Why `name` cannot be used as a mentor name, or nil when it can.
  public static func problem(_ name: String) -> String? {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return "the mentor name is empty; pass --mentor NAME" }
    if trimmed.count > 64 { return "the mentor name is longer than 64 characters; use a shorter one" }
    if trimmed.unicodeScalars.contains(where: {
      $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
    }) {
      return "the mentor name contains control characters; use plain text"
    }
    return nil
  }

  /// The band label a score falls in on `bands`.
  public static func band(for score: Double, in bands: [Band]) -> String? {
    let sorted = bands.sorted { $0.min < $1.min }
    return sorted.last { score >= $0.min }?.label ?? sorted.first?.label
  }
}
