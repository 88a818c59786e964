import Dispatch

/// Scenario scores S = C·W for every project and scenario (SPEC §4.5), in tiles of projects ×
/// scenarios so that a million projects × ten thousand scenarios never hold N×M in memory.
///
/// Each tile is one `cblas_dgemm` (and a second, P·W, when some project of the tile lacks a
/// category and the policy renormalises), then one rounding at the total,
/// floor(S·10^p + 0.5 + 10⁻⁶), and grading. Workers take whole project blocks and call
/// single-threaded BLAS (ENGINEERING.md: parallelise at one level only).
@_spi(Stages)
public struct ScenarioEngine: Sendable {
    public let matrix: CategoryMatrix
    public let policy: MissingCategory
    public let precision: Int
    /// How totals are rounded at ``precision``.
    let rounding: RoundingRule
    public var threads: Int
    /// Projects per tile.
    public var blockRows = 2048
    /// Scenarios per tile.
    public var blockScenarios = 512

    public init(matrix: CategoryMatrix, scheme: Scheme, threads: Int = 2) {
        self.matrix = matrix
        self.policy = scheme.missingCategory
        self.precision = scheme.precision
        rounding = scheme.rounding
        self.threads = max(1, threads)
    }

    /// Runs every scenario of `scenarios` over every project, feeding tiles to consumers made by
    /// `make`, and returns their merge.
    public func run<C: ScenarioConsumer>(_ scenarios: ScenarioSet, consumer make: () -> C) -> C {
        precondition(scenarios.categoryCount == matrix.categoryCount, "scenario weights must cover the matrix's categories")
        let n = matrix.projectCount
        let blocks = (n + blockRows - 1) / blockRows
        let workers = min(threads, max(1, blocks))
        if workers > 1 { BLAS.setThreads(1) }
        let consumers = Parallel.map(workers, workers: workers) { w in
            var consumer = make()
            var tile = Tile(rows: blockRows, scenarios: min(blockScenarios, scenarios.count))
            for b in stride(from: w, to: blocks, by: workers) {
                let rows = (b * blockRows)..<min(n, (b + 1) * blockRows)
                for first in stride(from: 0, to: scenarios.count, by: blockScenarios) {
                    let cols = first..<min(scenarios.count, first + blockScenarios)
                    compute(rows, cols, scenarios, &tile)
                    tile.hand(rows, cols, to: &consumer)
                }
            }
            return consumer
        }
        var result = consumers[0]
        for c in consumers.dropFirst() { result.merge(c) }
        return result
    }

    /// Scores and grades of one tile.
    private func compute(_ rows: Range<Int>, _ cols: Range<Int>, _ s: ScenarioSet, _ tile: inout Tile) {
        let k = matrix.categoryCount
        let m = s.count
        let r = rows.count
        let width = cols.count
        let renormalize: Bool = switch policy {
        case .zero: false
        case .renormalize, .merge: true
        }
        matrix.achievement.withUnsafeBufferPointer { c in
        matrix.presence.withUnsafeBufferPointer { p in
        s.weights.withUnsafeBufferPointer { w in
        tile.s.withUnsafeMutableBufferPointer { out in
        tile.pw.withUnsafeMutableBufferPointer { pwOut in
            let wTile = w.baseAddress! + cols.lowerBound
            BLAS.multiply(c.baseAddress! + rows.lowerBound * k, wTile, ldb: m, into: out.baseAddress!, m: r, k: k, n: width)
            var complete = true
            if renormalize {
                for i in (rows.lowerBound * k)..<(rows.upperBound * k) where p[i] == 0 {
                    complete = false
                    break
                }
            }
            if !complete {
                BLAS.multiply(p.baseAddress! + rows.lowerBound * k, wTile, ldb: m, into: pwOut.baseAddress!, m: r, k: k, n: width)
                for i in 0..<(r * width) {
                    let pw = pwOut[i]
                    out[i] = pw > 0 ? out[i] * 100 / pw : 0
                }
            }
        }}}}}
        round(tile: &tile, rows: r, cols: cols, scenarios: s)
    }

    /// Rounds each score of the tile once at the total, floor(S·10^p + 0.5 + 10⁻⁶), and grades it:
    /// eight scenarios at a time, the grade counted as the number of band minima above the score
    /// (minima are strictly descending, the last is 0).
    private func round(tile: inout Tile, rows r: Int, cols: Range<Int>, scenarios s: ScenarioSet) {
        typealias V = SIMD8<Double>
        let width = cols.count
        let scale = V(repeating: Rounding.scale(precision))
        let nudge = V(repeating: rounding.nudge)
        let bands = s.minimumUnits
        tile.s.withUnsafeBufferPointer { sBuf in
        tile.units.withUnsafeMutableBufferPointer { units in
        tile.grades.withUnsafeMutableBufferPointer { grades in
            for i in 0..<r {
                let row = i * width
                var j = 0
                while j < width {
                    let n = min(8, width - j)
                    var x = V(repeating: 0)
                    if n == 8 {
                        x = UnsafeRawPointer(sBuf.baseAddress! + row + j).loadUnaligned(as: V.self)
                    } else {
                        for k in 0..<n { x[k] = sBuf[row + j + k] }
                    }
                    let u = Rounding.floorNonNegative(x * scale + nudge)
                    var g = SIMD8<Int64>(repeating: 0)
                    for band in 0..<(bands.count - 1) {
                        var minimum = V(repeating: 0)
                        if n == 8 {
                            minimum = bands[band].withUnsafeBufferPointer {
                                UnsafeRawPointer($0.baseAddress! + cols.lowerBound + j).loadUnaligned(as: V.self)
                            }
                        } else {
                            for k in 0..<n { minimum[k] = bands[band][cols.lowerBound + j + k] }
                        }
                        g.replace(with: g &+ 1, where: u .< minimum)
                    }
                    for k in 0..<n {
                        units[row + j + k] = Int64(u[k])
                        grades[row + j + k] = UInt8(truncatingIfNeeded: g[k])
                    }
                    j += n
                }
            }
        }}}
    }

    /// One worker's scratch buffers for a tile.
    private struct Tile {
        var s: [Double]
        var pw: [Double]
        var units: [Int64]
        var grades: [UInt8]

        init(rows: Int, scenarios: Int) {
            s = [Double](repeating: 0, count: rows * scenarios)
            pw = s
            units = [Int64](repeating: 0, count: rows * scenarios)
            grades = [UInt8](repeating: 0, count: rows * scenarios)
        }

        func hand<C: ScenarioConsumer>(_ rows: Range<Int>, _ cols: Range<Int>, to consumer: inout C) {
            let n = rows.count * cols.count
            units.withUnsafeBufferPointer { u in
                grades.withUnsafeBufferPointer { g in
                    consumer.consume(ScenarioBlock(projects: rows, scenarios: cols,
                                                   scores: UnsafeBufferPointer(rebasing: u[0..<n]),
                                                   grades: UnsafeBufferPointer(rebasing: g[0..<n])))
                }
            }
        }
    }
}
