import Testing
@_spi(Stages) @testable import ScoreKernel

/// ExactRatio.value(dividedBy:) is correctly rounded (a helper's polars comparison found
/// weighted means a last bit off when Σ budget × total passed 2^53).
@Suite struct ExactRatioTests {
    /// (2^54 + 3) / 3 = 6,004,799,503,160,662.33…: nearest 6,004,799,503,160,662. Converting the
    /// numerator first rounds it to 2^54 + 4, and (2^54 + 4) / 3 = …662.67 rounds to …663.
    @Test func noDoubleRounding() {
        let r = ExactRatio(UInt128(18_014_398_509_481_987), over: 3)
        #expect(r.value(dividedBy: 1) == 6_004_799_503_160_662)
        #expect(Double(UInt128(18_014_398_509_481_987)) / 3 == 6_004_799_503_160_663)  // the old way, for contrast
        // Exact halves round to even: 5 / 2 = 2.5 stays 2.5 (representable); 1 / 3 of a point.
        #expect(ExactRatio(UInt128(5), over: 2).value(dividedBy: 1) == 2.5)
        #expect(ExactRatio(UInt128(100), over: 3).value(dividedBy: 100) == 1.0 / 3.0)
        #expect(ExactRatio(UInt128(0), over: 7).value(dividedBy: 100) == 0)
    }

    /// Where IEEE division of exact operands is itself correctly rounded (both below 2^53), the
    /// two must agree: random numerators below 2^50 over denominators below 2^20, at precisions
    /// 0 to 4 (scale² included).
    @Test func agreesWithIEEEDivisionOfExactOperands() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let n = UInt128(rng.next() >> 14), d = UInt128(rng.next() >> 44 | 1)
            let scale = [1.0, 10, 100, 10_000][rng.below(4)]
            let r = ExactRatio(n, over: d)
            #expect(r.value(dividedBy: scale) == Double(r.numerator) / (Double(r.denominator) * scale))
        }
    }
}
