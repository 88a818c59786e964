import Foundation
import ScoreKernel
import Testing

/// The getting-started article's code (ScoreKernel.docc/GettingStarted.md), through the public
/// API only (no @testable import in this file), on a generated batch.
@Test func theGettingStartedExampleRuns() throws {
    let dir = NSTemporaryDirectory() + "getting-started-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try BatchGenerator(projects: 50, seed: 3).write(projectsPath: dir + "/projects.csv", indicatorsPath: dir + "/indicators.csv")

    let evaluation = try Evaluation(projectsPath: dir + "/projects.csv", indicatorsPath: dir + "/indicators.csv")
    let batch = evaluation.batch, scores = evaluation.scores
    var lines: [String] = []
    for p in 0..<batch.projectCount {
        lines.append("\(batch.projectID(p)) \(batch.department(of: p)) \(scores.total(of: p)) \(scores.grade(of: p).label)")
    }
    try evaluation.write(to: dir + "/results", language: .zh, format: .csv(excel: true))

    #expect(lines.count == 50)
    // The grade is the band of the total (national: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below).
    for p in 0..<batch.projectCount {
        let t = scores.total(of: p)
        #expect(scores.grade(of: p).label == (t >= 90 ? "优" : t >= 80 ? "良" : t >= 60 ? "中" : "差"))
    }
    let file = try Data(contentsOf: URL(fileURLWithPath: dir + "/results/project_scores.csv"))
    #expect(file.starts(with: [0xEF, 0xBB, 0xBF] + Array("年度,项目编码,部门".utf8)))  // BOM for Excel, Chinese headers

    // The README's form: a preset through the options; 优 from 80 in local-80-70-60.
    let local = try Evaluation(projectsPath: dir + "/projects.csv", indicatorsPath: dir + "/indicators.csv",
                               options: .init(scheme: Scheme.named("local-80-70-60")!))
    for p in 0..<local.batch.projectCount where local.scores.total(of: p) >= 80 {
        #expect(local.scores.grade(of: p).label == "优")
    }
    try local.write(to: dir + "/results")  // replaces the earlier results whole

    // Swapped files are rejected, each problem naming its file (typed throws: `error` is an
    // InputRejected).
    do {
        _ = try Evaluation(projectsPath: dir + "/indicators.csv", indicatorsPath: dir + "/projects.csv")
        Issue.record("swapped files were accepted")
    } catch {
        #expect(error.diagnostics.errors.first?.description.contains("indicators.csv") == true)
    }
}
