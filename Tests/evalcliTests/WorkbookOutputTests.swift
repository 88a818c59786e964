import Foundation
import Testing

/// `evalcli score --format xlsx` as a user runs it (issue 10, item 3).
@Suite struct WorkbookOutputTests {
    /// A generated batch scored into results.xlsx: the summary names it, the folder holds only it,
    /// and LibreOffice (when installed) opens it and reads every sheet with all its rows.
    @Test func scoreWritesOneWorkbook() throws {
        let dir = try CLI.temporaryFolder()
        #expect(try CLI.run(["generate", "--projects", "120", "--seed", "4", "--out", "\(dir)/gen"]).status == 0)
        let run = try CLI.run(["score", "--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv",
                               "--out", "\(dir)/r", "--format", "xlsx", "--lang", "zh"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("r/results.xlsx"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/r").sorted() == [".scorekernel-results", "results.xlsx"])
        let csv = try CLI.run(["score", "--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv",
                               "--out", "\(dir)/csv", "--lang", "zh"])
        #expect(csv.status == 0)
        guard let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        // Every sheet as CSV (the last option, -1: all sheets), each named after its sheet.
        let lo = try CLI.run(URL(fileURLWithPath: soffice), [
            "-env:UserInstallation=file://\(dir)/lo-profile", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", "\(dir)/lo", "\(dir)/r/results.xlsx",
        ])
        #expect(lo.status == 0, "\(lo.stderr)")
        for (sheet, file) in [("项目得分", "project_scores"), ("指标得分", "indicator_scores"), ("部门", "departments"), ("标记", "flags")] {
            let converted = try String(contentsOfFile: "\(dir)/lo/results-\(sheet).csv", encoding: .utf8)
            let original = try String(contentsOfFile: "\(dir)/csv/\(file).csv", encoding: .utf8)
            let (a, b) = (converted.split(whereSeparator: \.isNewline), original.split(whereSeparator: \.isNewline))
            #expect(a.count == b.count && a.first == b.first, "\(sheet): every row, the header as in CSV")
        }
    }

    /// The report reads CSV results: asked for with xlsx, the run is refused before it starts.
    @Test func reportNeedsCSV() throws {
        let dir = try CLI.temporaryFolder()
        let run = try CLI.run(["score", "--projects", "p.csv", "--indicators", "i.csv", "--out", "\(dir)/r", "--format", "xlsx", "--report"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--report reads CSV results; leave out --format xlsx"))
    }
}
