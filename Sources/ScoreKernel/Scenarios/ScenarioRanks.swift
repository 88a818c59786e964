/// The §4.4 standing of each project of a period, which scenarios are compared with: its
/// competition rank by descending and by ascending total, its average rank (doubled, for
/// Spearman's ρ), its grade and its department.
struct PeriodBaseline: Sendable {
    let rank: [Int32]
    let bottomRank: [Int32]
    /// 2 × the average rank of ties, an integer.
    let twiceAverageRank: [Int64]
    let grade: [UInt8]
    /// Department code within the period.
    let department: [Int32]
    let departmentCount: Int

    /// From the period's totals (units), grades and department codes.
    init(totals: [Int64], grades: [UInt8], departments: [Int32], departmentCount: Int) {
        let n = totals.count
        let order = (0..<n).sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
        var rank = [Int32](repeating: 0, count: n)
        var bottom = rank
        var twice = [Int64](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start
            while end < n && totals[order[end]] == totals[order[start]] { end += 1 }
            for j in start..<end {
                rank[order[j]] = Int32(start + 1)
                bottom[order[j]] = Int32(n - end + 1)
                twice[order[j]] = Int64(start + 1 + end)  // (start + 1) + end: first + last rank
            }
            start = end
        }
        self.rank = rank
        bottomRank = bottom
        twiceAverageRank = twice
        grade = grades
        department = departments
        self.departmentCount = departmentCount
    }
}

/// The second pass of a scenario analysis (SPEC §9): each project's rank in each scenario, by
/// lookup in the ``RankTables`` of the first pass, folded into
///
/// - per scenario, sums over the projects seen: Σ (2·average rank)(2·baseline average rank) for
///   Spearman's ρ, projects moving up and down a grade, top-k and bottom-k overlap with the
///   baseline, and each department's Σ score;
/// - per project, over the sampled (Monte Carlo) scenarios: exact median, 5th and 95th
///   percentile rank (``RankQuantiles``), the count of each grade, and the first-order share of
///   each category weight in the variance of its score (``SensitivityBins``), summed over projects
///   in fixed point so that any split of the projects adds up to the same bits;
/// - the `scheme` scenario's score and grade, for the grade-flip margins.
///
/// Walked ``ScenarioEngine/Order/projectsFirst``: a block's ranks over all sampled scenarios are
/// kept (blockRows × M 32-bit) until ``finish(projects:)`` reduces them. Sums in the loops wrap
/// rather than check: every one is bounded far below 2^63 (a block's Σ of doubled ranks times
/// doubled ranks is at most blockRows · (2N + 1)², 10^15 for a million projects).
struct ScenarioRanks: ScenarioConsumer, Sendable {
    let tables: RankTables
    let baseline: PeriodBaseline
    let topK: Int
    /// The scenarios whose per-project statistics are kept.
    let sampled: Range<Int>
    let bins: SensitivityBins?
    let schemeIndex: Int
    let gradeCount: Int
    let scenarioCount: Int

    // Per scenario.
    private(set) var cross: [Int128]
    private(set) var movedUp: [Int64]
    private(set) var movedDown: [Int64]
    private(set) var topOverlap: [Int64]
    private(set) var bottomOverlap: [Int64]
    /// Σ score per (scenario, department): `m * departmentCount + d`.
    private(set) var departmentSums: [Int64]

    // Per project of the period.
    private(set) var schemeUnits: [Int64]
    private(set) var schemeGrade: [UInt8]
    /// Median, 5th and 95th percentile rank × 100, `p * 3 + q` in that order.
    private(set) var quantiles: [Int64]
    /// Scenarios in each grade, `p * gradeCount + g`.
    private(set) var gradeCounts: [Int32]
    /// The category with the largest share in the variance of the project's score; -1 when the
    /// score does not vary.
    private(set) var mostSensitive: [Int8]
    /// Σ over projects of each category's share, in units of 2^-52; and how many projects.
    private(set) var shareSums: [Int128]
    private(set) var shareProjects = 0
    private(set) var finished: [Range<Int>] = []

    // The current block.
    private var block = 0..<0
    /// The block's ranks over the sampled scenarios, project-major: `i * sampled.count + s`.
    private var ranks: [Int32] = []
    /// The current tile's ranks, scenario-major.
    private var tileRanks: [Int32] = []
    private var blockGrades: [Int32] = []
    private var binSums: [Int64] = []
    private var sums: [Int64] = []
    private var squares: [Int64] = []
    private var selector: RankQuantiles?
    /// What reading the rank tables through added up (kept so that the reads are not removed).
    private var touched: UInt32 = 0
    /// Rows of the block in the baseline's top k, and in its bottom k.
    private var topRows: [Int] = []
    private var bottomRows: [Int] = []

    static let percents = [50, 5, 95]
    static let shareScale = 0x1p52

    init(tables: RankTables, baseline: PeriodBaseline, scenarios: ScenarioSet, sampled: Range<Int>, bins: SensitivityBins?,
         schemeIndex: Int, topK: Int) {
        self.tables = tables
        self.baseline = baseline
        self.topK = topK
        self.sampled = sampled
        self.bins = bins
        self.schemeIndex = schemeIndex
        gradeCount = scenarios.bandSlots
        scenarioCount = scenarios.count
        let m = scenarios.count
        let n = baseline.rank.count
        cross = [Int128](repeating: 0, count: m)
        movedUp = [Int64](repeating: 0, count: m)
        movedDown = movedUp
        topOverlap = movedUp
        bottomOverlap = movedUp
        departmentSums = [Int64](repeating: 0, count: m * baseline.departmentCount)
        schemeUnits = [Int64](repeating: 0, count: n)
        schemeGrade = [UInt8](repeating: 0, count: n)
        let perProject = !sampled.isEmpty
        quantiles = [Int64](repeating: 0, count: perProject ? n * 3 : 0)
        gradeCounts = [Int32](repeating: 0, count: perProject ? n * gradeCount : 0)
        mostSensitive = [Int8](repeating: -1, count: perProject ? n : 0)
        shareSums = [Int128](repeating: 0, count: bins?.categories ?? 0)
        selector = perProject ? RankQuantiles(count: sampled.count, percents: Self.percents) : nil
    }

    private mutating func start(_ projects: Range<Int>) {
        block = projects
        topRows = projects.indices.filter { Int(baseline.rank[$0]) <= topK }.map { $0 - projects.lowerBound }
        bottomRows = projects.indices.filter { Int(baseline.bottomRank[$0]) <= topK }.map { $0 - projects.lowerBound }
        guard !sampled.isEmpty else { return }
        let r = projects.count
        // Every rank of the block is written before it is read: no need to clear.
        if ranks.count != sampled.count * r { ranks = [Int32](repeating: 0, count: sampled.count * r) }
        blockGrades = [Int32](repeating: 0, count: gradeCount * r)
        binSums = [Int64](repeating: 0, count: (bins.map { $0.categories * $0.binCount } ?? 0) * r)
        sums = [Int64](repeating: 0, count: r)
        squares = sums
    }

    mutating func consume(_ tile: ScenarioBlock) {
        if tile.projects != block { start(tile.projects) }
        let rows = tile.projects.count
        let p0 = tile.projects.lowerBound
        let n = tables.projectCount
        let departments = baseline.departmentCount
        // Out of self for the loops, so that the per-scenario sums can be updated beside them.
        var departmentSums = self.departmentSums, ranks = self.tileRanks
        self.departmentSums = []
        self.tileRanks = []
        defer {
            self.departmentSums = departmentSums
            self.tileRanks = ranks
            transpose(tile)
        }
        if ranks.count < tile.scenarios.count * rows { ranks = [Int32](repeating: 0, count: tile.scenarios.count * rows) }
        tables.above.withUnsafeBufferPointer { above in
        baseline.twiceAverageRank.withUnsafeBufferPointer { twice in
        baseline.grade.withUnsafeBufferPointer { baseGrade in
        baseline.department.withUnsafeBufferPointer { department in
        departmentSums.withUnsafeMutableBufferPointer { deptSums in
        ranks.withUnsafeMutableBufferPointer { ranks in
            let twice = twice.baseAddress! + p0, baseGrade = baseGrade.baseAddress! + p0, department = department.baseAddress! + p0
            for (j, m) in tile.scenarios.enumerated() {
                let scores = tile.scores.baseAddress! + j * tile.stride
                let grades = tile.grades.baseAddress! + j * tile.stride
                // table[s] = projects scoring s or more; table[s + 1] = projects scoring above s.
                let table = above.baseAddress! + tables.offsets[m] - Int(tables.lowest[m])
                let dept = deptSums.baseAddress! + m * departments
                // Read the table through once, a cache line at a time, before the lookups: a
                // stream the prefetcher runs at memory speed, where the lookups alone would wait
                // on each line in turn.
                var touched: UInt32 = 0
                for x in Swift.stride(from: tables.offsets[m], to: tables.offsets[m + 1], by: 16) { touched &+= above[x] }
                self.touched &+= touched
                var c: Int64 = 0
                if sampled.contains(m) {
                    let out = ranks.baseAddress! + j * rows
                    for i in 0..<rows {
                        let u = Int(scores[i])
                        let atLeast = Int64(table[u]), higher = Int64(table[u + 1])
                        c &+= (higher &+ atLeast &+ 1) &* twice[i]
                        dept[Int(department[i])] &+= Int64(u)
                        out[i] = Int32(truncatingIfNeeded: higher &+ 1)
                    }
                } else {
                    for i in 0..<rows {
                        let u = Int(scores[i])
                        c &+= (Int64(table[u + 1]) &+ Int64(table[u]) &+ 1) &* twice[i]
                        dept[Int(department[i])] &+= Int64(u)
                    }
                }
                cross[m] += Int128(c)
                let (up, down) = Self.moves(grades, baseGrade, rows)
                movedUp[m] += up
                movedDown[m] += down
                for i in topRows where Int(table[Int(scores[i]) + 1]) + 1 <= topK { topOverlap[m] += 1 }
                for i in bottomRows where n - Int(table[Int(scores[i])]) + 1 <= topK { bottomOverlap[m] += 1 }
                if m == schemeIndex {
                    for i in 0..<rows {
                        schemeUnits[p0 + i] = Int64(scores[i])
                        schemeGrade[p0 + i] = grades[i]
                    }
                }
                if sampled.contains(m) { accumulate(sample: m - sampled.lowerBound, scores: scores, grades: grades, rows: rows) }
            }
        }}}}}}
    }

    /// How many of `rows` grades are better (a lower band index) and worse than the baseline's,
    /// sixteen at a time: each lane counts up to 255 groups before it is added out.
    private static func moves(_ grades: UnsafePointer<UInt8>, _ base: UnsafePointer<UInt8>, _ rows: Int) -> (Int64, Int64) {
        typealias B = SIMD16<UInt8>
        var up: Int64 = 0, down: Int64 = 0
        var i = 0
        while i + 16 <= rows {
            var u = B(repeating: 0), d = B(repeating: 0)
            var groups = 0
            while i + 16 <= rows && groups < 255 {
                let g = UnsafeRawPointer(grades + i).loadUnaligned(as: B.self)
                let b = UnsafeRawPointer(base + i).loadUnaligned(as: B.self)
                u = u &- B(repeating: 0).replacing(with: 255, where: g .< b)
                d = d &- B(repeating: 0).replacing(with: 255, where: g .> b)
                i += 16
                groups += 1
            }
            for lane in 0..<16 {
                up &+= Int64(u[lane])
                down &+= Int64(d[lane])
            }
        }
        for j in i..<rows {
            up &+= grades[j] < base[j] ? 1 : 0
            down &+= grades[j] > base[j] ? 1 : 0
        }
        return (up, down)
    }

    /// Copies the tile's ranks of sampled scenarios into the block's project-major ranks: each
    /// project's run of scenarios is contiguous, so that the tile (in cache) is read across and
    /// the block is written in runs.
    private mutating func transpose(_ tile: ScenarioBlock) {
        let rows = tile.projects.count
        let m = sampled.count
        let first = max(tile.scenarios.lowerBound, sampled.lowerBound)
        let last = min(tile.scenarios.upperBound, sampled.upperBound)
        guard first < last else { return }
        // In 16 × 16 squares, so that both sides stay in the first-level cache.
        tileRanks.withUnsafeBufferPointer { t in
            ranks.withUnsafeMutableBufferPointer { r in
                for i0 in stride(from: 0, to: rows, by: 16) {
                    for s0 in stride(from: first, to: last, by: 16) {
                        for i in i0..<min(rows, i0 + 16) {
                            let out = r.baseAddress! + i * m - sampled.lowerBound
                            let column = t.baseAddress! + i - tile.scenarios.lowerBound * rows
                            for s in s0..<min(last, s0 + 16) { out[s] = column[s * rows] }
                        }
                    }
                }
            }
        }
    }

    /// Grade counts, Σ y, Σ y² and the sensitivity bin sums of one sampled scenario.
    private mutating func accumulate(sample s: Int, scores: UnsafePointer<Int32>, grades: UnsafePointer<UInt8>, rows: Int) {
        blockGrades.withUnsafeMutableBufferPointer { g in
            for i in 0..<rows { g[Int(grades[i]) * rows + i] &+= 1 }
        }
        sums.withUnsafeMutableBufferPointer { sum in
        squares.withUnsafeMutableBufferPointer { sq in
            for i in 0..<rows {
                let y = Int64(scores[i])
                sum[i] &+= y
                sq[i] &+= y &* y
            }
        }}
        guard let bins else { return }
        binSums.withUnsafeMutableBufferPointer { acc in
            for k in 0..<bins.categories {
                let row = acc.baseAddress! + (k * bins.binCount + Int(bins.binOf[k * bins.samples + s])) * rows
                for i in 0..<rows { row[i] &+= Int64(scores[i]) }
            }
        }
    }

    /// Reduces the block: rank quantiles, grade counts and sensitivity per project.
    mutating func finish(projects: Range<Int>) {
        finished.append(projects)
        guard var selector, !sampled.isEmpty else { return }
        let rows = projects.count
        let m = sampled.count
        var binRow = [Double](repeating: 0, count: bins.map { $0.categories * $0.binCount } ?? 0)
        for i in 0..<rows {
            let p = projects.lowerBound + i
            let q = ranks.withUnsafeBufferPointer { selector.hundredths(of: UnsafeBufferPointer(rebasing: $0[(i * m)..<((i + 1) * m)])) }
            for j in 0..<3 { quantiles[p * 3 + j] = q[j] }
            for g in 0..<gradeCount { gradeCounts[p * gradeCount + g] = blockGrades[g * rows + i] }
            guard let bins else { continue }
            for b in binRow.indices { binRow[b] = Double(binSums[b * rows + i]) }
            let shares = binRow.withUnsafeBufferPointer {
                bins.shares(binSums: $0, sum: Double(sums[i]), squares: Double(squares[i]))
            }
            guard let shares else { continue }
            var best = 0
            for k in shares.indices {
                shareSums[k] += Int128((shares[k] * Self.shareScale).rounded())
                if shares[k] > shares[best] { best = k }
            }
            mostSensitive[p] = Int8(best)
            shareProjects += 1
        }
        self.selector = selector
    }

    mutating func merge(_ other: ScenarioRanks) {
        for m in 0..<scenarioCount {
            cross[m] += other.cross[m]
            movedUp[m] += other.movedUp[m]
            movedDown[m] += other.movedDown[m]
            topOverlap[m] += other.topOverlap[m]
            bottomOverlap[m] += other.bottomOverlap[m]
        }
        for i in departmentSums.indices { departmentSums[i] += other.departmentSums[i] }
        for k in shareSums.indices { shareSums[k] += other.shareSums[k] }
        shareProjects += other.shareProjects
        for r in other.finished {
            for p in r {
                schemeUnits[p] = other.schemeUnits[p]
                schemeGrade[p] = other.schemeGrade[p]
                guard !sampled.isEmpty else { continue }
                for j in 0..<3 { quantiles[p * 3 + j] = other.quantiles[p * 3 + j] }
                for g in 0..<gradeCount { gradeCounts[p * gradeCount + g] = other.gradeCounts[p * gradeCount + g] }
                mostSensitive[p] = other.mostSensitive[p]
            }
            finished.append(r)
        }
    }
}
