import Testing
@_spi(Stages) @testable import ScoreKernel

/// One project from indicator rows written `level1,direction,target,actual,points[,score]`,
/// read through the real ingest and scored. The scheme's points_total is set to the rows' points
/// plus the execution points, so a test can score a single indicator.
func scoreProject(
    _ rows: [String], budget: String = "100", executed: String = "100", selfScore: String = "", scheme base: Scheme = Scheme()
) throws -> (batch: ProjectBatch, scores: ScoreTable) {
    var scheme = base
    var lines = "project_id,level1,indicator,direction,target,actual,points,score\n"
    var points = 0.0
    for (k, row) in rows.enumerated() {
        var f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if f.count == 5 { f.append("") }
        points += Double(f[4])!
        lines += "P1,\(f[0]),I\(k),\(f[1]),\(f[2]),\(f[3]),\(f[4]),\(f[5])\n"
    }
    scheme.pointsTotal = points + scheme.executionPoints
    let projects = "project_id,department,budget,executed,self_score\nP1,D,\(budget),\(executed),\(selfScore)\n"
    let (result, d) = ingest(projects: projects, indicators: lines, scheme: scheme)
    let batch = try #require(result?.batch, "\(d.errors)")
    return (batch, Scorer(scheme: scheme, threads: 1).score(batch))
}

/// The score of indicator row 0 of a one-indicator project, as a decimal (8.63).
func indicatorScore(_ row: String, scheme: Scheme = Scheme()) throws -> Double {
    let (_, s) = try scoreProject([row], scheme: scheme)
    return s.value(s.indicatorScore[0])
}

/// The achievement of a one-indicator project.
func achievement(_ row: String, scheme: Scheme = Scheme()) throws -> Double {
    try scoreProject([row], scheme: scheme).scores.achievement[0]
}
