import CKernels
import Dispatch

/// Strict UTF-8 validation over raw bytes, fast on the mostly-ASCII text of budget tables.
///
/// Well-formed means exactly Unicode's table 3-7: no overlong forms (`C0`, `C1`, `E0 80…9F`,
/// `F0 80…8F`), no surrogates (`ED A0…BF`), nothing above U+10FFFF (`F4 90…`, `F5…FF`), no stray
/// continuation bytes and no sequence cut short by the end of the input.
enum UTF8Validation {
    /// ``firstInvalidOffset(in:)``, with the bytes split in two at a character boundary and
    /// checked on two threads when there are enough of them (4 MiB) to pay.
    static func firstInvalidOffsetInParallel(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 1 << 22 else { return firstInvalidOffset(in: bytes) }
        var mid = bytes.count / 2
        var back = 0
        while back < 3, bytes[mid] & 0xC0 == 0x80 {  // a continuation byte: move to its lead
            mid -= 1
            back += 1
        }
        let split = mid
        let halves = Parallel.map(2, workers: 2) { half in
            half == 0 ? firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[0..<split]))
                : firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[split...])).map { $0 + split }
        }
        return halves[0] ?? halves[1]
    }

    /// The offset of the first byte of the first ill-formed sequence, or nil when all of `bytes`
    /// is well-formed UTF-8. The offset is also the length of the longest well-formed prefix.
    ///
    /// ASCII is skipped a word at a time: eight bytes are ASCII when none has its high bit set,
    /// and the first non-ASCII byte of a word is found from the trailing zero count of the mask
    /// (loads are little-endian on every platform we build for).
    ///
    /// On a CPU with AVX2 the bytes are first checked 32 at a time (`sk_utf8_valid_avx2`,
    /// Keiser and Lemire's method: the 1.24 GB indicators file of a million projects in 0.17 s
    /// instead of 0.43 s on two threads, page faults of the mapping included); only ill-formed
    /// input is then read again this way, to find where.
    ///
    /// - Complexity: O(n), one pass.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        if hasAVX2, sk_utf8_valid_avx2(p, bytes.count) { return nil }
        return scalarFirstInvalidOffset(in: bytes)
    }

    /// Whether the CPU runs the AVX2 check.
    static let hasAVX2 = sk_utf8_has_avx2()

    /// ``firstInvalidOffset(in:)`` without the AVX2 check: the baseline path, and where an
    /// ill-formed file goes wrong.
    static func scalarFirstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(p)
        let n = bytes.count
        var i = 0
        while i < n {
            // 32 ASCII bytes per step while the text stays ASCII…
            while i + 32 <= n {
                let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                let c = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                let d = raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if (a | b | c | d) & SWAR.highBits != 0 { break }
                i += 32
            }
            // …then 8 at a time, jumping straight to the first non-ASCII byte of a word.
            if i + 8 <= n {
                let mask = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian & SWAR.highBits
                if mask == 0 {
                    i += 8
                    continue
                }
                i += mask.trailingZeroBitCount >> 3
            } else {
                while i < n && p[i] < 0x80 { i += 1 }
                if i == n { return nil }
            }
            // p[i] is not ASCII: check multi-byte sequences for as long as they follow one
            // another (Chinese text is runs of three-byte characters), then back to the ASCII skip.
            repeat {
                let b0 = p[i]
                if b0 < 0xC2 { return i }  // a continuation byte, or an overlong C0/C1 lead
                if b0 < 0xE0 {
                    guard i + 1 < n, isContinuation(p[i + 1]) else { return i }
                    i += 2
                } else if b0 < 0xF0 {
                    guard i + 2 < n else { return i }
                    let b1 = p[i + 1]
                    let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80  // E0 80…9F would be overlong
                    let top: UInt8 = b0 == 0xED ? 0x9F : 0xBF  // ED A0…BF would be a surrogate
                    guard b1 >= low, b1 <= top, isContinuation(p[i + 2]) else { return i }
                    i += 3
                } else if b0 < 0xF5 {
                    guard i + 3 < n else { return i }
                    let b1 = p[i + 1]
                    let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80  // F0 80…8F would be overlong
                    let top: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF  // F4 90… is above U+10FFFF
                    guard b1 >= low, b1 <= top, isContinuation(p[i + 2]), isContinuation(p[i + 3]) else {
                        return i
                    }
                    i += 4
                } else {
                    return i  // F5…FF never occur in UTF-8
                }
            } while i < n && p[i] >= 0x80
        }
        return nil
    }

    @inline(__always)
    private static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}
