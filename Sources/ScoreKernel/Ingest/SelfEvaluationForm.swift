/// One filled-in 项目支出绩效自评表 (the form of 财预〔2020〕10号): its project, money and
/// indicator rows as written, found by their labels wherever the form puts them — real files
/// shift rows and columns, add blank lines and merge cells (issue 10, item 5).
///
/// What is read: the 年度 from the title line (`（2024年度）`); 项目名称; 项目编码 when the form
/// has that row (the national form does not; provinces add it); 主管部门; from the money block
/// (项目资金（万元）) the 全年预算数 and 全年执行数 of the 年度资金总额 row, in 万元; the indicator
/// block under the header 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 down to the 总分
/// row, 一级指标 and 二级指标 carried down their merged cells; the 总分 row's 得分, the filed total.
struct SelfEvaluationForm: Equatable {
    var period: String
    var projectID: String?
    var name: String
    var department: String
    /// 全年预算数 and 全年执行数 as written, in ``unit``.
    var budget: String
    var executed: String
    /// The money block's unit: 万元 (the national form's), or 元 when its label says so.
    var unitIsWan = true
    /// The filed total (总分's 得分), when filled in.
    var total: String?
    var indicators: [Indicator]

    struct Indicator: Equatable {
        var level1: String
        var level2: String
        var indicator: String
        var target: String
        var actual: String
        var points: String
        var score: String
    }

    /// Why a sheet is not read as a form, and where: its cell when there is one.
    struct Problem: Error, Equatable {
        var cell: String?
        var message: String
    }

    /// The form in `rows` (a sheet's rows with a value, 0-based, each cell's text).
    static func read(_ rows: [(row: Int, cells: [String])]) throws(Problem) -> SelfEvaluationForm {
        func cell(_ r: Int, _ c: Int) -> String { CellReference.letters(c) + String(rows[r].row + 1) }
        // Every cell as a label is compared, once: the searches below look at each many times.
        let labels = rows.map { $0.cells.map(Self.plain) }
        /// The first cell whose text is `label` (spaces inside ignored), as (index in rows, column).
        func find(_ label: String, from: Int = 0) -> (Int, Int)? {
            for r in from..<rows.count {
                if let c = labels[r].firstIndex(of: label) { return (r, c) }
            }
            return nil
        }
        /// Where `label` is a second time: a sheet holding two forms is not read in part.
        func once(_ label: String) throws(Problem) {
            guard let (r, c) = find(label) else { return }
            for r2 in r..<rows.count {
                for (c2, text) in labels[r2].enumerated() where (r2 > r || c2 > c) && text == label {
                    throw Problem(cell: cell(r2, c2), message: "holds \(label) a second time (first at \(cell(r, c))): one form per sheet")
                }
            }
        }
        /// The value right of a label in its row: the first non-empty cell, unless it is another
        /// label (an empty value beside 实施单位 is not 实施单位).
        func value(rightOf label: String, required: Bool) throws(Problem) -> String? {
            guard let (r, c) = find(label) else {
                if required { throw Problem(cell: nil, message: "has no \(label) label: not a 项目支出绩效自评表, or its \(label) row is missing") }
                return nil
            }
            guard let k = rows[r].cells[(c + 1)...].firstIndex(where: { !$0.isEmpty }), !Self.rowLabels.contains(labels[r][k]) else {
                if required { throw Problem(cell: cell(r, c), message: "\(label) has no value to its right") }
                return nil
            }
            return rows[r].cells[k]
        }
        for label in ["项目名称", "三级指标", "总分"] { try once(label) }
        let name = try value(rightOf: "项目名称", required: true)!
        // 年度: the first cell naming a year with 年度 (the title line, 2024年度).
        guard let period = rows.lazy.flatMap(\.cells).compactMap(Self.year).first else {
            throw Problem(cell: nil, message: "names no 年度 (a line such as （2024年度）)")
        }
        let projectID = try value(rightOf: "项目编码", required: false)
        let department = try value(rightOf: "主管部门", required: true)!
        // Money: the columns of 全年预算数 and 全年执行数 in their header row, the values in the
        // 年度资金总额 row below it.
        guard let (hr, budgetColumn) = find("全年预算数") else { throw Problem(cell: nil, message: "has no 全年预算数 column in its money block (项目资金（万元）)") }
        guard let executedColumn = labels[hr].firstIndex(of: "全年执行数") else {
            throw Problem(cell: cell(hr, budgetColumn), message: "has no 全年执行数 beside 全年预算数")
        }
        guard let (tr, _) = find("年度资金总额", from: hr + 1) else { throw Problem(cell: cell(hr, budgetColumn), message: "has no 年度资金总额 row under 全年预算数") }
        func number(_ r: Int, _ c: Int, _ what: String, _ wan: Bool) throws(Problem) -> String {
            let v = c < rows[r].cells.count ? rows[r].cells[c] : ""
            guard Self.isDecimal(v) else {
                throw Problem(cell: cell(r, c), message: "\(what) \(v.isEmpty ? "is empty" : "\"\(v)\" is not a number") (\(wan ? "万元" : "元"))")
            }
            return v
        }
        let unit = labels.lazy.joined().first { $0.hasPrefix("项目资金") }
        let unitIsWan = unit.map { $0.contains("万元") || !$0.contains("元") } ?? true
        let budget = try number(tr, budgetColumn, "全年预算数", unitIsWan)
        let executed = try number(tr, executedColumn, "全年执行数", unitIsWan)
        // Indicators: the header row, then rows down to 总分.
        guard let (ir, _) = find("三级指标") else { throw Problem(cell: nil, message: "has no indicator block (a header with 三级指标)") }
        var columns: [String: Int] = [:]
        for (c, text) in labels[ir].enumerated() where !text.isEmpty { columns[text] = columns[text] ?? c }
        for label in ["一级指标", "二级指标", "年度指标值", "实际完成值", "分值", "得分"] where columns[label] == nil {
            throw Problem(cell: cell(ir, columns["三级指标"]!), message: "the indicator header has no \(label)")
        }
        func at(_ r: Int, _ label: String) -> String {
            let c = columns[label]!
            return c < rows[r].cells.count ? rows[r].cells[c] : ""
        }
        var indicators: [Indicator] = []
        var level1 = "", level2 = ""
        var total: String?
        var sawTotal = false
        for r in (ir + 1)..<rows.count {
            if labels[r].contains("总分") {
                let t = at(r, "得分")
                total = t.isEmpty ? nil : t
                sawTotal = true
                break
            }
            if !at(r, "一级指标").isEmpty { level1 = at(r, "一级指标"); level2 = "" }
            if !at(r, "二级指标").isEmpty { level2 = at(r, "二级指标") }
            let indicator = at(r, "三级指标")
            guard !indicator.isEmpty else {
                // A row of the block without an indicator: only a blank-looking line may be skipped.
                if let c = ["年度指标值", "实际完成值", "分值", "得分"].compactMap({ label in at(r, label).isEmpty ? nil : columns[label] }).first {
                    throw Problem(cell: cell(r, c), message: "has a value but no 三级指标 in its row")
                }
                continue
            }
            guard !level1.isEmpty else { throw Problem(cell: cell(r, columns["一级指标"]!), message: "indicator \"\(indicator)\" has no 一级指标 above it") }
            indicators.append(Indicator(level1: level1, level2: level2, indicator: indicator, target: at(r, "年度指标值"),
                                        actual: at(r, "实际完成值"), points: at(r, "分值"), score: at(r, "得分")))
        }
        guard sawTotal else { throw Problem(cell: cell(ir, columns["三级指标"]!), message: "the indicator block has no 总分 row after it") }
        guard !indicators.isEmpty else { throw Problem(cell: cell(ir, columns["三级指标"]!), message: "the indicator block has no indicator") }
        return SelfEvaluationForm(period: period, projectID: projectID, name: name, department: department, budget: budget,
                                  executed: executed, unitIsWan: unitIsWan, total: total, indicators: indicators)
    }

    /// Labels of the form's head rows, never a value.
    static let rowLabels: Set<String> = ["项目名称", "项目编码", "主管部门", "实施单位"]

    /// A label as compared: without white space of any kind (full-width, no-break, a line break
    /// in a narrow cell), so that `项 目 名 称` and `年度\n指标值` match.
    static func plain(_ s: String) -> String {
        String(s.unicodeScalars.filter { !$0.properties.isWhitespace })
    }

    /// `2024` from a cell such as `（2024年度）`, `（2024  年度）`, `２０２４年度` or
    /// `2024年度项目支出绩效自评表`.
    static func year(_ text: String) -> String? {
        let text = String(plain(text).unicodeScalars.map { ("０"..."９").contains($0) ? Character(Unicode.Scalar($0.value - 0xFEE0)!) : Character($0) })
        guard let range = text.range(of: "年度") else { return nil }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        return digits.count == 4 ? String(digits.reversed()) : nil
    }

    /// An unsigned decimal: digits with at most one inner point (`669.000079`, `0`).
    static func isDecimal(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// An amount in 万元 (or 元, `wan: false`) written as 元 to the fen (× 10,000 in decimal,
    /// rounded half away from zero to two decimals, at least two): `669.000079` → `6690000.79`,
    /// `12.5` → `125000.00`.
    static func yuan(_ amount: String, inWan isWan: Bool = true) -> String {
        let shift = isWan ? 4 : 0
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        let padded = fraction + String(repeating: "0", count: max(0, shift + 2 - fraction.count))
        var digits = Array((whole + padded.prefix(shift) + "." + padded.dropFirst(shift)).utf8)  // the point moved
        // Round to two decimals, half away from zero, on the digits.
        let point = digits.firstIndex(of: 0x2E)!
        let cut = point + 3
        if digits.count > cut {
            let up = digits[cut] >= 0x35
            digits.removeSubrange(cut...)
            if up {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 0x2E { i -= 1; continue }
                    if digits[i] == 0x39 { digits[i] = 0x30; i -= 1 } else { digits[i] += 1; break }
                }
                if i < 0 { digits.insert(0x31, at: 0) }
            }
        }
        let dot = digits.firstIndex(of: 0x2E)!
        let zeros = digits[..<max(0, dot - 1)].prefix { $0 == 0x30 }.count  // leading zeros, not the one before the point
        return String(decoding: digits[zeros...], as: UTF8.self)
    }
}
