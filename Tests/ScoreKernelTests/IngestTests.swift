import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

@Suite struct IngestTests {
    @Test func readsAValidPairIntoColumns() throws {
        let (result, d) = ingest(projects: Tables.projects, indicators: Tables.indicators)
        let batch = try #require(result?.batch, "\(d.all)")
        #expect(d.errorCount == 0)
        #expect(batch.projects.count == 2)
        #expect(batch.departments == ["教育局"])
        #expect(batch.periods == ["2024"])
        #expect(batch.projects.budget == [100_000_000, 200_000_000])  // 100.00 and 200.00 in millionths
        #expect(batch.indicators.offsets == [0, 3, 6])
        let i = batch.indicators
        #expect(i.direction == [.atLeast, .qualitative, .atLeast, .atLeast, .range, .atLeast])
        #expect(i.target[0] == 100 && i.actual[0] == 90)
        #expect(i.grade[1] == .achieved)
        #expect(i.target[4] == 5 && i.targetHigh[4] == 10 && i.actual[4] == 7)
        #expect(i.level1 == [.output, .benefit, .satisfaction, .output, .benefit, .satisfaction])
        #expect(i.level2[1] == .social)
        #expect(i.name[0] == "培训人次")
    }

    /// A quoted name with doubled quotes is the name with one quote, in every interned column
    /// (found by the report test: a department `"A""B"` was kept as A""B, and bases.csv, read
    /// unescaped, then had no row for it).
    @Test func quotedNamesAreUnescaped() throws {
        let projects = "project_id,department,period,budget,executed,sector\nP1,\"财政局\"\"专项\"\"\",\"2024\",100,90,\"a\"\"b\"\n"
        let indicators = "project_id,period,level1,indicator,indicator_code,target,actual,points\n"
            + "P1,2024,产出指标,A,\"X\"\"1\",≥1,1,80\nP1,2024,满意度指标,B,,≥1,1,10\n"
        let (result, d) = ingest(projects: projects, indicators: indicators)
        let batch = try #require(result?.batch, "\(d.all)")
        #expect(batch.departments == ["财政局\"专项\""])
        #expect(batch.sectors == ["a\"b"])
        #expect(batch.periods == ["2024"])
        #expect(batch.indicatorCodes == ["X\"1"])
    }

    @Test func headersMatchChineseAliasesCaseAndSpaces() throws {
        let projects = " 项目编码 ,主管部门,年度,调整后预算数,预算执行数\nP1,财政局,2024,\"1,000.50\",１０００\n"
        let indicators = "项目编码,年度,一级指标,三级指标,指标性质,年度指标值,实际完成值,分值\n"
            + "P1,2024,产出指标（50分）,A,正向,95%,96%,50\nP1,2024,效益,B,反向,≤30万元,20万元,30\nP1,2024,满意度指标,C,等于,100,100,10\n"
        let (result, d) = ingest(projects: projects, indicators: indicators)
        let batch = try #require(result?.batch, "\(d.all)")
        #expect(batch.projects.budget == [1_000_500_000])  // "1,000.50"
        #expect(batch.projects.executed == [1_000_000_000])  // full-width １０００
        #expect(batch.indicators.direction == [.atLeast, .atMost, .equal])
        #expect(batch.indicators.target == [95, 30, 100])
    }

    // MARK: One test per error class of SPEC §5

    @Test func missingRequiredColumn() {
        let (_, d) = ingest(projects: "project_id,department,budget\nP1,A,1\n", indicators: Tables.indicators)
        let e = d.first("missing_column")
        #expect(e?.line == 1)
        #expect(e?.message.contains("executed") == true)
    }

    @Test func duplicateProject() {
        let projects = Tables.projects + "P1,教育局,2024,5,5\n"
        let (_, d) = ingest(projects: projects, indicators: Tables.indicators)
        let e = d.first("duplicate_project")
        #expect(e?.line == 4)  // header, P1, P2, the duplicate on line 4
        #expect(e?.message.contains("line 2") == true)
    }

    @Test func indicatorOfUnknownProject() {
        let (_, d) = ingest(projects: Tables.projects, indicators: Tables.indicators + "P9,2024,output,,X,,>=1,1,50,\n")
        let e = d.first("unknown_project")
        #expect(e?.line == 8)
        #expect(e?.value == "P9")
    }

    @Test func nonNumericActualOnQuantitativeIndicator() {
        let indicators = Tables.indicators.replacingOccurrences(of: "P2,2024,output,quantity,Trainees,,>=100,120,50,", with: "P2,2024,output,quantity,Trainees,,≤30万元,完成,50,")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        let e = d.first("not_a_number")
        #expect(e?.line == 5)
        #expect(e?.column == "actual")
        #expect(e?.description == "indicators.csv:5: column actual: \"完成\" is not a number on a quantitative indicator (≤30万元)")
    }

    @Test func negativeBudgetAndNonPositivePoints() {
        let projects = Tables.projects.replacingOccurrences(of: "P2,教育局,2024,200.00", with: "P2,教育局,2024,-200.00")
        let (_, d) = ingest(projects: projects, indicators: Tables.indicators.replacingOccurrences(of: "Satisfaction,,>=90%,85%,10", with: "Satisfaction,,>=90%,85%,0"))
        #expect(d.first("negative_amount")?.line == 3)
        #expect(d.first("points_not_positive")?.line == 7)
    }

    @Test func pointsTotalNot100() {
        // P1: 50 + 30 + 5 + execution 10 = 95.
        let indicators = Tables.indicators.replacingOccurrences(of: "满意度,,≥90%,95%,10", with: "满意度,,≥90%,95%,5")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        let e = d.first("points_total")
        #expect(e?.line == 2)
        #expect(e?.message == "has indicator points 50 (line 2) + 30 (line 3) + 5 (line 4) = 85 in indicators.csv, + execution 10 = 95, not 100")
    }

    @Test func pointsNormalizedWhenTheSchemeSaysSo() throws {
        var scheme = Scheme()
        scheme.normalizePoints = true
        let indicators = Tables.indicators.replacingOccurrences(of: "满意度,,≥90%,95%,10", with: "满意度,,≥90%,95%,5")
        let (result, d) = ingest(projects: Tables.projects, indicators: indicators, scheme: scheme)
        let batch = try #require(result?.batch)
        #expect(d.first("points_normalized")?.severity == .warning)
        // 50, 30, 5 scaled by 90/85: 52.94…, 31.76…, 5.29…; they total 90.
        let p = batch.indicators.points[0..<3]
        #expect(abs(p.reduce(0, +) - 90) < 1e-9)
        #expect(abs(p[0] - 50 * 90 / 85.0) < 1e-12)
    }

    @Test func unknownDirectionAndLevel1() {
        let indicators = Tables.indicators
            .replacingOccurrences(of: "P2,2024,output,quantity,Trainees,,", with: "P2,2024,output,quantity,Trainees,sideways,")
            .replacingOccurrences(of: "P2,2024,benefit,", with: "P2,2024,impact,")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        #expect(d.first("unknown_direction")?.line == 5)
        #expect(d.first("unknown_direction")?.value == "sideways")
        #expect(d.first("unknown_level1")?.line == 6)
    }

    @Test func qualitativeScoreOutsideItsBand() {
        // 30 points, achieved: round(0.8 × 30) = 24 ≤ score ≤ 30; 23.5 is outside.
        let indicators = Tables.indicators.replacingOccurrences(of: "达成年度指标,30,", with: "达成年度指标,30,23.5")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        let e = d.first("score_outside_band")
        #expect(e?.line == 3)
        #expect(e?.message.contains("24.00 ≤ score ≤ 30.00") == true)
    }

    @Test func qualitativeBandBoundsAreInclusiveAtTheLowerBound() throws {
        // Partial, 30 points: round(0.6 × 30) = 18 ≤ score < 24. 18 is in; 24 is out.
        let ok = Tables.indicators.replacingOccurrences(of: "达成年度指标,30,", with: "部分达成,30,18")
        #expect(ingest(projects: Tables.projects, indicators: ok).diagnostics.errorCount == 0)
        let out = Tables.indicators.replacingOccurrences(of: "达成年度指标,30,", with: "部分达成,30,24")
        #expect(ingest(projects: Tables.projects, indicators: out).diagnostics.first("score_outside_band") != nil)
    }

    @Test func rangeWithLowAboveHigh() {
        let indicators = Tables.indicators.replacingOccurrences(of: "Service,,5-10,7", with: "Service,,10-5,7")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        #expect(d.first("range_inverted")?.line == 6)
    }

    @Test func ratioIndicatorWithNegativeTarget() {
        let indicators = Tables.indicators.replacingOccurrences(of: "Trainees,,>=100,120", with: "Trainees,,-100,120")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        #expect(d.first("negative_target")?.line == 5)
    }

    @Test func projectWithNoIndicators() {
        let projects = Tables.projects + "P3,教育局,2024,5,5\n"
        let (_, d) = ingest(projects: projects, indicators: Tables.indicators)
        let e = d.first("no_indicators")
        #expect(e?.line == 4)
        #expect(e?.projectID == "P3")
    }

    @Test func directionColumnConflictingWithPrefix() {
        let indicators = Tables.indicators.replacingOccurrences(of: "培训人次,>=,≥100人次", with: "培训人次,<=,≥100人次")
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        #expect(d.first("direction_conflict")?.line == 2)
    }

    @Test func csvSyntaxErrorStopsWithItsLine() {
        let (_, d) = ingest(projects: Tables.projects + "P3,\"unclosed,2024,1,1\n", indicators: Tables.indicators)
        let e = d.first("csv_syntax")
        #expect(e?.line == 4)
    }

    // MARK: Warnings

    @Test func warningsDoNotStopARead() throws {
        let projects = Tables.projects.replacingOccurrences(of: "P1,教育局,2024,100.00,90.00", with: "P1,教育局,2024,100.00,120.00")
        let indicators = Tables.indicators.replacingOccurrences(of: "≥100人次,90人次", with: "≥100人次,90%")
            .replacingOccurrences(of: "P2,2024,satisfaction,satisfaction,Satisfaction,,>=90%,85%,10,", with: "P2,2024,output,quality,Q,,>=90%,85%,10,")
            .replacingOccurrences(of: "Trainees,,>=100,120", with: "Trainees,,100,120")
        let (result, d) = ingest(projects: projects, indicators: indicators)
        #expect(result != nil)
        #expect(d.first("executed_above_budget")?.line == 2)
        #expect(d.first("unit_mismatch")?.line == 2)
        #expect(d.first("satisfaction_absent")?.projectID == "P2")
        #expect(d.first("direction_defaulted")?.line == 5)
    }

    // MARK: Lenient mode

    @Test func lenientModeExcludesTheProjectWithErrorsAndCountsIt() throws {
        let indicators = Tables.indicators.replacingOccurrences(of: "Trainees,,>=100,120", with: "Trainees,,>=100,lots")
        let (result, d) = ingest(projects: Tables.projects, indicators: indicators, mode: .lenient)
        let r = try #require(result)
        #expect(r.batch.projects.count == 1)
        #expect(r.batch.projects.id[0] == "P1")
        #expect(r.excludedProjects == 1)
        #expect(r.excludedIndicators == 3)  // P2's three rows
        #expect(d.errorCount == 1)
        #expect(r.batch.indicators.offsets == [0, 3])
    }

    @Test func indicatorsWithoutPeriodNeedUniqueIDs() {
        let projects = Tables.projects + "P1,教育局,2023,5,5\n"
        let indicators = Tables.indicators.replacingOccurrences(of: ",2024,", with: ",").replacingOccurrences(of: "project_id,period,", with: "project_id,")
        let (_, d) = ingest(projects: projects, indicators: indicators)
        #expect(d.first("ambiguous_project")?.line == 2)
    }

    /// Without a period column, indicators find their project by id alone, also an id written
    /// with quotes (a doubled quote inside, spaces around): the same project as by (period, id).
    @Test func indicatorsWithoutPeriodFindQuotedIDs() throws {
        let projects = Tables.projects.replacingOccurrences(of: "P2,教育局", with: "\" P\"\"2\"\" \",教育局")
        let withPeriod = Tables.indicators.replacingOccurrences(of: "P2,", with: "\"P\"\"2\"\"\",")
        let withoutPeriod = withPeriod.replacingOccurrences(of: ",2024,", with: ",").replacingOccurrences(of: "project_id,period,", with: "project_id,")
        let (held, d) = ingest(projects: projects, indicators: withoutPeriod)
        let (reference, _) = ingest(projects: projects, indicators: withPeriod)
        let r = try #require(held, "\(d.all)")
        let ref = try #require(reference)
        #expect(r.batch.projects.id[1] == "P\"2\"")
        #expect(r.batch.indicators.offsets == ref.batch.indicators.offsets && r.batch.indicators.offsets == [0, 3, 6])
    }

    /// Rows are tied to their projects by the key, not by the order of the projects file: a row
    /// of the next project's id in another period, and ids with quotes, land where a lookup puts
    /// them whichever order the rows come in.
    @Test func rowsFindTheirProjectsInAnyOrder() throws {
        let projects = "project_id,department,period,budget,executed\nA,D,2023,100,90\nA,D,2024,100,90\n\"B\"\"1\",D,2024,100,90\n"
        func rows(_ key: String, _ points: [Int]) -> String {
            points.enumerated().map { "\(key),\(["产出", "效益", "满意度"][$0.offset]),x,≥1,1,\($0.element)\n" }.joined()
        }
        let header = "project_id,period,level1,indicator,target,actual,points\n"
        // Every order of the three projects' rows: in the projects' order, and with the 2024 A
        // rows where the 2023 A project is the next in projects.csv.
        let blocks = [rows("A,2023", [50, 30, 10]), rows("A,2024", [40, 40, 10]), rows("\"B\"\"1\",2024", [60, 20, 10])]
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].map { $0.map { blocks[$0] } }
        for order in orders {
            let (result, d) = ingest(projects: projects, indicators: header + order.joined())
            let batch = try #require(result?.batch, "\(d.all)")
            // Project order as in projects.csv; each project's own points (50+30+10, 40+40+10, 60+20+10; execution 10).
            #expect((0..<3).map { batch.projects.id[$0] } == ["A", "A", "B\"1"])
            let points = (0..<3).map { q in batch.indicators.range(ofProject: q).map { batch.indicators.points[$0] } }
            #expect(points == [[50, 30, 10], [40, 40, 10], [60, 20, 10]])
        }
    }
}

@Suite struct ParallelIngestTests {
    /// A file over 1 MiB whose names hold quoted line breaks, so that some speculative cuts fall
    /// inside quotes: the parallel read must equal the one-thread read, line numbers included.
    @Test func parallelReadEqualsSerialReadWithQuotedLineBreaks() throws {
        var projects = "project_id,department,budget,executed\n"
        var indicators = "project_id,level1,indicator,target,actual,points\n"
        for q in 0..<8000 {
            projects += "P\(q),D\(q % 7),100,90\n"
            for k in 0..<3 {
                let name = (q + k) % 3 == 0 ? "\"培训\n人次,第\(k)项\"" : "指标\(k)"
                indicators += "P\(q),output,\(name),>=100,\(90 + k),30\n"
            }
            indicators += "P\(q),benefit,\"说明 \"\"甲\"\"\",5-10,7,0.5\n"
        }
        #expect(indicators.utf8.count > 1 << 20)
        var scheme = Scheme()
        scheme.pointsTotal = 100.5
        let p = try SourceText(fileName: "projects.csv", data: Array(projects.utf8))
        let i = try SourceText(fileName: "indicators.csv", data: Array(indicators.utf8))
        let serial = try BatchReader(scheme: scheme, threads: 1).read(projects: p, indicators: i).batch
        let parallel = try BatchReader(scheme: scheme, threads: 2).read(projects: p, indicators: i).batch
        #expect(parallel.indicators.count == 32000)
        let firstLineMismatch = zip(parallel.indicators.sourceLine, serial.indicators.sourceLine).enumerated()
            .first { $0.element.0 != $0.element.1 }.map { "row \($0.offset): \($0.element.0) vs \($0.element.1)" }
        #expect(firstLineMismatch == nil)
        #expect(parallel.indicators.name == serial.indicators.name, "names differ")
        #expect(parallel.indicators.actual == serial.indicators.actual, "actuals differ")
        #expect(parallel.indicators.name[0] == "培训\n人次,第0项")
        #expect(parallel.indicators.name[3] == "说明 \"甲\"")
        // Project 1's first row starts on line 2 + 4 rows of P0 + 1 extra line for P0's quoted break = 7.
        #expect(parallel.indicators.sourceLine[4] == 7)
    }

    /// projects.csv over 1 MiB is read in parts on two workers, each with tables of its own: the
    /// same projects, codes, lines and problems as a one-worker read, a duplicate of a row of the
    /// first part found in the second, and every indicator finding its project in either part.
    @Test(arguments: [false, true])
    func parallelProjectReadEqualsSerialRead(quotedBreaks: Bool) throws {
        var projects = "project_id,department,period,budget,executed,project_name\n"
        var indicators = "project_id,period,level1,indicator,target,actual,points\n"
        for q in 0..<30_000 {
            let name = quotedBreaks && q % 5 == 0 ? "\"第\(q)号\n项目\"" : "项目\(q)"
            let period = q % 3 == 0 ? "2023" : "2024"
            projects += "P\(q),部门\(q % 11),\(period),\(100 + q % 7),90,\(name)\n"
            indicators += "P\(q),\(period),output,指标,>=100,95,90\n"
        }
        projects += "P3,部门3,2023,5,5,重复\n"  // P3 of 2023 again, at the end: in the second part
        projects += "P999999,部门4,2024,5,x,坏\n"  // an amount that is not a number
        #expect(projects.utf8.count > 1 << 20)
        let p = try SourceText(fileName: "projects.csv", data: Array(projects.utf8))
        let i = try SourceText(fileName: "indicators.csv", data: Array(indicators.utf8))
        func read(_ threads: Int) -> (BatchReader.Result?, [String]) {
            do {
                let r = try BatchReader(threads: threads).read(projects: p, indicators: i)
                return (r, r.diagnostics.all.map { "\($0)" })
            } catch {
                return (nil, error.diagnostics.all.map { "\($0)" })
            }
        }
        let (_, serialProblems) = read(1)
        let (_, parallelProblems) = read(2)
        #expect(serialProblems.sorted() == parallelProblems.sorted())
        // P3 is on line 5 (line 6 when P0's name spans two lines).
        #expect(serialProblems.contains { $0.contains("duplicate") && $0.contains("line \(quotedBreaks ? 6 : 5)") })
        // In lenient mode the batches themselves, project by project.
        let serial = try BatchReader(mode: .lenient, threads: 1).read(projects: p, indicators: i).batch
        let parallel = try BatchReader(mode: .lenient, threads: 2).read(projects: p, indicators: i).batch
        #expect(serial.projects.count == 30_000 && parallel.projects.count == serial.projects.count)  // P999999 left out
        #expect(parallel.projects.id == serial.projects.id && parallel.projects.name == serial.projects.name)
        #expect(parallel.projects.sourceLine == serial.projects.sourceLine)
        #expect((0..<serial.projects.count).allSatisfy { parallel.period(of: $0) == serial.period(of: $0) && parallel.department(of: $0) == serial.department(of: $0) })
        #expect(parallel.indicators.offsets == serial.indicators.offsets && parallel.indicators.sourceLine == serial.indicators.sourceLine)
    }
}
