import Testing
@testable import bench

/// The CI gate's arithmetic: which stages count as fallen behind, and what is left unjudged.
@Suite struct BaselineComparisonTests {
    let ingest = StageKey(stage: "ingest", projects: 10_000)
    let generate = StageKey(stage: "generate", projects: 10_000)
    let score = StageKey(stage: "score", projects: 100_000)

    @Test func fallingMoreThanTheToleranceBelowRegresses() {
        let c = BaselineComparison(current: [ingest: 0.0070, generate: 0.0120],
                                   baseline: [ingest: 0.0100, generate: 0.0100], tolerance: 0.25)
        #expect(c.regressions.map(\.key) == [ingest])
        #expect(!c.passed)
        #expect(abs(c.entries.first { $0.key == ingest }!.change + 0.3) < 1e-12)
    }

    @Test func withinToleranceAndImprovementsPass() {
        let c = BaselineComparison(current: [ingest: 0.0076, generate: 0.0500],
                                   baseline: [ingest: 0.0100, generate: 0.0100], tolerance: 0.25)
        #expect(c.regressions.isEmpty)
        #expect(c.passed)
    }

    @Test func exactlyAtTheToleranceIsNotARegression() {
        let c = BaselineComparison(current: [ingest: 0.75], baseline: [ingest: 1.0], tolerance: 0.25)
        #expect(c.passed)
    }

    @Test func zeroToleranceFailsOnAnyDrop() {
        let c = BaselineComparison(current: [ingest: 0.999], baseline: [ingest: 1.0], tolerance: 0)
        #expect(c.regressions.map(\.key) == [ingest])
    }

    @Test func everyRegressionIsNamed() {
        let c = BaselineComparison(current: [ingest: 0.1, generate: 0.1, score: 0.1],
                                   baseline: [ingest: 1, generate: 1, score: 1], tolerance: 0.25)
        #expect(c.regressions.map(\.key) == [generate, ingest, score])
        let text = c.render()
        for key in [generate, ingest, score] { #expect(text.contains("\(key) (")) }
        #expect(text.contains("FAIL"))
    }

    @Test func stagesOnOneSideOnlyAreListedNotJudged() {
        let c = BaselineComparison(current: [ingest: 1, generate: 1], baseline: [ingest: 1, score: 1], tolerance: 0.25)
        #expect(c.entries.map(\.key) == [ingest])
        #expect(c.newInRun == [generate])
        #expect(c.notRun == [score])
        #expect(c.passed)
    }

    @Test func nothingInCommonFails() {
        let c = BaselineComparison(current: [ingest: 1], baseline: [score: 1], tolerance: 0.25)
        #expect(c.entries.isEmpty)
        #expect(!c.passed)
        #expect(c.render().contains("nothing was checked"))
    }

    @Test func unusableBaselineRatiosAreSkipped() {
        let c = BaselineComparison(current: [ingest: 1, generate: 1, score: 1],
                                   baseline: [ingest: 0, generate: .nan, score: 1], tolerance: 0.25)
        #expect(c.entries.map(\.key) == [score])
        #expect(c.newInRun == [generate, ingest])
    }

    @Test func aNaNRatioInTheRunRegresses() {
        let c = BaselineComparison(current: [ingest: .nan], baseline: [ingest: 1], tolerance: 0.25)
        #expect(c.regressions.map(\.key) == [ingest])
    }
}
