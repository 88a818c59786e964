import Foundation
import Glibc

/// Writes .xlsx workbooks (SpreadsheetML in a ZIP, by ``ZipWriter``): the sheets of the results
/// of `--format xlsx` from their staged rows (``writePackage(_:to:threads:progress:)``), and
/// tables from their CSV text — what `evalcli generate --format xlsx` writes, so that the
/// workbook path is exercised on realistic data (issue 10, item 6).
///
/// A cell is written as a number when its text is a plain decimal that a spreadsheet shows the
/// same way (`2024`, `53700000.06`, `-3`; not `007`, not 16 digits or more), as a percentage —
/// the number ÷ 100 under a `0%`, `0.0%` … format — when it is one (`97.6%`), and as text
/// otherwise. Each number keeps the digits it was written with, so that reading the workbook
/// back gives the CSV's text. The header row is frozen and the columns are as wide as their
/// longest value. A sheet may merge, down each run of rows with the same key, the cells of one
/// column (一级指标 in a 自评表: one merged cell per block).
struct WorkbookWriter {
    /// One sheet: its name, its CSV text, and optionally the column to merge down runs of rows
    /// whose `key` columns and merged column are equal.
    struct Sheet {
        var name: String
        var csv: [UInt8]
        var merge: (column: Int, key: [Int])?
    }

    /// Writes `sheets` into a new workbook at `path`, whole or not at all: it is written beside
    /// `path` and renamed into place at the end (a failure removes it). A table of more than
    /// `rowsPerSheet` rows (the header included) goes on over further sheets, `name (2)`, …,
    /// each starting with the header, as the reader joins them.
    static func write(_ sheets: [Sheet], to path: String, rowsPerSheet: Int = maximumRows) throws(OutputError) {
        var parts: [(name: String, content: [Segment])] = []
        for sheet in sheets {
            for (k, xml) in sheetXMLs(sheet, rowsPerSheet: rowsPerSheet).enumerated() {
                parts.append((k == 0 ? sheet.name : "\(sheet.name) (\(k + 1))", [.bytes(xml)]))
            }
        }
        try writePackage(parts, to: path, threads: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// A piece of a worksheet's XML: bytes, or a whole file.
    enum Segment {
        case bytes([UInt8])
        case file(String)
    }

    /// Writes a workbook of `sheets` (each a name and its worksheet XML, in pieces) at `path`,
    /// whole or not at all: it is written beside `path` and renamed into place at the end (a
    /// failure removes it). The parts are compressed by ``ZipWriter`` on `threads` workers, read
    /// a piece at a time, so that no sheet is whole in memory; `progress` is told the sheet bytes
    /// done and their total.
    static func writePackage(_ sheets: [(name: String, content: [Segment])], to path: String, threads: Int,
                             progress: ((_ done: Int64, _ total: Int64) -> Void)? = nil) throws(OutputError) {
        let partial = path + ".partial-\(getpid())"
        defer { unlink(partial) }
        let file = try OutputFile(creating: partial)
        let zip = ZipWriter(file: file, threads: threads)
        func add(_ name: String, _ text: String) throws(OutputError) {
            let bytes = Array(text.utf8)
            try zip.add(name, size: Int64(bytes.count)) { at, count in Array(bytes[Int(at)..<Int(at) + count]) }
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """ + sheets.indices.map {
                "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            }.joined() + "</Types>")
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(main)" xmlns:r="\(relationships)"><sheets>
            """ + sheets.enumerated().map { "<sheet name=\"\(escaped($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
            + "</sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """ + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>")
        try zip.add("xl/styles.xml", size: Int64(SheetXML.styles.count)) { at, count in Array(SheetXML.styles[Int(at)..<Int(at) + count]) }
        let readers = try sheets.map { (sheet) throws(OutputError) in try SegmentReader(sheet.content) }
        let total = readers.reduce(0) { $0 + $1.size }
        var before: Int64 = 0
        for (k, reader) in readers.enumerated() {
            try zip.add("xl/worksheets/sheet\(k + 1).xml", size: reader.size, read: reader.read) { progress?(before + $0, total) }
            before += reader.size
        }
        try zip.finish()
        try file.close()
        if rename(partial, path) != 0 { throw OutputError(path: path, errno: errno, doing: "cannot move the finished workbook into place") }
    }

    /// Reads a list of segments as one stream, at the positions ZIPFoundation asks for.
    private final class SegmentReader {
        private var pieces: [(segment: Segment, start: Int64, size: Int64)] = []
        private var descriptors: [String: Int32] = [:]
        let size: Int64

        init(_ segments: [Segment]) throws(OutputError) {
            var at: Int64 = 0
            for segment in segments {
                let size: Int64
                switch segment {
                case .bytes(let b): size = Int64(b.count)
                case .file(let path):
                    var info = stat()
                    guard stat(path, &info) == 0 else { throw OutputError(path: path, errno: errno, doing: "cannot read back") }
                    size = Int64(info.st_size)
                }
                pieces.append((segment, at, size))
                at += size
            }
            size = at
        }

        deinit {
            for fd in descriptors.values { close(fd) }
        }

        func read(at position: Int64, count: Int) throws(OutputError) -> [UInt8] {
            var data = [UInt8](repeating: 0, count: count)
            var done = 0
            for piece in pieces where piece.start + piece.size > position + Int64(done) && done < count {
                let offset = position + Int64(done) - piece.start
                let n = min(count - done, Int(piece.size - offset))
                switch piece.segment {
                case .bytes(let b):
                    data.replaceSubrange(done..<done + n, with: b[Int(offset)..<Int(offset) + n])
                case .file(let path):
                    let fd = try descriptor(path)
                    let read = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, n, off_t(offset)) }
                    guard read == n else { throw OutputError(path: path, errno: read < 0 ? errno : EIO, doing: "cannot read back") }
                }
                done += n
            }
            return data
        }

        private func descriptor(_ path: String) throws(OutputError) -> Int32 {
            if let fd = descriptors[path] { return fd }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw OutputError(path: path, errno: errno, doing: "cannot read back") }
            descriptors[path] = fd
            return fd
        }
    }

    /// The most rows a worksheet holds (Excel's and LibreOffice's limit; openpyxl refuses more).
    static let maximumRows = 1_048_576

    /// The worksheet parts of `sheet`: one, or with more than `rowsPerSheet` rows, one per
    /// `rowsPerSheet - 1` rows under the header.
    static func sheetXMLs(_ sheet: Sheet, rowsPerSheet: Int = maximumRows) -> [[UInt8]] {
        precondition(rowsPerSheet >= 2, "a sheet holds the header and at least one row")
        var all: [[[UInt8]]] = []
        sheet.csv.withUnsafeBufferPointer { b in
            var reader = CSVReader(bytes: b, range: 0..<b.count, firstLine: 1)
            var fields: [CSVField] = []
            while (try? reader.next(into: &fields)) == true {
                all.append(fields.map { field in
                    var value: [UInt8] = []
                    CSVReader.unescape(field, in: b, into: &value)
                    return value
                })
            }
        }
        let width = all.map(\.count).max() ?? 0
        var widths = [Int](repeating: 8, count: width)
        for row in all {
            for (c, v) in row.enumerated() { widths[c] = max(widths[c], SheetXML.width(of: v)) }
        }
        guard let header = all.first else { return [sheetXML([], widths: widths, merge: sheet.merge)] }
        return stride(from: 1, to: max(all.count, 2), by: rowsPerSheet - 1).map { first in
            sheetXML([header] + all[first..<min(all.count, first + rowsPerSheet - 1)], widths: widths, merge: sheet.merge)
        }
    }

    /// One worksheet of `rows` (the header first).
    private static func sheetXML(_ rows: [[[UInt8]]], widths: [Int], merge: (column: Int, key: [Int])?) -> [UInt8] {
        // Merged runs: rows (0-based, the header is row 0) whose key and merged value repeat the row above.
        var merges: [String] = []
        var covered = Set<Int>()
        if let merge {
            func value(_ r: Int, _ c: Int) -> [UInt8] { rows[r].indices.contains(c) ? rows[r][c] : [] }
            func key(_ r: Int) -> [[UInt8]] { (merge.key + [merge.column]).map { value(r, $0) } }
            var r = 1
            while r < rows.count {
                var end = r + 1
                while end < rows.count, key(end) == key(r) { end += 1 }
                if end - r > 1, !value(r, merge.column).isEmpty {
                    let letters = CellReference.letters(merge.column)
                    merges.append("\(letters)\(r + 1):\(letters)\(end)")
                    covered.formUnion((r + 1)..<end)
                }
                r = end
            }
        }
        var out = SheetXML.opening(widths: widths)
        for (r, row) in rows.enumerated() {
            out += Array("<row r=\"\(r + 1)\">".utf8)
            for (c, v) in row.enumerated() where !v.isEmpty {
                if let merge, c == merge.column, covered.contains(r) { continue }
                let ref = Array((CellReference.letters(c) + String(r + 1)).utf8)
                if r == 0 {
                    cell(ref, style: SheetXML.Style.header.index, text: v, into: &out)
                } else if isPlainNumber(v[...]) {
                    out += Array("<c r=\"".utf8) + ref + Array("\"><v>".utf8) + v + Array("</v></c>".utf8)
                } else if v.last == 0x25, isPlainNumber(v.dropLast()), let shifted = hundredth(v.dropLast()) {
                    let decimals = v.dropLast().firstIndex(of: 0x2E).map { v.count - 2 - $0 } ?? 0
                    if SheetXML.decimals.contains(decimals) {
                        let style = SheetXML.Style.percent(decimals: decimals).index
                        out += Array("<c r=\"".utf8) + ref + Array("\" s=\"\(style)\"><v>".utf8) + shifted + Array("</v></c>".utf8)
                    } else {
                        cell(ref, style: 0, text: v, into: &out)
                    }
                } else {
                    cell(ref, style: 0, text: v, into: &out)
                }
            }
            out += Array("</row>".utf8)
        }
        out += Array("</sheetData>".utf8)
        if !merges.isEmpty {
            out += Array("<mergeCells count=\"\(merges.count)\">".utf8)
            for m in merges { out += Array("<mergeCell ref=\"\(m)\"/>".utf8) }
            out += Array("</mergeCells>".utf8)
        }
        out += Array("</worksheet>".utf8)
        return out
    }

    /// An inline string cell.
    private static func cell(_ ref: [UInt8], style: Int, text: [UInt8], into out: inout [UInt8]) {
        out += Array("<c r=\"".utf8) + ref + Array("\" t=\"inlineStr\"\(style == 0 ? "" : " s=\"\(style)\"")><is><t xml:space=\"preserve\">".utf8)
        text.withUnsafeBufferPointer { SheetXML.appendText($0, to: &out) }
        out += Array("</t></is></c>".utf8)
    }

    /// Text a spreadsheet shows as written when stored as a number: an optional `-`, digits
    /// without a leading zero (but `0` itself), an optional `.` and digits; at most 15 digits.
    static func isPlainNumber(_ v: ArraySlice<UInt8>) -> Bool {
        var s = v
        if s.first == 0x2D { s = s.dropFirst() }
        guard let first = s.first, first &- 0x30 < 10 else { return false }
        let whole = s.prefix { $0 != 0x2E }
        let fraction = s.dropFirst(whole.count)
        guard whole.allSatisfy({ $0 &- 0x30 < 10 }), whole.count == 1 || first != 0x30 else { return false }
        if !fraction.isEmpty { guard fraction.count > 1, fraction.dropFirst().allSatisfy({ $0 &- 0x30 < 10 }) else { return false } }
        return whole.count + max(0, fraction.count - 1) <= 15
    }

    /// A plain number ÷ 100, in decimal (`97.6` → `0.976`).
    static func hundredth(_ v: ArraySlice<UInt8>) -> [UInt8]? {
        let negative = v.first == 0x2D
        let s = negative ? v.dropFirst() : v
        let whole = Array(s.prefix { $0 != 0x2E })
        let fraction = Array(s.dropFirst(whole.count).dropFirst())
        var digits = whole + fraction
        var point = whole.count - 2
        if point < 1 {
            digits = Array(repeating: 0x30, count: 1 - point) + digits
            point = 1
        }
        var integer = Array(digits[0..<point])
        while integer.count > 1, integer.first == 0x30 { integer.removeFirst() }
        var decimals = Array(digits[point...])
        while decimals.last == 0x30 { decimals.removeLast() }
        return (negative ? [0x2D] : []) + integer + (decimals.isEmpty ? [] : [0x2E] + decimals)
    }

    private static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
