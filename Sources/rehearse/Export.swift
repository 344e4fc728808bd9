import ArgumentParser
import Foundation
import RehearseAdapters
import RehearseCore

extension ExportFormat: ExpressibleByArgument {}

extension Rehearse {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export sessions as Markdown, HTML, JSON or CSV, or a grading packet for a mentor.",
      discussion: """
        Examples:
          rehearse export 20261121-093000-ab12 --format md
          rehearse export 20261121-093000-ab12 --format html -o session.html
          rehearse export --all --format html -o exports/
          rehearse export --since 2026-11-01 --format csv > answers.csv
          rehearse export 20261121-093000-ab12 --format packet -o packet.yaml

        Without -o the export goes to standard output (several sessions as one
        document). With -o and one session, PATH is the file; with several sessions
        PATH is a folder that gets one file per session plus all.<ext> with every
        session (for HTML, with the score trend per category). Existing files are
        never overwritten unless --force; devices and FIFOs never are. Formats are
        described in docs/EXPORT.md.
        """)

    @OptionGroup var bankOptions: BankOptions

    @Argument(help: "Sessions to export.", completion: Completions.sessionIds)
    var sessions: [String] = []

    @Flag(help: "Export every session.")
    var all = false

    @Option(
      help: ArgumentHelp(
        "Export sessions started on or after this day (YYYY-MM-DD, an ISO 8601 date-time, or Nd for N days ago; days in local time, as in 'history').",
        valueName: "date"))
    var since: String?

    @Option(help: "md, html, json, csv or packet.")
    var format: ExportFormat

    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp("File (one session) or folder (several).", valueName: "path"), completion: .file())
    var output: String?

    @Flag(help: "Overwrite existing files.")
    var force = false

    @Option(help: "With --format packet: prefill the packet's mentor name.")
    var mentor: String?

    func validate() throws {
      let selections = [!sessions.isEmpty, all, since != nil].filter { $0 }.count
      if selections != 1 { throw ValidationError("give session ids, --all or --since DATE (exactly one of them)") }
      if format == .packet && sessions.count != 1 {
        throw ValidationError("--format packet exports one session: give its id")
      }
      if mentor != nil && format != .packet { throw ValidationError("--mentor only applies to --format packet") }
      if let since, SessionFilter.parseSince(since, now: Date(), timeZone: .current) == nil {
        throw ValidationError(
          "--since '\(since)' is not a date; use YYYY-MM-DD (like 2026-11-01), an ISO 8601 date-time, or 7d")
      }
    }

    func run() throws {
      try reportingErrors {
        let store = SessionStore(home: DataHome.resolve(environment: ProcessInfo.processInfo.environment))
        let selected = try loadSessions(store)
        let context = ExportContext(rehearseVersion: Rehearse.version, exportedAt: Date())
        let scales =
          format == .packet ? BandScales(for: selected, source: try? bankOptions.source()) : BandScales(bank: nil)
        func render(_ group: [Session]) throws -> String {
          switch format {
          case .md: return MarkdownExport(context: context).markdown(from: group)
          case .html: return HTMLExport(context: context).html(from: group)
          case .json: return try JSONExport().json(from: group)
          case .csv: return CSVExport().csv(from: group)
          case .packet:
            guard let only = group.first else { return "" }
            return GradingPacket().yaml(for: only, mentor: mentor, bands: { scales.bands(for: $0) })
          }
        }

        guard let output else {
          var out = StandardOutput()
          if format == .csv {
            // Every CSV cell is already inert (CSVExport.field); only the CRLF row ends are
            // control characters, and the terminal filter would turn them into "^M".
            out.write(Data(try render(selected).utf8))
          } else {
            out.write(try render(selected))
          }
          out.flush()
          return
        }
        let plan: ExportPlan
        do {
          plan = try ExportPlan.make(sessionIds: selected.map(\.id), output: output, format: format, force: force)
        } catch let problem as ExportPlan.Problem {
          throw CLIError(lines: problem.lines)
        }
        let byId = Dictionary(selected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let files = try plan.files.map { file in (file.url, try render(file.sessionIds.compactMap { byId[$0] })) }
        for (url, text) in files {
          do {
            // Exports hold the same personal answers as the sessions: folders Rehearse
            // creates for them are private (0700) like the data home.
            try FileManager.default.createDirectory(
              at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
              attributes: [.posixPermissions: 0o700])
          } catch {
            throw CLIError(
              "cannot create folder \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
          }
          // Without --force the file is linked into place, so a file that appeared since
          // the check above (another export racing for the name) is never replaced.
          try AtomicFile.write(Data(text.utf8), to: url, overwrite: force)
        }
        for (url, _) in files { standardError("wrote \(url.path)") }
        if format == .packet, let only = selected.first {
          standardError("Send it to the mentor; import it with: rehearse grade \(only.id) --import \(output)")
        }
      }
    }

    private func loadSessions(_ store: SessionStore) throws -> [Session] {
      if !sessions.isEmpty {
        return try sessions.map { id in try store.load(id: id) }
      }
      var loaded: [Session] = []
      for id in store.ids() {
        do {
          loaded.append(try store.load(id: id))
        } catch {
          standardError("warning: \(error); skipped")
        }
      }
      if let since, let day = SessionFilter.parseSince(since, now: Date(), timeZone: .current) {
        loaded = loaded.filter { $0.startedAt >= day }
        if loaded.isEmpty {
          throw CLIError("no sessions started on or after \(since); run 'rehearse history' to list sessions")
        }
      }
      if loaded.isEmpty { throw CLIError("there are no sessions yet; practise with 'rehearse practice'") }
      return loaded.sorted { $0.startedAt < $1.startedAt }
    }
  }
}
