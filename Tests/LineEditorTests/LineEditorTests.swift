import Foundation
import RehearseAdapters
import Testing

@testable import LineEditor

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct LineEditorTests {
  @Test func scriptedReaderReplaysThenReportsTheEnd() {
    let reader = ScriptedLineReader([.line("one"), .interrupted, .line("two")])
    #expect(reader.readLine(prompt: "a> ") == .line("one"))
    #expect(reader.readLine(prompt: "b> ") == .interrupted)
    #expect(reader.readLine(prompt: "c> ") == .line("two"))
    #expect(reader.readLine(prompt: "d> ") == .endOfInput)
    #expect(reader.readLine(prompt: "e> ") == .endOfInput)
    #expect(reader.prompts == ["a> ", "b> ", "c> ", "d> ", "e> "])
  }

  @Test func scriptedReaderKeepsTheCompletionWords() {
    let reader = ScriptedLineReader(lines: [])
    reader.setCompletions([":hint", "tradeoffs"])
    #expect(reader.completions == [":hint", "tradeoffs"])
  }

  @Test func aTerminalGetsLineEditingUnlessTERMIsDumb() {
    let terminal: LineEditor.TerminalCheck = { _ in true }
    #expect(LineEditor.isInteractive(environment: ["TERM": "xterm-256color"], isTerminal: terminal))
    #expect(LineEditor.isInteractive(environment: [:], isTerminal: terminal))
    #expect(!LineEditor.isInteractive(environment: ["TERM": "dumb"], isTerminal: terminal))
  }

  @Test func aPipeOnEitherSideGetsNoLineEditing() {
    let env = ["TERM": "xterm-256color"]
    let pipedInput: LineEditor.TerminalCheck = { $0 != STDIN_FILENO }
    let pipedOutput: LineEditor.TerminalCheck = { $0 != STDOUT_FILENO }
    let neither: LineEditor.TerminalCheck = { _ in false }
    #expect(!LineEditor.isInteractive(environment: env, isTerminal: pipedInput))
    #expect(!LineEditor.isInteractive(environment: env, isTerminal: pipedOutput))
    #expect(!LineEditor.isInteractive(environment: env, isTerminal: neither))
  }

  @Test func pipesAndDumbTerminalsGetThePlainReader() {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("rehearse-le-\(UUID().uuidString)")
    let reader = LineEditor.make(
      historyFile: home.appendingPathComponent("input-history"), environment: ["TERM": "xterm-256color"],
      isTerminal: { _ in false })
    #expect(reader is PlainLineReader)
    #expect(!FileManager.default.fileExists(atPath: home.path), "the plain reader writes no history")
  }
}

@Suite struct ExternalEditorTests {
  @Test(arguments: [
    (["EDITOR": "code --wait"], ["code", "--wait"]),
    (["EDITOR": "", "VISUAL": "nano"], ["nano"]),
    ([:], ["vi"]),
    (["EDITOR": "vim; rm -rf /"], ["vim;", "rm", "-rf", "/"]),  // words, never a shell line
  ])
  func commandIsSplitIntoArguments(environment: [String: String], expected: [String]) {
    #expect(ExternalEditor(environment: environment).command == expected)
  }

  @Test func editorRewritesTheTemporaryFile() throws {
    // `sed -i` edits the file named by the last argument, as an editor would.
    let editor = ExternalEditor(environment: ["EDITOR": "sed -i s/draft/final/", "PATH": "/usr/bin:/bin"])
    #expect(try editor.edit("my draft answer") == "my final answer\n")
  }

  @Test func missingOrFailingEditorIsAnErrorThatSaysHowToFixIt() {
    #expect(throws: PracticeError.editorFailed(command: "/nonexistent/editor", reason: "No such file or directory")) {
      try ExternalEditor(environment: ["EDITOR": "/nonexistent/editor"]).edit("x")
    }
    #expect(throws: PracticeError.editorFailed(command: "false", reason: "exited with status 1")) {
      try ExternalEditor(environment: ["EDITOR": "false", "PATH": "/usr/bin:/bin"]).edit("x")
    }
    #expect(
      PracticeError.editorFailed(command: "false", reason: "exited with status 1").description
        == "the editor 'false' failed: exited with status 1; set EDITOR to an editor that waits until you close the file"
    )
  }
}
