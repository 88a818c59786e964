/// A column of strings stored as one UTF-8 byte arena and offsets, so that a million ids or
/// indicator names cost two allocations instead of a million.
public struct TextColumn: Sendable, Equatable {
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var offsets: [Int] = [0]

    public init() {}

    public init<S: Sequence>(_ strings: S) where S.Element == String {
        for s in strings { append(s) }
    }

    public var count: Int { offsets.count - 1 }

    /// The value at `index`, as a `String` (made on demand: keep it out of hot loops).
    public subscript(index: Int) -> String {
        String(decoding: bytes[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    /// The UTF-8 bytes of the value at `index`.
    public func utf8(_ index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[index]..<offsets[index + 1]]
    }

    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        offsets.append(bytes.count)
    }

    mutating func append(utf8 raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
        offsets.append(bytes.count)
    }

    mutating func append(contentsOf other: TextColumn) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.reserveCapacity(offsets.count + other.count)
        for i in 1..<other.offsets.count { offsets.append(base + other.offsets[i]) }
    }

    /// The values in the order given by `order` (a permutation or a selection of indices).
    func gathered(_ order: [Int]) -> TextColumn {
        var out = TextColumn()
        out.offsets.reserveCapacity(order.count + 1)
        for i in order { out.bytes.append(contentsOf: bytes[offsets[i]..<offsets[i + 1]]); out.offsets.append(out.bytes.count) }
        return out
    }
}
