import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// Issue 13: a streamed run reads, scores and writes indicators.csv a window at a time, and must
/// write exactly the files of a run that holds every row (`Evaluation(…)` then `write(to:)`),
/// whatever the window's size, including the cases that make it read the file twice.
@Suite struct StreamingTests {
    static func scratch(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "streaming-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every file of `dir` by name, with its bytes.
    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
        }
        return out
    }

    /// A generated batch in `dir`: p.csv and i.csv.
    static func batch(_ dir: String, projects: Int = 120, seed: UInt64 = 5) throws {
        try BatchGenerator(projects: projects, seed: seed).write(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv")
    }

    /// The lines of `path`, header first, without their line ends (the generator writes CRLF,
    /// one `Character` in Swift).
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    static func writeLines(_ lines: [String], _ path: String) throws {
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The files of a run that holds every row, and of a streamed run with windows of `window`
    /// bytes, for the same input and options.
    static func both(
        _ dir: String, options: Evaluation.Options = .init(threads: 2), window: Int, language: OutputLanguage = .en,
        format: ResultFormat = .csv(excel: false), tables: Set<ResultTable> = Set(ResultTable.allCases)
    ) throws -> (held: [String: Data], streamed: [String: Data]) {
        let held = "\(dir)/held-\(window)", streamed = "\(dir)/streamed-\(window)"
        try Evaluation(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", options: options)
            .write(to: held, language: language, format: format, tables: tables)
        _ = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", options: options, writingTo: streamed,
                                 language: language, format: format, tables: tables, windowBytes: window)
        return (try files(held), try files(streamed))
    }

    @Test(arguments: [1, 7, 4096, IndicatorTableReader.windowBytes])
    func everyWindowSizeWritesTheSameBytes(window: Int) throws {
        let dir = try Self.scratch("window")
        try Self.batch(dir)
        let (held, streamed) = try Self.both(dir, window: window)
        #expect(held.count == 7 && held.keys.contains("indicator_scores.csv") && held.keys.contains("flags.csv"))
        #expect(streamed == held)
        // One row per indicator row of the file (header on both).
        let indicators = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }.count
        #expect(try Self.lines("\(dir)/streamed-\(window)/indicator_scores.csv").filter { !$0.isEmpty }.count == indicators)
    }

    @Test func jsonAndChineseHeadersStreamTheSameBytes() throws {
        let dir = try Self.scratch("json")
        try Self.batch(dir, projects: 40)
        let (held, streamed) = try Self.both(dir, window: 7, language: .zh, format: .json)
        #expect(streamed == held && held["indicator_scores.json"] != nil)
        // A JSON array whose rows are the indicator rows.
        let rows = try JSONSerialization.jsonObject(with: streamed["indicator_scores.json"]!) as? [[String: Any]]
        #expect(rows?.count == (try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }.count - 1))
        #expect(rows?.first?["三级指标"] != nil)
        // No indicator row at all: an empty array, as the held run writes it.
        let (heldEmpty, streamedEmpty) = try Self.both(dir, window: 7, format: .json, tables: [.indicatorScores])
        #expect(streamedEmpty == heldEmpty)
    }

    /// A file not grouped by project: rows are written in the file's order by both runs.
    @Test func rowsFollowTheFileOrder() throws {
        let dir = try Self.scratch("order")
        try Self.batch(dir, projects: 60)
        var lines = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }
        var rng = SplitMix64(seed: 11)
        var body = Array(lines.dropFirst())
        for k in stride(from: body.count - 1, to: 0, by: -1) { body.swapAt(k, Int(rng.next() % UInt64(k + 1))) }
        lines = [lines[0]] + body
        try Self.writeLines(lines + [""], "\(dir)/i.csv")
        let (held, streamed) = try Self.both(dir, window: 4096)
        #expect(streamed == held)
        // The project ids of indicator_scores, row by row, are those of the shuffled file.
        let written = try Self.lines("\(dir)/streamed-4096/indicator_scores.csv").dropFirst().filter { !$0.isEmpty }
        #expect(written.map { $0.split(separator: ",")[1] } == body.map { $0.split(separator: ",")[1] })
    }

    /// Lenient mode: an error in the last row rejects a project whose other rows were already
    /// scored and written; the file is read again and the project leaves every table.
    @Test func aProjectRejectedByItsLastRowLeavesEveryTable() throws {
        let dir = try Self.scratch("lenient")
        try Self.batch(dir, projects: 50)
        var lines = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let target = header.firstIndex(of: "target")!, id = header.firstIndex(of: "project_id")!
        var last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        last[target] = "abc"
        lines[lines.count - 1] = last.joined(separator: ",")
        try Self.writeLines(lines + [""], "\(dir)/i.csv")
        let rejected = last[id]
        #expect(lines.dropFirst().dropLast().contains { $0.split(separator: ",")[id] == rejected[...] })
        let (held, streamed) = try Self.both(dir, options: .init(lenient: true, threads: 2), window: 7)
        #expect(streamed == held)
        let written = try Self.lines("\(dir)/streamed-7/indicator_scores.csv")
        #expect(!written.contains { $0.split(separator: ",").count > id && $0.split(separator: ",")[id] == rejected[...] })
        #expect(try Self.lines("\(dir)/streamed-7/rejects.csv").contains { $0.contains(rejected) })
    }

    /// normalize_points: a project whose points total 110 is rescaled, which is known only after
    /// its last row; the file is read again with the factor.
    @Test func rescaledPointsAreWrittenRescaled() throws {
        let dir = try Self.scratch("normalize")
        try Self.batch(dir, projects: 30)
        var lines = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let points = header.firstIndex(of: "points")!
        var first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        first[points] = String(Double(first[points])! + 10)
        lines[1] = first.joined(separator: ",")
        try Self.writeLines(lines + [""], "\(dir)/i.csv")
        var scheme = Scheme()
        scheme.normalizePoints = true
        let (held, streamed) = try Self.both(dir, options: .init(scheme: scheme, threads: 2), window: 7)
        #expect(streamed == held)
        // The first row's points as written: (p + 10) × 90 / (90 + 10) of the indicators' 90 points.
        let row = try Self.lines("\(dir)/streamed-7/indicator_scores.csv")[1].split(separator: ",").map(String.init)
        let expected = (Double(first[points])!) * 90 / 100
        #expect(abs(Double(row[8])! - expected) < 1e-9)
    }

    /// Strict mode: a bad row in the last window leaves the results of an earlier run as they
    /// were, and no staging folder behind.
    @Test func aBadLastRowLeavesTheEarlierResults() throws {
        let dir = try Self.scratch("strict")
        try Self.batch(dir, projects: 50)
        _ = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", writingTo: "\(dir)/out")
        let before = try Self.files("\(dir)/out")
        var lines = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        last[header.firstIndex(of: "points")!] = "-5"
        lines[lines.count - 1] = last.joined(separator: ",")
        try Self.writeLines(lines + [""], "\(dir)/i.csv")
        #expect(throws: InputRejected.self) {
            _ = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", options: .init(threads: 2),
                                     writingTo: "\(dir)/out", language: .en, format: .csv(excel: false),
                                     tables: Set(ResultTable.allCases), windowBytes: 7)
        }
        #expect(try Self.files("\(dir)/out") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["i.csv", "out", "p.csv"])
    }

    @Test func outputsWritesExactlyTheTablesNamed() throws {
        let dir = try Self.scratch("outputs")
        try Self.batch(dir, projects: 30)
        for tables: Set<ResultTable> in [[.projectScores, .departments], [.indicatorScores], [.flags, .sectors]] {
            let out = "\(dir)/out-\(tables.count)-\(tables.first!.rawValue)"
            let (_, names) = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", writingTo: out, tables: tables)
            #expect(Set(names) == Set(tables.map { "\($0.rawValue).csv" }))
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out)) == Set(names + [".scorekernel-results"]))
        }
    }

    /// A CSV syntax error ends the read where it is, whatever the window and the parts: the
    /// same problems, on the same lines, with one worker or two, in windows of 7 bytes or 64 MB.
    @Test func aSyntaxErrorEndsTheReadTheSameWayForAnyPartition() throws {
        let dir = try Self.scratch("syntax")
        try Self.batch(dir, projects: 2_000)  // over 1 MiB of indicators: parsed in parts
        var lines = try Self.lines("\(dir)/i.csv").filter { !$0.isEmpty }
        #expect(lines.joined().utf8.count > 1 << 20)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let id = header.firstIndex(of: "project_id")!, target = header.firstIndex(of: "target")!
        for k in [40, lines.count / 2, lines.count - 3] {  // unknown projects after the error
            var row = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            row[id] = "NOPE-\(k)"
            lines[k] = row.joined(separator: ",")
        }
        var bad = lines[30].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        bad[target] = "ab\"c"
        lines[30] = bad.joined(separator: ",")
        try Self.writeLines(lines + [""], "\(dir)/i.csv")
        func problems(threads: Int, window: Int) -> [String] {
            do {
                _ = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", options: .init(threads: threads),
                                         writingTo: "\(dir)/out", language: .en, format: .csv(excel: false), tables: [.projectScores],
                                         windowBytes: window)
                return []
            } catch let rejected as InputRejected {
                return rejected.diagnostics.errors.map { "\($0)" }
            } catch {
                return ["\(error)"]
            }
        }
        let reference = problems(threads: 1, window: IndicatorTableReader.windowBytes)
        // Line 1 is the header: row k of the list is line k + 1. The unknown project on line 41
        // comes after the bad quote on line 31, so it is not read.
        #expect(reference.count == 1 && reference[0].contains("i.csv:31"))
        for (threads, window) in [(2, IndicatorTableReader.windowBytes), (2, 7), (1, 7), (2, 300_000)] {
            #expect(problems(threads: threads, window: window) == reference, "\(threads) threads, window \(window)")
        }
    }

    /// A rejected input is reported as such even when --out could not be written: nothing is
    /// made before the first rows stream.
    @Test func aRejectedInputIsReportedBeforeABadOut() throws {
        let dir = try Self.scratch("badout")
        try Self.batch(dir, projects: 20)
        try "not a folder".write(toFile: "\(dir)/out", atomically: true, encoding: .utf8)
        var lines = try Self.lines("\(dir)/p.csv").filter { !$0.isEmpty }
        lines[1] = lines[1].replacingOccurrences(of: ",", with: ";")  // a wrong number of fields
        try Self.writeLines(lines + [""], "\(dir)/p.csv")
        #expect(throws: InputRejected.self) {
            _ = try Evaluation.score(projectsPath: "\(dir)/p.csv", indicatorsPath: "\(dir)/i.csv", writingTo: "\(dir)/out/results")
        }
        #expect(try String(contentsOfFile: "\(dir)/out", encoding: .utf8) == "not a folder")
    }
}
