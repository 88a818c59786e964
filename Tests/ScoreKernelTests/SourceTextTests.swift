import Foundation
import Glibc
import Testing
import CKernels

@_spi(Stages) @testable import ScoreKernel

/// 项目编码,部门\n in GBK (and so in GB18030).
private let gbkHeader: [UInt8] = [0xCF, 0xEE, 0xC4, 0xBF, 0xB1, 0xE0, 0xC2, 0xEB, 0x2C, 0xB2, 0xBF, 0xC3, 0xC5, 0x0A]

private func decode(_ bytes: [UInt8]) throws(SourceTextError) -> SourceText {
    try SourceText(fileName: "projects.csv", data: bytes)
}

private func firstInvalid(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
}

/// `text` encoded as GB18030 by glibc's iconv (the encoder's direction, independent of ours).
private func gb18030(_ text: String) throws -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")
    try #require(cd != nil && cd != iconv_t(bitPattern: -1))
    defer { iconv_close(cd) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 2 + 16)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer = inBuffer.baseAddress
            var inLeft = inBuffer.count
            var outPointer = outBuffer.baseAddress
            var outLeft = outBuffer.count
            let result = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
            return result == -1 ? -1 : outBuffer.count - outLeft
        }
    }
    try #require(produced >= 0)
    return output[0..<produced].map { UInt8(bitPattern: $0) }
}

// MARK: - Encodings

@Test func keepsUTF8AsItIs() throws {
    let text = try decode(Array("项目编码,部门\n1,财政局\n".utf8))
    #expect(text.encoding == .utf8)
    #expect(text.bytes == Array("项目编码,部门\n1,财政局\n".utf8))
    #expect(text.fileName == "projects.csv")
}

@Test func dropsTheUTF8ByteOrderMark() throws {
    let text = try decode([0xEF, 0xBB, 0xBF] + Array("项目编码,部门\n".utf8))
    #expect(text.encoding == .utf8WithBOM)
    #expect(text.bytes == Array("项目编码,部门\n".utf8))
    #expect(try decode([0xEF, 0xBB, 0xBF]).bytes == [])
    #expect(try decode([]).encoding == .utf8)
}

@Test func decodesGBK() throws {
    let text = try decode(gbkHeader + Array("P001,".utf8) + [0xB2, 0xC6, 0xD5, 0xFE] + [0x0A])  // 财政
    #expect(text.encoding == .gb18030)
    #expect(String(decoding: text.bytes, as: UTF8.self) == "项目编码,部门\nP001,财政\n")
}

@Test func decodesGB18030FourByteSequencesAndDropsItsByteOrderMark() throws {
    // 84 31 95 33 is U+FEFF; 81 30 81 30 is U+0080; 94 39 FC 36 is U+1F600.
    let text = try decode([0x84, 0x31, 0x95, 0x33, 0x61, 0x81, 0x30, 0x81, 0x30, 0x94, 0x39, 0xFC, 0x36])
    #expect(text.encoding == .gb18030)
    #expect(String(decoding: text.bytes, as: UTF8.self) == "a\u{80}😀")
}

@Test func decodesALargeGB18030FileAcrossIconvSteps() throws {
    // Well over the decoder's 64 KiB output step, so sequences straddle the steps.
    let row = "项目编码,部门,全年预算数,€\n,\"引号\"\"里\",12345.67,😀\n"
    let original = String(repeating: row, count: 2_000)
    let text = try decode(try gb18030(original))
    #expect(text.encoding == .gb18030)
    #expect(String(decoding: text.bytes, as: UTF8.self) == original)
}

@Test func rejectsTextThatIsNeitherWithTheEncodingAsTheReason() {
    // GBK on line 1, then 0xFF (never in GB18030, never in UTF-8) on line 3.
    let bytes = gbkHeader + Array("a,b\n".utf8) + [0x63, 0xFF, 0x0A]
    #expect(throws: SourceTextError(
        fileName: "projects.csv", line: 3,
        message: "the file is neither UTF-8 nor GB18030/GBK text (invalid byte 0xFF at line 3); save it as \"CSV UTF-8\" in Excel"
    )) { try decode(bytes) }
}

@Test func countsLinesAsTheCSVReaderDoes() {
    // CRLF and a lone CR end a line each: 0xFF is on line 4.
    let bytes = Array("a\r\nb\rc\n".utf8) + [0x64, 0xFF]
    #expect(throws: SourceTextError(
        fileName: "projects.csv", line: 4,
        message: "the file is neither UTF-8 nor GB18030/GBK text (invalid byte 0xFF at line 4); save it as \"CSV UTF-8\" in Excel"
    )) { try decode(bytes) }
}

@Test func reportsTheStrayByteOfAMostlyUTF8File() {
    // UTF-8 with one Latin-1 é (0xE9) followed by ASCII on line 2: UTF-8 reads further.
    let bytes = Array("编码,名称\n".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x2C, 0x31, 0x0A]
    do {
        _ = try decode(bytes)
        Issue.record("decoded")
    } catch {
        #expect(error.line == 2)
        #expect(error.description.hasPrefix("projects.csv: the file is neither UTF-8 nor GB18030/GBK text (invalid byte 0xE9 at line 2)"))
    }
}

@Test func rejectsATruncatedUTF8Sequence() {
    // 项目编码 with its last byte cut off.
    let bytes = Array("a,项目编码".utf8).dropLast()
    #expect(firstInvalid(Array(bytes)) == Array("a,项目编".utf8).count)
    #expect(throws: SourceTextError.self) { try decode(Array(bytes)) }
    do {
        _ = try decode(Array(bytes))
    } catch {
        #expect(error.message.contains("neither UTF-8 nor GB18030/GBK"))
        #expect(error.line == 1)
    }
}

@Test func doesNotReadAFileWithAUTF8ByteOrderMarkAsGB18030() {
    #expect(throws: SourceTextError.self) { try decode([0xEF, 0xBB, 0xBF] + gbkHeader) }
}

@Test func namesUTF16ForWhatItIs() {
    do {
        _ = try decode([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])
        Issue.record("decoded")
    } catch {
        #expect(error.message.contains("UTF-16"))
    }
}

// MARK: - UTF-8 validation

struct UTF8Case: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var valid: Bool
    var testDescription: String { bytes.map { String($0, radix: 16) }.joined(separator: " ") }
}

@Test(arguments: [
    // Boundaries of every well-formed range.
    UTF8Case(bytes: [0x7F], valid: true),
    UTF8Case(bytes: [0xC2, 0x80], valid: true),
    UTF8Case(bytes: [0xDF, 0xBF], valid: true),
    UTF8Case(bytes: [0xE0, 0xA0, 0x80], valid: true),
    UTF8Case(bytes: [0xED, 0x9F, 0xBF], valid: true),
    UTF8Case(bytes: [0xEE, 0x80, 0x80], valid: true),
    UTF8Case(bytes: [0xEF, 0xBF, 0xBF], valid: true),
    UTF8Case(bytes: [0xF0, 0x90, 0x80, 0x80], valid: true),
    UTF8Case(bytes: [0xF4, 0x8F, 0xBF, 0xBF], valid: true),
    // Overlong forms.
    UTF8Case(bytes: [0xC0, 0x80], valid: false),
    UTF8Case(bytes: [0xC1, 0xBF], valid: false),
    UTF8Case(bytes: [0xE0, 0x80, 0x80], valid: false),
    UTF8Case(bytes: [0xE0, 0x9F, 0xBF], valid: false),
    UTF8Case(bytes: [0xF0, 0x80, 0x80, 0x80], valid: false),
    UTF8Case(bytes: [0xF0, 0x8F, 0xBF, 0xBF], valid: false),
    // Surrogates.
    UTF8Case(bytes: [0xED, 0xA0, 0x80], valid: false),
    UTF8Case(bytes: [0xED, 0xBF, 0xBF], valid: false),
    // Above U+10FFFF.
    UTF8Case(bytes: [0xF4, 0x90, 0x80, 0x80], valid: false),
    UTF8Case(bytes: [0xF5, 0x80, 0x80, 0x80], valid: false),
    UTF8Case(bytes: [0xFF], valid: false),
    // Stray continuations and truncations.
    UTF8Case(bytes: [0x80], valid: false),
    UTF8Case(bytes: [0xBF], valid: false),
    UTF8Case(bytes: [0xC2], valid: false),
    UTF8Case(bytes: [0xE4, 0xB8], valid: false),
    UTF8Case(bytes: [0xF0, 0x9F, 0x98], valid: false),
    UTF8Case(bytes: [0xE4, 0x41, 0x41], valid: false),
])
func validatesUTF8Exactly(_ c: UTF8Case) {
    // At every alignment against the word-at-a-time ASCII skip, with ASCII after too.
    for lead in 0...40 {
        let prefix = [UInt8](repeating: 0x61, count: lead)
        for suffix in [[], [UInt8](repeating: 0x62, count: 37)] {
            #expect(firstInvalid(prefix + c.bytes + suffix) == (c.valid ? nil : lead), "after \(lead) ASCII bytes")
        }
    }
}

@Test func validationAgreesWithTheStandardLibrary() {
    var rng = SplitMix64(seed: 0x5554_4638)
    let scalars: [Unicode.Scalar] = ["a", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "项", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "😀", "\u{10FFFF}"]
    for _ in 0..<20_000 {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: bytes.append(UInt8.random(in: 0...255, using: &rng))
            case 1: bytes += [UInt8](repeating: 0x20, count: Int.random(in: 1...20, using: &rng))
            default: bytes += Array(String(scalars.randomElement(using: &rng)!).utf8)
            }
        }
        let offset = firstInvalid(bytes)
        let valid = String(validating: bytes, as: UTF8.self) != nil
        #expect((offset == nil) == valid, "\(bytes)")
        if let offset {
            // The offset is the longest well-formed prefix.
            #expect(String(validating: bytes[..<offset], as: UTF8.self) != nil, "\(bytes)")
            for longer in (offset + 1)...min(offset + 4, bytes.count) {
                #expect(String(validating: bytes[..<longer], as: UTF8.self) == nil, "\(bytes)")
            }
        }
    }
}

/// The AVX2 check (`sk_utf8_valid_avx2`) against the byte-by-byte reading on inputs long enough
/// to cross its 32-byte blocks: random bytes, well-formed text with one byte changed, and every
/// case above placed after Chinese text at every offset of two blocks (a sequence cut by a
/// block's end, an error in the first bytes of a block after an ASCII one).
@Test func theAVX2CheckAgreesWithTheScalarReading() throws {
    try #require(UTF8Validation.hasAVX2, "this CPU has no AVX2: the check is not run")
    func agree(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            sk_utf8_valid_avx2(b.baseAddress, b.count) == (UTF8Validation.scalarFirstInvalidOffset(in: b) == nil)
        }
    }
    var rng = SplitMix64(seed: 0x4156_5832)
    let text = Array("项目支出绩效自评表,满意度 95%,😀 é\u{7FF}\u{10FFFF}\r\n".utf8)
    for _ in 0..<20_000 {
        var bytes: [UInt8] = []
        let length = Int.random(in: 0...300, using: &rng)
        while bytes.count < length {
            bytes += Int.random(in: 0..<3, using: &rng) == 0 ? [UInt8.random(in: 0...255, using: &rng)] : text
        }
        #expect(agree(bytes), "\(bytes)")
        // One byte changed in well-formed text.
        var changed = Array((0..<Int.random(in: 1...8, using: &rng)).flatMap { _ in text })
        changed[Int.random(in: 0..<changed.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        #expect(agree(changed), "\(changed)")
    }
    let chinese = Array("项目支出绩效".utf8)  // 18 bytes
    let cases: [[UInt8]] = [[0xC2, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xC0, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
                            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80], [0xFF], [0x80], [0xC2], [0xE4, 0xB8],
                            [0xF0, 0x9F, 0x98], [0xE4, 0x41, 0x41], [0xE4, 0xB8, 0xAD, 0x80]]
    for c in cases {
        for lead in 0...70 {
            let prefix = Array(repeating: chinese, count: 4).flatMap { $0 }.prefix(lead)
            for suffix in [[], [UInt8](repeating: 0x62, count: 40), chinese + chinese] {
                #expect(agree(Array(prefix) + c + suffix), "\(c) after \(lead) bytes")
                #expect(agree([UInt8](repeating: 0x61, count: lead) + c + suffix), "\(c) after \(lead) ASCII bytes")
            }
        }
    }
}

// MARK: - Files

@Test func loadsAFileByPath() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sourcetext-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let body = String(repeating: "项目编码,部门\n", count: 20_000)  // > 64 KiB
    try Data([0xEF, 0xBB, 0xBF] + Array(body.utf8)).write(to: url)
    let text = try SourceText.load(path: url.path)
    #expect(text.fileName == url.lastPathComponent)
    #expect(text.encoding == .utf8WithBOM)
    #expect(text.bytes == Array(body.utf8))
}

@Test func loadsAFileWhoseSizeIsNotKnownUpFront() throws {
    // /proc files report a size of 0.
    let text = try SourceText.load(path: "/proc/self/status")
    #expect(String(decoding: text.bytes, as: UTF8.self).contains("Name:"))
}

@Test func namesAMissingFile() {
    do {
        _ = try SourceText.load(path: "/nonexistent/dir/projects.csv")
        Issue.record("loaded")
    } catch {
        #expect(error.fileName == "projects.csv")
        #expect(error.line == nil)
        #expect(error.description == "projects.csv: cannot read \"/nonexistent/dir/projects.csv\": No such file or directory")
    }
}

@Test func namesADirectory() {
    #expect(throws: SourceTextError(fileName: "tmp", message: "cannot read \"/tmp\": Is a directory")) {
        try SourceText.load(path: "/tmp")
    }
}

/// Inputs of 4 MiB and more are validated in two halves on two threads, split at a character
/// boundary: the same answers as one pass, wherever the bad byte is and whatever straddles the
/// middle.
@Test func validatesLargeInputsInTwoHalves() {
    let size = 5 << 20
    // "项" is E9 A1 B9, repeated from offset 0 (the last two bytes "a"), so that a character
    // straddles the middle.
    var text = [UInt8](repeating: 0x61, count: size)
    for i in stride(from: 0, to: size - 2, by: 3) { text[i] = 0xE9; text[i + 1] = 0xA1; text[i + 2] = 0xB9 }
    func both(_ bytes: [UInt8]) -> (Int?, Int?) {
        bytes.withUnsafeBufferPointer { (UTF8Validation.firstInvalidOffsetInParallel(in: $0), UTF8Validation.firstInvalidOffset(in: $0)) }
    }
    #expect(size / 2 % 3 != 0)  // the middle falls inside a character
    var (parallel, single) = both(text)
    #expect(parallel == nil && single == nil)
    for bad in [7, size / 2 - 1, size / 2, size / 2 + 1, size - 5] {
        var broken = text
        broken[bad] = 0xFF
        (parallel, single) = both(broken)
        // 0xFF inside a character breaks it from its lead byte on.
        let lead = bad - bad % 3
        #expect(parallel == lead && single == lead, "bad byte at \(bad)")
    }
    // Two bad bytes, one in each half: the first one wins.
    var twice = text
    twice[size - 10] = 0x80
    twice[100] = 0xC0
    #expect(both(twice).0 == 99)
}

/// A mapped text whose pages were given back reads the same bytes again (from the file); the
/// first and last partial pages of a range stay, and a decoded text ignores the call.
@Test func releasedPagesReadBackTheSame() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let line = Array("P0001,教育局,2024,100.00,90.00\n".utf8)
    let original = (0..<100_000).flatMap { _ in line }  // about 3.4 MB
    try Data(original).write(to: url)
    let text = try SourceText.load(path: url.path)
    text.release(12_345..<2_000_001)
    text.release(0..<10)  // no whole page: nothing
    #expect(text.bytes == original)
    let decoded = try SourceText(fileName: "gb.csv", data: [0xBD, 0xCC, 0xD3, 0xFD, 0xBE, 0xD6, 0x0A])  // 教育局 in GBK
    decoded.release(0..<7)
    #expect(decoded.bytes == Array("教育局\n".utf8))
}
