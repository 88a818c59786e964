/// SplitMix64 (Steele, Lea & Flood 2014; the generator behind Java's `SplittableRandom`): a
/// 64-bit state advanced by 0x9E3779B97F4A7C15 and mixed by two multiply-xorshift rounds.
///
/// Fully specified integer arithmetic, so the same seed gives the same stream on any machine;
/// `Double`s take the top 53 bits, and everything built on it uses only
/// IEEE-754 arithmetic (no libm), which is exact to the bit everywhere. Streams for parallel blocks are seeded by mixing the block
/// index into the seed, so results do not depend on the number of threads.
@_spi(Stages)
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for block `index` of a run seeded with `seed`.
    public init(seed: UInt64, stream index: UInt64) {
        var s = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        state = s.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1): the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<n (multiply-high; bias below 2^-40 for the small n used here).
    public mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }
}
