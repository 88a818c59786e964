import Testing
@_spi(Stages) @testable import ScoreKernel

/// One project of an analytics fixture: a single output indicator of 90 points with target 90,
/// so that its score is `actual` (for actual ≤ 90) and its total `actual + 10 × min(rate, 1)`.
struct Row {
    var id: String
    var period = "2024"
    var department = "D"
    var sector = "S"
    var budget = "100"
    var executed = "100"
    var actual = "90"
    var selfScore = ""
    var review = ""
    var monitor = ""
}

func analytics(_ rows: [Row], scheme: Scheme = Scheme(), periodEnd: Int? = nil) throws
    -> (batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, ranks: ProjectRanks)
{
    var projects = "project_id,period,department,sector,budget,executed,self_score,review_score,monitor_score\n"
    var indicators = "project_id,period,level1,indicator,target,actual,points\n"
    for r in rows {
        projects += "\(r.id),\(r.period),\(r.department),\(r.sector),\(r.budget),\(r.executed),\(r.selfScore),\(r.review),\(r.monitor)\n"
        indicators += "\(r.id),\(r.period),output,X,>=90,\(r.actual),90\n"
    }
    let (result, d) = ingest(projects: projects, indicators: indicators, scheme: scheme)
    let batch = try #require(result?.batch, "\(d.errors)")
    let scores = Scorer(scheme: scheme, threads: 1).score(batch)
    let ranks = ProjectRanks(batch: batch, scores: scores)
    return (batch, scores, ProjectDeviations(batch: batch, scores: scores, ranks: ranks, scheme: scheme, periodEnd: periodEnd), ranks)
}

@Suite struct DeviationTests {
    @Test func executionCompletionGapAtItsThreshold() throws {
        // Completion 81 / 90 = 0.9; execution 70 / 100 = 0.7: δ = 20 points, not above 20.
        var (_, _, d, _) = try analytics([Row(id: "A", executed: "70", actual: "81")])
        #expect(abs(d.gap[0] - 20) < 1e-9)
        #expect(!d.flags[0].contains(.executionCompletionGap))
        // Execution 69.99: δ = 20.01 → flagged.
        (_, _, d, _) = try analytics([Row(id: "A", executed: "69.99", actual: "81")])
        #expect(d.flags[0].contains(.executionCompletionGap))
        // Budget 0: δ undefined, no flag.
        (_, _, d, _) = try analytics([Row(id: "A", budget: "0", executed: "0", actual: "81")])
        #expect(d.gap[0].isNaN && !d.flags[0].contains(.executionCompletionGap))
    }

    @Test func timeProgressLightForAMonitoringPeriod() throws {
        // 2024-07: τ = 7/12. Rate 0.35 → 0.35 / (7/12) × 100 = 60.00 → yellow (red is below 60).
        var (_, _, d, _) = try analytics([Row(id: "A", period: "2024-07", executed: "35")])
        #expect(abs(d.progressRatio[0] - 60) < 1e-9)
        #expect(d.light[0] == .yellow && !d.flags[0].contains(.progressRed))
        // Rate 0.3499 → 59.98 → red.
        (_, _, d, _) = try analytics([Row(id: "A", period: "2024-07", executed: "34.99")])
        #expect(d.light[0] == .red && d.flags[0].contains(.progressRed))
        // Rate 0.4667 → 80.006 → green; an annual period is τ = 1.
        (_, _, d, _) = try analytics([Row(id: "A", period: "2024-07", executed: "46.67"), Row(id: "B", executed: "80")])
        #expect(d.light == [.green, .green])
        // --period-end 2024-06 overrides: 0.4667 / 0.5 = 93.34.
        (_, _, d, _) = try analytics([Row(id: "A", executed: "46.67")], periodEnd: 6)
        #expect(abs(d.progressRatio[0] - 93.34) < 1e-9)
    }

    @Test func executionCheckpoints() throws {
        // October: ≥ 60%. 60 is enough; 59.99 is behind.
        var (_, _, d, _) = try analytics([Row(id: "A", period: "2024-10", executed: "60"), Row(id: "B", period: "2024-10", executed: "59.99")])
        #expect(!d.flags[0].contains(.executionBehindCheckpoint))
        #expect(d.flags[1].contains(.executionBehindCheckpoint))
        #expect(d.checkpointMinimum[1] == 60)
        // September: no checkpoint applies yet. December (a year): ≥ 85%.
        (_, _, d, _) = try analytics([Row(id: "A", period: "2024-09", executed: "10"), Row(id: "B", executed: "84.99")])
        #expect(d.checkpointMinimum[0].isNaN && !d.flags[0].contains(.executionBehindCheckpoint))
        #expect(d.checkpointMinimum[1] == 85 && d.flags[1].contains(.executionBehindCheckpoint))
    }

    @Test func reasonRequiredFlags() throws {
        // 89.99% < 90% → reason; 90% is not. Actual 89 < 90 points → an indicator below its points.
        let (_, scores, d, _) = try analytics([Row(id: "A", executed: "89.99"), Row(id: "B", executed: "90", actual: "89")])
        #expect(d.flags[0].contains(.executionReasonRequired) && !d.flags[0].contains(.deviationReasonRequired))
        #expect(!d.flags[1].contains(.executionReasonRequired) && d.flags[1].contains(.deviationReasonRequired))
        #expect(Array(scores.indicatorsBelowPoints) == [0, 1])
    }

    @Test func lowMonitoringScoreAtItsThreshold() throws {
        let (_, _, d, _) = try analytics([Row(id: "A", monitor: "59.99"), Row(id: "B", monitor: "60"), Row(id: "C")])
        #expect(d.flags.map { $0.contains(.lowMonitoringScore) } == [true, false, false])
    }

    @Test func consecutiveLowMonitoringAcrossThreePeriods() throws {
        // A: 55 (Mar), 58 (Jun), 70 (Sep) → flagged in June only. B: low in Mar and Sep, not Jun → never.
        let (batch, _, d, _) = try analytics([
            Row(id: "A", period: "2024-03", monitor: "55"), Row(id: "A", period: "2024-06", monitor: "58"),
            Row(id: "A", period: "2024-09", monitor: "70"), Row(id: "B", period: "2024-03", monitor: "50"),
            Row(id: "B", period: "2024-06", monitor: "75"), Row(id: "B", period: "2024-09", monitor: "50"),
        ])
        let flagged = (0..<batch.projects.count).filter { d.flags[$0].contains(.consecutiveLowMonitoring) }
            .map { "\(batch.projects.id[$0])@\(batch.periods[Int(batch.projects.period[$0])])" }
        #expect(flagged == ["A@2024-06"])
    }

    @Test func keyEvaluationCandidateAfterTwoLowYears() throws {
        // A: 65% (2022), 69.99% (2023), 75% (2024) → 2023. B: 60% in 2021 and 2023, absent in 2022 → never.
        // C: 70% then 50% → 70 is not below 70 → never.
        let (batch, _, d, _) = try analytics([
            Row(id: "A", period: "2022", executed: "65"), Row(id: "A", period: "2023", executed: "69.99"),
            Row(id: "A", period: "2024", executed: "75"), Row(id: "B", period: "2021", executed: "60"),
            Row(id: "B", period: "2023", executed: "60"), Row(id: "C", period: "2023", executed: "70"),
            Row(id: "C", period: "2024", executed: "50"),
        ])
        let flagged = (0..<batch.projects.count).filter { d.flags[$0].contains(.keyEvaluationCandidate) }
            .map { "\(batch.projects.id[$0])@\(batch.periods[Int(batch.projects.period[$0])])" }
        #expect(flagged == ["A@2023"])
    }

    @Test func selfVersusReview() throws {
        // Δ 10 within one grade (80 良, 70 中 differ; use 79.99 vs 70: both 中, Δ 9.99 → no flag).
        let (_, _, d, _) = try analytics([
            Row(id: "A", selfScore: "79.99", review: "70"),  // Δ 9.99, both 中 → no flag
            Row(id: "B", selfScore: "79", review: "69"),  // Δ 10 → flag
            Row(id: "C", selfScore: "90", review: "89.5"),  // Δ 0.5 but 优 vs 良 → flag
            Row(id: "D", selfScore: "90"),  // no review
        ])
        #expect(d.flags.map { $0.contains(.reviewGap) } == [false, true, true, false])
        // 79.99 − 70 is 9.989999999999995 in binary; the gap is the decimal difference, 9.99.
        #expect(d.selfReviewGap[0] == 9.99)
        #expect(d.selfReviewGap[2] == 0.5)
        #expect(d.selfReviewGap[3].isNaN)
    }

    @Test func zAndRobustZWithinTheDepartment() throws {
        // Totals 60, 70, 80, 90 (actual 50, 60, 70, 80 + execution 10): mean 75,
        // σ = √((15² + 5² + 5² + 15²) / 4) = √125 = 11.18034; z(90) = 15 / 11.18034 = 1.341641.
        // Median 75; |x − 75| = 15, 5, 5, 15 → MAD = 10; robust z(90) = 15 / 14.826 = 1.011736.
        let (_, _, d, ranks) = try analytics(["50", "60", "70", "80"].enumerated().map { Row(id: "P\($0.offset)", actual: $0.element) })
        #expect(abs(d.zDepartment[3] - 15 / 125.0.squareRoot()) < 1e-9)
        #expect(abs(d.robustZDepartment[3] - 15 / 14.826) < 1e-9)
        #expect(abs(d.zDepartment[0] + 15 / 125.0.squareRoot()) < 1e-9)
        #expect(!d.flags.contains { $0.contains(.outlier) })
        // Percentile within the department: 90 → 100 × (3 + ½) / 4 = 87.5.
        #expect(ranks.percentileInDepartment[3] == 87.5)
    }

    @Test func equalScoresHaveNoZScoresAndNoOutliers() throws {
        // MAD = 0 and σ = 0: z and robust z are empty (NaN), never an outlier.
        let (_, _, d, _) = try analytics((0..<4).map { Row(id: "P\($0)", actual: "70") })
        #expect(d.zDepartment.allSatisfy(\.isNaN) && d.robustZDepartment.allSatisfy(\.isNaN))
        #expect(!d.flags.contains { $0.contains(.outlier) })
    }

    @Test func outlierByRobustZ() throws {
        // Totals 70, 70, 71, 71, 100 (sector S2 to keep the sector out): median 71, |x − 71| = 1, 1, 0, 0, 29
        // → MAD 1; robust z(100) = 29 / 1.4826 = 19.56 > 3.5 → outlier; robust z(70) = −0.674 → not.
        let rows = ["60", "60", "61", "61", "90"].enumerated().map { Row(id: "P\($0.offset)", sector: "S\($0.offset)", actual: $0.element) }
        let (_, _, d, _) = try analytics(rows)
        #expect(d.flags.map { $0.contains(.outlier) } == [false, false, false, false, true])
        #expect(abs(d.robustZDepartment[4] - 29 / 1.4826) < 1e-9)
        #expect(d.robustZSector[4].isNaN)  // a one-project sector has no deviation
    }

    @Test func competitionRanksAndPercentilesWithTies() {
        let g = Grouping(codes: [0, 0, 0, 0, 1], groupCount: 2)
        // 90, 80, 80, 70 → ranks 1, 2, 2, 4; a one-project group → 1.
        #expect(Ranking.competitionRanks([9000, 8000, 8000, 7000, 5000], groups: g) == [1, 2, 2, 4, 1])
        // Percentiles: 90 → (3 + ½)/4 = 87.5; 80 → (1 + 1)/4 = 50; 70 → (0 + ½)/4 = 12.5; alone → 50.
        #expect(Ranking.percentiles([9000, 8000, 8000, 7000, 5000], groups: g) == [87.5, 50, 50, 12.5, 50])
    }

    @Test func robustZUsesTheMedianAbsoluteDeviation() {
        // 1, 2, 3, 4, 10, 20: median (3 + 4)/2 = 3.5; |x − 3.5| = 2.5, 1.5, 0.5, 0.5, 6.5, 16.5
        // → sorted 0.5, 0.5, 1.5, 2.5, 6.5, 16.5 → MAD (1.5 + 2.5)/2 = 2; robust z(20) = 16.5 / 2.9652.
        let ranked = RankedGroups(values: [1, 2, 3, 4, 10, 20].map { Int64($0) }, groups: Grouping(codes: [0, 0, 0, 0, 0, 0], groupCount: 1))
        let (z, robust) = GroupStatistics.zScores(ranked, scale: 1)
        #expect(abs(robust[5] - 16.5 / (1.4826 * 2)) < 1e-12)
        #expect(abs(robust[0] + 2.5 / (1.4826 * 2)) < 1e-12)
        // mean 40/6 = 6.6667; Σ(x − mean)² = 263.3333; σ = √(263.3333 / 6) = 6.62487; z(20) = 13.3333 / 6.62487 = 2.01262.
        #expect(abs(z[5] - 2.01262) < 1e-5)
    }

    @Test func periodsReadAsDates() {
        #expect(PeriodCalendar.parse("2024") == (2024, nil))
        #expect(PeriodCalendar.parse("2024-07") == (2024, 7))
        #expect(PeriodCalendar.parse("2024/7") == (2024, 7))
        #expect(PeriodCalendar.parse("2024年10月") == (2024, 10))
        #expect(PeriodCalendar.parse("2024-13") == (nil, nil))
        #expect(PeriodCalendar.parse("FY24") == (nil, nil))
        let c = PeriodCalendar(periods: ["2024", "2024-07", "2023", "x"])
        #expect(c.rank == [2, 1, 0, 3])
    }
}

@Suite struct RankedGroupsTests {
    /// The radix-sorted order equals a comparison sort by (group, descending value, row) on random
    /// values with many ties, negatives and a wide range.
    @Test func orderMatchesAComparisonSort() {
        var r = SplitMix64(seed: 21)
        for round in 0..<50 {
            let n = 1 + r.below(400)
            let groups = 1 + r.below(7)
            let wide = round % 3 == 0
            let values: [Int64] = (0..<n).map { _ in wide ? Int64(r.below(1 << 40)) - (1 << 39) : Int64(r.below(20)) - 5 }
            let codes: [Int32] = (0..<n).map { _ in Int32(r.below(groups)) }
            let ranked = RankedGroups(values: values, groups: Grouping(codes: codes, groupCount: groups))
            let expected = (0..<n).sorted { (a: Int, b: Int) -> Bool in
                if codes[a] != codes[b] { return codes[a] < codes[b] }
                if values[a] != values[b] { return values[a] > values[b] }
                return a < b
            }
            #expect(ranked.order.map(Int.init) == expected, "round \(round)")
            // The values in that order (read back from the packed keys, or gathered), and each
            // row's group.
            #expect(ranked.sorted == expected.map { values[$0] }, "round \(round)")
            #expect(ranked.group == codes, "round \(round)")
        }
    }

    /// z and robust z against the textbook formulas on random groups, ties and single rows
    /// included: mean and population σ, and the median and MAD of the sorted values.
    @Test func zScoresMatchTheFormulas() {
        var r = SplitMix64(seed: 0x5A)
        func median(_ x: [Double]) -> Double {
            let s = x.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : s[s.count / 2 - 1] + 0.5 * (s[s.count / 2] - s[s.count / 2 - 1])
        }
        for round in 0..<40 {
            let n = 1 + r.below(300)
            let groups = 1 + r.below(6)
            let values: [Int64] = (0..<n).map { _ in Int64(r.below(round % 2 == 0 ? 6 : 100_000)) }
            let codes: [Int32] = (0..<n).map { _ in Int32(r.below(groups)) }
            let (z, robust) = GroupStatistics.zScores(RankedGroups(values: values, groups: Grouping(codes: codes, groupCount: groups)), scale: 100)
            for g in 0..<groups {
                let rows = (0..<n).filter { codes[$0] == Int32(g) }
                let x = rows.map { Double(values[$0]) / 100 }
                guard !x.isEmpty else { continue }
                let mean = x.reduce(0, +) / Double(x.count)
                let sd = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)).squareRoot()
                let med = median(x)
                let mad = median(x.map { abs($0 - med) })
                for (k, row) in rows.enumerated() {
                    let expectedZ = sd > 0 ? (x[k] - mean) / sd : .nan
                    let expectedRobust = mad > 0 ? (x[k] - med) / (1.4826 * mad) : .nan
                    #expect(expectedZ.isNaN ? z[row].isNaN : abs(z[row] - expectedZ) <= 1e-9 * max(1, abs(expectedZ)), "round \(round) row \(row)")
                    #expect(expectedRobust.isNaN ? robust[row].isNaN : abs(robust[row] - expectedRobust) <= 1e-9 * max(1, abs(expectedRobust)),
                            "round \(round) row \(row)")
                }
            }
        }
    }
}

@Suite struct GroupDeviationsTests {
    /// Department D: self 88 / review 83 (Δ 5, both 良), self 80 / review 70 (Δ 10 → review_gap),
    /// and a project with no review; each self score equals its recomputed total (actual + 10).
    /// Mean Δ over the two reviewed = (5 + 10) / 2 = 7.5. Flagged (warning or action): only B
    /// (review_gap, and its completion 70/90 = 77.8% is 22.2 points below execution 100%) → 1 of 3.
    @Test func selfEvaluationInflationAndFlaggedShare() throws {
        let (batch, scores, deviations, _) = try analytics([
            Row(id: "A", actual: "78", selfScore: "88", review: "83"), Row(id: "B", actual: "70", selfScore: "80", review: "70"),
            Row(id: "C", actual: "85", selfScore: "95"),
        ])
        let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: Scheme())
        let table = DepartmentBenchmarks(batch: batch, scores: scores, categories: matrix, scheme: Scheme(), by: .department)
        let g = GroupDeviations(table, batch: batch, scores: scores, deviations: deviations)
        #expect(g.selfReviewGapMean == [7.5])
        #expect(g.reviewed == [2])
        #expect(abs(g.flaggedShare[0] - 100.0 / 3) < 1e-12)
    }
}

@Suite struct DeviationHalvesTests {
    /// Over 4,096 projects the per-project pass runs in two halves: every project's figures must be
    /// its own, checked against a direct recomputation.
    @Test func twoHalvesGiveEachProjectItsOwnFigures() throws {
        let (p, i) = BatchGenerator(projects: 6000, seed: 9).generate()
        let (result, _) = ingest(projects: String(decoding: p, as: UTF8.self), indicators: String(decoding: i, as: UTF8.self))
        let batch = try #require(result?.batch)
        let scores = Scorer(scheme: Scheme()).score(batch)
        let d = ProjectDeviations(batch: batch, scores: scores, ranks: ProjectRanks(batch: batch, scores: scores), scheme: Scheme())
        for q in 0..<batch.projects.count {
            let rate = scores.executionRate[q]
            if rate.isNaN { #expect(d.gap[q].isNaN) } else { #expect(d.gap[q] == (scores.completionRate[q] - rate) * 100) }
            let below = batch.indicators.range(ofProject: q).filter {
                scores.indicatorScore[$0] < Rounding.units(batch.indicators.points[$0], precision: 2)
            }.count
            #expect(Int(scores.indicatorsBelowPoints[q]) == below)
            #expect(d.flags[q].contains(.deviationReasonRequired) == (below > 0))
        }
    }
}
