import Foundation
import Testing

/// examples/county-tables scores without an edit by hand (issue 12), to the totals worked out in
/// its README.
@Suite struct CountyTablesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/county-tables").standardized.path

    func score(_ extra: [String] = []) throws -> (run: CLI.Run, totals: [String: String]) {
        let out = try CLI.temporaryFolder() + "/out"
        let r = try CLI.run(["score", "--projects", Self.folder + "/projects.csv", "--indicators", Self.folder + "/indicators.csv",
                             "--out", out] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: out + "/project_scores.csv", encoding: .utf8).split(separator: "\r\n").dropFirst()
        var totals: [String: String] = [:]
        for row in rows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            totals[f[1]] = f[11]
        }
        return (r, totals)
    }

    @Test func scoresAsPublishedWithWarningsOnlyForTheSignedActuals() throws {
        let (r, totals) = try score()
        // 永德: 20 + 15 + 10 + 5 + 20 + 较好 0.7 × 10 + 10 = 87; execution 10 × 1,150,000 / 1,200,000 = 9.58.
        // 中江: all met, 90 + 10. 临翔: 90 + 10 × 316,900 / 324,000 = 9.78.
        #expect(totals == ["YD2022-01": "96.58", "ZJ2022-07": "100.00", "LX2023-03": "99.78"])
        #expect(!r.stderr.contains("error"))
        #expect(r.stderr.components(separatedBy: "is written with a direction sign").count - 1 == 2)
    }

    @Test func linxiangsSchemeTruncates() throws {
        let (_, totals) = try score(["--scheme", Self.folder + "/linxiang.yaml"])
        // Precision 0, truncated: 临翔's execution 9.78 → 9, total 99.
        #expect(totals["LX2023-03"] == "99")
    }
}
