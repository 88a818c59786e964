import CZlib
import Glibc

/// Writes a ZIP archive (the container of an .xlsx) into a file, each entry deflated by zlib in
/// pieces of ``pieceBytes`` compressed on the run's workers, the way pigz does: each piece
/// starts from the 32 KB before it as its dictionary and ends on a byte boundary (a sync flush),
/// so that the pieces joined are one deflate stream and the archive is the same bytes whatever
/// the number of workers. Entries and offsets past 4 GB get ZIP64 fields.
///
/// Hand-written because ZIPFoundation (which reads workbooks here) deflates on one thread at
/// zlib's default level: 106 MB/s, 8.1 s for the 863 MB of worksheet XML of a 100,000-project
/// run, most of the 10 s the whole run may take (DECISIONS, "Workbooks out").
final class ZipWriter {
    private let file: OutputFile
    private let threads: Int
    private var offset: Int64 = 0
    private var entries: [(name: [UInt8], crc: UInt32, compressed: Int64, size: Int64, offset: Int64, zip64: Bool)] = []

    /// Input bytes per piece.
    static let pieceBytes = 1 << 20
    /// zlib's level: 3 deflates XML about as fast as 1 (390 against 410 MB/s on one core here)
    /// and 20 % smaller; 6, the default, is 176 MB/s.
    static let level: Int32 = 3
    private static let window = 32 << 10

    /// Sizes and offsets from which ZIP64 fields are written: 16 MB below 4 GB, since a
    /// deflated entry can be longer than its input (incompressible bytes: 5 bytes per stored
    /// block of 64 KB and a sync flush per piece, about 350 KB at 4 GB); lower in tests.
    let zip64From: Int64

    init(file: OutputFile, threads: Int, zip64From: Int64 = 0xFF00_0000) {
        self.file = file
        self.threads = max(1, threads)
        self.zip64From = zip64From
    }

    /// Adds the entry `name` of `size` bytes, which `read(offset, count)` returns in order;
    /// `progress` is told the bytes done after each wave of pieces.
    func add(_ name: String, size: Int64, read: (Int64, Int) throws(OutputError) -> [UInt8],
             progress: ((Int64) -> Void)? = nil) throws(OutputError) {
        let nameBytes = Array(name.utf8)
        let zip64 = size >= zip64From
        let start = offset
        try put(localHeader(nameBytes, crc: 0, compressed: 0, size: size, zip64: zip64))
        var crc = UInt32(truncatingIfNeeded: crc32(0, nil, 0))
        var compressed: Int64 = 0
        var done: Int64 = 0
        var dictionary: [UInt8] = []
        repeat {
            var inputs: [[UInt8]] = []
            while inputs.count < 2 * threads, done + Int64(inputs.count * Self.pieceBytes) < size {
                let at = done + Int64(inputs.count * Self.pieceBytes)
                inputs.append(try read(at, Int(min(Int64(Self.pieceBytes), size - at))))
            }
            if inputs.isEmpty { inputs = [[]] }  // an empty entry: one final piece
            let last = done + Int64(inputs.reduce(0) { $0 + $1.count }) >= size
            let previous = dictionary
            let pieces = Parallel.map(inputs.count, workers: threads) { k in
                Self.deflatePiece(inputs[k], dictionary: k == 0 ? previous : Array(inputs[k - 1].suffix(Self.window)),
                                  final: last && k == inputs.count - 1)
            }
            for (input, piece) in zip(inputs, pieces) {
                guard let piece else { throw OutputError(path: file.path, message: "cannot compress \(name) (zlib failed)") }
                try put(piece.bytes)
                crc = UInt32(truncatingIfNeeded: crc32_combine(uLong(crc), uLong(piece.crc), off_t(input.count)))
                compressed += Int64(piece.bytes.count)
                done += Int64(input.count)
            }
            dictionary = Array(inputs.last!.suffix(Self.window))
            progress?(done)
        } while done < size
        guard zip64 || compressed < 0xFFFF_FFFF else {
            throw OutputError(path: file.path, message: "cannot write \(name): it compresses to more than 4 GB")
        }
        try file.write(localHeader(nameBytes, crc: crc, compressed: compressed, size: size, zip64: zip64), at: start)
        entries.append((nameBytes, crc, compressed, size, start, zip64))
    }

    /// Writes the central directory; the archive is then complete.
    func finish() throws(OutputError) {
        let directoryStart = offset
        for e in entries {
            let farOffset = e.offset >= zip64From
            var extra: [UInt8] = []
            if e.zip64 { extra += le(UInt64(e.size)) + le(UInt64(e.compressed)) }
            if farOffset { extra += le(UInt64(e.offset)) }
            if !extra.isEmpty { extra = le(UInt16(1)) + le(UInt16(extra.count)) + extra }
            var h = le(UInt32(0x0201_4B50)) + le(UInt16(45)) + le(UInt16(e.zip64 || farOffset ? 45 : 20))
            h += le(UInt16(0)) + le(UInt16(8)) + Self.dosTimeAndDate + le(e.crc)
            h += e.zip64 ? le(UInt32.max) + le(UInt32.max) : le(UInt32(e.compressed)) + le(UInt32(e.size))
            h += le(UInt16(e.name.count)) + le(UInt16(extra.count)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0))
            h += farOffset ? le(UInt32.max) : le(UInt32(e.offset))
            try put(h + e.name + extra)
        }
        let directorySize = offset - directoryStart
        let far = directoryStart >= zip64From || offset >= zip64From || entries.count >= 0xFFFF
        if far {
            let record = offset
            try put(le(UInt32(0x0606_4B50)) + le(UInt64(44)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt32(0)) + le(UInt32(0))
                    + le(UInt64(entries.count)) + le(UInt64(entries.count)) + le(UInt64(directorySize)) + le(UInt64(directoryStart)))
            try put(le(UInt32(0x0706_4B50)) + le(UInt32(0)) + le(UInt64(record)) + le(UInt32(1)))
        }
        // With a ZIP64 record every field of the classic one says "see ZIP64".
        let count = le(far ? UInt16.max : UInt16(entries.count))
        try put(le(UInt32(0x0605_4B50)) + le(UInt16(0)) + le(UInt16(0)) + count + count
                + le(far ? UInt32.max : UInt32(directorySize)) + le(far ? UInt32.max : UInt32(directoryStart)) + le(UInt16(0)))
    }

    private func put(_ bytes: [UInt8]) throws(OutputError) {
        try file.write(bytes)
        offset += Int64(bytes.count)
    }

    /// 1980-01-01 00:00, the earliest DOS time: an archive does not change with the clock.
    private static let dosTimeAndDate: [UInt8] = [0, 0, 0x21, 0]

    private func localHeader(_ name: [UInt8], crc: UInt32, compressed: Int64, size: Int64, zip64: Bool) -> [UInt8] {
        var h = le(UInt32(0x0403_4B50)) + le(UInt16(zip64 ? 45 : 20)) + le(UInt16(0)) + le(UInt16(8)) + Self.dosTimeAndDate + le(crc)
        h += zip64 ? le(UInt32.max) + le(UInt32.max) : le(UInt32(compressed)) + le(UInt32(size))
        h += le(UInt16(name.count)) + le(UInt16(zip64 ? 20 : 0)) + name
        if zip64 { h += le(UInt16(1)) + le(UInt16(16)) + le(UInt64(size)) + le(UInt64(compressed)) }
        return h
    }

    private func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    /// One piece as raw deflate data and the CRC-32 of its input; nil when zlib fails.
    private static func deflatePiece(_ input: [UInt8], dictionary: [UInt8], final: Bool) -> (bytes: [UInt8], crc: UInt32)? {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                             Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        if !dictionary.isEmpty {
            guard dictionary.withUnsafeBufferPointer({ deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }) == Z_OK else { return nil }
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                stream.next_in = i.baseAddress
                stream.avail_in = uInt(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(o.count)
                return deflate(&stream, final ? Z_FINISH : Z_SYNC_FLUSH)
            }
        }
        guard status == (final ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else { return nil }
        output.removeLast(Int(stream.avail_out))
        let crc = input.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return (output, UInt32(truncatingIfNeeded: crc))
    }
}
