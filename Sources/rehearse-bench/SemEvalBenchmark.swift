import Foundation
import RehearseAdapters
import RehearseCore
import WordNet

/// Agreement with real graders on SemEval-2013 Task 7 (Beetle + SciEntsBank, 2-way labels).
///
/// Each answer is scored against rubrics drafted from its question's reference answers (best
/// over the references); a threshold per corpus is chosen on the train split only, then
/// accuracy, macro-F1 and ROC AUC are reported on each test split, side by side with the
/// README's baseline (share of the reference's stemmed content words), recomputed here.
enum SemEvalBenchmark {
  struct Row: Decodable {
    var qid: String
    var question: String
    var reference: String
    var all_references: [String]?
    var answer: String
    var label_2way: String
    var corpus: String
    var split: String
  }

  struct Scored {
    var corpus: String
    var split: String
    var correct: Bool
    var ours: Double
    var baseline: Double
  }

  static func run(path: String, sweep: Bool) {
    guard let data = FileManager.default.contents(atPath: path) else {
      print("skipped: SemEval data not found at \(path) (it lives in ../shared/data/semeval2013; pass --data FILE)")
      return
    }
    let decoder = JSONDecoder()
    var rows: [Row] = []
    for line in data.split(separator: 0x0A) where !line.isEmpty {
      if let row = try? decoder.decode(Row.self, from: line) { rows.append(row) }
    }
    print("SemEval-2013: \(rows.count) answers from \(path)")
    let wordNet = try? WordNetRelations.open()
    if wordNet == nil { print("note: WordNet is not installed; the WordNet rows are left out (scripts/setup.sh)") }
    var configurations: [Configuration] = [
      Configuration(
        name: "rehearse (drafted: words 1 each, question words ⅓ each, pairs 0.5 in all, WordNet)", relations: wordNet,
        drafter: { RubricDrafter(tokenizer: $0) })
    ]
    if let grid = ProcessInfo.processInfo.environment["SEMEVAL_GRID"] {
      // "phrases,question,widen" triples separated by ';', for tuning on train.
      for item in grid.split(separator: ";") {
        let parts = item.split(separator: ",").map { Double($0) ?? 0 }
        guard parts.count == 3 else { continue }
        configurations.append(
          Configuration(
            name: "grid phrases \(parts[0]) question \(parts[1]) widen \(parts[2])", relations: wordNet,
            drafter: {
              RubricDrafter(
                tokenizer: $0, phrasesWeight: parts[0], questionWordsWeight: parts[1], widensWords: parts[2] > 0)
            }))
      }
    }
    if sweep {
      configurations += [
        Configuration(
          name: "without WordNet", relations: nil, drafter: { RubricDrafter(tokenizer: $0, widensWords: false) }),
        Configuration(
          name: "without key-phrase pairs", relations: wordNet,
          drafter: { RubricDrafter(tokenizer: $0, phrasesWeight: 0) }),
        Configuration(
          name: "previous draft (ideas 2 : phrases 1 : question words 0.5, no WordNet)", relations: nil,
          drafter: {
            RubricDrafter(
              tokenizer: $0, ideasWeight: 2, phrasesWeight: 1, questionWordsWeight: 0.5, widensWords: false,
              weightsPerWord: false)
          }),
        Configuration(
          name: "ablation: no negation", options: Scorer.Options(negation: false), relations: wordNet,
          drafter: { RubricDrafter(tokenizer: $0) }),
        Configuration(
          name: "ablation: no typo tolerance", options: Scorer.Options(typoTolerance: false), relations: wordNet,
          drafter: { RubricDrafter(tokenizer: $0) }),
      ]
    }
    for configuration in configurations {
      report(configuration.name, score(rows, configuration))
    }
  }

  struct Configuration {
    var name: String
    var options = Scorer.Options()
    var relations: (any LexicalRelations)?
    var drafter: (Tokenizer) -> RubricDrafter
  }

  static func score(_ rows: [Row], _ configuration: Configuration) -> [Scored] {
    let scorer = Scorer(options: configuration.options, relations: configuration.relations)
    let drafter = configuration.drafter(scorer.tokenizer)
    var compiled: [String: CompiledRubric] = [:]
    var baselineTerms: [String: Set<String>] = [:]
    var out: [Scored] = []
    out.reserveCapacity(rows.count)
    for row in rows {
      let references = row.all_references?.isEmpty == false ? row.all_references ?? [] : [row.reference]
      let answer = Answer(text: row.answer)
      let answerStems = Set(
        scorer.tokenizer.tokenize(row.answer).filter { !$0.isStopWord }.map(\.stem))
      var best = 0.0
      var bestBaseline = 0.0
      for reference in references {
        let rubric: CompiledRubric
        if let hit = compiled[reference] {
          rubric = hit
        } else {
          let question = row.question
          rubric = scorer.compile(
            RubricSet(single: drafter.draft(id: "r", title: "r", reference: reference, question: question)))
          compiled[reference] = rubric
        }
        best = max(best, scorer.score(answer, against: rubric).score)
        let terms =
          baselineTerms[reference]
          ?? Set(scorer.tokenizer.tokenize(reference).filter { !$0.isStopWord }.map(\.stem))
        baselineTerms[reference] = terms
        if !terms.isEmpty {
          bestBaseline = max(bestBaseline, Double(terms.intersection(answerStems).count) / Double(terms.count))
        }
      }
      out.append(
        Scored(
          corpus: row.corpus, split: row.split, correct: row.label_2way == "correct", ours: best, baseline: bestBaseline
        ))
    }
    return out
  }

  struct Metrics {
    var accuracy: Double
    var macroF1: Double
    var auc: Double
  }

  static func report(_ name: String, _ scored: [Scored]) {
    print("\n\(name): threshold per corpus chosen on train (maximising accuracy)")
    print("| corpus / split | n | accuracy | macro-F1 | ROC AUC | baseline acc | baseline F1 | baseline AUC |")
    print("|---|---|---|---|---|---|---|---|")
    for corpus in ["beetle", "sciEntsBank"] {
      let train = scored.filter { $0.corpus == corpus && $0.split == "train" }
      let ours = bestThreshold(train.map { ($0.ours, $0.correct) })
      let base = bestThreshold(train.map { ($0.baseline, $0.correct) })
      let trainMetrics = metrics(train.map { ($0.ours, $0.correct) }, threshold: ours)
      print(
        String(
          format: "| %@ / train (threshold %.1f) | %d | %.3f | %.3f | %.3f | | | |", corpus, ours, train.count,
          trainMetrics.accuracy, trainMetrics.macroF1, trainMetrics.auc))
      for split in ["test-unseen-answers", "test-unseen-questions", "test-unseen-domains"] {
        let rows = scored.filter { $0.corpus == corpus && $0.split == split }
        guard !rows.isEmpty else { continue }
        let m = metrics(rows.map { ($0.ours, $0.correct) }, threshold: ours)
        let b = metrics(rows.map { ($0.baseline, $0.correct) }, threshold: base)
        print(
          String(
            format: "| %@ / %@ | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |", corpus, split, rows.count, m.accuracy,
            m.macroF1, m.auc, b.accuracy, b.macroF1, b.auc))
      }
    }
  }

  static func bestThreshold(_ pairs: [(Double, Bool)]) -> Double {
    let candidates = Set(pairs.map(\.0)).sorted()
    var best = (threshold: 0.0, accuracy: -1.0)
    for candidate in candidates {
      let accuracy = metrics(pairs, threshold: candidate).accuracy
      if accuracy > best.accuracy { best = (candidate, accuracy) }
    }
    return best.threshold
  }

  static func metrics(_ pairs: [(Double, Bool)], threshold: Double) -> Metrics {
    var tp = 0.0
    var tn = 0.0
    var fp = 0.0
    var fn = 0.0
    for (score, correct) in pairs {
      let predicted = score >= threshold
      switch (predicted, correct) {
      case (true, true): tp += 1
      case (false, false): tn += 1
      case (true, false): fp += 1
      case (false, true): fn += 1
      }
    }
    let n = max(1, tp + tn + fp + fn)
    func f1(_ tp: Double, _ fp: Double, _ fn: Double) -> Double { tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn) }
    let macro = (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2
    return Metrics(accuracy: (tp + tn) / n, macroF1: macro, auc: auc(pairs))
  }

  /// ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted as half.
  static func auc(_ pairs: [(Double, Bool)]) -> Double {
    let sorted = pairs.sorted { $0.0 < $1.0 }
    var rankSum = 0.0
    var index = 0
    while index < sorted.count {
      var end = index
      while end + 1 < sorted.count && sorted[end + 1].0 == sorted[index].0 { end += 1 }
      let rank = Double(index + end) / 2 + 1
      for k in index...end where sorted[k].1 { rankSum += rank }
      index = end + 1
    }
    let positives = Double(pairs.filter(\.1).count)
    let negatives = Double(pairs.count) - positives
    guard positives > 0, negatives > 0 else { return 0.5 }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
  }
}
