import Foundation

/// Reads projects.csv and indicators.csv, validating every row by the rules of SPEC §3 and §5:
/// into a ``ProjectBatch`` that holds every indicator row (``read(projectsPath:indicatorsPath:)``),
/// or streamed, handing the indicator rows on a window at a time and keeping only the projects
/// (``stream(projectsPath:indicatorsPath:restart:rows:)``).
///
/// Strict mode (the default) rejects the input when anything is wrong and lists every problem;
/// lenient mode excludes the projects with errors (and their indicators), counts them and keeps
/// the errors for the rejects file. Warnings never stop a read.
@_spi(Stages)
public struct BatchReader: Sendable {
    enum Mode: Sendable { case strict, lenient }

    /// What a read produced.
    public struct Result: Sendable {
        public var batch: ProjectBatch
        /// Every warning; in lenient mode also every error (the rejected rows).
        public var diagnostics: Diagnostics
        /// Projects excluded in lenient mode.
        public var excludedProjects: Int
        /// Indicator rows excluded in lenient mode (their own errors, or their project's).
        public var excludedIndicators: Int
    }

    /// What a streamed read produced: ``Result`` with a batch of projects only (no indicator
    /// rows), and where each accepted project was in the projects file.
    struct Streamed {
        var result: Result
        /// Per accepted project, its index in the projects file as read (what ``IndicatorRows``
        /// calls its project).
        var kept: [Int]
    }

    var scheme: Scheme
    var mode: Mode
    /// Workers for parsing indicators.csv.
    var threads: Int
    /// Told the bytes read as each file and each part of indicators.csv is done.
    var progress: (@Sendable (RunProgress) -> Void)?
    /// Bytes of indicators.csv per window (``IndicatorTableReader/stream(_:projects:threads:windowBytes:partDone:window:)``).
    var windowBytes = IndicatorTableReader.windowBytes

    init(scheme: Scheme = Scheme(), mode: Mode = .strict, threads: Int = 2, progress: (@Sendable (RunProgress) -> Void)? = nil) {
        self.scheme = scheme
        self.mode = mode
        self.threads = max(1, threads)
        self.progress = progress
    }

    /// Reads and validates the two files into a batch that holds every indicator row.
    func read(projectsPath: String, indicatorsPath: String) throws(InputRejected) -> Result {
        let (projects, table, indicators) = try load(projectsPath: projectsPath, indicatorsPath: indicatorsPath)
        let origins = [projects.origin, indicators.origin].compactMap { $0 }
        do throws(InputRejected) {
            var result = try read(projects: projects, table: table, indicators: indicators)
            result.diagnostics = result.diagnostics.relocated(by: origins)
            return result
        } catch {
            throw InputRejected(error.diagnostics.relocated(by: origins))
        }
    }

    /// Reads and validates the two files into a batch that holds every indicator row. Each
    /// source is released once it is parsed (the caller should not keep it).
    func read(projects projectSource: consuming SourceText, indicators indicatorSource: consuming SourceText) throws(InputRejected) -> Result {
        let table = projectReader(for: projectSource).read(projectSource, threads: threads)
        return try read(projects: projectSource, table: table, indicators: indicatorSource)
    }

    /// Reads and validates the two files, handing the indicator rows of accepted projects to
    /// `rows` a window at a time, in file order, with the tables their indices point into, and
    /// keeping none of them.
    ///
    /// Rows are handed on as they are read, before it is known whether a later row rejects their
    /// project (lenient mode) or whether the project's points must be rescaled
    /// (`normalize_points`). When either happens, `restart` is called and the file is read again,
    /// with those projects known: the rows handed on in the last pass are exactly the accepted
    /// rows, with their final points. In strict mode nothing is handed on after the first error
    /// (the input is rejected).
    ///
    /// - Throws: ``InputRejected`` as ``read(projectsPath:indicatorsPath:)`` does.
    func stream(
        projectsPath: String, indicatorsPath: String, restart: () -> Void,
        rows: (_ parts: inout [IndicatorRows], _ tables: RowTables) -> Void
    ) throws(InputRejected) -> Streamed {
        try stream(.paths(projects: projectsPath, indicators: indicatorsPath), restart: restart, rows: rows)
    }

    /// Where a streamed read's two tables come from.
    enum Input {
        case paths(projects: String, indicators: String)
        /// Texts already loaded (the fuzz harnesses').
        case sources(projects: SourceText, indicators: SourceText)
    }

    /// ``stream(projectsPath:indicatorsPath:restart:rows:)`` of either kind of input.
    func stream(
        _ input: Input, restart: () -> Void, rows: (_ parts: inout [IndicatorRows], _ tables: RowTables) -> Void
    ) throws(InputRejected) -> Streamed {
        let (projectSource, p, indicatorSource) = switch input {
        case let .paths(projects, indicators): try load(projectsPath: projects, indicatorsPath: indicators)
        case let .sources(projects, indicators): (projects, projectReader(for: projects).read(projects, threads: threads), indicators)
        }
        let origins = [projectSource.origin, indicatorSource.origin].compactMap { $0 }
        do throws(InputRejected) {
            var streamed = try stream(projectSource, p, indicatorSource, restart: restart, rows: rows)
            streamed.result.diagnostics = streamed.result.diagnostics.relocated(by: origins)
            return streamed
        } catch {
            throw InputRejected(error.diagnostics.relocated(by: origins))
        }
    }

    /// The rest of a streamed read once projects.csv is parsed into `p`.
    private func stream(
        _ projectSource: SourceText, _ p: ProjectTableReader.Result, _ indicatorSource: SourceText, restart: () -> Void,
        rows: (_ parts: inout [IndicatorRows], _ tables: RowTables) -> Void
    ) throws(InputRejected) -> Streamed {
        var tally = try start(p)
        let reader = IndicatorTableReader(file: indicatorSource.fileName, syntax: ValueSyntax(unitWords: scheme.unitWords), scheme: scheme)
        let partDone = counter(projects: projectSource, p, indicators: indicatorSource)
        // Projects with rows handed on: those rejected afterwards need another pass.
        var handed = [Bool](repeating: false, count: p.columns.count)
        pass(reader, indicatorSource, p, &tally, partDone: partDone) { chunks, tally in
            guard mode == .lenient || !tally.diagnostics.hasErrors else { return }
            var parts = chunks.map { tally.rows(of: $0, skipping: tally.rejected, marking: &handed) }
            rows(&parts, RowTables(projects: p.columns, periods: p.periods.strings, indicatorCodes: tally.codes.strings))
        }
        try tally.stopIfFatal()
        let decision = try decide(p, &tally, projectsFile: projectSource.fileName, indicatorsFile: indicatorSource.fileName) { wrong in
            var details = Details(wrong)
            var again = Tally(p)
            pass(reader, indicatorSource, p, &again, partDone: nil) { chunks, _ in details.add(chunks) }
            return details.rows
        }
        if decision.normalize.contains(where: { $0 != 1 }) || zip(decision.rejected, handed).contains(where: { $0 && $1 }) {
            restart()
            var again = Tally(p)
            pass(reader, indicatorSource, p, &again, partDone: nil) { chunks, tally in
                var parts = chunks.map { tally.rows(of: $0, skipping: decision.rejected, marking: &handed) }
                for k in parts.indices {
                    for r in 0..<parts[k].count where parts[k].project[r] >= 0 {
                        parts[k].columns.points[r] *= decision.normalize[Int(parts[k].project[r])]
                    }
                }
                rows(&parts, RowTables(projects: p.columns, periods: p.periods.strings, indicatorCodes: tally.codes.strings))
            }
        }
        let kept = decision.rejected.indices.filter { !decision.rejected[$0] }
        var batch = ProjectBatch()
        batch.projects = kept.count == p.columns.count ? p.columns : p.columns.gathered(kept)
        batch.periods = p.periods.strings
        batch.departments = p.departments.strings
        batch.sectors = p.sectors.strings
        batch.indicatorCodes = tally.codes.strings
        batch.indicators.offsets = [Int](repeating: 0, count: kept.count + 1)
        if kept.count < p.columns.count { batch.compactTables() }
        let keptRows = kept.reduce(0) { $0 + tally.rowCount[$1] }
        return Streamed(result: Result(batch: batch, diagnostics: tally.diagnostics, excludedProjects: p.columns.count - kept.count,
                                       excludedIndicators: tally.rowTotal - keptRows), kept: kept)
    }

    // MARK: - The steps of a read

    /// Maps and checks both files, then parses projects.csv; each step on all workers (a step
    /// inside another's worker would get only that worker).
    private func load(projectsPath: String, indicatorsPath: String) throws(InputRejected)
        -> (SourceText, ProjectTableReader.Result, SourceText)
    {
        var diagnostics = Diagnostics()
        func load(_ path: String, sheets: [String]) -> SourceText? {
            do throws(SourceTextError) {
                return try SourceText.load(path: path, sheets: sheets)
            } catch {
                diagnostics.append(Diagnostic(.error, rule: .unreadableFile, file: error.fileName, message: error.message))
                return nil
            }
        }
        let projects = load(projectsPath, sheets: Self.projectSheets)
        let indicators = load(indicatorsPath, sheets: Self.indicatorSheets)
        guard let projects, let indicators else { throw InputRejected(diagnostics) }
        var table = projectReader(for: projects).read(projects, threads: threads)
        // A sheet's own problems (hidden rows, formulas without a value) come first.
        for origin in [projects.origin, indicators.origin].compactMap({ $0 }) where !origin.diagnostics.all.isEmpty {
            var all = origin.diagnostics
            all.append(contentsOf: table.diagnostics)
            table.diagnostics = all
        }
        projects.release(0..<projects.withBytes(\.count))  // parsed into columns: the text is not read again
        return (projects, table, indicators)
    }

    /// The sheets a workbook given as the projects table is read from, the first it has (or its
    /// only sheet); `book.xlsx#Sheet` names another.
    static let projectSheets = ["项目表", "projects"]
    /// The same for the indicators table.
    static let indicatorSheets = ["指标表", "indicators"]

    private func projectReader(for source: SourceText) -> ProjectTableReader {
        ProjectTableReader(file: source.fileName, syntax: ValueSyntax(unitWords: scheme.unitWords), pointsTotal: scheme.pointsTotal)
    }

    /// File-level problems that leave nothing to read, in either mode.
    static let fatalRules: Set<DiagnosticRule> = [.missingColumn, .duplicateColumn, .emptyFile, .csvSyntax, .unreadableFile]

    /// The tally a pass over indicators.csv starts from: the projects file's problems, unless
    /// one of them leaves nothing to read.
    private func start(_ p: ProjectTableReader.Result) throws(InputRejected) -> Tally {
        let tally = Tally(p)
        try tally.stopIfFatal()
        return tally
    }

    /// Tells `progress` the bytes read so far over both files (parts of indicators.csv finish
    /// on several workers); nil without a progress handler.
    private func counter(projects: borrowing SourceText, _ p: ProjectTableReader.Result, indicators: borrowing SourceText)
        -> (@Sendable (Int, Int) -> Void)?
    {
        guard let report = progress else { return nil }
        let projectBytes = projects.withBytes { $0.count }
        let total = projectBytes + indicators.withBytes { $0.count }
        let counter = ByteCounter(bytes: projectBytes, rows: p.columns.count) { bytes, rows in
            report(RunProgress(stage: .reading, fraction: Double(bytes) / Double(max(total, 1)), bytes: bytes, rows: rows))
        }
        counter.add(0, rows: 0)
        return { counter.add($0, rows: $1) }
    }

    /// One pass over indicators.csv: each window's chunks tallied (and their codes made the
    /// batch's), then handed to `window` with the tally so far.
    private func pass(
        _ reader: IndicatorTableReader, _ source: borrowing SourceText, _ p: ProjectTableReader.Result, _ tally: inout Tally,
        partDone: (@Sendable (Int, Int) -> Void)?, window: (inout [IndicatorTableReader.Chunk], Tally) -> Void
    ) {
        reader.stream(source, projects: p, threads: threads, windowBytes: windowBytes, partDone: partDone) { chunks in
            for k in chunks.indices { tally.add(&chunks[k]) }
            window(&chunks, tally)
        }
    }

    /// The rest of an in-memory read once projects.csv is parsed into `p`: every window kept,
    /// then scattered into CSR order by project.
    private func read(projects projectSource: consuming SourceText, table p: ProjectTableReader.Result,
                      indicators indicatorSource: consuming SourceText) throws(InputRejected) -> Result {
        var tally = try start(p)
        let reader = IndicatorTableReader(file: indicatorSource.fileName, syntax: ValueSyntax(unitWords: scheme.unitWords), scheme: scheme)
        var chunks: [IndicatorTableReader.Chunk] = []
        pass(reader, indicatorSource, p, &tally, partDone: counter(projects: projectSource, p, indicators: indicatorSource)) { window, _ in
            chunks.append(contentsOf: window)
            window = []
        }
        let (projectsFile, indicatorsFile) = (projectSource.fileName, indicatorSource.fileName)
        _ = consume indicatorSource
        _ = consume projectSource
        try tally.stopIfFatal()
        let decision = try decide(p, &tally, projectsFile: projectsFile, indicatorsFile: indicatorsFile) { wrong in
            var details = Details(wrong)
            details.add(chunks)
            return details.rows
        }

        // Build the batch from the accepted projects, indicators in CSR order by project.
        let projectCount = p.columns.count
        var keep: [Int] = []
        var newIndex = [Int](repeating: -1, count: projectCount)
        for q in 0..<projectCount where !decision.rejected[q] {
            newIndex[q] = keep.count
            keep.append(q)
        }
        var offsets = [Int](repeating: 0, count: keep.count + 1)
        for (k, q) in keep.enumerated() { offsets[k + 1] = offsets[k] + tally.rowCount[q] }
        // Where each chunk row goes: its project's next slot, or -1 when it is left out.
        var next = offsets
        let destinations: [[Int32]] = chunks.map { chunk in
            chunk.project.enumerated().map { r, project in
                guard project >= 0, !chunk.rejected[r], case let k = newIndex[Int(project)], k >= 0 else { return -1 }
                defer { next[k] += 1 }
                return Int32(next[k])
            }
        }
        let keptRows = offsets[keep.count]
        var batch = ProjectBatch()
        batch.projects = keep.count == projectCount ? p.columns : p.columns.gathered(keep)
        // The chunks' columns move into the scatter, which frees each as it is copied.
        var parts: [IndicatorColumns] = []
        for k in chunks.indices {
            parts.append(chunks[k].columns)
            chunks[k].columns = IndicatorColumns()
        }
        batch.indicators = IndicatorColumns(scattering: &parts, to: destinations, count: keptRows)
        batch.indicators.offsets = offsets
        for (k, q) in keep.enumerated() where decision.normalize[q] != 1 {
            for i in offsets[k]..<offsets[k + 1] { batch.indicators.points[i] *= decision.normalize[q] }
        }
        batch.periods = p.periods.strings
        batch.departments = p.departments.strings
        batch.sectors = p.sectors.strings
        batch.indicatorCodes = tally.codes.strings
        if keep.count < projectCount { batch.compactTables() }
        return Result(batch: batch, diagnostics: tally.diagnostics, excludedProjects: projectCount - keep.count,
                      excludedIndicators: tally.rowTotal - keptRows)
    }

    /// Which projects are accepted, and the factor of each one's points.
    private struct Decision {
        var rejected: [Bool]
        /// 1, or (points_total − execution points) / Σ points for a project rescaled by
        /// `normalize_points`.
        var normalize: [Double]
    }

    /// The per-project rules, once every row is tallied: at least one indicator, points
    /// totalling points_total (SPEC §4.4, §5), the execution cap. The points total is checked
    /// even when a row of the project has another error, so that one run lists every problem (a
    /// table filed at 110 points is explained by that error); it is left out only when a row's
    /// points could not be read (the sum would be NaN). `details` gives the rows (points and
    /// line) of the projects it is asked about, for the message.
    ///
    /// - Throws: ``InputRejected`` in strict mode when anything has an error.
    private func decide(
        _ p: ProjectTableReader.Result, _ tally: inout Tally, projectsFile file: String, indicatorsFile: String,
        details: ([Bool]) -> [(first: [(points: Double, line: Int)], count: Int)]
    ) throws(InputRejected) -> Decision {
        let projectCount = p.columns.count
        let target = scheme.pointsTotal - scheme.executionPoints
        let wrong = tally.pointSum.map { $0.isFinite && abs($0 - target) > 1e-9 }
        let pointRows = wrong.contains(true) ? details(wrong) : []
        let periods = p.periods.strings
        var decision = Decision(rejected: tally.rejected, normalize: [Double](repeating: 1, count: projectCount))
        for q in 0..<projectCount {
            func note(_ severity: Diagnostic.Severity, _ rule: DiagnosticRule, _ message: String) {
                let id = p.columns.id[q]
                tally.diagnostics.append(Diagnostic(severity, rule: rule, file: file, line: Int(p.columns.sourceLine[q]), column: nil,
                                                    value: id, message: message, period: periods[Int(p.columns.period[q])], projectID: id))
            }
            if tally.rowCount[q] == 0 {
                note(.error, .noIndicators, "has no indicators in \(indicatorsFile)")
                decision.rejected[q] = true
                continue
            }
            if wrong[q] {
                let rows = pointRows[q]
                let sum = tally.pointSum[q]
                let total = sum + scheme.executionPoints
                let terms = rows.first.map { "\(Self.number($0.points)) (line \($0.line))" }.joined(separator: " + ")
                    + (rows.count > Details.shown ? " + … (\(rows.count) rows)" : "")
                let detail = "indicator points \(terms) = \(Self.number(sum)) in \(indicatorsFile), + execution "
                    + "\(Self.number(scheme.executionPoints)) = \(Self.number(total)), not \(Self.number(scheme.pointsTotal))"
                if !scheme.normalizePoints {
                    note(.error, .pointsTotal, "has \(detail)")
                    decision.rejected[q] = true
                } else if !decision.rejected[q] {
                    note(.warning, .pointsNormalized, "has \(detail); points rescaled to total \(Self.number(scheme.pointsTotal)) (scheme: normalize_points)")
                    decision.normalize[q] = target / sum
                }
            }
            if !tally.hasSatisfaction[q] {
                note(.warning, .satisfactionAbsent, "has no satisfaction (满意度) indicator")
            }
            if decision.rejected[q] { continue }
            // Without the cap the execution score grows with the rate; past 100 × the budget it
            // would be a number no form means (and would leave exact arithmetic).
            if !scheme.executionCap, case let budget = p.columns.budget[q], budget > 0, p.columns.executed[q] / 100 > budget {
                note(.error, .executionRateRange, "has executed more than 100 times its budget; with execution.cap: false its execution score cannot be computed")
                decision.rejected[q] = true
                continue
            }
        }
        if mode == .strict && tally.diagnostics.hasErrors { throw InputRejected(tally.diagnostics) }
        return decision
    }

    /// A number as people write it: no trailing ".0".
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

extension BatchReader {
    /// What the indicator rows tell about each project, gathered window by window, and every
    /// problem found so far.
    private struct Tally {
        var rowCount: [Int]
        var pointSum: [Double]
        var hasSatisfaction: [Bool]
        /// Projects with an error in either file.
        var rejected: [Bool]
        /// The batch's 指标编码 table, in order of first appearance in the file.
        var codes = ByteInterner()
        /// Indicator rows read, readable or not.
        var rowTotal = 0
        var diagnostics: Diagnostics

        init(_ p: ProjectTableReader.Result) {
            let n = p.columns.count
            rowCount = [Int](repeating: 0, count: n)
            pointSum = [Double](repeating: 0, count: n)
            hasSatisfaction = [Bool](repeating: false, count: n)
            rejected = p.rejected
            diagnostics = p.diagnostics
        }

        /// Tallies `chunk`'s rows and problems, and makes its indicator codes the batch's.
        mutating func add(_ chunk: inout IndicatorTableReader.Chunk) {
            diagnostics.append(contentsOf: chunk.diagnostics)
            let map = chunk.codes.strings.map { codes.intern($0) }
            for r in chunk.columns.code.indices where chunk.columns.code[r] >= 0 {
                chunk.columns.code[r] = map[Int(chunk.columns.code[r])]
            }
            rowTotal += chunk.project.count
            for project in chunk.rejectedProjects { rejected[Int(project)] = true }
            for (r, project) in chunk.project.enumerated() where project >= 0 {
                let q = Int(project)
                if chunk.rejected[r] { rejected[q] = true }
                rowCount[q] += 1
                pointSum[q] += chunk.columns.points[r]
                if chunk.columns.level1[r] == .satisfaction { hasSatisfaction[q] = true }
            }
        }

        /// Throws when a problem leaves nothing to read (in either mode).
        func stopIfFatal() throws(InputRejected) {
            if diagnostics.all.contains(where: { BatchReader.fatalRules.contains($0.rule) }) { throw InputRejected(diagnostics) }
        }

        /// `chunk`'s rows for scoring: a row with an error, or whose project is unknown or
        /// `skipping`, has no project, and values any scorer can take (a row with an error may
        /// hold NaN). The projects of the other rows are set in `marking`.
        func rows(of chunk: IndicatorTableReader.Chunk, skipping: [Bool], marking: inout [Bool]) -> IndicatorRows {
            var rows = IndicatorRows(columns: chunk.columns, project: chunk.project)
            for r in rows.project.indices {
                if rows.project[r] >= 0, !chunk.rejected[r], !skipping[Int(rows.project[r])] {
                    marking[Int(rows.project[r])] = true
                } else {
                    rows.project[r] = -1
                    rows.columns.neutralize(r)
                }
            }
            return rows
        }
    }

    /// The first rows (points and line) of the projects asked about, and how many they have,
    /// for the points-total message.
    private struct Details {
        static let shown = 12
        let wanted: [Bool]
        var rows: [(first: [(points: Double, line: Int)], count: Int)]

        init(_ wanted: [Bool]) {
            self.wanted = wanted
            rows = [(first: [(points: Double, line: Int)], count: Int)](repeating: ([], 0), count: wanted.count)
        }

        mutating func add(_ chunks: [IndicatorTableReader.Chunk]) {
            for chunk in chunks {
                for (r, project) in chunk.project.enumerated() where project >= 0 && wanted[Int(project)] {
                    let q = Int(project)
                    if rows[q].count < Self.shown { rows[q].first.append((chunk.columns.points[r], Int(chunk.columns.sourceLine[r]))) }
                    rows[q].count += 1
                }
            }
        }
    }
}

/// Running totals of bytes and rows added from several threads, each new total reported.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: Int, rows: Int
    private let report: @Sendable (Int, Int) -> Void

    init(bytes: Int, rows: Int, report: @escaping @Sendable (Int, Int) -> Void) {
        self.bytes = bytes
        self.rows = rows
        self.report = report
    }

    func add(_ bytes: Int, rows: Int) {
        let now = lock.withLock {
            self.bytes += bytes
            self.rows += rows
            return (self.bytes, self.rows)
        }
        report(now.0, now.1)
    }
}
