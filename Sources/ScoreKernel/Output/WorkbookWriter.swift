import Foundation
import Glibc
import ZIPFoundation

/// Writes tables as the sheets of one .xlsx workbook (SpreadsheetML in a ZIP, by ZIPFoundation),
/// from their CSV text: what `evalcli generate --format xlsx` writes, so that the workbook path
/// is exercised on realistic data (issue 10, item 6).
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

    /// Percent formats by decimals: style `1 + d` shows d decimals (0–6).
    private static let percentDecimals = 0...6

    /// Writes `sheets` into a new workbook at `path`, whole or not at all: it is written beside
    /// `path` and renamed into place at the end (a failure removes it).
    static func write(_ sheets: [Sheet], to path: String) throws(OutputError) {
        let partial = path + ".partial-\(getpid())"
        defer { unlink(partial) }
        do {
            unlink(partial)
            let archive = try Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
            func add(_ name: String, _ bytes: [UInt8]) throws {
                let data = Data(bytes)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            try add("[Content_Types].xml", Array(("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                """ + sheets.indices.map {
                    "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                }.joined() + "</Types>").utf8))
            try add("_rels/.rels", Array("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """.utf8))
            try add("xl/workbook.xml", Array(("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="\(main)" xmlns:r="\(relationships)"><sheets>
                """ + sheets.enumerated().map { "<sheet name=\"\(escaped($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
                + "</sheets></workbook>").utf8))
            try add("xl/_rels/workbook.xml.rels", Array(("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                """ + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
                + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>").utf8))
            let percents = percentDecimals.map { d in "<numFmt numFmtId=\"\(164 + d)\" formatCode=\"0\(d > 0 ? "." + String(repeating: "0", count: d) : "")%\"/>" }
            try add("xl/styles.xml", Array(("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="\(main)"><numFmts count="\(percents.count)">\(percents.joined())</numFmts>\
                <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="\(percents.count + 2)"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
                """ + percentDecimals.map { "<xf numFmtId=\"\(164 + $0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }.joined()
                + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>").utf8))
            for (k, sheet) in sheets.enumerated() {
                guard let xml = sheetXML(sheet) else {
                    throw OutputError(path: path, message: "sheet \(sheet.name) would have more rows than a worksheet holds (\(maximumRows), Excel's limit); write fewer rows, or CSV")
                }
                try add("xl/worksheets/sheet\(k + 1).xml", xml)
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: path, message: "cannot write the workbook: \(error)")
        }
        if rename(partial, path) != 0 { throw OutputError(path: path, errno: errno, doing: "cannot move the finished workbook into place") }
    }

    /// The style of the bold header cells.
    private static var headerStyle: Int { percentDecimals.count + 1 }

    /// The most rows a worksheet holds (Excel's and LibreOffice's limit; openpyxl refuses more).
    static let maximumRows = 1_048_576

    /// The worksheet part of `sheet`; nil when it has more than ``maximumRows`` rows.
    static func sheetXML(_ sheet: Sheet) -> [UInt8]? {
        var rows: [[[UInt8]]] = []
        sheet.csv.withUnsafeBufferPointer { b in
            var reader = CSVReader(bytes: b, range: 0..<b.count, firstLine: 1)
            var fields: [CSVField] = []
            while (try? reader.next(into: &fields)) == true {
                rows.append(fields.map { field in
                    var value: [UInt8] = []
                    CSVReader.unescape(field, in: b, into: &value)
                    return value
                })
            }
        }
        guard rows.count <= maximumRows else { return nil }
        let width = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 8, count: width)
        for row in rows {
            for (c, v) in row.enumerated() {
                // Display width: a CJK character (a three-byte lead) is two columns wide.
                let columns = v.reduce(0) { $0 + ($1 >= 0xE0 ? 2 : $1 & 0xC0 == 0x80 ? 0 : 1) }
                widths[c] = min(60, max(widths[c], columns + 2))
            }
        }
        // Merged runs: rows (0-based, the header is row 0) whose key and merged value repeat the row above.
        var merges: [String] = []
        var covered = Set<Int>()
        if let merge = sheet.merge {
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
        var out = Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>
            """.utf8)
        for (c, w) in widths.enumerated() { out += Array("<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>".utf8) }
        out += Array("</cols><sheetData>".utf8)
        for (r, row) in rows.enumerated() {
            out += Array("<row r=\"\(r + 1)\">".utf8)
            for (c, v) in row.enumerated() where !v.isEmpty {
                if let merge = sheet.merge, c == merge.column, covered.contains(r) { continue }
                let ref = Array((CellReference.letters(c) + String(r + 1)).utf8)
                if r == 0 {
                    cell(ref, style: headerStyle, text: v, into: &out)
                } else if isPlainNumber(v[...]) {
                    out += Array("<c r=\"".utf8) + ref + Array("\"><v>".utf8) + v + Array("</v></c>".utf8)
                } else if v.last == 0x25, isPlainNumber(v.dropLast()), let shifted = hundredth(v.dropLast()) {
                    let decimals = v.dropLast().firstIndex(of: 0x2E).map { v.count - 2 - $0 } ?? 0
                    if percentDecimals.contains(decimals) {
                        out += Array("<c r=\"".utf8) + ref + Array("\" s=\"\(1 + decimals)\"><v>".utf8) + shifted + Array("</v></c>".utf8)
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
        for (i, b) in text.enumerated() {
            switch b {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x09, 0x0A: out.append(b)
            case 0..<0x20:
                // Not allowed in XML 1.0: written as a spreadsheet escapes it (_x000D_).
                out += Array("_x00\(b < 0x10 ? "0" : "")\(String(b, radix: 16, uppercase: true))_".utf8)
            case 0x5F where i + 6 < text.count && text[i + 1] == 0x78 && text[i + 6] == 0x5F
                && text[(i + 2)..<(i + 6)].allSatisfy({ ($0 | 0x20) &- 0x61 < 6 || $0 &- 0x30 < 10 }):
                out += Array("_x005F_".utf8)  // a literal _xHHHH_ is not an escape
            default: out.append(b)
            }
        }
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
