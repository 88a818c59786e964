/// The pieces of SpreadsheetML every workbook ScoreKernel writes shares: one stylesheet (so that
/// a cell's style index means the same in every sheet), text escaped as spreadsheets escape it,
/// and a worksheet's opening with a frozen header row and fitted column widths.
enum SheetXML {
    /// A cell style of ``styles``: how a number is shown.
    enum Style {
        /// As written (General).
        case plain
        /// A percentage with `decimals` decimals (0–6): the number 0.862 under `0.00%` shows 86.20%.
        case percent(decimals: Int)
        /// Exactly `decimals` decimals (0–6; more show 6): scores (`0.00`).
        case fixed(decimals: Int)
        /// Money, `#,##0.00`.
        case money
        /// The bold header row.
        case header

        /// The index in `cellXfs`.
        var index: Int {
            switch self {
            case .plain: 0
            case .percent(let d): 1 + min(max(d, 0), 6)
            case .header: 8
            case .fixed(let d): 9 + min(max(d, 0), 6)
            case .money: 16
            }
        }
    }

    static let decimals = 0...6

    /// styles.xml: the ``Style``s at their indices.
    static let styles: [UInt8] = {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let zeros = { (d: Int) in d > 0 ? "." + String(repeating: "0", count: d) : "" }
        let formats = decimals.map { "<numFmt numFmtId=\"\(164 + $0)\" formatCode=\"0\(zeros($0))%\"/>" }
            + decimals.map { "<numFmt numFmtId=\"\(171 + $0)\" formatCode=\"0\(zeros($0))\"/>" }
            + ["<numFmt numFmtId=\"178\" formatCode=\"#,##0.00\"/>"]
        let xf = { (format: Int) in "<xf numFmtId=\"\(format)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }
        let xfs = ["<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"]
            + decimals.map { xf(164 + $0) }
            + ["<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"]
            + decimals.map { xf(171 + $0) }
            + [xf(178)]
        return Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="\(main)"><numFmts count="\(formats.count)">\(formats.joined())</numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(xfs.count)">\(xfs.joined())</cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """.utf8)
    }()

    /// A worksheet's start up to its first row: the header row frozen (unless `frozenHeader` is
    /// false: a form), the columns `widths` wide (in characters).
    static func opening(widths: [Int], frozenHeader: Bool = true) -> [UInt8] {
        var out = Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            """.utf8)
        if frozenHeader {
            out += Array("""
                <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
                """.utf8)
        }
        if !widths.isEmpty {
            out += Array("<cols>".utf8)
            for (c, w) in widths.enumerated() { out += Array("<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>".utf8) }
            out += Array("</cols>".utf8)
        }
        out += Array("<sheetData>".utf8)
        return out
    }

    /// The width in characters that shows `text` whole: a CJK character (a three-byte lead or
    /// more) is two columns, with room for a filter button; at least 8, at most 60.
    static func width(of text: some Collection<UInt8>) -> Int {
        var columns = 0
        for b in text { columns += b >= 0xE0 ? 2 : b & 0xC0 == 0x80 ? 0 : 1 }
        return min(60, max(8, columns + 2))
    }

    /// Appends `text` as the content of a `<t>` element: `&`, `<`, `>` as entities; control
    /// characters other than tab and line feed as a spreadsheet writes them (`_x000D_`: XML 1.0
    /// forbids most, and a parser turns a carriage return into a line feed), and a literal
    /// `_xHHHH_` with its `_` escaped, so that it reads back as written.
    static func appendText(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for (i, b) in text.enumerated() {
            let escape: [UInt8]
            switch b {
            case 0x26: escape = Array("&amp;".utf8)
            case 0x3C: escape = Array("&lt;".utf8)
            case 0x3E: escape = Array("&gt;".utf8)
            case 0x09, 0x0A: continue
            case 0..<0x20: escape = Array("_x00\(b < 0x10 ? "0" : "")\(String(b, radix: 16, uppercase: true))_".utf8)
            case 0x5F where i + 6 < text.count && text[i + 1] == 0x78 && text[i + 6] == 0x5F
                && text[(i + 2)..<(i + 6)].allSatisfy({ ($0 | 0x20) &- 0x61 < 6 || $0 &- 0x30 < 10 }):
                escape = Array("_x005F_".utf8)
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
            out += escape
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
    }

    /// Whether `text` needs `xml:space="preserve"` to keep its spaces: it starts or ends with one.
    static func needsPreserve(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        return first == 0x20 || first == 0x09 || first == 0x0A || last == 0x20 || last == 0x09 || last == 0x0A
    }
}
