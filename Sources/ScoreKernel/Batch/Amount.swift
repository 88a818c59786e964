/// Money amounts are carried as integers in millionths (10⁻⁶) of the file's own unit (元 or 万元),
/// so that sums are exact: a yuan file is exact to the fen, a 万元 file is exact to the fen too
/// (10⁻⁶ 万元 = 0.01 元). Values with more than six decimals are rejected at ingest.
enum Amount {
    /// Millionths per unit of the file's money column.
    static let scale: Int64 = 1_000_000
    /// Decimal places an amount can carry exactly.
    static let decimals = 6

    /// The amount as a `Double` in the file's unit, for rates and display.
    static func value(_ micros: Int64) -> Double { Double(micros) / Double(scale) }
}
