import Foundation
import Testing

/// `--out` is replaced whole or not at all (SPEC §5, issue 14): every test first writes a good
/// run, then tries to spoil it.
@Suite struct AtomicOutputTests {
    let good = ScoreCommandTests()

    /// Every file of a folder (hidden ones too), by name.
    func contents(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return out
    }

    /// Scores the good tables into `out` and returns what is there.
    func firstRun(_ dir: String, out: String, _ extra: [String] = []) throws -> [String: Data] {
        try good.write(dir)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", out] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try contents(out)
    }

    @Test func aRejectedRunLeavesTheResultsByteIdentical() throws {
        let dir = try CLI.temporaryFolder()
        let before = try firstRun(dir, out: "\(dir)/out")
        try "project_id,department,budget,executed\nP1,D,x,1\n".write(toFile: "\(dir)/bad.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", "--projects", "\(dir)/bad.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 2)
        #expect(try contents("\(dir)/out") == before)
    }

    /// A new run replaces the folder whole: no rejects.csv of an earlier lenient run, no JSON
    /// files of an earlier JSON run beside the new CSV files.
    @Test func noStaleFileOfAnEarlierRunRemains() throws {
        let dir = try CLI.temporaryFolder()
        _ = try firstRun(dir, out: "\(dir)/out", ["--lenient", "--format", "json"])
        #expect(FileManager.default.fileExists(atPath: "\(dir)/out/rejects.json"))
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/out").sorted()
        #expect(names == [".scorekernel-results", "department_categories.csv", "departments.csv", "flags.csv", "indicator_scores.csv",
                          "project_scores.csv", "sectors.csv"])
        // Nothing is left beside it either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["i.csv", "out", "p.csv"])
    }

    /// A results folder that also holds a file of the user's (here the inputs themselves) is not
    /// replaced: the run stops (exit 1) and deletes nothing. A report score --report added is ours.
    @Test func aResultsFolderHoldingOtherFilesIsNotReplaced() throws {
        let dir = try CLI.temporaryFolder()
        _ = try firstRun(dir, out: "\(dir)/out", ["--report"])
        let again = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out", "--report"])
        #expect(again.status == 0, "\(again.stderr)")
        try FileManager.default.copyItem(atPath: "\(dir)/p.csv", toPath: "\(dir)/out/p.csv")
        try FileManager.default.copyItem(atPath: "\(dir)/i.csv", toPath: "\(dir)/out/i.csv")
        let before = try contents("\(dir)/out")
        let r = try CLI.run(["score", "--projects", "\(dir)/out/p.csv", "--indicators", "\(dir)/out/i.csv", "--out", "\(dir)/out"])
        #expect(r.status == 1 && r.stderr.contains("i.csv"), "\(r.stderr)")
        #expect(try contents("\(dir)/out") == before)
    }

    /// --out through a link replaces the folder the link points to, and the link stays.
    @Test func aLinkedOutReplacesItsTarget() throws {
        let dir = try CLI.temporaryFolder()
        _ = try firstRun(dir, out: "\(dir)/target")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link", withDestinationPath: "\(dir)/target")
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/link",
                             "--outputs", "project_scores"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/link") == "\(dir)/target")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/target")) == [".scorekernel-results", "project_scores.csv"])
    }

    /// A staging folder left by a killed run (its process gone) is removed by the next run, and
    /// a folder name of 250 bytes is no problem for the staging folder's name.
    @Test func aKilledRunsStagingFolderIsRemovedAndLongNamesWork() throws {
        let dir = try CLI.temporaryFolder()
        let name = String(repeating: "r", count: 250)
        _ = try firstRun(dir, out: "\(dir)/\(name)")
        let stale = "\(dir)/." + String(repeating: "r", count: 200) + ".partial-999999999"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: false)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/\(name)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [name, "i.csv", "p.csv"].sorted())
    }

    @Test func aNegativeMaxErrorsIsAUsageError() throws {
        let dir = try CLI.temporaryFolder()
        try good.write(dir)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/out", "--max-errors=-1"])
        #expect(r.status == 64 && r.stderr.contains("--max-errors"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
    }

    @Test func aFolderOfOtherFilesIsNeverReplaced() throws {
        let dir = try CLI.temporaryFolder()
        try good.write(dir)
        try FileManager.default.createDirectory(atPath: "\(dir)/mine", withIntermediateDirectories: true)
        try "keep me".write(toFile: "\(dir)/mine/notes.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["score", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--out", "\(dir)/mine"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("holds files that are not ScoreKernel results"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/mine") == ["notes.txt"])
    }

    /// A write that fails midway (the disk fills up) is exit 1, and the earlier results are
    /// intact. The full disk is a 256 KiB tmpfs where the test may mount one (as root); elsewhere
    /// a file-size limit of 64 KiB (`ulimit -f`, with SIGXFSZ ignored so that write fails
    /// with EFBIG instead of killing the process).
    @Test func aWriteFailureLeavesTheResultsIntact() throws {
        let dir = try CLI.temporaryFolder()
        let disk = "\(dir)/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mounted = (try? CLI.shell("mount -t tmpfs -o size=256k tmpfs '\(disk)'").status) == 0
        defer { if mounted { _ = try? CLI.shell("umount '\(disk)'") } }
        let before = try firstRun(dir, out: "\(disk)/out")
        // 3,000 projects: several MB of results, more than either limit allows.
        #expect(try CLI.run(["generate", "--projects", "3000", "--seed", "1", "--out", "\(dir)/big"]).status == 0)
        let score = "'\(CLI.binary.path)' score --projects '\(dir)/big/projects.csv' --indicators '\(dir)/big/indicators.csv' --out '\(disk)/out'"
        let r = try CLI.shell(mounted ? score : "trap '' XFSZ; ulimit -f 64; exec \(score)")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(mounted ? "No space left on device" : "File too large"), "\(r.stderr)")
        #expect(try contents("\(disk)/out") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk) == ["out"])
    }
}
