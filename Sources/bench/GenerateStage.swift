import ScoreKernel

/// `BatchGenerator.write`: both CSV files of the size written to disk, as `evalcli generate`
/// does, on `threads` workers.
///
/// Throughput is CSV bytes written per second. The generator builds rows in memory and copies
/// them into files (page cache), a read-and-write streaming pattern, so it is held to the triad
/// bandwidth; in practice it is bound by formatting numbers and text, and the ratio shows how
/// far from the memory system that leaves it.
struct GenerateStage: Stage {
    let name = "generate"
    let limit = LimitKind.triad
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        // The same size and seed give the same bytes, so the fixture's files tell the size.
        let bytes = try fixture.files().bytes
        let generator = BatchGenerator(projects: fixture.projects, seed: fixture.seed, threads: threads)
        let projectsPath = fixture.path("generate-projects.csv")
        let indicatorsPath = fixture.path("generate-indicators.csv")
        return Workload(work: Work(projects: fixture.projects, bytes: bytes)) {
            try generator.write(projectsPath: projectsPath, indicatorsPath: indicatorsPath)
        }
    }
}
