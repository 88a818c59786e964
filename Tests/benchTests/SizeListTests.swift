import Testing
@testable import bench

@Suite struct SizeListTests {
    @Test func plainSuffixedAndUnderscored() throws {
        #expect(try SizeList.parse("10000,100000") == [10_000, 100_000])
        #expect(try SizeList.parse("10k, 1M,100_000") == [10_000, 1_000_000, 100_000])
    }

    @Test(arguments: ["", "ten", "0", "-5", "1.5k", "10G", "3000M"])
    func rejected(_ text: String) {
        #expect(throws: (any Error).self) { try SizeList.parse(text) }
    }
}
