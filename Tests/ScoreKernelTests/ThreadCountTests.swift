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
