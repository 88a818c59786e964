import Foundation
import Testing

@Suite struct ScoreCommandTests {
    /// Two projects scored by hand:
    /// P1: 培训人次 ≥100, actual 90, 60 points → 0.9 × 60 = 54.00; 满意度 ≥90%, 95%, 30 → 30.00;
    ///     execution 90 / 100 → 10 × 0.9 = 9.00; total 93.00 → 优.
    /// P2: ≥100, actual 50, 60 → 30.00; 满意度 ≥90, 45 → 15.00; execution 10.00; total 55.00 → 差.
    let projects = "project_id,department,period,budget,executed\nP1,教育局,2024,100,90\nP2,卫健委,2024,100,100\n"
    let indicators = """
        project_id,period,level1,indicator,target,actual,points
        P1,2024,产出指标,培训人次,≥100,90,60
        P1,2024,满意度指标,满意度,≥90%,95%,30
        P2,2024,产出指标,培训人次,≥100,50,60
        P2,2024,满意度指标,满意度,≥90%,45%,30

        """

    func write(_ dir: String) throws {
        try projects.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try indicators.write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
    }

    @Test func writesTheThreeFilesWithTheFixedColumnsAndHandValues() throws {
        let dir = try CLI.temporaryFolder()
        try write(dir)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let scores = try String(contentsOfFile: "\(dir)/out/project_scores.csv", encoding: .utf8)
        let lines = scores.split(separator: "\r\n").map(String.init)
        #expect(lines[0].hasPrefix("period,project_id,department,budget,executed,execution_rate,completion_rate,score_output,score_benefit,score_satisfaction,score_execution,total,grade,rank,rank_in_department,percentile,flags"))
        // completion P1 = (54 + 30) / 90 = 0.9333; benefit absent → empty.
        #expect(lines[1].hasPrefix("2024,P1,教育局,100.00,90.00,0.9000,0.9333,54.00,,30.00,9.00,93.00,excellent,1,1,75,"))
        // P2: completion (30 + 15) / 90 = 0.5; percentile 100 × (0 + ½) / 2 = 25.
        #expect(lines[2].hasPrefix("2024,P2,卫健委,100.00,100.00,1.0000,0.5000,30.00,,15.00,10.00,55.00,poor,2,1,25,"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/indicator_scores.csv"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/flags.csv"))
        #expect(r.stdout.contains("优 excellent 1 (50.00%)"))
    }

    /// departments.csv (SPEC §10) for the two projects above: one project per department, so every
    /// statistic is the total; average of the department means (93 + 55) / 2 = 74, gaps +19 and −19.
    /// `--outputs` writes exactly the tables named (and rejects with --lenient); an unknown
    /// table, or an application table without --apply, is a usage error.
    @Test func outputsWritesExactlyTheNamedTables() throws {
        let dir = try CLI.temporaryFolder()
        try write(dir)
        let input = ["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv"]
        var r = try CLI.run(input + ["--out", "\(dir)/a", "--outputs", "project_scores,departments"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = { (folder: String) in try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted() }
        #expect(try files("\(dir)/a") == ["departments.csv", "project_scores.csv"])
        r = try CLI.run(input + ["--out", "\(dir)/b", "--outputs", "flags", "--lenient", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try files("\(dir)/b") == ["flags.json", "rejects.json"])
        // A rerun with fewer tables replaces the folder whole: no stale file survives.
        r = try CLI.run(input + ["--out", "\(dir)/a", "--outputs", "sectors"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try files("\(dir)/a") == ["sectors.csv"])
        r = try CLI.run(input + ["--out", "\(dir)/c", "--outputs", "project_scores,nope"])
        #expect(r.status == 64 && r.stderr.contains("\"nope\" is no result table"), "\(r.stderr)")
        r = try CLI.run(input + ["--out", "\(dir)/c", "--outputs", "adjustments"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/c"))
    }

    /// Progress (issue 13): a run longer than a second prints plain progress lines on stderr when
    /// stderr is a pipe — reading with MB, writing — and none with --quiet.
    @Test func progressOnStderrAndQuiet() throws {
        let (dir, input) = try ScenariosCommandTests.batch(20_000)
        var r = try CLI.run(["score"] + input + ["--out", "\(dir)/a"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.contains(" s  ") }
        if lines.isEmpty {
            // Under a second on a fast machine: nothing to show, and nothing shown.
            #expect(!r.stderr.contains("reading"))
        } else {
            #expect(lines.allSatisfy { !$0.contains("\u{1B}") })
            #expect(lines.contains { $0.contains("reading") || $0.contains("writing") || $0.contains("scoring") }, "\(lines)")
        }
        r = try CLI.run(["score"] + input + ["--out", "\(dir)/b", "--quiet"])
        #expect(r.status == 0 && !r.stderr.contains(" s  "), "\(r.stderr)")
    }

    @Test func writesDepartmentsWithTheFixedColumns() throws {
        let dir = try CLI.temporaryFolder()
        try write(dir)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let departments = try String(contentsOfFile: "\(dir)/out/departments.csv", encoding: .utf8)
        let lines = departments.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "period,department,projects,budget,executed,execution_rate,mean,weighted_mean,median,q1,q3,p10,p90,min,max,std,"
            + "n_excellent,share_excellent,n_good,share_good,n_fair,share_fair,n_poor,share_poor,rank,gap_to_average,below_average,"
            + "achievement_output,achievement_benefit,achievement_satisfaction,achievement_execution,"
            + "self_review_gap_mean,reviewed,flagged_share")
        #expect(lines[1].hasPrefix("2024,教育局,1,100.00,90.00,0.9000,93,93,93,93,93,93,93,93.00,93.00,0,1,100.00,0,0.00,0,0.00,0,0.00,1,19,false,"))
        #expect(lines[2].hasPrefix("2024,卫健委,1,100.00,100.00,1.0000,55,55,55,55,55,55,55,55.00,55.00,0,0,0.00,0,0.00,0,0.00,1,100.00,2,-19,true,"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/sectors.csv"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/department_categories.csv"))
        #expect(r.stdout.contains("top        2024 by mean: 1 教育局 93.00, 2 卫健委 55.00"))
    }

    /// The same two projects under the local-80-70-60 preset: P2's 55.00 is still 差, and a
    /// bad --period-end is a usage error.
    @Test func schemePresetAndPeriodEnd() throws {
        let dir = try CLI.temporaryFolder()
        try write(dir)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out",
                             "--scheme", "local-80-70-60", "--period-end", "2024-06"])
        #expect(r.status == 0, "\(r.stderr)")
        let scores = try String(contentsOfFile: "\(dir)/out/project_scores.csv", encoding: .utf8)
        // P1: execution 90% by the end of June: 0.9 / (6/12) × 100 = 180.00, green.
        #expect(scores.contains(",180.00,green,"))
        #expect(scores.contains(",55.00,poor,"))
        let bad = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/x",
                               "--period-end", "June"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--period-end"))
    }

    @Test func chineseHeadersExcelBOMAndJSON() throws {
        let dir = try CLI.temporaryFolder()
        try write(dir)
        var r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/zh", "--lang", "zh", "--excel"])
        #expect(r.status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: "\(dir)/zh/project_scores.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("年度,项目编码,部门,全年预算数,全年执行数,预算执行率,绩效目标完成率,产出得分,效益得分,满意度得分,预算执行得分,总分,等级,排名"))
        r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/json", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(FileManager.default.contents(atPath: "\(dir)/json/project_scores.json"))
        let rows = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["total"] as? Double == 93)
        #expect(rows[0]["score_benefit"] is NSNull)
        #expect(rows[1]["grade"] as? String == "poor")
    }

    @Test func rejectedInputWritesNothingAndLenientWritesRejects() throws {
        let dir = try CLI.temporaryFolder()
        try (projects + "P3,教育局,2024,-5,1\n").write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try (indicators + "P3,2024,产出指标,X,≥1,1,90\n").write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let strict = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("p.csv:4: column budget: \"-5\" is negative"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/strict/project_scores.csv"))
        let lenient = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/lenient", "--lenient"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let rejects = try String(contentsOfFile: "\(dir)/lenient/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("p.csv,4,2024,P3,budget,-5,negative_amount"))
        #expect(lenient.stdout.contains("excluded   1 projects (1 indicator rows)"))
    }

    @Test func generatedBatchScoresEndToEnd() throws {
        let dir = try CLI.temporaryFolder()
        // 9,000 projects: project_scores and indicator_scores are written in two parts each.
        #expect(try CLI.run(["generate", "--projects", "9000", "--seed", "4", "--out", dir]).status == 0)
        let r = try CLI.run(["score", "--projects", "\(dir)/projects.csv", "--indicators", "\(dir)/indicators.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let scores = try String(contentsOfFile: "\(dir)/out/project_scores.csv", encoding: .utf8)
        #expect(scores.split(separator: "\r\n").count == 9001)
        #expect(scores.split(separator: "\r\n").filter { $0.hasPrefix("period,") }.count == 1)
        // indicator_scores.csv is built in parts: one header, every indicator row once, in order.
        let excel = try CLI.run(["score", "--projects", "\(dir)/projects.csv", "--indicators", "\(dir)/indicators.csv", "--out", "\(dir)/x", "--excel"])
        #expect(excel.status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: "\(dir)/x/indicator_scores.csv"))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
        let source = try String(contentsOfFile: "\(dir)/indicators.csv", encoding: .utf8).split(separator: "\r\n")
        #expect(lines.count == source.count)
        #expect(lines.filter { $0.hasPrefix("period,") }.count == 1)
        let body = Array(bytes.dropFirst(3))
        #expect(!(0..<(body.count - 2)).contains { body[$0] == 0xEF && body[$0 + 1] == 0xBB && body[$0 + 2] == 0xBF })  // no second BOM
        let ids = lines.dropFirst().map { $0.split(separator: ",")[1] }
        #expect(ids == source.dropFirst().map { $0.split(separator: ",")[1] })
    }
}

@Suite struct EncodingTests {
    @Test func gbkFileIsDecodedAndAnUndecodableOneIsRefused() throws {
        let dir = try CLI.temporaryFolder()
        // "project_id,department,budget,executed\nP1,部门,100,90\n" with 部门 in GBK (B2 BF C3 C5).
        var gbk = Array("project_id,department,budget,executed\nP1,".utf8)
        gbk += [0xB2, 0xBF, 0xC3, 0xC5]
        gbk += Array(",100,90\n".utf8)
        _ = FileManager.default.createFile(atPath: "\(dir)/p.csv", contents: Data(gbk))
        try "project_id,level1,indicator,target,actual,points\nP1,output,X,>=1,1,90\n".write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let scores = try String(contentsOfFile: "\(dir)/out/project_scores.csv", encoding: .utf8)
        #expect(scores.contains("2,P1,部门,100.00,90.00") || scores.contains(",P1,部门,100.00,90.00"))
        // 0xFF is neither UTF-8 nor GB18030.
        _ = FileManager.default.createFile(atPath: "\(dir)/bad.csv", contents: Data(Array("project_id,department,budget,executed\nP1,".utf8) + [0xFF, 0xFF] + Array(",1,1\n".utf8)))
        let bad = try CLI.run(["validate", "--projects", "\(dir)/bad.csv", "--indicators", "\(dir)/i.csv"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.csv") && bad.stderr.contains("neither UTF-8 nor GB18030"))
    }
}
