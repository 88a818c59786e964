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
