import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §7: department benchmarks, every statistic against values worked out by hand.
@Suite struct DepartmentBenchmarksTests {
    /// One project with a chosen total (in units of the scheme's precision, 0.01 by default), read through the real ingest: one output
    /// indicator ≥ 90 worth 90 points whose actual is the total − 10 (so it scores total − 10), and
    /// the whole budget spent for the 10 execution points. With budget 0 there are no execution
    /// points, and the actual is the whole total.
    struct Project {
        var department: String
        var total: Int64
        var budget = "100"
        var executed: String? = nil
        var period = "2024"
        var sector = ""
    }

    /// Projects of one department with the given totals.
    static func department(_ name: String, _ totals: [Int64], budget: String = "100", period: String = "2024", sector: String = "") -> [Project] {
        totals.map { Project(department: name, total: $0, budget: budget, period: period, sector: sector) }
    }

    /// The batch of `projects`, scored, and its benchmarks by `key`.
    func benchmarks(_ projects: [Project], scheme: Scheme = Scheme(), by key: GroupKey = .department) throws
        -> (batch: ProjectBatch, b: DepartmentBenchmarks, g: GroupDeviations)
    {
        var p = "project_id,department,period,sector,budget,executed\n"
        var i = "project_id,period,level1,indicator,direction,target,actual,points\n"
        for (k, q) in projects.enumerated() {
            let actual = Double(q.budget) == 0 ? q.total : q.total - Int64(10 * Rounding.scale(scheme.precision))
            p += "P\(k),\(q.department),\(q.period),\(q.sector),\(q.budget),\(q.executed ?? q.budget)\n"
            i += "P\(k),\(q.period),output,I,>=,90,\(Rounding.text(units: actual, precision: scheme.precision)),90\n"
        }
        let (result, d) = ingest(projects: p, indicators: i, scheme: scheme)
        let batch = try #require(result?.batch, "\(d.errors)")
        let scores = Scorer(scheme: scheme, threads: 1).score(batch)
        #expect(Array(scores.total) == projects.map(\.total))
        let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
        let b = DepartmentBenchmarks(batch: batch, scores: scores, categories: matrix, scheme: scheme, by: key)
        let deviations = ProjectDeviations(batch: batch, scores: scores, ranks: ProjectRanks(batch: batch, scores: scores), scheme: scheme)
        return (batch, b, GroupDeviations(b, batch: batch, scores: scores, deviations: deviations))
    }

    /// The row of a department.
    func row(_ name: String, _ r: (batch: ProjectBatch, b: DepartmentBenchmarks, g: GroupDeviations), period: String = "2024") throws -> Int {
        try #require((0..<r.b.count).first {
            r.batch.departments[Int(r.b.group[$0])] == name && r.batch.periods[Int(r.b.period[$0])] == period
        })
    }

    /// Four projects, totals 70, 80, 85, 95; budgets 100, 100, 200, 100; the third spends 220.
    ///
    /// * budget 500, executed 100 + 100 + 220 + 100 = 520, execution rate 520 / 500 = 1.04
    /// * mean (70 + 80 + 85 + 95) / 4 = 330 / 4 = 82.5
    /// * weighted (100·70 + 100·80 + 200·85 + 100·95) / 500 = (7000 + 8000 + 17000 + 9500) / 500 = 41500 / 500 = 83
    /// * type 7 on x = [70, 80, 85, 95], h = (4 − 1)·p, Q = x[⌊h⌋] + frac(h)·(x[⌊h⌋+1] − x[⌊h⌋]):
    ///   median h = 1.5 → 80 + 0.5·5 = 82.5; q1 h = 0.75 → 70 + 0.75·10 = 77.5;
    ///   q3 h = 2.25 → 85 + 0.25·10 = 87.5; p10 h = 0.3 → 70 + 0.3·10 = 73; p90 h = 2.7 → 85 + 0.7·10 = 92
    /// * std: deviations −12.5, −2.5, 2.5, 12.5; squares 156.25 + 6.25 + 6.25 + 156.25 = 325; 325 / 4 = 81.25; √81.25
    /// * grades: 95 优, 80 and 85 良, 70 中 → 1, 2, 1, 0 → 25.00 %, 50.00 %, 25.00 %, 0.00 %
    /// * output achievement (total − 10) / 90: (60 + 70 + 75 + 85) / 90 / 4 = 290 / 360; execution min(rate, 1) = 1 each
    @Test func fourProjectsEveryStatistic() throws {
        var projects = Self.department("D4", [7000, 8000, 8500, 9500])
        projects[2].budget = "200"
        projects[2].executed = "220"
        let r = try benchmarks(projects)
        let b = r.b
        #expect(b.count == 1)
        #expect(b.projects == [4])
        #expect(b.budget == [500_000_000] && b.executed == [520_000_000])
        #expect(b.executionRate == [1.04])
        #expect(b.mean == [82.5])
        #expect(b.weightedMean == [83])
        #expect(b.median == [82.5] && b.q1 == [77.5] && b.q3 == [87.5] && b.p10 == [73] && b.p90 == [92])
        #expect(b.minimum == [7000] && b.maximum == [9500])
        #expect(b.standardDeviation == [(81.25).squareRoot()])
        #expect(b.grades.indices.map { b.gradeCount(row: 0, band: $0) } == [1, 2, 1, 0])
        #expect(b.grades.indices.map { b.gradeShare(row: 0, band: $0) } == [2500, 5000, 2500, 0])
        #expect(b.categories == ["output", "benefit", "satisfaction", "execution"])
        #expect(abs(b.categoryAchievement(row: 0, category: 0) - 290.0 / 360) < 1e-15)
        #expect(b.categoryProjects(row: 0, category: 1) == 0 && b.categoryAchievement(row: 0, category: 1).isNaN)
        #expect(b.categoryProjects(row: 0, category: 3) == 4 && b.categoryAchievement(row: 0, category: 3) == 1)
        // Alone in its period: rank 1, and the average is its own mean.
        #expect(b.rank == [1] && b.gapToAverage == [0] && b.belowAverage == [false])

        let csv = String(decoding: DepartmentsTable.bytes(r.batch, GroupBenchmarks(benchmarks: b, deviations: r.g), dimension: .level1, language: .en, format: .csv(excel: false)), as: UTF8.self)
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "period,department,projects,budget,executed,execution_rate,mean,weighted_mean,median,q1,q3,p10,p90,min,max,std,"
            + "n_excellent,share_excellent,n_good,share_good,n_fair,share_fair,n_poor,share_poor,rank,gap_to_average,below_average,"
            + "achievement_output,achievement_benefit,achievement_satisfaction,achievement_execution,"
            + "self_review_gap_mean,reviewed,flagged_share")
        #expect(lines[1].hasPrefix("2024,D4,4,500.00,520.00,1.0400,82.5,83,82.5,77.5,87.5,73,92,70.00,95.00,"))
        #expect(lines[1].contains(",1,25.00,2,50.00,1,25.00,0,0.00,1,0,false,"))
        // Benefit and satisfaction empty, execution 1; no self/review pairs; flagged: the gap
        // completion − execution exceeds 20 points for 70 (60/90 − 100% = −33.3), 80 (70/90 − 100% =
        // −22.2) and 85 (75/90 − 110% = −26.7), not for 95 (85/90 − 100% = −5.6): 3 of 4 = 75.00 %.
        #expect(lines[1].hasSuffix(",,,1,,0,75.00"))
    }

    /// One project of 61.50 (budget 50): every location statistic is 61.5, the spread 0, the one
    /// grade (中, fair) 100.00 %.
    @Test func oneProjectDepartment() throws {
        let b = try benchmarks(Self.department("D1", [6150], budget: "50")).b
        #expect(b.projects == [1] && b.budget == [50_000_000])
        for column in [b.mean, b.weightedMean, b.median, b.q1, b.q3, b.p10, b.p90] { #expect(column == [61.5]) }
        #expect(b.minimum == [6150] && b.maximum == [6150])
        #expect(b.standardDeviation == [0])
        #expect(b.grades.indices.map { b.gradeShare(row: 0, band: $0) } == [0, 0, 10_000, 0])
    }

    /// Means: D1 (90 + 96) / 2 = 93; D2 (80 + 85 + 86) / 3 = 251/3; D3 (4 × 83.67 + 2 × 83.66) / 6
    /// = 502 / 6 = 251/3, equal to D2's although neither is a finite binary fraction; D4 60.
    /// Competition ranks: 1, 2, 2, 4.
    @Test func equalExactMeansShareARankAndTheNextIsSkipped() throws {
        let r = try benchmarks(
            Self.department("D1", [9000, 9600]) + Self.department("D2", [8000, 8500, 8600])
                + Self.department("D3", [8367, 8366, 8367, 8367, 8366, 8367]) + Self.department("D4", [6000]))
        #expect(try ["D1", "D2", "D3", "D4"].map { r.b.rank[try row($0, r)] } == [1, 2, 2, 4])
        #expect(r.b.mean[try row("D2", r)] == r.b.mean[try row("D3", r)])
    }

    /// Medians: D1 [80, 90] → 85; D2 [85] → 85; D3 [70, 99, 100] → 99. Ranks by median: D3 1, D1 and D2 2.
    @Test func rankByMedianTies() throws {
        var scheme = Scheme()
        scheme.rankBy = .median
        let r = try benchmarks(
            Self.department("D1", [8000, 9000]) + Self.department("D2", [8500]) + Self.department("D3", [7000, 9900, 10000]), scheme: scheme)
        #expect(try ["D1", "D2", "D3"].map { r.b.rank[try row($0, r)] } == [2, 2, 1])
        #expect(try r.b.statistic(row("D1", r)) == 85)
    }

    /// Integer scores (precision 0), so that D1's seven totals span less than their count and are
    /// sorted by counting: [82, 80, 81, 80, 82, 81, 80] → [80, 80, 80, 81, 81, 82, 82], h = 6p:
    /// median x3 = 81; q1 h = 1.5 → 80; q3 h = 4.5 → 81 + 0.5·1 = 81.5; p10 h = 0.6 → 80; p90 h = 5.4 → 82;
    /// mean 566 / 7. D2 [79, 90], h = p: median 79 + 0.5·11 = 84.5; q1 79 + 0.25·11 = 81.75;
    /// q3 79 + 0.75·11 = 87.25; p10 79 + 0.1·11 = 80.1; p90 79 + 0.9·11 = 88.9.
    /// By median over all projects: [79, 80, 80, 80, 81, 81, 82, 82, 90] → x4 = 81; D1 equals it
    /// (gap 0, not below), D2 is 3.5 above. Ranks D2 1, D1 2.
    @Test func integerScoresCountingSortAndMedianOverAllProjects() throws {
        var scheme = Scheme()
        scheme.precision = 0
        scheme.rankBy = .median
        scheme.averageOf = .projects
        let r = try benchmarks(Self.department("D1", [82, 80, 81, 80, 82, 81, 80]) + Self.department("D2", [79, 90]), scheme: scheme)
        #expect(r.b.median == [81, 84.5] && r.b.q1 == [80, 81.75] && r.b.q3 == [81.5, 87.25])
        #expect(r.b.p10 == [80, 80.1] && r.b.p90 == [82, 88.9])
        #expect(r.b.mean[0] == 566.0 / 7 && r.b.minimum == [80, 79] && r.b.maximum == [82, 90])
        #expect(r.b.average == [81] && r.b.gapToAverage == [0, 3.5] && r.b.belowAverage == [false, false])
        #expect(r.b.rank == [2, 1])
    }

    /// 5 of 54 projects 优: 5 / 54 = 9.259…% → 9.26; 49 / 54 = 90.740…% → 90.74. And 1 of 32:
    /// 3.125 % → 3.13, 31 of 32: 96.875 % → 96.88 (halves away from zero).
    @Test func gradeSharesInPercentWithTwoDecimals() throws {
        let r = try benchmarks(
            Self.department("D54", Array(repeating: 9500, count: 5) + Array(repeating: 8500, count: 49))
                + Self.department("D32", [9500] + Array(repeating: 5000, count: 31)))
        let d54 = try row("D54", r)
        let d32 = try row("D32", r)
        #expect(r.b.grades.indices.map { r.b.gradeShare(row: d54, band: $0) } == [926, 9074, 0, 0])
        #expect(r.b.grades.indices.map { r.b.gradeShare(row: d32, band: $0) } == [313, 0, 0, 9688])
        let csv = String(decoding: DepartmentsTable.bytes(r.batch, GroupBenchmarks(benchmarks: r.b, deviations: r.g), dimension: .level1, language: .en, format: .csv(excel: false)), as: UTF8.self)
        #expect(csv.contains(",5,9.26,49,90.74,0,0.00,0,0.00,"))
        #expect(csv.contains(",1,3.13,0,0.00,0,0.00,31,96.88,"))
    }

    /// A [90, 90, 90, 90] mean 90; B [60]; C [72, 78] mean 75.
    /// average_of departments: (90 + 60 + 75) / 3 = 75 → gaps 15, −15, 0; only B below (C equals it).
    /// average_of projects: (360 + 60 + 150) / 7 = 570/7 → gaps 60/7, −150/7, −45/7; B and C below.
    @Test func belowAverageUnderBothAverageOfSettings() throws {
        let projects = Self.department("A", [9000, 9000, 9000, 9000]) + Self.department("B", [6000]) + Self.department("C", [7200, 7800])
        let byDepartments = try benchmarks(projects)
        #expect(byDepartments.b.average == [75])
        #expect(try ["A", "B", "C"].map { byDepartments.b.gapToAverage[try row($0, byDepartments)] } == [15, -15, 0])
        #expect(try ["A", "B", "C"].map { byDepartments.b.belowAverage[try row($0, byDepartments)] } == [false, true, false])

        var scheme = Scheme()
        scheme.averageOf = .projects
        let byProjects = try benchmarks(projects, scheme: scheme)
        #expect(byProjects.b.average == [570.0 / 7])
        let gaps = try ["A", "B", "C"].map { byProjects.b.gapToAverage[try row($0, byProjects)] }
        for (gap, hand) in zip(gaps, [60.0 / 7, -150.0 / 7, -45.0 / 7]) { #expect(abs(gap - hand) < 1e-12) }
        #expect(try ["A", "B", "C"].map { byProjects.b.belowAverage[try row($0, byProjects)] } == [false, true, true])
    }

    /// Budgets of billions, so that budget (millionths) × total (units) passes 2^63:
    /// D1 90 on 5,000,000,000 and 60 on 15,000,000,000 → (5·90 + 15·60) / 20 = 1350 / 20 = 67.5 (mean 75);
    /// D2 70 and 70 on 100 each → 70. By mean D1 ranks first, by weighted mean D2.
    @Test func fundWeightedMean() throws {
        var projects = Self.department("D1", [9000, 6000]) + Self.department("D2", [7000, 7000])
        projects[0].budget = "5000000000"
        projects[1].budget = "15000000000"
        let byMean = try benchmarks(projects)
        #expect(byMean.b.weightedMean == [67.5, 70] && byMean.b.mean == [75, 70])
        #expect(byMean.b.rank == [1, 2])
        var scheme = Scheme()
        scheme.rankBy = .weightedMean
        scheme.averageOf = .projects
        // Over all projects, in yuan·points: (5e9·90 + 15e9·60 + 100·70 + 100·70) / (20e9 + 200)
        // = 1,350,000,014,000 / 20,000,000,200 = 67.5 + 500 / 20,000,000,200: D1's 67.5 is just below it.
        let byWeighted = try benchmarks(projects, scheme: scheme)
        #expect(byWeighted.b.rank == [2, 1])
        #expect(byWeighted.b.belowAverage == [true, false])
    }

    /// D1: two projects with budget 0 (no execution points), totals 50 and 70: Σ budget = 0, so the
    /// execution rate and weighted mean are undefined; mean 60. D2: one project of 80 on 100.
    /// By mean: D2 1, D1 2. By weighted mean D1 is unranked; D2 alone ranks 1 at its own average 80.
    @Test func emptyBudgetSum() throws {
        let projects = Self.department("D1", [5000, 7000], budget: "0") + Self.department("D2", [8000])
        let byMean = try benchmarks(projects)
        #expect(byMean.b.budget == [0, 100_000_000])
        #expect(byMean.b.executionRate[0].isNaN && byMean.b.weightedMean[0].isNaN && byMean.b.mean[0] == 60)
        #expect(byMean.b.rank == [2, 1])
        var scheme = Scheme()
        scheme.rankBy = .weightedMean
        let r = try benchmarks(projects, scheme: scheme)
        #expect(r.b.rank == [nil, 1] && r.b.belowAverage == [nil, false] && r.b.average == [80])
        #expect(r.b.gapToAverage[0].isNaN && r.b.gapToAverage[1] == 0)
        let csv = String(decoding: DepartmentsTable.bytes(r.batch, GroupBenchmarks(benchmarks: r.b, deviations: r.g), dimension: .level1, language: .en, format: .csv(excel: false)), as: UTF8.self)
        // execution_rate and weighted_mean empty; rank, gap_to_average and below_average empty.
        #expect(csv.contains("\r\n2024,D1,2,0.00,0.00,,60,,60,"))
        #expect(csv.contains(",1,50.00,1,50.00,,,,"))  // 70 中, 50 差
    }

    /// 2023: A 80, B 90 → B 1, A 2, average 85. 2024: A 70, B 60 → A 1, B 2, average 65.
    @Test func ranksAndAveragesAreWithinThePeriod() throws {
        let r = try benchmarks(
            Self.department("A", [8000], period: "2023") + Self.department("B", [9000], period: "2023")
                + Self.department("A", [7000], period: "2024") + Self.department("B", [6000], period: "2024"))
        #expect(r.b.count == 4)
        #expect(try [row("A", r, period: "2023"), row("B", r, period: "2023"), row("A", r, period: "2024"), row("B", r, period: "2024")]
            .map { r.b.rank[$0] } == [2, 1, 1, 2])
        #expect(r.b.average == [85, 65])
    }

    /// 教育 has D1's 80 and D2's 90 → mean 85; 卫生 has D2's 60 → 60.
    @Test func sectorTable() throws {
        let projects = Self.department("D1", [8000], sector: "教育") + Self.department("D2", [9000], sector: "教育")
            + Self.department("D2", [6000], sector: "卫生")
        let r = try benchmarks(projects, by: .sector)
        #expect(r.b.key == .sector)
        #expect(r.b.group.map { r.batch.sectors[Int($0)] } == ["教育", "卫生"])
        #expect(r.b.projects == [2, 1] && r.b.mean == [85, 60] && r.b.rank == [1, 2])
        let csv = String(decoding: DepartmentsTable.bytes(r.batch, GroupBenchmarks(benchmarks: r.b, deviations: r.g), dimension: .level1, language: .zh, format: .csv(excel: false)), as: UTF8.self)
        #expect(csv.hasPrefix("年度,行业,项目数,全年预算数,全年执行数,预算执行率,平均分,资金加权平均分,中位数,下四分位数,上四分位数,第10百分位数,第90百分位数,最低分,最高分,标准差,"
            + "优项目数,优占比(%),良项目数,良占比(%),中项目数,中占比(%),差项目数,差占比(%),排名,与平均值差距,低于平均,"
            + "产出指标平均完成度,效益指标平均完成度,满意度指标平均完成度,预算执行平均完成度,自评复核平均差,复核项目数,预警项目占比(%)\r\n"))
    }

    /// P1: output 50 points at 1 (100 of 100), benefit 40 at 0.75 (75 of 100); P2: output 90 at 0.5.
    /// Output: 2 projects, (1 + 0.5) / 2 = 0.75; benefit: 1 project, 0.75; satisfaction: none (no row);
    /// execution: 2 projects at 1.
    @Test func departmentByCategory() throws {
        let projects = "project_id,department,period,budget,executed\nP1,D,2024,100,100\nP2,D,2024,100,100\n"
        let indicators = """
            project_id,period,level1,indicator,direction,target,actual,points
            P1,2024,output,I1,>=,100,100,50
            P1,2024,benefit,I2,>=,100,75,40
            P2,2024,output,I3,>=,100,50,90

            """
        let (result, d) = ingest(projects: projects, indicators: indicators)
        let batch = try #require(result?.batch, "\(d.errors)")
        let scores = Scorer(scheme: Scheme(), threads: 1).score(batch)
        let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: Scheme())
        let b = DepartmentBenchmarks(batch: batch, scores: scores, categories: matrix, scheme: Scheme())
        #expect(b.categories.indices.map { b.categoryProjects(row: 0, category: $0) } == [2, 1, 0, 2])
        #expect(b.categoryAchievement(row: 0, category: 0) == 0.75 && b.categoryAchievement(row: 0, category: 1) == 0.75)
        let csv = String(decoding: DepartmentCategoriesTable.bytes(batch, b, dimension: .level1, language: .en, format: .csv(excel: false)),
                         as: UTF8.self)
        #expect(csv == "period,department,category,projects,mean_achievement\r\n2024,D,output,2,0.75\r\n2024,D,benefit,1,0.75\r\n2024,D,execution,2,1\r\n")
    }

    /// 1/3 = 2/6 whatever the representation; 128-bit numerators and denominators compare
    /// exactly: (2^64 + 1) / 2 > 2^64 / 2 although both are 2^63 as doubles, and a fund-weighted
    /// mean over Σ budget = 2^65 + 1 millionths keeps its last unit.
    @Test func exactRatioComparesCrossProducts() {
        let (one, three): (Int64, Int64) = (1, 3)
        #expect(ExactRatio(one, over: three) == ExactRatio(Int64(2), over: 6))
        #expect(ExactRatio(one, over: three) < ExactRatio(Int64(334), over: 1000))
        let big = ExactRatio(UInt128(1) << 64 + 1, over: 2)
        let smaller = ExactRatio(UInt128(1) << 64, over: 2)
        #expect(smaller < big && !(big < smaller))
        #expect(smaller == ExactRatio(UInt128(1) << 63, over: 1) && smaller.denominator == 1)  // 2^64 / 2 in lowest terms
        // 90 × (2^65 + 1) / (2^65 + 1) = 90 exactly; one unit more in the numerator is above it.
        let budget = UInt128(1) << 65 + 1
        #expect(ExactRatio(90 * budget, over: budget) == ExactRatio(Int64(90), over: 1))
        #expect(ExactRatio(Int64(90), over: 1) < ExactRatio(90 * budget + 1, over: budget))
    }
}
