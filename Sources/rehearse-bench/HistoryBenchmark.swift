import Foundation
import RehearseAdapters
import RehearseCore

/// The history benchmark, in process: generate sessions, then time reading them through the
/// summary index against reading every file's bytes, and one save with none vs all present.
///
/// `scripts/bench-history.sh` measures the same through the built binary (with process
/// start-up, against `cat`); call this from `main.swift` as
/// `try HistoryBenchmark.run(sessions: 10_000, bankRoot: URL(fileURLWithPath: "."))`.
enum HistoryBenchmark {
  static func run(sessions count: Int = 10_000, answers: Int = 5, bankRoot: URL, runs: Int = 5) throws {
    let bank = try BankLoader.load(from: BankSource(root: bankRoot))
    let generator = SyntheticSessions(
      templates: try SyntheticSessions.templates(from: bank), categories: bank.categoryIds,
      competencies: ["metrics", "experimentation", "product-sense", "trade-offs", "communication"],
      start: Date(timeIntervalSince1970: 1_700_000_000))
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rehearse-history-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let big = SessionStore(home: DataHome(url: root.appendingPathComponent("big")), durable: false)
    let empty = SessionStore(home: DataHome(url: root.appendingPathComponent("empty")))

    let generation = try time { try generator.write(count: count, answers: answers, into: big, indexed: false) }
    let firstRead = try time { _ = try big.catalog() }
    let files = big.ids().map { big.url(for: $0) }
    let readBytes = try median(runs) { for file in files { _ = try Data(contentsOf: file) } }
    let catalog = try median(runs) { _ = try big.catalog() }
    let summaries = try big.catalog().sessions
    let stats = try median(runs) { _ = PracticeStats(summaries: summaries, now: Date(), timeZone: .current) }
    let history = try median(runs) { _ = HistoryRenderer(style: .plain, timeZone: .current).render(summaries) }

    let durable = SessionStore(home: big.home)
    func saves(_ store: SessionStore) throws -> Double {
      let id = "20991231-000000-save"
      if (try? store.load(id: id)) == nil {
        try store.create(generator.session(0, answers: 0).renamed(id))
      }
      let answer = generator.session(1, answers: 1).answers
      return try median(20) {
        try store.update(id: id, now: Date()) { $0.answers += answer }
      }
    }
    let saveEmpty = try saves(empty)
    let saveBig = try saves(durable)

    func ms(_ seconds: Double) -> String { String(format: "%8.1f ms", seconds * 1000) }
    print("history benchmark (in process): \(count) sessions × \(answers) answers")
    print("generate (no fsync)        \(ms(generation))")
    print("first read (build index)   \(ms(firstRead))")
    print("read every file's bytes    \(ms(readBytes))")
    print(
      "catalog from the index     \(ms(catalog))  (\(String(format: "%.2f", catalog / readBytes))× reading the bytes)")
    print("statistics                 \(ms(stats))")
    print("history table              \(ms(history))")
    print("save, 0 sessions           \(ms(saveEmpty))")
    print("save, \(count) sessions    \(ms(saveBig))  (\(String(format: "%.2f", saveBig / saveEmpty))×)")
  }

  private static func time(_ body: () throws -> Void) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  private static func median(_ runs: Int, _ body: () throws -> Void) throws -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, runs) { times.append(try time(body)) }
    return times.sorted()[times.count / 2]
  }
}

extension Session {
  fileprivate func renamed(_ id: String) -> Session {
    var copy = self
    copy.id = id
    return copy
  }
}
