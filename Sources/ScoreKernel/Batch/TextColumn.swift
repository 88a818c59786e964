/// A column of strings stored as one UTF-8 byte arena and offsets, so that a million ids or
/// indicator names cost two allocations instead of a million.
struct TextColumn: Sendable, Equatable {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    init() {}

    var count: Int { offsets.count - 1 }

    mutating func reserve(count: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(count + 1)
        bytes.reserveCapacity(byteCount)
    }

    /// The value at `index`, as a `String` (made on demand: keep it out of hot loops).
    subscript(index: Int) -> String {
        String(decoding: bytes[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    /// The UTF-8 bytes of the value at `index`.
    func utf8(_ index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[index]..<offsets[index + 1]]
    }

    /// Appends every value of `other`.
    mutating func append(contentsOf other: TextColumn) {
        let base = bytes.count
        bytes += other.bytes
        offsets += other.offsets.dropFirst().map { $0 + base }
    }

    mutating func append(utf8 raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
        offsets.append(bytes.count)
    }

    /// The values of `parts` moved to the positions `destinations` gives them (-1: left out).
    /// `runs[k]`: the first destination of part `k` when its rows go to consecutive positions
    /// (copied as one block), else nil.
    init(scattering parts: [TextColumn], to destinations: [[Int32]], runs: [Int?], count: Int) {
        var lengths = [Int](repeating: 0, count: count + 1)
        for (k, part) in parts.enumerated() {
            for (r, d) in destinations[k].enumerated() where d >= 0 {
                lengths[Int(d) + 1] = part.offsets[r + 1] - part.offsets[r]
            }
        }
        for i in 0..<count { lengths[i + 1] += lengths[i] }
        offsets = lengths
        bytes = Array(unsafeUninitializedCapacity: lengths[count]) { buffer, initialized in
            for (k, part) in parts.enumerated() {
                part.bytes.withUnsafeBufferPointer { source in
                    if let start = runs[k], !source.isEmpty {
                        (buffer.baseAddress! + lengths[start]).initialize(from: source.baseAddress!, count: source.count)
                        return
                    }
                    for (r, d) in destinations[k].enumerated() where d >= 0 {
                        let from = part.offsets[r]
                        let n = part.offsets[r + 1] - from
                        if n > 0 {
                            (buffer.baseAddress! + lengths[Int(d)]).initialize(from: source.baseAddress! + from, count: n)
                        }
                    }
                }
            }
            initialized = lengths[count]
        }
    }

    /// The values in the order given by `order` (a permutation or a selection of indices).
    func gathered(_ order: [Int]) -> TextColumn {
        var out = TextColumn()
        out.offsets.reserveCapacity(order.count + 1)
        for i in order { out.bytes.append(contentsOf: bytes[offsets[i]..<offsets[i + 1]]); out.offsets.append(out.bytes.count) }
        return out
    }
}
