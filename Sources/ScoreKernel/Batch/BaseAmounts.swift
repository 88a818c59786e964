/// The base amounts result-application rules charge (SPEC §8): per (period, department), the
/// amount columns a user names — 公用经费 (`public_funds`), 下年预算申请数 (`next_year_request`) or
/// any other. Amounts are in millionths of the file's unit (``Amount``), nil where a cell is
/// empty; rows keep the line they were read from, so that a rule can say where a base is
/// missing.
@_spi(Stages)
public struct BaseAmounts: Sendable {
    /// The file's name as the user gave it.
    let file: String
    /// Column codes, in file order: `public_funds` and `next_year_request` for their known
    /// headers, otherwise the header as written.
    let columns: [String]
    /// The headers as the file spells them, per column.
    let headers: [String]
    /// Whether the file has a period column; without one, each row applies to every period.
    let hasPeriod: Bool
    /// (period text, department) → row.
    let rows: [Key: Row]

    struct Key: Hashable, Sendable {
        let period: String
        let department: String
    }

    struct Row: Sendable {
        let line: Int
        /// One amount per column, in millionths of the unit.
        let amounts: [Int64?]
    }

    /// The row of `department` in `period` (any period when the file has none).
    func row(period: String, department: String) -> Row? {
        rows[Key(period: hasPeriod ? period : "", department: department)]
    }

    /// The index of column `code`.
    func column(_ code: String) -> Int? { columns.firstIndex(of: code) }
}
