/// Reads bases.csv (SPEC §8, issue 9): one row per period and department, `period` (optional),
/// `department`, then amount columns named by the user. Headers 公用经费 and 下年预算申请数 are
/// known as `public_funds` and `next_year_request`; any other header names its column as
/// written. Amounts follow §3.2 (`1,234.56`, `12万元` keeps 12); a percentage, a negative amount
/// or more than six decimals is an error of its row; an empty cell is no amount.
enum BasesFileReader {
    /// The most a bases file may hold (a province's departments × years is far less).
    static let largestFile = 64 << 20

    static let periodColumn = ColumnSpec(code: "period", aliases: ["年度", "期间", "评价年度"], required: false)
    static let departmentColumn = ColumnSpec(code: "department", aliases: ["部门", "单位", "预算单位", "主管部门"], required: true)
    /// Amount columns with a Chinese name.
    static let knownAmounts = [
        ColumnSpec(code: "public_funds", aliases: ["公用经费"], required: false),
        ColumnSpec(code: "next_year_request", aliases: ["下年预算申请数", "下年预算申请"], required: false),
    ]

    /// Reads `path`; `departments` are the batch's, to warn about rows of unknown departments.
    static func read(path: String, departments: Set<String>) throws(InputRejected) -> (BaseAmounts, Diagnostics) {
        let source = try SourceText.loadSettings(
            path: path, largest: largestFile, tooLarge: "is larger than 64 MiB; a bases file has one row per period and department")
        return try read(source, departments: departments)
    }

    static func read(_ source: SourceText, departments: Set<String>) throws(InputRejected) -> (BaseAmounts, Diagnostics) {
        let file = source.fileName
        var diagnostics = Diagnostics()
        var columns: [String] = [], headers: [String] = [], hasPeriod = false
        var rows: [BaseAmounts.Key: BaseAmounts.Row] = [:]
        source.withBytes { bytes in
            var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            do throws(CSVSyntaxError) {
                guard try reader.next(into: &fields) else {
                    diagnostics.append(Diagnostic(.error, rule: .emptyFile, file: file,
                                                  message: "the file is empty: it needs a header row (period, department, then amount columns)"))
                    return
                }
                let written = fields.map { CSVReader.string($0, in: bytes).trimmingSpaces }
                var found = Diagnostics()
                let map = HeaderMap(headers: written, specs: [periodColumn, departmentColumn] + knownAmounts, file: file, into: &found)
                for d in found.all where d.rule != .unusedColumn { diagnostics.append(d) }
                hasPeriod = map.field[0] != nil
                // Amount columns: the known ones and every other header, in file order.
                var amountField: [Int] = []
                for (f, h) in written.enumerated() where f != map.field[0] && f != map.field[1] {
                    if h.isEmpty {
                        diagnostics.append(Diagnostic(.error, rule: .missingColumn, file: file, line: 1, column: "field \(f + 1)",
                                                      message: "has no header; name every amount column"))
                        continue
                    }
                    let known = knownAmounts.indices.first { map.field[2 + $0] == f }
                    let code = known.map { knownAmounts[$0].code } ?? h
                    if let first = columns.firstIndex(of: code) {
                        diagnostics.append(Diagnostic(.error, rule: .duplicateColumn, file: file, line: 1, column: h,
                                                      message: "names the same amount (\(code)) as \"\(headers[first])\""))
                        continue
                    }
                    columns.append(code)
                    headers.append(h)
                    amountField.append(f)
                }
                if diagnostics.hasErrors { return }
                var row = TableRow(bytes: bytes, map: map)
                let syntax = ValueSyntax(unitWords: ["元", "万元"])
                while try reader.next(into: &row.fields) {
                    row.line = reader.recordLine
                    guard row.fields.count == written.count else {
                        diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                            message: "the row has \(row.fields.count) fields; the header has \(written.count)"))
                        continue
                    }
                    if (0..<row.fields.count).allSatisfy({ f in row.fields[f].start == row.fields[f].end }) { continue }
                    let department = row.string(1)
                    let period = row.string(0)
                    func error(_ rule: DiagnosticRule, _ column: String, _ value: String?, _ message: String) {
                        diagnostics.append(Diagnostic(.error, rule: rule, file: file, line: row.line, column: column, value: value, message: message))
                    }
                    guard !department.isEmpty else {
                        error(.emptyValue, map.header[1], nil, "is empty: every row names a department")
                        continue
                    }
                    if hasPeriod, !period.isEmpty, PeriodDate(period) == nil {
                        error(.periodFormat, map.header[0], period, "is not a period: write a year (2024) or a month-end cut-off (2024-07)")
                        continue
                    }
                    var amounts: [Int64?] = []
                    var valid = true
                    for (k, f) in amountField.enumerated() {
                        let range = row.fields[f].start..<row.fields[f].end
                        let text = CSVReader.string(row.fields[f], in: bytes).trimmingSpaces
                        if text.isEmpty {
                            amounts.append(nil)
                            continue
                        }
                        guard let n = syntax.number(bytes, range) else {
                            error(.notANumber, headers[k], text, "is not an amount")
                            valid = false
                            continue
                        }
                        if n.suffix == .percent {
                            error(.notAnAmount, headers[k], text, "is a percentage, not an amount of money")
                        } else if n.value.negative && n.value.digits != 0 {
                            error(.negativeAmount, headers[k], text, "is negative; a base amount must be ≥ 0")
                        } else if let micros = n.value.scaled(decimals: Amount.decimals) {
                            amounts.append(micros)
                            continue
                        } else {
                            error(.amountPrecision, headers[k], text, "has more than \(Amount.decimals) decimals or is too large to add up exactly")
                        }
                        valid = false
                    }
                    guard valid else { continue }
                    let key = BaseAmounts.Key(period: hasPeriod ? period : "", department: department)
                    if let first = rows[key] {
                        error(.duplicateBase, map.header[1], department,
                              "is a duplicate: the same department\(period.isEmpty ? "" : " in period \(period)") is on line \(first.line)")
                        continue
                    }
                    rows[key] = BaseAmounts.Row(line: row.line, amounts: amounts)
                    if !departments.contains(department) {
                        diagnostics.append(Diagnostic(.warning, rule: .unknownDepartment, file: file, line: row.line, column: map.header[1],
                                                      value: department, message: "is no department of the projects file; its amounts are not used"))
                    }
                }
            } catch {
                diagnostics.append(error.diagnostic(file: file))
            }
        }
        guard !diagnostics.hasErrors else { throw InputRejected(diagnostics) }
        return (BaseAmounts(file: file, columns: columns, headers: headers, hasPeriod: hasPeriod, rows: rows), diagnostics)
    }
}
