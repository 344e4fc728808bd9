import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Two `practice --resume` of one session cannot both ask its remaining questions: the
/// second is refused while the first runs, and resumes cleanly once it has ended.
@Suite struct ReliabilityConcurrentResumeTests {
  @Test func aSecondResumeOfALiveSessionIsRefused() throws {
    let (home, id) = try ReliabilityDiskFaultTests.homeWithSessionInProgress()
    let first = Process()
    first.executableURL = RehearseBinary.url
    first.arguments = ["practice", "--resume", id]
    var environment = ProcessInfo.processInfo.environment
    environment["REHEARSE_HOME"] = home.path
    environment["REHEARSE_BANK"] = Reliability.fixtureBank
    environment["NO_COLOR"] = "1"
    first.environment = environment
    let input = Pipe()
    let output = Pipe()
    first.standardInput = input
    first.standardOutput = output
    first.standardError = FileHandle.nullDevice
    try first.run()
    // Wait until the first run has claimed the session and asks its question.
    var seen = Data()
    let deadline = Date().addingTimeInterval(20)
    while !String(decoding: seen, as: UTF8.self).contains("Resuming session"), Date() < deadline {
      seen.append(output.fileHandleForReading.availableData)
    }
    #expect(String(decoding: seen, as: UTF8.self).contains("Resuming session \(id)"))

    let second = try RehearseBinary.run(
      ["practice", "--resume", id], input: Reliability.practiceInput([2, 3], tag: "second"), home: home,
      environment: ["REHEARSE_BANK": Reliability.fixtureBank])
    #expect(second.status == 1)
    #expect(
      second.stderr
        == "error: session \(id) is being practised in another window; finish it there, or :quit it, then resume\n")

    input.fileHandleForWriting.write(Data(Reliability.practiceInput([2, 3], tag: "first").utf8))
    try input.fileHandleForWriting.close()
    first.waitUntilExit()
    #expect(first.terminationStatus == 0)
    let session = try #require(Reliability.sessions(in: home).sessions.first)
    let main = session.answers.filter { $0.kind == .main }
    #expect(main.count == 3)
    #expect(Set(main.map(\.questionId)).count == 3, "a question was answered twice")
    #expect(!main.contains { $0.answer.freeText?.contains("second") == true })
    try? FileManager.default.removeItem(at: home)
  }
}
