/// How result tables are written (SPEC §10): CSV (UTF-8; with a byte-order mark for Excel) or
/// JSON (an array of objects keyed by the header).
public enum ResultFormat: Sendable, Equatable {
    case csv(excel: Bool)
    case json

    /// The file extension.
    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .json: "json"
        }
    }
}
