import Foundation
import Testing

/// Inputs that once crashed a run or were accepted in silence (issue 14). Each runs the whole
/// `score` command on files written for it: a crash would show as a signal instead of exit 0 or
/// 2, and a wrong acceptance as exit 0 without the rule.
@Suite struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var projects: String
        var indicators: String
        var scheme: String? = nil
        /// The exit status: 0 scored, 2 rejected.
        var status: Int32
        /// Text the terminal output must hold (the rule's message), when rejected.
        var says: String = ""
        var testDescription: String { name }
    }

    static let header = "project_id,department,period,budget,executed,self_score,review_score,monitor_score\n"
    static let indicatorHeader = "project_id,period,level1,indicator,direction,target,actual,points,score\n"
    /// A project row with the given budget, executed and scores.
    static func project(_ id: String = "P1", department: String = "D1", period: String = "2024", budget: String = "100",
                        executed: String = "90", self selfScore: String = "", review: String = "", monitor: String = "") -> String {
        "\(id),\(department),\(period),\(budget),\(executed),\(selfScore),\(review),\(monitor)\n"
    }
    /// Three indicators, 50 + 30 + 10 points; the first one's cells as given.
    static func indicators(_ id: String = "P1", direction: String = ">=", target: String = "10", actual: String = "10",
                           points: String = "50", score: String = "") -> String {
        "\(id),2024,output,a,\(direction),\(target),\(actual),\(points),\(score)\n\(id),2024,benefit,b,>=,10,10,30,\n\(id),2024,satisfaction,c,>=,10,10,10,\n"
    }

    static let cases: [Case] = [
        // Values × 10^decimals past 2^63: each used to trap in `score` after `validate` passed.
        Case(name: "actual 10^15 (deviation 10^15 written whole)", projects: header + project(),
             indicators: indicatorHeader + indicators(target: "1", actual: "1000000000000000"), status: 0),
        Case(name: "budget 0.000001, executed 10^9 (rate 10^15)", projects: header + project(budget: "0.000001", executed: "1000000000"),
             indicators: indicatorHeader + indicators(), status: 0),
        Case(name: "自评得分 with 18 decimals", projects: header + project(self: "80.123456789012345678"),
             indicators: indicatorHeader + indicators(), status: 0),
        Case(name: "entered 得分 9223372036854.775807", projects: header + project(),
             indicators: indicatorHeader + indicators(score: "9223372036854.775807"), status: 2, says: "must lie between 0 and the indicator's points (50)"),
        Case(name: "review score 1e19", projects: header + project(review: "1e19"),
             indicators: indicatorHeader + indicators(), status: 2, says: "must lie between 0 and 100 (points_total)"),
        Case(name: "定性 row with points 1e19", projects: header + project(),
             indicators: indicatorHeader + indicators(direction: "qual", target: "达成", actual: "达成", points: "1e19"), status: 2,
             says: "is out of range"),
        Case(name: "points 2,000,000", projects: header + project(),
             indicators: indicatorHeader + indicators(points: "2000000"), status: 2, says: "is more than 1,000,000 points"),
        Case(name: "1e309 (infinite)", projects: header + project(),
             indicators: indicatorHeader + indicators(actual: "1e309"), status: 2, says: "is out of range"),
        Case(name: "1e-300", projects: header + project(),
             indicators: indicatorHeader + indicators(target: "1e-300"), status: 2, says: "is out of range"),
        // Money sums past 2^63 millionths.
        Case(name: "two 5×10¹² projects in one department",
             projects: header + project(budget: "5000000000000", executed: "1") + project("P2", budget: "5000000000000", executed: "1"),
             indicators: indicatorHeader + indicators() + indicators("P2"), status: 0),
        Case(name: "execution.cap false and executed 1000 × budget", projects: header + project(budget: "1", executed: "1000"),
             indicators: indicatorHeader + indicators(), scheme: "execution:\n  cap: false\n", status: 2,
             says: "executed more than 100 times its budget"),
        // Accepted in silence before.
        Case(name: "thousands separators 1,2,3", projects: header + project(),
             indicators: indicatorHeader + indicators(target: "\"1,2,3\""), status: 2, says: "\"1,2,3\" is not a number"),
        Case(name: "thousands separators 12,34,5", projects: header + project(budget: "\"12,34,5\""),
             indicators: indicatorHeader + indicators(), status: 2, says: "\"12,34,5\" is not a number"),
        Case(name: "period 2024-13", projects: header + project(period: "2024-13"), indicators: indicatorHeader + indicators(),
             status: 2, says: "\"2024-13\" is not a period"),
        Case(name: "period 2024-00", projects: header + project(period: "2024-00"), indicators: indicatorHeader + indicators(),
             status: 2, says: "\"2024-00\" is not a period"),
        Case(name: "period abc", projects: header + project(period: "abc"), indicators: indicatorHeader + indicators(),
             status: 2, says: "\"abc\" is not a period"),
        Case(name: "period 2024Q3", projects: header + project(period: "2024Q3"), indicators: indicatorHeader + indicators(),
             status: 2, says: "\"2024Q3\" is not a period"),
        Case(name: "period 99999", projects: header + project(period: "99999"), indicators: indicatorHeader + indicators(),
             status: 2, says: "\"99999\" is not a period"),
        Case(name: "a NUL inside an id", projects: header + project("P\u{0}1"), indicators: indicatorHeader + indicators(),
             status: 2, says: "holds a NUL byte"),
        // Schemes that trapped or gave negative points.
        Case(name: "300 grade bands", projects: header + project(), indicators: indicatorHeader + indicators(),
             scheme: "grades:\n" + (0..<300).map { "  - {name: g\($0), min: \(299 - $0)}\n" }.joined(), status: 2,
             says: "has 300 bands; a scheme has at most 32"),
        Case(name: "execution.points 1e300", projects: header + project(), indicators: indicatorHeader + indicators(),
             scheme: "execution:\n  points: 1e300\n", status: 2, says: "must be below points_total"),
        Case(name: "normalize_points with execution.points 110", projects: header + project(), indicators: indicatorHeader + indicators(),
             scheme: "normalize_points: true\nexecution:\n  points: 110\n", status: 2, says: "must be below points_total"),
        Case(name: "grade minimum 1e300", projects: header + project(), indicators: indicatorHeader + indicators(),
             scheme: "grades:\n  - {name: a, min: 1e300}\n  - {name: b, min: 0}\n", status: 2, says: "must be from 0 to 10000"),
    ]

    @Test(arguments: cases) func scoreGivesADiagnosticNeverACrash(_ c: Case) throws {
        let dir = try CLI.temporaryFolder()
        try c.projects.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try c.indicators.write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        var arguments = ["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"]
        if let scheme = c.scheme {
            try scheme.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
            arguments += ["--scheme", "\(dir)/s.yaml"]
        }
        let r = try CLI.run(arguments)
        #expect(r.status == c.status, "\(r.stderr)")
        #expect(c.says.isEmpty || r.stderr.contains(c.says), "\(r.stderr)")
        if c.status == 2 { #expect(!FileManager.default.fileExists(atPath: "\(dir)/out")) }
    }

    /// The figures that used to trap, written as numbers: the deviation (10^15 − 1) / 1 and the
    /// rate 10^9 / 0.000001 = 10^15 have no meaningful fourth decimal, so they are written whole.
    @Test func hugeRatiosAreWrittenWhole() throws {
        let dir = try CLI.temporaryFolder()
        try (Self.header + Self.project(budget: "0.000001", executed: "1000000000")).write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try (Self.indicatorHeader + Self.indicators(target: "1", actual: "1000000000000000")).write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        for format in ["csv", "json"] {
            let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/\(format)", "--format", format])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let projects = try String(contentsOfFile: "\(dir)/csv/project_scores.csv", encoding: .utf8)
        #expect(projects.contains("2024,P1,D1,0.000001,1000000000.00,1000000000000000,"))
        let indicators = try String(contentsOfFile: "\(dir)/csv/indicator_scores.csv", encoding: .utf8)
        #expect(indicators.contains(",999999999999999,"))
        // Every JSON file parses (no inf, no nan).
        for name in ["project_scores", "indicator_scores", "departments", "sectors", "flags"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/json/\(name).json"))
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: data) }
        }
    }

    /// 5×10¹² + 5×10¹² yuan = 10¹³, past 2^63 millionths; three departments of 4×10¹² in the one
    /// sector of a file without a sector column: 1.2×10¹³.
    @Test func moneySumsPastInt64AreExact() throws {
        let dir = try CLI.temporaryFolder()
        let projects = Self.header + Self.project("P1", department: "D1", budget: "4000000000000", executed: "4000000000000")
            + Self.project("P2", department: "D2", budget: "4000000000000", executed: "1")
            + Self.project("P3", department: "D3", budget: "4000000000000.01", executed: "2")
        try projects.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try (Self.indicatorHeader + Self.indicators("P1") + Self.indicators("P2") + Self.indicators("P3"))
            .write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let sectors = try String(contentsOfFile: "\(dir)/out/sectors.csv", encoding: .utf8)
        // Σ budget 12,000,000,000,000.01; Σ executed 4,000,000,000,003.00.
        #expect(sectors.contains(",3,12000000000000.01,4000000000003.00,"), "\(sectors)")
    }

    /// Big5 and Latin-1 bytes decode as GB18030 without an invalid byte; they are refused as
    /// another encoding instead of read as mojibake.
    @Test(arguments: ["big5", "latin1"]) func otherEncodingsAreRefused(_ encoding: String) throws {
        let dir = try CLI.temporaryFolder()
        // 項目編碼 / 教育局 in Big5; Müller Straße in Latin-1.
        let text = encoding == "big5"
            ? [0xB6, 0xB5, 0xA5, 0xD8, 0xBD, 0x73, 0xBD, 0x58] + Array(",department,budget,executed\nP1,".utf8) + [0xB1, 0xD0, 0xA8, 0x7C, 0xA7, 0xBD] + Array(",1,1\n".utf8)
            : Array("project_id,department,budget,executed\nP1,M".utf8) + [0xFC] + Array("ller Stra".utf8) + [0xDF, 0x65] + Array(",1,1\n".utf8)
        try Data(text).write(to: URL(fileURLWithPath: "\(dir)/p.csv"))
        try (Self.indicatorHeader + Self.indicators()).write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("it looks like another encoding"), "\(r.stderr)")
    }
}
