/// Counts over the accepted indicator rows that a run's summary reports: rows, rows per level 1
/// and per direction, and rows per indicator flag. Counted as rows are scored, so that a
/// streamed run reports them without holding the rows.
struct IndicatorTally: Sendable {
    var rows = 0
    /// Indexed by `Level1.rawValue`.
    var byLevel1 = [Int](repeating: 0, count: Level1.allCases.count)
    /// Indexed by `Direction.rawValue`.
    var byDirection = [Int](repeating: 0, count: Direction.allCases.count)
    /// Rows carrying each bit of ``IndicatorFlags``.
    var flagBits = [Int](repeating: 0, count: IndicatorFlags.RawValue.bitWidth)

    init() {}

    /// The counts of a scored batch.s rows.
    init(_ batch: ProjectBatch, scores: ScoreTable) {
        let ind = batch.indicators
        for r in 0..<ind.count { add(ind, r, flags: scores.indicatorFlags[r]) }
    }

    /// Adds the counts of `other`.
    mutating func add(_ other: IndicatorTally) {
        rows += other.rows
        for k in byLevel1.indices { byLevel1[k] += other.byLevel1[k] }
        for k in byDirection.indices { byDirection[k] += other.byDirection[k] }
        for k in flagBits.indices { flagBits[k] += other.flagBits[k] }
    }

    @inline(__always)
    mutating func add(_ ind: IndicatorColumns, _ r: Int, flags: IndicatorFlags) {
        rows += 1
        byLevel1[Int(ind.level1[r].rawValue)] += 1
        byDirection[Int(ind.direction[r].rawValue)] += 1
        var rest = flags.rawValue
        while rest != 0 {
            flagBits[rest.trailingZeroBitCount] += 1
            rest &= rest - 1
        }
    }
}
