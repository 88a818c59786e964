import Foundation
import Testing

@Suite struct GenerateValidateTests {
    @Test func sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws {
        let dir = try CLI.temporaryFolder()
        for (name, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
            let r = try CLI.run(["generate", "--projects", "5000", "--seed", seed, "--out", "\(dir)/\(name)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = FileManager.default.contents(atPath: "\(dir)/a/indicators.csv")
        let b = FileManager.default.contents(atPath: "\(dir)/b/indicators.csv")
        let c = FileManager.default.contents(atPath: "\(dir)/c/indicators.csv")
        #expect(a != nil && a == b)
        #expect(a != c)
    }

    @Test func generatedBatchValidatesWithoutErrorsInBothLanguages() throws {
        let dir = try CLI.temporaryFolder()
        for lang in ["en", "zh"] {
            let g = try CLI.run(["generate", "--projects", "3000", "--seed", "1", "--out", "\(dir)/\(lang)", "--lang", lang])
            #expect(g.status == 0)
            let v = try CLI.run(["validate", "--projects", "\(dir)/\(lang)/projects.csv", "--indicators", "\(dir)/\(lang)/indicators.csv"])
            #expect(v.status == 0, "\(v.stderr)")
            #expect(v.stdout.contains("projects     3000"))
            #expect(v.stdout.contains("errors       0"))
        }
    }

    @Test func rejectedInputExitsTwoAndNamesFileLineAndColumn() throws {
        let dir = try CLI.temporaryFolder()
        try "project_id,department,budget,executed\nP1,A,abc,1\n".write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try "project_id,level1,indicator,target,actual,points\nP1,output,X,>=1,1,90\n".write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.csv:2: column budget: \"abc\" is not a number"))
    }

    @Test func lenientModeExcludesAndExitsZero() throws {
        let dir = try CLI.temporaryFolder()
        try "project_id,department,budget,executed\nP1,A,abc,1\nP2,A,10,5\n".write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try "project_id,level1,indicator,target,actual,points\nP1,output,X,>=1,1,90\nP2,output,X,>=1,1,90\n".write(toFile: "\(dir)/i.csv", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", "--projects", "\(dir)/p.csv", "--indicators", "\(dir)/i.csv", "--lenient"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("projects     1"))
        #expect(r.stdout.contains("excluded: 1 projects"))
    }

    @Test func missingFileExitsTwo() throws {
        let r = try CLI.run(["validate", "--projects", "/nonexistent/p.csv", "--indicators", "/nonexistent/i.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.csv"))
    }

    @Test func usageErrorExits64() throws {
        let r = try CLI.run(["validate", "--projects"])
        #expect(r.status == 64)
        let g = try CLI.run(["generate", "--projects", "0", "--out", "x"])
        #expect(g.status == 64)
    }

    @Test func schemeCommandPrintsPresetAndRejectsABadFile() throws {
        let r = try CLI.run(["scheme", "--scheme", "tiers"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("一等"))
        let dir = try CLI.temporaryFolder()
        try "precision: 9\nbogus: 1\n".write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["scheme", "--scheme", "\(dir)/s.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("s.yaml:1"))
        #expect(bad.stderr.contains("s.yaml:2"))
    }
}

/// `generate --out` naming a file: exit 1 and a message in plain words, no Foundation error dump.
@Test func generateIntoAFileIsAPlainError() throws {
    let dir = try CLI.temporaryFolder()
    try "x".write(toFile: "\(dir)/taken", atomically: true, encoding: .utf8)
    let r = try CLI.run(["generate", "--projects", "10", "--out", "\(dir)/taken"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("\(dir)/taken: cannot create the folder"), "\(r.stderr)")
    #expect(!r.stderr.contains("NSCocoaErrorDomain"))
}
