import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A data home Rehearse cannot read is an error, not an empty history; and root running a
/// command in a user's home leaves no file the user cannot open.
@Suite(.serialized) struct ReliabilityForeignHomeTests {
  static let setpriv = ReliabilityDiskFaultTests.setpriv
  static let asNobody = getuid() == 0 && setpriv != nil

  @Test(.enabled(if: asNobody, "needs root and setpriv to run rehearse as another user"))
  func anotherUsersHomeIsAnErrorNotAnEmptyHistory() throws {
    let home = try Reliability.home(with: ["20261101-090000-fol1"])
    chmod(home.path, 0o700)
    let sessions = home.appendingPathComponent("sessions").path
    let expected =
      "error: cannot read \(sessions): Permission denied; is this data home yours? Set REHEARSE_HOME to your own, or fix the folder's owner\n"
    for arguments in [["history"], ["doctor"], ["stats"]] {
      let run = try RunningRehearse(
        arguments, input: "", home: home,
        launcher: [Self.setpriv ?? "", "--reuid=65534", "--regid=65534", "--clear-groups"])
      run.finish()
      #expect(run.process.terminationStatus == 1, "\(arguments): \(run.stdout)")
      #expect(run.stderr == expected, "\(arguments)")
    }
    try? FileManager.default.removeItem(at: home)
  }

  @Test(.enabled(if: getuid() == 0, "only root can create files for another user"))
  func rootLeavesTheUsersFilesOwnedByTheUser() throws {
    let home = try Reliability.home(with: ["20261101-090000-fol1"])
    let walker = FileManager.default.enumerator(atPath: home.path)
    chown(home.path, 65_534, 65_534)
    while let relative = walker?.nextObject() as? String {
      chown(home.appendingPathComponent(relative).path, 65_534, 65_534)
    }
    for arguments in [["history"], ["doctor", "--repair"], ["grade", "20261101-090000-fol1", "--mentor", "Ana"]] {
      _ = try RehearseBinary.run(
        arguments, input: Reliability.gradingInput(answers: 2), home: home,
        environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    }
    var owners: [String: uid_t] = [:]
    let files = FileManager.default.enumerator(atPath: home.path)
    while let relative = files?.nextObject() as? String {
      var info = stat()
      if lstat(home.appendingPathComponent(relative).path, &info) == 0 { owners[relative] = info.st_uid }
    }
    #expect(owners["index.sqlite"] == 65_534)
    #expect(owners.filter { $0.value != 65_534 }.isEmpty, "\(owners.filter { $0.value != 65_534 })")
    try? FileManager.default.removeItem(at: home)
  }

  /// A data home that cannot be written (a read-only mount, another user's copy) still
  /// answers `history`, `stats` and `plan`, with the index as it is or without one, and
  /// says nothing about the index.
  @Test(.enabled(if: !ReliabilityDiskFaultTests.isRoot || asNobody, "as root, needs setpriv to run as another user"))
  func aReadOnlyHomeStillServesReads() throws {
    for withIndex in [true, false] {
      let home = try Reliability.home(with: ["20261101-090000-fol1", "20261108-183000-men2"])
      let environment = ["REHEARSE_BANK": Reliability.fixtureBank]
      var expected: [[String]: String] = [:]
      let commands = [["history"], ["stats"], ["plan"], ["history", "--json"]]
      for arguments in commands {
        expected[arguments] = try RehearseBinary.run(arguments, home: home, environment: environment).stdout
      }
      if !withIndex { unlink(home.appendingPathComponent("index.sqlite").path) }
      var launcher: [String] = []
      if ReliabilityDiskFaultTests.isRoot {
        let walker = FileManager.default.enumerator(atPath: home.path)
        chown(home.path, 65_534, 65_534)
        while let relative = walker?.nextObject() as? String {
          chown(home.appendingPathComponent(relative).path, 65_534, 65_534)
        }
        launcher = [Self.setpriv ?? "", "--reuid=65534", "--regid=65534", "--clear-groups"]
      }
      let sessions = home.appendingPathComponent("sessions")
      chmod(sessions.path, 0o500)
      chmod(home.path, 0o500)
      let before = Reliability.snapshot(home)
      for arguments in commands {
        let run = try RunningRehearse(
          arguments, input: "", home: home, environment: environment, launcher: launcher)
        run.finish()
        #expect(run.process.terminationStatus == 0, "\(arguments), index \(withIndex): \(run.stderr)")
        #expect(run.stderr == "", "\(arguments), index \(withIndex)")
        #expect(run.stdout == expected[arguments], "\(arguments), index \(withIndex)")
      }
      #expect(Reliability.snapshot(home) == before)
      chmod(home.path, 0o700)
      chmod(sessions.path, 0o700)
      try? FileManager.default.removeItem(at: home)
    }
  }
}
