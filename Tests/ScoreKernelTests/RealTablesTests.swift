import Testing
@_spi(Stages) @testable import ScoreKernel

/// Tables written the way the 永德, 霍邱, 中江 and 临翔 units wrote them (issue 12): every unit,
/// sign, word and date form with a hand-computed score, and the errors that remain.
@Suite struct RealTablesTests {
    /// ≥200 met with 150, at 10 points: 150 / 200 × 10 = 7.50, whatever the unit.
    @Test(arguments: [
        "米", "厘米", "公里", "千米", "平方米", "平方公里", "亩", "公顷", "立方米", "吨", "公斤", "年", "月", "天", "小时",
        "座", "处", "所", "家", "台", "套", "辆", "份", "场", "万人次", "人天", "课时", "学时", "个百分点", "人次", "个",
    ])
    func everyUnitFamily(_ unit: String) throws {
        #expect(try indicatorScore("output,>=,≥200\(unit),150\(unit),10") == 7.50)
    }

    /// Each way of writing a direction, scored as its canonical form.
    @Test(arguments: [
        // (target, actual, score): ≥ forms, 150 / 200 × 10 = 7.50.
        ("≧200", "150", 7.50), ("≥=200", "150", 7.50), ("不低于200", "150", 7.50), ("不少于200", "150", 7.50),
        ("200以上", "150", 7.50), ("200及以上", "150", 7.50), ("＞200", "150", 7.50), ("大于200", "150", 7.50),
        // ≤ forms, 30 / 32 × 10 = 9.375 → 9.38.
        ("≦30", "32", 9.38), ("≤=30", "32", 9.38), ("不高于30", "32", 9.38), ("不超过30", "32", 9.38), ("30以内", "32", 9.38),
        ("30以下", "32", 9.38), ("小于30", "32", 9.38),
        // = forms, as ≥ (as_positive): 4 / 5 × 10 = 8.00.
        ("═5", "4", 8.00), ("＝5", "4", 8.00), ("等于5", "4", 8.00),
    ] as [(String, String, Double)])
    func everySignForm(_ target: String, _ actual: String, _ score: Double) throws {
        #expect(try indicatorScore("output,,\(target),\(actual),10") == score)
    }

    /// Property: for every accepted spelling of a direction, the score equals that of the
    /// canonical spelling, over a grid of targets and actuals.
    @Test func everySpellingScoresAsItsCanonicalForm() throws {
        let spellings: [(String, [String])] = [
            (">=", ["≥", "≧", "≥=", "不低于", "不少于", "不小于"]), ("<=", ["≤", "≦", "≤=", "不高于", "不超过", "不大于"]),
            ("=", ["═", "＝", "等于"]),
        ]
        for (canonical, forms) in spellings {
            for (target, actual) in [(100.0, 50.0), (100, 120), (7, 7), (30, 31.5), (0, 3)] {
                let expected = try indicatorScore("output,\(canonical),\(target),\(actual),10")
                for form in forms {
                    #expect(try indicatorScore("output,,\(form)\(target),\(actual),10") == expected, "\(form)\(target) / \(actual)")
                }
            }
        }
    }

    /// The words of real forms, each with its grade's default achievement at 10 points.
    @Test(arguments: [
        ("有效", 10.0), ("效果明显", 10), ("明显提升", 10), ("显著", 10), ("显著提升", 10), ("良好", 10), ("是", 10), ("按时完成", 10),
        ("较好", 7), ("基本达成", 7), ("基本完成", 7), ("部分完成", 7),
        ("未完成", 3), ("否", 3),
    ] as [(String, Double)])
    func everyQualitativeWord(_ word: String, _ score: Double) throws {
        // Targets as real forms write them: 有效, 提升, 逐步改善.
        for target in ["有效", "提升", "逐步改善"] {
            #expect(try indicatorScore("benefit,,\(target),\(word),10") == score)
        }
    }

    @Test func schemeWordsExtendTheVocabulary() throws {
        var scheme = Scheme()
        scheme.qualitativeWords = ["有成效": .achieved, "成效一般": .partial]
        #expect(try indicatorScore("benefit,,提升,有成效,10", scheme: scheme) == 10)
        #expect(try indicatorScore("benefit,,提升,成效一般,10", scheme: scheme) == 7)
        // Loaded from a scheme file, and printed back.
        let loaded = try Scheme.load(yaml: "qualitative:\n  words: {有成效: achieved, 成效一般: partial}\n", file: "s.yaml")
        #expect(loaded.qualitativeWords == scheme.qualitativeWords)
        #expect(try Scheme.load(yaml: loaded.yaml, file: "s.yaml") == loaded)
        // An unknown word is an error listing the accepted ones.
        let (_, d) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,>=,100,100,50,
            P1,2024,benefit,social,B,,提升,有点效果,30,
            P1,2024,satisfaction,satisfaction,C,>=,90,95,10,

            """)
        let e = try #require(d.first("not_a_grade"))
        #expect(e.line == 3 && e.message.contains("partial = ") && e.message.contains("较好") && e.message.contains("qualitative.words"))
    }

    /// Dates on 时效 indicators: met on or before the date scores full, later 0 (a month alone
    /// is its last day as a target, its first as an actual).
    @Test(arguments: [
        ("2023年12月前完成", "2023年10月", 10.0), ("2023年12月前完成", "2023年12月", 10), ("2023年12月前完成", "2024年1月", 0),
        ("2023年12月底前完成", "2023年12月31日", 10), ("2023年6月30日前", "2023年6月30日", 10), ("2023年6月30日前", "2023年7月1日", 0),
        ("2023-12-31", "2023-12-31", 10), ("2023-12-31", "2024-01-01", 0), ("2023.06.30", "2023/7/1", 0), ("2024年2月", "2024-02-29", 10),
        ("2023年12月以前完成", "2023年11月完成", 10),
    ] as [(String, String, Double)])
    func everyDateForm(_ target: String, _ actual: String, _ score: Double) throws {
        let (batch, scores) = try scoreProject(["output,,\(target),\(actual),10"])
        #expect(batch.indicators.direction[0] == .deadline)
        #expect(scores.value(scores.indicatorScore[0]) == score)
    }

    @Test func datesAreRead() {
        let syntax = ValueSyntax(unitWords: Scheme().unitWords)
        func date(_ text: String, _ role: ValueSyntax.DateRole) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { syntax.date($0, 0..<$0.count, role: role) }
        }
        #expect(date("2023年12月前完成", .deadline) == 2023_12_31)
        #expect(date("2024年2月底", .deadline) == 2024_02_29)  // leap year
        #expect(date("2023年2月", .deadline) == 2023_02_28)
        #expect(date("2023年10月", .actual) == 2023_10_01)
        #expect(date("２０２３年１０月１５日", .actual) == 2023_10_15)
        for bad in ["2023年13月", "2023-02-30", "1800年1月", "2023年", "100", "5-10", "2023年10月前完成"] {
            #expect(date(bad, .actual) == nil, "\(bad)")
        }
    }

    @Test func aSignedActualIsReadWithAWarningAndAContradictionIsAnError() throws {
        let rows = Tables.indicatorHeader + """
            P1,2024,output,quantity,A,,≥266米,≥266米,50,
            P1,2024,benefit,social,B,,≤30万元,≥28万元,30,
            P1,2024,satisfaction,satisfaction,C,,≥90%,90%以上,10,

            """
        let (_, d) = ingest(projects: Tables.projects, indicators: rows)
        let warnings = d.all.filter { $0.rule == .signedActual }
        #expect(warnings.map(\.line) == [2, 4])
        #expect(warnings[0].message == "is written with a direction sign; read as 266")
        let conflict = try #require(d.first("direction_conflict"))
        #expect(conflict.line == 3 && conflict.column == "actual" && conflict.message.contains("contradicts"))
    }

    @Test func anUnknownUnitIsNamedWithHowToAddIt() throws {
        let (_, d) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,,≥266尺,270尺,50,

            """)
        let e = try #require(d.first("unknown_unit"))
        #expect(e.line == 2 && e.column == "target" && e.message.contains("\"尺\"") && e.message.contains("unit_words"))
        var scheme = Scheme()
        scheme.unitWords.append("尺")
        #expect(try indicatorScore("output,,≥266尺,133尺,10", scheme: scheme) == 5.00)
    }

    /// 中江 filed its indicators at 100 points (+ 10 for execution = 110) and wrote 完成 as an
    /// actual: both errors come out in one run, the points error naming its rows.
    @Test func everyErrorInOneRun() throws {
        // A project with a row error and no satisfaction row is told both.
        let (_, both) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,>=,100,完成,90,
            P2,2024,output,quantity,A,>=,1,1,90,

            """)
        #expect(both.all.filter { $0.projectID == "P1" }.map(\.rule) == [.notANumber, .satisfactionAbsent])

        let (_, d) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,>=,500,520,30,
            P1,2024,output,quantity,B,>=,100,完成,20,
            P1,2024,benefit,social,C,>=,5,6,30,
            P1,2024,satisfaction,satisfaction,D,>=,90,95,20,
            P2,2024,output,quantity,A,>=,1,1,90,

            """)
        #expect(d.errors.map(\.rule) == [.notANumber, .pointsTotal])
        // The missing-category check runs too: P1 has a satisfaction row, P2 has none.
        #expect(d.warnings.filter { $0.rule == .satisfactionAbsent }.map(\.projectID) == ["P2"])
        #expect(d.first("points_total")?.message
            == "has indicator points 30 (line 2) + 20 (line 3) + 30 (line 4) + 20 (line 5) = 100 in indicators.csv, + execution 10 = 110, not 100")
    }

    /// normalize_points rescales the indicators to points_total − execution and keeps the
    /// execution points at the scheme's value, as the national form keeps them at 10:
    /// 50 + 30 + 30 = 110 → × 90/110; the first indicator, fully met, scores 50 × 90/110 = 40.91.
    @Test func normalizePointsKeepsTheExecutionPoints() throws {
        var scheme = Scheme()
        scheme.normalizePoints = true
        let (result, d) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,>=,100,100,50,
            P1,2024,benefit,social,B,>=,100,100,30,
            P1,2024,satisfaction,satisfaction,C,>=,100,100,30,
            P2,2024,output,quantity,A,>=,1,1,90,

            """, scheme: scheme)
        let batch = try #require(result?.batch, "\(d.errors)")
        #expect(d.first("points_normalized")?.projectID == "P1")
        let scores = Scorer(scheme: scheme, threads: 1).score(batch)
        #expect(scores.value(scores.indicatorScore[0]) == 40.91)
        // Execution: 90 / 100 → 10 × 0.9 = 9.00, not rescaled; total 40.91 + 24.55 + 24.55 + 9 = 99.01.
        #expect(scores.value(scores.executionScore[0]) == 9.00)
        #expect(scores.total(of: 0) == 99.01)
    }
}
