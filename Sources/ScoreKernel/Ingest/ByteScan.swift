#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Finds the byte that ends an unquoted CSV field — `,` `"` CR or LF — sixteen bytes a step with
/// SSE2 compares and a movemask (SSE2 is part of baseline x86-64, so no dispatch is needed),
/// eight bytes a step with ``SWAR`` elsewhere: every other byte (`%`, spaces, UTF-8) is passed
/// over without a test of its own.
enum ByteScan {
    /// The first offset in `from..<end` whose byte is `,` `"` CR or LF, or `end`.
    @inline(__always)
    static func fieldEnd(in p: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var i = from
        #if arch(x86_64)
        let comma = _mm_set1_epi8(0x2C), quote = _mm_set1_epi8(0x22), lf = _mm_set1_epi8(0x0A), cr = _mm_set1_epi8(0x0D)
        while i + 16 <= end {
            let v = _mm_loadu_si128(UnsafeRawPointer(p + i).assumingMemoryBound(to: __m128i.self))
            let hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))
            let mask = UInt32(bitPattern: _mm_movemask_epi8(hits))
            if mask != 0 { return i + mask.trailingZeroBitCount }
            i += 16
        }
        #else
        i = fieldEndByWords(in: p, from: i, to: end)
        #endif
        while i < end && !isFieldEnd(p[i]) { i += 1 }
        return i
    }

    /// ``fieldEnd(in:from:to:)`` with plain integer words, stopping at the last whole word: the
    /// other architectures' scan (and the tests' check of the SSE2 one).
    static func fieldEndByWords(in p: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        var i = from
        while i + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let hits = SWAR.equal(word, 0x2C) | SWAR.equal(word, 0x22) | SWAR.equal(word, 0x0A) | SWAR.equal(word, 0x0D)
            if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    @inline(__always)
    static func isFieldEnd(_ b: UInt8) -> Bool { b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D }
}
