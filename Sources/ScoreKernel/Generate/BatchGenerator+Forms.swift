import Foundation

extension BatchGenerator {
    /// Writes the batch as filled-in 项目支出绩效自评表 forms into `folder` (created when
    /// missing): one workbook per department (`<部门>.xlsx`), one sheet per project (named by its
    /// 项目编码), laid out as the form of 财预〔2020〕10号 with the 项目编码 row provinces add, and
    /// shifted as real files are: each form starts one to three rows down and in column A or B,
    /// some have a blank line after the money block or between indicator blocks, 一级指标 and
    /// 二级指标 are merged down their blocks. Amounts are in 万元; a target carries its direction
    /// (`≥95%`, `≤27.1万元`, `3%-7%`). `evalcli import-forms` reads them back (issue 10, item 5).
    ///
    /// - Returns: the number of workbooks written.
    public func writeForms(folder: String) throws(OutputError) -> Int {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder, message: "cannot create the folder: \((error as NSError).localizedDescription)")
        }
        let zh = BatchGenerator(projects: projectCount, seed: seed, language: .zh, period: period, threads: threads)
        let (projectBytes, indicatorBytes) = zh.generate()
        let projects = Self.rows(projectBytes), indicators = Self.rows(indicatorBytes)
        let p = { (code: String) in Self.projectHeaders.firstIndex { $0.0 == code }! }
        let i = { (code: String) in Self.indicatorHeaders.firstIndex { $0.0 == code }! }
        var byProject: [String: [[String]]] = [:]
        for row in indicators { byProject[row[i("project_id")], default: []].append(row) }
        var departments: [String] = []
        var forms: [String: [(name: String, content: [WorkbookWriter.Segment])]] = [:]
        for (k, project) in projects.enumerated() {
            let department = project[p("department")]
            if forms[department] == nil { departments.append(department) }
            var random = SplitMix64(seed: seed &+ UInt64(k) &* 0x9E37_79B9)
            let form = Self.form(project: project, indicators: byProject[project[p("project_id")]] ?? [], random: &random)
            forms[department, default: []].append((project[p("project_id")], [.bytes(form)]))
        }
        for department in departments {
            let name = department.replacingOccurrences(of: "/", with: "／")
            try WorkbookWriter.writePackage(forms[department]!, to: "\(folder)/\(name).xlsx", threads: threads)
        }
        return departments.count
    }

    /// The records of CSV text after its header, each field's text.
    private static func rows(_ csv: [UInt8]) -> [[String]] {
        var out: [[String]] = []
        csv.withUnsafeBufferPointer { b in
            var reader = CSVReader(bytes: b, range: 0..<b.count, firstLine: 1)
            var fields: [CSVField] = []
            while (try? reader.next(into: &fields)) == true { out.append(fields.map { CSVReader.string($0, in: b) }) }
        }
        return Array(out.dropFirst())
    }

    /// One project's form as worksheet XML.
    private static func form(project: [String], indicators: [[String]], random: inout SplitMix64) -> [UInt8] {
        let p = { (code: String) in project[projectHeaders.firstIndex { $0.0 == code }!] }
        let col = { (code: String) in indicatorHeaders.firstIndex { $0.0 == code }! }
        var cells: [Int: [Int: String]] = [:]
        var merges: [String] = []
        func put(_ r: Int, _ c: Int, _ v: String) { if !v.isEmpty { cells[r, default: [:]][c] = v } }
        func merge(_ r1: Int, _ c1: Int, _ r2: Int, _ c2: Int) {
            if r1 != r2 || c1 != c2 { merges.append("\(CellReference.letters(c1))\(r1 + 1):\(CellReference.letters(c2))\(r2 + 1)") }
        }
        var r = Int(random.next() % 3), c = Int(random.next() % 2)
        put(r, c, "项目支出绩效自评表"); merge(r, c, r, c + 8); r += 1
        put(r, c, "（\(p("period"))年度）"); merge(r, c, r, c + 8); r += 1
        for (label, value) in [("项目名称", p("project_name")), ("项目编码", p("project_id"))] {
            put(r, c, label); merge(r, c, r, c + 1)
            put(r, c + 2, value); merge(r, c + 2, r, c + 8); r += 1
        }
        put(r, c, "主管部门"); merge(r, c, r, c + 1); put(r, c + 2, p("department")); merge(r, c + 2, r, c + 4)
        put(r, c + 5, "实施单位"); put(r, c + 6, p("department")); merge(r, c + 6, r, c + 8); r += 1
        // The money block, in 万元.
        let (budget, executed) = (wan(p("budget")), wan(p("executed")))
        put(r, c, "项目资金（万元）"); merge(r, c, r + 4, c)
        for (k, h) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].enumerated() { put(r, c + 2 + k, h) }
        let rate = (Double(p("budget")) ?? 0) > 0 ? String(format: "%.2f%%", 100 * (Double(p("executed")) ?? 0) / Double(p("budget"))!) : ""
        put(r + 1, c + 1, "年度资金总额"); put(r + 2, c + 1, "其中：当年财政拨款")
        for row in [r + 1, r + 2] {
            put(row, c + 2, budget); put(row, c + 3, budget); put(row, c + 4, executed)
        }
        put(r + 1, c + 5, "10"); put(r + 1, c + 6, rate)
        put(r + 3, c + 1, "上年结转资金"); put(r + 4, c + 1, "其他资金")
        r += 5
        if random.next() % 2 == 0 { r += 1 }
        put(r, c, "年度总体目标"); merge(r, c, r + 1, c)
        put(r, c + 1, "预期目标"); merge(r, c + 1, r, c + 4); put(r, c + 5, "实际完成情况"); merge(r, c + 5, r, c + 8)
        put(r + 1, c + 1, "按计划完成\(p("project_name"))年度任务"); merge(r + 1, c + 1, r + 1, c + 4)
        put(r + 1, c + 5, "已完成"); merge(r + 1, c + 5, r + 1, c + 8)
        r += 2
        // The indicator block.
        let header = r
        put(r, c, "绩效指标")
        for (k, h) in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].enumerated() { put(r, c + 1 + k, h) }
        r += 1
        var level1Start = r, level2Start = r
        var previous: (String, String)?
        for row in indicators {
            let (l1, l2) = (row[col("level1")], row[col("level2")])
            if let previous, previous.0 != l1 {
                merge(level1Start, c + 1, r - 1, c + 1); merge(level2Start, c + 2, r - 1, c + 2)
                if random.next() % 4 == 0 { r += 1 }  // a blank line between blocks
                level1Start = r; level2Start = r
            } else if let previous, previous.1 != l2 {
                merge(level2Start, c + 2, r - 1, c + 2)
                level2Start = r
            }
            if r == level1Start { put(r, c + 1, l1) }
            if r == level2Start { put(r, c + 2, l2) }
            put(r, c + 3, row[col("indicator")])
            put(r, c + 4, target(row[col("direction")], row[col("target")], row[col("target_high")], row[col("unit")]))
            put(r, c + 5, row[col("actual")]); put(r, c + 6, row[col("points")]); put(r, c + 7, row[col("score")])
            previous = (l1, l2)
            r += 1
        }
        merge(level1Start, c + 1, r - 1, c + 1); merge(level2Start, c + 2, r - 1, c + 2); merge(header, c, r - 1, c)
        put(r, c, "总分"); merge(r, c, r, c + 5); put(r, c + 6, "100"); put(r, c + 7, p("self_score"))
        // The XML: numbers as numbers where a spreadsheet shows them as written.
        var out = SheetXML.opening(widths: [10, 16, 12, 18, 16, 14, 8, 8, 24, 8], frozenHeader: false)
        for row in cells.keys.sorted() {
            out += Array("<row r=\"\(row + 1)\">".utf8)
            for column in cells[row]!.keys.sorted() {
                let v = Array(cells[row]![column]!.utf8)
                let ref = CellReference.letters(column) + String(row + 1)
                if WorkbookWriter.isPlainNumber(v[...]) {
                    out += Array("<c r=\"\(ref)\"><v>".utf8) + v + Array("</v></c>".utf8)
                } else {
                    out += Array("<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
                    v.withUnsafeBufferPointer { SheetXML.appendText($0, to: &out) }
                    out += Array("</t></is></c>".utf8)
                }
            }
            out += Array("</row>".utf8)
        }
        out += Array("</sheetData>".utf8)
        if !merges.isEmpty { out += Array("<mergeCells count=\"\(merges.count)\">\(merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined())</mergeCells>".utf8) }
        out += Array("</worksheet>".utf8)
        return out
    }

    /// An amount in 元 (`6690000.79`) in 万元 (`669.000079`): the point moved four places.
    static func wan(_ yuan: String) -> String {
        let parts = yuan.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(repeating: "0", count: max(0, 5 - parts[0].count)) + parts[0]
        var fraction = String(whole.suffix(4)) + (parts.count > 1 ? String(parts[1]) : "")
        while fraction.hasSuffix("0") { fraction.removeLast() }
        var integer = String(whole.dropLast(4))
        while integer.count > 1, integer.hasPrefix("0") { integer.removeFirst() }
        return fraction.isEmpty ? integer : integer + "." + fraction
    }

    /// The 年度指标值 of a row: its target with the direction as a form writes it.
    private static func target(_ direction: String, _ target: String, _ high: String, _ unit: String) -> String {
        if let first = target.first, "≥≤=<>＝".contains(first) { return target }
        switch direction {
        case "正向", ">=": return "≥" + target
        case "反向", "<=": return "≤" + target
        case "等于", "=": return "=" + target
        case "区间", "range": return high.isEmpty ? target : "\(target)\(unit)-\(high)\(unit)"
        default: return target
        }
    }
}
