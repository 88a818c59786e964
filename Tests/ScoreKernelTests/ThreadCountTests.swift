import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// Results identical whatever the thread count: every result file of a 10,000-project batch
/// (large enough that ingest reads its indicators in chunks and the deviation pass splits in
/// halves) byte for byte, one worker against two.
@Test func resultFilesAreTheSameForOneAndTwoWorkers() throws {
    let dir = NSTemporaryDirectory() + "threads-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try BatchGenerator(projects: 10_000, seed: 9).write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
    var outputs: [[String: Data]] = []
    for threads in [1, 2] {
        let evaluation = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv",
                                        options: .init(threads: threads))
        let out = dir + "/out\(threads)"
        let names = try evaluation.write(to: out)
        outputs.append(Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))) }))
    }
    #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
    for name in outputs[0].keys.sorted() { #expect(outputs[0][name] == outputs[1][name], "\(name)") }
    #expect(outputs[0]["project_scores.csv"]!.count > 1_000_000)
}

/// The streamed `score` too: each project's rows are added by one of the workers, so every file
/// must be the held run's bytes with one worker and with two (10,000 projects: a window of
/// about 130,000 rows, enough for two workers to share).
@Test func streamedScoreIsTheSameForOneAndTwoWorkers() throws {
    let dir = NSTemporaryDirectory() + "threads-streamed-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try BatchGenerator(projects: 10_000, seed: 11).write(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv")
    func files(_ out: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }
        return Dictionary(uniqueKeysWithValues: try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))) })
    }
    let held = dir + "/held"
    _ = try Evaluation(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: 1)).write(to: held)
    for threads in [1, 2] {
        let out = dir + "/streamed\(threads)"
        _ = try Evaluation.score(projectsPath: dir + "/p.csv", indicatorsPath: dir + "/i.csv", options: .init(threads: threads), writingTo: out)
        let (a, b) = (try files(held), try files(out))
        #expect(a.keys.sorted() == b.keys.sorted() && a.count >= 6)
        for name in a.keys.sorted() { #expect(a[name] == b[name], "\(name), \(threads) threads") }
    }
}
