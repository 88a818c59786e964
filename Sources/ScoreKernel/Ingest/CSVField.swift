/// One field of a CSV record, as a byte range into the text it was read from: no copy, no
/// `String`. ``CSVReader/unescape(_:in:into:)`` or ``CSVReader/string(_:in:)`` give its value.
struct CSVField: Sendable, Equatable {
    /// Offset of the value's first byte (after the opening quote when quoted).
    var start: Int
    /// Offset one past the value's last byte (the closing quote when quoted).
    var end: Int
    /// The field was enclosed in quotes. `""` and an empty unquoted field both have an empty
    /// value; this tells them apart for callers that care.
    var quoted: Bool
    /// The value contains `""` escapes, so the bytes in `start..<end` are not the value as is.
    var hasDoubledQuotes: Bool

    /// The number of raw bytes in the field (the value's length when `hasDoubledQuotes` is false).
    var byteCount: Int { end - start }
}
