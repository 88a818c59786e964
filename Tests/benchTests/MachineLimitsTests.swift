import Testing
@testable import bench

/// The busy-core check: two dgemm workers should run near twice one worker's rate.
@Suite struct MachineLimitsTests {
    static func limits(oneWorker: Double, twoWorkers: Double?) -> MachineLimits {
        // 1e9 flops in 1/rate seconds give `rate` GFLOP/s.
        var m = [LimitMeasurement(kind: .dgemm, threads: 1, work: 1e9, seconds: Timings([1 / oneWorker]))]
        if let twoWorkers {
            m.append(LimitMeasurement(kind: .dgemm, threads: 2, work: 1e9, seconds: Timings([1 / twoWorkers])))
        }
        return MachineLimits(measurements: m)
    }

    @Test func scalingWorkersPassQuietly() {
        #expect(Self.limits(oneWorker: 50, twoWorkers: 98).busyCoreWarning == nil)
        #expect(Self.limits(oneWorker: 50, twoWorkers: 76).busyCoreWarning == nil)
    }

    @Test func aSecondWorkerThatAddsLittleIsFlagged() throws {
        let warning = try #require(Self.limits(oneWorker: 50, twoWorkers: 55).busyCoreWarning)
        #expect(warning.contains("1.1×"))
    }

    @Test func oneThreadRunsHaveNothingToCompare() {
        #expect(Self.limits(oneWorker: 50, twoWorkers: nil).busyCoreWarning == nil)
    }
}
