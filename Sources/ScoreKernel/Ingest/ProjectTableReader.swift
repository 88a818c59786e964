/// Reads projects.csv (SPEC §3.1) into project columns and the lookup tables the indicators
/// reader needs: (period, project_id) → project, and project_id alone when ids are unique.
struct ProjectTableReader {
    let file: String
    let syntax: ValueSyntax
    /// The highest score a project can have (the scheme's points_total): 自评得分, 复核得分 and
    /// 监控得分 must lie in 0 … this.
    let pointsTotal: Double

    /// What was read: one entry per accepted row, in file order.
    struct Result {
        var columns = ProjectColumns()
        /// `period ␟ project_id` → project index.
        var keys = ByteInterner(capacity: 1024)
        var periods = ByteInterner()
        /// Per period code: empty or a date (``PeriodDate``).
        var periodIsDate: [Bool] = []
        var departments = ByteInterner()
        var sectors = ByteInterner()
        /// Projects with an error (excluded in lenient mode).
        var rejected: [Bool] = []
        var hasPeriodColumn = false
        var diagnostics = Diagnostics()
        /// Scratch for the lookup key of the row being read.
        var key: [UInt8] = []

        /// Records an error of the row being read, in the file's own column names.
        mutating func error(_ row: borrowing TableRow, _ file: String, _ rule: DiagnosticRule, _ column: Int?, _ value: String?, _ message: String) {
            diagnostics.append(Diagnostic(.error, rule: rule, file: file, line: row.line,
                column: column.map { row.map.header[$0] }, value: value, message: message,
                period: row.string(ProjectsFile.period), projectID: row.string(ProjectsFile.projectID)))
        }
    }

    func read(_ source: SourceText) -> Result {
        var result = Result()
        source.withBytes { bytes in
            // Tables sized for rows of 100 bytes or more: no regrowth on the way to a million keys.
            result.keys = ByteInterner(capacity: bytes.count / 100)
            var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            do throws(CSVSyntaxError) {
                guard try reader.next(into: &fields) else {
                    result.diagnostics.append(Diagnostic(.error, rule: .emptyFile, file: file, message: "the file is empty: it needs a header row"))
                    return
                }
                let headers = fields.map { CSVReader.string($0, in: bytes) }
                let map = HeaderMap(headers: headers, specs: ProjectsFile.specs, file: file, into: &result.diagnostics)
                if result.diagnostics.hasErrors { return }
                result.hasPeriodColumn = map.field[ProjectsFile.period] != nil
                var row = TableRow(bytes: bytes, map: map)
                var scratch: [UInt8] = []
                while try reader.next(into: &row.fields) {
                    row.line = reader.recordLine
                    guard row.fields.count == headers.count else {
                        result.diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                            message: "the row has \(row.fields.count) fields; the header has \(headers.count)"))
                        continue
                    }
                    readRow(row, into: &result, scratch: &scratch)
                }
            } catch {
                result.diagnostics.append(error.diagnostic(file: file))
            }
        }
        return result
    }

    private func readRow(_ row: borrowing TableRow, into r: inout Result, scratch: inout [UInt8]) {
        let line = row.line
        guard !row.isBlank(ProjectsFile.projectID) else {
            r.error(row, file, .emptyValue, ProjectsFile.projectID, nil, "is empty: every project needs an id")
            return
        }
        // Key: period ␟ id.
        r.key.removeAll(keepingCapacity: true)
        r.key.append(contentsOf: row.key(ProjectsFile.period))
        r.key.append(0x1F)
        r.key.append(contentsOf: row.key(ProjectsFile.projectID))
        let (code, inserted) = r.key.withUnsafeBufferPointer { r.keys.intern($0) }
        guard inserted else {
            let first = r.columns.sourceLine[Int(code)]
            let period = row.string(ProjectsFile.period)
            r.error(row, file, .duplicateProject, ProjectsFile.projectID, row.string(ProjectsFile.projectID),
                  "is a duplicate: the same project_id\(period.isEmpty ? "" : " in period \(period)") is on line \(first)")
            return
        }
        var rejected = false

        let (period, newPeriod) = row.withValue(ProjectsFile.period) { r.periods.intern($0) }
        if newPeriod { r.periodIsDate.append(row.isBlank(ProjectsFile.period) || PeriodDate(row.string(ProjectsFile.period)) != nil) }
        if !r.periodIsDate[Int(period)] {
            r.error(row, file, .periodFormat, ProjectsFile.period, row.string(ProjectsFile.period),
                    "is not a period: write a year (2024) or a month-end cut-off (2024-07, 2024年7月)")
            rejected = true
        }
        r.columns.period.append(period)
        if row.isBlank(ProjectsFile.department) {
            r.error(row, file, .emptyValue, ProjectsFile.department, nil, "is empty: every project needs a department")
            rejected = true
        }
        r.columns.department.append(row.withValue(ProjectsFile.department) { r.departments.intern($0) }.code)
        r.columns.sector.append(row.withValue(ProjectsFile.sector) { r.sectors.intern($0) }.code)
        row.append(ProjectsFile.projectID, to: &r.columns.id, scratch: &scratch)
        row.append(ProjectsFile.projectName, to: &r.columns.name, scratch: &scratch)

        for c in ProjectsFile.budget...ProjectsFile.executed {
            var micros: Int64 = 0
            if let n = syntax.number(row.bytes, row.range(c)!) {
                if n.suffix == .percent {
                    r.error(row, file, .notAnAmount, c, row.string(c), "is a percentage, not an amount of money")
                    rejected = true
                } else if n.value.negative && n.value.digits != 0 {
                    r.error(row, file, .negativeAmount, c, row.string(c), "is negative; amounts must be ≥ 0")
                    rejected = true
                } else if let m = n.value.scaled(decimals: Amount.decimals) {
                    micros = m
                } else {
                    r.error(row, file, .amountPrecision, c, row.string(c), "has more than \(Amount.decimals) decimals or is too large to add up exactly")
                    rejected = true
                }
            } else {
                r.error(row, file, .notANumber, c, row.string(c), row.isBlank(c) ? "is empty; an amount is required" : "is not a number")
                rejected = true
            }
            if c == ProjectsFile.budget { r.columns.budget.append(micros) } else { r.columns.executed.append(micros) }
        }
        if r.columns.executed.last! > r.columns.budget.last! && !rejected {
            r.diagnostics.append(Diagnostic(.warning, rule: .executedAboveBudget, file: file, line: line,
                column: row.map.header[ProjectsFile.executed], value: row.string(ProjectsFile.executed),
                message: "is more than the budget (\(row.excerpt(ProjectsFile.budget)))",
                period: row.string(ProjectsFile.period), projectID: row.string(ProjectsFile.projectID)))
        }
        for c in ProjectsFile.selfScore...ProjectsFile.monitorScore {
            var value = Double.nan
            var decimals: Int8 = 0
            if !row.isBlank(c) {
                if let n = syntax.number(row.bytes, row.range(c)!), n.suffix == .none {
                    if let x = n.value.boundedDouble, x >= 0, x <= pointsTotal {
                        value = x
                        decimals = n.value.decimals()
                    } else {
                        r.error(row, file, .scoreRange, c, row.string(c),
                                "must lie between 0 and \(BatchReader.number(pointsTotal)) (points_total)")
                        rejected = true
                    }
                } else {
                    r.error(row, file, .notANumber, c, row.string(c), "is not a number")
                    rejected = true
                }
            }
            switch c {
            case ProjectsFile.selfScore:
                r.columns.selfScore.append(value)
                r.columns.selfScoreDecimals.append(decimals)
            case ProjectsFile.reviewScore: r.columns.reviewScore.append(value)
            default: r.columns.monitorScore.append(value)
            }
        }
        r.columns.sourceLine.append(Int32(line))
        r.rejected.append(rejected)
    }
}

extension CSVSyntaxError {
    /// The syntax error as a diagnostic of `file`.
    func diagnostic(file: String) -> Diagnostic {
        Diagnostic(.error, rule: .csvSyntax, file: file, line: line, column: "field \(field)", message: message)
    }
}

/// The projects as the indicators reader finds them: by (period, project_id), and, for an
/// indicators file without a period column, by project_id alone (built only then: a million
/// projects' ids cost a second table).
struct ProjectLookup: Sendable {
    let projects: ProjectTableReader.Result
    /// project_id → its code in `project`; nil unless looked up by id alone.
    let ids: ByteInterner?
    /// Per id code, its project, or -1 when the id is in several periods.
    let project: [Int32]

    init(_ projects: ProjectTableReader.Result, byIDAlone: Bool) {
        self.projects = projects
        guard byIDAlone else {
            ids = nil
            project = []
            return
        }
        var ids = ByteInterner(capacity: projects.columns.count)
        var project: [Int32] = []
        var key: [UInt8] = []
        for q in 0..<projects.columns.count {
            // The stored id is unescaped; the lookup key is the field as written (a quote doubled).
            key.removeAll(keepingCapacity: true)
            for b in projects.columns.id.utf8(q) {
                key.append(b)
                if b == .quote { key.append(b) }
            }
            let (code, new) = key.withUnsafeBufferPointer { ids.intern($0) }
            if new { project.append(Int32(q)) } else { project[Int(code)] = -1 }
        }
        self.ids = ids
        self.project = project
    }
}
