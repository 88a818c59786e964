import Glibc

/// Entry points for the libFuzzer harnesses of the nested `Fuzz/` package (see Fuzz/README.md),
/// which reach the internal readers through SPI: `@_spi(Fuzzing) import ScoreKernel`. Not API.
///
/// Each function takes arbitrary bytes, does the work the library does on such input, and
/// returns normally whatever the bytes are; a trap (bounds, overflow, a failed precondition —
/// including the consistency checks made here) is what the fuzzer reports. Nothing is written
/// to disk.
@_spi(Fuzzing) public enum FuzzTarget {
    /// Tokenizes `bytes` as CSV (``CSVReader``), raw and after the encoding detection of
    /// ``SourceText`` (UTF-8 with or without BOM, or GB18030), and unescapes every field.
    ///
    /// Checks that every field lies within the input and that tokenizing in chunks
    /// (``CSVReader/chunks(of:range:firstLine:count:)``, 2 to 4 of them) yields the same records,
    /// record lines and first error as one pass over the whole input, as that function promises.
    public static func csv(_ bytes: UnsafeBufferPointer<UInt8>) {
        tokenizeAndCompare(bytes)
        if let text = try? SourceText(fileName: "fuzz.csv", data: Array(bytes)) {
            text.withBytes { tokenizeAndCompare($0) }
        }
    }

    /// Reads `bytes` as the XML of a workbook's sheet (``Workbook``), with a few shared strings
    /// and a plain, a percentage and a date style for its cells to name.
    ///
    /// Checks that the text made of it is CSV that reads without a syntax error, none narrower than
    /// the header, with a row in the sheet origin for each of its lines; and reads it as a
    /// 项目支出绩效自评表 (`import-forms`), which must find a form or say why not, never trap.
    public static func sheet(_ bytes: UnsafeBufferPointer<UInt8>) {
        let formats = Workbook.CellFormats(sharedStrings: [Array("产出指标".utf8), Array("a,\"b\"\nc".utf8), []], styles: [.plain, .percent(decimals: 2), .date])
        let (text, origin) = Workbook.table(ofSheetXML: bytes, name: "fuzz.xlsx!Sheet1", formats: formats)
        text.withUnsafeBufferPointer { b in
            var reader = CSVReader(bytes: b, range: 0..<b.count, firstLine: 1)
            var fields: [CSVField] = []
            var width: Int?
            do throws(CSVSyntaxError) {
                while try reader.next(into: &fields) {
                    if width == nil { width = fields.count }
                    precondition(fields.count >= width!, "a row is narrower than the header")
                }
            } catch {
                preconditionFailure("the CSV made of a sheet has a syntax error: \(error)")
            }
            precondition(reader.line - 1 == origin.rows.count, "\(reader.line - 1) lines for \(origin.rows.count) rows")
        }
        _ = origin.diagnostics.all.map { origin.relocated($0).description }
        if let form = try? SelfEvaluationForm.read(Workbook.grid(ofSheetXML: bytes, name: "fuzz.xlsx!Sheet1", formats: formats)) {
            _ = (SelfEvaluationForm.yuan(form.budget), SelfEvaluationForm.yuan(form.executed))
        }
    }

    /// Parses `bytes` as one cell by the value syntax of SPEC §3.2 with the default unit words:
    /// as a number, as a target, and each number found as a `Double` and as integer millionths
    /// (how amounts are kept).
    ///
    /// Checks that a cell that is a number is, as a target, that number without a prefix; and
    /// that a plain ASCII decimal (sign, digits, `.`, exponent: nothing else) has the `Double`
    /// value `strtod` gives it — both are correctly rounded, so they must be equal.
    public static func values(_ bytes: UnsafeBufferPointer<UInt8>) {
        let all = 0..<bytes.count
        let number = syntax.number(bytes, all)
        let target = syntax.target(bytes, all)
        if let number {
            precondition(target == .number(number, prefix: nil), "a number cell is not the same number as a target")
            if number.suffix == .none, bytes.allSatisfy({ plainDecimalBytes.contains($0) }) {
                let expected = String(decoding: bytes, as: UTF8.self).withCString { strtod($0, nil) }
                precondition(number.value.double == expected, "a plain decimal reads as \(number.value.double), strtod gives \(expected)")
            }
        }
        func use(_ n: ValueSyntax.Number) {
            _ = n.value.double
            _ = n.value.scaled(decimals: Amount.decimals)
        }
        number.map(use)
        switch target {
        case .number(let n, _): use(n)
        case .range(let low, let high):
            use(low)
            use(high)
        case .empty, .text: break
        }
    }

    /// Loads `bytes` as a scheme file (scheme.yaml, SPEC §3.4) and returns the scheme, or nil
    /// when the file is rejected.
    ///
    /// Checks that a scheme that loads survives the round trip through ``Scheme/yaml``.
    public static func scheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Scheme? {
        guard let scheme = try? Scheme.load(yaml: String(decoding: bytes, as: UTF8.self), file: "scheme.yaml") else {
            return nil
        }
        let again: Scheme
        do {
            again = try Scheme.load(yaml: scheme.yaml, file: "scheme.yaml")
        } catch {
            preconditionFailure("the YAML of a loaded scheme is rejected: \(error)")
        }
        precondition(again == scheme, "a scheme does not survive the round trip through its YAML")
        return scheme
    }

    /// A weights file (SPEC §9): the first byte chooses the format (even: CSV, odd: YAML), the rest
    /// is the file. Weights that read are run as scenarios over a fixed 40-project batch, and
    /// every scenario table is built in memory, in both languages and formats.
    public static func weights(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let first = bytes.first,
              let text = try? SourceText(fileName: "weights", data: Array(bytes.dropFirst()))
        else { return }
        let e = weightsBatch
        let scheme = e.options.scheme
        let matrix = CategoryMatrix(batch: e.batch, scores: e.scores, scheme: scheme)
        guard let named = try? WeightsFile.read(text, format: first & 1 == 0 ? .csv : .yaml, categories: matrix.categories,
                                                dimension: scheme.dimension, scheme: scheme)
        else { return }
        let base = ScenarioSet.schemeWeights(scheme, categories: matrix.categories)
        let bands = GradeScale(bands: scheme.grades, precision: scheme.precision)
        let set = ScenarioSet(names: ["as_filed", "scheme"] + named.map(\.name), vectors: [base, base] + named.map(\.weights),
                              grades: [bands, bands] + named.map { $0.grades.map { GradeScale(bands: $0, precision: scheme.precision) } ?? bands },
                              asFiled: true)
        let results = e.analysis(of: set, matrix: matrix, sampled: 2..<set.count, topK: 3, progress: nil).run(shard: 1, of: 1)
        for (language, format) in [(OutputLanguage.en, ResultFormat.csv(excel: false)), (.zh, .json)] {
            for name in ScenarioTables.names(results) { _ = ScenarioTables.bytes(name, results, language: language, format: format) }
        }
    }

    /// A bases.csv (SPEC §8) read for the departments of the `weights` harness's 40-project batch;
    /// bases that read are charged by every preset, a fixed deduction and a pool shared equally,
    /// in yuan and in 万元, and both application tables are built in both languages and formats.
    ///
    /// Checks that every pool pays out what it collected (or keeps all of it when nobody
    /// qualifies) and that no deduction is negative or above its base.
    public static func bases(_ bytes: UnsafeBufferPointer<UInt8>) {
        let e = weightsBatch
        guard let text = try? SourceText(fileName: "bases.csv", data: Array(bytes)) else { return }
        for unit in AmountUnit.allCases {
            guard let (bases, _) = try? BasesFileReader.read(text, departments: Set(e.batch.departments), unit: unit) else { continue }
            let column = bases.columns.first ?? "public_funds"
            let rules = ApplicationRule.presetNames.flatMap { ApplicationRule.preset($0)! } + [
                ApplicationRule(name: "fixed", scope: .department, condition: .grade(["good", "fair", "poor"]),
                                action: .deductFixed(amount: 1_000.5, base: column)),
                ApplicationRule(name: "equal", scope: .department, condition: .belowAverage,
                                action: .rewardFromPool(rules: ["fixed"], base: nil), chargeOffset: bases.hasPeriod ? 1 : 0),
            ]
            var scheme = e.options.scheme
            scheme.application.amountUnit = unit
            guard let a = try? ResultApplication(rules: rules, bases: bases, batch: e.batch, scores: e.scores, deviations: e.deviations,
                                                 scheme: scheme)
            else { continue }
            for d in a.adjustments where d.kind == .deduct {
                precondition(d.amount >= 0 && d.amount <= (d.baseAmount ?? d.amount), "a deduction below 0 or above its base")
            }
            for pool in a.pools {
                precondition(pool.paidOut + pool.remainder == pool.collected && pool.remainder >= 0, "a pool that does not balance")
            }
            for (language, format) in [(OutputLanguage.en, ResultFormat.csv(excel: false)), (.zh, .json)] {
                _ = AdjustmentsTable.bytes(e.batch, a, precision: scheme.precision, language: language, format: format)
                _ = ApplicationTotalsTable.bytes(e.batch, a, language: language, format: format)
            }
        }
    }

    /// Result files as the report reads them (issue 11): the first byte chooses the table the
    /// rest of `bytes` stands for (its value mod 9, in the order of ``ReportFigures/tableNames``) and the
    /// page's language (Chinese from 128 up); the other tables are those of the `weights`
    /// harness's batch as `score` and `scenarios` write them. A report that reads is rendered.
    ///
    /// Checks that the page holds no `<script` tag, whatever the names in the files.
    public static func report(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let selector = bytes.first else { return }
        let name = ReportFigures.tableNames[Int(selector) % ReportFigures.tableNames.count]
        func open(_ table: String) throws(InputRejected) -> ResultTableReader? {
            let text = table == name ? Array(bytes.dropFirst()) : reportTables[table]!
            guard let source = try? SourceText(fileName: table, data: text) else {
                throw ResultTableReader.rejected(Diagnostic(.error, rule: .unreadableFile, file: table, message: "not text"))
            }
            return try ResultTableReader(source)
        }
        guard let figures = try? ReportFigures(period: nil, parts: 2, open: open, missing: { _ in "" }) else { return }
        var page = ReportPage(figures: figures, zh: selector >= 128, title: nil)
        precondition(!page.render().contains("<script"), "a page with a script tag")
    }

    /// The result files of the `weights` harness's batch and of 40 Monte Carlo scenarios of it,
    /// by file name, and a small application_totals.csv.
    private static let reportTables: [String: [UInt8]] = {
        let e = weightsBatch
        var tables: [String: [UInt8]] = [:]
        for job in ResultFiles(evaluation: e, language: .en, format: .csv(excel: false)).jobs() {
            tables[job.name + ".csv", default: []] += job.build()
        }
        let results = try! e.scenarios(ScenarioRequest(source: .monteCarlo(count: 40, seed: 3, sampler: .dirichlet(concentration: 50))))
        for name in ScenarioTables.names(results) {
            tables[name + ".csv"] = ScenarioTables.bytes(name, results, language: .en, format: .csv(excel: false))
        }
        let department = e.batch.departments[0], period = e.batch.periods[0]
        tables["application_totals.csv"] = Array("""
            period,rule,department,deducted,rewarded,net,listed,collected,paid_out,remainder
            \(period),pool-deduct,\(department),1.05,0.00,-1.05,0,,,
            \(period),pool-deduct,,1.05,0.00,-1.05,0,,,
            \(period),pool-reward,,0.00,0.00,0.00,0,1.05,0.00,1.05

            """.utf8)
        return tables
    }()

    /// The batch the `weights` and `bases` harnesses run over.
    private static let weightsBatch: Evaluation = {
        let (p, i) = BatchGenerator(projects: 40, seed: 5).generate()
        let read = try! BatchReader(scheme: Scheme(), mode: .lenient, threads: 1)
            .read(projects: SourceText(fileName: "projects.csv", data: p), indicators: SourceText(fileName: "indicators.csv", data: i))
        return Evaluation(read, options: Evaluation.Options(lenient: true, threads: 1))
    }()

    /// The two-file input of the `pipeline` harness: projects.csv is the bytes before the first
    /// 0x00, indicators.csv the bytes after it (empty when there is no 0x00). Runs
    /// ``pipeline(projects:indicators:scheme:)`` on them with the default scheme.
    public static func pipeline(_ bytes: UnsafeBufferPointer<UInt8>) {
        let split = bytes.firstIndex(of: 0) ?? bytes.count
        pipeline(projects: Array(bytes[..<split]), indicators: Array(bytes[min(split + 1, bytes.count)...]))
    }

    /// The cells of a fixed, valid two-project batch (one department, five indicators), each
    /// replaced by the next 0x00-separated part of `bytes` (a part may be empty; cells beyond
    /// the last part keep their values), then ``pipeline(projects:indicators:scheme:)``.
    ///
    /// The fuzzer then only mutates values — amounts, targets, actuals, points, scores,
    /// directions, grades — in a batch that is otherwise well-formed, which the raw two-file
    /// input rarely keeps. The cells, in order: per project budget, executed, self_score,
    /// review_score, monitor_score; per indicator direction, target, target_high, actual,
    /// points, score (see `cellTemplate`).
    public static func cells(_ bytes: UnsafeBufferPointer<UInt8>) {
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        var files: [[UInt8]] = []
        for template in cellTemplate {
            var out: [UInt8] = []
            // Text outside braces is kept; `{default}` becomes a quoted cell.
            for (k, piece) in template.split(separator: "{", omittingEmptySubsequences: false).enumerated() {
                guard k > 0, let close = piece.firstIndex(of: "}") else {
                    out += piece.utf8
                    continue
                }
                let value = parts.next().map(Array.init) ?? Array(piece[..<close].utf8)
                out.append(UInt8(ascii: "\""))
                for b in value {
                    out.append(b)
                    if b == UInt8(ascii: "\"") { out.append(b) }
                }
                out.append(UInt8(ascii: "\""))
                out += piece[piece.index(after: close)...].utf8
            }
            files.append(out)
        }
        pipeline(projects: files[0], indicators: files[1])
    }

    /// projects.csv and indicators.csv for ``cells(_:)``, `{default}` marking each fuzzed cell.
    private static let cellTemplate = [
        """
        project_id,department,sector,period,budget,executed,self_score,review_score,monitor_score
        P1,D,S,2024,{1000000},{900000.5},{90},{88},{85}
        P2,D,S,2024,{500000},{500000},{},{},{}

        """,
        """
        project_id,period,level1,level2,indicator,indicator_code,direction,target,target_high,actual,points,score
        P1,2024,output,quantity,a,Q1,{>=},{100},{},{90},{40},{}
        P1,2024,benefit,social,b,B1,{range},{5},{10},{7},{30},{}
        P1,2024,satisfaction,satisfaction,c,M1,{qual},{},{},{partial},{20},{14}
        P2,2024,output,cost,d,C1,{<=},{300},{},{320},{50},{}
        P2,2024,satisfaction,satisfaction,e,M1,{},{>90%},{},{95%},{40},{}

        """,
    ]

    /// What `evalcli score --lenient` does, in memory: decodes and reads the two tables,
    /// scores the batch, computes ranks, deviations, the category matrix and the department and
    /// sector benchmarks, and builds every result table (CSV in English, then JSON and worksheet
    /// rows in Chinese) without writing them.
    public static func pipeline(projects: [UInt8], indicators: [UInt8], scheme: Scheme = Scheme()) {
        guard let p = try? SourceText(fileName: "projects.csv", data: projects),
              let i = try? SourceText(fileName: "indicators.csv", data: indicators),
              let read = try? BatchReader(scheme: scheme, mode: .lenient, threads: 2).read(projects: p, indicators: i)
        else { return }
        let options = Evaluation.Options(scheme: scheme, lenient: true, threads: 2)
        let evaluation = Evaluation(read, options: options)
        let forms: [(OutputLanguage, ResultFormat)] = [(.en, .csv(excel: false)), (.zh, .json), (.zh, .xlsx)]
        var held: [UInt8] = []
        for (language, format) in forms {
            for job in ResultFiles(evaluation: evaluation, language: language, format: format).jobs() {
                let bytes = job.build()
                if format == .csv(excel: false) && job.name == ResultTable.indicatorScores.rawValue { held += bytes }
            }
        }
        // The streamed run, in windows of 64 bytes, writes the same indicator rows.
        var streamed = IndicatorScoresTable.opening(language: .en, format: .csv(excel: false))
        let again = try? Evaluation(streaming: .sources(projects: p, indicators: i), options: options, windowBytes: 64) {
            streamed = IndicatorScoresTable.opening(language: .en, format: .csv(excel: false))
        } rows: { parts, scores, tables in
            let words = IndicatorScoresTable.Words(periods: tables.periods, codes: tables.indicatorCodes, language: .en)
            for k in parts.indices {
                streamed += IndicatorScoresTable.bytes(parts[k], scores[k], tables, words: words, header: false, rowsBefore: 0, language: .en,
                                                       format: .csv(excel: false)).bytes
            }
        }
        precondition(again != nil && streamed == held, "the streamed indicator rows differ from the held ones")
        precondition(again?.summary.input.indicators == evaluation.summary.input.indicators)
    }

    private static let syntax = ValueSyntax(unitWords: Scheme().unitWords)
    private static let plainDecimalBytes = Set("0123456789.eE+-".utf8)

    /// One pass over `bytes`, then the same in 2…4 chunks; traps when they differ.
    private static func tokenizeAndCompare(_ bytes: UnsafeBufferPointer<UInt8>) {
        let whole = records(bytes, 0..<bytes.count, firstLine: 1)
        for count in 2...4 {
            var chunked = Records()
            for chunk in CSVReader.chunks(of: bytes, range: 0..<bytes.count, firstLine: 1, count: count) {
                let part = records(bytes, chunk.range, firstLine: chunk.firstLine)
                chunked.rows += part.rows
                chunked.error = part.error
                if part.error != nil { break }
            }
            precondition(chunked.rows == whole.rows, "chunked tokenizing yields other records than one pass")
            precondition(chunked.error == whole.error, "chunked tokenizing reports another error than one pass")
        }
    }

    private struct Records {
        struct Row: Equatable {
            var line: Int
            var fields: [CSVField]
        }

        var rows: [Row] = []
        var error: CSVSyntaxError?
    }

    private static func records(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstLine: Int) -> Records {
        var reader = CSVReader(bytes: bytes, range: range, firstLine: firstLine)
        var result = Records()
        var fields: [CSVField] = []
        var value: [UInt8] = []
        do {
            while try reader.next(into: &fields) {
                for f in fields {
                    precondition(range.lowerBound <= f.start && f.start <= f.end && f.end <= range.upperBound, "a field outside its range")
                    value.removeAll(keepingCapacity: true)
                    CSVReader.unescape(f, in: bytes, into: &value)
                    _ = CSVReader.string(f, in: bytes)
                }
                result.rows.append(Records.Row(line: reader.recordLine, fields: fields))
            }
        } catch {
            result.error = error
        }
        return result
    }
}
