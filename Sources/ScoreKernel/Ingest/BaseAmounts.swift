/// The base amounts result-application rules charge (SPEC §8): per (period, department), the
/// amount columns a user names — 公用经费 (`public_funds`), 下年预算申请数 (`next_year_request`) or
/// any other. Amounts are in micro-yuan (10⁻⁶ 元) whatever unit the file wrote them in, nil where a
/// cell is empty or unreadable; rows keep the line they were read from, so that a rule can say
/// where a base is missing.
@_spi(Stages)
public struct BaseAmounts: Sendable {
    /// The file's name as the user gave it.
    let file: String
    /// Column codes, in file order: `public_funds` and `next_year_request` for their known
    /// headers, otherwise the header as written (without a unit such as （万元）).
    let columns: [String]
    /// The headers as the file spells them, per column.
    let headers: [String]
    /// Whether the file has a period column; without one, each row applies to every period.
    let hasPeriod: Bool
    /// (period, department) → row; the period as ``periodKey(_:)`` makes it.
    let rows: [Key: Row]
    /// Per column, the problems of its cells (not a number, negative …): errors only when a rule
    /// charges the column, so that a remark column does not stop a run.
    let problems: [[Diagnostic]]

    struct Key: Hashable, Sendable {
        let period: String
        let department: String
    }

    struct Row: Sendable {
        let line: Int
        /// One amount per column, in micro-yuan.
        let amounts: [Int128?]
    }

    /// The row of `department` in `period` (any period when the file has none).
    func row(period: String, department: String) -> Row? {
        rows[Key(period: hasPeriod ? Self.periodKey(period) : "", department: department)]
    }

    /// The index of column `name`: its code, its header, or another name of a known column
    /// (公用经费 for public_funds), matched as table headers are (case, full-width forms, spaces).
    func column(_ name: String) -> Int? {
        if let exact = columns.firstIndex(of: name) { return exact }
        let key = Vocabulary.normalized(name)
        let code = Self.knownCode(name)
        return columns.indices.first { columns[$0] == code || Vocabulary.normalized(columns[$0]) == key || Vocabulary.normalized(headers[$0]) == key }
    }

    /// The code of a known column that `name` names (公用经费 → public_funds), nil for others.
    static func knownCode(_ name: String) -> String? {
        HeaderMap.lookup(knownColumns)[Vocabulary.normalized(name)].map { knownColumns[$0].code }
    }

    /// A period as bases are keyed by it: `2024年` and `2024` alike, `2024年7月` as `2024-07`.
    static func periodKey(_ text: String) -> String {
        guard let date = PeriodDate(text) else { return text }
        return date.month.map { "\(date.year)-\($0 < 10 ? "0" : "")\($0)" } ?? "\(date.year)"
    }

    /// Amount columns with a Chinese name.
    static let knownColumns = [
        ColumnSpec(code: "public_funds", aliases: ["公用经费"], required: false),
        ColumnSpec(code: "next_year_request", aliases: ["下年预算申请数", "下年预算申请"], required: false),
    ]
}
