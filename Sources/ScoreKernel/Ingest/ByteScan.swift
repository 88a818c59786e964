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

    /// The bytes among the 64 at `p` that end an unquoted field (`,` `"` CR LF), as bit `k` for
    /// byte `k`, and which of them are commas: SSE2 compares and movemasks on x86-64, ``SWAR``
    /// words elsewhere.
    @inline(__always)
    static func fieldEnds(in64 p: UnsafePointer<UInt8>) -> (ends: UInt64, commas: UInt64) {
        #if arch(x86_64)
        var ends: UInt64 = 0
        var commas: UInt64 = 0
        let comma = _mm_set1_epi8(0x2C), quote = _mm_set1_epi8(0x22), lf = _mm_set1_epi8(0x0A), cr = _mm_set1_epi8(0x0D)
        for k in 0..<4 {
            let v = _mm_loadu_si128(UnsafeRawPointer(p + 16 * k).assumingMemoryBound(to: __m128i.self))
            let isComma = _mm_cmpeq_epi8(v, comma)
            let hits = _mm_or_si128(_mm_or_si128(isComma, _mm_cmpeq_epi8(v, quote)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)))
            ends |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(hits))) << (16 * k)
            commas |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(isComma))) << (16 * k)
        }
        return (ends, commas)
        #else
        return fieldEndsByWords(in64: p)
        #endif
    }

    /// ``fieldEnds(in64:)`` with plain integer words: the other architectures' masks (and the
    /// tests' check of the SSE2 ones).
    static func fieldEndsByWords(in64 p: UnsafePointer<UInt8>) -> (ends: UInt64, commas: UInt64) {
        // A lane's bit 8·k lands on bit 56 + k of the product, and nothing else reaches the top
        // byte: one bit per byte.
        func gather(_ lanes: UInt64) -> UInt64 { ((lanes >> 7) &* 0x0102_0408_1020_4080) >> 56 }
        var ends: UInt64 = 0
        var commas: UInt64 = 0
        for k in 0..<8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))
            let isComma = SWAR.equal(word, 0x2C)
            ends |= gather(isComma | SWAR.equal(word, 0x22) | SWAR.equal(word, 0x0A) | SWAR.equal(word, 0x0D)) << (8 * k)
            commas |= gather(isComma) << (8 * k)
        }
        return (ends, commas)
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
