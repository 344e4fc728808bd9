import Foundation
import RehearseCore

/// Schema migrations, run on read: an older document is upgraded in memory, one version at
/// a time, and written back in the current schema only when the session is next updated.
///
/// Each step works on the parsed JSON object so it can rename and reshape fields the
/// current types no longer have. Add a step for every schema change and a test with a
/// document in the old shape (see docs/SESSIONS.md, "Migrations").
enum SessionMigration {
  /// Upgrades `document` from `version` to ``Session/currentSchemaVersion``.
  static func migrate(_ document: [String: Any], from version: Int) -> [String: Any] {
    var document = document
    var version = version
    while version < Session.currentSchemaVersion {
      switch version {
      case 0: document = from0to1(document)
      default: break
      }
      version += 1
      document["schemaVersion"] = version
    }
    return document
  }

  /// Schema 0 (Rehearse 0.0.x prototypes, no `schemaVersion` field): `started`/`finished`
  /// instead of `startedAt`/`endedAt`, `bank` for the bank version, `questions` for the plan;
  /// each answer has `question`, `text` (a string, or an object of STAR sections), `score`
  /// (the report, or null when skipped), `hints` (a count: the texts were not kept) and
  /// `seconds`, and no answer id.
  static func from0to1(_ old: [String: Any]) -> [String: Any] {
    var new = old
    func move(_ from: String, to: String, in object: inout [String: Any]) {
      if let value = object.removeValue(forKey: from), object[to] == nil { object[to] = value }
    }
    move("started", to: "startedAt", in: &new)
    move("finished", to: "endedAt", in: &new)
    move("bank", to: "bankVersion", in: &new)
    move("questions", to: "plan", in: &new)
    if new["rehearseVersion"] == nil { new["rehearseVersion"] = "0.0 (schema 0)" }
    let bankVersion = new["bankVersion"] as? String ?? "unknown"
    if let answers = new["answers"] as? [Any] {
      new["answers"] = answers.enumerated().map { index, element -> Any in
        guard var answer = element as? [String: Any] else { return element }
        if answer["id"] == nil { answer["id"] = "a\(index + 1)" }
        move("question", to: "questionId", in: &answer)
        move("seconds", to: "timeUsedSeconds", in: &answer)
        if answer["answer"] == nil, let text = answer.removeValue(forKey: "text") {
          answer["answer"] = text is String ? ["text": text] : text
        }
        if answer["report"] == nil, let score = answer.removeValue(forKey: "score") {
          if score is NSNull {
            answer["skipped"] = true
          } else {
            answer["report"] = score
          }
        }
        if let hints = answer["hints"] as? Int, answer["hintsUsed"] == nil {
          answer.removeValue(forKey: "hints")
          answer["hintsUsed"] = (0..<max(0, hints)).map { "hint \($0 + 1) (text not kept by schema 0)" }
        }
        if answer["bankVersion"] == nil { answer["bankVersion"] = bankVersion }
        return answer
      }
    }
    return new
  }
}
