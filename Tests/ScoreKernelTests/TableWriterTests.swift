import Testing
@_spi(Stages) @testable import ScoreKernel

@Suite struct TableWriterTests {
    /// Statistics are written so that they read back as the same `Double`, never longer than
    /// Swift's own shortest form: the decimal fast path against `Double.description`.
    @Test func roundTripNumbersReadBackExactly() {
        var r = SplitMix64(seed: 5)
        var values: [Double] = [0, -0.0, 0.1, 0.3, 0.1 + 0.2, 1.0 / 3, 95.5, 99.9, 123456.789, -42.125, 1e15, 1e-7, 87.5, 12.5]
        for _ in 0..<5000 {
            let digits = Double(r.below(100_000_000)) - 50_000_000
            values.append(digits / [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7][r.below(8)])
            values.append(r.uniform(-1000...1000))
        }
        for x in values {
            var w = TableWriter(format: .csv(excel: false), header: ["x"])
            w.roundTrip(x)
            w.endRow()
            let text = String(decoding: w.finish(), as: UTF8.self).split(separator: "\r\n")[1]
            #expect(Double(text) == x, "\(x) written as \(text)")
            #expect(text.count <= x.description.count + 1, "\(x) written as \(text), Swift: \(x.description)")
        }
    }

    @Test func jsonRowsAreObjectsWithNullForEmpty() {
        var w = TableWriter(format: .json, header: ["a", "b"])
        w.text("x\"y")
        w.empty()
        w.endRow()
        w.roundTrip(2.5)
        w.integer(3)
        w.endRow()
        #expect(String(decoding: w.finish(), as: UTF8.self) == "[\n{\"a\":\"x\\\"y\",\"b\":null},\n{\"a\":2.5,\"b\":3}\n]\n")
    }

    /// Money sums in 128 bits, written exactly past 2^63 and 2^64: 2^63 millionths is
    /// 9,223,372,036,854.775808; 10^25 + 5 millionths is 10^19 yuan (below 2^64 ≈ 1.8·10^19) and
    /// 5 millionths; (10^25 + 5)·10^6 millionths is 10^25 + 5 yuan, an integer part past 2^64,
    /// written by the 128-bit path as 19-digit halves with their leading zeros.
    @Test func amountsPastInt64AreWrittenExactly() {
        func written(_ micros: Int128) -> String {
            var w = TableWriter(format: .csv(excel: false), header: ["x"])
            w.amount(micros)
            w.endRow()
            return String(String(decoding: w.finish(), as: UTF8.self).split(separator: "\r\n")[1])
        }
        #expect(written(Int128(Int64.max) + 1) == "9223372036854.775808")
        #expect(written(12_000_000_000_000_010_000) == "12000000000000.01")
        let big = Int128(10_000_000_000_000) * 1_000_000_000_000 + 5  // 10^25 + 5
        #expect(written(big) == "10000000000000000000.000005")
        #expect(written(big * 1_000_000) == "10000000000000000000000005.00")
        #expect(written(-big) == "-10000000000000000000.000005")
    }
}

