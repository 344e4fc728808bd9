import Foundation
import Testing

/// `doctor --repair` never moves a temporary file a save is about to rename, and doctors
/// running at once do not report each other's moves as failures.
@Suite struct ReliabilityDoctorRepairTests {
  static let ids = ["20261101-090000-fol1", "20261108-183000-men2"]

  static func home(temporaryFiles: Int, age: TimeInterval) throws -> URL {
    let home = try Reliability.home(with: ids)
    let sessions = home.appendingPathComponent("sessions")
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: sessions.path)
    for name in try FileManager.default.contentsOfDirectory(atPath: sessions.path) {
      try FileManager.default.setAttributes(
        [.posixPermissions: 0o600], ofItemAtPath: sessions.appendingPathComponent(name).path)
    }
    for number in 0..<temporaryFiles {
      let file = sessions.appendingPathComponent(".\(ids[number % 2]).json.t\(number).tmp")
      #expect(
        FileManager.default.createFile(
          atPath: file.path, contents: Data("{".utf8), attributes: [.posixPermissions: 0o600]))
      try FileManager.default.setAttributes(
        [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: file.path)
    }
    return home
  }

  @Test func aYoungTemporaryFileIsLeftToItsSave() throws {
    let home = try Self.home(temporaryFiles: 1, age: 1)
    let run = try RehearseBinary.run(["doctor", "--repair"], home: home)
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(
      run.stdout.hasPrefix(
        "2 session files checked in \(home.appendingPathComponent("sessions").path): 2 readable, 0 problems"),
      "\(run.stdout)")
    #expect(
      FileManager.default.fileExists(atPath: home.appendingPathComponent("sessions/.\(Self.ids[0]).json.t0.tmp").path))
    try? FileManager.default.removeItem(at: home)
  }

  @Test func concurrentDoctorsMoveEachLeftoverOnceAndAllSucceed() throws {
    let home = try Self.home(temporaryFiles: 12, age: 3_600)
    let doctors = try (0..<6).map { _ in try RunningRehearse(["doctor", "--repair"], input: "", home: home) }
    for doctor in doctors { doctor.finish() }
    let statuses = doctors.map { $0.process.terminationStatus }
    #expect(statuses == Array(repeating: 0, count: 6), "\(doctors.map(\.stdout))")
    let sessions = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("sessions").path)
    #expect(!sessions.contains { $0.hasSuffix(".tmp") })
    let quarantined = try FileManager.default.contentsOfDirectory(
      atPath: home.appendingPathComponent("quarantine").path)
    #expect(quarantined.count == 12, "\(quarantined.sorted())")
    try? FileManager.default.removeItem(at: home)
  }
}
