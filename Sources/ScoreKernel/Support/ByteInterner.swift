import Glibc

/// Interns byte strings (ids, department names, indicator codes) to dense `Int32` codes in order
/// of first appearance, with an open-addressing hash table over one byte arena: no `String` and
/// no allocation per lookup, so a million-row file interns at memory speed.
struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    /// Slot → code + 1 in the low 32 bits (0 = empty) and the key's hash's high 32 bits above
    /// them, so that a probe past another key is told apart without reading its hash or bytes;
    /// capacity is a power of two, kept at most half full.
    private var slots: [UInt64]
    private var hashes: [UInt64] = []

    init(capacity: Int = 64) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
    }

    var count: Int { starts.count - 1 }

    /// The code of `key`, adding it when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (code: Int32, inserted: Bool) {
        let h = Self.hash(key)
        if let code = find(key, hash: h) { return (code, false) }
        if (count + 1) * 2 > slots.count { grow() }
        let code = Int32(count)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        hashes.append(h)
        insertSlot(code: code, hash: h)
        return (code, true)
    }

    mutating func intern(_ key: String) -> Int32 {
        var k = key
        return k.withUTF8 { intern($0).code }
    }

    /// The code of `key`, or nil.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? { find(key, hash: Self.hash(key)) }

    func find(_ key: String) -> Int32? {
        var k = key
        return k.withUTF8 { find($0) }
    }

    /// Calls `body` with the bytes of the value of `code`.
    func withKey<R>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[starts[code]..<starts[code + 1]])) }
    }

    /// The interned values as strings, by code.
    var strings: [String] {
        (0..<count).map { String(decoding: arena[starts[$0]..<starts[$0 + 1]], as: UTF8.self) }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        let tag = h & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[s]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let code = Int(entry & 0xFFFF_FFFF) - 1
                if hashes[code] == h, equal(code, key) { return Int32(code) }
            }
            s = (s + 1) & mask
        }
    }

    private func equal(_ code: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[code]
        let length = starts[code + 1] - start
        guard length == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            length == 0 || memcmp(a.baseAddress! + start, key.baseAddress!, length) == 0
        }
    }

    private mutating func insertSlot(code: Int32, hash h: UInt64) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1)
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        for code in 0..<count { insertSlot(code: Int32(code), hash: hashes[code]) }
    }

    /// FNV-1a over 8-byte words, finished with a multiply-xorshift so that the low bits mix.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(key.count)
        var i = 0
        if let base = key.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= key.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
                h ^= h >> 29
                i += 8
            }
            while i < key.count {
                h = (h ^ UInt64(key[i])) &* 0x100_0000_01b3
                i += 1
            }
        }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return h
    }
}
