import Foundation
@_spi(Stages) import ScoreKernel

/// `evalcli report` on the fixture's results (issue 11): `ResultReport` reads project_scores,
/// departments, department_categories and flags as `score` wrote them — one pass over each,
/// aggregated while read, the large ones in parts on `threads` workers — and renders the page.
/// Writing the results is not timed.
///
/// Throughput is the CSV bytes read per second, held to the read-only bandwidth.
struct ReportStage: Stage {
    let name = "report"
    let limit = LimitKind.read
    var threads: Int

    func prepare(_ fixture: Fixture) throws -> Workload {
        let folder = fixture.path("results")
        let tables: Set<ResultTable> = [.projectScores, .departments, .departmentCategories, .flags]
        try fixture.evaluation().write(to: folder, tables: tables)
        let bytes = try tables.reduce(0) { sum, table in
            sum + ((try FileManager.default.attributesOfItem(atPath: "\(folder)/\(table.rawValue).csv")[.size] as? Int) ?? 0)
        }
        return Workload(work: Work(projects: fixture.projects, bytes: bytes)) {
            blackHole(try ResultReport(resultFolders: [folder], threads: threads).html().utf8.count)
        }
    }
}
