import Dispatch

/// The result files of a scoring run (SPEC §10), as bytes by file name, written by the caller
/// all at once: project_scores, indicator_scores, departments, sectors, department_categories,
/// flags, and rejects in lenient mode.
public struct ScoreReport: Sendable {
    public var language: OutputLanguage
    public var format: ResultFormat

    public init(language: OutputLanguage = .en, format: ResultFormat = .csv(excel: false)) {
        self.language = language
        self.format = format
    }

    /// Writes every result file into `folder` and returns their names: each file is built in
    /// parts on `threads` workers a wave at a time, each wave appended to its files and released,
    /// so that no file has to be whole in memory; the files appear (atomically, together) only
    /// once all are written. `departments` and `sectors` are the benchmarks grouped by department
    /// and by sector.
    public func write(
        to folder: String, batch: ProjectBatch, scores: ScoreTable, ranks: ProjectRanks, deviations: ProjectDeviations,
        departments: DepartmentBenchmarks, sectors: DepartmentBenchmarks, scheme: Scheme, rejects: Diagnostics?, threads: Int
    ) throws -> [String] {
        let jobs = self.jobs(batch: batch, scores: scores, ranks: ranks, deviations: deviations, departments: departments,
                             sectors: sectors, scheme: scheme, rejects: rejects)
        var names: [String] = []
        for job in jobs where names.last != job.name { names.append(job.name) }
        let files = try names.map { try AtomicFile(path: folder + "/" + $0) }
        let wave = max(1, threads)
        for first in stride(from: 0, to: jobs.count, by: wave) {
            let count = min(wave, jobs.count - first)
            var parts = [[UInt8]](repeating: [], count: count)
            parts.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: count) { out[$0] = jobs[first + $0].build() }
            }
            for k in 0..<count { try files[names.firstIndex(of: jobs[first + k].name)!].write(parts[k]) }
        }
        for f in files { try f.commit() }
        return names
    }

    /// One part of one file.
    struct Job: Sendable {
        let name: String
        let build: @Sendable () -> [UInt8]
    }

    /// The parts of every file, in file order: project_scores and indicator_scores (CSV) in
    /// several parts of consecutive projects, the rest whole.
    func jobs(
        batch: ProjectBatch, scores: ScoreTable, ranks: ProjectRanks, deviations: ProjectDeviations,
        departments: DepartmentBenchmarks, sectors: DepartmentBenchmarks, scheme: Scheme, rejects: Diagnostics?
    ) -> [Job] {
        let ext = format.fileExtension
        let dimension = scheme.dimension
        let (language, format) = (language, format)
        let n = batch.projects.count
        // CSV parts continue one another; JSON is one array per file, written whole.
        let parts: Int = if case .csv = format { max(1, min(8, n / 4096)) } else { 1 }
        let ranges = (0..<parts).map { (n * $0 / parts)..<(n * ($0 + 1) / parts) }
        var jobs: [Job] = ranges.enumerated().map { k, r in
            Job(name: "project_scores.\(ext)") {
                ProjectScoresTable.bytes(batch, scores, ranks, deviations, projects: r, header: k == 0, language: language, format: format)
            }
        }
        jobs += ranges.enumerated().map { k, r in
            Job(name: "indicator_scores.\(ext)") {
                IndicatorScoresTable.bytes(batch, scores, projects: r, header: k == 0, language: language, format: format)
            }
        }
        jobs += [
            Job(name: "departments.\(ext)") {
                DepartmentsTable.bytes(batch, departments, GroupDeviations(departments, batch: batch, scores: scores, deviations: deviations),
                                       dimension: dimension, language: language, format: format)
            },
            Job(name: "sectors.\(ext)") {
                DepartmentsTable.bytes(batch, sectors, GroupDeviations(sectors, batch: batch, scores: scores, deviations: deviations),
                                       dimension: dimension, language: language, format: format)
            },
            Job(name: "department_categories.\(ext)") {
                DepartmentCategoriesTable.bytes(batch, departments, dimension: dimension, language: language, format: format)
            },
            Job(name: "flags.\(ext)") { FlagsTable.bytes(batch, scores, deviations, scheme: scheme, language: language, format: format) },
        ]
        if let rejects {
            jobs.append(Job(name: "rejects.\(ext)") { RejectsTable.bytes(rejects, language: language, format: format) })
        }
        return jobs
    }
}
