/// The result files of an evaluation (SPEC §10) — project_scores, indicator_scores, departments,
/// sectors, department_categories, flags, and rejects in lenient mode — built in parallel and
/// written into a ``ResultFolder``, which appears whole or not at all.
struct ResultFiles {
    let evaluation: Evaluation
    let language: OutputLanguage
    let format: ResultFormat
    /// The tables to write; rejects is written in lenient mode whatever this says.
    var tables = Set(ResultTable.allCases)

    /// Writes every file into `folder` and returns their names. Each file is built in parts on
    /// the run's workers a wave at a time, each wave appended to its files and released, so that
    /// no file has to be whole in memory.
    func write(to folder: String) throws(OutputError) -> [String] {
        let jobs = self.jobs()
        var names: [String] = []
        for job in jobs where names.last != job.name { names.append(job.name) }
        let destination = try ResultFolder(destination: folder)
        var files: [OutputFile] = []
        for name in names { files.append(try destination.create(name)) }
        let wave = evaluation.options.threads
        let progress = evaluation.options.progress
        var written = 0
        progress?(RunProgress(stage: .writing, fraction: 0))
        for first in stride(from: 0, to: jobs.count, by: wave) {
            let count = min(wave, jobs.count - first)
            let parts = Parallel.map(count, workers: wave) { jobs[first + $0].build() }
            for k in 0..<count {
                try files[names.firstIndex(of: jobs[first + k].name)!].write(parts[k])
                written += parts[k].count
            }
            progress?(RunProgress(stage: .writing, fraction: Double(first + count) / Double(jobs.count), bytes: written))
        }
        for file in files { try file.close() }
        try destination.commit(names)
        return names
    }

    /// One part of one file.
    struct Job: Sendable {
        let name: String
        let build: @Sendable () -> [UInt8]
    }

    /// The parts of every file, in file order: project_scores and indicator_scores (CSV) in
    /// several parts of consecutive projects, the rest whole.
    func jobs() -> [Job] {
        let e = evaluation
        let ext = format.fileExtension
        let dimension = e.options.scheme.dimension
        let (language, format) = (language, format)
        let n = e.batch.projects.count
        // CSV parts continue one another; JSON is one array per file, written whole.
        let parts: Int = if case .csv = format { max(1, min(8, n / 4096)) } else { 1 }
        let ranges = (0..<parts).map { (n * $0 / parts)..<(n * ($0 + 1) / parts) }
        var jobs: [Job] = ranges.enumerated().map { k, r in
            Job(name: "project_scores.\(ext)") {
                ProjectScoresTable.bytes(e.batch, e.scores, e.ranks, e.deviations, projects: r, header: k == 0, language: language, format: format)
            }
        }
        jobs += ranges.enumerated().map { k, r in
            Job(name: "indicator_scores.\(ext)") {
                IndicatorScoresTable.bytes(e.batch, e.scores, projects: r, header: k == 0, language: language, format: format)
            }
        }
        jobs += [
            Job(name: "departments.\(ext)") {
                DepartmentsTable.bytes(e.batch, e.departments, dimension: dimension, language: language, format: format)
            },
            Job(name: "sectors.\(ext)") {
                DepartmentsTable.bytes(e.batch, e.sectors, dimension: dimension, language: language, format: format)
            },
            Job(name: "department_categories.\(ext)") {
                DepartmentCategoriesTable.bytes(e.batch, e.departments.benchmarks, dimension: dimension, language: language, format: format)
            },
            Job(name: "flags.\(ext)") {
                FlagsTable.bytes(e.batch, e.scores, e.deviations, scheme: e.options.scheme, language: language, format: format)
            },
        ]
        if let application = e.application {
            let precision = e.options.scheme.precision
            jobs.append(Job(name: "adjustments.\(ext)") {
                AdjustmentsTable.bytes(e.batch, application, precision: precision, language: language, format: format)
            })
            jobs.append(Job(name: "application_totals.\(ext)") {
                ApplicationTotalsTable.bytes(e.batch, application, language: language, format: format)
            })
        }
        jobs = jobs.filter { job in
            tables.contains { job.name == "\($0.rawValue).\(ext)" }
        }
        if e.options.lenient {
            jobs.append(Job(name: "rejects.\(ext)") { RejectsTable.bytes(e.diagnostics, language: language, format: format) })
        }
        return jobs
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
