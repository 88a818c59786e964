import Testing
@testable import bench

@Suite struct TextTableTests {
    @Test func columnsAlignAndLinesHaveNoTrailingSpaces() {
        var t = TextTable([("stage", .left), ("ratio", .right), ("", .left)])
        t.append(["ingest", "0.0047", ""])
        t.append(["generate", "0.01", "ok"])
        #expect(t.render() == """
            stage      ratio
            --------  ------  --
            ingest    0.0047
            generate    0.01  ok
            """)
    }

    @Test func significantDigits() {
        #expect(Format.significant(0.004714) == "0.00471")
        #expect(Format.significant(35.637) == "35.6")
        #expect(Format.significant(1234.6) == "1235")
        #expect(Format.significant(100) == "100")
        #expect(Format.significant(0) == "0")
        #expect(Format.grouped(1_000_000) == "1,000,000")
        #expect(Format.duration(0.0634) == "63.4 ms")
    }
}
