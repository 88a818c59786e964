/// The figures of the result files that are computed from the sums: Spearman's ρ, department
/// ranks and their intervals, sensitivity shares.
extension PeriodScenarioResults {
    /// Spearman's ρ between scenario `m`'s rounded scores and the §4.4 totals, average ranks for
    /// ties: the Pearson correlation of the two rank vectors, from exact integer sums of doubled
    /// ranks X, Y (Σ X = Σ Y = n(n + 1)); nil when either ranking is all ties.
    func spearman(_ m: Int) -> Double? {
        let n = Int128(projectCount)
        let center = n * (n + 1) * (n + 1)
        let cov = cross[m] - center
        let vx = squaredRanks[m] - center
        let vy = baselineSquares[0] - center
        guard vx > 0, vy > 0 else { return nil }
        return Double(cov) / (Double(vx).squareRoot() * Double(vy).squareRoot())
    }

    /// Competition ranks of the departments by descending mean score, from their sums and
    /// project counts (compared exactly, as fractions).
    static func departmentRanks(sums: ArraySlice<Int64>, counts: [Int]) -> [Int32] {
        let first = sums.startIndex
        let d = counts.count
        func above(_ a: Int, _ b: Int) -> Bool {
            Int128(sums[first + a]) * Int128(counts[b]) > Int128(sums[first + b]) * Int128(counts[a])
        }
        let order = (0..<d).sorted { above($0, $1) || (!above($1, $0) && $0 < $1) }
        var rank = [Int32](repeating: 0, count: d)
        for (j, x) in order.enumerated() {
            rank[x] = j > 0 && !above(order[j - 1], x) ? rank[order[j - 1]] : Int32(j + 1)
        }
        return rank
    }

    /// Each department's rank under the baseline (the mean of its projects' §4.4 totals).
    var departmentBaselineRanks: [Int32] {
        Self.departmentRanks(sums: departmentBaselineSums[...], counts: departmentProjects)
    }

    /// Each department's rank in scenario `m`.
    func departmentRanks(_ m: Int) -> [Int32] {
        let d = departments.count
        return Self.departmentRanks(sums: departmentSums[(m * d)..<((m + 1) * d)], counts: departmentProjects)
    }

    /// Spearman's ρ between the department means in scenario `m` and under the baseline.
    func departmentSpearman(_ m: Int) -> Double? {
        let d = departments.count
        func averageRanks(_ sums: ArraySlice<Int64>) -> [Double] {
            let competition = Self.departmentRanks(sums: sums, counts: departmentProjects)
            var tied = [Int](repeating: 0, count: d + 1)
            for r in competition { tied[Int(r)] += 1 }
            return competition.map { Double($0) + Double(tied[Int($0)] - 1) / 2 }
        }
        let x = averageRanks(departmentSums[(m * d)..<((m + 1) * d)])
        let y = averageRanks(departmentBaselineSums[...])
        let mean = Double(d + 1) / 2
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<d {
            sxy += (x[i] - mean) * (y[i] - mean)
            sxx += (x[i] - mean) * (x[i] - mean)
            syy += (y[i] - mean) * (y[i] - mean)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx.squareRoot() * syy.squareRoot())
    }

    /// Per department: baseline rank and the median, 5th and 95th percentile (×100) of its rank
    /// over the `sampled` scenarios.
    func departmentIntervals(sampled: Range<Int>) -> [(baseline: Int32, quantiles: [Int64])] {
        let d = departments.count
        var ranks = [Int32](repeating: 0, count: d * sampled.count)
        for (j, m) in sampled.enumerated() {
            for (x, r) in departmentRanks(m).enumerated() { ranks[x * sampled.count + j] = r }
        }
        var selector = RankQuantiles(count: sampled.count, percents: ScenarioRanks.percents)
        let baseline = departmentBaselineRanks
        return (0..<d).map { x in
            let q = ranks.withUnsafeBufferPointer {
                selector.hundredths(of: UnsafeBufferPointer(rebasing: $0[(x * sampled.count)..<((x + 1) * sampled.count)]))
            }
            return (baseline[x], q)
        }
    }

    /// The mean over projects of each category's first-order share in its score's variance;
    /// nil when no project's score varies.
    var scoreShares: [Double]? {
        guard shareProjects > 0 else { return nil }
        return shareSums.values.map { Double($0) / ScenarioRanks.shareScale / Double(shareProjects) }
    }
}

extension ScenarioResults {
    /// Each category's first-order share in the variance of Spearman's ρ over the sampled
    /// scenarios of a period; nil when ρ does not vary or is undefined somewhere.
    func spearmanShares(_ period: PeriodScenarioResults) -> [Double]? {
        var rho: [Double] = []
        for m in sampled {
            guard let r = period.spearman(m) else { return nil }
            rho.append(r)
        }
        let bins = SensitivityBins(weights: weights[(sampled.lowerBound * categoryCount)..<(sampled.upperBound * categoryCount)],
                                   categories: categoryCount)
        return bins.shares(of: rho)
    }
}
