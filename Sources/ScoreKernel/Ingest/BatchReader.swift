import Foundation

/// Reads projects.csv and indicators.csv into a ``ProjectBatch``, validating every row by the
/// rules of SPEC §3 and §5.
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

    var scheme: Scheme
    var mode: Mode
    /// Workers for parsing indicators.csv.
    var threads: Int
    /// Told the bytes read as each file and each part of indicators.csv is done.
    var progress: (@Sendable (RunProgress) -> Void)?

    init(scheme: Scheme = Scheme(), mode: Mode = .strict, threads: Int = 2, progress: (@Sendable (RunProgress) -> Void)? = nil) {
        self.scheme = scheme
        self.mode = mode
        self.threads = max(1, threads)
        self.progress = progress
    }

    /// Reads and validates the two files. projects.csv is parsed while indicators.csv is being
    /// mapped and checked for UTF-8 on the other worker.
    func read(projectsPath: String, indicatorsPath: String) throws(InputRejected) -> Result {
        enum Loaded { case projects(SourceText, ProjectTableReader.Result), indicators(SourceText), failed(SourceTextError) }
        let loaded = Parallel.map(2, workers: threads) { k -> Loaded in
            do throws(SourceTextError) {
                let source = try SourceText.load(path: k == 0 ? projectsPath : indicatorsPath)
                return k == 0 ? .projects(source, projectReader(for: source).read(source)) : .indicators(source)
            } catch {
                return .failed(error)
            }
        }
        var diagnostics = Diagnostics()
        for case let .failed(error) in loaded {
            diagnostics.append(Diagnostic(.error, rule: .unreadableFile, file: error.fileName, message: error.message))
        }
        guard case let .projects(projects, table) = loaded[0], case let .indicators(indicators) = loaded[1] else {
            throw InputRejected(diagnostics)
        }
        return try read(projects: projects, table: table, indicators: indicators)
    }

    private func projectReader(for source: SourceText) -> ProjectTableReader {
        ProjectTableReader(file: source.fileName, syntax: ValueSyntax(unitWords: scheme.unitWords), pointsTotal: scheme.pointsTotal)
    }

    /// File-level problems that leave nothing to read, in either mode.
    private static let fatalRules: Set<DiagnosticRule> = [.missingColumn, .duplicateColumn, .emptyFile, .csvSyntax]

    /// Reads and validates the two files. Each source is released once it is parsed (the caller
    /// should not keep it): a million projects' indicators.csv is over a gigabyte of mapped pages,
    /// which would otherwise stay resident while the batch is assembled.
    func read(projects projectSource: consuming SourceText, indicators indicatorSource: consuming SourceText) throws(InputRejected) -> Result {
        let table = projectReader(for: projectSource).read(projectSource)
        return try read(projects: projectSource, table: table, indicators: indicatorSource)
    }

    /// The rest of a read once projects.csv is parsed into `p`.
    private func read(projects projectSource: consuming SourceText, table p: ProjectTableReader.Result,
                      indicators indicatorSource: consuming SourceText) throws(InputRejected) -> Result {
        let syntax = ValueSyntax(unitWords: scheme.unitWords)
        var diagnostics = p.diagnostics
        if diagnostics.all.contains(where: { Self.fatalRules.contains($0.rule) }) { throw InputRejected(diagnostics) }
        let indicatorReader = IndicatorTableReader(file: indicatorSource.fileName, syntax: syntax, scheme: scheme)
        // Bytes read so far, over both files; parts of indicators.csv finish on several workers.
        let projectBytes = projectSource.withBytes { $0.count }
        let total = projectBytes + indicatorSource.withBytes { $0.count }
        var partDone: (@Sendable (Int, Int) -> Void)?
        if let report = progress {
            let counter = ByteCounter(bytes: projectBytes, rows: p.columns.count) { bytes, rows in
                report(RunProgress(stage: .reading, fraction: Double(bytes) / Double(max(total, 1)), bytes: bytes, rows: rows))
            }
            counter.add(0, rows: 0)
            partDone = { counter.add($0, rows: $1) }
        }
        var chunks: [IndicatorTableReader.Chunk] = indicatorReader.read(indicatorSource, projects: p, threads: threads, partDone: partDone)
        let (projectsFile, indicatorsFile) = (projectSource.fileName, indicatorSource.fileName)
        _ = consume indicatorSource
        _ = consume projectSource
        for c in chunks { diagnostics.append(contentsOf: c.diagnostics) }
        if diagnostics.all.contains(where: { Self.fatalRules.contains($0.rule) }) { throw InputRejected(diagnostics) }

        // Rows per project, rejected projects, and the global indicator codes of every chunk.
        var rejected = p.rejected
        let projectCount = p.columns.count
        var codes = ByteInterner()
        var codeMaps: [[Int32]] = []
        var rowCount = [Int](repeating: 0, count: projectCount)
        var pointSum = [Double](repeating: 0, count: projectCount)
        var hasSatisfaction = [Bool](repeating: false, count: projectCount)
        var rowTotal = 0
        for chunk in chunks {
            codeMaps.append(chunk.codes.strings.map { codes.intern($0) })
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

        // Per-project rules: at least one indicator, points totalling 100 (SPEC §4.4, §5). The
        // points total is checked even when a row of the project has another error, so that one
        // run lists every problem (a table filed at 110 points is explained by that error); it is
        // left out only when a row's points could not be read (the sum would be NaN).
        let pointRows = rowsOfProjectsWithWrongPoints(chunks, pointSum, projectCount)
        let periods = p.periods.strings
        let file = projectsFile
        var normalize = [Double](repeating: 1, count: projectCount)
        let indicatorTotal = scheme.pointsTotal - scheme.executionPoints
        for q in 0..<projectCount {
            func note(_ severity: Diagnostic.Severity, _ rule: DiagnosticRule, _ message: String) {
                let id = p.columns.id[q]
                diagnostics.append(Diagnostic(severity, rule: rule, file: file, line: Int(p.columns.sourceLine[q]), column: nil,
                                              value: id, message: message, period: periods[Int(p.columns.period[q])], projectID: id))
            }
            if rowCount[q] == 0 {
                note(.error, .noIndicators, "has no indicators in \(indicatorsFile)")
                rejected[q] = true
                continue
            }
            if let rows = pointRows[q] {
                let total = pointSum[q] + scheme.executionPoints
                let terms = rows.prefix(12).map { "\(Self.number($0.points)) (line \($0.line))" }.joined(separator: " + ")
                    + (rows.count > 12 ? " + … (\(rows.count) rows)" : "")
                let detail = "indicator points \(terms) = \(Self.number(pointSum[q])) in \(indicatorsFile), + execution "
                    + "\(Self.number(scheme.executionPoints)) = \(Self.number(total)), not \(Self.number(scheme.pointsTotal))"
                if !scheme.normalizePoints {
                    note(.error, .pointsTotal, "has \(detail)")
                    rejected[q] = true
                } else if !rejected[q] {
                    note(.warning, .pointsNormalized, "has \(detail); points rescaled to total \(Self.number(scheme.pointsTotal)) (scheme: normalize_points)")
                    normalize[q] = indicatorTotal / pointSum[q]
                }
            }
            if !hasSatisfaction[q] {
                note(.warning, .satisfactionAbsent, "has no satisfaction (满意度) indicator")
            }
            if rejected[q] { continue }
            // Without the cap the execution score grows with the rate; past 100 × the budget it
            // would be a number no form means (and would leave exact arithmetic).
            if !scheme.executionCap, case let budget = p.columns.budget[q], budget > 0, p.columns.executed[q] / 100 > budget {
                note(.error, .executionRateRange, "has executed more than 100 times its budget; with execution.cap: false its execution score cannot be computed")
                rejected[q] = true
                continue
            }
        }

        if mode == .strict && diagnostics.hasErrors { throw InputRejected(diagnostics) }

        // Build the batch from the accepted projects, indicators in CSR order by project.
        var keep: [Int] = []
        var newIndex = [Int](repeating: -1, count: projectCount)
        for q in 0..<projectCount where !rejected[q] {
            newIndex[q] = keep.count
            keep.append(q)
        }
        var offsets = [Int](repeating: 0, count: keep.count + 1)
        for (k, q) in keep.enumerated() { offsets[k + 1] = offsets[k] + rowCount[q] }
        // Where each chunk row goes: its project's next slot, or -1 when it is left out.
        var next = offsets
        let destinations: [[Int32]] = chunks.map { chunk in
            chunk.project.map { project in
                guard project >= 0, case let k = newIndex[Int(project)], k >= 0 else { return -1 }
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
        batch.indicators = IndicatorColumns(scattering: &parts, to: destinations, count: keptRows, codeMaps: codeMaps)
        batch.indicators.offsets = offsets
        if scheme.normalizePoints {
            for (k, q) in keep.enumerated() where normalize[q] != 1 {
                for i in offsets[k]..<offsets[k + 1] { batch.indicators.points[i] *= normalize[q] }
            }
        }
        batch.periods = periods
        batch.departments = p.departments.strings
        batch.sectors = p.sectors.strings
        batch.indicatorCodes = codes.strings
        if keep.count < projectCount { batch.compactTables() }
        return Result(batch: batch, diagnostics: diagnostics, excludedProjects: projectCount - keep.count,
                      excludedIndicators: rowTotal - keptRows)
    }

    /// The rows (points and line) of each project whose indicator points, all readable, do not
    /// total points_total − execution points; nil for the other projects.
    private func rowsOfProjectsWithWrongPoints(
        _ chunks: [IndicatorTableReader.Chunk], _ pointSum: [Double], _ projectCount: Int
    ) -> [[(points: Double, line: Int)]?] {
        let target = scheme.pointsTotal - scheme.executionPoints
        var rows = [[(points: Double, line: Int)]?](repeating: nil, count: projectCount)
        for q in 0..<projectCount where pointSum[q].isFinite && abs(pointSum[q] - target) > 1e-9 { rows[q] = [] }
        // The pass over the rows is for messages only: skip it when every total is right.
        guard rows.contains(where: { $0 != nil }) else { return rows }
        for chunk in chunks {
            for (r, project) in chunk.project.enumerated() where project >= 0 && rows[Int(project)] != nil {
                rows[Int(project)]!.append((chunk.columns.points[r], Int(chunk.columns.sourceLine[r])))
            }
        }
        return rows
    }

    /// A number as people write it: no trailing ".0".
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
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
