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
}
