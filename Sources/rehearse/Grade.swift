import ArgumentParser
import Foundation
import LineEditor
import RehearseAdapters
import RehearseCore

extension Rehearse {
  struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "grade",
      abstract: "Grade a session's answers as a mentor, criterion by criterion, or import a grading packet.",
      discussion: """
        Interactive (line editing on a terminal; from a pipe, plain lines):
          rehearse grade 20261121-093000-ab12 --mentor "Ana"
        For each answer: the question, the STAR answer and the rubric's criteria; type
        the points per criterion (0 to its max) and an optional comment, then an
        overall band and comment. Blind by default: the automatic score is shown only
        after you have graded the answer (--show-auto shows it first). Each answer is
        saved as soon as it is graded, so you can stop (:quit, Ctrl-C on an empty
        line, or end of input) and run the same command to resume. :skip skips an
        answer. Your grades never replace the automatic score or another mentor's
        grades; regrading an answer you already graded asks first.

        From a packet (see 'rehearse export SESSION --format packet -o FILE'):
          rehearse grade 20261121-093000-ab12 --import packet.yaml [--mentor NAME]
        The packet is checked completely first; on any problem every error is listed
        with its line and nothing is changed. See docs/MENTOR.md.
        """)

    @OptionGroup var bankOptions: BankOptions

    @Argument(help: "The session to grade (see 'rehearse history').", completion: Completions.sessionIds)
    var session: String

    @Option(help: "Your name, as it should appear beside your grades.")
    var mentor: String?

    @Flag(name: .customLong("show-auto"), help: "Show the automatic score before you grade each answer.")
    var showAuto = false

    @Option(
      name: .customLong("import"), help: ArgumentHelp("Merge a filled-in grading packet.", valueName: "file"),
      completion: .file(extensions: ["yaml", "yml"]))
    var packet: String?

    func validate() throws {
      if packet == nil && mentor == nil {
        throw ValidationError("give --mentor NAME (with --import FILE the name may come from the packet instead)")
      }
      if packet != nil && showAuto { throw ValidationError("--show-auto applies to interactive grading, not --import") }
      if let mentor, let problem = MentorName.problem(mentor) { throw ValidationError(problem) }
    }

    func run() throws {
      try reportingErrors {
        let environment = ProcessInfo.processInfo.environment
        let home = DataHome.resolve(environment: environment)
        let store = SessionStore(home: home)
        let current = try store.load(id: session)
        let scales = BandScales(for: [current], source: try? bankOptions.source())
        if let packet {
          try importPacket(packet, into: current, store: store, scales: scales)
          return
        }
        let name = (mentor ?? "").trimmingCharacters(in: .whitespaces)
        let style = TerminalStyle.detect(environment: environment)
        let grading = MentorGrading(
          store: store, sessionId: current.id, mentor: name, showAutomatic: showAuto, style: style,
          bands: { scales.bands(for: $0) }, clock: SystemClock(), output: StandardTextOutput(),
          echoInput: isatty(STDIN_FILENO) == 0)
        // The same reader as practice: readline on a terminal (editing, history, Ctrl-C),
        // plain lines from a pipe.
        let input = LineEditor.make(historyFile: home.inputHistoryFile, environment: environment)
        _ = try grading.run(input: input)
      }
    }

    private func importPacket(_ path: String, into current: Session, store: SessionStore, scales: BandScales) throws {
      let data = try readInput(path)
      guard let text = String(data: data, encoding: .utf8) else {
        throw CLIError("\(path): not valid UTF-8; save the packet as UTF-8")
      }
      let result: PacketImport.Result
      do {
        result = try PacketImport(session: current, bands: { scales.bands(for: $0) })
          .grades(from: text, path: path, mentor: mentor, now: Date())
      } catch {
        throw CLIError(
          lines: error.diagnostics.map(\.description) + ["nothing was imported; session \(current.id) is unchanged"])
      }
      var replaced = 0
      do {
        try store.update(id: current.id, now: Date()) { session in
          for grade in result.grades {
            let before = session.grades.count
            session.grades.removeAll { $0.mentor == grade.mentor && $0.answerId == grade.answerId }
            replaced += before - session.grades.count
            session.grades.append(grade)
          }
        }
      }
      var line =
        "Imported \(result.grades.count) grade\(result.grades.count == 1 ? "" : "s") by \(inert(result.mentor)) into \(current.id)"
      if replaced > 0 {
        line += ", replacing \(replaced) earlier grade\(replaced == 1 ? "" : "s") by \(inert(result.mentor))"
      }
      print(line + ".")
      if !result.ungraded.isEmpty {
        print("Left ungraded (no points given): \(result.ungraded.joined(separator: ", ")).")
      }
      print("Compare with the automatic scores: rehearse calibrate \(current.id)")
    }
  }
}
