import Glibc

/// Remembers how the few distinct words of a column (一级指标, 指标性质, …) were classified, so
/// that a million rows cost a byte comparison each instead of a `String` and a dictionary lookup.
struct WordCache<Value> {
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    private static var limit: Int { 512 }

    /// The cached value for `word`, or `classify(word)` (cached while there is room).
    mutating func value(_ word: UnsafeBufferPointer<UInt8>, classify: (String) -> Value) -> Value {
        for (k, key) in keys.enumerated() where key.count == word.count {
            if key.isEmpty || key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, word.baseAddress!, word.count) == 0 }) {
                return values[k]
            }
        }
        let v = classify(String(decoding: word, as: UTF8.self))
        if keys.count < Self.limit {
            keys.append(Array(word))
            values.append(v)
        }
        return v
    }
}
