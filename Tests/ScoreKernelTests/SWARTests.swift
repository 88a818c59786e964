import Testing

@_spi(Stages) @testable import ScoreKernel

/// The word tricks against their byte-by-byte meaning, on words rich in the values where
/// carries and borrows happen (0x00, 0x7F, 0x80, 0xFF, the limit and its neighbours).
@Test func swarMatchesByteByByteArithmetic() {
    var rng = SplitMix64(seed: 0x5357_4152)
    let interesting: [UInt8] = [0x00, 0x01, 0x0A, 0x0D, 0x22, 0x23, 0x2C, 0x2D, 0x7F, 0x80, 0x81, 0xFE, 0xFF]
    for _ in 0..<50_000 {
        let bytes = (0..<8).map { _ in
            Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
        let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        let target = interesting.randomElement(using: &rng)!

        let equal = (0..<8).reduce(UInt64(0)) { bytes[$1] == target ? $0 | 0x80 << (8 * $1) : $0 }
        #expect(SWAR.equal(word, target) == equal, "\(bytes) == \(target)")

        let limit = UInt8.random(in: 1...0x80, using: &rng)
        let below = SWAR.below(word, limit)
        if let first = bytes.firstIndex(where: { $0 < limit }) {
            #expect(below.trailingZeroBitCount >> 3 == first, "\(bytes) below \(limit)")
        } else {
            #expect(below == 0, "\(bytes) below \(limit)")
        }

        #expect(SWAR.sumOfBytes(word) == bytes.reduce(0) { $0 + Int($1) })
    }
}

/// The field scan (SSE2 on x86-64) against its plain-word twin and a byte-by-byte scan, from
/// every start in buffers where the four field-ending bytes sit among `%`, spaces, UTF-8 and
/// the bytes next to them, with tails shorter than a vector.
@Test func fieldScanMatchesByteByByteScan() {
    var rng = SplitMix64(seed: 0x4653_4341)
    let interesting: [UInt8] = [0x0A, 0x0D, 0x22, 0x2C, 0x20, 0x25, 0x2B, 0x2D, 0x21, 0x09, 0xE4, 0xB8, 0x80, 0xFF, 0x00, 0x30]
    for _ in 0..<2_000 {
        let count = Int.random(in: 0...80, using: &rng)
        let sparse = Int.random(in: 2...40, using: &rng)
        let bytes = (0..<count).map { _ in
            Int.random(in: 0..<sparse, using: &rng) == 0 ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0x41...0x5A, using: &rng)
        }
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return }
            for start in 0...count {
                let end = Int.random(in: start...count, using: &rng)
                let expected = (start..<end).first { [0x0A, 0x0D, 0x22, 0x2C].contains(b[$0]) } ?? end
                #expect(ByteScan.fieldEnd(in: p, from: start, to: end) == expected, "\(bytes) \(start)..<\(end)")
                // The word scan stops at the first hit or before the last partial word.
                let words = ByteScan.fieldEndByWords(in: p, from: start, to: end)
                let wholeWords = start + (end - start) / 8 * 8
                #expect(words == min(expected, wholeWords) || (words < wholeWords && words == expected), "\(bytes) \(start)..<\(end)")
            }
        }
    }
}

/// The 64-byte masks of field-ending bytes and commas (SSE2 on x86-64) and their plain-word
/// twin against a byte-by-byte test, on blocks where the four bytes sit among their neighbours and UTF-8.
@Test func fieldEndMaskMatchesByteByByteTest() {
    var rng = SplitMix64(seed: 0x4D41_534B)
    let interesting: [UInt8] = [0x0A, 0x0D, 0x22, 0x2C, 0x20, 0x2B, 0x2D, 0x09, 0x0B, 0x0C, 0x21, 0x23, 0xE4, 0xAC, 0x8A, 0x00]
    for _ in 0..<5_000 {
        let sparse = Int.random(in: 1...16, using: &rng)
        let bytes = (0..<64).map { _ in
            Int.random(in: 0..<sparse, using: &rng) == 0 ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
        var ends: UInt64 = 0
        var commas: UInt64 = 0
        for (k, b) in bytes.enumerated() {
            if [0x0A, 0x0D, 0x22, 0x2C].contains(b) { ends |= 1 << k }
            if b == 0x2C { commas |= 1 << k }
        }
        bytes.withUnsafeBufferPointer { b in
            let vector = ByteScan.fieldEnds(in64: b.baseAddress!)
            let words = ByteScan.fieldEndsByWords(in64: b.baseAddress!)
            #expect(vector.ends == ends && vector.commas == commas, "\(bytes)")
            #expect(words.ends == ends && words.commas == commas, "\(bytes)")
        }
    }
}
