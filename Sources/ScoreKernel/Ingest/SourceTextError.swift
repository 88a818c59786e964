/// A table file that cannot be read as text: missing, unreadable, or in an encoding we do not
/// read. The message says what to do about it, in the user's terms (SPEC §5).
struct SourceTextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as the user gave it (its last path component).
    var fileName: String
    /// 1-based line of the first byte that could not be decoded, or nil when the problem is the
    /// file as a whole (it cannot be opened or read).
    var line: Int?
    /// What is wrong and, where there is one, the remedy.
    var message: String

    /// `projects.csv: the file is neither UTF-8 nor GB18030/GBK text (…)`
    var description: String { "\(fileName): \(message)" }
}
