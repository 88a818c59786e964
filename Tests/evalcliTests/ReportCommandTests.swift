import Foundation
import Testing

/// Issue 11: `evalcli report` and `score --report` on real result files.
@Suite struct ReportCommandTests {
    /// A generated batch scored with application rules and analysed with Monte Carlo weights,
    /// each written once with English headers and once with Chinese ones.
    static func results(_ dir: String) throws -> [String] {
        let g = try CLI.run(["generate", "--projects", "600", "--seed", "5", "--out", "\(dir)/gen"])
        #expect(g.status == 0, "\(g.stderr)")
        let input = ["--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv"]
        for lang in ["en", "zh"] {
            var r = try CLI.run(["score"] + input + ["--out", "\(dir)/\(lang)/results", "--lang", lang, "--quiet",
                                                     "--apply", "execution-pool,grade-tiered-deduction", "--bases", "\(dir)/gen/bases.csv"])
            #expect(r.status == 0, "\(r.stderr)")
            r = try CLI.run(["scenarios"] + input + ["--monte-carlo", "40", "--seed", "3", "--out", "\(dir)/\(lang)/scenarios", "--lang", lang, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return ["en", "zh"]
    }

    /// The report reads either header language to the same page: the columns it looks for are
    /// the ones the writers write.
    @Test func englishAndChineseHeadersGiveTheSamePage() throws {
        let dir = try CLI.temporaryFolder()
        for lang in try Self.results(dir) {
            let r = try CLI.run(["report", "--results", "\(dir)/\(lang)/results", "--results", "\(dir)/\(lang)/scenarios",
                                 "--out", "\(dir)/\(lang).html", "--lang", "zh"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("wrote \(dir)/\(lang).html"))
        }
        let en = try String(contentsOfFile: "\(dir)/en.html", encoding: .utf8)
        let zh = try String(contentsOfFile: "\(dir)/zh.html", encoding: .utf8)
        #expect(en == zh)
        // Every section is there: the scenario and application files were found and read.
        for id in ["overview", "departments", "monitoring", "scenarios", "application"] { #expect(en.contains("<section id=\"\(id)\">")) }
        #expect(en.contains("data-k=\"scen.scheme.rho\"") && en.contains("data-k=\"rule.execution-pool-deduct.deducted\""))
        #expect(en.contains("data-k=\"cert.0\"") && en.contains("data-k=\"flag."))
        // Aggregates only: a 600-project page is well under the 2 MB limit, and stays so (no row per project).
        #expect(en.utf8.count < 400_000)
    }

    @Test func scoreReportWritesTheReportIntoTheResults() throws {
        let dir = try CLI.temporaryFolder()
        let g = try CLI.run(["generate", "--projects", "200", "--seed", "8", "--out", "\(dir)/gen"])
        #expect(g.status == 0)
        let r = try CLI.run(["score", "--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv",
                             "--out", "\(dir)/out", "--report", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: "\(dir)/out/report.html", encoding: .utf8)
        #expect(html.contains("data-k=\"projects\">200<"))
        // The folder stays a results folder: a second run replaces it whole, report included.
        let again = try CLI.run(["score", "--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv",
                                 "--out", "\(dir)/out", "--outputs", "flags", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out/report.html"))
        let json = try CLI.run(["score", "--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv",
                                "--out", "\(dir)/j", "--report", "--format", "json"])
        #expect(json.status != 0 && json.stderr.contains("--report reads CSV results"))
    }

    /// --out follows a symbolic link, and is never a folder, a device or a file the report reads;
    /// score --report needs the two tables the report needs.
    @Test func outIsAFileThatIsNotAnInput() throws {
        let dir = try CLI.temporaryFolder()
        let g = try CLI.run(["generate", "--projects", "50", "--seed", "8", "--out", "\(dir)/gen"])
        #expect(g.status == 0)
        let input = ["--projects", "\(dir)/gen/projects.csv", "--indicators", "\(dir)/gen/indicators.csv"]
        var r = try CLI.run(["score"] + input + ["--out", "\(dir)/r", "--quiet"])
        #expect(r.status == 0)
        try FileManager.default.createDirectory(atPath: "\(dir)/pages", withIntermediateDirectories: true)
        try "old".write(toFile: "\(dir)/pages/target.html", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link.html", withDestinationPath: "\(dir)/pages/target.html")
        r = try CLI.run(["report", "--results", "\(dir)/r", "--out", "\(dir)/link.html"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/link.html") == "\(dir)/pages/target.html")
        #expect(try String(contentsOfFile: "\(dir)/pages/target.html", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        r = try CLI.run(["report", "--results", "\(dir)/r", "--out", "\(dir)/pages"])
        #expect(r.status == 1 && r.stderr.contains("is not a file"))
        let before = try String(contentsOfFile: "\(dir)/r/departments.csv", encoding: .utf8)
        r = try CLI.run(["report", "--results", "\(dir)/r", "--out", "\(dir)/r/departments.csv"])
        #expect(r.status == 1 && r.stderr.contains("is one of the result files the report reads"))
        #expect(try String(contentsOfFile: "\(dir)/r/departments.csv", encoding: .utf8) == before)
        r = try CLI.run(["score"] + input + ["--out", "\(dir)/s", "--outputs", "project_scores", "--report"])
        #expect(r.status == 64 && r.stderr.contains("--report needs project_scores and departments"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/s"))
    }

    @Test func missingResultsAreAClearErrorAndWriteNothing() throws {
        let dir = try CLI.temporaryFolder()
        var r = try CLI.run(["report", "--results", dir, "--out", "\(dir)/report.html"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("departments.csv: is in none of \(dir)"))
        #expect(r.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/report.html"))
        r = try CLI.run(["report", "--out", "\(dir)/report.html"])
        #expect(r.status != 0 && r.stderr.contains("--results"))
        let help = try CLI.run(["report", "--help"])
        #expect(help.stdout.contains("Examples:") && help.stdout.contains("--results"))
    }
}
