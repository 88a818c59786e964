import Glibc

/// Remembers how the few distinct words of a column (一级指标, 指标性质, …) were classified, so
/// that a million rows cost a byte comparison each instead of a `String` and a dictionary lookup.
struct WordCache<Value> {
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    /// The key found last: rows of one project often repeat the word of the row before.
    private var last = 0
    private static var limit: Int { 512 }

    /// The cached value for `word`, or `classify(word)` (cached while there is room).
    mutating func value(_ word: UnsafeBufferPointer<UInt8>, classify: (String) -> Value) -> Value {
        if last < keys.count, Self.equal(keys[last], word) { return values[last] }
        for (k, key) in keys.enumerated() where Self.equal(key, word) {
            last = k
            return values[k]
        }
        let v = classify(String(decoding: word, as: UTF8.self))
        if keys.count < Self.limit {
            keys.append(Array(word))
            values.append(v)
        }
        return v
    }

    @inline(__always)
    private static func equal(_ key: [UInt8], _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        key.count == word.count && (key.isEmpty || key.withUnsafeBufferPointer { memcmp($0.baseAddress!, word.baseAddress!, word.count) == 0 })
    }
}
