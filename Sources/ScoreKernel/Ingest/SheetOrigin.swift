/// Where the CSV text made of a workbook's sheet came from (``Workbook/table(_:)``): the sheet
/// row of each line and the column of each field, so that a problem found in the text is
/// reported in the sheet's terms (`book.xlsx!指标表!F17`); and the sheet's own problems (hidden
/// rows, formulas without a value).
struct SheetOrigin: Sendable {
    /// `book.xlsx!Sheet`: the file name the text is read under.
    let name: String
    /// The 1-based sheet row of each line of the text (line 1, the header, first; a row whose
    /// cells hold line breaks has as many lines).
    var rows: [Int32] = []
    /// The 0-based column of the first field.
    var firstColumn = 0
    /// The header row's cells, trimmed, by field.
    var headers: [String] = []
    /// Problems of the sheet itself, found while it was read.
    var diagnostics = Diagnostics()
    /// Sheets the table goes on over (`指标表 (2)`, …, as `--format xlsx` and `generate --format
    /// xlsx` write a table longer than a sheet): each one's name and first column, and the line
    /// of the text its first row became.
    private(set) var continuations: [(name: String, firstLine: Int, firstColumn: Int)] = []

    init(name: String) { self.name = name }

    /// Appends the rows of `next`, a sheet the table goes on over (its header row left out: the
    /// text appended has no header line).
    mutating func append(continuation next: SheetOrigin) {
        continuations.append((next.name, rows.count + 1, next.firstColumn))
        rows += next.rows.drop { $0 == next.rows.first }
        diagnostics.append(contentsOf: next.diagnostics)
    }

    /// `d` with its line made the sheet's row and its cell named, when it is about this sheet.
    func relocated(_ d: Diagnostic) -> Diagnostic {
        guard d.file == name, d.cell == nil, let line = d.line else { return d }
        var d = d
        let row = line >= 1 && line <= rows.count ? Int(rows[line - 1]) : line
        d.line = row
        var firstColumn = self.firstColumn
        if let sheet = continuations.last(where: { $0.firstLine <= line }) {
            d.file = sheet.name
            firstColumn = sheet.firstColumn
        }
        if let column = d.column, let field = headers.firstIndex(of: column) {
            d.cell = CellReference.letters(firstColumn + field) + String(row)
        } else {
            d.cell = "\(row):\(row)"
        }
        return d
    }
}

extension Diagnostics {
    /// The diagnostics, each about one of `origins`' sheets put in the sheet's terms.
    func relocated(by origins: [SheetOrigin]) -> Diagnostics {
        guard !origins.isEmpty else { return self }
        var out = Diagnostics()
        for d in all { out.append(origins.reduce(d) { $1.relocated($0) }) }
        return out
    }
}
