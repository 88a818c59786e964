import Foundation

/// One result table a run wrote (CSV, headers in English or Chinese), read back for the report:
/// the columns it needs found by either header, numbers read exactly, and every problem a
/// ``Diagnostic`` naming file, line and column as the file spells it.
struct ResultTableReader {
    /// A column the report reads: its English code and Chinese header (docs/output.md).
    struct Column {
        let en: String
        let zh: String
        var required = true
    }

    /// The file's name (its last path component), for messages.
    let file: String
    /// Whether the header is the Chinese one (`--lang zh`).
    let chinese: Bool
    /// Every header as written, in file order.
    let headers: [String]
    private let source: SourceText
    /// Told the bytes of each part as it is read (from worker threads), the header's with the first.
    var partDone: (@Sendable (Int) -> Void)?

    /// The path of `name` (e.g. `project_scores.csv`) in the first of `folders` that holds it.
    static func find(_ name: String, in folders: [String]) -> String? {
        folders.map { URL(fileURLWithPath: $0).appendingPathComponent(name).path }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Opens `path` and reads its header.
    init(path: String) throws(InputRejected) {
        let source: SourceText
        do {
            source = try SourceText.load(path: path)
        } catch {
            throw Self.rejected(Diagnostic(.error, rule: .unreadableFile, file: error.fileName, line: error.line, message: error.message))
        }
        try self.init(source)
    }

    /// Reads the header of `source`.
    init(_ source: SourceText) throws(InputRejected) {
        self.source = source
        file = source.fileName
        headers = source.withBytes { bytes in
            var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            guard (try? reader.next(into: &fields)) == true else { return [] }
            return fields.map { CSVReader.string($0, in: bytes).trimmingSpaces }
        }
        guard !headers.isEmpty else {
            throw Self.rejected(Diagnostic(.error, rule: .emptyFile, file: file, message: "the file is empty: it is not a result table"))
        }
        chinese = headers.first == "年度"
    }

    static func rejected(_ diagnostic: Diagnostic) -> InputRejected {
        var d = Diagnostics()
        d.append(diagnostic)
        return InputRejected(d)
    }

    /// Calls `body` with each record, `columns` indexed as given.
    func rows(_ columns: [Column], _ body: (Row) throws(InputRejected) -> Void) throws(InputRejected) {
        _ = try rows(columns, parts: 1, state: ()) { (_, row) throws(InputRejected) in try body(row) }
    }

    /// Reads the records on `parts` workers, in consecutive parts (``CSVReader/chunks(of:range:firstLine:count:)``,
    /// four a worker, so that progress moves), each part folding its records into its own copy
    /// of `state`; returns the parts' states in file order. The error thrown is the first in file order, whatever the timing.
    func rows<State>(_ columns: [Column], parts: Int, state: State,
                     _ body: (inout State, Row) throws(InputRejected) -> Void) throws(InputRejected) -> [State]
    {
        var found = Diagnostics()
        let specs = columns.map { ColumnSpec(code: $0.en, aliases: [$0.zh], required: $0.required) }
        let map = HeaderMap(headers: headers, specs: specs, file: file, into: &found)
        if found.hasErrors {
            var errors = Diagnostics()
            for d in found.errors { errors.append(d) }
            throw InputRejected(errors)
        }
        let (file, width, partDone) = (self.file, headers.count, self.partDone)
        let results: [Result<State, InputRejected>] = source.withBytes { bytes in
            var header = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
            var fields: [CSVField] = []
            _ = try? header.next(into: &fields)  // read in init
            let chunks = CSVReader.chunks(of: bytes, range: header.position..<bytes.count, firstLine: header.line,
                                          count: bytes.count < 1 << 20 ? 1 : parts * 4)
            partDone?(header.position)
            return Parallel.map(chunks.count, workers: max(1, parts)) { k -> Result<State, InputRejected> in
                var state = state
                var reader = CSVReader(bytes: bytes, range: chunks[k].range, firstLine: chunks[k].firstLine)
                var row = Row(table: TableRow(bytes: bytes, map: map), file: file)
                do throws(InputRejected) {
                    while true {
                        let more: Bool
                        do throws(CSVSyntaxError) {
                            more = try row.table.read(&reader)
                        } catch {
                            throw Self.rejected(Diagnostic(.error, rule: .csvSyntax, file: file, line: error.line, message: error.message))
                        }
                        guard more else { break }
                        guard row.table.fields.count == width else {
                            throw Self.rejected(Diagnostic(.error, rule: .fieldCount, file: file, line: row.table.line,
                                                           message: "the row has \(row.table.fields.count) fields; the header has \(width)"))
                        }
                        try body(&state, row)
                    }
                    partDone?(chunks[k].range.count)
                    return .success(state)
                } catch {
                    return .failure(error)
                }
            }
        }
        var states: [State] = []
        for r in results {
            switch r {
            case .success(let s): states.append(s)
            case .failure(let error): throw error
            }
        }
        return states
    }

    /// One record, with its values by column index.
    struct Row {
        var table: TableRow
        let file: String
        private static let syntax = ValueSyntax(unitWords: [])

        var line: Int { table.line }

        /// The value as text, spaces trimmed ("" when the column is absent).
        func text(_ c: Int) -> String { table.string(c) }

        /// The trimmed bytes, quotes not unescaped: a key for interning.
        func key(_ c: Int) -> UnsafeBufferPointer<UInt8> { table.key(c) }

        /// Calls `body` with the value's bytes as ``text(_:)`` has them (quotes unescaped, spaces
        /// trimmed), without making a `String` unless the cell has doubled quotes.
        func withValue<R>(_ c: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { table.withValue(c, body) }

        /// Whether the cell is empty or the column absent.
        func isEmpty(_ c: Int) -> Bool { table.isBlank(c) }

        /// The cell as an exact decimal within the read limits (|x| ≤ 10^15, as ingest reads
        /// numbers); nil when it is empty.
        func number(_ c: Int) throws(InputRejected) -> DecimalNumber? {
            guard let range = table.range(c), !table.isBlank(c) else { return nil }
            guard let n = Self.syntax.number(table.bytes, range), n.suffix == .none, !n.value.inexact else {
                throw error(c, .notANumber, "is not a number; is this a file evalcli wrote?")
            }
            guard n.value.boundedDouble != nil else { throw error(c, .numberRange, DecimalNumber.rangeMessage) }
            return n.value
        }

        /// The cell as a count: a whole number, 0 or more; `empty` when the cell is empty, an
        /// error when `empty` is nil.
        func count(_ c: Int, empty: Int? = nil) throws(InputRejected) -> Int {
            guard let n = try number(c) else {
                guard let empty else { throw error(c, .emptyValue, "is empty; it should hold a count") }
                return empty
            }
            guard !n.negative || n.digits == 0, let whole = n.scaled(decimals: 0) else {
                throw error(c, .notANumber, "is not a count (a whole number, 0 or more)")
            }
            return Int(whole)
        }

        /// A problem of column `c` in this row.
        func error(_ c: Int, _ rule: DiagnosticRule, _ message: String) -> InputRejected {
            ResultTableReader.rejected(Diagnostic(.error, rule: rule, file: file, line: line, column: table.map.header[c],
                                                  value: text(c), message: message))
        }

        /// The cell as `true` or `false` (as the tables write booleans); empty is false.
        func flag(_ c: Int) throws(InputRejected) -> Bool {
            switch text(c) {
            case "true": return true
            case "false", "": return false
            default: throw error(c, .unknownValue, "is neither true nor false")
            }
        }
    }
}

extension DecimalNumber {
    /// The value rounded half away from zero to `decimals`, in units of 10^-`decimals`, exactly
    /// as written (88.825 → 8883 at 2, where the nearest `Double` would round down).
    func units(roundedTo decimals: Int) -> Int128 {
        var magnitude = Int128(digits)
        let shift = exponent + decimals
        if shift >= 0 {
            for _ in 0..<shift { magnitude *= 10 }  // within the read limits: below 10^22 at 6 decimals
        } else if -shift > 20 {
            magnitude = 0
        } else {
            var p: Int128 = 1
            for _ in 0..<(-shift) { p *= 10 }
            let (q, r) = magnitude.quotientAndRemainder(dividingBy: p)
            magnitude = r * 2 >= p ? q + 1 : q
        }
        return negative ? -magnitude : magnitude
    }
}
