import Foundation
import Testing
@_spi(Stages) @testable import ScoreKernel

/// Values checked where they are read (issue 14): the cases the CLI tests cannot see from
/// outside, against the reader and the scheme loader directly.
@Suite struct BoundaryTests {
    /// The number a cell reads as, or nil when it is not one.
    func number(_ text: String) -> Double? {
        let syntax = ValueSyntax(unitWords: Scheme().unitWords)
        return Array(text.utf8).withUnsafeBufferPointer { b in syntax.number(b, 0..<b.count)?.value.double }
    }

    @Test func thousandsSeparatorsOnlyBetweenGroupsOfThree() {
        #expect(number("1,234,567.5") == 1_234_567.5)
        #expect(number("12,345") == 12_345)
        #expect(number("１,２３４") == 1_234)  // full-width digits
        #expect(number("-1,000%") == -1_000)
        for bad in ["1,2,3", "12,34,5", "1,2345", "1,23", "1234,567", "1,234,56", "1.234,567", ",123", "1,"] {
            #expect(number(bad) == nil, "\(bad)")
        }
    }

    /// More significant digits than 64 bits hold used to read as 0 (found by the `values` fuzz
    /// target); such a number is read as strtod reads it.
    @Test func longNumbersReadAsTheirNearestDouble() {
        #expect(number("95.1234567890123456789") == 95.12345678901235)
        #expect(number("12345678901234567890123") == 1.2345678901234568e22)
        #expect(number("-１２３４５６７８９０１２３４５６７８９０１２") == -1234567890123456789012)  // full-width
        #expect(number("1,234,567,890,123,456,789,012.5") == 1234567890123456789012.5)
        #expect(number("0.000000000000000000000123456789") == 1.23456789e-22)
        #expect(number("12345678901234567890123e-3") == 1.2345678901234568e19)
    }

    /// The quick reading of plain numbers (ASCII digits, one `.`) against the general one: a
    /// leading `+` sends the same cell down the general path, which must read the same number,
    /// decimals and suffix, or refuse both; the tails are what the quick reading must hand on.
    @Test func plainNumbersReadAsTheGeneralReadingDoes() {
        let syntax = ValueSyntax(unitWords: Scheme().unitWords)
        func read(_ text: String) -> ValueSyntax.Number? {
            Array(text.utf8).withUnsafeBufferPointer { b in syntax.number(b, 0..<b.count) }
        }
        var rng = SplitMix64(seed: 0x504C_4149)
        let tails = ["", "%", " %", "个", "万元", " ", ".", ".5", "..5", "e3", "E-2", ",234", ",2", "x", "１", "．５", "，", "%%"]
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...21, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let fraction = Bool.random(using: &rng) ? "." + (0..<Int.random(in: 0...6, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined() : ""
            let text = digits + fraction + tails.randomElement(using: &rng)!
            #expect(read(text) == read("+" + text), "\(text)")
        }
        // By hand: 97.60% is 9760 × 10^-2 with two decimals; 5.% is 5% with none; a cell that
        // ends in its `.` is not a number.
        #expect(read("97.60%") == ValueSyntax.Number(value: DecimalNumber(digits: 9760, exponent: -2, fractionDigits: 2), suffix: .percent))
        #expect(read("5.%") == ValueSyntax.Number(value: DecimalNumber(digits: 5), suffix: .percent))
        #expect(read("5.") == nil)
        #expect(read("1.2.3") == nil && read("007") == ValueSyntax.Number(value: DecimalNumber(digits: 7), suffix: .none))
    }

    /// A number's parts share one word: each is set and read on its own, extremes saturate, and
    /// an inexact number keeps the nearest `Double` of all its digits.
    @Test func decimalNumberPartsStayApart() {
        var n = DecimalNumber(negative: true, digits: 12345, exponent: -3, fractionDigits: 3)
        #expect(n.negative && !n.inexact && n.digits == 12345 && n.exponent == -3 && n.fractionDigits == 3)
        #expect(n.double == -12.345)
        n.exponent = 4
        n.negative = false
        #expect(!n.negative && n.exponent == 4 && n.fractionDigits == 3 && n.digits == 12345 && n.double == 123_450_000)
        n.exponent = -5_000_000_000
        n.fractionDigits = 100_000
        #expect(n.exponent == Int(Int32.min) && n.fractionDigits == 65_535 && n.decimals() == 6 && !n.negative)
        n.exponent = 5_000_000_000
        #expect(n.exponent == Int(Int32.max) && n.fractionDigits == 65_535)
        // 30 digits: more than 64 bits hold; the nearest Double of all thirty (strtod's).
        let syntax = ValueSyntax(unitWords: [])
        let text = "-123456789012345678901234567890.5"
        let read = Array(text.utf8).withUnsafeBufferPointer { syntax.number($0, 0..<$0.count) }
        #expect(read?.value.inexact == true && read?.value.negative == true)
        #expect(read?.value.double == -123456789012345678901234567890.5 && read?.value.scaled(decimals: 0) == nil)
    }

    /// The word lookup by buckets of the first two bytes against the first word of the list, in
    /// order, that the text begins with: random lists over a few characters (one-, two- and
    /// three-byte words sharing starts, the empty word now and then) at every position of random
    /// texts.
    @Test func wordLookupFindsTheFirstWordOfTheList() {
        var rng = SplitMix64(seed: 0x574F_5244)
        let pieces = ["个", "人", "次", "万", "元", "a", "b", "%", "亿"]
        for round in 0..<400 {
            let list = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                (0..<Int.random(in: round % 10 == 0 ? 0...3 : 1...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            }
            let words = ValueSyntax.WordList(list)
            let bytes = Array((0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined().utf8)
            bytes.withUnsafeBufferPointer { b in
                for i in 0...b.count {
                    let expected = list.indices.first { w in
                        let word = Array(list[w].utf8)
                        return b.count - i >= word.count && Array(b[i..<(i + word.count)]) == word
                    }
                    #expect(ValueSyntax.word(in: words, b, i, b.count) == expected, "\(list) in \(bytes) at \(i)")
                }
            }
        }
    }

    @Test func numbersOutOfRangeAreNotRead() {
        func bounded(_ text: String) -> Double? {
            let syntax = ValueSyntax(unitWords: [])
            return Array(text.utf8).withUnsafeBufferPointer { b in syntax.number(b, 0..<b.count)?.value.boundedDouble }
        }
        #expect(bounded("1e15") == 1e15 && bounded("-1e15") == -1e15 && bounded("0") == 0 && bounded("1e-9") == 1e-9)
        for bad in ["1e309", "1e16", "1000000000000001", "1e-10", "-1e-300"] { #expect(bounded(bad) == nil, "\(bad)") }
    }

    @Test func periodsAreYearsOrMonthEnds() {
        #expect(PeriodDate("2024") == PeriodDate(year: 2024, month: nil))
        #expect(PeriodDate(" 2024-07 ") == PeriodDate(year: 2024, month: 7))
        #expect(PeriodDate("2024/7") == PeriodDate(year: 2024, month: 7))
        #expect(PeriodDate("2024.12") == PeriodDate(year: 2024, month: 12))
        #expect(PeriodDate("2024年7月") == PeriodDate(year: 2024, month: 7))
        #expect(PeriodDate("2024年") == PeriodDate(year: 2024, month: nil))
        for bad in ["2024-13", "2024-00", "abc", "2024Q3", "99999", "202", "2024-", "2024年7", "2024-7月", "2024-123"] {
            #expect(PeriodDate(bad) == nil, "\(bad)")
        }
    }

    /// A row with one field too many used to be dropped alone, so that with normalize_points its
    /// project was rescaled and scored from the other rows; now the project is excluded.
    @Test func aRowWithTheWrongFieldCountExcludesItsProjectInLenientMode() throws {
        var scheme = Scheme()
        scheme.normalizePoints = true
        let indicators = Tables.indicatorHeader + """
            P1,2024,output,quantity,A,>=,100,100,50,
            P1,2024,benefit,social,B,>=,100,100,30,,extra
            P1,2024,satisfaction,satisfaction,C,>=,90,95,10,
            P2,2024,output,quantity,A,>=,100,100,50,
            P2,2024,benefit,social,B,>=,100,100,30,
            P2,2024,satisfaction,satisfaction,C,>=,90,95,10,

            """
        let (result, d) = ingest(projects: Tables.projects, indicators: indicators, scheme: scheme, mode: .lenient)
        let r = try #require(result)
        #expect(r.batch.projects.count == 1 && r.batch.projects.id[0] == "P2")
        #expect(r.excludedProjects == 1)
        let e = try #require(d.first("field_count"))
        #expect(e.line == 3 && e.projectID == "P1")
    }

    @Test func aTenMegabyteCellIsQuotedShort() throws {
        let huge = String(repeating: "完", count: 5_000_000)
        let indicators = Tables.indicatorHeader + "P1,2024,output,quantity,A,>=,100,\(huge),50,\n"
        let (_, d) = ingest(projects: Tables.projects, indicators: indicators)
        let e = try #require(d.first("not_a_number"))
        #expect(e.value == String(repeating: "完", count: 60) + "… (5000000 characters)")
        #expect(e.description.utf8.count < 400)
    }

    /// A GBK scheme file is decoded as the tables are, not with replacement characters.
    @Test func aGBKSchemeFileIsDecoded() throws {
        let yaml = "grades:\n  - {name: 优秀, min: 90}\n  - {name: 其他, min: 0}\n"
        let path = NSTemporaryDirectory() + "scheme-gbk-\(UUID().uuidString).yaml"
        let gbk: [UInt8] = [0xD3, 0xC5, 0xD0, 0xE3, 0xC6, 0xE4, 0xCB, 0xFB]  // 优秀 其他
        var bytes = Array("grades:\n  - {name: ".utf8) + gbk[0..<4] + Array(", min: 90}\n  - {name: ".utf8)
        bytes += gbk[4..<8] + Array(", min: 0}\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let scheme = try Scheme.load(path: path)
        #expect(scheme.grades.map(\.name) == ["优秀", "其他"])
        #expect(try Scheme.load(yaml: yaml, file: "s.yaml").grades == scheme.grades)
    }

    /// 40,000 bands used to take minutes (a quadratic check); the count is refused first.
    @Test func manyBandsAreRefusedBeforeTheyAreChecked() {
        let yaml = "grades:\n" + (0..<40_000).map { "  - {name: g\($0), min: \(40_000 - $0 - 1)}\n" }.joined()
        #expect { try Scheme.load(yaml: yaml, file: "s.yaml") } throws: { error in
            (error as? InputRejected)?.diagnostics.errors.first?.message == "has 40000 bands; a scheme has at most 32"
        }
    }

    /// A scheme file over 1 MiB is refused by its size, before it is read.
    @Test func aSchemeFileOverOneMebibyteIsRefused() throws {
        let path = NSTemporaryDirectory() + "big-scheme-\(UUID().uuidString).yaml"
        try Data(repeating: 0x23, count: (1 << 20) + 1).write(to: URL(fileURLWithPath: path))  // "#" × (1 MiB + 1)
        #expect { try Scheme.load(path: path) } throws: { error in
            (error as? InputRejected)?.diagnostics.errors.map(\.rule) == [.fileTooLarge]
        }
    }

    /// An entered score out of range on a qualitative row is one error, number_range, not a
    /// second one about its band.
    @Test func anOutOfRangeEnteredScoreIsOneError() throws {
        let (_, d) = ingest(projects: Tables.projects, indicators: Tables.indicatorHeader + """
            P1,2024,output,quantity,A,qual,提升,达成,50,1e309

            """)
        #expect(d.errors.filter { $0.file == "indicators.csv" && $0.line == 2 }.map(\.rule) == [.numberRange])
    }
}

