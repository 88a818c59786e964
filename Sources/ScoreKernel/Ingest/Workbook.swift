import Foundation
import Glibc
import ZIPFoundation

/// An .xlsx workbook read as the tables the readers take (issue 10): one sheet becomes the CSV
/// text of its cells, and a ``SheetOrigin`` that says which sheet row and column each line and
/// field came from, so that every problem is reported as `book.xlsx!指标表!F17`.
///
/// The workbook is a ZIP of SpreadsheetML parts (ZIPFoundation inflates them); the sheet's XML is
/// read a megabyte of inflated text at a time with ``XMLScanner``, never held whole. What a cell
/// becomes: its shared or inline string; its number as stored, or ×100 with `%` when its style
/// is a percentage (0.95 shown as 95% is 95%), or a date (yyyy-mm-dd) when its style is a date;
/// TRUE / FALSE; a formula's cached value (a formula without one is an error). A merged range's
/// value applies to every cell it spans (the 一级指标 column of a 自评表). Hidden rows are read,
/// with a warning. Rows with no value at all (the blank lines between blocks) are skipped; the
/// first row with a value is the header.
struct Workbook {
    /// The file's name as the user gave it (its last path component).
    let fileName: String
    private let archive: Archive
    /// Sheets in workbook order: name and the part that holds it.
    let sheets: [(name: String, part: String)]
    /// What the workbook's cells are written with: shared strings, styles, the date system.
    let formats: CellFormats

    /// What a number format makes of a number: itself, a percentage shown with at least so many
    /// decimals, or a date.
    enum NumberStyle: Sendable, Equatable { case plain, percent(decimals: Int), date }

    /// The parts of a workbook a cell's value depends on besides the sheet.
    struct CellFormats: Sendable {
        var sharedStrings: [[UInt8]] = []
        /// Per cell style (`s`), what its number format makes of a number.
        var styles: [NumberStyle] = []
        /// Dates count from 1904-01-01 (old Mac workbooks), not 1899-12-30.
        var date1904 = false

        /// Appends the text a cell becomes (see ``Workbook``) to `out`; false, appending nothing,
        /// for a shared string the workbook does not have (a damaged workbook).
        func appendValue(type: CellType, style: Int, raw: ArraySlice<UInt8>, to out: inout [UInt8]) -> Bool {
            switch type {
            case .sharedString:
                var k = 0
                for c in raw {
                    guard c &- 0x30 < 10, k < Int.max / 10 - 10 else { return false }
                    k = k * 10 + Int(c &- 0x30)
                }
                guard sharedStrings.indices.contains(k), !raw.isEmpty else { return false }
                out += sharedStrings[k]
            case .boolean:
                out += raw.elementsEqual([0x31]) ? Array("TRUE".utf8) : Array("FALSE".utf8)
            case .text:
                out += raw
            case .number:
                guard !raw.isEmpty, styles.indices.contains(style) else {
                    out += raw
                    return true
                }
                switch styles[style] {
                case .plain: out += raw
                case .percent(let decimals): out += Workbook.percent(Array(raw), decimals: decimals) ?? Array(raw)
                case .date: out += Workbook.date(Array(raw), date1904: date1904) ?? Array(raw)
                }
            }
            return true
        }
    }

    /// Opens the workbook at `path`.
    /// - Throws: ``SourceTextError`` naming the file: not a ZIP (a corrupt file), not a
    ///   workbook (no xl/workbook.xml), a part that cannot be read.
    init(path: String, fileName: String) throws(SourceTextError) {
        self.fileName = fileName
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SourceTextError(fileName: fileName, message: "is not a readable .xlsx workbook (the ZIP container is damaged: \(error)); open it in Excel and save it again")
        }
        self.archive = archive
        func part(_ name: String) throws(SourceTextError) -> [UInt8]? {
            guard let entry = archive[name] else { return nil }
            var bytes: [UInt8] = []
            do {
                _ = try archive.extract(entry, consumer: { bytes.append(contentsOf: $0) })
            } catch {
                throw SourceTextError(fileName: fileName, message: "part \(name) of the workbook cannot be read (\(error)); open it in Excel and save it again")
            }
            return bytes
        }
        /// `part`'s bytes, or the error of a part that is not XML to its end.
        func wellFormed(_ name: String, _ bytes: [UInt8]?) throws(SourceTextError) -> [UInt8]? {
            guard let bytes else { return nil }
            let damaged = bytes.withUnsafeBufferPointer { b in
                var x = XMLScanner(b)
                while x.next() != nil {}
                return x.stoppedEarly
            }
            if damaged {
                throw SourceTextError(fileName: fileName, message: "part \(name) of the workbook is not well-formed XML (a damaged workbook); open it in Excel and save it again")
            }
            return bytes
        }
        guard let book = try wellFormed("xl/workbook.xml", part("xl/workbook.xml")) else {
            throw SourceTextError(fileName: fileName, message: "is a ZIP file but not an .xlsx workbook (it has no xl/workbook.xml)")
        }
        // Sheet names → relationship ids → parts.
        var targets: [String: String] = [:]
        if let rels = try wellFormed("xl/_rels/workbook.xml.rels", part("xl/_rels/workbook.xml.rels")) {
            Self.scan(rels) { x, name, attributes in
                guard x.isName(name, "Relationship"), let id = x.attribute("Id", in: attributes),
                      let target = x.attribute("Target", in: attributes) else { return }
                let path = String(decoding: x.text(target), as: UTF8.self)
                targets[String(decoding: x.text(id), as: UTF8.self)] = path.hasPrefix("/") ? String(path.dropFirst()) : "xl/" + path
            }
        }
        var sheets: [(String, String)] = []
        var date1904 = false
        Self.scan(book) { x, name, attributes in
            if x.isName(name, "sheet"), let sheetName = x.attribute("name", in: attributes), let id = x.attribute("id", in: attributes),
               let target = targets[String(decoding: x.text(id), as: UTF8.self)] {
                sheets.append((String(decoding: x.text(sheetName), as: UTF8.self), target))
            } else if x.isName(name, "workbookPr"), let d = x.attribute("date1904", in: attributes) {
                let v = String(decoding: x.text(d), as: UTF8.self)
                date1904 = v == "1" || v == "true"
            }
        }
        self.sheets = sheets
        // Shared strings: each <si> is its <t> texts, runs included, phonetic runs (<rPh>) not.
        var strings: [[UInt8]] = []
        if let shared = try wellFormed("xl/sharedStrings.xml", part("xl/sharedStrings.xml")) {
            shared.withUnsafeBufferPointer { b in
                var x = XMLScanner(b)
                var current: [UInt8] = []
                var inText = false
                var phonetic = 0
                while let event = x.next() {
                    switch event {
                    case let .open(name, _, selfClosing):
                        if x.isName(name, "si") { current = []; if selfClosing { strings.append([]) } }
                        else if x.isName(name, "rPh") { phonetic += selfClosing ? 0 : 1 }
                        else if x.isName(name, "t") { inText = !selfClosing }
                    case let .close(name):
                        if x.isName(name, "si") { strings.append(current) }
                        else if x.isName(name, "rPh") { phonetic -= 1 }
                        else if x.isName(name, "t") { inText = false }
                    case let .text(range):
                        if inText, phonetic == 0 { x.appendText(range, to: &current) }
                    }
                }
            }
        }
        // Styles: cellXfs' number formats; built-in 9 and 10 are percentages, 14–22 and 45–47
        // dates and times; a custom format is a percentage when it shows %, a date when it
        // shows y, m or d outside quotes and brackets and no digit placeholder.
        var custom: [Int: NumberStyle] = [:]
        var xfs: [NumberStyle] = []
        if let styles = try wellFormed("xl/styles.xml", part("xl/styles.xml")) {
            var inCellXfs = false
            Self.scan(styles, closing: { x, name in if x.isName(name, "cellXfs") { inCellXfs = false } }) { x, name, attributes in
                if x.isName(name, "numFmt"), let id = x.attribute("numFmtId", in: attributes), let code = x.attribute("formatCode", in: attributes),
                   let n = Int(String(decoding: x.text(id), as: UTF8.self)) {
                    custom[n] = Self.style(ofFormat: x.text(code))
                } else if x.isName(name, "cellXfs") {
                    inCellXfs = true
                } else if inCellXfs, x.isName(name, "xf") {
                    let id = x.attribute("numFmtId", in: attributes).flatMap { Int(String(decoding: x.text($0), as: UTF8.self)) } ?? 0
                    xfs.append(custom[id] ?? Self.builtInStyle(id))
                }
            }
        }
        formats = CellFormats(sharedStrings: strings, styles: xfs, date1904: date1904)
    }

    /// Calls `open` for every opening tag of `bytes` (and `closing` for every closing one).
    private static func scan(
        _ bytes: [UInt8], closing: (XMLScanner, Range<Int>) -> Void = { _, _ in },
        _ open: (XMLScanner, Range<Int>, Range<Int>) -> Void
    ) {
        bytes.withUnsafeBufferPointer { b in
            var x = XMLScanner(b)
            while let event = x.next() {
                if case let .open(name, attributes, _) = event { open(x, name, attributes) }
                if case let .close(name) = event { closing(x, name) }
            }
        }
    }

    private static func builtInStyle(_ id: Int) -> NumberStyle {
        switch id {
        case 9: .percent(decimals: 0)
        case 10: .percent(decimals: 2)
        case 14...22, 45...47: .date
        default: .plain
        }
    }

    /// What a custom number format makes of a number.
    static func style(ofFormat code: [UInt8]) -> NumberStyle {
        var quoted = false
        var bracket = false
        var dateLetters = false
        var digits = false
        var decimals: Int?  // zeros after the point, once there is one
        var i = 0
        while i < code.count {
            let c = code[i]
            if c == 0x22 { quoted.toggle() }
            else if quoted {}
            else if c == 0x5B { bracket = true }
            else if c == 0x5D { bracket = false }
            else if bracket {}
            else if c == 0x5C || c == 0x5F || c == 0x2A { i += 1 }  // \x, _x, *x: the next character is literal
            else if c == 0x25 { return .percent(decimals: decimals ?? 0) }
            else if c == 0x2E { decimals = 0 }
            else if c == 0x30 || c == 0x23 || c == 0x3F {
                digits = true
                if let d = decimals { decimals = d + 1 }
            }
            else if [0x79, 0x59, 0x6D, 0x4D, 0x64, 0x44].contains(c) { dateLetters = true }
            i += 1
        }
        return dateLetters && !digits ? .date : .plain
    }

    /// The sheet named `name` (exactly, or ignoring case).
    func sheet(named name: String) -> (name: String, part: String)? {
        sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The sheet `requested` names or, when nil, the first of `defaults` the workbook has, or its
    /// only sheet.
    /// - Throws: ``SourceTextError`` listing the workbook's sheets when there is no such sheet.
    func choose(_ requested: String?, defaults: [String]) throws(SourceTextError) -> (name: String, part: String) {
        let names = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
        if let requested {
            guard let s = sheet(named: requested) else {
                throw SourceTextError(fileName: fileName, message: "has no sheet \"\(requested)\"; its sheets are \(names)")
            }
            return s
        }
        if let s = defaults.lazy.compactMap({ sheet(named: $0) }).first { return s }
        // The only sheet, not counting those it goes on over (`Sheet (2)`, …).
        let tables = sheets.filter { s in !sheets.contains { s.name.hasPrefix($0.name + " (") && s.name.hasSuffix(")") } }
        if tables.count == 1 { return tables[0] }
        throw SourceTextError(
            fileName: fileName,
            message: "has no sheet named \(defaults.map { "\"\($0)\"" }.joined(separator: " or ")); its sheets are \(names) (name one: \(fileName)#Sheet)")
    }

    /// The cells of `sheet` as CSV text (UTF-8), with where each line and field came from.
    /// - Throws: ``SourceTextError`` when the sheet's part cannot be read.
    func table(_ sheet: (name: String, part: String)) throws(SourceTextError) -> (text: [UInt8], origin: SheetOrigin) {
        guard let entry = archive[sheet.part] else {
            throw SourceTextError(fileName: fileName, message: "sheet \"\(sheet.name)\" has no part \(sheet.part) in the workbook")
        }
        let name = "\(fileName)!\(sheet.name)"
        // First pass: the merged ranges, written after the rows: only what follows </sheetData>
        // is scanned (the second pass checks the part's CRC).
        var tail: [UInt8] = []
        var seenEnd = false
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true, consumer: { data in
                if seenEnd {
                    tail.append(contentsOf: data)
                    return
                }
                // Keep the last bytes of the chunk before, in case the closing tag straddles two.
                tail = Array(tail.suffix(32)) + data
                if let end = Self.endOfSheetData(in: tail) {
                    seenEnd = true
                    tail.removeSubrange(0..<end)
                }
            })
        } catch {
            throw SourceTextError(fileName: fileName, message: "part \(entry.path) of the workbook cannot be read (\(error)); open it in Excel and save it again")
        }
        var builder = SheetTableBuilder(name: name, merges: seenEnd ? Self.mergedRanges(in: tail) : [], formats: formats)
        try stream(entry) { x in builder.read(&x) }
        return builder.finish()
    }

    /// Appends to the table of sheet `name` (its text and origin) the rows of the sheets it goes
    /// on over: `name (2)`, `name (3)`, … as long as the workbook has them, each starting with the
    /// same header row, which is left out; a warning (`sheets_joined`) names them.
    /// - Throws: ``SourceTextError`` when a continuation's header differs from the first sheet's.
    func appendContinuations(of name: String, to text: inout [UInt8], _ origin: inout SheetOrigin) throws(SourceTextError) {
        let header = Self.firstLine(of: text)
        guard !header.isEmpty else { return }  // an empty sheet has no header to go on from
        var joined: [String] = []
        defer {
            if !joined.isEmpty {
                origin.diagnostics.append(Diagnostic(.warning, rule: .sheetsJoined, file: origin.name, line: nil, message:
                    "goes on over sheet\(joined.count > 1 ? "s" : "") \(joined.map { "\"\($0)\"" }.joined(separator: ", ")) (the same header): read as one table"))
            }
        }
        var k = 2
        while let next = sheet(named: "\(name) (\(k))") {
            let (more, nextOrigin) = try table(next)
            guard more.starts(with: header) else {
                throw SourceTextError(fileName: "\(fileName)!\(next.name)",
                                      message: "goes on from sheet \"\(name)\" by its name, but its first row is not the same header; rename it, or make its first row \"\(name)\"'s header")
            }
            text += more[header.count...]
            origin.append(continuation: nextOrigin)
            joined.append(next.name)
            k += 1
        }
    }

    /// The first line of a sheet's CSV text, its line feed included (a header cell never holds a
    /// line break: the builder quotes fields, and a quoted line break stays inside its quotes).
    static func firstLine(of text: [UInt8]) -> [UInt8] {
        var quoted = false
        for (i, b) in text.enumerated() {
            if b == 0x22 { quoted.toggle() }
            if b == 0x0A, !quoted { return Array(text[...i]) }
        }
        return text
    }

    /// The rows of `sheet` with a value, each cell's text as a table's cell reads (shared strings,
    /// percentages, dates), trimmed; merged cells hold their value in their first cell only.
    /// - Throws: ``SourceTextError`` when the sheet's part cannot be read.
    func grid(_ sheet: (name: String, part: String)) throws(SourceTextError) -> (rows: [(row: Int, cells: [String])], diagnostics: Diagnostics) {
        guard let entry = archive[sheet.part] else {
            throw SourceTextError(fileName: fileName, message: "sheet \"\(sheet.name)\" has no part \(sheet.part) in the workbook")
        }
        var builder = SheetTableBuilder(name: "\(fileName)!\(sheet.name)", merges: [], formats: formats)
        builder.grid = []
        try stream(entry) { x in builder.read(&x) }
        return (builder.grid ?? [], builder.origin.diagnostics)
    }

    /// ``grid(_:)`` of a sheet's XML in memory (the fuzz target's way in).
    static func grid(ofSheetXML xml: UnsafeBufferPointer<UInt8>, name: String, formats: CellFormats) -> [(row: Int, cells: [String])] {
        var builder = SheetTableBuilder(name: name, merges: [], formats: formats)
        builder.grid = []
        var x = XMLScanner(xml)
        builder.read(&x)
        return builder.grid ?? []
    }

    /// The offset after the closing `</sheetData>` (or `</x:sheetData>`) in `xml`, or nil.
    static func endOfSheetData(in xml: [UInt8]) -> Int? {
        let name = Array("sheetData>".utf8)
        var from = 0
        while let r = Self.firstRange(of: name, in: xml, from: from) {
            // Back over a namespace prefix to the '<': a closing tag has '/' after it.
            var i = r.lowerBound - 1
            if i >= 0, xml[i] == 0x3A {
                while i > 0, xml[i] != 0x3C, xml[i] != 0x2F { i -= 1 }
            }
            if i >= 0, xml[i] == 0x2F { return r.upperBound }
            from = r.upperBound
        }
        return nil
    }

    /// Where `pattern` first occurs in `bytes` at or after `from`: `memchr` to each candidate
    /// first byte, `memcmp` for the rest (the generic `firstRange(of:)` of Foundation's
    /// `DataProtocol` allocates per step: a sheet of 88 MB took 7 s).
    static func firstRange(of pattern: [UInt8], in bytes: [UInt8], from: Int) -> Range<Int>? {
        guard from >= 0, !pattern.isEmpty, from + pattern.count <= bytes.count else { return nil }
        return bytes.withUnsafeBytes { b in
            pattern.withUnsafeBytes { p in
                let base = b.baseAddress!
                var i = from
                while i + p.count <= b.count {
                    guard let hit = memchr(base + i, Int32(p[0]), b.count - p.count + 1 - i) else { return nil }
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(base + at, p.baseAddress!, p.count) == 0 { return at..<(at + p.count) }
                    i = at + 1
                }
                return nil
            }
        }
    }

    /// The merged ranges (`<mergeCell ref="A2:A5"/>`) in `xml`.
    static func mergedRanges(in xml: [UInt8]) -> [CellRange] {
        var merges: [CellRange] = []
        xml.withUnsafeBufferPointer { b in
            var x = XMLScanner(b)
            while let event = x.next() {
                if case let .open(tag, attributes, _) = event, x.isName(tag, "mergeCell"),
                   let ref = x.attribute("ref", in: attributes), let range = CellRange(x.text(ref)) {
                    merges.append(range)
                }
            }
        }
        return merges
    }

    /// ``table(_:)`` of a sheet's XML in memory, read in one piece: what the fuzz target
    /// `sheet` checks.
    static func table(ofSheetXML xml: UnsafeBufferPointer<UInt8>, name: String, formats: CellFormats) -> (text: [UInt8], origin: SheetOrigin) {
        let all = Array(xml)
        let tail = endOfSheetData(in: all).map { Array(all[$0...]) } ?? []
        var builder = SheetTableBuilder(name: name, merges: mergedRanges(in: tail), formats: formats)
        var x = XMLScanner(xml)
        builder.read(&x)
        return builder.finish()
    }

    /// Inflates `entry` and hands its XML to `body` a whole number of rows at a time (each
    /// piece ends after a `</row>`; the last holds the rest).
    private func stream(_ entry: Entry, _ body: (inout XMLScanner) -> Void) throws(SourceTextError) {
        var pending: [UInt8] = []
        var searched = 0  // bytes of `pending` already known to hold no `</row>`
        func flush(upTo end: Int) {
            pending.withUnsafeBufferPointer { b in
                var x = XMLScanner(UnsafeBufferPointer(rebasing: b[0..<end]))
                body(&x)
            }
            pending.removeSubrange(0..<end)
            searched = pending.count
        }
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 20, consumer: { data in
                pending.append(contentsOf: data)
                // A row longer than a chunk: only the new bytes (and the tag's length before
                // them) are searched, so that a sheet without rows is not searched again and again.
                if let end = Self.endOfLastRow(pending, after: max(0, searched - 6)) { flush(upTo: end) } else { searched = pending.count }
            })
        } catch {
            throw SourceTextError(fileName: fileName, message: "part \(entry.path) of the workbook cannot be read (\(error)); open it in Excel and save it again")
        }
        flush(upTo: pending.count)
    }

    /// The offset after the last `</row>` (or `</x:row>`) in `bytes` that ends after `start`, or nil.
    private static func endOfLastRow(_ bytes: [UInt8], after start: Int) -> Int? {
        var i = bytes.count - 4
        while i >= max(2, start) {
            if bytes[i] == 0x72, bytes[i + 1] == 0x6F, bytes[i + 2] == 0x77, bytes[i + 3] == 0x3E, bytes[i - 1] == 0x2F || bytes[i - 1] == 0x3A {
                return i + 4
            }
            i -= 1
        }
        return nil
    }

    /// A cell's `t` attribute.
    enum CellType {
        case number, sharedString, boolean, text

        /// The type `t` names (`s`, `b`, `inlineStr`, `str`, `e`, `d`; absent or `n`: a number).
        init(_ t: UnsafeBufferPointer<UInt8>) {
            switch (t.count, t.first) {
            case (1, 0x73): self = .sharedString
            case (1, 0x62): self = .boolean
            case (0, _), (1, 0x6E): self = .number
            default: self = .text
            }
        }
    }

    /// A stored number shown as a percentage, as the number of percent, with at least `decimals`
    /// decimals as its format shows them: `0.955` → `95.5%`, `0.635` under `0.00%` → `63.50%`;
    /// exact in decimal (the point moves two places; no binary arithmetic; never fewer digits than
    /// stored).
    static func percent(_ raw: [UInt8], decimals: Int = 0) -> [UInt8]? {
        let syntax = ValueSyntax(unitWords: [])
        guard let n = raw.withUnsafeBufferPointer({ syntax.number($0, 0..<$0.count) }), n.suffix == .none, !n.value.inexact else { return nil }
        var digits = Array(String(n.value.digits).utf8)
        var point = digits.count + n.value.exponent + 2  // digits before the point
        if point <= 0 {
            digits = Array(repeating: 0x30, count: 1 - point) + digits
            point = 1
        }
        if point > digits.count { digits += Array(repeating: 0x30, count: point - digits.count) }
        var whole = Array(digits[0..<point])
        while whole.count > 1, whole.first == 0x30 { whole.removeFirst() }
        var out: [UInt8] = n.value.negative && n.value.digits != 0 ? [0x2D] : []
        out += whole
        var fraction = Array(digits[point...])
        while fraction.count > decimals, fraction.last == 0x30 { fraction.removeLast() }
        if fraction.count < min(decimals, 30) { fraction += Array(repeating: 0x30, count: min(decimals, 30) - fraction.count) }
        if !fraction.isEmpty { out += [0x2E] + fraction }
        return out + [0x25]
    }

    /// A date serial number as yyyy-mm-dd (the time of day dropped); nil out of 1900–9999.
    static func date(_ raw: [UInt8], date1904: Bool) -> [UInt8]? {
        guard let serial = Double(String(decoding: raw, as: UTF8.self)), serial >= 1, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        // Days since 1970-01-01 (serial 25569 in the 1900 system, 24107 in the 1904 one). Excel's
        // 1900 calendar has a 29 February 1900 (serial 60) that never was.
        days -= date1904 ? 24_107 : days > 60 ? 25_569 : 25_568
        // Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return Array("\(y)-\(two(m))-\(two(d))".utf8)
    }
}

/// A rectangle of cells, 0-based rows and columns inclusive (`A2:A5`).
struct CellRange: Sendable, Equatable {
    var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

    init?(_ ref: [UInt8]) {
        let parts = ref.split(separator: 0x3A)
        guard parts.count == 1 || parts.count == 2, let a = CellReference(Array(parts[0])),
              let b = parts.count == 2 ? CellReference(Array(parts[1])) : a, let ar = a.row, let br = b.row else { return nil }
        (firstRow, firstColumn, lastRow, lastColumn) = (min(ar, br), min(a.column, b.column), max(ar, br), max(a.column, b.column))
    }
}

/// A cell reference (`F17`): its 0-based column and, when given, its 0-based row.
struct CellReference: Sendable, Equatable {
    var column: Int
    var row: Int?

    /// The reference written at `range` of `bytes`.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.init(bytes[range])
    }

    init?<Bytes: Collection<UInt8>>(_ ref: Bytes) {
        var letters = 0
        var column = 0
        var row = 0
        var digits = 0
        for c in ref {
            let u = c & 0xDF
            if digits == 0, u >= 0x41, u <= 0x5A, letters < 3 {
                column = column * 26 + Int(u - 0x40)
                letters += 1
            } else if c &- 0x30 < 10, letters > 0, digits < 7 {
                row = row * 10 + Int(c &- 0x30)
                digits += 1
            } else {
                return nil
            }
        }
        guard letters > 0, digits == 0 || (row >= 1 && row <= 1_048_576) else { return nil }
        self.column = column - 1
        self.row = digits == 0 ? nil : row - 1
    }

    /// `A`, `Z`, `AA`, … for a 0-based column.
    static func letters(_ column: Int) -> String {
        var n = column + 1
        var s: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            s.insert(Character(Unicode.Scalar(UInt8(0x41 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(s)
    }
}

/// Turns a sheet's rows into CSV lines as they stream past: cells in column order, merged
/// values filled, blank rows skipped, the header's columns kept. A row's cells are kept in one
/// byte arena, by column, reused from row to row.
struct SheetTableBuilder {
    let name: String
    let merges: [CellRange]
    /// The value of each merge's top-left cell, once read.
    var mergeValues: [[UInt8]?]
    /// Merges by first row, the next to take effect, and those spanning the current row: rows
    /// come in ascending order, so each row looks at the few merges it is in, not at all of them
    /// (a 自评表 of 100,000 projects has 300,000).
    let mergeOrder: [Int]
    var nextMerge = 0
    var activeMerges: [Int] = []
    var text: [UInt8] = []
    var origin: SheetOrigin
    /// The header's first column and its width (nil until the header is read).
    var columns: (first: Int, width: Int)?
    var nextRow = 0
    /// The row being read: its values' bytes, and per column the range of its value (empty
    /// ranges for cells without one).
    var arena: [UInt8] = []
    var cells: [Range<Int>] = []
    /// Scratch for a cell's raw text.
    var raw: [UInt8] = []

    let formats: Workbook.CellFormats
    /// Set for a sheet read as a grid (a form, not a table): every row with a value, its cells as
    /// they are, merges not filled, no header; at most ``formRows`` rows of ``formColumns``.
    var grid: [(row: Int, cells: [String])]?
    static let formRows = 10_000
    static let formColumns = 256

    init(name: String, merges: [CellRange], formats: Workbook.CellFormats) {
        self.name = name
        self.merges = merges
        self.formats = formats
        mergeValues = Array(repeating: nil, count: merges.count)
        mergeOrder = merges.indices.sorted { merges[$0].firstRow < merges[$1].firstRow }
        origin = SheetOrigin(name: name)
    }

    mutating func read(_ x: inout XMLScanner) {
        var row = nextRow
        var hidden = false
        // The cell being read.
        var column = -1, type = Workbook.CellType.number, style = 0, hasFormula = false, hasValue = false
        var inValue = false, inString = false, inCell = false
        while let event = x.next() {
            switch event {
            case let .open(tag, attributes, selfClosing):
                if x.isName(tag, "c") {
                    column = x.attribute("r", in: attributes).flatMap { CellReference(x.bytes, $0)?.column } ?? (column + 1)
                    type = x.attribute("t", in: attributes).map { Workbook.CellType(UnsafeBufferPointer(rebasing: x.bytes[$0])) } ?? .number
                    style = x.attribute("s", in: attributes).map { Self.integer(x.bytes, $0) } ?? 0
                    raw.removeAll(keepingCapacity: true)
                    hasFormula = false
                    hasValue = false
                    inCell = !selfClosing
                    if selfClosing { endCell(row, column, type, style, hasFormula, hasValue) }
                } else if x.isName(tag, "row") {
                    row = x.attribute("r", in: attributes).map { Self.integer(x.bytes, $0) - 1 } ?? nextRow
                    hidden = x.attribute("hidden", in: attributes).map { r in x.bytes[r].elementsEqual([0x31]) || x.bytes[r].elementsEqual(Array("true".utf8)) } ?? false
                    arena.removeAll(keepingCapacity: true)
                    cells.removeAll(keepingCapacity: true)
                    column = -1
                    inCell = false
                    if selfClosing { endRow(row, hidden: hidden) }
                } else if inCell, x.isName(tag, "v") {
                    inValue = !selfClosing
                    hasValue = true
                } else if inCell, x.isName(tag, "t") {
                    inString = !selfClosing
                    hasValue = true
                } else if inCell, x.isName(tag, "f") {
                    hasFormula = true
                }
            case let .close(tag):
                if x.isName(tag, "v") { inValue = false }
                else if x.isName(tag, "t") { inString = false }
                else if x.isName(tag, "c"), inCell {
                    endCell(row, column, type, style, hasFormula, hasValue)
                    inCell = false  // a stray </c> after it is not the cell again
                }
                else if x.isName(tag, "row") { endRow(row, hidden: hidden) }
            case let .text(range):
                if inValue || inString { x.appendText(range, to: &raw) }
            }
        }
        if x.stoppedEarly {
            // What follows in this piece cannot be read: nothing of it is taken silently.
            var d = Diagnostic(.error, rule: .unreadableFile, file: name, line: row + 1,
                               message: "the sheet's XML is damaged after this row, which is not read to its end; open the workbook in Excel and save it again")
            d.cell = "\(row + 1):\(row + 1)"
            origin.diagnostics.append(d)
        }
    }

    /// A decimal attribute value (a row number, a style index); 0 when it is not one.
    static func integer(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var v = 0
        for i in range {
            guard b[i] &- 0x30 < 10, v < 1 << 40 else { return 0 }
            v = v * 10 + Int(b[i] &- 0x30)
        }
        return v
    }

    mutating func endCell(_ row: Int, _ column: Int, _ type: Workbook.CellType, _ style: Int, _ hasFormula: Bool, _ hasValue: Bool) {
        guard column < 16_384 else {
            var d = Diagnostic(.error, rule: .unreadableFile, file: name, line: row + 1,
                               message: "is a cell beyond XFD, the last column a sheet has (a damaged workbook); open it in Excel and save it again")
            d.cell = CellReference.letters(column) + String(row + 1)
            origin.diagnostics.append(d)
            return
        }
        if hasFormula, !hasValue {
            var d = Diagnostic(.error, rule: .formulaWithoutValue, file: name, line: row + 1,
                               message: "holds a formula without a saved value; open the workbook in Excel or LibreOffice and save it, so that the value is stored")
            d.cell = CellReference.letters(column) + String(row + 1)
            origin.diagnostics.append(d)
            return
        }
        let start = arena.count
        guard formats.appendValue(type: type, style: style, raw: raw[...], to: &arena) else {
            var d = Diagnostic(.error, rule: .unreadableFile, file: name, line: row + 1,
                               message: "refers to shared string \"\(String(decoding: raw, as: UTF8.self))\", which the workbook does not have (a damaged workbook); open it in Excel and save it again")
            d.cell = CellReference.letters(column) + String(row + 1)
            origin.diagnostics.append(d)
            return
        }
        guard arena.count > start else { return }
        while cells.count <= column { cells.append(arena.count..<arena.count) }
        cells[column] = start..<arena.count
    }

    /// Writes row `row` (0-based) as a CSV line, unless it holds no value.
    mutating func endRow(_ row: Int, hidden: Bool) {
        nextRow = row + 1
        if grid != nil {
            guard let last = cells.lastIndex(where: { !$0.isEmpty }) else { return }
            // A form is a few dozen rows and columns: a sheet far larger is not one, and its
            // cells are not held (a value in column XFD of every row would take gigabytes).
            guard last < Self.formColumns, grid!.count < Self.formRows else {
                if !origin.diagnostics.all.contains(where: { $0.rule == .fieldCount }) {
                    var d = Diagnostic(.error, rule: .fieldCount, file: name, line: row + 1, message: last < Self.formColumns
                        ? "has more than \(Self.formRows) rows with values, more than a form has"
                        : "has a value in column \(CellReference.letters(last)), beyond the \(Self.formColumns) columns a form may have")
                    d.cell = CellReference.letters(last) + String(row + 1)
                    origin.diagnostics.append(d)
                }
                return
            }
            grid!.append((row, cells[...last].map { String(decoding: arena[$0], as: UTF8.self).trimmingSpaces }))
            return
        }
        let own = cells.contains { !$0.isEmpty }
        while nextMerge < mergeOrder.count, merges[mergeOrder[nextMerge]].firstRow <= row {
            activeMerges.append(mergeOrder[nextMerge])
            nextMerge += 1
        }
        for k in activeMerges where merges[k].lastRow < row { mergeValues[k] = nil }  // done with
        activeMerges.removeAll { merges[$0].lastRow < row }
        // Merged values fill a row that has values of its own (a blank row stays blank), within
        // the header's columns (the header's own within its last cell): a range as wide and
        // long as a sheet fills only what the table holds.
        let end = columns.map { $0.first + $0.width } ?? (cells.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0)
        for k in activeMerges {
            let m = merges[k]
            if row == m.firstRow { mergeValues[k] = m.firstColumn < cells.count && !cells[m.firstColumn].isEmpty ? Array(arena[cells[m.firstColumn]]) : nil }
            guard own, let v = mergeValues[k], m.firstColumn < end else { continue }
            for c in m.firstColumn...min(m.lastColumn, end - 1) where c >= cells.count || cells[c].isEmpty {
                while cells.count <= c { cells.append(arena.count..<arena.count) }
                let start = arena.count
                arena += v
                cells[c] = start..<arena.count
            }
        }
        guard own else { return }
        if hidden {
            var d = Diagnostic(.warning, rule: .hiddenRow, file: name, line: row + 1, message: "is a hidden row of the sheet; it is read like the others")
            d.cell = "\(row + 1):\(row + 1)"
            origin.diagnostics.append(d)
        }
        let last = cells.lastIndex { !$0.isEmpty } ?? 0
        let first: Int, width: Int
        if let columns {
            if let outside = cells.indices.first(where: { $0 < columns.first && !cells[$0].isEmpty }) {
                // Nothing is dropped silently: a value beside the table, left of its header.
                var d = Diagnostic(.error, rule: .fieldCount, file: name, line: row + 1,
                                   message: "is left of the table, whose header starts in column \(CellReference.letters(columns.first)); the row is not read (move the value into the table, or delete it)")
                d.cell = CellReference.letters(outside) + String(row + 1)
                origin.diagnostics.append(d)
                return
            }
            first = columns.first
            width = max(columns.width, last - first + 1)
        } else {
            first = cells.firstIndex { !$0.isEmpty } ?? 0
            width = last - first + 1
            columns = (first, width)
            origin.headers = (0..<width).map { String(decoding: arena[cells[first + $0]], as: UTF8.self).trimmingSpaces }
            origin.firstColumn = first
        }
        var lineBreaks = 0  // inside quoted cells: each is a line of the text, as the CSV reader counts
        for k in 0..<width {
            if k > 0 { text.append(0x2C) }
            let c = first + k
            guard c < cells.count, !cells[c].isEmpty else { continue }
            let v = arena[cells[c]]
            if v.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                text.append(0x22)
                for (i, b) in v.enumerated() {
                    text.append(b)
                    if b == 0x22 { text.append(0x22) }
                    if b == 0x0A || (b == 0x0D && (i + 1 == v.count || v[v.startIndex + i + 1] != 0x0A)) { lineBreaks += 1 }
                }
                text.append(0x22)
            } else {
                text += v
            }
        }
        text.append(0x0A)
        // One entry per line of the text, so that a line number finds its row.
        for _ in 0...lineBreaks { origin.rows.append(Int32(clamping: row + 1)) }
    }

    func finish() -> (text: [UInt8], origin: SheetOrigin) { (text, origin) }
}
