/// The result files of an evaluation (SPEC §10) — project_scores, indicator_scores, departments,
/// sectors, department_categories, flags, and rejects in lenient mode — built in parallel and
/// written into a ``ResultFolder``, which appears whole or not at all: a file per table, or with
/// `.xlsx` one workbook with a sheet per table (``TableOutputs``).
struct ResultFiles {
    let evaluation: Evaluation
    let language: OutputLanguage
    let format: ResultFormat
    /// The tables to write; rejects is written in lenient mode whatever this says.
    var tables = Set(ResultTable.allCases)

    /// Rows of indicator_scores already written into the staging folder by a streamed run: the
    /// open output and how many rows it holds.
    var streamedIndicators: (output: TableSink, rows: Int)?

    /// Writes every file into `folder` and returns their names.
    func write(to folder: String) throws(OutputError) -> [String] {
        try write(into: TableOutputs(folder: ResultFolder(destination: folder), format: format, language: language))
    }

    /// Writes every file into `destination` and commits it. Each file is built in parts on the
    /// run's workers a wave at a time; each wave is appended to its files on another thread while
    /// the next is built, then released, so that no file has to be whole in memory.
    func write(into destination: TableOutputs) throws(OutputError) -> [String] {
        let jobs = self.jobs()
        var names: [String] = []
        for job in jobs where names.last != job.name { names.append(job.name) }
        var files: [TableSink] = []
        for name in names {
            if let streamed = streamedIndicators, name == ResultTable.indicatorScores.rawValue {
                files.append(streamed.output)
            } else {
                files.append(try destination.open(name))
            }
        }
        let progress = evaluation.options.progress
        var written = 0
        var failure: OutputError?
        progress?(RunProgress(stage: .writing, fraction: 0))
        Parallel.pipeline(jobs.count, workers: evaluation.options.threads) { k in
            jobs[k].build()
        } consume: { k, part in
            guard failure == nil else { return }
            do throws(OutputError) {
                try files[names.firstIndex(of: jobs[k].name)!].write(part)
            } catch {
                failure = error
            }
            written += part.count
            progress?(RunProgress(stage: .writing, fraction: Double(k + 1) / Double(jobs.count), bytes: written))
        }
        if let failure { throw failure }
        for file in files { try file.close() }
        return try destination.commit(names.map { "\($0).\(format.fileExtension)" }, threads: evaluation.options.threads, progress: progress)
    }

    /// One part of one table (named by its file stem).
    struct Job: Sendable {
        let name: String
        let build: @Sendable () -> [UInt8]
    }

    /// The parts of every file, in file order: project_scores and flags (CSV) in several parts of
    /// consecutive projects, indicator_scores in parts of consecutive rows, the rest whole.
    func jobs() -> [Job] {
        let e = evaluation
        let dimension = e.options.scheme.dimension
        let (language, format) = (language, format)
        let n = e.batch.projects.count
        // CSV and worksheet parts continue one another; JSON is one array per file, written
        // whole. Parts of at most 10,000 projects (about 4 MB of project_scores), eight at
        // least: a part is still in the cache when it is written out, and its memory is used
        // again for a later part instead of fresh pages.
        let parts: Int = format == .json ? 1 : max(1, min(max(8, n / 10_000), n / 4096))
        let ranges = (0..<parts).map { (n * $0 / parts)..<(n * ($0 + 1) / parts) }
        var jobs: [Job] = ranges.enumerated().map { k, r in
            Job(name: ResultTable.projectScores.rawValue) {
                ProjectScoresTable.bytes(e.batch, e.scores, e.ranks, e.deviations, projects: r, header: k == 0, language: language, format: format)
            }
        }
        jobs += indicatorJobs(name: ResultTable.indicatorScores.rawValue, parts: parts)
        jobs += [
            Job(name: ResultTable.departments.rawValue) {
                DepartmentsTable.bytes(e.batch, e.departments, dimension: dimension, language: language, format: format)
            },
            Job(name: ResultTable.sectors.rawValue) {
                DepartmentsTable.bytes(e.batch, e.sectors, dimension: dimension, language: language, format: format)
            },
            Job(name: ResultTable.departmentCategories.rawValue) {
                DepartmentCategoriesTable.bytes(e.batch, e.departments.benchmarks, dimension: dimension, language: language, format: format)
            },
        ]
        if tables.contains(.flags) {
            let flagged = e.flaggedIndicators
            jobs += ranges.enumerated().map { k, r in
                Job(name: ResultTable.flags.rawValue) {
                    FlagsTable.bytes(e.batch, e.scores, e.deviations, flagged: flagged, projects: r, header: k == 0, scheme: e.options.scheme,
                                     language: language, format: format)
                }
            }
        }
        if let application = e.application {
            let precision = e.options.scheme.precision
            jobs.append(Job(name: ResultTable.adjustments.rawValue) {
                AdjustmentsTable.bytes(e.batch, application, precision: precision, language: language, format: format)
            })
            jobs.append(Job(name: ResultTable.applicationTotals.rawValue) {
                ApplicationTotalsTable.bytes(e.batch, application, language: language, format: format)
            })
        }
        jobs = jobs.filter { job in tables.contains { job.name == $0.rawValue } }
        if e.options.lenient {
            jobs.append(Job(name: "rejects") { RejectsTable.bytes(e.diagnostics, language: language, format: format) })
        }
        return jobs
    }

    /// indicator_scores in `parts` parts of rows in the order of indicators.csv, and its end; only
    /// the end when a streamed run wrote the rows.
    private func indicatorJobs(name: String, parts: Int) -> [Job] {
        let (language, format) = (language, format)
        if let rows = streamedIndicators?.rows {
            return [Job(name: name) { IndicatorScoresTable.closing(rows: rows, language: language, format: format) }]
        }
        let (batch, scores) = (evaluation.batch, evaluation.scores)
        let ind = batch.indicators
        let rows = ind.count
        var projectOf = [Int32](repeating: 0, count: rows)
        for q in 0..<batch.projects.count { for i in ind.range(ofProject: q) { projectOf[i] = Int32(q) } }
        let project = projectOf
        // The batch's rows are grouped by project: the file's order is the order of their lines.
        let inOrder = zip(ind.sourceLine, ind.sourceLine.dropFirst()).allSatisfy { $0 < $1 }
        let order: [Int]? = inOrder ? nil : ind.sourceLine.indices.sorted { ind.sourceLine[$0] < ind.sourceLine[$1] }
        let ranges = (0..<parts).map { (rows * $0 / parts)..<(rows * ($0 + 1) / parts) }
        return ranges.enumerated().map { k, r in
            Job(name: name) {
                IndicatorScoresTable.bytes(batch, scores, rows: r, order: order, project: project, header: k == 0, rowsBefore: r.lowerBound,
                                           language: language, format: format)
            }
        } + [Job(name: name) { IndicatorScoresTable.closing(rows: rows, language: language, format: format) }]
    }
}

extension Evaluation {
    /// Writes the result files (SPEC §10) into `folder` and returns their names: the `tables`
    /// asked for (all by default; adjustments and application_totals only with result
    /// application), and rejects in lenient mode, always — the record of what was left out.
    ///
    /// The files appear together or not at all: they are written beside `folder` and put in its
    /// place at the end, replacing the results of an earlier run whole. `folder` must be new,
    /// empty, or a folder of earlier results.
    ///
    /// - Throws: ``OutputError`` when a file cannot be written (a full disk, a folder that is
    ///   not ours); `folder` is then as it was.
    @discardableResult
    public func write(to folder: String, language: OutputLanguage = .en, format: ResultFormat = .csv(excel: false),
                      tables: Set<ResultTable> = Set(ResultTable.allCases)) throws(OutputError) -> [String]
    {
        try ResultFiles(evaluation: self, language: language, format: format, tables: tables).write(to: folder)
    }
}

extension Evaluation {
    /// Reads, evaluates and writes the result files (SPEC §10) in one streamed run, as
    /// `Evaluation(projectsPath:indicatorsPath:options:)` and ``write(to:language:format:tables:)``
    /// would, without ever holding every indicator row: indicators.csv is read a window at a time
    /// (about 64 MB), each window's rows scored and appended to indicator_scores as they are
    /// scored, then dropped. Memory grows with the projects, not with the indicator rows.
    ///
    /// The folder appears whole or not at all, as with ``write(to:language:format:tables:)``:
    /// a rejected input or a failed write leaves `folder` as it was. Rows of indicator_scores are
    /// in the order of indicators.csv.
    ///
    /// - Returns: the evaluation, whose ``batch`` holds the projects but no indicator rows (and
    ///   whose ``scores`` no indicator scores), and the names of the files written.
    /// - Throws: ``InputRejected`` when the input is rejected; ``OutputError`` when a file
    ///   cannot be written.
    public static func score(
        projectsPath: String, indicatorsPath: String, options: Options = Options(), writingTo folder: String,
        language: OutputLanguage = .en, format: ResultFormat = .csv(excel: false), tables: Set<ResultTable> = Set(ResultTable.allCases)
    ) throws -> (evaluation: Evaluation, files: [String]) {
        try score(projectsPath: projectsPath, indicatorsPath: indicatorsPath, options: options, writingTo: folder, language: language,
                  format: format, tables: tables, windowBytes: IndicatorTableReader.windowBytes)
    }

    /// ``score(projectsPath:indicatorsPath:options:writingTo:language:format:tables:)`` with
    /// windows of `windowBytes` bytes of indicators.csv.
    static func score(
        projectsPath: String, indicatorsPath: String, options: Options, writingTo folder: String, language: OutputLanguage,
        format: ResultFormat, tables: Set<ResultTable>, windowBytes: Int
    ) throws -> (evaluation: Evaluation, files: [String]) {
        // The folder is made when the first rows are written, so that a rejected input is
        // reported as such (exit 2) even when --out cannot be written, as when nothing streams.
        var destination: TableOutputs?
        var file: TableSink?
        var rows = 0
        var failure: OutputError?
        func start() {
            do throws(OutputError) {
                let made: TableOutputs
                if let destination {
                    made = destination
                } else {
                    made = TableOutputs(folder: try ResultFolder(destination: folder), format: format, language: language)
                }
                destination = made
                file = try made.open(ResultTable.indicatorScores.rawValue)
                try file?.write(IndicatorScoresTable.opening(language: language, format: format))
            } catch {
                failure = error
            }
            rows = 0
        }
        let evaluation = try Evaluation(streaming: .paths(projects: projectsPath, indicators: indicatorsPath), options: options,
                                        windowBytes: windowBytes) {
            if file != nil { start() }
        } rows: { parts, scores, rowTables in
            guard tables.contains(.indicatorScores), failure == nil else { return }
            if file == nil { start() }
            guard let out = file else { return }
            let words = IndicatorScoresTable.Words(periods: rowTables.periods, codes: rowTables.indicatorCodes, language: language)
            let write = { (k: Int, before: Int) in
                IndicatorScoresTable.bytes(parts[k], scores[k], rowTables, words: words, header: false, rowsBefore: before,
                                           language: language, format: format)
            }
            var written: [(bytes: [UInt8], rows: Int)] = []
            if case .json = format {
                // A JSON part's first row needs to know whether any row came before it.
                for k in parts.indices { written.append(write(k, rows + written.reduce(0) { $0 + $1.rows })) }
            } else {
                written = Parallel.map(parts.count, workers: options.threads) { write($0, 0) }
            }
            do throws(OutputError) {
                for part in written {
                    try out.write(part.bytes)
                    rows += part.rows
                }
            } catch {
                failure = error
            }
        }
        if tables.contains(.indicatorScores), file == nil, failure == nil { start() }
        if let failure { throw failure }
        var files = ResultFiles(evaluation: evaluation, language: language, format: format, tables: tables)
        if let file { files.streamedIndicators = (file, rows) }
        return (evaluation, try files.write(into: destination ?? TableOutputs(folder: ResultFolder(destination: folder), format: format, language: language)))
    }
}
