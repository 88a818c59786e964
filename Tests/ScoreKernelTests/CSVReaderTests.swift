import Testing

@_spi(Stages) @testable import ScoreKernel

// MARK: - Helpers

/// Everything a read of `bytes[range]` produced: records (values and start lines), their raw
/// fields, and the error that stopped it.
private struct Read: Equatable {
    var records: [RandomCSV.Record] = []
    var fields: [[CSVField]] = []
    var error: CSVSyntaxError?
}

private func read(_ bytes: [UInt8], range: Range<Int>? = nil, firstLine: Int = 1) -> Read {
    bytes.withUnsafeBufferPointer { buffer in
        var reader = CSVReader(bytes: buffer, range: range ?? 0..<buffer.count, firstLine: firstLine)
        var result = Read()
        var fields: [CSVField] = []
        do throws(CSVSyntaxError) {
            while try reader.next(into: &fields) {
                result.fields.append(fields)
                result.records.append(.init(line: reader.recordLine, fields: fields.map { CSVReader.string($0, in: buffer) }))
            }
        } catch {
            result.error = error
        }
        return result
    }
}

private func read(_ text: String) -> Read { read(Array(text.utf8)) }

/// The values of each record.
private func values(_ text: String) -> [[String]] { read(text).records.map(\.fields) }

/// The start line of each record.
private func lines(_ text: String) -> [Int] { read(text).records.map(\.line) }

/// Reads `bytes` chunk by chunk, in order, stopping at the first chunk that reports an error.
private func readInChunks(_ bytes: [UInt8], count: Int) -> Read {
    let chunks = bytes.withUnsafeBufferPointer {
        CSVReader.chunks(of: $0, range: 0..<$0.count, firstLine: 1, count: count)
    }
    var result = Read()
    for chunk in chunks {
        let part = read(bytes, range: chunk.range, firstLine: chunk.firstLine)
        result.records += part.records
        result.fields += part.fields
        if let error = part.error {
            result.error = error
            break
        }
    }
    return result
}

// MARK: - RFC 4180, case by case

@Test func readsRecordsEndedByLFOrCRLF() {
    #expect(values("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    #expect(values("a,b,c\r\n1,2,3\r\n") == [["a", "b", "c"], ["1", "2", "3"]])
    #expect(values("a,b\r\n1,2\n3,4\r\n") == [["a", "b"], ["1", "2"], ["3", "4"]])
    #expect(lines("a,b\r\n1,2\n3,4\r\n") == [1, 2, 3])
}

@Test func readsALastRecordWithoutLineEnd() {
    #expect(values("a,b\n1,2") == [["a", "b"], ["1", "2"]])
    #expect(values("a,b\r\n\"1\",\"2\"") == [["a", "b"], ["1", "2"]])
    #expect(values("x") == [["x"]])
}

@Test func quotedFieldsHoldCommasQuotesAndLineEnds() {
    #expect(values("\"a,b\",c\n") == [["a,b", "c"]])
    #expect(values("\"say \"\"hi\"\"\",\"\"\"\"\n") == [["say \"hi\"", "\""]])
    #expect(values("\"1\n2\",x\n") == [["1\n2", "x"]])
    #expect(values("\"1\r\n2\",x\r\n") == [["1\r\n2", "x"]])
    #expect(values("\"1\r2\",x\n") == [["1\r2", "x"]])
    #expect(values("\"项目,\"\"编码\"\"\n部门\"\n") == [["项目,\"编码\"\n部门"]])
}

@Test func linesStayRightAfterQuotedLineEnds() {
    // Each of LF, CRLF and a lone CR inside quotes ends one physical line.
    let text = "h\n\"a\nb\",1\n\"c\r\nd\r\ne\",2\r\n\"f\rg\",3\nlast\n"
    #expect(lines(text) == [1, 2, 4, 7, 9])
    #expect(values(text).map(\.last!) == ["h", "1", "2", "3", "last"])
}

@Test func readsEmptyFields() {
    #expect(values("a,,b\n") == [["a", "", "b"]])
    #expect(values(",\n") == [["", ""]])
    #expect(values("a,\n") == [["a", ""]])
    #expect(values("a,") == [["a", ""]])
    #expect(values(",,") == [["", "", ""]])
    #expect(values("\"\"\n") == [[""]])
    #expect(values("\"\",\"\"\r\n") == [["", ""]])
    #expect(values("a,\"\"") == [["a", ""]])
    #expect(values("\"\",") == [["", ""]])
}

@Test func skipsBlankLinesAndATrailingLineEnd() {
    #expect(values("") == [])
    #expect(values("\n") == [])
    #expect(values("\r\n\r\n") == [])
    #expect(values("a\n") == [["a"]])
    #expect(values("a\n\n") == [["a"]])
    let text = "\n\na,b\n\n\r\n1,2\n\n"
    #expect(values(text) == [["a", "b"], ["1", "2"]])
    #expect(lines(text) == [3, 6])
    // A line of spaces is a record, not a blank line.
    #expect(values("a\n \n") == [["a"], [" "]])
}

@Test func aLoneCREndsARecord() {
    #expect(values("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
    #expect(lines("a,b\rc,d\r\re") == [1, 2, 4])
}

@Test func fieldsAreByteRangesWithoutTheQuotes() {
    let r = read("ab,\"c\"\"d\",,\"\"\n")
    #expect(r.fields == [[
        CSVField(start: 0, end: 2, quoted: false, hasDoubledQuotes: false),
        CSVField(start: 4, end: 8, quoted: true, hasDoubledQuotes: true),
        CSVField(start: 10, end: 10, quoted: false, hasDoubledQuotes: false),
        CSVField(start: 12, end: 12, quoted: true, hasDoubledQuotes: false),
    ]])
}

@Test func unescapeAppendsTheValue() {
    let bytes = Array("\"a\"\"\"\"b\"\"\",\"plain\"\n".utf8)
    let fields = read(bytes).fields[0]
    var out = Array(">".utf8)
    bytes.withUnsafeBufferPointer { buffer in
        CSVReader.unescape(fields[0], in: buffer, into: &out)
        CSVReader.unescape(fields[1], in: buffer, into: &out)
    }
    #expect(String(decoding: out, as: UTF8.self) == ">a\"\"b\"plain")
}

@Test func readsASubRangeFromItsFirstLine() {
    let bytes = Array("skip,me\nx,\"1\n2\"\ny\n".utf8)
    let r = read(bytes, range: 8..<bytes.count, firstLine: 2)
    #expect(r.records == [.init(line: 2, fields: ["x", "1\n2"]), .init(line: 4, fields: ["y"])])
    #expect(r.fields[0][0].start == 8)
}

@Test func reusesTheFieldsArray() throws {
    let bytes = Array("a,b,c,d\n1,2\n3,4,5\n".utf8)
    try bytes.withUnsafeBufferPointer { buffer throws(CSVSyntaxError) in
        var reader = CSVReader(bytes: buffer, range: 0..<buffer.count, firstLine: 1)
        var fields: [CSVField] = []
        #expect(try reader.next(into: &fields))
        let storage = fields.withUnsafeBufferPointer { $0.baseAddress }
        while try reader.next(into: &fields) {
            #expect(fields.withUnsafeBufferPointer { $0.baseAddress } == storage)
        }
        #expect(fields.isEmpty)
    }
}

// MARK: - Syntax errors

struct SyntaxErrorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var line: Int
    var field: Int
    var kind: CSVSyntaxError.Kind
    var testDescription: String { "\(kind) in \(text.debugDescription)" }
}

@Test(arguments: [
    SyntaxErrorCase(text: "\"abc", line: 1, field: 1, kind: .unterminatedQuote),
    SyntaxErrorCase(text: "a,b\nc,\"d\ne\nf\n", line: 2, field: 2, kind: .unterminatedQuote),
    SyntaxErrorCase(text: "\"x\ny\",b\r\n1,2,\"open\r\n\r\n", line: 3, field: 3, kind: .unterminatedQuote),
    SyntaxErrorCase(text: "a,\"b\"\"", line: 1, field: 2, kind: .unterminatedQuote),
    SyntaxErrorCase(text: "a,b\"c\n", line: 1, field: 2, kind: .quoteInUnquotedField),
    SyntaxErrorCase(text: "h\n\"1\n2\",x\"\n", line: 3, field: 2, kind: .quoteInUnquotedField),
    SyntaxErrorCase(text: "a, \"b\"\n", line: 1, field: 2, kind: .quoteInUnquotedField),
    SyntaxErrorCase(text: "a\nb\"", line: 2, field: 1, kind: .quoteInUnquotedField),
    SyntaxErrorCase(text: "\"a\"b,c\n", line: 1, field: 1, kind: .textAfterClosingQuote),
    SyntaxErrorCase(text: "h\r\nx,\"a\r\nb\" ,c\r\n", line: 3, field: 2, kind: .textAfterClosingQuote),
    SyntaxErrorCase(text: "1,2,\"3\"\"\"4\n", line: 1, field: 3, kind: .textAfterClosingQuote),
])
func reportsSyntaxErrorsWithLineAndField(_ c: SyntaxErrorCase) {
    let r = read(c.text)
    #expect(r.error == CSVSyntaxError(line: c.line, field: c.field, kind: c.kind))
    #expect(ReferenceCSV.parse(Array(c.text.utf8)).error == r.error)
}

@Test func recordsBeforeAnErrorAreReadAndNothingAfter() throws {
    let bytes = Array("a,b\n1,x\"y\n2,3\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
        var reader = CSVReader(bytes: buffer, range: 0..<buffer.count, firstLine: 1)
        var fields: [CSVField] = []
        #expect((try? reader.next(into: &fields)) == true)
        #expect(throws: CSVSyntaxError(line: 2, field: 2, kind: .quoteInUnquotedField)) {
            try reader.next(into: &fields)
        }
        #expect((try? reader.next(into: &fields)) == false)
    }
}

@Test func syntaxErrorsReadInTheUsersTerms() {
    let error = CSVSyntaxError(line: 12, field: 3, kind: .quoteInUnquotedField)
    #expect(error.description.hasPrefix("line 12, field 3: a \" inside a field that is not quoted"))
}

// MARK: - Randomized

@Test func randomTablesRoundTrip() {
    var rng = SplitMix64(seed: 0x4353_5652)
    for _ in 0..<4000 {
        let table = RandomCSV.table(&rng)
        let (text, expected) = RandomCSV.encode(table, &rng)
        let r = read(text)
        #expect(r.error == nil, "\(text.debugDescription)")
        #expect(r.records == expected, "\(text.debugDescription)")
        if r.records != expected { return }
    }
}

@Test(.enabled(if: PythonCSV.isAvailable, "needs python3"))
func randomTablesMatchPythonsCSVModule() throws {
    var rng = SplitMix64(seed: 0x5059_5448)
    let texts = (0..<2000).map { _ in RandomCSV.encode(RandomCSV.table(&rng), &rng).text }
    let python = try PythonCSV.parse(texts)
    try #require(python.count == texts.count)
    #expect(python.joined().count > texts.count)  // the oracle did read records
    for (text, expected) in zip(texts, python) {
        let r = read(text)
        #expect(r.error == nil && r.records == expected, "\(text.debugDescription)")
        if r.records != expected { return }
    }
}

/// Short strings over the bytes that matter, well-formed or not, against the reference reader.
@Test func randomBytesMatchTheReferenceReader() {
    var rng = SplitMix64(seed: 0x4655_5A5A)
    let alphabet: [[UInt8]] = [[0x61], [0x62], [0x2C], [0x22], [0x0D], [0x0A], [0x20], Array("中".utf8)]
    for _ in 0..<20_000 {
        let length = Int.random(in: 0...24, using: &rng)
        let bytes = (0..<length).flatMap { _ in alphabet.randomElement(using: &rng)! }
        let r = read(bytes)
        let reference = ReferenceCSV.parse(bytes)
        #expect(r.records == reference.records && r.error == reference.error, "\(bytes)")
        if r.error != reference.error { return }
    }
}

/// Long inputs, mostly plain records of 64 bytes and more (the reader's mask path) with now and
/// then a quote, a CR or a blank line (the general reading, from the record's start), against
/// the reference reader, whole and from every start after a line end.
@Test func longRecordsMatchTheReferenceReader() {
    var rng = SplitMix64(seed: 0x504C_4149)
    let rare: [[UInt8]] = [[0x22], [0x0D], [0x0D, 0x0A], [0x0A, 0x0A], [0x22, 0x22], [0x2C, 0x2C]]
    for _ in 0..<2_000 {
        let length = Int.random(in: 0...400, using: &rng)
        let oddsOfRare = Int.random(in: 20...2_000, using: &rng)
        var bytes: [UInt8] = []
        while bytes.count < length {
            let r = Int.random(in: 0..<oddsOfRare, using: &rng)
            if r == 0 {
                bytes += rare.randomElement(using: &rng)!
            } else if r % 9 == 0 {
                bytes.append(0x2C)
            } else if r % 61 == 0 {
                bytes.append(0x0A)
            } else {
                bytes += r % 5 == 0 ? Array("中".utf8) : [UInt8.random(in: 0x30...0x7A, using: &rng)]
            }
        }
        let reference = ReferenceCSV.parse(bytes)
        let r = read(bytes)
        #expect(r.records == reference.records && r.error == reference.error, "\(bytes)")
        if r.error != reference.error { return }
        // A reader started on a later record (as a chunk is) finds the same records from there.
        if reference.error == nil, let cut = bytes.indices.dropLast().first(where: { bytes[$0] == 0x0A && $0 > bytes.count / 2 }),
           !bytes[..<cut].contains(0x22) {
            let tail = read(bytes, range: (cut + 1)..<bytes.count, firstLine: 100)
            let expected = ReferenceCSV.parse(Array(bytes[(cut + 1)...])).records.map { RandomCSV.Record(line: $0.line + 99, fields: $0.fields) }
            #expect(tail.records == expected, "\(bytes) from \(cut + 1)")
        }
    }
}

// MARK: - Chunks

@Test func chunksOfTinyInputs() {
    for text in ["", "a", "\n", "a\n", "a,b\nc,d\n", "\"\n\n\n\"\n"] {
        let bytes = Array(text.utf8)
        for count in 1...6 {
            let chunks = bytes.withUnsafeBufferPointer {
                CSVReader.chunks(of: $0, range: 0..<$0.count, firstLine: 1, count: count)
            }
            // Consecutive, covering the range, never empty.
            #expect(chunks.first?.range.lowerBound ?? 0 == 0)
            #expect(chunks.last?.range.upperBound ?? 0 == bytes.count)
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
            #expect(chunks.allSatisfy { !$0.range.isEmpty } || bytes.isEmpty)
            #expect(readInChunks(bytes, count: count) == read(bytes))
        }
    }
}

@Test func chunksCutOnlyAtRecordBoundaries() {
    // Cuts fall inside the multi-line quoted field for most counts; each must move past it.
    let text = "id,note\n1,\"l1\nl2\r\nl3\rl4\n\n\nl7\"\n2,x\r\n3,\"\"\"\n\"\"\"\n"
    let bytes = Array(text.utf8)
    for count in 1...bytes.count {
        #expect(readInChunks(bytes, count: count) == read(bytes), "count \(count)")
    }
}

@Test func chunkedReadsEqualWholeReadsOnRandomTables() {
    var rng = SplitMix64(seed: 0x4348_554E)
    for _ in 0..<600 {
        // Many values with line ends, so quoted line ends sit near most cuts.
        let table = RandomCSV.table(&rng, maxRecords: 12, maxFields: 4, maxPieces: 10)
        let bytes = Array(RandomCSV.encode(table, &rng).text.utf8)
        let whole = read(bytes)
        for count in 2...16 {
            #expect(readInChunks(bytes, count: count) == whole, "count \(count): \(bytes)")
        }
    }
}

@Test func chunkedReadsReportTheFirstErrorOfAWholeRead() {
    var rng = SplitMix64(seed: 0x4241_4451)
    let alphabet: [[UInt8]] = [[0x61], [0x2C], [0x22], [0x22, 0x22], [0x0D], [0x0A], [0x0D, 0x0A], Array("中".utf8)]
    for _ in 0..<3000 {
        let length = Int.random(in: 0...60, using: &rng)
        let bytes = (0..<length).flatMap { _ in alphabet.randomElement(using: &rng)! }
        let whole = read(bytes)
        for count in [2, 3, 5, 8, 13] {
            #expect(readInChunks(bytes, count: count) == whole, "count \(count): \(bytes)")
        }
    }
}

@Test func chunksOfALargeTableOnManyThreads() {
    var rng = SplitMix64(seed: 0x4C41_5247)
    let tables = (0..<300).flatMap { _ in RandomCSV.table(&rng, maxRecords: 10, maxFields: 5, maxPieces: 8) }
    let bytes = Array(RandomCSV.encode(tables, &rng).text.utf8)
    let whole = read(bytes)
    #expect(whole.error == nil)
    #expect(whole.records.count == tables.count)
    for count in [2, 7, 31, 64, 257] {
        #expect(readInChunks(bytes, count: count) == whole, "count \(count)")
    }
}
