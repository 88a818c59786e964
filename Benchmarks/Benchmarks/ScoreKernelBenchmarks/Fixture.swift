import Foundation
import ScoreKernel

/// A generated batch, read back through the ingest path and scored once: the input every kernel
/// benchmark measures against. Built outside the measured region (in a benchmark's `setup`).
struct Fixture: Sendable {
    let scheme: Scheme
    let batch: ProjectBatch
    let scores: ScoreTable
    let matrix: CategoryMatrix

    /// Generates `projects` projects at `seed` (SPEC §11 shapes), writes both files to a
    /// temporary directory, reads them with ``BatchReader`` and scores them.
    init(projects: Int, seed: UInt64 = 42) {
        scheme = Scheme()
        let files = InputFiles(projects: projects, seed: seed)
        defer { files.remove() }
        do {
            batch = try BatchReader(scheme: scheme, threads: 2)
                .read(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath).batch
        } catch {
            fatalError("generated batch of \(projects) projects was rejected: \(error)")
        }
        scores = Scorer(scheme: scheme, threads: 2).score(batch)
        matrix = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
    }

    /// `count` weight scenarios over `matrix`'s K categories: deterministic weights in 1…100,
    /// normalised to sum to 100, graded by the scheme's bands at precision 2.
    func scenarios(count: Int, seed: UInt64 = 7) -> ScenarioSet {
        var random = SplitMix64(seed: seed)
        let k = matrix.categoryCount
        let vectors = (0..<count).map { _ in
            let raw = (0..<k).map { _ in Double(random.next() % 100 + 1) }
            let sum = raw.reduce(0, +)
            return raw.map { $0 * 100 / sum }
        }
        let grades = GradeScale(bands: scheme.grades, precision: 2)
        return ScenarioSet(names: (0..<count).map { "w\($0)" }, vectors: vectors,
                           grades: Array(repeating: grades, count: count))
    }
}

/// projects.csv and indicators.csv of a generated batch in a fresh temporary directory.
struct InputFiles: Sendable {
    let directory: String
    var projectsPath: String { directory + "/projects.csv" }
    var indicatorsPath: String { directory + "/indicators.csv" }

    init(projects: Int, seed: UInt64) {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("scorekernel-benchmarks-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let bytes = BatchGenerator(projects: projects, seed: seed).generate()
            try Data(bytes.projects).write(to: URL(fileURLWithPath: projectsPath))
            try Data(bytes.indicators).write(to: URL(fileURLWithPath: indicatorsPath))
        } catch {
            fatalError("cannot write benchmark input to \(directory): \(error)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
