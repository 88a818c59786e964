@_spi(Stages) import ScoreKernel

/// `Evaluation.validate` of the fixture's projects.csv and indicators.csv: load, decode, parse and
/// validate every row, streamed a window at a time as `evalcli score` reads, on `threads` workers.
///
/// Throughput is CSV bytes read per second (both files); the stage scans its input once, so it
/// is held to the read-only bandwidth. The files were just written and sit in the page cache, so
/// this measures the reader, not the disk.
struct IngestStage: Stage {
    let name = "ingest"
    let limit = LimitKind.read
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let files = try fixture.files()
        _ = try fixture.batch()  // fails early, untimed, if the files do not read back whole
        let options = Evaluation.Options(threads: threads)
        return Workload(work: Work(projects: fixture.projects, bytes: try files.bytes)) {
            let summary = try Evaluation.validate(projectsPath: files.projectsPath, indicatorsPath: files.indicatorsPath, options: options)
            blackHole(summary.indicators)
        }
    }
}
