/// The encoding a table file was found in. The bytes handed on are always UTF-8; this records
/// what the file was, for messages and for the run report.
enum SourceEncoding: Sendable, Equatable {
    /// UTF-8 without a byte-order mark.
    case utf8
    /// UTF-8 with a leading byte-order mark (`EF BB BF`), as Excel's "CSV UTF-8" writes it.
    case utf8WithBOM
    /// GB18030 (GBK is a subset), as Excel saves "CSV" on Chinese Windows; decoded to UTF-8.
    case gb18030
}
