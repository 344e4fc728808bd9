import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Files planted in a shared folder are never written through: temporary files get random
/// names and are created exclusively (0600, no links followed), and a store file that is a
/// symbolic link is refused by name.
@Suite struct ReliabilityPlantedFileTests {
  static let id = "20261101-090000-fol1"

  /// The last process id the kernel handed out, so a test can plant files for the next ones.
  static func lastPid() throws -> Int {
    let text = try String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8)
    return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  static func mode(_ path: String) -> mode_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
  }

  /// Before the fix, export wrote `.<name>.<pid>.tmp` with O_TRUNC and no O_NOFOLLOW: a link
  /// planted at that name for the coming process ids redirected the export into the victim.
  @Test(arguments: ["symlink", "world-readable file"])
  func anExportNeverWritesThroughAPlantedTemporaryFile(kind: String) throws {
    let home = try Reliability.home(with: [Self.id])
    let shared = home.appendingPathComponent("shared")
    try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
    let victim = home.appendingPathComponent("victim.txt")
    try Data("keep me".utf8).write(to: victim)
    let first = try Self.lastPid() + 1
    for pid in first..<first + 400 {
      let planted = shared.appendingPathComponent(".out.html.\(pid).tmp").path
      if kind == "symlink" {
        #expect(symlink(victim.path, planted) == 0)
      } else {
        #expect(
          FileManager.default.createFile(atPath: planted, contents: Data(), attributes: [.posixPermissions: 0o644]))
      }
    }
    let out = shared.appendingPathComponent("out.html")
    let run = try RehearseBinary.run(["export", Self.id, "--format", "html", "-o", out.path], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr == "wrote \(out.path)\n")
    #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me")
    #expect(Self.mode(out.path) == 0o600)
    var isLink = false
    if let type = try? FileManager.default.attributesOfItem(atPath: out.path)[.type] as? FileAttributeType {
      isLink = type == .typeSymbolicLink
    }
    #expect(!isLink)
    let names = try FileManager.default.contentsOfDirectory(atPath: shared.path)
    #expect(names.count == 401, "a temporary file was left behind or a planted one was used")
    try? FileManager.default.removeItem(at: home)
  }

  @Test func aSymlinkedLockFileIsRefusedByName() throws {
    let home = try Reliability.home(with: [Self.id])
    let victim = home.appendingPathComponent("victim.txt")
    try Data("keep me".utf8).write(to: victim)
    let lock = home.appendingPathComponent("sessions/.\(Self.id).lock")
    #expect(symlink(victim.path, lock.path) == 0)
    let run = try RehearseBinary.run(
      ["grade", Self.id, "--mentor", "Ana"], input: Reliability.gradingInput(answers: 2), home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    #expect(run.status == 1)
    #expect(
      run.stderr.hasSuffix(
        "error: \(lock.path) is a symbolic link; Rehearse does not follow links in its data folder: remove it, or replace it with the file it points to\n"
      ), "\(run.stderr)")
    #expect(try String(contentsOf: victim, encoding: .utf8) == "keep me")
    try? FileManager.default.removeItem(at: home)
  }

  @Test func aSymlinkedIndexIsReplacedNotWrittenThrough() throws {
    let home = try Reliability.home(with: [Self.id])
    let victim = home.appendingPathComponent("victim.txt")
    // Empty, so SQLite would happily create the index through the link.
    try Data().write(to: victim)
    let index = home.appendingPathComponent("index.sqlite")
    #expect(symlink(victim.path, index.path) == 0)
    let run = try RehearseBinary.run(["history"], home: home)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains(Self.id))
    #expect(try Data(contentsOf: victim).isEmpty)
    let type = try FileManager.default.attributesOfItem(atPath: index.path)[.type] as? FileAttributeType
    #expect(type == .typeRegular)
    try? FileManager.default.removeItem(at: home)
  }

  @Test func aSymlinkedSessionFileIsReportedByEveryReader() throws {
    let home = try Reliability.home()
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.createDirectory(
      at: sessions, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let elsewhere = home.appendingPathComponent("\(Self.id).json")
    try FileManager.default.copyItem(
      at: Reliability.fixtureSessions.appendingPathComponent("\(Self.id).json"), to: elsewhere)
    let link = sessions.appendingPathComponent("\(Self.id).json")
    #expect(symlink(elsewhere.path, link.path) == 0)
    let message =
      "\(link.path) is a symbolic link; Rehearse does not follow links in its data folder: remove it, or replace it with the file it points to"
    let show = try RehearseBinary.run(["show", Self.id], home: home)
    #expect(show.status == 1)
    #expect(show.stderr == "error: \(message)\n")
    let export = try RehearseBinary.run(["export", Self.id, "--format", "md"], home: home)
    #expect(export.stderr == "error: \(message)\n")
    let history = try RehearseBinary.run(["history"], home: home)
    #expect(history.stderr.contains(message), "\(history.stderr)")
    let doctor = try RehearseBinary.run(["doctor"], home: home)
    #expect(doctor.status == 1)
    #expect(doctor.stdout.hasPrefix("\(message)\n"), "\(doctor.stdout)")
    #expect(doctor.stdout.contains("1 session file checked in \(sessions.path): 0 readable, 1 problem"))
    try? FileManager.default.removeItem(at: home)
  }
}

/// The overwrite guard of `export -o`: what is at the target is looked at without following
/// a link, special files are never replaced, and of exports racing for a new name one wins.
@Suite struct ReliabilityOverwriteGuardTests {
  static let id = ReliabilityPlantedFileTests.id

  @Test func aDanglingLinkAtTheTargetNeedsForce() throws {
    let home = try Reliability.home(with: [Self.id])
    let out = home.appendingPathComponent("out.md")
    #expect(symlink(home.appendingPathComponent("nowhere").path, out.path) == 0)
    let run = try RehearseBinary.run(["export", Self.id, "--format", "md", "-o", out.path], home: home)
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "error: \(out.path) already exists\nerror: nothing was written; pass --force to overwrite, or choose another -o\n"
    )
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.path).hasSuffix("nowhere"))
    try? FileManager.default.removeItem(at: home)
  }

  @Test func forceNeverReplacesAFIFOOrADevice() throws {
    let home = try Reliability.home(with: [Self.id])
    let fifo = home.appendingPathComponent("pipe")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let link = home.appendingPathComponent("to-null")
    #expect(symlink("/dev/null", link.path) == 0)
    // Never /dev/null itself: a binary without the guard, run as root, would replace it.
    // A private device node (root only; 0x103 is major 1, minor 3, as /dev/null) stands in.
    var targets = [fifo.path, link.path]
    let device = home.appendingPathComponent("null-device")
    if getuid() == 0, mknod(device.path, S_IFCHR | 0o666, dev_t(0x103)) == 0 { targets.append(device.path) }
    for target in targets {
      let run = try RehearseBinary.run(
        ["export", Self.id, "--format", "md", "-o", target, "--force"], home: home)
      #expect(run.status == 1, "\(target)")
      #expect(
        run.stderr
          == "error: \(target) is not a regular file (a device, FIFO, socket or a link to one)\nerror: nothing was written; export to a regular file, or leave out -o to write to standard output\n"
      )
    }
    var info = stat()
    #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "/dev/null")
    try? FileManager.default.removeItem(at: home)
  }

  @Test func ofEightExportsRacingForANewNameOneWrites() throws {
    let home = try Reliability.home(with: [Self.id])
    let out = home.appendingPathComponent("race.md")
    let processes = try (0..<8).map { _ in
      try RunningRehearse(["export", Self.id, "--format", "md", "-o", out.path], input: "", home: home)
    }
    for process in processes { process.finish() }
    // Exit statuses decide; the messages are read once each process's output is drained
    // (finish() stops waiting after a quiet moment, which a loaded machine can outlast).
    func settled(_ process: RunningRehearse) -> String {
      for _ in 0..<400 where !process.stderr.hasSuffix("\n") { usleep(5_000) }
      return process.stderr
    }
    let statuses = processes.map { $0.process.terminationStatus }
    let wrote = processes.filter { $0.process.terminationStatus == 0 }.filter { settled($0) == "wrote \(out.path)\n" }
      .count
    let refused = processes.filter { $0.process.terminationStatus == 1 }.filter {
      let text = settled($0)
      return text
        == "error: \(out.path) already exists\nerror: nothing was written; pass --force to overwrite, or choose another -o\n"
        || text
          == "error: \(out.path) already exists; nothing was written there; pass --force to overwrite, or choose another -o\n"
    }.count
    #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
    #expect(wrote == 1, "\(processes.map(\.stderr))")
    #expect(refused == 7, "\(processes.map(\.stderr))")
    #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("# Rehearse session \(Self.id)"))
    Reliability.report("overwrite.race: processes=8 wrote=\(wrote) refused=\(refused)")
    try? FileManager.default.removeItem(at: home)
  }
}
