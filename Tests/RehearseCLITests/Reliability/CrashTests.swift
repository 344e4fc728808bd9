import Foundation
import RehearseCore
import Testing

/// `kill -9` at seeded random moments of piped practice and mentor grading sessions: every
/// answer or grade the process confirmed on stdout before it died is on disk, every session
/// file parses, and the session can be resumed.
///
/// CI kills `REHEARSE_RELIABILITY_KILLS` (default 8) processes of each kind;
/// `scripts/reliability.sh` runs 50.
@Suite(.serialized) struct ReliabilityCrashTests {
  static let kills = Reliability.count("REHEARSE_RELIABILITY_KILLS", ci: 8)

  @Test func killedPracticeLosesNoConfirmedAnswerAndResumes() throws {
    // What an uninterrupted session prints; kill moments are drawn from its progress.
    let probeHome = try Reliability.home()
    let probe = try RunningRehearse(
      Reliability.practiceArguments(), input: Reliability.practiceInput([1, 2, 3], tag: "probe"), home: probeHome)
    probe.finish()
    let printedInFull = probe.stdout.utf8.count
    #expect(probe.process.terminationStatus == 0, "\(probe.stderr)")
    #expect(Reliability.occurrences(of: "Feedback\n", in: probe.stdout) == 3)

    var random = SeededGenerator(seed: 20_261_122)
    var killedMidway = 0
    var confirmedTotal = 0
    var lost = 0
    var unparsable = 0
    var resumed = 0
    var notCreated = 0
    for kill in 0..<Self.kills {
      let home = try Reliability.home()
      let tag = "k\(kill)"
      // A random point of the session's output, then up to 20 ms more: kills land in
      // start-up, between answers, and in the middle of scoring and saving.
      let mark = Int(random.next() % UInt64(max(printedInFull, 1)))
      let delay = Double(random.next() % 20_000) / 1_000_000
      let live = try RunningRehearse(
        Reliability.practiceArguments(), input: Reliability.practiceInput([1, 2, 3], tag: tag), home: home)
      if live.kill(afterPrinting: mark, plus: delay) { killedMidway += 1 }
      let printed = live.stdout
      // An answer is confirmed once its feedback is printed: it is saved before that.
      let confirmed = Reliability.occurrences(of: "Feedback\n", in: printed)
      let confirmedFollowUps =
        Reliability.occurrences(of: "(saved; the follow-up", in: printed)
        + Reliability.occurrences(of: "Follow-up saved (", in: printed)
      confirmedTotal += confirmed + confirmedFollowUps

      let found = Reliability.sessions(in: home)
      unparsable += found.unparsable.count
      #expect(
        found.unparsable.isEmpty,
        "kill \(kill) at byte \(mark) + \(delay)s left files that do not parse: \(found.unparsable)")
      guard let session = found.sessions.first else {
        // Killed before the session file was created: nothing was confirmed either.
        #expect(confirmed == 0)
        notCreated += 1
        continue
      }
      let mains = session.answers.filter { $0.kind == .main }
      let missing = (0..<confirmed).map { $0 + 1 }.filter { number in
        !mains.contains { $0.answer.freeText == Reliability.answer(number, tag: tag) }
      }
      let missingFollowUps = max(0, confirmedFollowUps - session.answers.filter { $0.kind == .followUp }.count)
      lost += missing.count + missingFollowUps
      #expect(missing.isEmpty, "kill \(kill) at byte \(mark) + \(delay)s lost confirmed answers \(missing)")
      #expect(
        missingFollowUps == 0, "kill \(kill) at byte \(mark) + \(delay)s lost \(missingFollowUps) confirmed follow-ups")

      // Resume: answer what is left and finish the session.
      if session.status == .inProgress {
        let left = (1...3).filter { !mains.map(\.questionId).contains(Reliability.questions[$0 - 1]) }
        let again = try RehearseBinary.run(
          ["practice", "--resume", session.id], input: Reliability.practiceInput(left, tag: tag), home: home,
          environment: ["REHEARSE_BANK": Reliability.fixtureBank])
        #expect(again.status == 0, "resume after kill \(kill): \(again.stderr)")
        #expect(again.stdout.contains("Resuming session \(session.id): \(left.count) of 3 question"))
        let after = Reliability.sessions(in: home)
        let finished = after.sessions.first { $0.id == session.id }
        #expect(finished?.status == .completed)
        #expect(
          Set(finished?.answers.filter { $0.kind == .main }.map(\.questionId) ?? []) == Set(Reliability.questions))
        if finished?.status == .completed { resumed += 1 }
      } else {
        resumed += 1
      }
      try? FileManager.default.removeItem(at: home)
    }
    #expect(lost == 0)
    #expect(unparsable == 0)
    Reliability.report(
      "crash.practice: kills=\(Self.kills) killedMidway=\(killedMidway) beforeSessionFile=\(notCreated) confirmedSaves=\(confirmedTotal) lost=\(lost) unparsable=\(unparsable) resumedOrComplete=\(resumed)/\(Self.kills - notCreated)"
    )
  }

  @Test func killedMentorGradingLosesNoConfirmedGradeAndResumes() throws {
    let id = "20261101-090000-fol1"
    let probeHome = try Reliability.home(with: [id])
    let probe = try RunningRehearse(
      ["grade", id, "--mentor", "Probe"], input: Reliability.gradingInput(answers: 2), home: probeHome)
    probe.finish()
    let printedInFull = probe.stdout.utf8.count
    #expect(probe.process.terminationStatus == 0, "\(probe.stderr)")
    #expect(Reliability.occurrences(of: "Saved: Probe", in: probe.stdout) == 2)

    var random = SeededGenerator(seed: 20_261_123)
    var killedMidway = 0
    var confirmedTotal = 0
    var lost = 0
    var unparsable = 0
    var resumed = 0
    for kill in 0..<Self.kills {
      let home = try Reliability.home(with: [id])
      let mentor = "Mentor\(kill)"
      let mark = Int(random.next() % UInt64(max(printedInFull, 1)))
      let delay = Double(random.next() % 20_000) / 1_000_000
      let live = try RunningRehearse(
        ["grade", id, "--mentor", mentor], input: Reliability.gradingInput(answers: 2), home: home)
      if live.kill(afterPrinting: mark, plus: delay) { killedMidway += 1 }
      let confirmed = Reliability.occurrences(of: "Saved: \(mentor) ", in: live.stdout)
      confirmedTotal += confirmed
      let found = Reliability.sessions(in: home)
      unparsable += found.unparsable.count
      #expect(found.unparsable.isEmpty, "grading kill \(kill) at byte \(mark) + \(delay)s: \(found.unparsable)")
      let session = try #require(found.sessions.first)
      let graded = session.grades.filter { $0.mentor == mentor }
      lost += max(0, confirmed - graded.count)
      #expect(
        graded.count >= confirmed,
        "grading kill \(kill) at byte \(mark) + \(delay)s lost \(confirmed - graded.count) grades")
      // The automatic scores and the answers are untouched.
      #expect(session.answers.count == 2)

      // Resume: Enter keeps each answer already graded; grade the rest.
      let gradedIds = Set(graded.map(\.answerId))
      let input = session.answers.map { gradedIds.contains($0.id) ? "\n" : Reliability.gradingInput(answers: 1) }
        .joined()
      let again = try RehearseBinary.run(["grade", id, "--mentor", mentor], input: input, home: home)
      #expect(again.status == 0, "\(again.stderr)")
      let after = Reliability.sessions(in: home).sessions.first
      let grades = after?.grades.filter { $0.mentor == mentor } ?? []
      #expect(grades.count == 2, "after resuming grading kill \(kill): \(again.stdout)")
      if grades.count == 2 { resumed += 1 }
      try? FileManager.default.removeItem(at: home)
    }
    #expect(lost == 0)
    Reliability.report(
      "crash.grading: kills=\(Self.kills) killedMidway=\(killedMidway) confirmedSaves=\(confirmedTotal) lost=\(lost) unparsable=\(unparsable) resumed=\(resumed)/\(Self.kills)"
    )
  }
}
