import Dispatch
import Glibc

/// Reads indicators.csv (SPEC §3.1–§3.3) in parallel chunks: each chunk parses its rows into
/// columns, resolves direction, target and actual by the value syntax, and finds its project in
/// the (read-only) tables of the projects reader.
struct IndicatorTableReader: Sendable {
    let file: String
    let syntax: ValueSyntax
    let scheme: Scheme

    /// The most points one indicator may carry: far above any form, low enough that bands and
    /// scores at six decimals stay exact.
    static let largestPoints = 1e6

    /// The rows of one chunk, in file order.
    struct Chunk {
        var columns = IndicatorColumns()
        /// Project index per row (-1: no such project; the row is dropped with an error).
        var project: [Int32] = []
        /// Rows with an error; their project is excluded in lenient mode.
        var rejected: [Bool] = []
        /// Projects of rows that could not be read at all (a wrong number of fields).
        var rejectedProjects: [Int32] = []
        /// Chunk-local 指标编码 codes (merged into the batch's table afterwards).
        var codes = ByteInterner()
        var diagnostics = Diagnostics()
        /// Whether the row being read has an error so far.
        var rowRejected = false
        /// The line the chunk's reader ended on (lines counted from 1 at the chunk's start).
        var endLine = 1

        /// The values of each row read, one append a row (not one a column) while the chunk is
        /// read; moved into `project`, `rejected` and the columns by ``finish()``.
        fileprivate var values: [RowValues] = []

        mutating func reserve(rows: Int, textBytes: Int) {
            values.reserveCapacity(rows)
            columns.name.reserve(count: rows, bytes: textBytes)
        }

        /// Moves the rows' values into the columns, each column made in one pass.
        mutating func finish() {
            project = values.map(\.project)
            rejected = values.map(\.rejected)
            columns.level1 = values.map(\.level1)
            columns.level2 = values.map(\.level2)
            columns.direction = values.map(\.direction)
            columns.target = values.map(\.target)
            columns.targetHigh = values.map(\.targetHigh)
            columns.actual = values.map(\.actual)
            columns.points = values.map(\.points)
            columns.grade = values.map(\.grade)
            columns.enteredScore = values.map(\.enteredScore)
            columns.enteredScoreDecimals = values.map(\.enteredScoreDecimals)
            columns.code = values.map(\.code)
            columns.sourceLine = values.map(\.sourceLine)
            values = []
        }

        /// Moves every line number of the chunk by `offset`.
        mutating func shiftLines(by offset: Int) {
            guard offset != 0 else { return }
            // Saturated: a line past 2^31 (a file of two billion blank lines) is not a trap.
            for r in columns.sourceLine.indices { columns.sourceLine[r] = Int32(clamping: Int(columns.sourceLine[r]) + offset) }
            diagnostics.shiftLines(by: offset)
        }

        /// Records a problem of the row being read, in the file's own column names.
        mutating func report(
            _ row: borrowing TableRow, _ file: String, _ rule: DiagnosticRule, _ column: Int?, value: Bool = true, _ message: String,
            severity: Diagnostic.Severity = .error
        ) {
            typealias F = IndicatorsFile
            diagnostics.append(Diagnostic(severity, rule: rule, file: file, line: row.line,
                column: column.map { row.map.header[$0] }, value: value ? column.map { row.string($0) } : nil,
                message: message, period: row.string(F.period), projectID: row.string(F.projectID)))
            if severity == .error { rowRejected = true }
        }

        /// `n`'s value, or NaN with a `number_range` error on `column` when it is out of range.
        mutating func value(_ n: DecimalNumber, _ row: borrowing TableRow, _ file: String, _ column: Int) -> Double {
            if let x = n.boundedDouble { return x }
            report(row, file, .numberRange, column, DecimalNumber.rangeMessage)
            return .nan
        }
    }

    /// One row's values but its name, as ``Chunk`` gathers them.
    fileprivate struct RowValues {
        var target, targetHigh, actual, points, enteredScore: Double
        var project, code, sourceLine: Int32
        var level1: Level1
        var level2: Level2
        var direction: Direction
        var grade: QualitativeGrade
        var enteredScoreDecimals: Int8
        var rejected: Bool
    }

    /// How many bytes of the file a window holds by default: about 700,000 indicator rows, so
    /// that what a window becomes (columns, scores, written rows) stays near 200 MB whatever the
    /// file's size.
    static let windowBytes = 1 << 26

    /// Reads the file a window at a time. A window is about `windowBytes` bytes of rows, cut after
    /// a line end outside quotes (never inside a record); its rows are parsed in parallel parts
    /// and handed to `window` as chunks in file order, lines numbered as in the file, before the
    /// next window is read. The header's problems are in the first chunk of the first window.
    /// A CSV syntax error (fatal) ends the read: nothing after it is read.
    ///
    /// Each part gives its pages of a mapped file back as it parses them, so that the rows it
    /// makes replace the text they came from; a later pass maps them in again.
    /// - Parameter partDone: told the bytes and rows of each part as it is parsed (from worker
    ///   threads).
    func stream(
        _ source: SourceText, projects: ProjectTableReader.Result, threads: Int, windowBytes: Int = Self.windowBytes,
        partDone: (@Sendable (Int, Int) -> Void)? = nil, window: (inout [Chunk]) -> Void
    ) {
        source.withBytes { bytes in
            var header = Chunk()
            var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            do throws(CSVSyntaxError) {
                guard try reader.next(into: &fields) else {
                    header.diagnostics.append(Diagnostic(.error, rule: .emptyFile, file: file, message: "the file is empty: it needs a header row"))
                    var chunks = [header]
                    return window(&chunks)
                }
            } catch {
                header.diagnostics.append(error.diagnostic(file: file))
                var chunks = [header]
                return window(&chunks)
            }
            let headers = fields.map { CSVReader.string($0, in: bytes) }
            let map = HeaderMap(headers: headers, specs: IndicatorsFile.specs, file: file, into: &header.diagnostics)
            if header.diagnostics.hasErrors {
                var chunks = [header]
                return window(&chunks)
            }
            if map.field[IndicatorsFile.direction] == nil {
                header.diagnostics.append(Diagnostic(.warning, rule: .directionDefaulted, file: file, line: 1,
                    message: "there is no direction column (指标性质): targets without a prefix such as ≥ or ≤ are scored as >="))
            }
            partDone?(reader.position, 0)  // the header
            let projects = ProjectLookup(projects, byIDAlone: map.field[IndicatorsFile.period] == nil)
            let release: @Sendable (Range<Int>) -> Void = { source.release($0) }
            var start = reader.position
            var line = reader.line
            var first = true
            repeat {
                let wanted = start + max(1, windowBytes)
                var end = wanted >= bytes.count ? bytes.count : Self.lineEnd(bytes, from: wanted)
                let count = end - start > 1 << 20 && threads > 1 ? threads * 4 : 1
                // Cut after a line feed near each count-th of the window and parse the parts at
                // once. A cut inside a quoted field shows as a syntax error in the part before it
                // (that part's reader ends inside quotes); then the window's end is found by quote
                // parity and the exact plan is parsed instead.
                var chunks = parse(bytes, Self.speculativeCuts(bytes, start..<end, count), map, headers.count, projects, partDone, release)
                var syntaxError = chunks.contains { $0.diagnostics.all.contains { $0.rule == .csvSyntax } }
                if syntaxError {
                    end = Self.recordEnd(bytes, from: start, past: wanted)
                    let exact = CSVReader.chunks(of: bytes, range: start..<end, firstLine: 1, count: count)
                    chunks = parse(bytes, exact.map(\.range), map, headers.count, projects, nil, release)
                    syntaxError = chunks.contains { $0.diagnostics.all.contains { $0.rule == .csvSyntax } }
                }
                // After a syntax error the quote parity is unknown, and its reader stopped
                // counting lines: what follows it is not read, whatever the parts were.
                if let k = chunks.firstIndex(where: { $0.diagnostics.all.contains { $0.rule == .csvSyntax } }) {
                    chunks.removeSubrange((k + 1)...)
                }
                // Each part counted lines from 1: shift them to the file's lines.
                for k in chunks.indices {
                    chunks[k].shiftLines(by: line - 1)
                    line += chunks[k].endLine - 1
                }
                if first {
                    chunks[0].diagnostics = { var d = header.diagnostics; d.append(contentsOf: chunks[0].diagnostics); return d }()
                    first = false
                }
                window(&chunks)
                start = end
                if syntaxError { break }
            } while start < bytes.count
        }
    }

    /// The position after the first line feed at or after `position` (the end when none).
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> Int {
        var i = position
        while i < bytes.count && bytes[i] != .lf { i += 1 }
        return min(i + 1, bytes.count)
    }

    /// The position after the first line feed outside quotes at or after `past`, counting quote
    /// parity from `start` (a record boundary); the end when there is none.
    static func recordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, past: Int) -> Int {
        var quoted = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == .quote { quoted.toggle() } else if b == .lf && !quoted && i >= past { return i + 1 }
            i += 1
        }
        return bytes.count
    }

    /// Positions just after a line feed near each `count`-th of `body` (the first is its start).
    static func speculativeCuts(_ bytes: UnsafeBufferPointer<UInt8>, _ body: Range<Int>, _ count: Int) -> [Range<Int>] {
        var starts = [body.lowerBound]
        for k in 1..<max(1, count) {
            var i = max(body.lowerBound + body.count * k / count, starts.last!)
            while i < body.upperBound && bytes[i] != 0x0A { i += 1 }
            if i < body.upperBound { starts.append(i + 1) }
        }
        starts.append(body.upperBound)
        return (0..<(starts.count - 1)).map { starts[$0]..<starts[$0 + 1] }.filter { !$0.isEmpty }
    }

    /// Parses the parts in parallel, each counting its lines from 1.
    private func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, _ parts: [Range<Int>], _ map: HeaderMap, _ headerCount: Int,
        _ projects: ProjectLookup, _ partDone: (@Sendable (Int, Int) -> Void)?, _ release: @Sendable (Range<Int>) -> Void
    ) -> [Chunk] {
        let chunks = Parallel.map(parts.count, workers: parts.count) { k in
            let chunk = readChunk(bytes, parts[k], map: map, headerCount: headerCount, projects: projects, release: release)
            partDone?(parts[k].count, chunk.project.count)
            return chunk
        }
        return chunks.isEmpty ? [Chunk()] : chunks
    }

    private func readChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, map: HeaderMap, headerCount: Int,
        projects: ProjectLookup, release: (Range<Int>) -> Void
    ) -> Chunk {
        var chunk = Chunk()
        // Room for rows of 40 bytes or more: pages never touched cost nothing, regrowth does.
        chunk.reserve(rows: range.count / 40, textBytes: range.count / 2)
        var reader = CSVReader(bytes: bytes, range: range, firstLine: 1)
        var row = TableRow(bytes: bytes, map: map)
        var state = RowState()
        var released = range.lowerBound
        defer { release(released..<range.upperBound) }
        do throws(CSVSyntaxError) {
            while true {
                // Every row before the reader's position is parsed: give its text back, 8 MiB at a time.
                if reader.position - released >= 1 << 23 {
                    release(released..<reader.position)
                    released = reader.position
                }
                guard try row.read(&reader) else { break }
                guard row.fields.count == headerCount else {
                    // Tie the row to its project when its key fields are there, so that lenient
                    // mode excludes the project rather than score it without the row.
                    let keyed = [IndicatorsFile.projectID, IndicatorsFile.period].allSatisfy { (map.field[$0] ?? 0) < row.fields.count }
                    let project = keyed ? self.project(of: row, state: &state, projects: projects) : -1
                    if project >= 0 { chunk.rejectedProjects.append(project) }
                    chunk.diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                        message: "the row has \(row.fields.count) fields; the header has \(headerCount)",
                        period: keyed ? row.string(IndicatorsFile.period) : nil, projectID: keyed ? row.string(IndicatorsFile.projectID) : nil))
                    continue
                }
                readRow(row, into: &chunk, state: &state, projects: projects)
            }
        } catch {
            chunk.diagnostics.append(error.diagnostic(file: file))
        }
        chunk.finish()
        chunk.endLine = reader.line
        return chunk
    }

    /// Per-chunk caches of classified words and scratch space.
    private struct RowState {
        var level1 = WordCache<Level1?>()
        var level2 = WordCache<Level2?>()
        var direction = WordCache<Direction?>()
        var grade = WordCache<QualitativeGrade?>()
        var key: [UInt8] = []
        var scratch: [UInt8] = []
        var lastKey: [UInt8] = [0xFF]
        var lastProject: Int32 = -1
        /// The project after the last one found: where the next key most likely is, in a file
        /// that lists projects in the projects file's order.
        var nextGuess = 0
    }

    /// Whether the `bytes.count` bytes at `p` are `bytes`.
    @inline(__always)
    private static func equal(_ p: UnsafePointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || memcmp(p, bytes.baseAddress!, bytes.count) == 0
    }

    /// The row's project: (period, project_id), or project_id alone when the file has no period;
    /// -1 when there is no such project, -2 when the id alone is in several periods.
    private func project(of row: borrowing TableRow, state s: inout RowState, projects: ProjectLookup) -> Int32 {
        typealias F = IndicatorsFile
        // The project of the row before (a file grouped by project): compared in place, no key built.
        let period = row.has(F.period) ? row.key(F.period) : nil
        let id = row.key(F.projectID)
        let same = s.lastKey.withUnsafeBufferPointer { last in
            let idStart = period.map { $0.count + 1 } ?? 0
            guard last.count == idStart + id.count else { return false }
            guard let base = last.baseAddress else { return true }  // both empty
            if let period, !(Self.equal(base, period) && last[period.count] == 0x1F) { return false }
            return Self.equal(base + idStart, id)
        }
        if same { return s.lastProject }
        s.key.removeAll(keepingCapacity: true)
        if let period {
            s.key.append(contentsOf: period)
            s.key.append(0x1F)
        }
        s.key.append(contentsOf: id)
        var project: Int32
        if row.isBlank(F.projectID) {
            project = -1
        } else if let period, Self.isProject(s.nextGuess, period: period, id: id, of: row, in: projects.projects) {
            project = Int32(s.nextGuess)
        } else if row.has(F.period) {
            project = s.key.withUnsafeBufferPointer { projects.projects.project(ofKey: $0) } ?? -1
        } else if let code = projects.ids?.find(row.key(F.projectID)) {
            project = projects.project[Int(code)]
            if project < 0 { project = -2 }
        } else {
            project = -1
        }
        s.lastKey.removeAll(keepingCapacity: true)
        s.lastKey.append(contentsOf: s.key)  // a copy into its own buffer: no sharing, no reallocation
        s.lastProject = project
        if project >= 0 { s.nextGuess = Int(project) + 1 }
        return project
    }

    /// Whether project `q` has the row's key: its period and id, compared as bytes without a
    /// hash lookup. Only for fields without doubled quotes, whose bytes are their values (the
    /// lookup table's key is the field as written).
    private static func isProject(
        _ q: Int, period: UnsafeBufferPointer<UInt8>, id: UnsafeBufferPointer<UInt8>, of row: borrowing TableRow,
        in projects: ProjectTableReader.Result
    ) -> Bool {
        typealias F = IndicatorsFile
        guard q < projects.columns.count, !row.hasDoubledQuotes(F.period), !row.hasDoubledQuotes(F.projectID) else { return false }
        let sameID = projects.columns.id.utf8(q).withUnsafeBufferPointer { stored in
            stored.count == id.count && (id.isEmpty || memcmp(stored.baseAddress!, id.baseAddress!, id.count) == 0)
        }
        return sameID && projects.periods.withKey(Int(projects.columns.period[q])) { stored in
            stored.count == period.count && (period.isEmpty || memcmp(stored.baseAddress!, period.baseAddress!, period.count) == 0)
        }
    }

    private func readRow(_ row: borrowing TableRow, into c: inout Chunk, state s: inout RowState, projects: ProjectLookup) {
        typealias F = IndicatorsFile
        let b = row.bytes
        let line = row.line
        c.rowRejected = false

        var project = self.project(of: row, state: &s, projects: projects)
        if project == -2 {
            c.report(row, file, .ambiguousProject, F.projectID,
                   "is in several periods of the projects file; add a period column (年度) to the indicators file")
            project = -1
        } else if project < 0 {
            c.report(row, file, .unknownProject, F.projectID,
                   row.isBlank(F.projectID) ? "is empty: every indicator needs its project's id"
                       : "is not a project of the projects file\(row.has(F.period) ? " in period \(row.string(F.period))" : "")")
        }

        // Levels and name.
        var level1 = Level1.output
        if row.isBlank(F.level1) {
            c.report(row, file, .emptyValue, F.level1, value: false, "is empty; one of 产出 / 效益 / 满意度 (output / benefit / satisfaction) is required")
        } else if let l = s.level1.value(row.key(F.level1), classify: Vocabulary.level1) {
            level1 = l
        } else {
            c.report(row, file, .unknownLevel1, F.level1, "is not a level-1 indicator: use 产出 / 效益 / 满意度 (output / benefit / satisfaction)")
        }
        var level2 = Level2.unspecified
        if !row.isBlank(F.level2) {
            if let l = s.level2.value(row.key(F.level2), classify: Vocabulary.level2) {
                level2 = l
            } else {
                c.report(row, file, .unknownLevel2, F.level2,
                       "is not a level-2 indicator: use 数量 质量 时效 成本 经济效益 社会效益 生态效益 可持续影响 服务对象满意度 or their English codes")
            }
        }
        if row.isBlank(F.indicator) { c.report(row, file, .emptyValue, F.indicator, value: false, "is empty: every indicator needs a name") }

        // Direction, target and actual (SPEC §3.2, §3.3).
        var declared: Direction?
        if !row.isBlank(F.direction) {
            declared = s.direction.value(row.key(F.direction), classify: Vocabulary.direction)
            if declared == nil {
                c.report(row, file, .unknownDirection, F.direction, "is not a direction: use >= > <= < = range qual (正向 反向 等于 区间 定性)")
            }
        }
        let target = syntax.target(b, row.range(F.target)!)
        var actualNumber = syntax.number(b, row.range(F.actual)!)
        // An actual written like its target (≥90%): the number, with a warning below.
        var actualSign: Direction?
        if actualNumber == nil, case .number(let n, let sign?) = syntax.target(b, row.range(F.actual)!) {
            actualNumber = n
            actualSign = sign
        }
        let words = scheme.qualitativeWords
        let actualGrade = actualNumber == nil
            ? s.grade.value(row.key(F.actual), classify: { Vocabulary.grade($0, extra: words) }) : nil
        // A date to meet (时效): 2023年12月前完成, 2023-12-31.
        let deadline: Int? = switch target {
        case .text, .range: declared == .qualitative ? nil : syntax.date(b, row.range(F.target)!, role: .deadline)
        default: nil
        }
        var direction = Direction.atLeast
        var targetValue = Double.nan
        var high = Double.nan
        var actual = Double.nan
        var grade = QualitativeGrade.none

        let nonNumericTarget: Bool = switch target {
        case .text, .empty: true
        default: deadline != nil
        }
        // Text against text with no direction given (提升 / 有点效果) is a qualitative row whose
        // grade word is unknown: one error, listing the words, not two "not a number".
        let textAgainstText: Bool = if case .text = target, declared == nil, deadline == nil, actualNumber == nil,
            !row.isBlank(F.actual), syntax.unknownUnit(b, row.range(F.target)!) == nil,
            syntax.unknownUnit(b, row.range(F.actual)!) == nil { true } else { false }
        if declared == .qualitative || (nonNumericTarget && actualGrade != nil) || textAgainstText {
            direction = .qualitative
            if case .number(_, let prefix?) = target, declared == .qualitative {
                c.report(row, file, .directionConflict, F.target, "carries a direction prefix (\(prefix.code)) on a qualitative (qual) indicator")
            }
            if let g = actualGrade {
                grade = g
            } else {
                c.report(row, file, .notAGrade, F.actual, "is not a qualitative grade: " + Vocabulary.gradeWords(extra: words)
                    + " (add a word under qualitative.words in the scheme)")
            }
        } else if let deadline {
            if let d = declared, d.family != Direction.deadline.family {
                c.report(row, file, .directionConflict, F.target, "is a date to meet, but the direction column says \(row.string(F.direction))")
            }
            direction = .deadline
            targetValue = Double(deadline)
            if let done = syntax.date(b, row.range(F.actual)!, role: .actual) {
                actual = Double(done)
            } else {
                c.report(row, file, .notADate, F.actual, row.isBlank(F.actual) ? "is empty: a deadline indicator needs the date it was met"
                    : "is not a date (2023年10月, 2023年10月15日, 2023-10-15) or a qualitative grade, on the deadline \(row.excerpt(F.target))")
            }
        } else {
            switch target {
            case .empty:
                c.report(row, file, .emptyValue, F.target, value: false, "is empty: a quantitative indicator needs a target")
            case .text:
                if let unit = syntax.unknownUnit(b, row.range(F.target)!) {
                    c.report(row, file, .unknownUnit, F.target, Self.unknownUnitMessage(unit))
                } else {
                    c.report(row, file, .notANumber, F.target, "is not a number on a quantitative indicator")
                }
            case .range(let low, let highNumber):
                if let d = declared, d.family != Direction.range.family {
                    c.report(row, file, .directionConflict, F.target, "is a range but the direction column says \(row.string(F.direction))")
                }
                direction = .range
                targetValue = c.value(low.value, row, file, F.target)
                high = c.value(highNumber.value, row, file, F.target)
                if let m = unitMismatch(low.suffix, highNumber.suffix) { c.report(row, file, .unitMismatch, F.target, m, severity: .warning) }
            case .number(let n, let prefix):
                if let p = prefix, let d = declared, p.family != d.family {
                    c.report(row, file, .directionConflict, F.target,
                           "carries the prefix \(p.code) but the direction column says \(row.string(F.direction)) (\(d.code))")
                }
                if let d = declared ?? prefix {
                    direction = d
                } else {
                    direction = .atLeast
                    if row.has(F.direction) {
                        c.report(row, file, .directionDefaulted, F.target, "has no direction (no 指标性质, no prefix such as ≥): scored as >=", severity: .warning)
                    }
                }
                targetValue = c.value(n.value, row, file, F.target)
                if direction == .range {
                    if let h = row.isBlank(F.targetHigh) ? nil : syntax.number(b, row.range(F.targetHigh)!) {
                        high = c.value(h.value, row, file, F.targetHigh)
                    } else {
                        c.report(row, file, .notANumber, F.targetHigh, value: !row.isBlank(F.targetHigh),
                               row.isBlank(F.targetHigh) ? "is empty: a range indicator needs its upper bound (or a target such as 5-10)"
                                   : "is not a number")
                    }
                }
                if let a = actualNumber, let m = unitMismatch(n.suffix, a.suffix) { c.report(row, file, .unitMismatch, F.actual, m, severity: .warning) }
            }
            if let a = actualNumber {
                actual = c.value(a.value, row, file, F.actual)
                if let sign = actualSign {
                    if sign.family != direction.family {
                        c.report(row, file, .directionConflict, F.actual,
                                 "carries the sign \(sign.code), which contradicts the target's direction \(direction.code)")
                    } else {
                        c.report(row, file, .signedActual, F.actual,
                                 "is written with a direction sign; read as \(BatchReader.number(actual))", severity: .warning)
                    }
                }
                if actual < 0, scheme.negativeActual == .error {
                    c.report(row, file, .negativeActual, F.actual, "is negative (scheme: negative_actual = error)")
                }
            } else if let unit = syntax.unknownUnit(b, row.range(F.actual)!) {
                c.report(row, file, .unknownUnit, F.actual, Self.unknownUnitMessage(unit))
            } else {
                c.report(row, file, .notANumber, F.actual, row.isBlank(F.actual) ? "is empty: a quantitative indicator needs its actual value"
                       : "is not a number on a quantitative indicator (\(row.excerpt(F.target)))")
            }
            if direction == .range {
                if targetValue > high { c.report(row, file, .rangeInverted, F.target, "is a range whose lower bound is above its upper bound (L > H)") }
                else if high < 0 { c.report(row, file, .rangeNegative, F.target, "is a range whose upper bound is negative") }
            } else if targetValue < 0 {
                c.report(row, file, .negativeTarget, F.target, "is negative: a \(direction.code) indicator cannot be scored as a ratio of a negative target")
            }
        }

        // Points and the entered score.
        var points = Double.nan
        if let p = row.isBlank(F.points) ? nil : syntax.number(b, row.range(F.points)!) {
            points = c.value(p.value, row, file, F.points)
            if p.value.negative || p.value.digits == 0 {
                c.report(row, file, .pointsNotPositive, F.points, "must be more than 0")
            } else if points > Self.largestPoints {
                c.report(row, file, .pointsRange, F.points, "is more than 1,000,000 points")
                points = .nan
            }
        } else {
            c.report(row, file, .notANumber, F.points, value: !row.isBlank(F.points), row.isBlank(F.points) ? "is empty: every indicator needs its points" : "is not a number")
        }
        var entered = Double.nan
        var enteredDecimals: Int8 = 0
        if !row.isBlank(F.score) {
            if let e = syntax.number(b, row.range(F.score)!), e.suffix == .none {
                entered = c.value(e.value, row, file, F.score)
                enteredDecimals = e.value.decimals()
                if entered.isNaN {
                    // Out of range: number_range said so; no band to check.
                } else if entered < 0 || entered > points {
                    c.report(row, file, .scoreRange, F.score, "must lie between 0 and the indicator's points (\(row.excerpt(F.points)))")
                } else if direction == .qualitative, grade != .none, points > 0,
                   let band = QualitativeBand.violation(score: entered, grade: grade, points: points, scheme: scheme) {
                    c.report(row, file, .scoreOutsideBand, F.score, band)
                }
            } else {
                c.report(row, file, .notANumber, F.score, "is not a number")
            }
        }

        // Store.
        let code = row.isBlank(F.indicatorCode) ? -1 : row.withValue(F.indicatorCode) { c.codes.intern($0) }.code
        c.values.append(RowValues(target: targetValue, targetHigh: high, actual: actual, points: points, enteredScore: entered,
                                  project: project, code: code, sourceLine: Int32(line), level1: level1, level2: level2,
                                  direction: direction, grade: grade, enteredScoreDecimals: enteredDecimals, rejected: c.rowRejected))
        row.append(F.indicator, to: &c.columns.name, scratch: &s.scratch)
    }

    /// What a number followed by an unknown word is told.
    static func unknownUnitMessage(_ unit: String) -> String {
        "has the unit \"\(Diagnostic.excerpt(unit))\", which is not one of the scheme's unit_words; add it there (evalcli scheme lists them)"
    }

    /// The warning when the target and the actual carry different units (95% against 90个).
    private func unitMismatch(_ a: ValueSyntax.Suffix, _ b: ValueSyntax.Suffix) -> String? {
        guard a != .none, b != .none, a != b else { return nil }
        func name(_ s: ValueSyntax.Suffix) -> String {
            switch s {
            case .none: ""
            case .percent: "%"
            case .word(let w): syntax.unitWordNames[w]
            }
        }
        return "is in \(name(b)) but the target is in \(name(a)); target and actual must use the same unit"
    }
}
