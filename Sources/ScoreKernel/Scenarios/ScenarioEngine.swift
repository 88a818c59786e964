import CKernels

/// Scenario scores for every project and scenario (SPEC §4.5), in tiles of scenarios × projects
/// so that a million projects × ten thousand scenarios never hold N×M in memory.
///
/// A score is S = Σ_k C[p,k]·W[k,m], summed in category order with separate multiplies and adds
/// (no fused multiply-add), and for a project lacking a category under `renormalize` (or a
/// `merge` that left it lacking) S × 100 / Σ_k P[p,k]·W[k,m] (0 when that is 0); then rounded once
/// at the total, floor(S·10^p + 0.5 + 10⁻⁶), and graded with the scenario's bands. Every
/// operation is IEEE-754 arithmetic on one lane, so a score is the same bits on any machine and
/// in any tile: the work can be split over threads or machines without changing one result.
/// (OpenBLAS's dgemm is not used here: its kernels differ between CPUs in fused multiply-adds and
/// summation order, and it writes each tile out before rounding reads it back; docs/DECISIONS.md
/// has the measurement.)
///
/// Workers take whole tiles: project blocks (``Order/projectsFirst``: every scenario of a block,
/// then ``ScenarioConsumer/finish(projects:)``) or scenario chunks (``Order/scenariosFirst``).
@_spi(Stages)
public struct ScenarioEngine: Sendable {
    public let matrix: CategoryMatrix
    /// Whether projects lacking a category are rescaled to 100 (`renormalize`, `merge`).
    let renormalize: Bool
    public let precision: Int
    /// How totals are rounded at ``precision``.
    let rounding: RoundingRule
    public var threads: Int
    /// The compiled path of the C kernel that scores from the matrix's rows.
    var path = KernelPath.best
    /// Projects per tile.
    public var blockRows = 512
    /// Scenarios per tile.
    public var blockScenarios = Self.defaultBlockScenarios
    /// Scenarios per tile unless set: a worker's share in ``Order/scenariosFirst``.
    public static let defaultBlockScenarios = 64

    /// Which way the tiles are walked.
    public enum Order: Sendable {
        /// Each worker takes project blocks and runs every scenario over each.
        case projectsFirst
        /// Each worker takes scenario chunks and runs every project through each.
        case scenariosFirst
    }

    public init(matrix: CategoryMatrix, scheme: Scheme, threads: Int = 2) {
        self.matrix = matrix
        renormalize = scheme.missingCategory.rescalesLacking
        precision = scheme.precision
        rounding = scheme.rounding
        self.threads = max(1, threads)
    }

    /// The highest score in units: 100 · 10^precision.
    public var maximumUnits: Int64 { 100 * Int64(Rounding.scale(precision)) }

    /// Runs every scenario of `scenarios` over the projects in `projects` (all by default),
    /// feeding tiles to consumers made by `make`, and returns their merge in worker order.
    public func run<C: ScenarioConsumer>(_ scenarios: ScenarioSet, order: Order = .projectsFirst, projects: Range<Int>? = nil,
                                         consumer make: () -> C) -> C {
        precondition(scenarios.categoryCount == matrix.categoryCount, "scenario weights must cover the matrix's categories")
        let range = projects ?? 0..<matrix.projectCount
        let blocks = stride(from: range.lowerBound, to: range.upperBound, by: blockRows).map { $0..<min(range.upperBound, $0 + blockRows) }
        let chunks = stride(from: 0, to: scenarios.count, by: blockScenarios).map { $0..<min(scenarios.count, $0 + blockScenarios) }
        let units = order == .projectsFirst ? blocks.count : chunks.count
        let workers = min(threads, max(1, units))
        // Fewer scenarios than a lane group: each project is scored from the matrix's row, where
        // copying the block into columns first cost five times the scoring.
        let direct = scenarios.count < 8
        let consumers = Parallel.map(workers, workers: workers) { w in
            var consumer = make()
            var tile = Tile(categories: matrix.categoryCount, rows: blockRows, scenarios: blockScenarios)
            for u in stride(from: w, to: units, by: workers) {
                switch order {
                case .projectsFirst:
                    if !direct { tile.load(blocks[u], from: matrix, ownPoints: scenarios.asFiled, renormalize: renormalize) }
                    for cols in chunks {
                        score(blocks[u], cols, scenarios, &tile, grading: C.readsGrades, direct: direct)
                        tile.hand(cols, to: &consumer)
                    }
                    consumer.finish(projects: blocks[u])
                case .scenariosFirst:
                    for rows in blocks {
                        if !direct {
                            tile.load(rows, from: matrix, ownPoints: scenarios.asFiled && chunks[u].contains(0), renormalize: renormalize)
                        }
                        score(rows, chunks[u], scenarios, &tile, grading: C.readsGrades, direct: direct)
                        tile.hand(chunks[u], to: &consumer)
                    }
                    consumer.finish(scenarios: chunks[u])
                }
            }
            return consumer
        }
        var result = consumers[0]
        for c in consumers.dropFirst() { result.merge(c) }
        return result
    }

    /// Scores and grades of `block` under scenarios `cols`, from the loaded tile or, `direct`,
    /// from the matrix's rows.
    private func score(_ block: Range<Int>, _ cols: Range<Int>, _ s: ScenarioSet, _ tile: inout Tile, grading: Bool, direct: Bool) {
        if direct {
            computeRows(block, cols, s, &tile, grading: grading)
        } else {
            compute(cols, s, &tile, grading: grading)
        }
    }

    /// Scores and grades of `block` under scenarios `cols` read straight from the matrix's rows,
    /// into the tile's scores and grades, by the C kernel (`Sources/CKernels/scenario.c`) on
    /// ``path``: ``compute(_:_:_:grading:)``'s operations in its order on one lane, so the same
    /// bits. Lanes past the block score as that method's padding does (C = 0, every category
    /// present).
    private func computeRows(_ block: Range<Int>, _ cols: Range<Int>, _ s: ScenarioSet, _ tile: inout Tile, grading: Bool) {
        let k = matrix.categoryCount
        tile.frame(block)
        let stride = tile.stride
        var rule = sk_scenario_rule(scale: Rounding.scale(precision), nudge: rounding.nudge, top: Double(maximumUnits),
                                    renormalize: renormalize ? 1 : 0)
        let slots = s.bandSlots
        let path = path.c
        matrix.achievement.withUnsafeBufferPointer { achievement in
        matrix.presence.withUnsafeBufferPointer { presence in
        matrix.ownPoints.withUnsafeBufferPointer { points in
        tile.units.withUnsafeMutableBufferPointer { units in
        tile.grades.withUnsafeMutableBufferPointer { grades in
        s.weights.withUnsafeBufferPointer { w in
        s.minimumUnits.withUnsafeBufferPointer { minima in
            let first = block.lowerBound * k
            for (j, m) in cols.enumerated() {
                let own = s.asFiled && m == 0 ? points.baseAddress! + first : nil
                sk_scenario_rows(path, &rule, block.count, stride, k, achievement.baseAddress! + first, presence.baseAddress! + first,
                                 w.baseAddress! + m * k, own, units.baseAddress! + j * stride)
                if grading {
                    sk_scenario_grades(path, stride, units.baseAddress! + j * stride, minima.baseAddress! + m * slots, slots - 1,
                                       grades.baseAddress! + j * stride)
                }
            }
        }}}}}}}
    }

    /// Scores and grades of the loaded projects under scenarios `cols`, eight projects a lane.
    /// The renormalising product and division run only for groups of eight holding a project
    /// that lacks a category, and replace only those projects' scores.
    private func compute(_ cols: Range<Int>, _ s: ScenarioSet, _ tile: inout Tile, grading: Bool) {
        typealias V = SIMD8<Double>
        let k = matrix.categoryCount
        let stride = tile.stride
        let scale = V(repeating: Rounding.scale(precision))
        let nudge = V(repeating: rounding.nudge)
        let top = V(repeating: Double(maximumUnits))
        let magic = V(repeating: 0x1p52)
        let slots = s.bandSlots
        tile.c.withUnsafeBufferPointer { c in
        tile.p.withUnsafeBufferPointer { p in
        tile.own.withUnsafeBufferPointer { own in
        tile.complete.withUnsafeBufferPointer { complete in
        tile.rescaled.withUnsafeBufferPointer { rescaled in
        tile.units.withUnsafeMutableBufferPointer { units in
        tile.grades.withUnsafeMutableBufferPointer { grades in
        s.weights.withUnsafeBufferPointer { w in
        s.minimumUnits.withUnsafeBufferPointer { minima in
            let (c, p, own, complete) = (c.baseAddress!, p.baseAddress!, own.baseAddress!, complete.baseAddress!)
            @inline(__always) func load(_ b: UnsafePointer<Double>) -> V { UnsafeRawPointer(b).loadUnaligned(as: V.self) }
            for (j, m) in cols.enumerated() {
                let weights = w.baseAddress! + m * k
                let asFiled = s.asFiled && m == 0
                let out = j * stride
                for i in Swift.stride(from: 0, to: stride, by: 8) {
                    var x: V
                    if asFiled {
                        x = load(c + i) * load(own + i)
                        for q in 1..<k { x = x + load(c + q * stride + i) * load(own + q * stride + i) }
                    } else {
                        x = load(c + i) * V(repeating: weights[0])
                        for q in 1..<k { x = x + load(c + q * stride + i) * V(repeating: weights[q]) }
                        if renormalize && rescaled[i >> 3] {
                            var pw = load(p + i) * V(repeating: weights[0])
                            for q in 1..<k { pw = pw + load(p + q * stride + i) * V(repeating: weights[q]) }
                            var r = x * 100 / pw
                            r.replace(with: 0, where: pw .<= 0)
                            x.replace(with: r, where: load(complete + i) .== 0)
                        }
                    }
                    // floor(S·10^p + 0.5 + 10⁻⁶) within 0 … 100·10^p: adding and removing 2^52
                    // rounds to an integer, one is taken off where that rounded up, and the
                    // integer is then the low bits of (floor + 2^52).
                    var y = x * scale + nudge
                    y.replace(with: top, where: y .> top)
                    y.replace(with: 0, where: .!(y .>= 0))
                    var f = (y + magic) - magic
                    f.replace(with: f - 1, where: f .> y)
                    let u = SIMD8<Int32>(truncatingIfNeeded: unsafeBitCast(f + magic, to: SIMD8<Int64>.self))
                    UnsafeMutableRawPointer(units.baseAddress! + out + i).storeBytes(of: u, as: SIMD8<Int32>.self)
                    guard grading else { continue }
                    var g = SIMD8<Int32>(repeating: 0)
                    for band in 0..<(slots - 1) {
                        g.replace(with: g &+ 1, where: u .< SIMD8<Int32>(repeating: minima[m * slots + band]))
                    }
                    UnsafeMutableRawPointer(grades.baseAddress! + out + i).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: g), as: SIMD8<UInt8>.self)
                }
            }
        }}}}}}}}}
    }

    /// One worker's scratch: the block's C, P and own points column by column (padded to whole
    /// lanes), and the tile's scores and grades.
    private struct Tile {
        var rows = 0..<0
        /// Lanes per column (``lanes(_:)``).
        var stride = 0
        var c: [Double]
        var p: [Double]
        var own: [Double]
        /// 1 where the project has every category.
        var complete: [Double]
        /// Per group of eight lanes: whether one of its projects lacks a category.
        var rescaled: [Bool]
        var units: [Int32]
        var grades: [UInt8]

        /// Lanes per column for `rows` projects: whole groups of eight, and one group more when
        /// that is a multiple of 512. Columns 4 KB apart fall into the same cache sets, and a load
        /// from one seems to the CPU to depend on a store to another (4K aliasing): the copy into
        /// a tile of 512 rows ran at half its speed.
        static func lanes(_ rows: Int) -> Int {
            let lanes = (rows + 7) / 8 * 8
            return lanes % 512 == 0 ? lanes + 8 : lanes
        }

        init(categories k: Int, rows: Int, scenarios: Int) {
            let lanes = Self.lanes(rows)
            c = [Double](repeating: 0, count: k * lanes)
            p = c
            own = c
            complete = [Double](repeating: 1, count: lanes)
            rescaled = [Bool](repeating: false, count: lanes / 8)
            units = [Int32](repeating: 0, count: lanes * scenarios)
            grades = [UInt8](repeating: 0, count: lanes * scenarios)
        }

        /// Copies the block's rows of C, P and (for the as-filed scenario) the own points into
        /// columns, through pointers: the tile's arrays are checked for sharing once, not at
        /// every element (the copy was five times the scoring with one scenario).
        /// Makes the tile hold `block`'s scores: its rows and lanes.
        mutating func frame(_ block: Range<Int>) {
            rows = block
            stride = Self.lanes(block.count)
        }

        mutating func load(_ block: Range<Int>, from matrix: CategoryMatrix, ownPoints: Bool, renormalize: Bool) {
            let k = matrix.categoryCount
            frame(block)
            let stride = self.stride
            let n = block.count
            let first = block.lowerBound * k
            matrix.achievement.withUnsafeBufferPointer { achievement in
            matrix.presence.withUnsafeBufferPointer { presence in
            matrix.ownPoints.withUnsafeBufferPointer { points in
            c.withUnsafeMutableBufferPointer { c in
            p.withUnsafeMutableBufferPointer { p in
            own.withUnsafeMutableBufferPointer { own in
            complete.withUnsafeMutableBufferPointer { complete in
            rescaled.withUnsafeMutableBufferPointer { rescaled in
                let (a, pr, w) = (achievement.baseAddress! + first, presence.baseAddress! + first, points.baseAddress! + first)
                let (cb, pb, ob) = (c.baseAddress!, p.baseAddress!, own.baseAddress!)
                for g in 0..<(stride / 8) { rescaled[g] = false }
                // One pass over the block's rows, each row's K values to their K columns.
                for i in 0..<n {
                    let row = i * k
                    var lacking: UInt8 = 0
                    for q in 0..<k {
                        let present = pr[row + q]
                        cb[q * stride + i] = a[row + q]
                        pb[q * stride + i] = present
                        lacking |= present == 0 ? 1 : 0
                    }
                    complete[i] = lacking == 0 ? 1 : 0
                    if lacking != 0 { rescaled[i >> 3] = true }
                }
                if ownPoints {
                    for i in 0..<n { for q in 0..<k { ob[q * stride + i] = w[i * k + q] } }
                }
                // Lanes past the block: no score, present, so that nothing is rescaled.
                for i in n..<stride {
                    for q in 0..<k {
                        cb[q * stride + i] = 0
                        pb[q * stride + i] = 1
                        ob[q * stride + i] = 0
                    }
                    complete[i] = 1
                }
            }}}}}}}}
        }

        func hand<C: ScenarioConsumer>(_ cols: Range<Int>, to consumer: inout C) {
            let n = stride * cols.count
            units.withUnsafeBufferPointer { u in
                grades.withUnsafeBufferPointer { g in
                    consumer.consume(ScenarioBlock(projects: rows, scenarios: cols,
                                                   scores: UnsafeBufferPointer(rebasing: u[0..<n]),
                                                   grades: UnsafeBufferPointer(rebasing: g[0..<n]), stride: stride))
                }
            }
        }
    }
}

extension MissingCategory {
    /// Whether a project lacking a category is rescaled to 100 (`renormalize`; `merge`, for a
    /// category still lacking after the merge), rather than scored 0 in it.
    var rescalesLacking: Bool {
        switch self {
        case .zero: false
        case .renormalize, .merge: true
        }
    }
}
