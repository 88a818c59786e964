/// Byte-parallel arithmetic on eight bytes held in a `UInt64` ("SIMD within a register"), for
/// the byte scans of ingest. Plain integer instructions at baseline x86-64, where the generic
/// `SIMD16<UInt8>` comparisons were scalarised lane by lane (measured: 20× slower). Words are
/// loaded little-endian, so byte `k` of the input is bits `8k ..< 8k+8`.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `x` that equals `byte`, exactly: the low seven bits are
    /// added apart from the high one, so no carry crosses into the next byte.
    @inline(__always)
    static func equal(_ x: UInt64, _ byte: UInt8) -> UInt64 {
        let t = x ^ (ones &* UInt64(byte))
        let low7 = ones &* 0x7F
        return ~(((t & low7) &+ low7) | t) & highBits
    }

    /// The high bit of bytes of `x` below `limit` (at most 0x80). Exact for the lowest such
    /// byte — no borrow reaches it — but a borrow out of it can flag a byte above it, so use it
    /// to find the first one (`trailingZeroBitCount / 8`) or to test for none.
    @inline(__always)
    static func below(_ x: UInt64, _ limit: UInt8) -> UInt64 {
        (x &- ones &* UInt64(limit)) & ~x & highBits
    }

    /// The sum of the eight bytes of `x`.
    @inline(__always)
    static func sumOfBytes(_ x: UInt64) -> Int {
        let pairs = (x & 0x00FF_00FF_00FF_00FF) &+ ((x >> 8) & 0x00FF_00FF_00FF_00FF)
        return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
    }
}
