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

    /// File name → contents. `departments` and `sectors` are the benchmarks grouped by department
    /// and by sector.
    public func files(
        batch: ProjectBatch, scores: ScoreTable, ranks: ProjectRanks, deviations: ProjectDeviations,
        departments: DepartmentBenchmarks, sectors: DepartmentBenchmarks, scheme: Scheme, rejects: Diagnostics?
    ) -> [(name: String, bytes: [UInt8])] {
        let ext = format.fileExtension
        let dimension = scheme.dimension
        let (language, format) = (language, format)
        // Each file (and each half of indicator_scores.csv, the largest) is built on its own worker.
        var jobs: [(String, @Sendable () -> [UInt8])] = [
            ("project_scores.\(ext)", { ProjectScoresTable.bytes(batch, scores, ranks, deviations, language: language, format: format) }),
        ]
        if case .csv = format, batch.projects.count > 1 {
            let middle = batch.projects.count / 2
            jobs.append(("indicator_scores.\(ext)", {
                IndicatorScoresTable.bytes(batch, scores, projects: 0..<middle, header: true, language: language, format: format)
            }))
            jobs.append(("indicator_scores.\(ext)", {
                IndicatorScoresTable.bytes(batch, scores, projects: middle..<batch.projects.count, header: false, language: language, format: format)
            }))
        } else {
            jobs.append(("indicator_scores.\(ext)", {
                IndicatorScoresTable.bytes(batch, scores, projects: 0..<batch.projects.count, header: true, language: language, format: format)
            }))
        }
        let summaries: [(String, @Sendable () -> [UInt8])] = [
            ("departments.\(ext)", {
                DepartmentsTable.bytes(batch, departments, GroupDeviations(departments, batch: batch, scores: scores, deviations: deviations),
                                       dimension: dimension, language: language, format: format)
            }),
            ("sectors.\(ext)", {
                DepartmentsTable.bytes(batch, sectors, GroupDeviations(sectors, batch: batch, scores: scores, deviations: deviations),
                                       dimension: dimension, language: language, format: format)
            }),
            ("department_categories.\(ext)", {
                DepartmentCategoriesTable.bytes(batch, departments, dimension: dimension, language: language, format: format)
            }),
            ("flags.\(ext)", { FlagsTable.bytes(batch, scores, deviations, scheme: scheme, language: language, format: format) }),
        ]
        jobs += summaries
        if let rejects {
            jobs.append(("rejects.\(ext)", { RejectsTable.bytes(rejects, language: language, format: format) }))
        }
        var parts = [[UInt8]](repeating: [], count: jobs.count)
        parts.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            let work = jobs.map(\.1)
            DispatchQueue.concurrentPerform(iterations: work.count) { out[$0] = work[$0]() }
        }
        // Join the parts of a file in order.
        var files: [(name: String, bytes: [UInt8])] = []
        for (k, job) in jobs.enumerated() {
            if let last = files.last, last.name == job.0 {
                files[files.count - 1].bytes += parts[k]
            } else {
                files.append((job.0, parts[k]))
            }
        }
        return files
    }
}
