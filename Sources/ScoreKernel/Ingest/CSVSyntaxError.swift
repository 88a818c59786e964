/// A table that is not well-formed CSV (RFC 4180), located by physical line and field.
///
/// The tokenizer is strict where a lenient reader would guess: a guess about a stray quote can
/// swallow the rest of the file into one field, and the user is better served by the line.
struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        /// A field that opens with `"` is never closed before the end of the input.
        case unterminatedQuote
        /// A `"` in a field that does not start with one.
        case quoteInUnquotedField
        /// Something other than `,` or a line end right after the `"` that closes a field.
        case textAfterClosingQuote
    }

    /// 1-based physical line: where the quote opened for ``Kind/unterminatedQuote``, where the
    /// offending byte is otherwise.
    var line: Int
    /// 1-based index of the field within its record.
    var field: Int
    var kind: Kind

    /// What is wrong and how to fix it, in the user's terms.
    var message: String {
        switch kind {
        case .unterminatedQuote:
            "the quoted field that starts on this line is never closed (a missing \")"
        case .quoteInUnquotedField:
            "a \" inside a field that is not quoted; enclose the field in quotes and double the \" (\"\")"
        case .textAfterClosingQuote:
            "text after the closing \" of a quoted field; a \" inside a quoted field must be doubled (\"\")"
        }
    }

    /// `line 12, field 3: a " inside a field that is not quoted; …`
    var description: String { "line \(line), field \(field): \(message)" }
}
