/// How result tables are written (SPEC §10): CSV (UTF-8; with a byte-order mark for Excel),
/// JSON (an array of objects keyed by the header), or one .xlsx workbook with a sheet per table.
public enum ResultFormat: Sendable, Equatable {
    case csv(excel: Bool)
    case json
    /// One workbook, `results.xlsx`, with a sheet per table; numbers as numbers, shown as scores
    /// (`0.00`), rates (`0.00%`) and money (`#,##0.00`).
    case xlsx

    /// The file extension.
    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .json: "json"
        case .xlsx: "xlsx"
        }
    }
}
