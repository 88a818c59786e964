import Foundation
import Testing
import ZIPFoundation
@_spi(Stages) @testable import ScoreKernel

/// `--format xlsx` (issue 10, item 3): one workbook with a sheet per result table, holding the
/// CSV's cells as typed, formatted cells.
@Suite struct ResultWorkbookTests {
    /// A worksheet's cells as the test reads them, independently of the writer: per row, per
    /// cell, its value text (entities resolved), its `t` and its `s`.
    struct Cell: Equatable {
        var value: String
        var type: String?
        var style: Int?
    }

    static func entries(_ path: String) throws -> [String: [UInt8]] {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var out: [String: [UInt8]] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = [UInt8](data)
        }
        return out
    }

    /// Sheet names in order, each with its rows of cells.
    static func sheets(_ path: String) throws -> [(name: String, rows: [[Cell]])] {
        let files = try entries(path)
        let book = String(decoding: files["xl/workbook.xml"]!, as: UTF8.self)
        let names = book.matches(of: /<sheet name="([^"]*)"/).map { String($0.1) }
        return names.enumerated().map { k, name in
            let xml = String(decoding: files["xl/worksheets/sheet\(k + 1).xml"]!, as: UTF8.self)
            let rows = xml.matches(of: /<row>(.*?)<\/row>/).map { row in
                row.1.matches(of: /<c( t="(\w+)")?( s="(\d+)")?(\/>|>(<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>)/).map { c in
                    let raw = String(c.7 ?? c.8 ?? "")
                    let value = raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                        .replacingOccurrences(of: "&amp;", with: "&")
                    return Cell(value: value, type: c.2.map(String.init), style: c.4.map { Int($0)! })
                }
            }
            return (name, rows)
        }
    }

    /// A CSV file's rows (RFC 4180, as the CSV writer is tested to write it).
    static func csvRows(_ path: String) throws -> [[String]] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rows: [[String]] = []
        bytes.withUnsafeBufferPointer { b in
            var reader = CSVReader(bytes: b, range: 0..<b.count, firstLine: 1)
            var fields: [CSVField] = []
            while (try? reader.next(into: &fields)) == true {
                rows.append(fields.map { f in
                    var v: [UInt8] = []
                    CSVReader.unescape(f, in: b, into: &v)
                    return String(decoding: v, as: UTF8.self)
                })
            }
        }
        return rows
    }

    static func batch(_ dir: String, projects: Int = 300) throws -> (projects: String, indicators: String) {
        let (p, i) = BatchGenerator(projects: projects, seed: 11).generate()
        try Data(p).write(to: URL(fileURLWithPath: "\(dir)/projects.csv"))
        try Data(i).write(to: URL(fileURLWithPath: "\(dir)/indicators.csv"))
        return ("\(dir)/projects.csv", "\(dir)/indicators.csv")
    }

    /// Every sheet holds its CSV table cell for cell: the same text, numbers with the same digits,
    /// true/false as booleans; and the columns carry the formats docs/output.md names.
    @Test(arguments: [OutputLanguage.en, .zh]) func theWorkbookHoldsTheCSVCells(language: OutputLanguage) throws {
        let dir = try WorkbookTests.scratch("results-\(language)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (p, i) = try Self.batch(dir)
        let csv = try Evaluation.score(projectsPath: p, indicatorsPath: i, writingTo: "\(dir)/csv", language: language).files
        let xlsx = try Evaluation.score(projectsPath: p, indicatorsPath: i, writingTo: "\(dir)/xlsx", language: language, format: .xlsx).files
        #expect(xlsx == ["results.xlsx"])
        let sheets = try Self.sheets("\(dir)/xlsx/results.xlsx")
        let stems = csv.map { String($0.dropLast(4)) }
        #expect(sheets.map(\.name) == stems.map { TableOutputs.sheetName($0, language) })
        for (stem, sheet) in zip(stems, sheets) {
            let rows = try Self.csvRows("\(dir)/csv/\(stem).csv")
            #expect(sheet.rows.count == rows.count, "\(stem)")
            for (r, (cells, fields)) in zip(sheet.rows, rows).enumerated() {
                let values = cells.map { $0.type == "b" ? ($0.value == "1" ? "true" : "false") : $0.value }
                #expect(values == fields, "\(stem) row \(r + 1)")
                if r == 0 { #expect(cells.allSatisfy { $0.type == "inlineStr" && $0.style == 8 }, "\(stem): a bold header") }
            }
        }
        // Formats by column (styles.xml: 3 is 0.00%, 11 is 0.00, 16 is #,##0.00; none is General).
        let scores = sheets[0].rows
        let header = try Self.csvRows("\(dir)/csv/project_scores.csv")[0]
        func style(_ column: Int) -> Set<Int?> { Set(scores.dropFirst().map { $0[column].style }) }
        func type(_ column: Int) -> Set<String?> { Set(scores.dropFirst().map { $0[column].type }) }
        #expect(style(3) == [16] && style(4) == [16], "budget, executed: money")
        #expect(style(5) == [3] && style(6) == [3], "rates: percent")
        #expect(style(11) == [11], "total: a score with 2 decimals")
        #expect(style(13) == [nil] && type(13) == [nil], "rank: a plain number")
        #expect(type(1) == ["inlineStr"], "\(header[1]): text")
        let styles = String(decoding: try Self.entries("\(dir)/xlsx/results.xlsx")["xl/styles.xml"]!, as: UTF8.self)
        let xfs = styles.matches(of: /<xf numFmtId="(\d+)" fontId="(\d)"/).dropFirst().map { (Int($0.1)!, Int($0.2)!) }  // the first is cellStyleXfs'
        #expect(xfs[3].0 == 166 && styles.contains("numFmtId=\"166\" formatCode=\"0.00%\""))
        #expect(xfs[8].1 == 1 && xfs[11].0 == 173 && styles.contains("numFmtId=\"173\" formatCode=\"0.00\""))
        #expect(xfs[16].0 == 178 && styles.contains("numFmtId=\"178\" formatCode=\"#,##0.00\""))
    }

    /// A table longer than a sheet goes on over further sheets, each starting with the header:
    /// 10 rows at 4 rows a sheet (the header one of them) are 3 + 3 + 3 + 1.
    @Test func aLongTableGoesOnOverSeveralSheets() throws {
        let dir = try WorkbookTests.scratch("split")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outputs = TableOutputs(folder: try ResultFolder(destination: "\(dir)/r"), format: .xlsx, language: .en, maximumRows: 4)
        let flags = try outputs.open("flags")
        for part in 0..<4 {  // parts of 3, 3, 3, 1 rows: cuts fall inside parts and between them
            var w = TableWriter(format: .xlsx, header: ["n", "word"], writeHeader: part == 0)
            for n in (part * 3)..<min(10, part * 3 + 3) {
                w.integer(n)
                w.text("w\(n)")
                w.endRow()
            }
            try flags.write(w.finish())
        }
        try flags.close()
        #expect(try outputs.commit(["flags.xlsx"], threads: 2, progress: nil) == ["results.xlsx"])
        let sheets = try Self.sheets("\(dir)/r/results.xlsx")
        #expect(sheets.map(\.name) == ["flags", "flags (2)", "flags (3)", "flags (4)"])
        #expect(sheets.map(\.rows.count) == [4, 4, 4, 2])
        #expect(sheets.allSatisfy { $0.rows[0].map(\.value) == ["n", "word"] })
        #expect(sheets.flatMap { $0.rows.dropFirst().map(\.[0].value) } == (0..<10).map(String.init))
        // Nothing staged is left beside the workbook.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/r").sorted() == [".scorekernel-results", "results.xlsx"])
    }

    /// A table opened again (a streamed run that starts over) starts over: the first opening's
    /// sheets, four of them, are not left in the folder.
    @Test func aTableOpenedAgainStartsOver() throws {
        let dir = try WorkbookTests.scratch("again")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outputs = TableOutputs(folder: try ResultFolder(destination: "\(dir)/r"), format: .xlsx, language: .en, maximumRows: 4)
        func write(_ rows: Int) throws {
            let flags = try outputs.open("flags")
            var w = TableWriter(format: .xlsx, header: ["n"])
            for n in 0..<rows {
                w.integer(n)
                w.endRow()
            }
            try flags.write(w.finish())
            try flags.close()
        }
        try write(10)
        try write(2)
        _ = try outputs.commit(["flags.xlsx"], threads: 1, progress: nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/r").sorted() == [".scorekernel-results", "results.xlsx"])
        #expect(try Self.sheets("\(dir)/r/results.xlsx").map(\.rows.count) == [3])
    }

    /// Cells as written, worked out by hand from the SpreadsheetML rules.
    @Test func cellsOfEachKind() {
        var w = TableWriter(format: .xlsx, header: ["a"], writeHeader: false)
        w.text("A&B <c>")
        w.text(" lead")
        w.text("tab\u{1}")
        w.rate(0.86204)  // 4 decimals: 0.8620
        w.amount(Int64(12_500_000))  // 12.5 in millionths → 12.50
        w.decimal(units: Int64(8912), decimals: 2)
        w.empty()
        w.boolean(true)
        w.roundTrip(1.0 / 3.0)
        w.endRow()
        w.endRow()  // a row without cells
        let xml = String(decoding: w.finish(), as: UTF8.self)
        #expect(xml == "<row><c t=\"inlineStr\"><is><t>A&amp;B &lt;c&gt;</t></is></c>"
            + "<c t=\"inlineStr\"><is><t xml:space=\"preserve\"> lead</t></is></c>"
            + "<c t=\"inlineStr\"><is><t>tab_x0001_</t></is></c>"
            + "<c s=\"3\"><v>0.8620</v></c><c s=\"16\"><v>12.50</v></c><c s=\"11\"><v>89.12</v></c><c/>"
            + "<c t=\"b\"><v>1</v></c><c><v>0.3333333333333333</v></c></row><row></row>")
    }

    /// The archive reads back entry for entry (ZIPFoundation checks each CRC-32), is the same bytes
    /// with one worker or two, and with ZIP64 fields on every size and offset from 1 byte (as
    /// past 4 GB) reads back too. (From 0, ZIPFoundation takes a ZIP64 offset of 0 for none.)
    @Test(arguments: [Int64(0xFFFF_0000), 1]) func theArchiveReadsBack(zip64From: Int64) throws {
        let dir = try WorkbookTests.scratch("zip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var random = SplitMix64(seed: 7)
        let noise = (0..<(ZipWriter.pieceBytes + 12345)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let text = Array(String(repeating: "<row><c><v>12.50</v></c></row>", count: 150_000).utf8)  // 4.5 pieces
        let contents: [(String, [UInt8])] = [("empty", []), ("small", Array("abc".utf8)), ("noise", noise), ("text", text)]
        var archives: [[UInt8]] = []
        for threads in [1, 2] {
            let path = "\(dir)/\(threads).zip"
            let file = try OutputFile(creating: path)
            let zip = ZipWriter(file: file, threads: threads, zip64From: zip64From)
            for (name, bytes) in contents {
                try zip.add(name, size: Int64(bytes.count)) { at, count in Array(bytes[Int(at)..<Int(at) + count]) }
            }
            try zip.finish()
            try file.close()
            archives.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
            let read = try Self.entries(path)
            for (name, bytes) in contents { #expect(read[name] == bytes ? true : false, "\(name), \(threads) worker(s)") }
        }
        #expect(archives[0] == archives[1])
    }
}
