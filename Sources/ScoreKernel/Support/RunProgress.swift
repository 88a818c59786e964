/// Where a run is, for a progress display (a run over a million projects takes seconds):
/// ``Evaluation/Options/progress`` is told as each stage starts, as ingest finishes each part of
/// the input, and as each part of the result files is written.
public struct RunProgress: Sendable, Equatable {
    /// The stages of a run, in order.
    public enum Stage: String, Sendable {
        /// Reading and checking projects.csv and indicators.csv (and bases.csv).
        case reading
        /// Scoring every indicator and project.
        case scoring
        /// Ranks, deviations and department benchmarks.
        case analysing
        /// Result-application rules.
        case applying
        /// Writing the result files.
        case writing
        /// Compressing the workbook of `--format xlsx` (bytes: its sheets' XML).
        case compressing
    }

    /// The stage the run is in.
    public let stage: Stage
    /// How much of the stage is done, 0 … 1 (for reading: bytes; for writing: file parts).
    public let fraction: Double
    /// Bytes read (reading) or written (writing) so far in the stage; 0 for the others.
    public let bytes: Int
    /// Rows read so far (reading: projects and indicators); 0 for the other stages.
    public let rows: Int

    /// `fraction` of `stage` done, `bytes` and `rows` through it.
    public init(stage: Stage, fraction: Double, bytes: Int = 0, rows: Int = 0) {
        self.stage = stage
        self.fraction = min(max(fraction, 0), 1)
        self.bytes = bytes
        self.rows = rows
    }
}
