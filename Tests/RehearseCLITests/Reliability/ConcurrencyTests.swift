import Foundation
import RehearseCore
import Testing

/// Eight processes practising and grading at once against one data home, two of them (a
/// resumed practice session and a mentor) on the same session, two mentors on another:
/// every answer and grade each process confirmed is on disk afterwards.
@Suite struct ReliabilityConcurrencyTests {
  static let rounds = Reliability.count("REHEARSE_RELIABILITY_CONCURRENCY_ROUNDS", ci: 1)

  @Test func eightProcessesPractisingAndGradingLoseNoUpdate() throws {
    var confirmedTotal = 0
    var onDiskTotal = 0
    var lostTotal = 0
    for _ in 0..<Self.rounds {
      let graded = "20261101-090000-fol1"
      let home = try Reliability.home(with: [graded])
      // A session in progress with its first answer, to resume while a mentor grades it.
      let first = try RehearseBinary.run(
        Reliability.practiceArguments(), input: Reliability.practiceInput([1], tag: "shared"), home: home,
        environment: ["REHEARSE_BANK": Reliability.fixtureBank])
      #expect(first.status == 0, "\(first.stderr)")
      let shared = try #require(Reliability.sessionId(in: first.stdout))

      var processes: [(name: String, run: RunningRehearse)] = []
      for number in 1...4 {
        processes.append(
          (
            "practice\(number)",
            try RunningRehearse(
              Reliability.practiceArguments(), input: Reliability.practiceInput([1, 2, 3], tag: "p\(number)"),
              home: home)
          ))
      }
      processes.append(
        (
          "resume",
          try RunningRehearse(
            ["practice", "--resume", shared], input: Reliability.practiceInput([2, 3], tag: "shared"), home: home)
        ))
      processes.append(
        ("grade-shared", try RunningRehearse(["grade", shared, "--mentor", "Ana"], input: gradingInput(), home: home)))
      for mentor in ["Ben", "Cy"] {
        processes.append(
          (
            "grade-\(mentor)",
            try RunningRehearse(
              ["grade", graded, "--mentor", mentor], input: Reliability.gradingInput(answers: 2), home: home)
          ))
      }
      #expect(processes.count == 8)
      for process in processes { process.run.finish() }
      for (name, process) in processes {
        #expect(process.process.terminationStatus == 0, "\(name): \(process.stderr)")
      }

      let found = Reliability.sessions(in: home)
      #expect(found.unparsable.isEmpty)
      #expect(found.leftovers.isEmpty)
      func session(_ id: String) -> Session? { found.sessions.first { $0.id == id } }

      // Each practice process: its own session holds exactly the answers it confirmed.
      for (name, process) in processes.prefix(4) {
        let confirmed = Reliability.occurrences(of: "Feedback\n", in: process.stdout)
        let id = Reliability.sessionId(in: process.stdout)
        let saved = id.flatMap(session)?.answers.filter { $0.kind == .main }.count ?? 0
        #expect(confirmed == 3, "\(name)")
        #expect(saved == confirmed, "\(name): confirmed \(confirmed), on disk \(saved)")
        confirmedTotal += confirmed
        onDiskTotal += saved
        lostTotal += max(0, confirmed - saved)
      }
      // The shared session: one answer before, two from the resumed process, plus Ana's grades.
      let sharedSession = try #require(session(shared))
      let resumeConfirmed = Reliability.occurrences(of: "Feedback\n", in: processes[4].run.stdout)
      let sharedMains = sharedSession.answers.filter { $0.kind == .main }.count
      #expect(resumeConfirmed == 2)
      #expect(sharedMains == 1 + resumeConfirmed)
      #expect(sharedSession.status == .completed)
      let anaConfirmed = Reliability.occurrences(of: "Saved: Ana ", in: processes[5].run.stdout)
      let anaSaved = sharedSession.grades.filter { $0.mentor == "Ana" }.count
      #expect(anaConfirmed >= 1)
      #expect(anaSaved == anaConfirmed)
      confirmedTotal += resumeConfirmed + anaConfirmed
      onDiskTotal += sharedMains - 1 + anaSaved
      lostTotal += max(0, 1 + resumeConfirmed - sharedMains) + max(0, anaConfirmed - anaSaved)

      // Two mentors on one session: both sets of grades survive.
      let gradedSession = try #require(session(graded))
      for (index, mentor) in ["Ben", "Cy"].enumerated() {
        let confirmed = Reliability.occurrences(of: "Saved: \(mentor) ", in: processes[6 + index].run.stdout)
        let saved = gradedSession.grades.filter { $0.mentor == mentor }.count
        #expect(confirmed == 2)
        #expect(saved == confirmed, "\(mentor)")
        confirmedTotal += confirmed
        onDiskTotal += saved
        lostTotal += max(0, confirmed - saved)
      }
      #expect(gradedSession.answers.count == 2)

      // The index agrees with the files: history lists every session once.
      let history = try RehearseBinary.run(["history", "--json"], home: home)
      #expect(history.status == 0, "\(history.stderr)")
      let listed = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
      #expect(listed?.count == found.sessions.count)
      try? FileManager.default.removeItem(at: home)
    }
    #expect(lostTotal == 0)
    Reliability.report(
      "concurrency.processes: rounds=\(Self.rounds) processes=8 confirmedUpdates=\(confirmedTotal) onDisk=\(onDiskTotal) lost=\(lostTotal)"
    )
  }

  /// Whatever answers the shared session has when the mentor starts, grade each of them;
  /// extra lines at the end are ignored.
  func gradingInput() -> String {
    Reliability.gradingInput(answers: 6)
  }

  /// Two processes appending to one session as fast as the store allows.
  @Test func twoWritersOnOneSessionKeepEveryAnswer() async throws {
    let saves = Reliability.count("REHEARSE_RELIABILITY_SAVES", ci: 25)
    let home = try Reliability.home()
    let id = "20261122-000000-both"
    _ = try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "1"], home: home)
    async let first = Task.detached {
      try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "\(saves)"], home: home)
    }.value
    async let second = Task.detached {
      try RehearseBinary.runBench(["store", "save", "--session", id, "--answers", "\(saves)"], home: home)
    }.value
    let runs = try await [first, second]
    #expect(runs.map(\.status) == [0, 0], "\(runs.map(\.stderr))")
    let session = try #require(Reliability.sessions(in: home).sessions.first)
    #expect(session.answers.count == 1 + 2 * saves)
    #expect(session.answers.map(\.id) == (1...(1 + 2 * saves)).map { "a\($0)" })
    Reliability.report(
      "concurrency.sameSession: writers=2 saves=\(2 * saves + 1) onDisk=\(session.answers.count) lost=\(2 * saves + 1 - session.answers.count)"
    )
    try? FileManager.default.removeItem(at: home)
  }
}
