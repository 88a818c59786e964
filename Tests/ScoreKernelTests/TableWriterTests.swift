import Foundation
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

    /// A value with no short decimal is written as `Double.description` spells it, character for
    /// character, in every format: z-scores, tiny and huge values, negative zero's neighbours.
    @Test func fullPrecisionValuesAreWrittenAsSwiftSpellsThem() {
        var r = SplitMix64(seed: 17)
        var values: [Double] = [1.0 / 3, -2.0 / 3, 1e-7, 123456.7891234, 1e22, 1.7976931348623157e308, 5e-324, -0.0.nextDown, 0.1 + 0.2]
        for _ in 0..<20_000 { values += [r.uniform(-5...5), r.uniform(-1e-3...1e-3), Double(bitPattern: r.next())] }
        for x in values where x.isFinite && TableWriter.shortDecimal(x) == nil {
            var csv = TableWriter(format: .csv(excel: false), header: ["x"])
            csv.roundTrip(x)
            #expect(Array(csv.finish().dropFirst(3)) == Array(x.description.utf8), "\(x)")
            var json = TableWriter(format: .json, header: ["x"])
            json.roundTrip(x)
            json.endRow()
            #expect(String(decoding: json.finish(), as: UTF8.self) == "[\n{\"x\":\(x.description)}\n]\n", "\(x)")
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

    /// The one-test rejection of full-precision values in `shortDecimal` changes no answer: it
    /// agrees with trying k = 0…6 one by one on values of every kind (short decimals, their
    /// neighbours one ulp away, z-scores, integers up to 2^53 and past it, tiny and huge ones).
    @Test func shortDecimalAgreesWithTryingEveryDecimal() {
        func tryingEach(_ x: Double) -> (Int64, Int)? {
            let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]
            for k in 0..<powers.count {
                let y = x * powers[k]
                guard abs(y) < 9_007_199_254_740_992 else { return nil }
                let n = y.rounded()
                if n / powers[k] == x { return (Int64(n), k) }
            }
            return nil
        }
        var r = SplitMix64(seed: 11)
        var values: [Double] = [0, -0.0, 1e-7, 5e-7, 1e-6, 1.5e-6, 9_007_199_254_740_991, 9_007_199_254_740_992, 1_125_899_906_842_623,
                                1_125_899_906_842_624.5, 1e15 + 0.5, 4.5e15, 1e300, -1e-300]
        for _ in 0..<50_000 {
            let short = (Double(r.below(2_000_000_000)) - 1_000_000_000) / [1, 10, 100, 1000, 1e4, 1e5, 1e6][r.below(7)]
            let scale = [1.0, 1e3, 1e6, 1e9, 1e12][r.below(5)]
            values += [short, short.nextUp, short.nextDown, short * scale, r.uniform(-5...5), r.uniform(-1e12...1e12)]
        }
        for x in values {
            let fast = TableWriter.shortDecimal(x)
            let slow = tryingEach(x)
            #expect(fast?.0 == slow?.0 && fast?.1 == slow?.1, "\(x): \(String(describing: fast)) against \(String(describing: slow))")
        }
    }

    /// Scores, rates and integers as digits (worked by hand): 863 units at 2 decimals is 8.63,
    /// -5 is -0.05, 7 at 4 decimals 0.0007, Int64.min at 2 decimals -92233720368547758.08.
    @Test func decimalsAreWrittenDigitByDigit() {
        func written(_ write: (inout TableWriter) -> Void) -> String {
            var w = TableWriter(format: .csv(excel: false), header: ["x"])
            write(&w)
            w.endRow()
            return String(String(decoding: w.finish(), as: UTF8.self).split(separator: "\r\n")[1])
        }
        #expect(written { $0.decimal(units: Int64(863), decimals: 2) } == "8.63")
        #expect(written { $0.decimal(units: Int64(-5), decimals: 2) } == "-0.05")
        #expect(written { $0.decimal(units: Int64(7), decimals: 4) } == "0.0007")
        #expect(written { $0.decimal(units: Int64(0), decimals: 0) } == "0")
        #expect(written { $0.decimal(units: Int64(100), decimals: 0) } == "100")
        #expect(written { $0.decimal(units: Int64(Int64.min), decimals: 2) } == "-92233720368547758.08")
        #expect(written { $0.decimal(units: Int64(Int64.max), decimals: 0) } == "9223372036854775807")
        #expect(written { $0.integer(-1234567) } == "-1234567")
    }

    /// A text field is quoted when a comma, quote, CR or LF is anywhere in it — in the words of
    /// eight bytes the scan reads and in the bytes after them — and only then.
    @Test func textIsQuotedExactlyWhenItMustBe() {
        for length in 1...20 {
            for at in 0..<length {
                for special in [",", "\"", "\r", "\n", "\t", ";", "项"] {
                    var text = String(repeating: "a", count: length)
                    text.replaceSubrange(text.index(text.startIndex, offsetBy: at)...text.index(text.startIndex, offsetBy: at), with: special)
                    var w = TableWriter(format: .csv(excel: false), header: ["x"])
                    w.text(text)
                    let row = Array(w.finish().dropFirst(3))  // after x CR LF
                    let quoted = [",", "\"", "\r", "\n"].contains(special)
                    let expected = quoted ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                    #expect(row == Array(expected.utf8), "\(text.debugDescription)")
                }
            }
        }
    }
}
