import Glibc

/// One result table's worksheet rows (``TableWriter`` in xlsx form), written to staging files
/// as its parts come: a table with more rows than a worksheet holds continues on further sheets,
/// each starting with the header row again (`indicator_scores`, `indicator_scores (2)`, …).
///
/// Column widths fit the header and the rows in the first ``widthBytes`` bytes of the table, so
/// that a table of millions of rows is not read twice; a longer value further down is shown cut
/// (its cell holds it whole).
final class SheetSink: TableSink {
    /// The sheet name of the first sheet; later ones add ` (2)`, ` (3)`, ….
    let name: String
    /// The files of the sheets written, in order (rows only: no worksheet start or end).
    private(set) var files: [String] = []
    /// Width of each column in characters.
    private(set) var widths: [Int] = []

    /// How much of the table's start the widths are fitted to.
    static let widthBytes = 8 << 20

    private let create: (Int) throws(OutputError) -> OutputFile
    private var current: OutputFile?
    private var header: [UInt8]?
    private var rowsInSheet = 0
    private var measured = 0
    private let maximumRows: Int

    /// A table whose `k`-th sheet (from 0) is written into the file `create(k)` makes, at most
    /// `maximumRows` rows (the header included) per sheet.
    init(name: String, maximumRows: Int = WorkbookWriter.maximumRows, create: @escaping (Int) throws(OutputError) -> OutputFile) {
        precondition(maximumRows >= 2, "a sheet holds the header and at least one row")
        self.name = name
        self.maximumRows = maximumRows
        self.create = create
    }

    /// The name of the `k`-th sheet (from 0).
    func sheetName(_ k: Int) -> String { k == 0 ? name : "\(name) (\(k + 1))" }

    func write(_ bytes: [UInt8]) throws(OutputError) {
        try bytes.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) throws(OutputError) in
            var rest = all
            if header == nil, let end = Self.rowEnds(in: rest, upTo: 1).last {
                header = Array(rest[..<end])
            }
            if measured < Self.widthBytes {
                let n = min(rest.count, Self.widthBytes - measured)
                Self.fit(&widths, to: UnsafeBufferPointer(rebasing: rest[..<n]))
                measured += n
            }
            while !rest.isEmpty {
                if let full = current, rowsInSheet >= maximumRows {
                    try full.close()
                    current = nil
                }
                if current == nil {
                    let file = try create(files.count)
                    files.append(file.path)
                    current = file
                    rowsInSheet = 0
                    if files.count > 1, let header {
                        try file.write(header)
                        rowsInSheet = 1
                    }
                }
                let room = maximumRows - rowsInSheet
                let ends = Self.rowEnds(in: rest, upTo: room + 1)
                if ends.count <= room {
                    try current!.write(rest)
                    rowsInSheet += ends.count
                    return
                }
                let cut = ends[room - 1]
                try current!.write(UnsafeBufferPointer(rebasing: rest[..<cut]))
                rowsInSheet = maximumRows
                rest = UnsafeBufferPointer(rebasing: rest[cut...])
            }
        }
    }

    func close() throws(OutputError) {
        if current == nil, files.isEmpty {
            // A table never written (no part reached it) is still one sheet.
            let file = try create(0)
            files.append(file.path)
            current = file
        }
        try current?.close()
        current = nil
    }

    /// The offsets just past each `</row>` in `bytes`, at most `limit` of them: `memchr` to
    /// each `w`, which cell values seldom hold, then the bytes around it compared.
    static func rowEnds(in bytes: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> [Int] {
        var ends: [Int] = []
        guard let base = bytes.baseAddress, limit > 0 else { return ends }
        var at = 4
        while ends.count < limit, at < bytes.count - 1, let hit = memchr(base + at, Int32(UInt8(ascii: "w")), bytes.count - 1 - at) {
            let w = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if bytes[w + 1] == UInt8(ascii: ">"), bytes[w - 1] == UInt8(ascii: "o"), bytes[w - 2] == UInt8(ascii: "r"),
               bytes[w - 3] == UInt8(ascii: "/"), bytes[w - 4] == UInt8(ascii: "<")
            {
                ends.append(w + 2)
            }
            at = w + 1
        }
        return ends
    }

    /// Widens `widths` to fit the cells in `xml`, worksheet rows as ``TableWriter`` writes them:
    /// `<row>` resets the column, each `<c …>` is one, its text in `<v>` or `<t …>`.
    static func fit(_ widths: inout [Int], to xml: UnsafeBufferPointer<UInt8>) {
        let (lt, gt, slash) = (UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "/"))
        var column = 0
        var i = 0
        let n = xml.count
        while i < n {
            guard xml[i] == lt, i + 2 < n else { i += 1; continue }
            let name = xml[i + 1]
            var close = i + 1
            while close < n, xml[close] != gt { close += 1 }
            guard close < n else { return }
            if name == UInt8(ascii: "r"), xml[i + 2] == UInt8(ascii: "o") {
                column = 0  // <row>
            } else if name == UInt8(ascii: "c"), xml[i + 2] == UInt8(ascii: " ") || xml[i + 2] == gt || xml[i + 2] == slash {
                if xml[close - 1] == slash {
                    column += 1  // <c/>: empty
                } else {
                    // The value: after the next <v> or <t…>, up to the next <.
                    var v = close + 1
                    while v < n, !(xml[v] == lt && (xml[v + 1 < n ? v + 1 : v] == UInt8(ascii: "v") || xml[v + 1 < n ? v + 1 : v] == UInt8(ascii: "t"))) { v += 1 }
                    while v < n, xml[v] != gt { v += 1 }
                    var end = v + 1
                    while end < n, xml[end] != lt { end += 1 }
                    guard end < n else { return }
                    if widths.count <= column { widths += repeatElement(8, count: column + 1 - widths.count) }
                    widths[column] = max(widths[column], SheetXML.width(of: UnsafeBufferPointer(rebasing: xml[(v + 1)..<end])))
                    column += 1
                    close = end
                }
            }
            i = close + 1
        }
    }
}
