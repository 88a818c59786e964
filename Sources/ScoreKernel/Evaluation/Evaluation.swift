import Foundation

/// One evaluation run, the library's entry point: two tables read and checked (SPEC §3, §5),
/// every project scored by the official rules (§4), deviations and monitoring flags (§6),
/// department and sector benchmarks (§7); then, on request, the result files (§10).
///
/// `evalcli score`, `bench` and library users all run this one pipeline:
///
/// ```swift
/// let evaluation = try Evaluation(projectsPath: "projects.csv", indicatorsPath: "indicators.csv")
/// print(evaluation.scores.total(of: 0), evaluation.scores.gradeName(of: 0))
/// try evaluation.write(to: "results")
/// ```
///
/// The stages run in this order, each reading only what the ones before produced: `read`
/// (ingest → batch), `score` (scoring), `deviations` and `benchmarks` (analytics). Results are identical
/// whatever ``Options/threads`` is.
public struct Evaluation: Sendable {
    /// How a run reads and evaluates its input.
    public struct Options: Sendable {
        /// Every rule choice (SPEC §3.4).
        public var scheme: Scheme
        /// Exclude the projects with errors (listed in the rejects file) instead of rejecting
        /// the input (SPEC §5).
        public var lenient: Bool
        /// The month (1–12) every period ends in for time progress (序时进度); nil: each
        /// period's own month, 12 for a year.
        public var periodEnd: Int?
        /// Workers for the parallel stages.
        public var threads: Int
        /// Result application (SPEC §8): the rules to apply after the benchmarks, and the file of
        /// base amounts they charge; nil: none.
        public var application: ApplicationRequest?
        /// Told where the run is (``RunProgress``); called from worker threads, so it must be
        /// safe to call concurrently. Results do not depend on it.
        public var progress: (@Sendable (RunProgress) -> Void)?

        /// The month of a cut-off written like a period (`2024-07`, `2024年7月`) for
        /// ``periodEnd``; nil when the text names no month.
        public static func month(of text: String) -> Int? { PeriodDate(text)?.month }

        /// Options with the default scheme, strict mode, each period's own month, and a worker
        /// per core unless said otherwise.
        public init(scheme: Scheme = Scheme(), lenient: Bool = false, periodEnd: Int? = nil,
                    threads: Int = ProcessInfo.processInfo.activeProcessorCount, application: ApplicationRequest? = nil,
                    progress: (@Sendable (RunProgress) -> Void)? = nil) {
            self.application = application
            self.progress = progress
            self.scheme = scheme
            self.lenient = lenient
            self.periodEnd = periodEnd
            self.threads = max(1, threads)
        }
    }

    /// The options the run was made with.
    public let options: Options
    /// The accepted projects and their indicators.
    public let batch: ProjectBatch
    /// Every warning; in lenient mode also every error of the excluded projects.
    public private(set) var diagnostics: Diagnostics
    /// Projects left out in lenient mode.
    public let excludedProjects: Int
    /// Indicator rows left out in lenient mode.
    public let excludedIndicators: Int
    /// Indicator, category and project scores, totals and grades (SPEC §4).
    public let scores: ScoreTable
    /// Ranks and percentiles within the period and the department (SPEC §10).
    public let ranks: ProjectRanks
    /// Per-project deviation figures and flags (SPEC §6).
    public let deviations: ProjectDeviations
    /// Benchmarks per (period, department) (SPEC §7), with their deviation figures.
    public let departments: GroupBenchmarks
    /// The same per (period, sector).
    public let sectors: GroupBenchmarks
    /// Deductions, rewards and listings by the rules of ``Options/application`` (SPEC §8); nil
    /// when none were asked for.
    public private(set) var application: ResultApplication?
    /// What a streamed run kept of the indicator rows it did not hold; nil when ``batch`` holds
    /// them.
    let streamed: StreamedIndicators?

    /// What a streamed run keeps of the indicator rows: their counts and the rows flags.csv lists.
    struct StreamedIndicators: Sendable {
        var tally: IndicatorTally
        var flagged: FlaggedIndicators
    }

    /// The counts over the accepted indicator rows.
    var indicatorTally: IndicatorTally { streamed?.tally ?? IndicatorTally(batch, scores: scores) }
    /// The indicator rows flags.csv lists, in order of project.
    var flaggedIndicators: FlaggedIndicators { streamed?.flagged ?? FlaggedIndicators(batch, scores) }

    /// Reads `projectsPath` and `indicatorsPath` (CSV, SPEC §3.1) and evaluates them.
    ///
    /// - Throws: ``InputRejected`` with every problem found, when the input is rejected: in
    ///   strict mode any error; in lenient mode only problems that leave nothing to read.
    ///   With ``Options/application``, also when the bases file has an error or a rule cannot be
    ///   applied (a base it needs is missing, a grade that is no band …), each problem naming the
    ///   rule.
    public init(projectsPath: String, indicatorsPath: String, options: Options = Options()) throws(InputRejected) {
        let input = try Self.read(projectsPath: projectsPath, indicatorsPath: indicatorsPath, options: options)
        // The bases file is checked before anything is scored.
        let bases = try Self.readBases(options, batch: input.batch)
        self.init(input, options: options)
        try applyRules(options, bases: bases)
    }

    /// Reads and evaluates the two files as ``init(projectsPath:indicatorsPath:options:)`` does,
    /// but streamed: indicator rows are read, scored and handed to `rows` (with their scores and
    /// the tables they point into) a window of `windowBytes` at a time, then dropped.
    /// The evaluation holds the projects, their scores and the rows flags.csv lists, never every
    /// indicator row: ``batch`` has none. `restart` is called when the read starts another pass
    /// (``BatchReader/stream(projectsPath:indicatorsPath:restart:rows:)``): the rows handed on
    /// before it are void.
    init(
        streaming input: BatchReader.Input, options: Options, windowBytes: Int = IndicatorTableReader.windowBytes,
        restart: () -> Void, rows: (_ parts: [IndicatorRows], _ scores: [ScoreTable], _ tables: RowTables) -> Void
    ) throws(InputRejected) {
        var reader = BatchReader(scheme: options.scheme, mode: options.lenient ? .lenient : .strict, threads: options.threads,
                                 progress: options.progress)
        reader.windowBytes = windowBytes
        var scorer: StreamScorer?
        let streamed = try reader.stream(input) {
            scorer?.restart()
            restart()
        } rows: { parts, tables in
            let s = scorer ?? StreamScorer(projectCount: tables.projects.count, scheme: options.scheme, threads: options.threads)
            scorer = s
            rows(parts, s.score(parts), tables)
        }
        let input = streamed.result
        let bases = try Self.readBases(options, batch: input.batch)
        let s = scorer ?? StreamScorer(projectCount: input.excludedProjects + streamed.kept.count, scheme: options.scheme, threads: options.threads)
        let (scores, matrix) = s.finish(input.batch, kept: streamed.kept)
        var newIndex = [Int](repeating: -1, count: input.excludedProjects + streamed.kept.count)
        for (k, q) in streamed.kept.enumerated() { newIndex[q] = k }
        self.init(input, scores: scores, categories: matrix,
                  streamed: StreamedIndicators(tally: s.tally, flagged: s.flagged.renumbered(newIndex)), options: options)
        try applyRules(options, bases: bases)
    }

    /// Evaluates what ``read(projectsPath:indicatorsPath:options:)`` produced.
    init(_ input: BatchReader.Result, options: Options) {
        options.progress?(RunProgress(stage: .scoring, fraction: 0))
        let scores = Self.score(input.batch, options: options)
        self.init(input, scores: scores, categories: CategoryMatrix(batch: input.batch, scores: scores, scheme: options.scheme),
                  streamed: nil, options: options)
    }

    /// The analytics of a read batch and its scores.
    private init(_ input: BatchReader.Result, scores: ScoreTable, categories: CategoryMatrix, streamed: StreamedIndicators?, options: Options) {
        self.options = options
        batch = input.batch
        diagnostics = input.diagnostics
        excludedProjects = input.excludedProjects
        excludedIndicators = input.excludedIndicators
        self.scores = scores
        self.streamed = streamed
        options.progress?(RunProgress(stage: .analysing, fraction: 0))
        // The per-project figures and the group benchmarks do not need each other: made at once.
        let batch = self.batch
        let ((ranks, deviations), (departments, sectors)) = Parallel.both(workers: options.threads) {
            Self.deviations(batch, scores: scores, options: options)
        } _: {
            DepartmentBenchmarks.byDepartmentAndSector(batch: batch, scores: scores, categories: categories, scheme: options.scheme,
                                                       threads: options.threads)
        }
        (self.ranks, self.deviations) = (ranks, deviations)
        (self.departments, self.sectors) = Self.grouped(departments, sectors, batch: batch, scores: scores, deviations: deviations)
    }

    /// The bases file of ``Options/application`` read and checked, with its warnings; nil
    /// without one.
    private static func readBases(_ options: Options, batch: ProjectBatch) throws(InputRejected) -> (BaseAmounts, Diagnostics)? {
        guard let path = options.application?.basesPath else { return nil }
        return try Self.readBases(path: path, batch: batch, options: options)
    }

    /// Applies the rules of ``Options/application``, if any.
    private mutating func applyRules(_ options: Options, bases: (BaseAmounts, Diagnostics)?) throws(InputRejected) {
        guard let request = options.application else { return }
        if let bases { diagnostics.append(contentsOf: bases.1) }
        options.progress?(RunProgress(stage: .applying, fraction: 0))
        application = try Self.apply(request.rules, bases: bases?.0, batch: batch, scores: scores, deviations: deviations, options: options)
    }
}

/// What ``Evaluation/Options/application`` asks for: rules to apply (SPEC §8) and where their
/// base amounts are.
public struct ApplicationRequest: Sendable {
    /// The rules, in the order they apply: presets (``ApplicationRule/preset(_:)``), the scheme's
    /// own (``ApplicationSettings/rules``), or any.
    public var rules: [ApplicationRule]
    /// bases.csv: per period and department, the amounts rules charge; nil when no rule charges
    /// a department's base.
    public var basesPath: String?

    /// Apply `rules`, charging the amounts of `basesPath`.
    public init(rules: [ApplicationRule], basesPath: String? = nil) {
        self.rules = rules
        self.basesPath = basesPath
    }
}

// MARK: - Stages

extension Evaluation {
    /// Ingest: the two files read into a batch and checked.
    @_spi(Stages)
    public static func read(projectsPath: String, indicatorsPath: String, options: Options) throws(InputRejected) -> BatchReader.Result {
        try BatchReader(scheme: options.scheme, mode: options.lenient ? .lenient : .strict, threads: options.threads,
                        progress: options.progress)
            .read(projectsPath: projectsPath, indicatorsPath: indicatorsPath)
    }

    /// Scoring: every indicator and project (SPEC §4).
    @_spi(Stages)
    public static func score(_ batch: ProjectBatch, options: Options) -> ScoreTable {
        Scorer(scheme: options.scheme, threads: options.threads).score(batch)
    }

    /// Analytics, first part: ranks and percentiles, and the per-project deviations (SPEC §6).
    @_spi(Stages)
    public static func deviations(_ batch: ProjectBatch, scores: ScoreTable, options: Options) -> (ProjectRanks, ProjectDeviations) {
        let ranks = ProjectRanks(batch: batch, scores: scores, threads: options.threads)
        return (ranks, ProjectDeviations(batch: batch, scores: scores, ranks: ranks, scheme: options.scheme, periodEnd: options.periodEnd,
                                         threads: options.threads))
    }

    /// Analytics, second part: the department and sector benchmarks (SPEC §7) and their
    /// deviation figures (§6).
    @_spi(Stages)
    public static func benchmarks(_ batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, options: Options)
        -> (departments: GroupBenchmarks, sectors: GroupBenchmarks)
    {
        benchmarks(batch, scores: scores, deviations: deviations, categories: CategoryMatrix(batch: batch, scores: scores, scheme: options.scheme),
                   options: options)
    }

    /// The benchmarks, with the category matrix already made.
    static func benchmarks(_ batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, categories matrix: CategoryMatrix,
                           options: Options) -> (departments: GroupBenchmarks, sectors: GroupBenchmarks)
    {
        let (departments, sectors) = DepartmentBenchmarks.byDepartmentAndSector(batch: batch, scores: scores, categories: matrix,
                                                                                  scheme: options.scheme, threads: options.threads)
        return grouped(departments, sectors, batch: batch, scores: scores, deviations: deviations)
    }

    /// Department and sector benchmarks with their deviation figures.
    private static func grouped(_ departments: DepartmentBenchmarks, _ sectors: DepartmentBenchmarks, batch: ProjectBatch, scores: ScoreTable,
                                deviations: ProjectDeviations) -> (departments: GroupBenchmarks, sectors: GroupBenchmarks)
    {
        func group(_ b: DepartmentBenchmarks) -> GroupBenchmarks {
            GroupBenchmarks(benchmarks: b, deviations: GroupDeviations(b, batch: batch, scores: scores, deviations: deviations))
        }
        return (group(departments), group(sectors))
    }

    /// Ingest of the base amounts (bases.csv) that application rules charge, and its warnings.
    @_spi(Stages)
    public static func readBases(path: String, batch: ProjectBatch, options: Options) throws(InputRejected) -> (BaseAmounts, Diagnostics) {
        try BasesFileReader.read(path: path, departments: Set(batch.departments), unit: options.scheme.application.amountUnit)
    }

    /// Application: `rules` applied to the scored batch (SPEC §8).
    @_spi(Stages)
    public static func apply(_ rules: [ApplicationRule], bases: BaseAmounts?, batch: ProjectBatch, scores: ScoreTable,
                             deviations: ProjectDeviations, options: Options) throws(InputRejected) -> ResultApplication
    {
        try ResultApplication(rules: rules, bases: bases, batch: batch, scores: scores, deviations: deviations, scheme: options.scheme)
    }
}
