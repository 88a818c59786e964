/// Writes one result table row by row as CSV or JSON, with typed cells: text, exact decimals,
/// round-trip statistics, integers, and empty cells (NaN and absent values), so that every
/// table is written once for both formats.
struct TableWriter {
    let format: ResultFormat
    private let keys: [[UInt8]]
    private var csv: CSVWriter
    private var column = 0
    private var rows = 0

    /// `writeHeader: false` makes a part that continues another: in CSV no header and no
    /// byte-order mark; in JSON no opening bracket, the array already holding `rowsBefore` rows.
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
        if format == .json { key(); csv.raw(Self.jsonString(s)) } else { csv.field(s) }
    }

    mutating func text<C: Collection>(utf8: C) where C.Element == UInt8 {
        if format == .json { key(); csv.raw(Self.jsonString(String(decoding: utf8, as: UTF8.self))) } else { csv.field(utf8: utf8) }
    }

    /// `units` × 10^-`decimals`, written with exactly `decimals` decimals.
    mutating func decimal(units: Int64, decimals: Int) {
        if format == .json { key() }
        csv.number(units: units, decimals: decimals, separated: format != .json)
    }

    /// `units` × 10^-`decimals`, written with exactly `decimals` decimals.
    mutating func decimal(units: Int128, decimals: Int) {
        if format == .json { key() }
        csv.number(units: units, decimals: decimals, separated: format != .json)
    }

    /// An amount of money from millionths of the file's unit, with as many decimals as it needs
    /// and at least two (12.5 → 12.50, 0.123456 → 0.123456).
    mutating func amount(_ micros: Int64) {
        let (units, decimals) = Self.trimmed(micros)
        decimal(units: units, decimals: decimals)
    }

    /// A sum of amounts, as ``amount(_:)-(Int64)``.
    mutating func amount(_ micros: Int128) {
        let (units, decimals) = Self.trimmed(micros)
        decimal(units: units, decimals: decimals)
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
        if !x.isFinite { empty(); return }
        if abs(x) * Rounding.scale(decimals) >= 9_007_199_254_740_992 { roundTrip(x); return }
        decimal(units: Rounding.units(x, precision: decimals), decimals: decimals)
    }

    /// A statistic in shortest round-trip form; empty when NaN (or infinite, which no input
    /// within the read limits produces, and which JSON cannot hold).
    mutating func roundTrip(_ x: Double) {
        if !x.isFinite { empty(); return }
        if format == .json { key() }
        if let (units, decimals) = Self.shortDecimal(x) {
            csv.number(units: units, decimals: decimals, separated: format != .json)
            return
        }
        let s = String(x)
        if format == .json { csv.raw(Array(s.utf8)) } else { csv.field(s) }
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

    /// `x` as n × 10^-k with the fewest decimals k ≤ 6, when that decimal reads back as exactly `x`
    /// (n below 2^53, so n / 10^k is one correctly rounded division): the common case of values
    /// written with a few decimals, without `Double.description`.
    static func shortDecimal(_ x: Double) -> (Int64, Int)? {
        for k in 0..<powersOfTen.count {
            let y = x * powersOfTen[k]
            guard abs(y) < 9_007_199_254_740_992 else { return nil }
            let n = y.rounded()
            if n / powersOfTen[k] == x { return (Int64(n), k) }
        }
        return nil
    }

    mutating func integer(_ v: Int) {
        if format == .json { key(); csv.raw(Array(String(v).utf8)) } else { csv.field(v) }
    }

    /// `true` or `false` (a JSON boolean).
    mutating func boolean(_ b: Bool) {
        if format == .json { key(); csv.raw(Array((b ? "true" : "false").utf8)) } else { csv.field(b ? "true" : "false") }
    }

    /// An empty cell (JSON null).
    mutating func empty() {
        if format == .json { key(); csv.raw(Array("null".utf8)) } else { csv.empty() }
    }

    mutating func endRow() {
        if format == .json { csv.raw([0x7D]) } else { csv.endRow() }  // }
        column = 0
        rows += 1
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
