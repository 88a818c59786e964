/// Runs a scenario analysis (SPEC §9) over a scored batch, one period at a time, for the whole
/// batch or one shard of its projects.
///
/// Per period: the category matrix of its projects; a first pass over every project and scenario
/// (``ScoreHistograms``: rank tables, means, grade counts); a second over the shard's projects
/// (``ScenarioRanks``: ranks against the baseline, rank quantiles, grade counts, sensitivity);
/// then each of the shard's projects' grade-flip margins (``GradeMargin``). The first pass is
/// repeated by every shard — it needs every project — and is the smaller part of the work.
struct ScenarioAnalysis {
    let batch: ProjectBatch
    let scores: ScoreTable
    let matrix: CategoryMatrix
    let scheme: Scheme
    let threads: Int
    /// `as_filed`, `scheme`, then the requested scenarios.
    let scenarios: ScenarioSet
    let sampled: Range<Int>
    let topK: Int
    let fingerprint: UInt64
    /// Called with a line of progress as each pass of each period starts.
    let progress: (@Sendable (String) -> Void)?

    /// The analysis of shard `shard` (1-based) of `shards`.
    func run(shard: Int, of shards: Int) -> ScenarioResults {
        let periods = batch.groupedByPeriod()
        var results: [PeriodScenarioResults] = []
        let k = matrix.categoryCount
        for period in 0..<batch.periods.count {
            let original = Array(periods.members(of: period))
            // Projects with every category first: the scenario kernel then takes the
            // renormalising division only in the few lane groups at the end. Rows are put back
            // in file order when the results are whole.
            let complete = original.indices.filter { i in (0..<k).allSatisfy { matrix.presence[original[i] * k + $0] == 1 } }
            let lacking = original.indices.filter { i in (0..<k).contains { matrix.presence[original[i] * k + $0] == 0 } }
            let position = complete + lacking
            let n = original.count
            let range = (n * (shard - 1) / shards)..<(n * shard / shards)
            results.append(analyse(period: period, original: original, position: position, shardRows: range))
        }
        if shards == 1 {
            for p in results.indices { results[p].rows.sortByPosition() }
        }
        return ScenarioResults(
            shard: shard, shards: shards, fingerprint: fingerprint, dimension: matrix.dimension, categories: matrix.categories,
            names: scenarios.names, weights: scenarios.weights, sampledStart: sampled.lowerBound, sampledEnd: sampled.upperBound,
            topK: topK, precision: scheme.precision, gradeNames: scheme.grades.map(\.name), gradeLabels: scheme.grades.map(\.label),
            periods: results)
    }

    /// One period: `original` its projects in file order, `position` the order they are
    /// scored in (indices into `original`), `shardRows` the range of that order this shard takes.
    private func analyse(period: Int, original: [Int], position: [Int], shardRows: Range<Int>) -> PeriodScenarioResults {
        let members = position.map { original[$0] }
        let sub = matrix.rows(members)
        let engine = ScenarioEngine(matrix: sub, scheme: scheme, threads: threads)
        let label = batch.periods[period].isEmpty ? "" : " (\(batch.periods[period]))"
        progress?("scenarios\(label): first pass, \(scenarios.count) scenarios × \(members.count) projects")
        let histograms = engine.run(scenarios, order: .scenariosFirst) {
            ScoreHistograms(projects: members.count, scenarios: scenarios, maximumUnits: engine.maximumUnits)
        }
        // Departments of the period, in order of first appearance in the file.
        var local = [Int32](repeating: -1, count: batch.departments.count)
        var departments: [String] = []
        var departmentProjects: [Int] = []
        var departmentBaseline: [Int64] = []
        for p in original {
            let d = Int(batch.projects.department[p])
            if local[d] < 0 {
                local[d] = Int32(departments.count)
                departments.append(batch.departments[d])
                departmentProjects.append(0)
                departmentBaseline.append(0)
            }
            let l = Int(local[d])
            departmentProjects[l] += 1
            departmentBaseline[l] += scores.total[p]
        }
        let departmentOf = members.map { local[Int(batch.projects.department[$0])] }
        let totals = members.map { scores.total[$0] }
        let baseline = PeriodBaseline(totals: totals, grades: members.map { scores.grade[$0] }, departments: departmentOf,
                                      departmentCount: departments.count)
        let bins = sampled.isEmpty ? nil : SensitivityBins(
            weights: scenarios.weights[(sampled.lowerBound * scenarios.categoryCount)..<(sampled.upperBound * scenarios.categoryCount)],
            categories: scenarios.categoryCount)
        let tables = histograms.tables()
        progress?("scenarios\(label): second pass, projects \(shardRows.lowerBound + 1)–\(shardRows.upperBound) of \(members.count)")
        var second = engine
        // Blocks of 2,048 projects: each scenario's rank table (up to 40 KB) is read from memory
        // once per block, so the lookups must outnumber its cache lines. Fewer with many sampled
        // scenarios, so that a block's ranks stay within 128 MB a worker.
        second.blockRows = min(2048, max(64, (1 << 25) / max(1, sampled.count)))
        second.blockScenarios = 64
        let ranks = second.run(scenarios, order: .projectsFirst, projects: shardRows) {
            ScenarioRanks(tables: tables, baseline: baseline, scenarios: scenarios, sampled: sampled, bins: bins, schemeIndex: 1, topK: topK)
        }
        var rows = ProjectRows()
        for i in shardRows {
            rows.position.append(Int32(position[i]))
            rows.projectIDs.append(batch.projects.id[members[i]])
            rows.department.append(departmentOf[i])
            rows.baselineRank.append(baseline.rank[i])
            rows.schemeUnits.append(ranks.schemeUnits[i])
            rows.schemeGrade.append(ranks.schemeGrade[i])
        }
        if !sampled.isEmpty {
            let g = ranks.gradeCount
            rows.quantiles = Array(ranks.quantiles[(shardRows.lowerBound * 3)..<(shardRows.upperBound * 3)])
            rows.gradeCounts = Array(ranks.gradeCounts[(shardRows.lowerBound * g)..<(shardRows.upperBound * g)])
            rows.mostSensitive = Array(ranks.mostSensitive[shardRows])
        }
        progress?("scenarios\(label): grade-flip margins")
        margins(sub, rows: shardRows, grades: ranks.schemeGrade, into: &rows)
        let baselineSquares = baseline.twiceAverageRank.reduce(Int128(0)) { $0 + Int128($1) * Int128($1) }
        return PeriodScenarioResults(
            period: batch.periods[period], projectCount: members.count, departments: departments, departmentProjects: departmentProjects,
            departmentBaselineSums: departmentBaseline, sums: histograms.sum, gradeCounts: histograms.gradeCounts,
            squaredRanks: WideIntegers(histograms.squaredRanks), baselineSquares: WideIntegers([baselineSquares]),
            cross: WideIntegers(ranks.cross), movedUp: ranks.movedUp, movedDown: ranks.movedDown, topOverlap: ranks.topOverlap,
            bottomOverlap: ranks.bottomOverlap, departmentSums: ranks.departmentSums, shareSums: WideIntegers(ranks.shareSums),
            shareProjects: ranks.shareProjects, rows: rows)
    }

    /// The grade-flip margins of the `scheme` scenario for `rows` of the period's matrix `sub`.
    private func margins(_ sub: CategoryMatrix, rows: Range<Int>, grades: [UInt8], into out: inout ProjectRows) {
        let k = sub.categoryCount
        let w0 = Array(scenarios.weights(of: 1))
        let bands = scenarios.grades[1]
        let half = 0.5 / Rounding.scale(scheme.precision)
        let scale = Rounding.scale(scheme.precision)
        let renormalize = scheme.missingCategory.rescalesLacking
        let chunk = 1024
        let starts = Array(stride(from: rows.lowerBound, to: rows.upperBound, by: chunk))
        let parts = Parallel.map(starts.count, workers: threads) { j in
            (starts[j]..<min(rows.upperBound, starts[j] + chunk)).map { p -> (GradeMargin?, GradeMargin?) in
                let c = Array(sub.achievement[(p * k)..<((p + 1) * k)])
                let presence = Array(sub.presence[(p * k)..<((p + 1) * k)])
                let g = Int(grades[p])
                let down = g + 1 < bands.bands.count
                    ? GradeMargin.least(achievement: c, presence: presence, weights: w0,
                                        threshold: Double(bands.minimumUnits[g]) / scale - half, up: false, renormalize: renormalize)
                    : nil
                let up = g > 0
                    ? GradeMargin.least(achievement: c, presence: presence, weights: w0,
                                        threshold: Double(bands.minimumUnits[g - 1]) / scale - half, up: true, renormalize: renormalize)
                    : nil
                return (down, up)
            }
        }
        for (down, up) in parts.joined() {
            out.marginDown.append(down?.distance)
            out.towardDown.append(Int8(down?.toward ?? -1))
            out.marginUp.append(up?.distance)
            out.towardUp.append(Int8(up?.toward ?? -1))
        }
    }
}

extension CategoryMatrix {
    /// The matrix of the projects `rows`, in that order.
    func rows(_ rows: [Int]) -> CategoryMatrix {
        let k = categoryCount
        var c = [Double](), p = [Double](), own = [Double]()
        c.reserveCapacity(rows.count * k)
        p.reserveCapacity(rows.count * k)
        own.reserveCapacity(rows.count * k)
        for r in rows {
            c += achievement[(r * k)..<((r + 1) * k)]
            p += presence[(r * k)..<((r + 1) * k)]
            own += ownPoints[(r * k)..<((r + 1) * k)]
        }
        return CategoryMatrix(dimension: dimension, categories: categories, projectCount: rows.count, achievement: c, presence: p,
                              ownPoints: own)
    }
}
