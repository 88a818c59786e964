/// Reads bases.csv (SPEC §8, issue 9): one row per period and department, `period` (optional),
/// `department`, then amount columns named by the user. Headers 公用经费 and 下年预算申请数 are
/// known as `public_funds` and `next_year_request`; any other header names its column as
/// written. A header may state its unit, `公用经费（万元）`; a cell may too, `12万元` or `1,200元`
/// (a leading ¥ or ￥ is allowed); otherwise amounts are in the scheme's `amount_unit`. Amounts
/// follow §3.2; an empty cell is no amount. A cell that is not an amount (text, a percentage, a
/// negative number, more than six decimals) is an error of its line when a rule charges its
/// column — a remark column does not stop a run.
enum BasesFileReader {
    /// The most a bases file may hold (a province's departments × years is far less).
    static let largestFile = 64 << 20

    static let periodColumn = ColumnSpec(code: "period", aliases: ["年度", "期间", "评价年度"], required: false)
    static let departmentColumn = ColumnSpec(code: "department", aliases: ["部门", "单位", "预算单位", "主管部门"], required: true)

    /// Reads `path`; `departments` are the batch's, to warn about rows of unknown departments.
    static func read(path: String, departments: Set<String>, unit: AmountUnit) throws(InputRejected) -> (BaseAmounts, Diagnostics) {
        let source = try SourceText.loadSettings(
            path: path, largest: largestFile, tooLarge: "is larger than 64 MiB; a bases file has one row per period and department")
        return try read(source, departments: departments, unit: unit)
    }

    static func read(_ source: SourceText, departments: Set<String>, unit: AmountUnit) throws(InputRejected) -> (BaseAmounts, Diagnostics) {
        let file = source.fileName
        var diagnostics = Diagnostics()
        var columns: [String] = [], headers: [String] = [], columnUnit: [AmountUnit?] = [], hasPeriod = false
        var problems: [[Diagnostic]] = []
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
                let map = HeaderMap(headers: written, specs: [periodColumn, departmentColumn], file: file, into: &found)
                for d in found.all where d.rule != .unusedColumn { diagnostics.append(d) }
                hasPeriod = map.field[0] != nil
                // Amount columns: every other header, in file order; a header without a name is
                // kept aside, an error only if a cell under it is not empty.
                var amountField: [Int] = [], unnamed: [Int] = []
                for (f, h) in written.enumerated() where f != map.field[0] && f != map.field[1] {
                    if h.isEmpty {
                        unnamed.append(f)
                        continue
                    }
                    let (name, stated) = Self.unit(of: h)
                    let code = BaseAmounts.knownCode(name) ?? name
                    if let first = columns.firstIndex(where: { Vocabulary.normalized($0) == Vocabulary.normalized(code) }) {
                        diagnostics.append(Diagnostic(.error, rule: .duplicateColumn, file: file, line: 1, column: h,
                                                      message: "names the same amount (\(code)) as \"\(headers[first])\""))
                        continue
                    }
                    columns.append(code)
                    headers.append(h)
                    columnUnit.append(stated)
                    amountField.append(f)
                }
                problems = [[Diagnostic]](repeating: [], count: columns.count)
                if diagnostics.hasErrors { return }
                var row = TableRow(bytes: bytes, map: map)
                let syntax = ValueSyntax(unitWords: ["万元", "元"])
                var reportedUnnamed = false
                while try row.read(&reader) {
                    guard row.fields.count == written.count else {
                        diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                            message: "the row has \(row.fields.count) fields; the header has \(written.count)"))
                        continue
                    }
                    if (0..<row.fields.count).allSatisfy({ f in CSVReader.string(row.fields[f], in: bytes).trimmingSpaces.isEmpty }) { continue }
                    func error(_ rule: DiagnosticRule, _ column: String, _ value: String?, _ message: String) {
                        diagnostics.append(Diagnostic(.error, rule: rule, file: file, line: row.line, column: column, value: value, message: message))
                    }
                    if !reportedUnnamed, let f = unnamed.first(where: { !CSVReader.string(row.fields[$0], in: bytes).trimmingSpaces.isEmpty }) {
                        error(.missingColumn, "field \(f + 1)", nil, "has values but no header; name every amount column")
                        reportedUnnamed = true
                    }
                    let department = row.string(1)
                    let period = row.string(0)
                    guard !department.isEmpty else {
                        error(.emptyValue, map.header[1], nil, "is empty: every row names a department")
                        continue
                    }
                    if hasPeriod {
                        guard !period.isEmpty else {
                            error(.emptyValue, map.header[0], nil, "is empty: every row names its period (or leave the column out for bases of every period)")
                            continue
                        }
                        guard PeriodDate(period) != nil else {
                            error(.periodFormat, map.header[0], period, "is not a period: write a year (2024) or a month-end cut-off (2024-07)")
                            continue
                        }
                    }
                    var amounts: [Int128?] = []
                    for (k, f) in amountField.enumerated() {
                        var text = CSVReader.string(row.fields[f], in: bytes).trimmingSpaces
                        if text.hasPrefix("¥") || text.hasPrefix("￥") { text = String(text.dropFirst()).trimmingSpaces }
                        guard !text.isEmpty else {
                            amounts.append(nil)
                            continue
                        }
                        let cell = Diagnostic(.error, rule: .notANumber, file: file, line: row.line, column: headers[k], value: text, message: "")
                        func problem(_ rule: DiagnosticRule, _ message: String) {
                            var d = cell
                            d.rule = rule
                            d.message = message
                            problems[k].append(d)
                            amounts.append(nil)
                        }
                        let number = Array(text.utf8).withUnsafeBufferPointer { syntax.number($0, 0..<$0.count) }
                        guard let n = number else {
                            problem(.notANumber, "is not an amount")
                            continue
                        }
                        let cellUnit: AmountUnit
                        switch n.suffix {
                        case .percent:
                            problem(.notAnAmount, "is a percentage, not an amount of money")
                            continue
                        case .word(let w): cellUnit = syntax.unitWordNames[w] == "万元" ? .wan : .yuan
                        case .none: cellUnit = columnUnit[k] ?? unit
                        }
                        if n.value.negative && n.value.digits != 0 {
                            problem(.negativeAmount, "is negative; a base amount must be ≥ 0")
                        } else if let micros = n.value.scaled(decimals: Amount.decimals) {
                            amounts.append(cellUnit == .wan ? Int128(micros) * 10_000 : Int128(micros))
                        } else {
                            problem(.amountPrecision, "has more than \(Amount.decimals) decimals or is too large to add up exactly")
                        }
                    }
                    let key = BaseAmounts.Key(period: hasPeriod ? BaseAmounts.periodKey(period) : "", department: department)
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
        return (BaseAmounts(file: file, columns: columns, headers: headers, hasPeriod: hasPeriod, rows: rows, problems: problems), diagnostics)
    }

    /// A header without a stated unit — `公用经费（万元）`, `public_funds (元)` — and that unit.
    static func unit(of header: String) -> (name: String, unit: AmountUnit?) {
        for (suffix, unit) in [("万元", AmountUnit.wan), ("元", .yuan)] {
            for (open, close) in [("（", "）"), ("(", ")")] where header.hasSuffix(open + suffix + close) {
                return (String(header.dropLast((open + suffix + close).count)).trimmingSpaces, unit)
            }
        }
        return (header, nil)
    }
}
