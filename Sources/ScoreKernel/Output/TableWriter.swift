/// Writes one result table row by row as CSV, JSON or the rows of a worksheet (xlsx), with typed
/// cells: text, exact decimals (scores, rates, money), round-trip statistics, integers, and empty
/// cells (NaN and absent values), so that every table is written once for every format.
///
/// In a worksheet every number is a number cell with the digits CSV has and a format that shows
/// it as a reader expects (``SheetXML/Style``): scores `0.00`, rates `0.00%`, money `#,##0.00`;
/// text is an inline string. Rows and cells carry no references (`<row>`, `<c>`): a table written
/// in parts, or split over several sheets, needs no row numbers.
struct TableWriter {
    let format: ResultFormat
    private let keys: [[UInt8]]
    private var csv: CSVWriter
    private var column = 0
    private var rows = 0

    /// `writeHeader: false` makes a part that continues another: in CSV no header and no
    /// byte-order mark; in JSON no opening bracket, the array already holding `rowsBefore` rows;
    /// in a worksheet no header row.
    init(format: ResultFormat, header: [String], writeHeader: Bool = true, rowsBefore: Int = 0, capacity: Int = 1 << 16) {
        self.format = format
        keys = header.map { Self.jsonString($0) }
        rows = rowsBefore
        switch format {
        case .csv(let excel):
            csv = CSVWriter(capacity: capacity, byteOrderMark: excel && writeHeader)
            if writeHeader {
                for h in header { csv.field(h) }
                csv.endRow()
            }
        case .json:
            csv = CSVWriter(capacity: capacity)
            if writeHeader { csv.raw([0x5B]) }  // [
        case .xlsx:
            csv = CSVWriter(capacity: capacity)
            if writeHeader {
                for h in header { sheetText(utf8: h.utf8, style: .header) }
                csv.raw("</row>")
                column = 0
            }
        }
    }

    /// The finished bytes; `closing: false` leaves a JSON array open for the next part.
    mutating func finish(closing: Bool = true) -> [UInt8] {
        if format == .json && closing { csv.raw(rows == 0 ? [0x5D, 0x0A] : [0x0A, 0x5D, 0x0A]) }  // ]
        return csv.bytes
    }

    /// The rows written so far, `rowsBefore` included.
    var rowCount: Int { rows }

    private mutating func key() {
        if column == 0 { csv.raw(rows == 0 ? [0x0A, 0x7B] : [0x2C, 0x0A, 0x7B]) } else { csv.raw([0x2C]) }  // {  ,
        csv.raw(keys[column])
        csv.raw([0x3A])  // :
        column += 1
    }

    mutating func text(_ s: String) {
        switch format {
        case .json: key(); csv.raw(Self.jsonString(s))
        case .csv: csv.field(s)
        case .xlsx: sheetText(utf8: s.utf8, style: .plain)
        }
    }

    mutating func text<C: Collection>(utf8: C) where C.Element == UInt8 {
        switch format {
        case .json: key(); csv.raw(Self.jsonString(String(decoding: utf8, as: UTF8.self)))
        case .csv: csv.field(utf8: utf8)
        case .xlsx: sheetText(utf8: utf8, style: .plain)
        }
    }

    /// `units` × 10^-`decimals`, written with exactly `decimals` decimals (a worksheet shows as
    /// many).
    mutating func decimal(units: Int64, decimals: Int) {
        decimal(units: units, decimals: decimals, style: .fixed(decimals: decimals))
    }

    /// `units` × 10^-`decimals`, written with exactly `decimals` decimals (a worksheet shows as
    /// many).
    mutating func decimal(units: Int128, decimals: Int) {
        decimal(units: units, decimals: decimals, style: .fixed(decimals: decimals))
    }

    private mutating func decimal(units: Int64, decimals: Int, style: SheetXML.Style) {
        switch format {
        case .json: key(); csv.number(units: units, decimals: decimals, separated: false)
        case .csv: csv.number(units: units, decimals: decimals, separated: true)
        case .xlsx: numberCell(style: style) { $0.number(units: units, decimals: decimals, separated: false) }
        }
    }

    private mutating func decimal(units: Int128, decimals: Int, style: SheetXML.Style) {
        switch format {
        case .json: key(); csv.number(units: units, decimals: decimals, separated: false)
        case .csv: csv.number(units: units, decimals: decimals, separated: true)
        case .xlsx: numberCell(style: style) { $0.number(units: units, decimals: decimals, separated: false) }
        }
    }

    /// An amount of money from millionths of the file's unit, with as many decimals as it needs
    /// and at least two (12.5 → 12.50, 0.123456 → 0.123456); a worksheet shows it as money.
    mutating func amount(_ micros: Int64) {
        let (units, decimals) = Self.trimmed(micros)
        decimal(units: units, decimals: decimals, style: .money)
    }

    /// A sum of amounts, as ``amount(_:)-(Int64)``.
    mutating func amount(_ micros: Int128) {
        let (units, decimals) = Self.trimmed(micros)
        decimal(units: units, decimals: decimals, style: .money)
    }

    /// Money in fen (hundredths of a 元), with two decimals; a worksheet shows it as money.
    mutating func money(fen: Int64) {
        decimal(units: fen, decimals: 2, style: .money)
    }

    /// A sum of money in fen, as ``money(fen:)-(Int64)``.
    mutating func money(fen: Int128) {
        decimal(units: fen, decimals: 2, style: .money)
    }

    /// A ratio with 4 decimals (`0.8620`), as ``decimal(_:decimals:)``; a worksheet shows it as a
    /// percentage (86.20%).
    mutating func rate(_ x: Double) {
        decimal(x, decimals: 4, style: .percent(decimals: 2))
    }

    /// Millionths without the trailing zeros of their last four decimals: (units, decimals).
    private static func trimmed<T: BinaryInteger>(_ micros: T) -> (T, Int) {
        var v = micros
        var d = Amount.decimals
        while d > 2 && v % 10 == 0 {
            v /= 10
            d -= 1
        }
        return (v, d)
    }

    /// A `Double` rounded half away from zero to `decimals`; empty when NaN. A value too large for
    /// its last decimal to mean anything (|x| · 10^decimals ≥ 2^53, e.g. the execution rate of
    /// a budget of 0.000001) is written in round-trip form instead.
    mutating func decimal(_ x: Double, decimals: Int) {
        decimal(x, decimals: decimals, style: .fixed(decimals: decimals))
    }

    private mutating func decimal(_ x: Double, decimals: Int, style: SheetXML.Style) {
        if !x.isFinite { empty(); return }
        if abs(x) * Rounding.scale(decimals) >= 9_007_199_254_740_992 { roundTrip(x); return }
        decimal(units: Rounding.units(x, precision: decimals), decimals: decimals, style: style)
    }

    /// A statistic in shortest round-trip form; empty when NaN (or infinite, which no input
    /// within the read limits produces, and which JSON cannot hold).
    mutating func roundTrip(_ x: Double) {
        if !x.isFinite { empty(); return }
        if let (units, decimals) = Self.shortDecimal(x) {
            decimal(units: units, decimals: decimals, style: .plain)
            return
        }
        var digits = Digits()
        x.write(to: &digits)
        digits.withBytes { digits in
            switch format {
            case .json: key(); csv.raw(digits)
            case .csv: csv.field(utf8: digits)
            case .xlsx: numberCell(style: .plain) { $0.raw(digits) }
            }
        }
    }

    /// `Double.description`'s characters without a `String`: `Double.write(to:)` hands a stream
    /// the digits it formatted on the stack (`_writeASCII`), where `description` makes a heap
    /// string of every value longer than 15 bytes — a million z-scores, a million strings.
    private struct Digits: TextOutputStream {
        private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        private var count = 0
        /// Text that does not fit (never for a `Double`) or comes as a `String`.
        private var overflow: [UInt8] = []

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            guard !buffer.isEmpty else { return }
            guard overflow.isEmpty, count + buffer.count <= MemoryLayout.size(ofValue: storage) else {
                if overflow.isEmpty { withBytes { overflow = Array($0) } }
                overflow.append(contentsOf: buffer)
                return
            }
            let start = count
            withUnsafeMutableBytes(of: &storage) { $0.baseAddress!.advanced(by: start).copyMemory(from: buffer.baseAddress!, byteCount: buffer.count) }
            count += buffer.count
        }

        mutating func write(_ string: String) {
            var s = string
            s.withUTF8 { _writeASCII($0) }
        }

        func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if !overflow.isEmpty { return overflow.withUnsafeBufferPointer(body) }
            return withUnsafeBytes(of: storage) { body(UnsafeBufferPointer(start: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)) }
        }
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

    /// `x` as n × 10^-k with the fewest decimals k ≤ 6, when that decimal reads back as exactly `x`
    /// (n below 2^53, so n / 10^k is one correctly rounded division): the common case of values
    /// written with a few decimals, without `Double.description`.
    static func shortDecimal(_ x: Double) -> (Int64, Int)? {
        // When some k < 6 reads back, so does k = 6: below 2^50, x · 10^6 rounds to n · 10^(6-k)
        // (the error is under a quarter), and n · 10^(6-k) / 10^6 is the same correctly rounded
        // quotient. One test turns away a full-precision value (a z-score) instead of seven.
        let y6 = x * 1e6
        if abs(y6) < 1_125_899_906_842_624, y6.rounded() / 1e6 != x { return nil }
        for k in 0..<powersOfTen.count {
            let y = x * powersOfTen[k]
            guard abs(y) < 9_007_199_254_740_992 else { return nil }
            let n = y.rounded()
            if n / powersOfTen[k] == x { return (Int64(n), k) }
        }
        return nil
    }

    mutating func integer(_ v: Int) {
        decimal(units: Int64(v), decimals: 0, style: .plain)
    }

    /// `true` or `false` (a JSON boolean; a worksheet's TRUE or FALSE).
    mutating func boolean(_ b: Bool) {
        switch format {
        case .json: key(); csv.raw(Array((b ? "true" : "false").utf8))
        case .csv: csv.field(b ? "true" : "false")
        case .xlsx: cellStart(); csv.raw(b ? "<c t=\"b\"><v>1</v></c>" : "<c t=\"b\"><v>0</v></c>")
        }
    }

    /// An empty cell (JSON null).
    mutating func empty() {
        switch format {
        case .json: key(); csv.raw(Array("null".utf8))
        case .csv: csv.empty()
        case .xlsx: cellStart(); csv.raw("<c/>")
        }
    }

    mutating func endRow() {
        switch format {
        case .json: csv.raw([0x7D])  // }
        case .csv: csv.endRow()
        case .xlsx: csv.raw(column == 0 ? "<row></row>" : "</row>")
        }
        column = 0
        rows += 1
    }

    /// Opens a worksheet row before its first cell.
    private mutating func cellStart() {
        if column == 0 { csv.raw("<row>") }
        column += 1
    }

    /// A number cell whose value `digits` writes.
    private mutating func numberCell(style: SheetXML.Style, _ digits: (inout CSVWriter) -> Void) {
        cellStart()
        if style.index == 0 {
            csv.raw("<c><v>")
        } else {
            csv.raw("<c s=\"")
            csv.rawDigits(style.index)
            csv.raw("\"><v>")
        }
        digits(&csv)
        csv.raw("</v></c>")
    }

    /// An inline string cell.
    private mutating func sheetText<C: Collection>(utf8: C, style: SheetXML.Style) where C.Element == UInt8 {
        cellStart()
        let index = style.index
        let write = { (csv: inout CSVWriter, text: UnsafeBufferPointer<UInt8>) in
            csv.raw("<c t=\"inlineStr\"")
            if index != 0 {
                csv.raw(" s=\"")
                csv.rawDigits(index)
                csv.raw("\"")
            }
            csv.raw(SheetXML.needsPreserve(text) ? "><is><t xml:space=\"preserve\">" : "><is><t>")
            csv.sheetText(text)
        }
        let contiguous: Bool = utf8.withContiguousStorageIfAvailable { write(&csv, $0); return true } ?? false
        if !contiguous { Array(utf8).withUnsafeBufferPointer { write(&csv, $0) } }
        csv.raw("</t></is></c>")
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return out
    }
}

