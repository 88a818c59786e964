import Foundation
import Testing
@testable import bench

/// The JSON a CI job stores as its baseline: it reads back equal, and two reports compare on the
/// ratio at the median time, stage by stage and size by size.
@Suite struct BenchReportTests {
    static let limits = MachineLimits(measurements: [
        LimitMeasurement(kind: .read, threads: 1, work: 8e9, seconds: Timings([0.5, 0.4])),
        LimitMeasurement(kind: .read, threads: 2, work: 8e9, seconds: Timings([0.25])),
        LimitMeasurement(kind: .triad, threads: 2, work: 24e9, seconds: Timings([1.0])),
        LimitMeasurement(kind: .dgemm, threads: 1, work: 2e9, seconds: Timings([0.02])),
    ])

    static func report(ingestSeconds: Double, generateSeconds: Double, sizes: [Int] = [10_000]) -> BenchReport {
        var results: [StageResult] = []
        for n in sizes {
            for (name, kind, s) in [("generate", LimitKind.triad, generateSeconds), ("ingest", .read, ingestSeconds)] {
                let work = Work(projects: n, bytes: n * 1_000)
                results.append(StageResult(stage: name, threads: 2, warmup: 1, work: work,
                                           seconds: Timings([s, s * 1.1, s * 0.9]), kind: kind,
                                           limit: limits.applicable(kind, threads: 2)!))
            }
        }
        let machine = MachineDescription(
            cpuModel: "Test CPU", cores: 2, caches: ["L3 32768K"], largestCacheBytes: 32 << 20, memoryBytes: 1 << 34,
            os: "Test OS", openblasConfig: "OpenBLAS test", openblasCore: "Haswell", openblasThreads: 1,
            environment: ["OPENBLAS_NUM_THREADS": "1"])
        return BenchReport(date: "2026-01-01T00:00:00Z", arguments: ["bench"], seed: 42, warmup: 1, repeats: 3,
                           machine: machine, limits: limits, results: results)
    }

    @Test func figuresDeriveFromTimingsWorkAndLimit() {
        let r = Self.report(ingestSeconds: 0.01, generateSeconds: 0.02).results[1]
        #expect(r.stage == "ingest")
        #expect(r.limit.threads == 2 && r.limit.value == 32)  // 8e9 B / 0.25 s
        #expect(abs(r.throughput - 1_000) < 1e-9)  // 10 MB / 0.01 s = 1,000 MB/s
        #expect(abs(r.ratio - 1e9 / 32e9) < 1e-12)
        #expect(abs(r.ratioBest - 1e9 / 0.9 / 32e9) < 1e-12)
        #expect(abs(r.projectsPerSecond - 1e6) < 1e-6)
    }

    @Test func theBestLimitWithAtMostTheStagesThreadsApplies() {
        #expect(Self.limits.applicable(.read, threads: 1)?.best == 20)  // the 0.4 s run
        #expect(Self.limits.applicable(.read, threads: 2)?.threads == 2)
        #expect(Self.limits.applicable(.dgemm, threads: 2)?.threads == 1)
        #expect(Self.limits.applicable(.triad, threads: 1) == nil)
    }

    @Test func jsonReadsBackEqual() throws {
        let report = Self.report(ingestSeconds: 0.01, generateSeconds: 0.02, sizes: [10_000, 100_000])
        let path = FileManager.default.temporaryDirectory.path + "/bench-report-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try report.write(to: path)
        #expect(try BenchReport.load(from: path) == report)
    }

    @Test func aMissingOrForeignBaselineIsAnError() throws {
        let path = FileManager.default.temporaryDirectory.path + "/bench-foreign-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: BenchError.self) { try BenchReport.load(from: path) }
        try Data(#"{"results": []}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BenchError.self) { try BenchReport.load(from: path) }
    }

    @Test func slowerIngestIsNamedAgainstAStoredBaseline() throws {
        let baseline = Self.report(ingestSeconds: 0.01, generateSeconds: 0.02)
        let now = Self.report(ingestSeconds: 0.02, generateSeconds: 0.021)
        let c = BaselineComparison(current: now, baseline: baseline, tolerance: 0.25)
        #expect(c.regressions.map(\.key) == [StageKey(stage: "ingest", projects: 10_000)])
        #expect(c.render().contains("FAIL: fell behind the baseline by more than 25 %: ingest @ 10,000"))
    }
}
