import Foundation
@_spi(Stages) import ScoreKernel

/// The inputs every stage at one size shares, made once, on demand, outside any timing.
///
/// Reference data is the project's own generator at a fixed seed (SPEC §11), written as files
/// into a folder of its own under the run's temporary directory — ingest must read real files,
/// the way `evalcli` does. Later stages ask for the ingested ``ProjectBatch`` (and, as they are
/// added, for scores and other earlier results) and get the cached value.
final class Fixture {
    let projects: Int
    let seed: UInt64
    /// Workers for making the fixture (not the workers of the stage being timed).
    let threads: Int
    /// This size's folder; removed by ``remove()``.
    let directory: String

    private var cachedFiles: GeneratedFiles?
    private var cachedBatch: ProjectBatch?
    private var cachedScores: ScoreTable?
    private var cachedMatrices: [CategoryDimension: CategoryMatrix] = [:]
    private var cachedEvaluation: Evaluation?

    /// Creates the size's folder `projects-<n>` under `parent`.
    init(projects: Int, seed: UInt64, threads: Int, under parent: String) throws {
        self.projects = projects
        self.seed = seed
        self.threads = threads
        directory = parent + "/projects-\(projects)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A path in this size's folder.
    func path(_ name: String) -> String { directory + "/" + name }

    /// projects.csv and indicators.csv of this size and seed, generated on first use.
    func files() throws -> GeneratedFiles {
        if let cachedFiles { return cachedFiles }
        Progress.note("fixture @ \(Format.grouped(projects)): generating CSV files (seed \(seed))")
        let files = GeneratedFiles(projectsPath: path("projects.csv"), indicatorsPath: path("indicators.csv"))
        try BatchGenerator(projects: projects, seed: seed, threads: threads)
            .write(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath)
        cachedFiles = files
        return files
    }

    /// The files read into a batch, checked to hold every project, on first use.
    func batch() throws -> ProjectBatch {
        if let cachedBatch { return cachedBatch }
        let files = try files()
        Progress.note("fixture @ \(Format.grouped(projects)): reading the batch")
        let batch = try Evaluation.read(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath,
                                        options: Evaluation.Options(threads: threads)).batch
        guard batch.projectCount == projects else {
            throw BenchError("the generated \(projects)-project files read back as \(batch.projectCount) projects")
        }
        cachedBatch = batch
        return batch
    }

    /// The batch scored by the default scheme, on first use.
    func scores() throws -> ScoreTable {
        if let cachedScores { return cachedScores }
        let s = Evaluation.score(try batch(), options: Evaluation.Options(threads: threads))
        cachedScores = s
        return s
    }

    /// The category matrix of the scored batch for `dimension`, on first use.
    func matrix(_ dimension: CategoryDimension) throws -> CategoryMatrix {
        if let m = cachedMatrices[dimension] { return m }
        var scheme = Scheme()
        scheme.dimension = dimension
        let m = CategoryMatrix(batch: try batch(), scores: try scores(), scheme: scheme)
        cachedMatrices[dimension] = m
        return m
    }

    /// The files evaluated whole by the public entry point, on first use.
    func evaluation() throws -> Evaluation {
        if let cachedEvaluation { return cachedEvaluation }
        let files = try files()
        Progress.note("fixture @ \(Format.grouped(projects)): evaluating")
        let e = try Evaluation(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath, options: Evaluation.Options(threads: threads))
        cachedEvaluation = e
        return e
    }

    /// Deletes the size's folder and forgets the cached values.
    func remove() {
        cachedFiles = nil
        cachedBatch = nil
        cachedScores = nil
        cachedMatrices = [:]
        cachedEvaluation = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The two CSV files of a fixture.
struct GeneratedFiles {
    var projectsPath: String
    var indicatorsPath: String

    /// Bytes in both files together: the amount ingest reads and generate writes.
    var bytes: Int {
        get throws {
            try [projectsPath, indicatorsPath].reduce(0) { total, path in
                let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
                return total + size
            }
        }
    }
}
