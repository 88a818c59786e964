/// Indicator rows in the order of the file, each with its project: what a streamed read hands
/// on a window at a time (SPEC §3.1), so that no stage after it needs every row at once.
struct IndicatorRows: Sendable {
    /// The rows' columns (``IndicatorColumns/offsets`` is unused: rows are in file order).
    var columns: IndicatorColumns
    /// Per row, its project's index in the projects file as read (before rejected projects are
    /// left out); -1 for a row that is not scored (its project is unknown or rejected, or the
    /// row has an error).
    var project: [Int32]

    var count: Int { project.count }
}

/// What streamed ``IndicatorRows`` point into: the projects as read (a row's project indexes
/// them), their periods, and the 指标编码 codes read so far (a row's code indexes them).
struct RowTables: Sendable {
    var projects: ProjectColumns
    var periods: [String]
    var indicatorCodes: [String]
}
