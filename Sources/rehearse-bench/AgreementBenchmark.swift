import Foundation
import RehearseAdapters
import RehearseCore
import WordNet

/// Agreement with an AI-PM interviewer's holistic grades (`../shared/data/aipm-answers`), and
/// the gaming personas (keyword lists, a looped model answer) on every bank question.
///
/// The questions are split in two halves by sorted id (even positions "train", odd "test") so a
/// figure tuned on one half can be checked on the other; the whole set is reported too.
enum AgreementBenchmark {
  struct Row: Decodable {
    var question: String
    var answer: String
    var grade: Double
    var persona: String?
  }

  struct Scored {
    var question: String
    var grade: Double
    var score: Double
    var persona: String
    /// Rubric points before calibration and substance gates; nil when a gate fired.
    var points: Double?
  }

  static func run(path: String, root: URL, verbose: Bool, fit: Bool, hypernyms: Bool = false) {
    let bank = loadBank(root)
    let scorer: Scorer
    do {
      scorer =
        hypernyms
        ? Scorer(relations: try WordNetRelations.open(includesHypernyms: true)) : try Scorer.standard()
    } catch {
      print("cannot open WordNet: \(error)")
      return
    }
    var compiled: [String: CompiledRubric] = [:]
    func rubric(for question: Question) -> CompiledRubric? {
      if let hit = compiled[question.id] { return hit }
      guard let set = try? bank.rubricSet(for: question) else { return nil }
      let rubric = scorer.compile(set)
      compiled[question.id] = rubric
      return rubric
    }

    if let data = FileManager.default.contents(atPath: path) {
      var rows: [Row] = []
      for line in data.split(separator: 0x0A) where !line.isEmpty {
        if let row = try? JSONDecoder().decode(Row.self, from: line) { rows.append(row) }
      }
      var scored: [Scored] = []
      for row in rows {
        guard let question = bank.question(id: row.question), let rubric = rubric(for: question) else {
          print("skipped: unknown question \(row.question)")
          continue
        }
        let report = scorer.score(Answer(text: row.answer), against: rubric, questionId: question.id)
        let gated = report.redFlags.contains { Self.gateNames.contains($0.name) }
        let points = report.points ?? report.score
        scored.append(
          Scored(
            question: row.question, grade: row.grade, score: report.score, persona: row.persona ?? "",
            points: gated ? nil : points))
      }
      let questions = Array(Set(scored.map(\.question))).sorted()
      let train = Set(questions.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
      print("AI-PM interviewer grades: \(scored.count) answers to \(questions.count) questions from \(path)")
      print(
        "| half | n | Pearson r | Spearman | within-question order | all-pairs order | MAE | exact band | adjacent band | mean score | mean grade | ≥80 scored <60 | <40 scored ≥60 |"
      )
      print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
      report("train", scored.filter { train.contains($0.question) })
      report("test", scored.filter { !train.contains($0.question) })
      report("all", scored)
      if fit { fitCurve(scored.filter { train.contains($0.question) }) }
      if verbose {
        print("\n| question | grade | score | persona |")
        print("|---|---|---|---|")
        for item in scored.sorted(by: { abs($0.score - $0.grade) > abs($1.score - $1.grade) }) {
          print(
            "| \(item.question) | \(Int(item.grade)) | \(format(item.score)) | \(item.persona.prefix(60)) |")
        }
      }
    } else {
      print("skipped: graded answers not found at \(path) (pass --data FILE)")
    }

    personas(bank: bank, scorer: scorer, rubric: rubric)
  }

  /// Keyword-list and looping answers on every question: the gaming an interviewer fails.
  static func personas(bank: Bank, scorer: Scorer, rubric: (Question) -> CompiledRubric?) {
    var worstList = (score: 0.0, question: "")
    var worstFirstPhrases = (score: 0.0, question: "")
    var worstLoop = (score: 0.0, question: "")
    var worstStuffed = (score: 0.0, question: "")
    var count = 0
    // Every form a question takes: a case answer is judged by another structure rubric.
    let pairs = bank.questions.flatMap { question in question.forms.map { (question, $0) } }
    for (question, form) in pairs {
      let compiled: CompiledRubric
      if form == question.defaultForm {
        guard let found = rubric(question) else { continue }
        compiled = found
      } else {
        guard let set = try? bank.rubricSet(for: question, form: form) else { continue }
        compiled = scorer.compile(set)
      }
      count += 1
      let name = form == question.defaultForm ? question.id : "\(question.id) (\(form.rawValue))"
      let criteria = compiled.set.criteria
      // Every concept's first two phrases, run together as a list.
      let terms = criteria.flatMap { $0.concepts.flatMap { $0.phrases.prefix(2) } }
      let list = "I used " + terms.joined(separator: ", ") + "."
      let firstPhrases = criteria.flatMap { $0.concepts.compactMap(\.phrases.first) }.joined(separator: ", ")
      let looped = Array(repeating: question.modelAnswer(for: form), count: 8).joined(separator: "\n")
      // Each concept's first phrase in a three-word sentence of its own.
      let stuffed = criteria.flatMap { $0.concepts.compactMap(\.phrases.first) }.map { "We did \($0)." }
        .joined(separator: " ")
      let scores = [list, firstPhrases, looped, stuffed].map {
        scorer.score(Answer(text: $0), against: compiled).score
      }
      if scores[0] > worstList.score { worstList = (scores[0], name) }
      if scores[1] > worstFirstPhrases.score { worstFirstPhrases = (scores[1], name) }
      if scores[2] > worstLoop.score { worstLoop = (scores[2], name) }
      if scores[3] > worstStuffed.score { worstStuffed = (scores[3], name) }
    }
    print(
      "\nGaming personas over \(count) question forms (highest score any question gave; targets: lists ≤ 30, loop ≤ 45)"
    )
    print("| persona | highest score | question |")
    print("|---|---|---|")
    print("| list of the rubric's terms (\"I used a, b, c …\") | \(format(worstList.score)) | \(worstList.question) |")
    print(
      "| each concept's first phrase, comma-separated | \(format(worstFirstPhrases.score)) | \(worstFirstPhrases.question) |"
    )
    print("| the model answer pasted eight times | \(format(worstLoop.score)) | \(worstLoop.question) |")
    print("| \"We did <each concept's first phrase>.\" | \(format(worstStuffed.score)) | \(worstStuffed.question) |")
  }

  static let gateNames: Set<String> = [
    "keyword list", "repetition", "far too long", "hypothetical answer", "buzzwords",
  ]

  /// Grid-searches the knots at 25, 50 and 75 rubric points (0 → 0 and 100 → 100 fixed,
  /// each segment rising at least half a point per point) that minimise the mean absolute error on `items`, answers no gate
  /// capped; prints the curve for `Rubrics/star-structure.yaml`.
  static func fitCurve(_ items: [Scored]) {
    let pairs = items.compactMap { item in item.points.map { ($0, item.grade) } }
    guard pairs.count >= 8 else { return }
    let xs: [Double] = [0, 25, 50, 75, 100]
    func curve(_ ys: [Double], _ x: Double) -> Double {
      for k in 1..<xs.count where x <= xs[k] {
        return ys[k - 1] + (x - xs[k - 1]) / (xs[k] - xs[k - 1]) * (ys[k] - ys[k - 1])
      }
      return ys[ys.count - 1]
    }
    var best = (error: Double.infinity, ys: [Double]())
    let steps = stride(from: 0.0, through: 100, by: 1).map { $0 }
    // Every segment rises at least half a point per point: more rubric points always show.
    let rise = 0.5 * 25
    for a in steps where a >= rise && a <= 100 - 3 * rise {
      for b in steps where b >= a + rise {
        for c in steps where c >= b + rise && c <= 100 - rise {
          let ys = [0, a, b, c, 100]
          var error = 0.0
          for (x, y) in pairs { error += abs(curve(ys, x) - y) }
          if error < best.error { best = (error, ys) }
        }
      }
    }
    let knots = zip(xs, best.ys).map { "[\(Int($0)), \(Int($1))]" }.joined(separator: ", ")
    print("\nFitted on \(pairs.count) train answers (no gate fired), MAE \(format(best.error / Double(pairs.count))):")
    print("calibration: [\(knots)]")
  }

  static func band(_ score: Double) -> Int {
    switch score {
    case ..<40: 0
    case ..<60: 1
    case ..<80: 2
    default: 3
    }
  }

  static func report(_ name: String, _ items: [Scored]) {
    guard items.count > 1 else { return }
    let grades = items.map(\.grade)
    let scores = items.map(\.score)
    let pearson = AgreementMath.pearson(scores, grades).value ?? .nan
    let spearman = AgreementMath.pearson(ranks(scores), ranks(grades)).value ?? .nan
    var within = (agree: 0.0, total: 0.0)
    var all = (agree: 0.0, total: 0.0)
    for i in items.indices {
      for j in items.indices where j > i && items[i].grade != items[j].grade {
        let gradeOrder = items[i].grade < items[j].grade
        let agree: Double =
          items[i].score == items[j].score ? 0.5 : ((items[i].score < items[j].score) == gradeOrder ? 1 : 0)
        all.agree += agree
        all.total += 1
        if items[i].question == items[j].question {
          within.agree += agree
          within.total += 1
        }
      }
    }
    let mae = zip(scores, grades).map { abs($0 - $1) }.reduce(0, +) / Double(items.count)
    let exact = Double(items.filter { band($0.score) == band($0.grade) }.count) / Double(items.count)
    let adjacent = Double(items.filter { abs(band($0.score) - band($0.grade)) <= 1 }.count) / Double(items.count)
    let strongLow = items.filter { $0.grade >= 80 && $0.score < 60 }.count
    let weakHigh = items.filter { $0.grade < 40 && $0.score >= 60 }.count
    let meanScore = scores.reduce(0, +) / Double(items.count)
    let meanGrade = grades.reduce(0, +) / Double(items.count)
    print(
      "| \(name) | \(items.count) | \(format(pearson, 3)) | \(format(spearman, 3)) | \(format(within.agree / max(1, within.total), 3)) | \(format(all.agree / max(1, all.total), 3)) | \(format(mae)) | \(format(exact, 2)) | \(format(adjacent, 2)) | \(format(meanScore)) | \(format(meanGrade)) | \(strongLow) | \(weakHigh) |"
    )
  }

  /// Ranks with ties averaged, for Spearman's rho.
  static func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var index = 0
    while index < order.count {
      var end = index
      while end + 1 < order.count && values[order[end + 1]] == values[order[index]] { end += 1 }
      for k in index...end { ranks[order[k]] = Double(index + end) / 2 + 1 }
      index = end + 1
    }
    return ranks
  }

  static func format(_ value: Double, _ digits: Int = 1) -> String {
    String(format: "%.\(digits)f", value)
  }
}
