import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// `Options.progress` (issue 13): told every stage in order, reading and writing up to 1 with
/// the bytes of the files, and the results are the same with or without it.
@Test func progressReportsEveryStageInOrder() throws {
    let dir = NSTemporaryDirectory() + "progress-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let generator = BatchGenerator(projects: 5_000, seed: 4)
    try generator.write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
    try generator.writeBases(path: dir + "/b.csv")
    final class Events: @unchecked Sendable {
        let lock = NSLock()
        var all: [RunProgress] = []
        func add(_ p: RunProgress) { lock.withLock { all.append(p) } }
    }
    let events = Events()
    let application = ApplicationRequest(rules: ApplicationRule.preset("execution-pool")!, basesPath: dir + "/b.csv")
    let e = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv",
                           options: .init(threads: 2, application: application, progress: { events.add($0) }))
    let names = try e.write(to: dir + "/with")
    let quiet = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: 2, application: application))
    try quiet.write(to: dir + "/without")
    for name in names {
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/with/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/without/\(name)")))
    }
    let all = events.all
    var stages: [RunProgress.Stage] = []
    for p in all where stages.last != p.stage { stages.append(p.stage) }
    #expect(stages == [.reading, .scoring, .analysing, .applying, .writing])
    let size = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int }
    let reading = all.filter { $0.stage == .reading }
    let inputBytes = try size(dir + "/p.csv") + size(dir + "/i.csv")
    #expect(reading.last?.fraction == 1 && reading.map(\.bytes).max() == inputBytes)
    // Rows: the 5,000 projects and every indicator row.
    #expect(reading.map(\.rows).max() == 5_000 + e.batch.indicatorCount)
    let writing = all.filter { $0.stage == .writing }
    #expect(writing.map(\.fraction) == writing.map(\.fraction).sorted() && writing.last?.fraction == 1)
    let outputBytes = try names.reduce(0) { $0 + (try size("\(dir)/with/\($1)")) }
    #expect(writing.last?.bytes == outputBytes)
}

/// The run summary's flag counts (counted by bit) equal a count of every row's flags by name.
@Test func summaryFlagCountsEqualACountByName() throws {
    let dir = NSTemporaryDirectory() + "summary-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try BatchGenerator(projects: 3_000, seed: 9).write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
    let e = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(lenient: true))
    var expected: [FlagCode: Int] = [:]
    for q in 0..<e.batch.projectCount {
        for info in e.scores.projectFlags[q].union(e.deviations.flags[q]).infos { expected[info.code, default: 0] += 1 }
    }
    for f in e.scores.indicatorFlags {
        for info in f.infos { expected[info.code, default: 0] += 1 }
    }
    let summary = e.summary.flags
    #expect(summary.count == expected.count && summary.count > 3)
    for (code, count) in summary { #expect(expected[code] == count, "\(code)") }
    // Most frequent first.
    #expect(summary.map(\.count) == summary.map(\.count).sorted(by: >))
}
