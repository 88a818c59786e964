import Glibc

/// GB18030 → UTF-8 through glibc's iconv, for the CSV files Excel saves on Chinese Windows.
///
/// GBK (and GB2312 within it) is a subset of GB18030, so one decoder reads all three. iconv is
/// used rather than a table of our own: glibc ships the full GB18030-2005 mapping (including the
/// four-byte ranges) and it is fast enough for a fallback path.
enum GB18030 {
    enum Decoded: Equatable {
        /// The text as UTF-8.
        case utf8([UInt8])
        /// The bytes are not GB18030: `offset` is the first byte of the first sequence that is
        /// not a GB18030 character (or is cut short by the end of the input).
        case invalid(offset: Int)
        /// This system's iconv has no GB18030 converter.
        case unavailable
    }

    /// Decodes all of `bytes`, in steps of 64 KiB of output.
    ///
    /// - Complexity: O(n).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Decoded {
        let cd = iconv_open("UTF-8", "GB18030")
        guard let cd, cd != iconv_t(bitPattern: -1) else { return .unavailable }
        defer { iconv_close(cd) }
        guard let base = bytes.baseAddress else { return .utf8([]) }

        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var step = [UInt8](repeating: 0, count: 1 << 16)
        // iconv's prototype takes `char **` for the input; it never writes through it.
        var input: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inputLeft = bytes.count
        let inputStart = UnsafeRawPointer(base)
        while inputLeft > 0 {
            let (result, failure, produced) = step.withUnsafeMutableBytes { buffer in
                var output: UnsafeMutablePointer<CChar>? = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outputLeft = buffer.count
                let result = iconv(cd, &input, &inputLeft, &output, &outputLeft)
                return (result, errno, buffer.count - outputLeft)
            }
            out.append(contentsOf: step[0..<produced])
            if result == -1 && failure != E2BIG {
                // EILSEQ (not a GB18030 sequence) or EINVAL (cut short at the end): `input`
                // points at the first byte of the offending sequence.
                return .invalid(offset: UnsafeRawPointer(input!) - inputStart)
            }
        }
        // A GB18030 byte-order mark (84 31 95 33) decodes to U+FEFF: not part of the text.
        if out.starts(with: [0xEF, 0xBB, 0xBF]) { out.removeFirst(3) }
        return .utf8(out)
    }

    /// How many of the multi-byte characters of `bytes` (read as GB18030) are two-byte ones
    /// outside GB2312's rows of symbols and hanzi, and how many there are in all. (Four-byte
    /// sequences, digits in their second and fourth bytes, are written on purpose: not rare.)
    ///
    /// Chinese text saved as GBK is nearly all GB2312 characters; Big5 or Latin-1 bytes read as
    /// GBK land mostly outside it (Big5's common hanzi have trail bytes below 0xA1 or lead bytes
    /// A4–AF; Latin-1 letters pair into rare hanzi), which is how mojibake is told from text.
    static func rareCharacters(in bytes: UnsafeBufferPointer<UInt8>) -> (rare: Int, all: Int) {
        var rare = 0
        var all = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            guard lead >= 0x80 else {
                i += 1
                continue
            }
            all += 1
            let trail: UInt8 = i + 1 < n ? bytes[i + 1] : 0
            // Four-byte sequences have an ASCII digit second.
            let length = (0x30...0x39).contains(trail) ? 4 : 2
            let gb2312 = (0xA1...0xFE).contains(trail) && ((0xA1...0xA9).contains(lead) || (0xB0...0xF7).contains(lead))
            if length == 2 && !gb2312 { rare += 1 }
            i += length
        }
        return (rare, all)
    }
}

