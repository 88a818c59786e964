import Foundation
import Testing

/// `evalcli generate --format forms` and `evalcli import-forms` as a user runs them.
@Suite struct ImportFormsCommandTests {
    /// Forms generated, imported and scored: the import says what it read, and the batch scores.
    @Test func formsImportAndScore() throws {
        let dir = try CLI.temporaryFolder()
        let generate = try CLI.run(["generate", "--projects", "25", "--seed", "6", "--format", "forms", "--out", "\(dir)/forms"])
        #expect(generate.status == 0 && generate.stdout.contains("workbooks of forms in"))
        let run = try CLI.run(["import-forms", "\(dir)/forms", "--out", "\(dir)/batch"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("read       25 forms from"))
        let score = try CLI.run(["score", "--projects", "\(dir)/batch/projects.csv", "--indicators", "\(dir)/batch/indicators.csv", "--out", "\(dir)/r"])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("projects   25"))
    }

    /// What is not a form is named on stderr and in rejects.csv, and the exit code says so (2);
    /// the forms beside it are written.
    @Test func notAFormIsNamedAndTheExitCodeSaysSo() throws {
        let dir = try CLI.temporaryFolder()
        #expect(try CLI.run(["generate", "--projects", "4", "--seed", "1", "--format", "forms", "--out", "\(dir)/forms"]).status == 0)
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/forms/笔记.xlsx"))
        let run = try CLI.run(["import-forms", "\(dir)/forms", "--out", "\(dir)/batch"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: 笔记.xlsx: "))
        #expect(run.stdout.contains("read       4 forms") && run.stdout.contains("rejects.csv (1 not read)"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/batch/rejects.csv"))
    }
}
