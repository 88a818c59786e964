import Foundation
import Testing
@testable import ScoreKernel

/// 项目支出绩效自评表 forms in, a batch out (issue 10, item 5).
@Suite struct FormImportTests {
    /// A CSV file's records by their 项目编码 (column 1), header left out, in file order.
    static func records(_ path: String) throws -> [[String]] {
        Array(try ResultWorkbookTests.csvRows(path).dropFirst())
    }

    /// Generated forms — shifted rows and columns, blank lines, merged 一级指标 and 二级指标 —
    /// import to the batch they were made from: every project's columns the form carries as in
    /// projects.csv (amounts back from 万元 to the fen), every indicator row's levels, name,
    /// actual, points and filed score, and, scored, the same totals and indicator scores.
    @Test func generatedFormsImportToTheirBatch() throws {
        let dir = try WorkbookTests.scratch("forms")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generator = BatchGenerator(projects: 60, seed: 9, language: .zh)
        try generator.write(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv")
        let books = try generator.writeForms(folder: "\(dir)/forms")
        let imported = try FormImport(paths: ["\(dir)/forms"], writingTo: "\(dir)/batch")
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(imported.workbooks.count == books && imported.forms.count == 60)
        // Projects: 年度 项目编码 项目名称 部门 全年预算数 全年执行数 自评得分, the form's columns.
        let original = try Self.records("\(dir)/p.csv")
        let back = try Self.records("\(dir)/batch/projects.csv")
        let carried = [0, 1, 2, 3, 5, 6, 7]  // period, project_id, project_name, department, budget, executed, self_score
        #expect(Dictionary(uniqueKeysWithValues: back.map { ($0[1], $0) }) == Dictionary(uniqueKeysWithValues: original.map { r in (r[1], carried.map { r[$0] }) }))
        // Indicators: per project, in order: levels, name, actual, points, filed score.
        let i = { (code: String) in BatchGenerator.indicatorHeaders.firstIndex { $0.0 == code }! }
        func byProject(_ rows: [[String]], _ columns: [Int]) -> [String: [[String]]] {
            Dictionary(grouping: rows, by: { $0[1] }).mapValues { $0.map { r in columns.map { r[$0] } } }
        }
        let indicators = try Self.records("\(dir)/batch/indicators.csv")
        #expect(byProject(indicators, [2, 3, 4, 7, 8, 9]) == byProject(try Self.records("\(dir)/i.csv"),
                                                                      ["level1", "level2", "indicator", "actual", "points", "score"].map(i)))
        // Scored: the same total and grade per project, the same score per indicator row.
        let a = try Evaluation(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv")
        let b = try Evaluation(projectsPath: "\(dir)/batch/projects.csv", indicatorsPath: "\(dir)/batch/indicators.csv")
        func totals(_ e: Evaluation) -> [String: Int64] {
            Dictionary(uniqueKeysWithValues: (0..<e.batch.projects.count).map { q in (String(decoding: e.batch.projects.id.utf8(q), as: UTF8.self), e.scores.total[q]) })
        }
        #expect(totals(a) == totals(b))
        #expect(a.scores.indicatorScore.count == b.scores.indicatorScore.count)
        // The same flags, but for those of columns the form does not have: review_gap (复核得分)
        // and outlier (also judged within 行业).
        func flags(_ e: Evaluation) -> [String] {
            e.summary.flags.filter { $0.code != .reviewGap && $0.code != .outlier }.map { "\($0.code) \($0.count)" }
        }
        #expect(flags(a) == flags(b))
    }

    /// Amounts between 元 and 万元, worked out by hand: the point moves four places; back in 元,
    /// rounded half away from zero to the fen.
    @Test func amountsBetweenYuanAndWan() {
        #expect(BatchGenerator.wan("6690000.79") == "669.000079" && BatchGenerator.wan("125000.00") == "12.5")
        #expect(BatchGenerator.wan("0.50") == "0.00005" && BatchGenerator.wan("10000") == "1")
        #expect(SelfEvaluationForm.yuan("669.000079") == "6690000.79" && SelfEvaluationForm.yuan("12.5") == "125000.00")
        #expect(SelfEvaluationForm.yuan("0.00005") == "0.50" && SelfEvaluationForm.yuan("1") == "10000.00")
        // Float noise as Excel stores it: 669.0000789999 万元 = 6690000.789999 元 → 6690000.79.
        #expect(SelfEvaluationForm.yuan("669.0000789999") == "6690000.79")
        // 0.000995 万元 = 9.95 元; 9.99995 万元 = 99999.5 元; 0.0000005 → 0.005 元 → 0.01 (half away from zero).
        #expect(SelfEvaluationForm.yuan("0.000995") == "9.95" && SelfEvaluationForm.yuan("0.0000005") == "0.01")
        #expect(SelfEvaluationForm.yuan("99.9999995") == "1000000.00")
    }

    /// A form read from its rows, and what is missing named by cell.
    @Test func aFormIsFoundByItsLabels() throws {
        var rows: [(row: Int, cells: [String])] = [
            (2, ["", "项目支出绩效自评表"]), (3, ["", "（2025年度）"]),
            (4, ["", "项 目 名 称", "", "校舍维修"]), (5, ["", "主管部门", "", "教育局", "", "实施单位", "某校"]),
            (6, ["", "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
            (7, ["", "", "年度资金总额", "100", "100", "95.5", "10", "95.5%", "9.55"]),
            (9, ["", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]),
            (10, ["", "", "产出指标", "数量指标", "维修面积", "≥1000平方米", "1200平方米", "50", "50"]),
            (11, ["", "", "", "", "按时完成率", "100%", "100%", "30", "30"]),
            (12, ["", "", "效益指标", "社会效益指标", "安全隐患", "消除", "达成年度指标", "10", "10"]),
            (13, ["", "总分", "", "", "", "", "", "100", "99.55"]),
        ]
        let form = try SelfEvaluationForm.read(rows)
        #expect(form.period == "2025" && form.name == "校舍维修" && form.department == "教育局" && form.projectID == nil)
        #expect(form.budget == "100" && form.executed == "95.5" && form.total == "99.55")
        #expect(form.indicators.map(\.level1) == ["产出指标", "产出指标", "效益指标"])
        #expect(form.indicators.map(\.level2) == ["数量指标", "数量指标", "社会效益指标"])
        #expect(form.indicators[1] == .init(level1: "产出指标", level2: "数量指标", indicator: "按时完成率", target: "100%", actual: "100%", points: "30", score: "30"))
        // What a form must say, each named: the money is not a number (its cell, row 8 is index 7),
        // no 项目名称, no 总分 after the indicators.
        rows[5].cells[5] = "九十五"
        #expect(throws: SelfEvaluationForm.Problem(cell: "F8", message: "全年执行数 \"九十五\" is not a number (万元)")) { try SelfEvaluationForm.read(rows) }
        rows[5].cells[5] = "95.5"
        #expect(throws: SelfEvaluationForm.Problem.self) { try SelfEvaluationForm.read(rows.filter { $0.row != 4 }) }
        #expect(throws: SelfEvaluationForm.Problem(cell: "E10", message: "the indicator block has no 总分 row after it")) {
            try SelfEvaluationForm.read(Array(rows.dropLast()))
        }
    }

    /// What real files do to a form's labels and values, each read or named by hand.
    @Test func labelsAsPeopleTypeThem() throws {
        func form(title: String = "（2024年度）", department: [String] = ["", "主管部门", "", "教育局"], money: String = "项目资金（万元）",
                  targetHeader: String = "年度指标值", extra: [(row: Int, cells: [String])] = []) -> [(row: Int, cells: [String])] {
            [(0, ["项目支出绩效自评表"]), (1, [title]), (2, ["项目名称", "", "校舍维修"]), (3, department),
             (4, [money, "", "年初预算数", "全年预算数", "全年执行数"]), (5, ["", "年度资金总额", "10", "0012.5", "9.75"]),
             (6, ["绩效指标", "一级指标", "二级指标", "三级指标", targetHeader, "实际完成值", "分值", "得分"]),
             (7, ["", "产出指标", "数量指标", "维修面积", "≥1000平方米", "1200平方米", "90", ""]),
             (8, ["总分", "", "", "", "", "", "90", "90"])] + extra
        }
        // A year typed with spaces or in full-width digits; a header cell with a line break.
        #expect(try SelfEvaluationForm.read(form(title: "（2024  年度）")).period == "2024")
        #expect(try SelfEvaluationForm.read(form(title: "２０２５年度")).period == "2025")
        #expect(try SelfEvaluationForm.read(form(targetHeader: "年度\n指标值")).indicators[0].target == "≥1000平方米")
        // Amounts: 0012.5 万元 is 125,000.00 元; a money block in 元 is taken as it is.
        let wan = try SelfEvaluationForm.read(form())
        #expect(SelfEvaluationForm.yuan(wan.budget, inWan: wan.unitIsWan) == "125000.00")
        let yuan = try SelfEvaluationForm.read(form(money: "项目资金（元）"))
        #expect(!yuan.unitIsWan && SelfEvaluationForm.yuan(yuan.budget, inWan: false) == "12.50")
        // An empty 主管部门 beside 实施单位 is empty, not 实施单位 (the label at B4).
        #expect(throws: SelfEvaluationForm.Problem(cell: "B4", message: "主管部门 has no value to its right")) {
            try SelfEvaluationForm.read(form(department: ["", "主管部门", "", "", "实施单位", "某校"]))
        }
        // Two forms on one sheet: not read in part (the second 项目名称 at A21).
        #expect(throws: SelfEvaluationForm.Problem(cell: "A21", message: "holds 项目名称 a second time (first at A3): one form per sheet")) {
            try SelfEvaluationForm.read(form(extra: [(20, ["项目名称", "", "另一个项目"])]))
        }
    }

    /// A sheet far larger than a form is named, not held: a value in column XFD.
    @Test func aSheetFarLargerThanAFormIsNamed() {
        let xml = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>"#
        var builder = SheetTableBuilder(name: "b.xlsx!S", merges: [], formats: .init())
        builder.grid = []
        Array(xml.utf8).withUnsafeBufferPointer { b in
            var x = XMLScanner(b)
            builder.read(&x)
        }
        #expect(builder.grid?.isEmpty == true)
        #expect(builder.origin.diagnostics.errors.map(\.cell) == ["XFD1"])
    }

    /// Sheets and files that are not forms are named and left out; the forms beside them are read.
    @Test func whatIsNotAFormIsNamed() throws {
        let dir = try WorkbookTests.scratch("not-forms")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generator = BatchGenerator(projects: 3, seed: 2, language: .zh)
        _ = try generator.writeForms(folder: "\(dir)/in")
        try generator.writeWorkbook(path: "\(dir)/in/book.xlsx")  // a table workbook: its two sheets are no forms
        try Data("not a workbook".utf8).write(to: URL(fileURLWithPath: "\(dir)/in/notes.xlsx"))
        let imported = try FormImport(paths: ["\(dir)/in", "\(dir)/missing"], writingTo: "\(dir)/out")
        #expect(imported.forms.count == 3)
        let problems = imported.problems.map(\.description)
        #expect(problems.contains("book.xlsx!指标表: has no 项目名称 label: not a 项目支出绩效自评表, or its 项目名称 row is missing"))
        #expect(problems.contains("book.xlsx!项目表: names no 年度 (a line such as （2024年度）)"))  // its header has 项目名称
        #expect(problems.contains { $0.hasPrefix("notes.xlsx: ") })
        #expect(problems.contains("\(dir)/missing: does not exist"))
        let rejects = try ResultWorkbookTests.csvRows("\(dir)/out/rejects.csv")
        #expect(rejects.count == 1 + imported.problems.count && rejects[0] == ["file", "sheet", "cell", "message"])
    }
}
