import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §4.1 and §4.3, one direction and scheme choice at a time, values computed by hand.
@Suite struct AchievementTests {
    @Test func atLeastIsTheCappedRatio() throws {
        #expect(try achievement("output,>=,100,90,50") == 0.9)  // 90 / 100
        #expect(try indicatorScore("output,>=,100,90,50") == 45)  // 50 × 0.9
        #expect(try achievement("output,>=,100,130,50") == 1)  // min(1.3, 1)
        #expect(try achievement("output,>,100,90,50") == 0.9)  // > scores as >=
        #expect(try achievement("output,>=,0,5,50") == 1)  // A = 0, B ≥ 0
        #expect(try achievement("output,>=,100,0,50") == 0)
    }

    @Test func negativeActualIsTakenAsZero() throws {
        #expect(try achievement("output,>=,100,-5,50") == 0)
        #expect(try achievement("output,<=,10,-5,50") == 1)  // B = 0 ≤ A
    }

    @Test func reverseRatioAndLinear() throws {
        #expect(try achievement("output,<=,30,25,30") == 1)  // B ≤ A
        #expect(try achievement("output,<=,30,40,30") == 0.75)  // ratio 30 / 40
        #expect(try indicatorScore("output,<=,30,40,30") == 22.5)  // 30 × 0.75
        var linear = Scheme()
        linear.reverse = .linear
        // 1 − (40 − 30) / 30 = 0.6667; 30 × 0.6667 = 20.00
        #expect(try indicatorScore("output,<=,30,40,30", scheme: linear) == 20)
        #expect(try achievement("output,<=,30,60,30", scheme: linear) == 0)  // B = 2A
        #expect(try achievement("output,<=,30,75,30", scheme: linear) == 0)  // beyond 2A, not negative
        #expect(try achievement("output,<,30,40,30") == 0.75)  // < scores as <=
    }

    @Test func reverseWithZeroTarget() throws {
        #expect(try achievement("output,<=,0,0,10") == 1)  // B ≤ 0
        #expect(try achievement("output,<=,0,1,10") == 0)
    }

    @Test func equalAsPositiveAndTwoSided() throws {
        #expect(try achievement("output,=,100,95,10") == 0.95)
        #expect(try achievement("output,=,100,110,10") == 1)  // as_positive: as >=
        var twoSided = Scheme()
        twoSided.equal = .twoSided
        #expect(try achievement("output,=,100,95,10", scheme: twoSided) == 0.95)  // below: as >=
        // above: as <= (ratio) → 100 / 110 = 0.90909…; 10 × 0.90909 = 9.09
        #expect(try indicatorScore("output,=,100,110,10", scheme: twoSided) == 9.09)
        #expect(try achievement("output,=,0,0,10") == 1)  // A = 0: 1 when B ≤ 0
        #expect(try achievement("output,=,0,2,10") == 0)
    }

    @Test func rangeInsideBelowAndAbove() throws {
        #expect(try achievement("benefit,range,5-10,7,30") == 1)
        #expect(try achievement("benefit,range,5-10,5,30") == 1)  // bounds inclusive
        #expect(try achievement("benefit,range,5-10,10,30") == 1)
        #expect(try achievement("benefit,range,5-10,4,30") == 0.8)  // below: 4 / 5
        #expect(try achievement("benefit,range,5-10,12.5,30") == 0.8)  // above: 10 / 12.5
        #expect(try achievement("benefit,range,0-10,0,30") == 1)
        var linear = Scheme()
        linear.reverse = .linear
        #expect(try achievement("benefit,range,5-10,12.5,30", scheme: linear) == 0.75)  // 1 − 2.5 / 10
    }

    @Test func qualitativeGradesWithAndWithoutEnteredScore() throws {
        #expect(try indicatorScore("benefit,qual,效果明显,达成,10") == 10)  // 1.0 × 10
        #expect(try indicatorScore("benefit,qual,效果明显,基本达成,10") == 7)  // 0.7 × 10
        #expect(try indicatorScore("benefit,qual,效果明显,未达成,10") == 3)  // 0.3 × 10
        #expect(try indicatorScore("benefit,qual,效果明显,达成,10,8.5") == 8.5)  // entered, in band [8, 10]
        #expect(try achievement("benefit,qual,效果明显,达成,10,8.5") == 0.85)
        // Entered 6.666 rounds at precision 2 to 6.67; partial band [6, 8).
        #expect(try indicatorScore("benefit,qual,效果明显,部分达成,10,6.666") == 6.67)
    }

    @Test func nonNumericTargetWithAGradeIsQualitative() throws {
        let (batch, s) = try scoreProject(["benefit,>=,严格执行相关制度规定,部分达成,10"])
        #expect(batch.indicators.direction[0] == .qualitative)
        #expect(s.value(s.indicatorScore[0]) == 7)
    }

    @Test func overshootFlagAtTheThreshold() throws {
        let (_, at) = try scoreProject(["output,>=,100,120,50"])  // 120 ≥ 1.2 × 100
        #expect(at.indicatorFlags[0].contains(.overshoot))
        let (_, below) = try scoreProject(["output,>=,100,119.99,50"])
        #expect(!below.indicatorFlags[0].contains(.overshoot))
        #expect(below.value(below.indicatorScore[0]) == 50)  // never above the points
        var guangxi = Scheme()
        guangxi.overshootFlag = 1.3
        let (_, g) = try scoreProject(["output,>=,100,120,50"], scheme: guangxi)
        #expect(!g.indicatorFlags[0].contains(.overshoot))
        let (_, eq) = try scoreProject(["output,=,100,125,50"])  // as_positive = counts
        #expect(eq.indicatorFlags[0].contains(.overshoot))
        let (_, le) = try scoreProject(["output,<=,100,200,50"])  // reverse never overshoots
        #expect(!le.indicatorFlags[0].contains(.overshoot))
    }

    @Test func underachievedWhenBelowFull() throws {
        let (_, s) = try scoreProject(["output,>=,100,99,50", "output,>=,100,100,40"])
        #expect(s.indicatorFlags[0].contains(.underachieved))
        #expect(!s.indicatorFlags[1].contains(.underachieved))
    }

    @Test func mixedDirectionsInOneBlockOfEightAndATail() throws {
        // Eleven rows: one SIMD block of eight and a tail of three, every direction present.
        let rows = [
            "output,>=,100,90,10", "output,<=,30,40,10", "output,=,100,95,10", "benefit,range,5-10,4,10",
            "benefit,qual,好,基本达成,10", "output,>,50,25,10", "output,<,10,20,10", "output,>=,0,1,5",
            "benefit,range,5-10,12.5,5", "satisfaction,>=,90,81,5", "output,<=,0,3,5",
        ]
        let (_, s) = try scoreProject(rows)
        let expected = [0.9, 0.75, 0.95, 0.8, 0.7, 0.5, 0.5, 1, 0.8, 0.9, 0]
        #expect(Array(s.achievement) == expected)
    }
}
