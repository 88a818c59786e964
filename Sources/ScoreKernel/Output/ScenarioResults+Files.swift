import Foundation

extension ScenarioResults {
    /// The file a shard writes into its part folder.
    static let partFile = "scenario-part.json"
    private static let partStem = "scenario-part"

    /// Writes the result files (SPEC §9, §10) into `folder` and returns their names: the folder
    /// appears whole or not at all, as for ``Evaluation/write(to:language:format:tables:)``.
    ///
    /// - Precondition: a whole run (``shards`` is 1), or the merge of its shards.
    @discardableResult
    public func write(to folder: String, language: OutputLanguage = .en, format: ResultFormat = .csv(excel: false),
                      threads: Int = 2) throws(OutputError) -> [String] {
        precondition(shards == 1, "a shard is written with writePart(to:) and merged first")
        let names = ScenarioTables.names(self)
        let bytes = Parallel.map(names.count, workers: threads) { ScenarioTables.bytes(names[$0], self, language: language, format: format) }
        return try Self.commit(folder, stems: names, bytes: bytes, format: format, language: language, threads: threads)
    }

    /// Writes this shard into `folder` (`scenario-part.json`) for ``init(merging:)``.
    public func writePart(to folder: String) throws(OutputError) {
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(self)
        } catch {
            throw OutputError(path: folder, message: "cannot encode the part: \(error)")
        }
        _ = try Self.commit(folder, stems: [Self.partStem], bytes: [[UInt8](data)], format: .json, language: .en, threads: 1)
    }

    /// The whole run from the part folders its shards wrote (each shard once, any order).
    public init(merging folders: [String]) throws(ScenarioMergeError) {
        var parts: [ScenarioResults] = []
        for folder in folders {
            let path = folder + "/" + Self.partFile
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(folder, "no \(Self.partFile) here; is it the --out of an `evalcli scenarios --shard` run?")
            }
            let part: ScenarioResults
            do {
                part = try JSONDecoder().decode(ScenarioResults.self, from: data)
            } catch {
                throw .unreadable(path, "not a part written by this version of evalcli (\(error))")
            }
            if let problem = part.inconsistency { throw .unreadable(path, "not a part as evalcli writes it: \(problem)") }
            parts.append(part)
        }
        self = try Self.merging(parts)
    }

    private static func commit(_ folder: String, stems: [String], bytes: [[UInt8]], format: ResultFormat,
                               language: OutputLanguage, threads: Int) throws(OutputError) -> [String] {
        let destination = TableOutputs(folder: try ResultFolder(destination: folder), format: format, language: language)
        for (stem, b) in zip(stems, bytes) {
            let output = try destination.open(stem)
            try output.write(b)
            try output.close()
        }
        return try destination.commit(stems.map { "\($0).\(format.fileExtension)" }, threads: threads, progress: nil)
    }
}
