import Foundation
import Testing
@testable import ScoreKernel

/// Issue 11: the report's figures, read from result files written by hand and worked out by hand.
@Suite struct ReportTests {
    /// Two periods; 2024 is the latest and the one reported. 88.825 is a Double a hair below
    /// 88.825, so only exact decimal rounding prints 88.83.
    static let departments = """
        period,department,projects,execution_rate,mean,weighted_mean,median,q1,q3,p10,p90,rank,below_average
        2023,教育局,1,1.0000,99,99,99,99,99,99,99,1,false
        2024,教育局,2,0.9500,88.825,88.5,88.825,87.4125,90.2375,86.285,91.365,1,false
        2024,"<script>alert(""x"")</script>",1,1.0000,55,55,55,55,55,55,55,2,true

        """
    static let projects = """
        period,project_id,department,budget,executed,execution_rate,completion_rate,total,grade,grade_label,execution_completion_gap,progress_light
        2023,P9,教育局,5.00,5.00,1.0000,1.0000,99.00,excellent,优,0.00,green
        2024,P1,教育局,0.10,0.05,0.5000,0.9333,93.00,excellent,优,43.33,red
        2024,P2,教育局,0.20,0.19,0.9500,0.9500,84.65,good,良,0.00,green
        2024,P3,"<script>alert(""x"")</script>",100.00,100.00,1.0000,0.5000,55.00,poor,差,-50.00,

        """

    func folder(departments: String = Self.departments, projects: String = Self.projects) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try departments.write(toFile: "\(dir)/departments.csv", atomically: true, encoding: .utf8)
        try projects.write(toFile: "\(dir)/project_scores.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func figuresOfTheLatestPeriodByHand() throws {
        let f = try ResultReport(resultFolders: [try folder()]).figures
        #expect(f.period == "2024" && f.periods == ["2023", "2024"])
        #expect(f.projects == 3)
        // 0.10 + 0.20 + 100.00 = 100.30 and 0.05 + 0.19 + 100.00 = 100.24, in millionths.
        #expect(f.budget == 100_300_000 && f.executed == 100_240_000)
        // Best first by the highest total seen: 优 (93), 良 (84.65), 差 (55); one each.
        #expect(f.grades.map(\.label) == ["优", "良", "差"] && f.grades.map(\.count) == [1, 1, 1])
        // Whole points: 55, 84, 93.
        #expect(f.histogram.count == 94 && f.histogram[55] == 1 && f.histogram[84] == 1 && f.histogram[93] == 1)
        #expect(f.histogram.reduce(0, +) == 3)
        // Cells of 0.05: P1 (0.5, 0.9333) → x 10, y 18; P2 (0.95, 0.95) → 19, 19; P3 (1.0, 0.5) → 20, 10.
        let bins = ReportFigures.densityBins
        #expect(f.density[18 * bins + 10] == 1 && f.density[19 * bins + 19] == 1 && f.density[10 * bins + 20] == 1)
        #expect(f.density.reduce(0, +) == 3 && f.densityMissing == 0)
        // |gap|: 43.33 and 50.00 above 30; 0.00 at most 10.
        #expect(f.gapBands == [1, 0, 0, 2])
        // Ranked by the file's rank; lights: 教育局 one red, one green; the other none.
        #expect(f.departments.map(\.name) == ["教育局", "<script>alert(\"x\")</script>"])
        #expect(f.lights == [[1, 0, 1], [0, 0, 0]])
        let d = f.departments[0]
        #expect([d.mean.text, d.q1.text, d.q3.text, d.p10.text, d.p90.text, d.executionRate.text] == ["88.83", "87.41", "90.24", "86.29", "91.37", "95.00"])
        #expect(f.departments[1].belowAverage && !d.belowAverage)
        #expect(f.chinese)
    }

    @Test func pageShowsTheNumbersAndEscapesNames() throws {
        let html = try ResultReport(resultFolders: [try folder()]).html()
        // 100.24 / 100.30 = 0.999401… → 99.94 %; shares 1 / 3 → 33.33 %.
        #expect(html.contains("data-k=\"execution_rate\">99.94%<"))
        #expect(html.contains("data-k=\"budget\">100.30<"))
        #expect(html.contains("data-k=\"grade.share.优\">33.33<"))
        #expect(html.contains("data-k=\"dept.mean.教育局\">88.83<"))
        #expect(html.contains("data-k=\"hist.55\">1<") && html.contains("data-k=\"hist.90\">1<") && html.contains("data-k=\"hist.80\">1<"))
        #expect(html.contains("data-k=\"gap.3\">2<"))
        // The department named like a script is text, in element content and in attributes.
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("data-k=\"dept.mean.&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\">55.00<"))
        // Chinese because the names are; English on request.
        #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("预算绩效评价结果报告"))
        let english = try ResultReport(resultFolders: [try folder()]).html(language: .en, title: "A & B")
        #expect(english.contains("<html lang=\"en\">") && english.contains("<title>A &amp; B</title>"))
        // Nothing fetched: no script, no external reference.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="))
    }

    @Test func aChosenPeriodAndAnUnknownOne() throws {
        let dir = try folder()
        let f = try ResultReport(resultFolders: [dir], period: "2023").figures
        #expect(f.projects == 1 && f.departments.count == 1 && f.budget == 5_000_000)
        #expect(throws: InputRejected.self) { try ResultReport(resultFolders: [dir], period: "2030") }
        do {
            _ = try ResultReport(resultFolders: [dir], period: "2030")
        } catch {
            #expect(error.diagnostics.errors.first?.rule == .unknownValue)
            #expect(error.description.contains("2023, 2024"))
        }
    }

    /// Every problem names file, line and column; nothing is guessed.
    @Test func badResultFilesAreErrorsNamingFileLineAndColumn() throws {
        func error(_ folder: String) -> Diagnostic? {
            do { _ = try ResultReport(resultFolders: [folder]) } catch { return error.diagnostics.errors.first }
            return nil
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        var d = error(empty)
        #expect(d?.file == "departments.csv" && d?.rule == .unreadableFile)

        let badTotal = Self.projects.replacingOccurrences(of: "84.65", with: "八十")
        d = error(try folder(projects: badTotal))
        #expect(d?.file == "project_scores.csv" && d?.line == 4 && d?.column == "total" && d?.rule == .notANumber)

        let otherRun = Self.projects.replacingOccurrences(of: "2024,P2,教育局", with: "2024,P2,卫健委")
        d = error(try folder(projects: otherRun))
        #expect(d?.line == 4 && d?.value == "卫健委" && d?.rule == .unknownDepartment)

        let noTotal = Self.projects.replacingOccurrences(of: ",total,", with: ",sum,")
        d = error(try folder(projects: noTotal))
        #expect(d?.line == 1 && d?.rule == .missingColumn)

        let ragged = Self.projects + "2024,P4,教育局\n"
        d = error(try folder(projects: ragged))
        #expect(d?.line == 6 && d?.rule == .fieldCount)
    }

    /// What a red-team review found: each of these trapped, drew nonsense or mixed two runs.
    @Test func handEditedFilesAreErrorsNotTraps() throws {
        func rule(departments: String = Self.departments, projects: String = Self.projects, extra: [String: String] = [:]) throws
            -> DiagnosticRule?
        {
            let dir = try folder(departments: departments, projects: projects)
            for (name, text) in extra { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
            do { _ = try ResultReport(resultFolders: [dir]) } catch { return error.diagnostics.errors.first?.rule }
            return nil
        }
        // An empty or huge count, a huge or negative total: errors of their cell.
        #expect(try rule(departments: Self.departments.replacingOccurrences(of: "2024,教育局,2,", with: "2024,教育局,,")) == .emptyValue)
        #expect(try rule(departments: Self.departments.replacingOccurrences(of: "91.365,1,false", with: "91.365,1e30,false")) == .numberRange)
        #expect(try rule(departments: Self.departments.replacingOccurrences(of: "91.365,1,false", with: "91.365,1.5,false")) == .notANumber)
        #expect(try rule(projects: Self.projects.replacingOccurrences(of: "84.65", with: "1e12")) == .scoreRange)
        #expect(try rule(projects: Self.projects.replacingOccurrences(of: "84.65", with: "-1")) == .scoreRange)
        #expect(try rule(projects: Self.projects.replacingOccurrences(of: "84.65", with: "")) == .emptyValue)
        #expect(try rule(projects: Self.projects.replacingOccurrences(of: "2024,P1,教育局,0.10", with: "2024,P1,教育局,1e30")) == .numberRange)
        // departments.csv says 2 projects for 教育局 in 2024; a project_scores.csv of another run has 1.
        let otherRun = Self.projects.replacingOccurrences(of: "2024,P2,教育局,0.20,0.19,0.9500,0.9500,84.65,good,良,0.00,green\n", with: "")
        #expect(try rule(projects: otherRun) == .inconsistent)
        // Scenario files must count the same projects.
        let scenarios = "period,scenario,spearman,n_excellent,n_good,n_poor\n2024,scheme,1,1,1,2\n"
        let departmentsWithBands = Self.departments.replacingOccurrences(
            of: "rank,below_average\n", with: "rank,below_average,n_excellent,share_excellent,n_good,share_good,n_fair,share_fair,n_poor,share_poor\n")
            .replacingOccurrences(of: ",false\n", with: ",false,0,0,0,0,0,0,0,0\n").replacingOccurrences(of: ",true\n", with: ",true,0,0,0,0,0,0,0,0\n")
        #expect(try rule(departments: departmentsWithBands, extra: ["scenarios.csv": scenarios]) == .missingColumn)  // n_fair
        let fourBands = "period,scenario,spearman,n_excellent,n_good,n_fair,n_poor\n"
        #expect(try rule(departments: departmentsWithBands, extra: ["scenarios.csv": fourBands + "2024,scheme,1,1,1,0,2\n"]) == .inconsistent)
        #expect(try rule(departments: departmentsWithBands, extra: ["scenarios.csv": fourBands + "2024,scheme,1,1,1,0,1\n"]) == nil)
        // 31 scenarios all called as_filed or scheme: listed, not summarised (there is nothing to summarise).
        let named = fourBands + String(repeating: "2024,as_filed,1,1,1,0,1\n", count: 31)
        #expect(try rule(departments: departmentsWithBands, extra: ["scenarios.csv": named]) == nil)
        // A boolean that is neither true nor false; a scenarios file of another period.
        #expect(try rule(departments: Self.departments.replacingOccurrences(of: "91.365,1,false", with: "91.365,1,yes")) == .unknownValue)
        #expect(try rule(departments: departmentsWithBands, extra: ["scenarios.csv": fourBands + "2023,scheme,1,1,1,0,1\n"]) == .inconsistent)
        // A header-only departments.csv is its own error.
        #expect(try rule(departments: "period,department,projects,execution_rate,mean,weighted_mean,median,q1,q3,p10,p90,rank,below_average\n") == .emptyFile)
    }

    /// Bands come from departments.csv's count columns, so a band no project is in still shows,
    /// in the scheme's order; a header-only flags.csv gives a sentence, not an empty chart.
    @Test func emptyBandsShowAndEmptyTablesDrawNoEmptyChart() throws {
        let departments = Self.departments.replacingOccurrences(
            of: "rank,below_average\n", with: "rank,below_average,n_excellent,share_excellent,n_good,share_good,n_fair,share_fair,n_poor,share_poor\n")
            .replacingOccurrences(of: ",false\n", with: ",false,0,0,0,0,0,0,0,0\n").replacingOccurrences(of: ",true\n", with: ",true,0,0,0,0,0,0,0,0\n")
        let dir = try folder(departments: departments)
        try "period,scope,key,code,severity,value,threshold,message\n".write(toFile: "\(dir)/flags.csv", atomically: true, encoding: .utf8)
        let report = try ResultReport(resultFolders: [dir])
        #expect(report.figures.grades.map(\.label) == ["优", "良", "中", "差"] && report.figures.grades.map(\.count) == [1, 1, 0, 1])
        let html = report.html()
        #expect(html.contains("data-k=\"grade.count.中\">0<"))
        #expect(html.contains("flags.csv 中本期间没有预警标记"))
        let charts = html.components(separatedBy: "<svg").dropFirst()
        #expect(!charts.isEmpty && charts.allSatisfy { $0.contains("<rect") || $0.contains("<circle") || $0.contains("<path") })
        // English page: grade names, not labels.
        #expect(report.html(language: .en).contains(">excellent<"))
    }

    /// Progress counts the bytes of every table read, up to all of them, and changes nothing.
    @Test func progressCountsTheBytesOfEveryTableRead() throws {
        let dir = try folder()
        final class Events: @unchecked Sendable {
            let lock = NSLock()
            var all: [RunProgress] = []
            func add(_ p: RunProgress) { lock.withLock { all.append(p) } }
        }
        let events = Events()
        let loud = try ResultReport(resultFolders: [dir], progress: { events.add($0) }).html()
        #expect(loud == (try ResultReport(resultFolders: [dir]).html()))
        let size = { (name: String) in try FileManager.default.attributesOfItem(atPath: "\(dir)/\(name)")[.size] as! Int }
        let total = try size("departments.csv") + size("project_scores.csv")
        #expect(!events.all.isEmpty && events.all.allSatisfy { $0.stage == .reading })
        #expect(events.all.map(\.bytes).max() == total && events.all.map(\.fraction).max() == 1)
    }

    /// Half away from zero on the decimal as written.
    @Test func exactRounding() {
        func units(_ digits: UInt64, _ exponent: Int, negative: Bool = false, _ decimals: Int) -> Int128 {
            DecimalNumber(negative: negative, digits: digits, exponent: exponent).units(roundedTo: decimals)
        }
        #expect(units(88825, -3, 2) == 8883)
        #expect(units(5, -3, negative: true, 2) == -1)  // −0.005 → −0.01
        #expect(units(4999, -6, 2) == 0)  // 0.004999 → 0.00
        #expect(units(12, 3, 2) == 1_200_000)  // 12000 → 12000.00
        #expect(units(9, -30, 2) == 0)
        // Shares in hundredths of a percent, half up: 1/8 = 12.5 %, 2/3 = 66.666… %, 1/20000 = 0.005 %.
        #expect(ReportFigures.Shown.share(1, of: 8).text == "12.50")
        #expect(ReportFigures.Shown.share(2, of: 3).text == "66.67")
        #expect(ReportFigures.Shown.share(1, of: 20_000).text == "0.01")
        #expect(ReportFigures.Shown.share(1, of: 20_001).text == "0.00")
        #expect(ReportFigures.Shown.share(0, of: 0).text == "–")
        #expect(ReportPage.grouped("-1234567.89") == "-1,234,567.89" && ReportPage.grouped("123") == "123")
        // 128-bit sums written as Int64 units are: −5 fen → −0.05; 10^20 fen → 10^18 yuan.
        #expect(Rounding.text(units: Int128(-5), precision: 2) == "-0.05")
        #expect(Rounding.text(units: Int128(100_000_000_000_000_000_000), precision: 2) == "1000000000000000000.00")
        #expect(Rounding.text(units: Int64(863), precision: 2) == "8.63" && Rounding.text(units: 7, precision: 0) == "7")
        #expect(HTML.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }
}

/// The page does not depend on how many parts the large tables are read in.
@Suite struct ReportThreadTests {
    @Test func samePageWhateverTheThreads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // 6,000 projects: project_scores.csv and flags.csv are above the 1 MiB a table needs to be read in parts.
        try BatchGenerator(projects: 6_000, seed: 3).write(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv")
        let evaluation = try Evaluation(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", options: .init(lenient: true))
        try evaluation.write(to: "\(dir)/results")
        let size = try FileManager.default.attributesOfItem(atPath: "\(dir)/results/project_scores.csv")[.size] as! Int
        #expect(size > 1 << 20)
        let pages = try [1, 2, 3, 7].map { try ResultReport(resultFolders: ["\(dir)/results"], threads: $0).html() }
        #expect(pages.allSatisfy { $0 == pages[0] })
        #expect(pages[0].contains("data-k=\"projects\">6,000<"))
    }
}
