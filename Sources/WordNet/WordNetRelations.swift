import CWordNet
import Foundation
import RehearseCore
import Synchronization

/// Why WordNet could not be used.
public struct WordNetError: UserFacingError, Equatable, Sendable {
  /// The folder that was searched.
  public var directory: String

  /// The message shown on stderr: where WordNet was looked for and how to install it or point `WNSEARCHDIR`
  /// at it.
  public var description: String {
    "the WordNet database is not in \(directory) (no readable index.noun); install it with "
      + "scripts/setup.sh (Debian's wordnet-base), or point WNSEARCHDIR at a folder that holds it"
  }
}

/// Synonyms and derived forms from Princeton WordNet 3.0, through its C library.
///
/// Use ``open()`` once per process and pass the result to `Scorer(relations:)`: rubrics are
/// expanded when they are compiled, never per answer. The database is opened on the first
/// lookup, so creating this costs one `stat` (start-up stays fast). Lookups are memoised and
/// serialised behind a lock: the C library keeps its open files in globals.
public final class WordNetRelations: LexicalRelations {
  /// How many of a word's senses (WordNet orders them by frequency) contribute synonyms.
  public static let sensesPerWord = 2
  /// A word with more senses than this in some part of speech ("take", "set", "cut", "track")
  /// means too many things to stand for anything: it is neither expanded nor offered as a
  /// related word. Measured on the bank's rubrics: such words matched unrelated answers.
  public static let maximumSenses = 6
  /// At most this many related words per term.
  public static let maximumPerWord = 12

  private struct State: ~Copyable {
    var opened = false
    var memo: [String: [RelatedWord]] = [:]
  }

  private let state = Mutex(State())
  /// The folder holding the database.
  public let directory: String
  /// Whether the words of a sense's direct hypernyms count too ("vendor" → "merchant"). Off
  /// in the product: measured on the development answers it lowered agreement (BENCHMARKS.md).
  public let includesHypernyms: Bool

  private init(directory: String, includesHypernyms: Bool) {
    self.directory = directory
    self.includesHypernyms = includesHypernyms
  }

  /// The database in `$WNSEARCHDIR`, else Debian's `/usr/share/wordnet`.
  ///
  /// - Throws: ``WordNetError`` when the folder holds no readable database.
  public static func open(
    environment: [String: String] = ProcessInfo.processInfo.environment, includesHypernyms: Bool = false
  ) throws(WordNetError) -> WordNetRelations {
    let directory = environment["WNSEARCHDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/wordnet"
    guard FileManager.default.isReadableFile(atPath: directory + "/index.noun") else {
      throw WordNetError(directory: directory)
    }
    return WordNetRelations(directory: directory, includesHypernyms: includesHypernyms)
  }

  /// The words WordNet relates to `word` (synonyms and derived forms, plus hypernyms when opened with
  /// `includesHypernyms`), memoised; an empty list for a word WordNet does not know. Safe from any thread:
  /// calls take a lock, since the C library is not thread-safe.
  public func related(to word: String) -> [RelatedWord] {
    state.withLock { state in
      if let known = state.memo[word] { return known }
      if !state.opened {
        setenv("WNSEARCHDIR", directory, 1)
        state.opened = wninit() == 0
      }
      let found = state.opened ? Self.lookUp(word, hypernyms: includesHypernyms) : []
      state.memo[word] = found
      return found
    }
  }

  /// Synonyms from the first senses of `word` in each part of speech, then the derived forms
  /// of `word` in those senses. Single words only (WordNet joins compounds with `_`).
  private static func lookUp(_ word: String, hypernyms: Bool) -> [RelatedWord] {
    var synonyms: [String] = []
    var derived: [String] = []
    // "take" has few noun senses and forty verb ones: a word that means many things anywhere
    // is left as it is.
    if isPolysemous(word) { return [] }
    for pos in [rehearse_wn_noun(), rehearse_wn_verb(), rehearse_wn_adjective()] {
      let base = baseForm(of: word, pos: pos)
      guard let index = base.withCString({ index_lookup(UnsafeMutablePointer(mutating: $0), pos) }) else { continue }
      defer { free_index(index) }
      guard Int(index.pointee.off_cnt) <= maximumSenses else { continue }
      let senses = min(Int(index.pointee.off_cnt), sensesPerWord)
      for sense in 0..<senses {
        let offset = Int(index.pointee.offset[sense])
        guard let synset = base.withCString({ read_synset(pos, offset, UnsafeMutablePointer(mutating: $0)) }) else {
          continue
        }
        defer { free_synset(synset) }
        let set = synset.pointee
        for k in 0..<Int(set.wcount) {
          if let lemma = set.words[k].map({ String(cString: $0) }) { synonyms.append(lemma) }
        }
        for p in 0..<Int(set.ptrcount) where hypernyms && set.ptrtyp[p] == rehearse_wn_hypernym() {
          guard let target = read_synset(set.ppos[p], set.ptroff[p], nil) else { continue }
          defer { free_synset(target) }
          for k in 0..<Int(target.pointee.wcount) {
            if let lemma = target.pointee.words[k].map({ String(cString: $0) }) { synonyms.append(lemma) }
          }
        }
        for p in 0..<Int(set.ptrcount) where set.ptrtyp[p] == rehearse_wn_derivation() {
          // Only the links that start from this word (or from the whole synset).
          let from = Int(set.pfrm[p])
          guard from == 0 || from == Int(set.whichword) else { continue }
          guard let target = read_synset(set.ppos[p], set.ptroff[p], nil) else { continue }
          defer { free_synset(target) }
          let to = Int(set.pto[p])
          if to > 0, to <= Int(target.pointee.wcount), let lemma = target.pointee.words[to - 1] {
            derived.append(String(cString: lemma))
          }
        }
      }
    }
    var seen: Set<String> = [word]
    var out: [RelatedWord] = []
    for (lemma, relation) in synonyms.map({ ($0, LexicalRelation.synonym) }) + derived.map({ ($0, .derivation) }) {
      let lower = lemma.lowercased()
      // Proper nouns, compounds and notation are left out.
      guard lemma == lower, lower.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), lower.utf8.count >= 3,
        !seen.contains(lower), !isPolysemous(lower)
      else { continue }
      seen.insert(lower)
      out.append(RelatedWord(lower, relation))
      if out.count == maximumPerWord { break }
    }
    return out
  }

  /// Whether `word` has more than ``maximumSenses`` senses in some part of speech.
  private static func isPolysemous(_ word: String) -> Bool {
    for pos in [rehearse_wn_noun(), rehearse_wn_verb(), rehearse_wn_adjective()] {
      guard let index = word.withCString({ index_lookup(UnsafeMutablePointer(mutating: $0), pos) }) else { continue }
      defer { free_index(index) }
      if Int(index.pointee.off_cnt) > maximumSenses { return true }
    }
    return false
  }

  /// WordNet's base form of `word` for `pos` ("purchased" → "purchase"), or `word` itself.
  private static func baseForm(of word: String, pos: Int32) -> String {
    let found = word.withCString { morphstr(UnsafeMutablePointer(mutating: $0), pos) }
    return found.map { String(cString: $0) } ?? word
  }
}
