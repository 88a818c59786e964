/// A column a table may have: its code, the header names that mean it (SPEC §3.1), and
/// whether a file must have it.
struct ColumnSpec: Sendable {
    let code: String
    let aliases: [String]
    let required: Bool
}

/// Which field of a file holds each known column, matched case-insensitively after trimming,
/// in English or Chinese; and the header as the file spells it, for messages in the user's terms.
struct HeaderMap: Sendable {
    /// Field index per column spec (same order as the specs), or nil when absent.
    private(set) var field: [Int?]
    /// The header text as written in the file, per column spec.
    private(set) var header: [String]
    /// Header fields that name no known column.
    private(set) var unused: [(field: Int, header: String)] = []

    /// Maps `headers` onto `specs`; reports missing required and duplicated columns.
    init(headers: [String], specs: [ColumnSpec], file: String, into diagnostics: inout Diagnostics) {
        field = Array(repeating: nil, count: specs.count)
        header = specs.map(\.code)
        let lookup = Self.lookup(specs)
        for (f, h) in headers.enumerated() {
            let key = Vocabulary.normalized(h)
            guard let c = lookup[key] else {
                unused.append((f, h))
                continue
            }
            if let first = field[c] {
                diagnostics.append(
                    Diagnostic(.error, rule: .duplicateColumn, file: file, line: 1, column: h,
                               message: "names the same column (\(specs[c].code)) as field \(first + 1) \"\(headers[first])\""))
                continue
            }
            field[c] = f
            header[c] = h.trimmingSpaces
        }
        for (c, spec) in specs.enumerated() where spec.required && field[c] == nil {
            let names = ([spec.code] + spec.aliases).joined(separator: ", ")
            diagnostics.append(
                Diagnostic(.error, rule: .missingColumn, file: file, line: 1,
                           message: "required column \(spec.code) is missing (accepted headers: \(names))"))
        }
        for u in unused {
            diagnostics.append(
                Diagnostic(.warning, rule: .unusedColumn, file: file, line: 1, column: u.header,
                           message: "is not a column ScoreKernel reads; it is ignored"))
        }
    }

    /// Header text, normalized as ``Vocabulary/normalized(_:)`` makes it, → index of the spec
    /// it names (its code or one of its aliases).
    static func lookup(_ specs: [ColumnSpec]) -> [String: Int] {
        var lookup: [String: Int] = [:]
        for (c, spec) in specs.enumerated() {
            lookup[spec.code.lowercased()] = c
            for a in spec.aliases { lookup[Vocabulary.normalized(a)] = c }
        }
        return lookup
    }
}

/// The columns of projects.csv (SPEC §3.1).
enum ProjectsFile {
    static let specs: [ColumnSpec] = [
        ColumnSpec(code: "project_id", aliases: ["项目编码", "项目编号", "项目代码"], required: true),
        ColumnSpec(code: "department", aliases: ["部门", "单位", "预算单位", "主管部门"], required: true),
        ColumnSpec(code: "period", aliases: ["年度", "期间", "评价年度"], required: false),
        ColumnSpec(code: "budget", aliases: ["全年预算数", "调整后预算数", "预算数"], required: true),
        ColumnSpec(code: "executed", aliases: ["全年执行数", "预算执行数", "执行数"], required: true),
        ColumnSpec(code: "project_name", aliases: ["项目名称"], required: false),
        ColumnSpec(code: "sector", aliases: ["行业", "领域"], required: false),
        ColumnSpec(code: "self_score", aliases: ["自评得分"], required: false),
        ColumnSpec(code: "review_score", aliases: ["复核得分", "评价得分"], required: false),
        ColumnSpec(code: "monitor_score", aliases: ["监控得分"], required: false),
    ]
    static let projectID = 0, department = 1, period = 2, budget = 3, executed = 4, projectName = 5, sector = 6,
        selfScore = 7, reviewScore = 8, monitorScore = 9
}

/// The columns of indicators.csv (SPEC §3.1).
enum IndicatorsFile {
    static let specs: [ColumnSpec] = [
        ColumnSpec(code: "project_id", aliases: ["项目编码", "项目编号", "项目代码"], required: true),
        ColumnSpec(code: "period", aliases: ["年度", "期间", "评价年度"], required: false),
        ColumnSpec(code: "level1", aliases: ["一级指标"], required: true),
        ColumnSpec(code: "level2", aliases: ["二级指标"], required: false),
        ColumnSpec(code: "indicator", aliases: ["三级指标", "指标名称"], required: true),
        ColumnSpec(code: "indicator_code", aliases: ["指标编码"], required: false),
        ColumnSpec(code: "direction", aliases: ["指标性质", "指标方向", "计算符号"], required: false),
        ColumnSpec(code: "target", aliases: ["年度指标值", "指标值"], required: true),
        ColumnSpec(code: "target_high", aliases: ["指标值上限"], required: false),
        ColumnSpec(code: "actual", aliases: ["实际完成值", "完成值"], required: true),
        ColumnSpec(code: "points", aliases: ["分值", "权重"], required: true),
        ColumnSpec(code: "score", aliases: ["得分"], required: false),
        ColumnSpec(code: "unit", aliases: ["度量单位", "计量单位"], required: false),
    ]
    static let projectID = 0, period = 1, level1 = 2, level2 = 3, indicator = 4, indicatorCode = 5, direction = 6,
        target = 7, targetHigh = 8, actual = 9, points = 10, score = 11, unit = 12
}
