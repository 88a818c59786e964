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
        /// `period ␟ project_id` → project index, for the rows of the file's first part (all of
        /// them when it was read in one).
        var keys = ByteInterner(capacity: 1024)
        /// The same for each further part: its table, and per code its project.
        var moreKeys: [(table: ByteInterner, project: [Int32])] = []
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

        /// The project of `key` (`period ␟ project_id`), or nil.
        func project(ofKey key: UnsafeBufferPointer<UInt8>) -> Int32? {
            if let code = keys.find(key) { return code }
            for part in moreKeys {
                if let code = part.table.find(key) { return part.project[Int(code)] }
            }
            return nil
        }

        /// Records an error of the row being read, in the file's own column names.
        mutating func error(_ row: borrowing TableRow, _ file: String, _ rule: DiagnosticRule, _ column: Int?, _ value: String?, _ message: String) {
            diagnostics.append(Diagnostic(.error, rule: rule, file: file, line: row.line,
                column: column.map { row.map.header[$0] }, value: value, message: message,
                period: row.string(ProjectsFile.period), projectID: row.string(ProjectsFile.projectID)))
        }
    }

    /// Reads the file; on `threads` workers in as many parts when it is over a megabyte.
    func read(_ source: SourceText, threads: Int = 1) -> Result {
        var result = Result()
        source.withBytes { bytes in
            var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            let headers: [String]
            do throws(CSVSyntaxError) {
                guard try reader.next(into: &fields) else {
                    result.diagnostics.append(Diagnostic(.error, rule: .emptyFile, file: file, message: "the file is empty: it needs a header row"))
                    return
                }
                headers = fields.map { CSVReader.string($0, in: bytes) }
            } catch {
                result.diagnostics.append(error.diagnostic(file: file))
                return
            }
            let map = HeaderMap(headers: headers, specs: ProjectsFile.specs, file: file, into: &result.diagnostics)
            if result.diagnostics.hasErrors { return }
            result.hasPeriodColumn = map.field[ProjectsFile.period] != nil
            let body = reader.position..<bytes.count
            let count = body.count > 1 << 20 && threads > 1 ? threads : 1
            if count > 1 {
                // Parts cut after a line feed, each read with tables of its own, then joined. A cut
                // inside a quoted field shows as a syntax error: then the file is read in one.
                let cuts = IndicatorTableReader.speculativeCuts(bytes, body, count)
                let parts = Parallel.map(count, workers: threads) { k -> (Result, lines: Int) in
                    var part = Result()
                    guard k < cuts.count else { return (part, 0) }
                    part.hasPeriodColumn = result.hasPeriodColumn
                    part.keys = ByteInterner(capacity: cuts[k].count / 128)
                    let lines = readRows(bytes, cuts[k], firstLine: 1, map: map, headerCount: headers.count, into: &part)
                    return (part, lines)
                }
                if !parts.contains(where: { $0.0.diagnostics.all.contains { $0.rule == .csvSyntax } }) {
                    var line = reader.line
                    for (k, (part, lines)) in parts.enumerated() {
                        if k == 0 {
                            var first = part
                            first.diagnostics = result.diagnostics
                            first.diagnostics.append(contentsOf: part.diagnostics)
                            result = first
                            result.columns.shiftLines(by: line - 1)
                            result.diagnostics.shiftLines(by: line - 1)
                        } else {
                            result.join(part, shiftingLinesBy: line - 1, file: file, idColumn: map.header[ProjectsFile.projectID])
                        }
                        line += lines - 1
                    }
                    return
                }
            }
            result.keys = ByteInterner(capacity: body.count / 128)
            _ = readRows(bytes, body, firstLine: reader.line, map: map, headerCount: headers.count, into: &result)
        }
        return result
    }

    /// Reads the rows of `range` (starting on `firstLine`) into `result`; returns the line the
    /// reader ended on.
    private func readRows(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstLine: Int, map: HeaderMap, headerCount: Int, into result: inout Result
    ) -> Int {
        var reader = CSVReader(bytes: bytes, range: range, firstLine: firstLine)
        var row = TableRow(bytes: bytes, map: map)
        var scratch: [UInt8] = []
        do throws(CSVSyntaxError) {
            while try row.read(&reader) {
                guard row.fields.count == headerCount else {
                    result.diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                        message: "the row has \(row.fields.count) fields; the header has \(headerCount)"))
                    continue
                }
                readRow(row, into: &result, scratch: &scratch)
            }
        } catch {
            result.diagnostics.append(error.diagnostic(file: file))
        }
        return reader.line
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

extension ProjectTableReader.Result {
    /// Appends `part`, the rows of the file after this one's, read with tables of its own: its
    /// lines moved by `offset`, its codes made this result's, a row whose key an earlier part
    /// holds left out with a duplicate error (as a one-part read reports it), its key table kept
    /// for lookups.
    mutating func join(_ part: Self, shiftingLinesBy offset: Int, file: String, idColumn: String) {
        var part = part
        part.columns.shiftLines(by: offset)
        part.diagnostics.shiftLines(by: offset)
        let partPeriods = part.periods.strings
        let periodCodes = partPeriods.enumerated().map { c, name in
            let known = periods.count
            let code = periods.intern(name)
            if periods.count > known { periodIsDate.append(part.periodIsDate[c]) }
            return code
        }
        let departmentCodes = part.departments.strings.map { departments.intern($0) }
        let sectorCodes = part.sectors.strings.map { sectors.intern($0) }
        // Row c of the part is its key code c.
        var keep: [Int] = []
        var duplicates: [(row: Int, first: Int32)] = []
        for c in 0..<part.columns.count {
            if let first = part.keys.withKey(c, { project(ofKey: $0) }) { duplicates.append((c, first)) } else { keep.append(c) }
        }
        var projectOf = [Int32](repeating: -1, count: part.columns.count)
        for (k, c) in keep.enumerated() { projectOf[c] = Int32(columns.count + k) }
        if !duplicates.isEmpty {
            // What a one-part read says of a duplicate row, and nothing else of it.
            let lines = Set(duplicates.map { Int(part.columns.sourceLine[$0.row]) })
            var kept = Diagnostics()
            for d in part.diagnostics.all where d.file != file || !lines.contains(d.line ?? -1) { kept.append(d) }
            for (c, first) in duplicates {
                let id = part.columns.id[c]
                let period = partPeriods[Int(part.columns.period[c])]
                kept.append(Diagnostic(.error, rule: .duplicateProject, file: file, line: Int(part.columns.sourceLine[c]), column: idColumn,
                                       value: id, message: "is a duplicate: the same project_id\(period.isEmpty ? "" : " in period \(period)") is on line \(columns.sourceLine[Int(first)])",
                                       period: period, projectID: id))
            }
            part.diagnostics = kept
            part.columns = part.columns.gathered(keep)
            part.rejected = keep.map { part.rejected[$0] }
        }
        part.columns.period = part.columns.period.map { periodCodes[Int($0)] }
        part.columns.department = part.columns.department.map { departmentCodes[Int($0)] }
        part.columns.sector = part.columns.sector.map { sectorCodes[Int($0)] }
        columns.append(part.columns)
        rejected += part.rejected
        diagnostics.append(contentsOf: part.diagnostics)
        moreKeys.append((part.keys, projectOf))
    }
}
