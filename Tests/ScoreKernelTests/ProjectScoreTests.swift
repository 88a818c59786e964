import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §4.2 and §4.4: execution score, rounding, exact totals, grades, completion rate.
@Suite struct ProjectScoreTests {
    @Test func roundingHalfAwayFromZeroAtTheBoundary() {
        #expect(Rounding.units(8.625, precision: 2) == 863)
        #expect(Rounding.units(20 * 0.43125, precision: 2) == 863)  // 8.624999… in binary
        #expect(Rounding.units(89.995, precision: 2) == 9000)  // 89.99499… in binary
        #expect(Rounding.units(8.5, precision: 0) == 9)
        #expect(Rounding.units(-8.625, precision: 2) == -863)
        #expect(Rounding.units(0, precision: 2) == 0)
        #expect(Rounding.text(units: 863, precision: 2) == "8.63")
        #expect(Rounding.text(units: 5, precision: 2) == "0.05")
        #expect(Rounding.text(units: 90, precision: 0) == "90")
    }

    @Test func indicatorScoreRoundsAtTheSchemePrecision() throws {
        // w = 20, A = 100, B = 43.125: a = 0.43125, w·a = 8.625 → 8.63 at p = 2, 9 at p = 0.
        #expect(try indicatorScore("output,>=,100,43.125,20") == 8.63)
        var integer = Scheme()
        integer.precision = 0
        #expect(try indicatorScore("output,>=,100,43.125,20", scheme: integer) == 9)
    }

    @Test func gradeOfATotalAt89_995IsExcellent() {
        let scale = GradeScale(bands: GradePreset.national.bands, precision: 2)
        #expect(scale.grade(units: Rounding.units(89.995, precision: 2)) == 0)  // 90.00 → 优
        #expect(scale.grade(units: 8999) == 1)  // 89.99 → 良
        #expect(scale.grade(units: 8000) == 1)  // 80 inclusive
        #expect(scale.grade(units: 5999) == 3)  // 59.99 → 差
        #expect(scale.grade(units: 0) == 3)
        let local = GradeScale(bands: GradePreset.local807060.bands, precision: 2)
        #expect(local.grade(units: 8000) == 0)  // 优 ≥ 80 in local-80-70-60
        let tiers = GradeScale(bands: GradePreset.tiers.bands, precision: 0)
        #expect(tiers.bands[tiers.grade(units: 85)].label == "二等")
    }

    @Test func executionScoreCappedUncappedAndZeroBudget() throws {
        // rate 86.2 / 100 = 0.862 → 10 × 0.862 = 8.62
        var (_, s) = try scoreProject(["output,>=,1,1,90"], budget: "100", executed: "86.2")
        #expect(s.executionScore[0] == 862)
        #expect(s.executionRate[0] == 0.862)
        (_, s) = try scoreProject(["output,>=,1,1,90"], budget: "100", executed: "120")
        #expect(s.executionScore[0] == 1000)  // capped at 10
        var uncapped = Scheme()
        uncapped.executionCap = false
        (_, s) = try scoreProject(["output,>=,1,1,90"], budget: "100", executed: "120", scheme: uncapped)
        #expect(s.executionScore[0] == 1200)  // 10 × 1.2
        (_, s) = try scoreProject(["output,>=,1,1,90"], budget: "0", executed: "0")
        #expect(s.executionScore[0] == 0)
        #expect(s.executionRate[0].isNaN)
        #expect(s.projectFlags[0].contains(.zeroBudget))
    }

    /// A complete 自评表, scored by hand.
    ///
    /// | 一级 | 三级 | 方向 | 指标值 | 完成值 | 分值 | 完成度 | 得分 |
    /// |---|---|---|---|---|---|---|---|
    /// | 产出 | 培训人次 | ≥ | 1200 | 1130 | 20 | 1130/1200 = 0.941667 | 18.83 |
    /// | 产出 | 合格率 | ≥ | 95% | 97% | 15 | 1 | 15.00 |
    /// | 产出 | 按时完成率 | = | 100% | 90% | 10 | 0.9 | 9.00 |
    /// | 产出 | 成本 | ≤ | 30万元 | 32万元 | 5 | 30/32 = 0.9375 | 4.69 (4.6875) |
    /// | 效益 | 就业增长 | 区间 | 5%-10% | 4% | 15 | 4/5 = 0.8 | 12.00 |
    /// | 效益 | 服务水平 | 定性 | 提升 | 部分达成 | 15 | 0.7 | 10.50 |
    /// | 满意度 | 满意度 | ≥ | 90% | 88% | 10 | 88/90 = 0.977778 | 9.78 |
    /// | 预算执行 | 执行率 | | | 95.5 / 100 | 10 | 0.955 | 9.55 |
    ///
    /// Output 18.83 + 15 + 9 + 4.69 = 47.52; benefit 22.50; satisfaction 9.78; execution 9.55.
    /// Total 47.52 + 22.50 + 9.78 + 9.55 = 89.35 → 良 (good).
    /// Completion rate Σ w·a / Σ w = (18.8333 + 15 + 9 + 4.6875 + 12 + 10.5 + 9.7778) / 90 = 79.7986 / 90 = 0.886651.
    @Test func aCompleteSelfEvaluationTable() throws {
        let (_, s) = try scoreProject([
            "output,>=,1200,1130,20", "output,>=,95%,97%,15", "output,=,100%,90%,10", "output,<=,30万元,32万元,5",
            "benefit,range,5%-10%,4%,15", "benefit,qual,提升,部分达成,15", "satisfaction,>=,90%,88%,10",
        ], budget: "100", executed: "95.5")
        #expect(Array(s.indicatorScore) == [1883, 1500, 900, 469, 1200, 1050, 978])
        #expect(s.level1Score[0][0] == 4752)
        #expect(s.level1Score[1][0] == 2250)
        #expect(s.level1Score[2][0] == 978)
        #expect(s.executionScore[0] == 955)
        #expect(s.total[0] == 8935)
        #expect(s.grades.bands[Int(s.grade[0])].name == "good")
        let weighted: [Double] = [20 * 1130 / 1200.0, 15, 9, 5 * 30 / 32.0, 12, 10.5, 10 * 88 / 90.0]
        let completion = weighted.reduce(0, +) / 90
        #expect(abs(s.completionRate[0] - completion) < 1e-12)
        #expect(abs(s.completionRate[0] - 0.886651) < 1e-6)
    }

    /// `rounding: truncate` (临翔 2023): 100 × 31.69 / 32.4 = 97.8086… is published 97.80, not
    /// 97.81; at precision 0, 10 × 88 / 90 = 9.777… is 9, not 10, and an execution score of
    /// 10 × 0.978 = 9.78 is 9. A product exact in decimal but a hair below it in binary
    /// (20 × 0.43125 = 8.625) is not cut a unit short: 8.62.
    @Test func truncatingSchemes() throws {
        var truncate = Scheme()
        truncate.rounding = .truncate
        #expect(try indicatorScore("output,>=,32.4,31.69,100", scheme: truncate) == 97.80)
        #expect(try indicatorScore("output,>=,32.4,31.69,100") == 97.81)
        #expect(try indicatorScore("output,>=,100,43.125,20", scheme: truncate) == 8.62)
        truncate.precision = 0
        var (_, s) = try scoreProject(["satisfaction,>=,90,88,10"], budget: "100", executed: "97.8", scheme: truncate)
        #expect(s.indicatorScore[0] == 9 && s.executionScore[0] == 9 && s.total[0] == 18)
        var half = Scheme()
        half.precision = 0
        (_, s) = try scoreProject(["satisfaction,>=,90,88,10"], budget: "100", executed: "97.8", scheme: half)
        #expect(s.indicatorScore[0] == 10 && s.executionScore[0] == 10)
        // A unit filing truncated scores is consistent: filed 9 for 9.78 at 0 decimals.
        truncate.precision = 2
        (_, s) = try scoreProject(["output,>=,32.4,31.69,100,97"], scheme: truncate)
        #expect(!s.indicatorFlags[0].contains(.filedScoreDiffers))
    }

    @Test func missingCategoryIsAbsentNotZero() throws {
        let (_, s) = try scoreProject(["output,>=,1,1,60", "benefit,>=,1,1,30"])
        #expect(s.level1Score[2][0] == ScoreTable.absent)
        #expect(s.total[0] == 10000)
    }

    @Test func filedScoresAreCheckedAtTheirOwnDecimals() throws {
        // Recomputed: 20 × 0.431 = 8.62.
        let consistent = ["8.62", "9", "8.6"]  // 8.62; round(8.62, 0) = 9; round(8.62, 1) = 8.6
        for filed in consistent {
            let (_, s) = try scoreProject(["output,>=,100,43.1,20,\(filed)", "output,>=,1,1,70"])
            #expect(!s.indicatorFlags[0].contains(.filedScoreDiffers), "\(filed)")
        }
        for filed in ["8.63", "8.7", "8"] {
            let (_, s) = try scoreProject(["output,>=,100,43.1,20,\(filed)", "output,>=,1,1,70"])
            #expect(s.indicatorFlags[0].contains(.filedScoreDiffers), "\(filed)")
        }
        // Total 8.62 + 70 + 10 = 88.62; self score 89 (0 decimals) is consistent, 88.6 too, 88.7 not.
        for (filed, differs) in [("89", false), ("88.6", false), ("88.62", false), ("88.7", true), ("90", true)] {
            let (_, s) = try scoreProject(["output,>=,100,43.1,20", "output,>=,1,1,70"], selfScore: filed)
            #expect(s.projectFlags[0].contains(.selfScoreDiffers) == differs, "\(filed)")
        }
    }

    @Test func sameScoresForAnyThreadCount() throws {
        let (p, i) = BatchGenerator(projects: 20_000, seed: 3).generate()
        let (result, _) = ingest(projects: String(decoding: p, as: UTF8.self), indicators: String(decoding: i, as: UTF8.self))
        let batch = try #require(result?.batch)
        let one = Scorer(scheme: Scheme(), threads: 1).score(batch)
        let two = Scorer(scheme: Scheme(), threads: 2).score(batch)
        #expect(Array(one.total) == Array(two.total))
        #expect(Array(one.indicatorScore) == Array(two.indicatorScore))
    }
}

@Suite struct FloorTests {
    /// The branch-free floor equals `floor` on non-negative values, at and around integers and halves.
    @Test func floorNonNegativeMatchesFloor() {
        var r = SplitMix64(seed: 17)
        var values: [Double] = [0, 0.5, 1, 1.5, 862.5, 863, 8999.5, 9000, 1e-300, 4_503_599_627_370_495.5]
        for _ in 0..<4000 { values.append(r.uniform(0...20000)); values.append(Double(r.below(20000)) + [0, 0.5, 1e-6, 0.999999][r.below(4)]) }
        for start in stride(from: 0, to: values.count - 8, by: 8) {
            var v = SIMD8<Double>()
            for k in 0..<8 { v[k] = values[start + k] }
            let f = Rounding.floorNonNegative(v)
            for k in 0..<8 { #expect(f[k] == values[start + k].rounded(.down), "\(values[start + k])") }
        }
        // The scalar twin, the same values one by one.
        for x in values { #expect(Rounding.floorNonNegative(x) == x.rounded(.down), "\(x)") }
    }

    /// By hand: ⌊862.5⌋ = 862 (862.5 + 2^52 rounds to even, 862 + 2^52, so no correction);
    /// ⌊863.5⌋ = 863 (rounds up to 864 + 2^52, one taken off); ⌊0.99999⌋ = 0; ⌊7⌋ = 7; the
    /// largest double below 1 floors to 0; NaN stays NaN.
    @Test func scalarFloorByHand() {
        #expect(Rounding.floorNonNegative(862.5) == 862)
        #expect(Rounding.floorNonNegative(863.5) == 863)
        #expect(Rounding.floorNonNegative(0.99999) == 0)
        #expect(Rounding.floorNonNegative(7) == 7)
        #expect(Rounding.floorNonNegative(1.0.nextDown) == 0)
        #expect(Rounding.floorNonNegative(.nan).isNaN)
    }
}
