import Foundation
import RehearseCore

/// What listing and planning need of a question: no rubric, hints or model answers.
public struct QuestionSummary: Codable, Sendable, Equatable {
  /// The question id, unique in the bank.
  public var id: String
  /// The category id (a folder of `QuestionBank/`).
  public var category: String
  /// The question as asked.
  public var prompt: String
  /// Career tracks it belongs to (ids from the bank's `tracks`).
  public var tracks: [String]
  /// The answer forms it accepts, in order of preference.
  public var forms: [QuestionForm]
  /// Competencies it exercises: what `plan` schedules reviews by.
  public var competencies: [String]
  /// How hard it is, for `--difficulty`.
  public var difficulty: Difficulty
  /// Suggested speaking time in minutes; the default limit for `practice --timed`.
  public var suggestedMinutes: Double
  /// Free tags from the question file; `seed:` names one of the eight seed question types.
  public var tags: [String]
  /// How the answer is captured by default (guided or free).
  public var answerForm: AnswerForm

  init(_ question: Question) {
    answerForm = question.answerForm
    id = question.id
    category = question.category
    prompt = question.prompt
    tracks = question.tracks
    forms = question.forms
    competencies = question.competencies
    difficulty = question.difficulty
    suggestedMinutes = question.suggestedMinutes
    tags = question.tags
  }

  /// Whether the question takes answers in `form`.
  public func accepts(_ form: QuestionForm) -> Bool { forms.contains(form) }

  /// The form an answer takes when nobody chose one: the question's first.
  public var defaultForm: QuestionForm { forms.first ?? .star }
}

extension QuestionRef {
  /// The reference to a question of the catalog.
  public init(_ summary: QuestionSummary) {
    self.init(id: summary.id, category: summary.category, competencies: summary.competencies)
  }
}

/// The bank's manifest and question summaries, valid as a whole: every question and rubric
/// file parsed and every reference resolved when it was built.
///
/// `rehearse questions`, `plan` and `stats` need only this. Building it parses all YAML
/// (tens of milliseconds at 150 questions); ``BankLoader/catalog(of:cache:notice:)`` keeps it
/// in a cache keyed by the content of every bank file, so it is rebuilt whenever a file
/// changes and read back in about a millisecond otherwise.
public struct BankCatalog: Codable, Sendable, Equatable {
  /// The bank's manifest: version, categories and tracks.
  public var manifest: BankManifest
  /// In category order, then by id (as ``Bank/questions``).
  public var questions: [QuestionSummary]

  init(_ bank: Bank) {
    manifest = bank.manifest
    questions = bank.questions.map(QuestionSummary.init)
  }

  /// The question with this id, or nil.
  public func question(id: String) -> QuestionSummary? { questions.first { $0.id == id } }
  /// Category ids in the manifest's order.
  public var categoryIds: [String] { manifest.categories.map(\.id) }
  /// Track ids in the manifest's order.
  public var trackIds: [String] { manifest.tracks.map(\.id) }
}

/// Where compiled banks are kept: `$XDG_CACHE_HOME/rehearse`, else `~/.cache/rehearse`.
///
/// One file per bank folder, named after a hash of the folder's path, holding the content
/// key it was built from. A cache that cannot be written is skipped (the bank is parsed
/// each time); one that cannot be read is rebuilt, with a notice.
public struct BankCache: Sendable, Equatable {
  /// The folder holding cached catalogs, one file per bank location.
  public let directory: URL

  init(directory: URL) { self.directory = directory.standardizedFileURL }

  /// The user's cache folder: `XDG_CACHE_HOME/rehearse`, else `~/.cache/rehearse`. Creates nothing.
  public static func resolve(environment: [String: String]) -> BankCache {
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      return BankCache(directory: URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("rehearse"))
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return BankCache(directory: URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/rehearse"))
  }

  /// The cache file for the bank at `source`.
  public func file(for source: BankSource) -> URL {
    directory.appendingPathComponent("bank-\(ContentKey.hex(ContentKey.fnv(Data(source.root.path.utf8)))).json")
  }

  /// What is on disk: the key it was built from and the catalog.
  struct Entry: Codable {
    /// Bumped whenever the shape of ``BankCatalog`` changes, so an old cache is rebuilt.
    static let format = 4
    var format: Int
    var key: String
    /// A hash of every bank file's `stat` when the key was computed, and when that was
    /// (seconds since 1970): a shortcut past re-reading the files, in
    /// ``BankLoader/catalog(of:cache:notice:)``.
    var stamps: String
    var builtAt: Double
    var catalog: BankCatalog

    /// The `format` of a cache file, read alone; nil when there is none to read.
    static func formatOf(_ data: Data) -> Int? {
      struct Format: Decodable { var format: Int }
      return (try? JSONDecoder().decode(Format.self, from: data))?.format
    }
  }
}

/// What `stat` says of one bank file. Any write to a file changes its change time (`ctime`,
/// which no tool can set back), so equal stamps mean equal content unless a file changed in
/// the same clock tick as the key was computed: stamps are trusted only for files whose
/// change time is before that.
struct BankFileStamp: Equatable {
  var path: String
  var size: Int64
  var inode: UInt64
  var modified: Double
  var changed: Double

  init?(_ url: URL) {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    path = url.path
    size = Int64(info.st_size)
    inode = UInt64(info.st_ino)
    modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    changed = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
  }

  /// One hash of `stamps`, in order.
  static func key(_ stamps: [BankFileStamp]) -> String {
    var hash = ContentKey.fnvOffset
    for stamp in stamps {
      let fields = "\(stamp.path)\u{0}\(stamp.size)\u{0}\(stamp.inode)\u{0}\(stamp.modified)\u{0}\(stamp.changed)"
      hash = ContentKey.fnv(Data(fields.utf8), from: hash)
    }
    return "\(stamps.count)-\(ContentKey.hex(hash))"
  }

  /// Stamps of every bank file, in path order; nil when one cannot be read.
  static func of(_ source: BankSource) -> [BankFileStamp]? {
    let files = source.yamlFiles(in: source.questionsDirectory) + source.yamlFiles(in: source.rubricsDirectory)
    var stamps: [BankFileStamp] = []
    for url in files {
      guard let stamp = BankFileStamp(url) else { return nil }
      stamps.append(stamp)
    }
    return stamps
  }
}

/// A key over the bank's content: every YAML file's path and bytes, in path order.
enum ContentKey {
  static func of(_ source: BankSource) -> String {
    var hash = fnvOffset
    var total = 0
    let files = source.yamlFiles(in: source.questionsDirectory) + source.yamlFiles(in: source.rubricsDirectory)
    for url in files {
      let data = (try? Data(contentsOf: url)) ?? Data("<unreadable>".utf8)
      hash = fnv(Data(source.display(url).utf8), from: hash)
      hash = fnv(data, from: hash)
      total += data.count
    }
    return "\(BankCache.Entry.format)-\(files.count)-\(total)-\(hex(hash))"
  }

  static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

  /// FNV-1a 64 over `data`, continuing from `hash`.
  static func fnv(_ data: Data, from hash: UInt64 = fnvOffset) -> UInt64 {
    var hash = hash
    // Over an array: iterating `Data` byte by byte is several times slower.
    for byte in [UInt8](data) {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    // A separator, so "ab" + "c" and "a" + "bc" differ.
    hash ^= 0xff
    return hash &* 0x100_0000_01b3
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

extension BankLoader {
  /// The bank's catalog: from `cache` when no bank file changed since it was built, else by
  /// loading the whole bank (with exactly the errors ``load(from:)`` reports) and caching it.
  ///
  /// - Parameter notice: told when a cache file was unreadable and is being rebuilt.
  public static func catalog(
    of source: BankSource, cache: BankCache?, notice: (String) -> Void = { _ in }
  ) throws(DiagnosticsError) -> BankCatalog {
    guard let cache else { return BankCatalog(try load(from: source)) }
    let file = cache.file(for: source)
    let stamps = BankFileStamp.of(source)
    let now = Date().timeIntervalSince1970
    var key: String?
    // A cache written by another version of Rehearse is rebuilt without a word.
    if let data = try? Data(contentsOf: file),
      BankCache.Entry.formatOf(data) ?? BankCache.Entry.format == BankCache.Entry.format
    {
      do {
        let entry = try JSONDecoder().decode(BankCache.Entry.self, from: data)
        if entry.format == BankCache.Entry.format {
          // Unchanged stamps of files last changed well before the key was taken (a change
          // within the same clock tick could keep its stamp): the same content.
          if let stamps, BankFileStamp.key(stamps) == entry.stamps,
            stamps.allSatisfy({ $0.changed < entry.builtAt - 1 })
          {
            return entry.catalog
          }
          key = ContentKey.of(source)
          if entry.key == key {
            // Same content, new stamps (a touch, a checkout): remember them for next time.
            var refreshed = entry
            refreshed.stamps = stamps.map(BankFileStamp.key) ?? ""
            refreshed.builtAt = now
            store(refreshed, in: cache, at: file)
            return entry.catalog
          }
        }
      } catch {
        notice("the bank cache \(file.path) is damaged; ignoring it and rebuilding it from the YAML files")
      }
    }
    let contentKey = key ?? ContentKey.of(source)
    let catalog = BankCatalog(try load(from: source))
    let entry = BankCache.Entry(
      format: BankCache.Entry.format, key: contentKey, stamps: stamps.map(BankFileStamp.key) ?? "", builtAt: now,
      catalog: catalog)
    store(entry, in: cache, at: file)
    return catalog
  }

  /// The catalog when the cache holds one for the bank's files as they are, judged by their
  /// `stat` stamps alone; nil otherwise (nothing is parsed, hashed or written). For the first
  /// question of `practice`, which must not wait for a rebuild.
  public static func cachedCatalog(of source: BankSource, cache: BankCache) -> BankCatalog? {
    guard let data = try? Data(contentsOf: cache.file(for: source)),
      let entry = try? JSONDecoder().decode(BankCache.Entry.self, from: data),
      entry.format == BankCache.Entry.format, let stamps = BankFileStamp.of(source),
      BankFileStamp.key(stamps) == entry.stamps, stamps.allSatisfy({ $0.changed < entry.builtAt - 1 })
    else { return nil }
    return entry.catalog
  }

  /// Writes a cache entry; a cache that cannot be written is skipped (the bank is parsed next
  /// time too).
  private static func store(_ entry: BankCache.Entry, in cache: BankCache, at file: URL) {
    guard let data = try? JSONEncoder().encode(entry) else { return }
    try? FileManager.default.createDirectory(at: cache.directory, withIntermediateDirectories: true)
    try? AtomicFile.write(data, to: file, sync: false)
  }
}
