import Foundation
import Testing
@testable import bench

/// The regression gate end to end, through the built `bench` binary: one real (small) run, then
/// its own figures pass and a baseline twice as good fails, naming the stage. The verdict is
/// judged on the saved run (`--results`), so no timing decides the test.
@Suite struct CompareCommandTests {
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("bench")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: ".build/debug/bench")
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["OPENBLAS_NUM_THREADS": "1"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func ownFiguresPassAndABaselineTwiceAsGoodFailsNamingTheStage() throws {
        let dir = NSTemporaryDirectory() + "bench-compare-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let measured = try Self.run(["--sizes", "1000", "--stages", "score", "--repeats", "1", "--warmup", "0", "--json", dir + "/run.json"])
        #expect(measured.status == 0)
        let run = try BenchReport.load(from: dir + "/run.json")
        #expect(run.results.map(\.stage) == ["score"])

        // The run against itself passes.
        let same = try Self.run(["--compare", dir + "/run.json", "--results", dir + "/run.json"])
        #expect(same.status == 0, "\(same.stdout)")

        // A baseline whose ratios are twice the measured ones: the stage fell to half → exit 1, named.
        var doubled = run
        doubled.results = run.results.map { r in
            var r = r
            r.ratio *= 2
            r.ratioBest *= 2
            return r
        }
        try doubled.write(to: dir + "/doubled.json")
        let worse = try Self.run(["--compare", dir + "/doubled.json", "--results", dir + "/run.json", "--tolerance", "0.25"])
        #expect(worse.status == 1)
        #expect(worse.stdout.contains("score"))
    }
}
