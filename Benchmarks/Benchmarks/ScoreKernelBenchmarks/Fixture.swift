import Foundation
@_spi(Stages) import ScoreKernel

/// A generated batch, read back through the ingest path and taken through scoring and the
/// deviation pass once: the input every kernel benchmark measures against. Built outside the
/// measured region (in a benchmark's `setup`), with two workers; the measured calls use one.
struct Fixture: Sendable {
    let scheme: Scheme
    let batch: ProjectBatch
    let scores: ScoreTable
    let deviations: ProjectDeviations
    let matrix: CategoryMatrix

    /// Generates `projects` projects at `seed` (SPEC §11 shapes), writes both files to a
    /// temporary directory, and reads, scores and analyses them with ``Evaluation``'s stages.
    init(projects: Int, seed: UInt64 = 42) {
        scheme = Scheme()
        let files = InputFiles(projects: projects, seed: seed)
        defer { files.remove() }
        let options = Evaluation.Options(scheme: scheme, threads: 2)
        do {
            batch = try Evaluation.read(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath,
                                        options: options).batch
        } catch {
            fatalError("generated batch of \(projects) projects was rejected: \(error)")
        }
        precondition(batch.projectCount == projects, "the generated files read back as \(batch.projectCount) projects")
        scores = Evaluation.score(batch, options: options)
        deviations = Evaluation.deviations(batch, scores: scores, options: options).1
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
            try BatchGenerator(projects: projects, seed: seed, threads: 2)
                .write(projectsPath: projectsPath, indicatorsPath: indicatorsPath)
        } catch {
            fatalError("cannot write benchmark input to \(directory): \(error)")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
