/// The result files of a scoring run (SPEC §10), as bytes by file name, written by the caller
/// all at once: project_scores, indicator_scores, flags, and rejects in lenient mode.
public struct ScoreReport: Sendable {
    public var language: OutputLanguage
    public var format: ResultFormat

    public init(language: OutputLanguage = .en, format: ResultFormat = .csv(excel: false)) {
        self.language = language
        self.format = format
    }

    /// File name → contents.
    public func files(
        batch: ProjectBatch, scores: ScoreTable, ranks: ProjectRanks, deviations: ProjectDeviations, scheme: Scheme,
        rejects: Diagnostics?
    ) -> [(name: String, bytes: [UInt8])] {
        let ext = format.fileExtension
        var out: [(String, [UInt8])] = [
            ("project_scores.\(ext)", ProjectScoresTable.bytes(batch, scores, ranks, deviations, language: language, format: format)),
            ("indicator_scores.\(ext)", IndicatorScoresTable.bytes(batch, scores, language: language, format: format)),
            ("flags.\(ext)", FlagsTable.bytes(batch, scores, deviations, scheme: scheme, language: language, format: format)),
        ]
        if let rejects { out.append(("rejects.\(ext)", RejectsTable.bytes(rejects, language: language, format: format))) }
        return out
    }
}
