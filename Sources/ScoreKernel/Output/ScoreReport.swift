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
        var out: [(String, [UInt8])] = [
            ("project_scores.\(ext)", ProjectScoresTable.bytes(batch, scores, ranks, deviations, language: language, format: format)),
            ("indicator_scores.\(ext)", IndicatorScoresTable.bytes(batch, scores, language: language, format: format)),
            ("departments.\(ext)", DepartmentsTable.bytes(batch, departments, GroupDeviations(departments, batch: batch, scores: scores, deviations: deviations), dimension: dimension, language: language, format: format)),
            ("sectors.\(ext)", DepartmentsTable.bytes(batch, sectors, GroupDeviations(sectors, batch: batch, scores: scores, deviations: deviations), dimension: dimension, language: language, format: format)),
            ("department_categories.\(ext)",
             DepartmentCategoriesTable.bytes(batch, departments, dimension: dimension, language: language, format: format)),
            ("flags.\(ext)", FlagsTable.bytes(batch, scores, deviations, scheme: scheme, language: language, format: format)),
        ]
        if let rejects { out.append(("rejects.\(ext)", RejectsTable.bytes(rejects, language: language, format: format))) }
        return out
    }
}
