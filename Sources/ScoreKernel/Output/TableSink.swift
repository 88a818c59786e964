/// Where the bytes of one result table go as its parts are built, in order: its file (CSV, JSON)
/// or its sheets of the workbook (xlsx, ``SheetSink``).
protocol TableSink: AnyObject {
    /// Appends the next part, all of it.
    func write(_ bytes: [UInt8]) throws(OutputError)
    /// Ends the table.
    func close() throws(OutputError)
}

extension OutputFile: TableSink {}
