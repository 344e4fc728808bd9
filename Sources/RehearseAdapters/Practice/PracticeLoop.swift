import Foundation
import RehearseCore

/// The practice loop behind `rehearse practice`: asks questions, captures answers section by
/// section or free-form, saves each answer before showing its feedback, asks a follow-up,
/// and ends with a summary.
///
/// Everything it touches is injected (bank, store, line reader, output, clock, random
/// source, editor), so tests drive it with a scripted reader, a temporary store and a clock
/// they control.
public final class PracticeLoop {
  let source: BankSource
  let store: SessionStore
  let reader: any LineReading
  let output: any TextOutput
  let style: TerminalStyle
  let clock: any WallClock
  var idRandom: any RandomNumberGenerator
  let editor: any AnswerEditing
  let rehearseVersion: String
  /// The compiled bank catalog, read (never rebuilt) for the first question when current.
  let cache: BankCache?
  private let injectedScorer: Scorer?
  /// Made on first use, after the first question is on screen: building the scorer (word
  /// lists, STAR cue phrases) is start-up time the candidate would otherwise wait through.
  lazy var scorer: Scorer = injectedScorer ?? Scorer()

  /// - Parameters:
  ///   - idRandom: the random source for session id suffixes (not the question order,
  ///     which comes from the request's seed).
  public init(
    source: BankSource, store: SessionStore, reader: any LineReading, output: any TextOutput, style: TerminalStyle,
    clock: any WallClock, idRandom: any RandomNumberGenerator, editor: any AnswerEditing, rehearseVersion: String,
    scorer: Scorer? = nil, cache: BankCache? = nil
  ) {
    self.cache = cache
    self.source = source
    self.store = store
    self.reader = reader
    self.output = output
    self.style = style
    self.clock = clock
    self.idRandom = idRandom
    self.editor = editor
    self.rehearseVersion = rehearseVersion
    injectedScorer = scorer
  }

  /// Runs a session to its end: all planned questions answered or skipped, `:quit`, Ctrl-C
  /// on an empty line, or the end of input.
  ///
  /// - Throws: ``PracticeError`` when the questions or the session to resume cannot be found,
  ///   `DiagnosticsError` for a broken bank file, ``StoreError`` when the session cannot be
  ///   saved (answers already saved stay on disk).
  @discardableResult
  public func run(_ request: PracticeRequest) throws -> PracticeOutcome {
    let index = BankLoader.index(of: source)
    let categories = Array(Set(index.map(\.category))).sorted()
    reader.setCompletions(PracticeCommand.words + categories + index.map(\.id).sorted())

    let session: Session
    let bank: Bank
    let claim: PracticeClaim
    var mode = request.mode
    var timed = request.timedSeconds
    var mentor = request.mentor
    var form = request.form
    var shown: (questionId: String, form: AnswerForm)?
    var selection = request.selection
    if case .due(let count) = selection {
      let ids = try dueQuestions(count)
      guard !ids.isEmpty else {
        output.line(
          "Nothing is due for review yet. Run 'rehearse plan' to see what comes next, or 'rehearse practice' for new questions."
        )
        return PracticeOutcome(sessionId: "", status: .completed, answersSaved: 0)
      }
      selection = .questions(ids)
    }
    switch selection {
    case .resume(let id):
      let found = try findSession(id)
      try store.checkWritable()
      // Claimed first, then re-read: answers saved by a run that ended meanwhile count.
      claim = try store.claimForPractice(id: found.id)
      session = try store.load(id: found.id)
      bank = try BankLoader.load(from: source, questionIds: session.remainingQuestionIds)
      if mode == nil && session.mode == .free { mode = .free }
      form = form ?? session.settings.form
      timed = timed ?? session.settings.timedSeconds
      mentor = mentor ?? session.settings.mentor
      let left = session.remainingQuestionIds.count
      output.line(
        style.bold("Resuming session \(session.id)")
          + ": \(left) of \(session.plan.count) question\(session.plan.count == 1 ? "" : "s") left.")
    case .questions, .random, .due:
      let plan = try choosePlan(selection, seed: request.seed, index: index, track: request.track, form: request.form)
      // Before anything is shown: a read-only home is reported before a question is asked.
      try store.checkWritable()
      if case .random(_, _, let count) = selection, plan.count < count {
        output.line(
          "Only \(plan.count) question\(plan.count == 1 ? "" : "s") match; practising \(plan.count == 1 ? "it" : "all \(plan.count)")."
        )
      }
      let now = clock.now()
      let id = SessionStore.makeId(date: now, random: &idRandom)
      // Show the first question as soon as its own file is parsed; its rubrics are parsed
      // and the session is created while the candidate reads it, before any input is read.
      // From the compiled bank cache when it is current, else from the question's own file.
      let cached = cache.flatMap { BankLoader.cachedCatalog(of: source, cache: $0) }
      if let firstId = plan.first,
        let first = try cached?.question(id: firstId)
          ?? BankLoader.questions(from: source, ids: [firstId]).first.map(QuestionSummary.init)
      {
        output.line(banner(id))
        let capture = mode ?? first.answerForm
        output.line(
          header(
            first, number: 1, total: plan.count, attempt: 1, form: capture,
            questionForm: PracticeRun.form(of: first, asked: form), explain: true, timed: timed
          )
          .joined(separator: "\n"))
        shown = (firstId, capture)
      }
      let firstSession = store.ids().isEmpty
      bank = try BankLoader.load(from: source, questionIds: plan)
      if firstSession, request.track == nil, case .random = selection, !bank.manifest.tracks.isEmpty {
        output.line(trackTip(bank.manifest.tracks))
      }
      var settings = SessionSettings(
        seed: request.seed, timedSeconds: timed, mentor: mentor, track: request.track, form: request.form)
      if case .random(let category, let difficulty, let count) = selection {
        settings.category = category
        settings.difficulty = difficulty
        settings.count = count
      } else {
        settings.count = plan.count
      }
      let created = Session(
        id: id, rehearseVersion: rehearseVersion,
        bankVersion: bank.manifest.version, startedAt: now, mode: mode ?? .star, settings: settings, plan: plan)
      claim = try store.claimForPractice(id: id)
      try store.create(created)
      session = created
    }
    let run = PracticeRun(
      loop: self, session: session, bank: bank, mode: mode, form: form, timed: timed, mentor: mentor,
      alreadyShown: shown)
    return try withExtendedLifetime(claim) { try run.start() }
  }

  /// The first session's tip: practise for the kind of role you want.
  func trackTip(_ tracks: [Track]) -> String {
    let list = tracks.map { "\($0.id) (\($0.title))" }.joined(separator: ", ")
    return style.dim(
      style.wrap(
        "Tip: aim practice at the role you want with --track: \(list). 'rehearse questions --track ID' lists a track's questions."
      ))
  }

  /// The line naming the session and where it is saved.
  func banner(_ id: String) -> String {
    style.dim("Session \(id) · saved to \(store.url(for: id).path) · :help lists commands, :quit ends")
  }

  /// The lines introducing a question: where it is in the plan, the prompt, how to answer
  /// (`explain`: the first time a form is used) and the time limit.
  func header(
    _ question: QuestionSummary, number: Int, total: Int, attempt: Int, form: AnswerForm, questionForm: QuestionForm,
    explain: Bool, timed: Int?
  ) -> [String] {
    var facts = [
      "Question \(number) of \(total)", question.category, question.difficulty.rawValue,
      questionForm == .star ? "story" : "case", "about \(format(question.suggestedMinutes)) min",
    ]
    if attempt > 1 { facts.append("attempt \(attempt)") }
    var lines = [
      "", style.dim(String(repeating: "─", count: min(style.width, 72))), style.bold(facts.joined(separator: " · ")),
      style.wrap(inert(question.prompt)),
    ]
    if question.forms.count > 1 {
      let other = question.forms.first { $0 != questionForm } ?? .star
      lines.append(
        style.dim(
          style.wrap(
            other == .caseStudy
              ? "Tell a real story, or type :case to answer as a case: how you would approach it."
              : "Answer as a case, or type :story to tell a real story from your experience.")))
    }
    if explain {
      switch form {
      case .star where questionForm == .caseStudy:
        lines.append(
          style.dim(
            style.wrap(
              "Guided case: you are asked for the goal and users, success metrics, approach, risks and trade-offs, and launch in turn. End each with a line holding only '.' (or Ctrl-D); :back returns to the previous part."
            )))
      case .star:
        lines.append(
          style.dim(
            style.wrap(
              "Guided: you are asked for Situation, Task, Action and Result in turn. End each with a line holding only '.' (or Ctrl-D); :back returns to the previous section."
            )))
      case .free:
        lines.append(
          style.dim(style.wrap("Free: type the whole answer; end it with a line holding only '.' (or Ctrl-D).")))
      }
    }
    if let limit = TimeBudget(requested: timed, suggestedMinutes: question.suggestedMinutes).limitSeconds {
      lines.append("Timer: \(TimeBudget.clock(Double(limit))) starts now.")
    }
    return lines
  }

  /// The session to resume: `id`, or the newest one still in progress.
  func findSession(_ id: String?) throws -> Session {
    if let id {
      let session = try store.load(id: id)
      guard session.status == .inProgress else { throw PracticeError.alreadyCompleted(sessionId: id) }
      return session
    }
    for candidate in store.ids().reversed() {
      if let session = try? store.load(id: candidate), session.status == .inProgress { return session }
    }
    throw PracticeError.nothingToResume
  }

  /// Question ids for a new session, chosen from file names; only `--difficulty` parses
  /// question files, and only the candidates.
  func choosePlan(
    _ selection: PracticeRequest.Selection, seed: UInt64, index: [(id: String, category: String)],
    track: String? = nil, form: QuestionForm? = nil
  ) throws -> [String] {
    let known = Set(index.map(\.id))
    let categories = Array(Set(index.map(\.category))).sorted()
    switch selection {
    case .questions(let ids):
      var seen: Set<String> = []
      let unique = ids.filter { seen.insert($0).inserted }
      if let missing = unique.first(where: { !known.contains($0) }) {
        throw PracticeError.unknownQuestion(
          missing, suggestion: DidYouMean.suggestion(for: missing, among: index.map(\.id)))
      }
      if let form {
        for question in try BankLoader.questions(from: source, ids: Set(unique)) where !question.accepts(form) {
          throw PracticeError.wrongForm(questionId: question.id, asked: form, accepted: question.forms)
        }
      }
      return unique
    case .random(let category, let difficulty, let count):
      var candidates = index.filter { category == nil || $0.category == category }.map(\.id)
      if difficulty != nil || track != nil || form != nil, !candidates.isEmpty {
        candidates = try BankLoader.questions(from: source, ids: Set(candidates))
          .filter { question in
            (difficulty == nil || question.difficulty == difficulty)
              && (track.map(question.tracks.contains) ?? true) && (form.map(question.accepts) ?? true)
          }
          .map(\.id).sorted()
      }
      guard !candidates.isEmpty else {
        throw PracticeError.noQuestions(
          category: category, difficulty: difficulty?.rawValue, available: categories, track: track,
          form: form?.rawValue)
      }
      var random = SeededGenerator(seed: seed)
      return PracticePlan.pick(count, from: candidates, using: &random)
    case .resume, .due:
      return []
    }
  }

  /// Up to `count` question ids that are due for review, from every saved answer.
  func dueQuestions(_ count: Int) throws -> [String] {
    let bank = try BankLoader.load(from: source)
    let candidates = bank.questions.map(QuestionRef.init)
    return try dueQuestionIds(in: store, questions: candidates, now: clock.now(), limit: count)
  }
}

/// One session being practised: the state the loop keeps between questions.
final class PracticeRun {
  let loop: PracticeLoop
  var session: Session
  let bank: Bank
  let mode: AnswerForm?
  /// The form every answer takes (`--form`); nil: each question's first form.
  let form: QuestionForm?
  let timed: Int?
  let mentor: String?
  private var compiled: [String: CompiledRubric] = [:]
  private var lastAnswered: Question?
  /// Capture modes and forms whose instructions were shown ("star/case").
  private var explainedCapture: Set<String> = []
  /// A question whose header was printed before the run started (the first one).
  private var alreadyShown: String?

  var output: any TextOutput { loop.output }
  var reader: any LineReading { loop.reader }
  var style: TerminalStyle { loop.style }

  init(
    loop: PracticeLoop, session: Session, bank: Bank, mode: AnswerForm?, form: QuestionForm? = nil, timed: Int?,
    mentor: String?, alreadyShown: (questionId: String, form: AnswerForm)? = nil
  ) {
    self.alreadyShown = alreadyShown?.questionId
    if let shown = alreadyShown, let question = bank.question(id: shown.questionId) {
      explainedCapture.insert("\(shown.form.rawValue)/\(Self.form(of: question, asked: form).rawValue)")
    }
    self.loop = loop
    self.session = session
    self.bank = bank
    self.mode = mode
    self.form = form
    self.timed = timed
    self.mentor = mentor
  }

  enum Step {
    case next
    case redo
    case stop
  }

  func start() throws -> PracticeOutcome {
    if alreadyShown == nil { output.line(loop.banner(session.id)) }
    let queue = session.remainingQuestionIds
    var position = 0
    var redoTarget: Question?
    questions: while true {
      let question: Question
      let isRedo = redoTarget != nil
      if let target = redoTarget {
        question = target
        redoTarget = nil
      } else {
        guard position < queue.count else { break }
        guard let found = bank.question(id: queue[position]) else {
          throw PracticeError.unknownQuestion(queue[position])
        }
        question = found
      }
      switch try ask(question) {
      case .answered(let record):
        lastAnswered = question
        if !isRedo { position += 1 }
        switch try followUp(question, after: record) {
        case .next: continue questions
        case .redo: redoTarget = question
        case .stop: break questions
        }
      case .skipped:
        lastAnswered = question
        if !isRedo { position += 1 }
      case .redo:
        // The question being answered stays next in line.
        if let last = lastAnswered {
          redoTarget = last
        } else {
          output.line("Nothing answered yet; starting this answer again.")
        }
      case .stop:
        break questions
      }
    }
    return try finish()
  }

  // MARK: - Asking

  enum Asked {
    case answered(AnswerRecord)
    case skipped
    case redo
    case stop
  }

  /// The form a question is answered in: the one asked for when the question takes it, else
  /// the question's first.
  static func form(of question: Question, asked: QuestionForm?) -> QuestionForm {
    asked.flatMap { question.accepts($0) ? $0 : nil } ?? question.defaultForm
  }

  static func form(of question: QuestionSummary, asked: QuestionForm?) -> QuestionForm {
    asked.flatMap { question.accepts($0) ? $0 : nil } ?? question.defaultForm
  }

  func ask(_ question: Question, switchedTo chosen: QuestionForm? = nil) throws -> Asked {
    let attempt = session.answers.filter { $0.kind == .main && $0.questionId == question.id }.count + 1
    let budget = TimeBudget(requested: timed, question: question)
    let draft = session.draft?.questionId == question.id && attempt == 1 && chosen == nil ? session.draft : nil
    let form = mode ?? draft?.mode ?? question.answerForm
    let questionForm = chosen ?? draft?.form ?? Self.form(of: question, asked: self.form)
    if alreadyShown == question.id && attempt == 1 {
      alreadyShown = nil
    } else if chosen == nil {
      let number = (session.plan.firstIndex(of: question.id) ?? 0) + 1
      let explain = explainedCapture.insert("\(form.rawValue)/\(questionForm.rawValue)").inserted
      output.line(
        loop.header(
          QuestionSummary(question), number: number, total: session.plan.count, attempt: attempt, form: form,
          questionForm: questionForm, explain: explain, timed: timed
        ).joined(separator: "\n"))
    }
    var capture = AnswerCapture(
      run: self, question: question, form: form, questionForm: questionForm, budget: budget, hints: question.hints,
      draft: draft)
    if draft != nil {
      output.line(style.dim("Your unfinished answer from last time is back; go on where you stopped."))
    }
    switch try capture.read(allowEmpty: false) {
    case .switchForm(let other):
      output.line(
        style.bold("Answering as a \(other.title).")
          + (other == .caseStudy ? " Say how you would approach it." : " Tell a real story."))
      if form == .star && explainedCapture.insert("\(form.rawValue)/\(other.rawValue)").inserted {
        output.line(
          style.dim(
            style.wrap(
              other == .caseStudy
                ? "Guided case: you are asked for the goal and users, success metrics, approach, risks and trade-offs, and launch in turn."
                : "Guided: you are asked for Situation, Task, Action and Result in turn.")))
      }
      return try ask(question, switchedTo: other)
    case .stop:
      try keepDraft(capture)
      return .stop
    case .redo: return .redo
    case .skip:
      let record = makeRecord(
        question, kind: .main, prompt: question.prompt, attempt: attempt, form: form, questionForm: questionForm,
        answer: Answer(text: ""), skipped: true, report: nil, capture: capture)
      _ = try save(record)
      output.line("Skipped '\(question.id)' (recorded).")
      return .skipped
    case .answer(let answer):
      let rubric = try compiledRubric(for: question, form: questionForm)
      let report = loop.scorer.score(answer, against: rubric, questionId: question.id)
      let record = try save(
        makeRecord(
          question, kind: .main, prompt: question.prompt, attempt: attempt, form: form, questionForm: questionForm,
          answer: answer, skipped: false, report: report, capture: capture))
      if record.overTime, let limit = record.timeLimitSeconds {
        output.line(
          "Over time: \(TimeBudget.clock(record.timeUsedSeconds)) used of \(TimeBudget.clock(Double(limit))); the answer is kept and scored."
        )
      }
      if let mentor { try grade(record, report: report, rubric: rubric, mentor: mentor) }
      output.line()
      output.line(ReportRenderer(style: style).render(report, title: "Feedback"))
      return .answered(record)
    }
  }

  func followUp(_ question: Question, after record: AnswerRecord) throws -> Step {
    guard let report = record.report, let followUp = PracticePlan.followUp(for: question, after: report) else {
      return .next
    }
    let criterion = report.criteria.first { $0.id == followUp.criterion }
    output.line()
    output.line(style.bold("Follow-up") + style.dim(" (\(criterion?.title ?? followUp.criterion))"))
    output.line(style.wrap(inert(followUp.prompt)))
    output.line(style.dim("Answer, then '.' on its own line; '.' alone moves on."))
    var capture = AnswerCapture(
      run: self, question: question, form: .free, questionForm: record.form, budget: TimeBudget(limitSeconds: nil),
      hints: criterion?.missed.map(\.hint) ?? [], label: "follow-up")
    switch try capture.read(allowEmpty: true) {
    case .stop: return .stop
    case .redo: return .redo
    case .skip, .switchForm: return .next
    case .answer(let answer):
      guard !answer.isEmpty else { return .next }
      let rubric = try compiledRubric(for: question, form: record.form)
      let followReport = loop.scorer.score(answer, against: rubric, questionId: question.id)
      var followRecord = makeRecord(
        question, kind: .followUp, prompt: followUp.prompt, attempt: record.attempt, form: .free,
        questionForm: record.form, answer: answer, skipped: false, report: followReport, capture: capture)
      followRecord.parentId = record.id
      followRecord.followUpCriterion = followUp.criterion
      _ = try save(followRecord)
      if let result = followReport.criteria.first(where: { $0.id == followUp.criterion }) {
        let met = result.points >= result.maxPoints
        let mark = met ? style.green("✓") : (result.points > 0 ? style.yellow("~") : style.red("✗"))
        output.line(
          "\(mark) Follow-up on \(result.title): \(format(result.points))/\(format(result.maxPoints)) (saved; the follow-up as a whole scores \(format(followReport.score))/100)."
        )
        if let miss = result.missed.first { output.line(style.wrap(miss.hint, indent: 2)) }
      } else {
        output.line("Follow-up saved (\(format(followReport.score))/100).")
      }
      return .next
    }
  }

  // MARK: - Mentor grading

  /// Asks the mentor for points and a comment per content criterion, then an overall
  /// comment, and saves an in-person ``MentorGrade``. The automatic score is untouched.
  func grade(_ record: AnswerRecord, report: ScoreReport, rubric: CompiledRubric, mentor: String) throws {
    output.line()
    output.line(style.bold("Mentor \(inert(mentor))") + ": grade this answer before the automatic feedback is shown.")
    let prompter = CriterionPrompter(reader: reader, output: output, style: style, echoInput: false)
    let (criteria, outcome) = prompter.grades(for: report.criteria.filter { $0.kind == .content })
    guard case .value = outcome else {
      output.line("Mentor grade not saved.")
      return
    }
    let overall: String?
    switch prompter.ask("Overall comment (Enter for none): ", parse: { .value($0) }, retry: "") {
    case .value(let text): overall = MentorGrading.nonEmpty(text)
    default: overall = nil
    }
    let available = criteria.reduce(0) { $0 + $1.maxPoints }
    let earned = criteria.reduce(0) { $0 + $1.points }
    let score = available > 0 ? (earned / available * 1000).rounded() / 10 : 0
    let grade = MentorGrade(
      mentor: mentor, answerId: record.id, gradedAt: loop.clock.now(), criteria: criteria, score: score,
      band: rubric.set.band(for: score), comment: overall, source: .inPerson)
    do {
      session = try loop.store.update(id: session.id, now: loop.clock.now()) { $0.grades.append(grade) }
    } catch {
      let titles = Dictionary(report.criteria.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
      output.line(MentorGradeRenderer(style: style).unsaved(grade, titles: titles))
      throw error
    }
    output.line("Mentor grade saved: \(format(score))/100 (\(rubric.set.band(for: score))).")
  }

  // MARK: - Saving

  /// Saves the unfinished answer as the session's draft, for `--resume` to restore; does
  /// nothing when nothing was typed. When the save fails the text is printed back in full.
  func keepDraft(_ capture: AnswerCapture) throws {
    guard let draft = capture.draft(savedAt: loop.clock.now()) else { return }
    do {
      session = try loop.store.update(id: session.id, now: loop.clock.now()) { $0.draft = draft }
    } catch {
      output.line()
      output.line(style.bold("Your unfinished answer could not be saved") + "; here it is in full:")
      output.line(inert(draft.answer.fullText))
      output.line(style.dim("(end of your answer)"))
      throw error
    }
    output.line(
      "Your unfinished answer is kept as a draft; 'rehearse practice --resume \(session.id)' brings it back.")
  }

  func makeRecord(
    _ question: Question, kind: AnswerKind, prompt: String, attempt: Int, form: AnswerForm,
    questionForm: QuestionForm, answer: Answer, skipped: Bool, report: ScoreReport?, capture: AnswerCapture
  ) -> AnswerRecord {
    let now = loop.clock.now()
    let rubricSet = try? bank.rubricSet(for: question, form: questionForm)
    return AnswerRecord(
      id: "", kind: kind, questionId: question.id, category: question.category, competencies: question.competencies,
      prompt: prompt, attempt: attempt, mode: form, form: questionForm, answer: answer, skipped: skipped,
      rubrics: report?.rubrics ?? rubricSet?.references ?? [],
      rubricHash: report?.rubricHash ?? rubricSet?.contentHash ?? "", bankVersion: bank.manifest.version,
      report: report, hintsUsed: capture.hintsUsed, rubricShown: capture.rubricShown,
      modelRevealed: capture.modelRevealed, timeLimitSeconds: capture.budget.limitSeconds,
      timeUsedSeconds: max(0, now.timeIntervalSince(capture.startedAt)), startedAt: capture.startedAt,
      answeredAt: now)
  }

  /// Appends `record` to the session on disk (numbering it) before anything else happens.
  ///
  /// When the save fails (a full disk, a read-only data home) the answer is printed back
  /// in full before the error propagates, so the candidate can copy it and nothing typed
  /// is lost.
  func save(_ record: AnswerRecord) throws -> AnswerRecord {
    var saved = record
    do {
      session = try loop.store.update(id: session.id, now: loop.clock.now()) { session in
        saved.id = "a\(session.answers.count + 1)"
        session.answers.append(saved)
        if saved.kind == .main && session.draft?.questionId == saved.questionId { session.draft = nil }
      }
    } catch {
      if !record.skipped && !record.answer.isEmpty {
        output.line()
        output.line(style.bold("Your answer could not be saved") + "; here it is in full so you can keep a copy:")
        output.line(inert(record.answer.fullText))
        output.line(style.dim("(end of your answer)"))
      }
      throw error
    }
    return saved
  }

  func compiledRubric(for question: Question, form: QuestionForm) throws -> CompiledRubric {
    let key = question.id + "/" + form.rawValue
    if let hit = compiled[key] { return hit }
    let value = loop.scorer.compile(try bank.rubricSet(for: question, form: form))
    compiled[key] = value
    return value
  }

  // MARK: - Ending

  func finish() throws -> PracticeOutcome {
    // A session that ends holding nothing (no answer, skip, grade or draft) is not kept: it
    // would only clutter history, resume and exports.
    if try loop.store.removeIfEmpty(id: session.id) {
      output.line()
      output.line("Nothing was answered, so session \(session.id) was not kept.")
      return PracticeOutcome(sessionId: session.id, status: session.status, answersSaved: 0)
    }
    let done = session.remainingQuestionIds.isEmpty
    let now = loop.clock.now()
    session = try loop.store.update(id: session.id, now: now) { session in
      session.status = done ? .completed : .inProgress
      if done { session.endedAt = now }
    }
    output.line()
    output.line(
      SummaryRenderer(style: style).render(
        EndOfSessionSummary(session: session), session: session, path: loop.store.url(for: session.id).path))
    return PracticeOutcome(
      sessionId: session.id, status: session.status, answersSaved: session.answers.count)
  }
}
