import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// .xlsx input (issue 10): a workbook scores exactly like its CSV twin, and every problem names
/// the sheet and cell.
@Suite struct WorkbookTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples").standardized.path

    static func scratch(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "workbook-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every result file of `projects` + `indicators`, by name.
    static func results(_ projects: String, _ indicators: String, in dir: String, _ name: String) throws -> [String: String] {
        let out = "\(dir)/\(name)"
        let names = try Evaluation.score(projectsPath: projects, indicatorsPath: indicators, writingTo: out).files
        return Dictionary(uniqueKeysWithValues: try names.map { ($0, try String(contentsOfFile: "\(out)/\($0)", encoding: .utf8)) })
    }

    /// A 自评表 laid out by hand: both tables in one workbook; the indicators start in column B
    /// under an empty first row; 一级指标 merged down each block; a blank row between blocks;
    /// percentages stored as 0.95 under a % format (built-in and custom); a date stored as a
    /// serial under a date format; a number stored as text; formulas with their saved values;
    /// inline strings; a hidden row.
    static func handMadeBook(_ path: String, formulaWithoutValue: Bool = false, badActual: Bool = false) throws {
        var book = WorkbookBuilder()
        book.sharedStrings = ["项目编码", "主管部门", "年度", "全年预算数", "全年执行数", "P1", "财政局", "950000", "P2", "教育局",
                              "一级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "产出指标", "效益指标", "满意度指标",
                              "正向", "反向", "≥100人次", "≥90%", "2024年12月31日前", "≥1000人", "1200人", "≥10个", "12个", "≤5万元", "4万元"]
        book.numberFormats = [(164, "0.0%"), (165, "yyyy\\-mm\\-dd")]
        book.cellFormats = [0, 9, 165, 164]  // s=1: 0%, s=2: a date, s=3: 0.0%
        func s(_ ref: String, _ k: Int) -> String { "<c r=\"\(ref)\" t=\"s\"><v>\(k)</v></c>" }
        func n(_ ref: String, _ v: String, style: Int = 0) -> String { "<c r=\"\(ref)\" s=\"\(style)\"><v>\(v)</v></c>" }
        func inline(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        let projects = """
            <row r="1">\(s("A1", 0))\(s("B1", 1))\(s("C1", 2))\(s("D1", 3))\(s("E1", 4))</row>
            <row r="2">\(s("A2", 5))\(s("B2", 6))\(n("C2", "2024"))\(n("D2", "1000000"))\(s("E2", 7))</row>
            <row r="3">\(s("A3", 8))\(s("B3", 9))\(n("C3", "2024"))\(n("D3", "200000"))<c r="E3"><f>100000*2</f><v>200000</v></c></row>
            """
        let points20 = formulaWithoutValue ? "<c r=\"I5\"><f>10+10</f></c>" : "<c r=\"I5\"><f>10+10</f><v>20</v></c>"
        let indicators = """
            <row r="2">\(s("B2", 0))\(s("C2", 2))\(s("D2", 10))\(inline("E2", "三级指标"))\(s("F2", 12))\(s("G2", 13))\(s("H2", 14))\(s("I2", 15))</row>
            <row r="3">\(s("B3", 5))\(n("C3", "2024"))\(s("D3", 16))\(inline("E3", "培训人次"))\(s("F3", 19))\(s("G3", 21))\(inline("H3", badActual ? "完成" : "90人次"))\(n("I3", "30"))</row>
            <row r="4">\(s("B4", 5))\(n("C4", "2024"))\(inline("E4", "合格率"))\(s("F4", 19))\(s("G4", 22))\(n("H4", "0.95", style: 1))\(n("I4", "20"))</row>
            <row r="5">\(s("B5", 5))\(n("C5", "2024"))\(inline("E5", "完成时间"))\(s("G5", 23))\(n("H5", "45280", style: 2))\(points20)</row>
            <row r="6"></row>
            <row r="7" hidden="1">\(s("B7", 5))\(n("C7", "2024"))\(s("D7", 17))\(inline("E7", "受益人数"))\(s("F7", 19))\(s("G7", 24))\(s("H7", 25))\(n("I7", "10"))</row>
            <row r="8">\(s("B8", 5))\(n("C8", "2024"))\(s("D8", 18))\(inline("E8", "满意度"))\(s("F8", 19))\(s("G8", 22))\(n("H8", "0.93", style: 3))\(n("I8", "10"))</row>
            <row r="9">\(s("B9", 8))\(n("C9", "2024"))\(s("D9", 16))\(inline("E9", "X"))\(s("F9", 19))\(s("G9", 26))\(s("H9", 27))\(n("I9", "50"))</row>
            <row r="10">\(s("B10", 8))\(n("C10", "2024"))\(inline("E10", "Y"))\(s("F10", 20))\(s("G10", 28))\(s("H10", 29))\(n("I10", "30"))</row>
            <row r="11">\(s("B11", 8))\(n("C11", "2024"))\(s("D11", 18))\(inline("E11", "Z"))\(s("F11", 19))\(s("G11", 22))\(n("H11", "0.91", style: 1))\(n("I11", "10"))</row>
            """
        book.sheets = [("项目表", projects, ""), ("指标表", indicators, "<mergeCells count=\"2\"><mergeCell ref=\"D3:D5\"/><mergeCell ref=\"D9:D10\"/></mergeCells>")]
        try book.write(to: path)
    }

    /// The CSV the hand-made workbook means, typed out.
    static let twinProjects = """
        项目编码,主管部门,年度,全年预算数,全年执行数
        P1,财政局,2024,1000000,950000
        P2,教育局,2024,200000,200000

        """
    static let twinIndicators = """
        项目编码,年度,一级指标,三级指标,指标性质,年度指标值,实际完成值,分值
        P1,2024,产出指标,培训人次,正向,≥100人次,90人次,30
        P1,2024,产出指标,合格率,正向,≥90%,95%,20
        P1,2024,产出指标,完成时间,,2024年12月31日前,2023-12-20,20
        P1,2024,效益指标,受益人数,正向,≥1000人,1200人,10
        P1,2024,满意度指标,满意度,正向,≥90%,93.0%,10
        P2,2024,产出指标,X,正向,≥10个,12个,50
        P2,2024,产出指标,Y,反向,≤5万元,4万元,30
        P2,2024,满意度指标,Z,正向,≥90%,91%,10

        """

    @Test func aHandMadeWorkbookScoresLikeItsCSVTwin() throws {
        let dir = try Self.scratch("hand")
        try Self.handMadeBook("\(dir)/book.xlsx")
        try Self.twinProjects.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try Self.twinIndicators.write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let twin = try Self.results("\(dir)/p.csv", "\(dir)/i.csv", in: dir, "csv")
        let book = try Self.results("\(dir)/book.xlsx", "\(dir)/book.xlsx", in: dir, "xlsx")
        #expect(book == twin)
        // By hand: P1 培训人次 90/100 × 30 = 27, 合格率 95 ≥ 90 → 20, 完成时间 met → 20, 受益人数 10,
        // 满意度 10; 87 + execution 10 × 0.95 = 9.5 → 96.50.
        #expect(book["project_scores.csv"]?.contains("2024,P1,财政局,1000000.00,950000.00,0.9500,") == true)
        #expect(book["project_scores.csv"]?.contains(",96.50,") == true)
    }

    @Test func sheetsAreChosenByNameOrByHash() throws {
        let dir = try Self.scratch("choose")
        try Self.handMadeBook("\(dir)/book.xlsx")
        let p = try SourceText.load(path: "\(dir)/book.xlsx", sheets: BatchReader.projectSheets)
        #expect(p.fileName == "book.xlsx!项目表" && p.bytes == Array(Self.twinProjects.utf8))
        let i = try SourceText.load(path: "\(dir)/book.xlsx#指标表", sheets: BatchReader.projectSheets)
        #expect(i.fileName == "book.xlsx!指标表" && i.bytes == Array(Self.twinIndicators.utf8))
        // The hidden row is read, with a warning naming it.
        #expect(i.origin?.diagnostics.all.map(\.description) == ["book.xlsx!指标表!7:7: warning: is a hidden row of the sheet; it is read like the others"])
        #expect(i.origin?.rows == [2, 3, 4, 5, 7, 8, 9, 10, 11])
    }

    @Test func problemsNameTheSheetAndCell() throws {
        let dir = try Self.scratch("cells")
        try Self.handMadeBook("\(dir)/book.xlsx", badActual: true)
        let error = #expect(throws: InputRejected.self) {
            _ = try Evaluation.score(projectsPath: "\(dir)/book.xlsx", indicatorsPath: "\(dir)/book.xlsx", writingTo: "\(dir)/out")
        }
        // 实际完成值 of the first indicator row: column H (the table starts in B), sheet row 3.
        #expect(error?.diagnostics.errors.map(\.description) == [
            "book.xlsx!指标表!H3: column 实际完成值: \"完成\" is not a number on a quantitative indicator (≥100人次)",
        ])
        #expect(error?.diagnostics.errors.first?.line == 3)
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
    }

    @Test func aFormulaWithoutItsValueIsAnError() throws {
        let dir = try Self.scratch("formula")
        try Self.handMadeBook("\(dir)/book.xlsx", formulaWithoutValue: true)
        let error = #expect(throws: InputRejected.self) {
            _ = try Evaluation.score(projectsPath: "\(dir)/book.xlsx", indicatorsPath: "\(dir)/book.xlsx", writingTo: "\(dir)/out")
        }
        let formula = error?.diagnostics.errors.first { $0.rule == .formulaWithoutValue }
        #expect(formula?.description == "book.xlsx!指标表!I5: holds a formula without a saved value; open the workbook in Excel or LibreOffice and save it, so that the value is stored")
    }

    @Test func filesThatAreNoWorkbookGetAClearMessage() throws {
        let dir = try Self.scratch("bad")
        try Self.handMadeBook("\(dir)/book.xlsx")
        func message(_ path: String) -> String? {
            do {
                _ = try SourceText.load(path: path, sheets: BatchReader.indicatorSheets)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message("\(dir)/book.xlsx#不存在")?.hasPrefix("book.xlsx: has no sheet \"不存在\"; its sheets are \"项目表\", \"指标表\"") == true)
        // A ZIP cut short.
        let whole = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/book.xlsx"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: "\(dir)/cut.xlsx"))
        #expect(message("\(dir)/cut.xlsx")?.hasPrefix("cut.xlsx: is not a readable .xlsx workbook") == true)
        // An OLE compound document: an .xls, and an encrypted .xlsx (its EncryptedPackage stream).
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)
        try Data(ole).write(to: URL(fileURLWithPath: "\(dir)/old.xls"))
        #expect(message("\(dir)/old.xls")?.contains("Excel 97–2003 workbook (.xls)") == true)
        let encrypted = ole + "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        try Data(encrypted).write(to: URL(fileURLWithPath: "\(dir)/locked.xlsx"))
        #expect(message("\(dir)/locked.xlsx")?.contains("password-protected") == true)
        #expect(message("\(dir)/book.xlsx") == nil)  // 指标表, found by its name
        // Neither of the names a table looks for, and more than one sheet.
        do {
            _ = try SourceText.load(path: "\(dir)/book.xlsx", sheets: ["indicators"])
            Issue.record("a sheet was chosen")
        } catch {
            #expect(error.description == "book.xlsx: has no sheet named \"indicators\"; its sheets are \"项目表\", \"指标表\" (name one: book.xlsx#Sheet)")
        }
    }

    /// Workbooks LibreOffice made from CSV (`soffice --headless --convert-to xlsx`, as
    /// examples/workbooks/README.md says) score like the CSV they were made from.
    @Test func libreOfficeWorkbooksScoreLikeTheirCSV() throws {
        let dir = try Self.scratch("libreoffice")
        let w = "\(Self.examples)/workbooks", c = "\(Self.examples)/county-tables"
        let county = try Self.results("\(w)/county-projects.xlsx", "\(w)/county-indicators.xlsx", in: dir, "county-xlsx")
        #expect(county == (try Self.results("\(c)/projects.csv", "\(c)/indicators.csv", in: dir, "county-csv")))
        let batch = try Self.results("\(w)/batch-projects.xlsx", "\(w)/batch-indicators.xlsx", in: dir, "batch-xlsx")
        let twin = try Self.results("\(w)/batch-projects.csv", "\(w)/batch-indicators.csv", in: dir, "batch-csv")
        #expect(batch.keys.sorted() == twin.keys.sorted())
        for name in twin.keys.sorted() where name != "flags.csv" { #expect(batch[name] == twin[name], "\(name)") }
        // flags.csv quotes a filed score as written: a self-score typed 96.0 is the number 96 in
        // the workbook. Everything else of it is the same.
        func cut(_ text: String?) -> [String] { (text ?? "").split(separator: "\n").map { String($0.split(separator: ",").prefix(7).joined(separator: ",")) } }
        #expect(cut(batch["flags.csv"]) == cut(twin["flags.csv"]))
    }
}

/// What a number under a percentage or date format becomes, worked out by hand.
@Test func percentagesAndDatesOfCells() {
    func percent(_ s: String) -> String? { Workbook.percent(Array(s.utf8)).map { String(decoding: $0, as: UTF8.self) } }
    // The point moves two places in decimal: 0.955 → 95.5, 1.2E-3 → 0.12, 12 → 1200.
    #expect(percent("0.955") == "95.5%" && percent("1.2E-3") == "0.12%" && percent("12") == "1200%")
    #expect(percent("-0.5") == "-50%" && percent("0") == "0%" && percent("0.1") == "10%" && percent("1") == "100%")
    #expect(percent("abc") == nil)
    // At least the decimals the format shows: 0.635 under 0.00% is 63.50%; never fewer than stored.
    #expect(Workbook.percent(Array("0.635".utf8), decimals: 2) == Array("63.50%".utf8))
    #expect(Workbook.percent(Array("0.9555".utf8), decimals: 0) == Array("95.55%".utf8))
    #expect(Workbook.style(ofFormat: Array("0.0%".utf8)) == .percent(decimals: 1) && Workbook.style(ofFormat: Array("yyyy\\-mm\\-dd".utf8)) == .date)
    #expect(Workbook.style(ofFormat: Array("#,##0.00".utf8)) == .plain && Workbook.style(ofFormat: Array("[Red]0%".utf8)) == .percent(decimals: 0))
    func date(_ s: String, _ date1904: Bool = false) -> String? { Workbook.date(Array(s.utf8), date1904: date1904).map { String(decoding: $0, as: UTF8.self) } }
    // Serial 1 is 1900-01-01; 61 is 1900-03-01 (Excel counts a 29 February 1900); 45280 is
    // 2023-12-20 (19,711 days after 1970-01-01, serial 25569); 1904 system: 1 is 1904-01-02.
    #expect(date("1") == "1900-01-01" && date("59") == "1900-02-28" && date("61") == "1900-03-01")
    #expect(date("45280") == "2023-12-20" && date("45280.75") == "2023-12-20" && date("1", true) == "1904-01-02")
    #expect(date("0") == nil && date("x") == nil)
}

/// A value beside the table, left of the header's first column, is not dropped silently: its row
/// is an error naming the cell (found by the `sheet` fuzz target, which saw the row vanish).
@Test func aValueLeftOfTheTableIsAnError() {
    let xml = Array(#"<worksheet><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="B2"><v>1</v></c></row><row r="3"><c r="A3"><v>9</v></c></row></sheetData></worksheet>"#.utf8)
    let (text, origin) = xml.withUnsafeBufferPointer { Workbook.table(ofSheetXML: $0, name: "b.xlsx!S", formats: .init()) }
    #expect(String(decoding: text, as: UTF8.self) == "h\n1\n")
    #expect(origin.rows == [1, 2])
    #expect(origin.diagnostics.all.map(\.description) == ["b.xlsx!S!A3: is left of the table, whose header starts in column B; the row is not read (move the value into the table, or delete it)"])
}

/// `evalcli generate --format xlsx`: the workbook, read back, scores exactly like the CSV files
/// of the same seed (一级指标 merged down each project's block, percentages under % formats).
@Test(arguments: [OutputLanguage.en, .zh])
func aGeneratedWorkbookScoresLikeTheGeneratedCSV(language: OutputLanguage) throws {
    let dir = try WorkbookTests.scratch("generated")
    let generator = BatchGenerator(projects: 60, seed: 3, language: language)
    try generator.write(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv")
    try generator.writeWorkbook(path: "\(dir)/book.xlsx")
    let twin = try WorkbookTests.results("\(dir)/p.csv", "\(dir)/i.csv", in: dir, "csv")
    #expect(try WorkbookTests.results("\(dir)/book.xlsx", "\(dir)/book.xlsx", in: dir, "xlsx") == twin)
    // What the sheets hold: the indicators' text back, 一级指标 merged, 实际完成值 as numbers.
    let sheets = language == .zh ? ["项目表", "指标表"] : ["projects", "indicators"]
    let indicators = try SourceText.load(path: "\(dir)/book.xlsx#\(sheets[1])", sheets: [])
    // The generator ends lines with CRLF, the text made of a sheet with LF.
    let csv = try String(contentsOfFile: "\(dir)/i.csv", encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
    #expect(indicators.bytes == Array(csv.utf8))
    let sheet = WorkbookWriter.sheetXMLs(.init(name: sheets[1], csv: generator.generate().indicators, merge: (column: 2, key: [0, 1])))
    #expect(sheet.count == 1)
    let xml = String(decoding: sheet[0], as: UTF8.self)
    #expect(xml.contains("<mergeCell ref=\"C2:C") && xml.contains("s=\"2\"><v>0.") && xml.contains("state=\"frozen\""))
}

/// Which texts become numbers, worked out by hand: a spreadsheet must show them as written.
@Test func cellsBecomeNumbersOnlyWhenTheyShowAsWritten() {
    func plain(_ s: String) -> Bool { WorkbookWriter.isPlainNumber(Array(s.utf8)[...]) }
    #expect(plain("2024") && plain("53700000.06") && plain("-3") && plain("0") && plain("0.5") && plain("123456789012345"))
    #expect(!plain("007") && !plain("1234567890123456") && !plain("1.") && !plain(".5") && !plain("1e3") && !plain("1,000") && !plain("P1") && !plain(""))
    func hundredth(_ s: String) -> String? { WorkbookWriter.hundredth(Array(s.utf8)[...]).map { String(decoding: $0, as: UTF8.self) } }
    // 97.6 / 100 = 0.976; 100 / 100 = 1; 5 / 100 = 0.05; 1234.5 / 100 = 12.345.
    #expect(hundredth("97.6") == "0.976" && hundredth("100") == "1" && hundredth("5") == "0.05" && hundredth("1234.5") == "12.345" && hundredth("-50") == "-0.5")
}

/// LibreOffice (Debian's, when installed) opens a written workbook and converts it headless.
@Test func libreOfficeOpensAWrittenWorkbook() throws {
    guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
    let dir = try WorkbookTests.scratch("soffice")
    try BatchGenerator(projects: 20, seed: 1, language: .zh).writeWorkbook(path: "\(dir)/book.xlsx")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: soffice)
    process.arguments = ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2", "--outdir", dir, "\(dir)/book.xlsx"]
    process.environment = ProcessInfo.processInfo.environment.merging(["HOME": dir]) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    // Sheet 2, 指标表, as LibreOffice shows it: the header, and a percentage as written.
    let csv = try String(contentsOfFile: "\(dir)/book-指标表.csv", encoding: .utf8)
    #expect(csv.hasPrefix("年度,项目编码,一级指标,二级指标,三级指标"))
    #expect(csv.split(separator: "\n").count == BatchGenerator(projects: 20, seed: 1).generate().indicators.split(separator: 0x0A).count)
}

/// The first pass looks for merged ranges only after the rows: the closing tag, with or without
/// a prefix, not the opening one (which made it scan the whole sheet).
@Test func theRowsEndAtTheClosingTag() {
    func end(_ s: String) -> Int? { Workbook.endOfSheetData(in: Array(s.utf8)) }
    #expect(end("<sheetData><row/></sheetData><mergeCells/>") == 29)  // 11 + 6 + 12
    #expect(end("<x:sheetData><x:row/></x:sheetData>") == 35)
    #expect(end("<sheetData><row/>") == nil)
}

/// A worksheet holds at most 1,048,576 rows (Excel's limit; openpyxl refuses a merge below it):
/// a table longer than that is refused, not written as a workbook nobody can open.
@Test func aTableLongerThanASheetGoesOnOverSeveralAndReadsBackWhole() throws {
    let dir = try WorkbookTests.scratch("split")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let generator = BatchGenerator(projects: 12, seed: 5, language: .zh)
    var (projects, indicators) = generator.generate()
    indicators = Array(String(decoding: indicators, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
    let lines = indicators.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    let count = lines.count - 1  // the header and the rows; the last "line" is empty
    try WorkbookWriter.write([.init(name: "项目表", csv: projects), .init(name: "指标表", csv: indicators, merge: (column: 2, key: [0, 1]))],
                             to: "\(dir)/book.xlsx", rowsPerSheet: 30)
    let names = try Workbook(path: "\(dir)/book.xlsx", fileName: "book.xlsx").sheets.map(\.name)
    let sheetsNeeded = (count - 1 + 28) / 29  // rows under the header, 29 a sheet
    #expect(names == ["项目表", "指标表"] + (2...sheetsNeeded).map { "指标表 (\($0))" })
    // Read back, the sheets are one table: the CSV's text (LF line ends, as a sheet's text has).
    let text = try SourceText.load(path: "\(dir)/book.xlsx", sheets: ["指标表"])
    #expect(text.bytes == indicators)
    projects = Array(String(decoding: projects, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
    #expect(try SourceText.load(path: "\(dir)/book.xlsx", sheets: ["项目表"]).bytes == projects)
    // Joined with a word: a copy of a sheet would be read too.
    let read = try Evaluation(projectsPath: "\(dir)/book.xlsx", indicatorsPath: "\(dir)/book.xlsx")
    let joined = read.diagnostics.all.filter { $0.rule == .sheetsJoined }
    #expect(joined.map(\.file) == ["book.xlsx!指标表"])
    #expect(joined.first?.message.contains("\"指标表 (\(sheetsNeeded))\"") == true)
    // A problem on a later sheet is named by that sheet and its own row: a bad actual on line 76
    // of the CSV falls, at 29 rows under each header, on 指标表 (3), as its row 76 − 2 × 29 = 18.
    var spoiled = lines
    var fields = String(decoding: spoiled[75], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let actual = BatchGenerator.indicatorHeaders.firstIndex { $0.0 == "actual" }!
    fields[actual] = "完成得很好"
    spoiled[75] = Array(fields.joined(separator: ",").utf8)
    try WorkbookWriter.write([.init(name: "项目表", csv: generator.generate().projects), .init(name: "指标表", csv: Array(spoiled.joined(separator: [0x0A])))],
                             to: "\(dir)/bad.xlsx", rowsPerSheet: 30)
    let rejected = #expect(throws: InputRejected.self) { try Evaluation(projectsPath: "\(dir)/bad.xlsx", indicatorsPath: "\(dir)/bad.xlsx") }
    let errors = rejected?.diagnostics.errors ?? []
    #expect(errors.map(\.file) == ["bad.xlsx!指标表 (3)"])
    #expect(errors.map(\.cell) == ["\(CellReference.letters(actual))18"])
}

/// A cell holding line breaks makes its row several lines of the text: a problem on a later line
/// is still named by its own row. Row 2's cell holds two line breaks (lines 2–4), so line 5 is row 3.
@Test func aRowWithLineBreaksKeepsTheRowsBelowInPlace() {
    let xml = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#
        + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x\ny\rz</t></is></c></row>"
        + #"<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2</v></c></row></sheetData></worksheet>"#
    let (text, origin) = Array(xml.utf8).withUnsafeBufferPointer { Workbook.table(ofSheetXML: $0, name: "b.xlsx!S", formats: .init()) }
    #expect(String(decoding: text, as: UTF8.self) == "a,b\n\"x\ny\rz\",\n1,2\n")
    let d = origin.relocated(Diagnostic(.error, rule: .notANumber, file: "b.xlsx!S", line: 5, column: "b", message: "m"))
    #expect(d.cell == "B3" && d.line == 3)
}

/// A damaged sheet is an error naming where, never rows dropped without a word: XML cut inside a
/// tag, a shared string the workbook does not have, a cell beyond XFD. And a merged range as
/// large as a sheet fills only the table's cells of rows that have values.
@Test func aDamagedSheetIsAnErrorAndMergesStayInTheTable() {
    func read(_ xml: String, _ formats: Workbook.CellFormats = .init()) -> (String, [String]) {
        let (text, origin) = Array(xml.utf8).withUnsafeBufferPointer { Workbook.table(ofSheetXML: $0, name: "b.xlsx!S", formats: formats) }
        return (String(decoding: text, as: UTF8.self), origin.diagnostics.all.map(\.description))
    }
    let header = #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#
    let cut = read("<worksheet><sheetData>\(header)<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" t=\"")
    #expect(cut.1 == ["b.xlsx!S!2:2: the sheet's XML is damaged after this row, which is not read to its end; open the workbook in Excel and save it again"])
    let missing = read("<worksheet><sheetData>\(header)<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
                       Workbook.CellFormats(sharedStrings: [Array("x".utf8)]))
    #expect(missing.1 == ["b.xlsx!S!A2: refers to shared string \"7\", which the workbook does not have (a damaged workbook); open it in Excel and save it again"])
    let beyond = read("<worksheet><sheetData>\(header)<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"ZZZ2\"><v>2</v></c></row></sheetData></worksheet>")
    #expect(beyond.1 == ["b.xlsx!S!ZZZ2: is a cell beyond XFD, the last column a sheet has (a damaged workbook); open it in Excel and save it again"])
    // A2:XFD1000 merged, A2 = v: row 2 is v in both of the table's columns (a and b); the 998
    // empty rows under it stay empty and are skipped.
    let empties = (3...1000).map { "<row r=\"\($0)\"/>" }.joined()
    let wide = read("<worksheet><sheetData>\(header)<row r=\"2\"><c r=\"A2\"><v>5</v></c></row>\(empties)</sheetData><mergeCells><mergeCell ref=\"A2:XFD1000\"/></mergeCells></worksheet>")
    #expect(wide.0 == "a,b\n5,5\n" && wide.1.isEmpty)
}
