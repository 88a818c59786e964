import Foundation
import ZIPFoundation

/// An .xlsx written part by part from SpreadsheetML typed into the test: the workbook, its
/// relationships, the styles and shared strings given, and one part per sheet.
struct WorkbookBuilder {
    /// Sheet name and the XML inside its `<sheetData>` (and after it, e.g. `<mergeCells>`).
    var sheets: [(name: String, data: String, after: String)] = []
    var sharedStrings: [String] = []
    /// `<xf numFmtId=…/>` of cellXfs, in style order (style 0 first).
    var cellFormats: [Int] = [0]
    /// Custom number formats: id and format code.
    var numberFormats: [(id: Int, code: String)] = []

    func write(to path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        try add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        try add("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook \(ns)><sheets>"
            + sheets.enumerated().map { "<sheet name=\"\(Self.escape($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
            + "</sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
            + "</Relationships>")
        try add("xl/sharedStrings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst \(ns)>"
            + sharedStrings.map { "<si><t>\(Self.escape($0))</t></si>" }.joined() + "</sst>")
        try add("xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet \(ns)><numFmts>"
            + numberFormats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\(Self.escape($0.code))\"/>" }.joined()
            + "</numFmts><cellStyleXfs><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs>"
            + cellFormats.map { "<xf numFmtId=\"\($0)\" xfId=\"0\"/>" }.joined() + "</cellXfs></styleSheet>")
        for (k, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(k + 1).xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \(ns)><sheetData>\(sheet.data)</sheetData>\(sheet.after)</worksheet>")
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
