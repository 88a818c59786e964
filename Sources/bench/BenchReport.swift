import Foundation

/// Everything one run measured, written by `--json` and read back by `--compare`.
///
/// The file is the contract between a CI job and its stored baseline: fields are only ever
/// added, and `format` changes if one is renamed or changes meaning.
struct BenchReport: Codable, Equatable {
    /// Version of this layout.
    var format = 1
    /// When the run started, ISO 8601 UTC.
    var date: String
    /// The command line, to reproduce the run.
    var arguments: [String]
    /// Generator seed of the reference data.
    var seed: UInt64
    var warmup: Int
    var repeats: Int
    var machine: MachineDescription
    var limits: MachineLimits
    /// One entry per stage and size, in the order run.
    var results: [StageResult]
    /// Signs that the machine was disturbed during the run (absent when none).
    var warnings: [String]?

    /// Writes the report as sorted, indented JSON, replacing `path` atomically.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a report written by ``write(to:)``.
    static func load(from path: String) throws -> BenchReport {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BenchError("cannot read \(path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(BenchReport.self, from: data) } catch {
            throw BenchError("\(path) is not a bench report: \(error)")
        }
    }
}
