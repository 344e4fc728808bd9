import Foundation
import RehearseCore
import Testing

/// A full disk (a file-size limit) while practising: a clear error naming the file, every
/// previous file byte for byte intact, the answer printed back so it is not lost, and the
/// session still resumable once the fault is gone. A read-only data home: reported before the
/// first question, nothing touched.
@Suite(.serialized) struct ReliabilityDiskFaultTests {
  static let isRoot = getuid() == 0
  /// As root, permissions do not bind; the read-only case then runs `rehearse` as `nobody`.
  static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
  static let canSimulateReadOnly = !isRoot || setpriv != nil

  /// A home holding one session in progress with its first answer saved.
  static func homeWithSessionInProgress() throws -> (home: URL, id: String) {
    let home = try Reliability.home()
    let first = try RehearseBinary.run(
      Reliability.practiceArguments(), input: Reliability.practiceInput([1], tag: "fault"), home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    #expect(first.status == 0, "\(first.stderr)")
    let id = try #require(Reliability.sessionId(in: first.stdout))
    return (home, id)
  }

  @Test func fullDiskKeepsThePreviousFileAndPrintsTheAnswer() throws {
    let (home, id) = try Self.homeWithSessionInProgress()
    let file = home.appendingPathComponent("sessions/\(id).json")
    let before = Reliability.snapshot(home)
    let size = try #require(before["sessions/\(id).json"]).count
    // Files may not grow beyond the current session file (in 1 KiB blocks): the next save,
    // holding one more answer, cannot be written. SIGXFSZ is ignored, so write() fails
    // with EFBIG as on a full disk instead of killing the process.
    let limit = size / 1024
    let answer = Reliability.answer(2, tag: "fault")
    let run = try RunningRehearse(
      ["practice", "--resume", id], input: Reliability.practiceInput([2], tag: "fault"), home: home,
      launcher: ["/bin/bash", "-c", "trap '' XFSZ; ulimit -f \(limit); exec \"$@\"", "rehearse"])
    run.finish()
    #expect(run.process.terminationStatus == 1)
    #expect(run.stderr == "error: cannot save \(file.path): File too large; the previous file is intact\n")
    #expect(
      run.stdout.contains("Your answer could not be saved; here it is in full so you can keep a copy:\n\(answer)\n"))
    let intact = Reliability.snapshot(home) == before
    #expect(intact)

    // Without the limit the session resumes where it was.
    let again = try RehearseBinary.run(
      ["practice", "--resume", id], input: Reliability.practiceInput([2, 3], tag: "fault"), home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    #expect(again.status == 0, "\(again.stderr)")
    let session = try #require(Reliability.sessions(in: home).sessions.first)
    #expect(session.status == .completed)
    Reliability.report(
      "disk.full: status=\(run.process.terminationStatus) namesFile=\(run.stderr.contains(file.path)) previousFilesIntact=\(intact) answerShown=\(run.stdout.contains(answer))"
    )
    try? FileManager.default.removeItem(at: home)
  }

  @Test(.enabled(if: canSimulateReadOnly, "running as root without setpriv: a read-only folder cannot be simulated"))
  func readOnlyHomeIsReportedBeforeTheFirstQuestion() throws {
    let (home, id) = try Self.homeWithSessionInProgress()
    let sessions = home.appendingPathComponent("sessions")
    var launcher: [String] = []
    if Self.isRoot, let setpriv = Self.setpriv {
      // Root ignores permissions: hand the data home to `nobody` and run rehearse as nobody.
      let walker = FileManager.default.enumerator(atPath: home.path)
      chown(home.path, 65_534, 65_534)
      while let relative = walker?.nextObject() as? String {
        chown(home.appendingPathComponent(relative).path, 65_534, 65_534)
      }
      launcher = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    }
    chmod(sessions.path, 0o500)
    defer { chmod(sessions.path, 0o700) }
    let before = Reliability.snapshot(home)
    // Resuming in a read-only home fails before a question is asked, saying so plainly;
    // nothing is typed that could then be lost.
    let expected =
      "error: cannot practise: sessions cannot be saved in \(sessions.path) (Permission denied); nothing was asked. Make the folder writable, or set REHEARSE_HOME to a folder you can write\n"
    let run = try RunningRehearse(
      ["practice", "--resume", id], input: Reliability.practiceInput([2], tag: "fault"), home: home,
      launcher: launcher)
    run.finish()
    #expect(run.process.terminationStatus == 1)
    #expect(run.stderr == expected)
    #expect(run.stdout == "")
    let intact = Reliability.snapshot(home) == before
    #expect(intact)

    // So does a new session, before its first question is shown.
    let fresh = try RunningRehearse(
      Reliability.practiceArguments(), input: Reliability.practiceInput([1], tag: "fresh"), home: home,
      launcher: launcher)
    fresh.finish()
    #expect(fresh.process.terminationStatus == 1)
    #expect(fresh.stderr == expected)
    #expect(fresh.stdout == "")
    #expect(Reliability.snapshot(home) == before)
    Reliability.report(
      "disk.readOnly: mechanism=\(Self.isRoot ? "setpriv-as-nobody" : "chmod-0500") status=\(run.process.terminationStatus) saysReadOnly=\(run.stderr == expected) previousFilesIntact=\(intact)"
    )
    chmod(sessions.path, 0o700)
    try? FileManager.default.removeItem(at: home)
  }
}
