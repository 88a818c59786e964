import Foundation

extension Scheme {
    /// The largest scheme file read (1 MiB): a scheme is a page of settings; a larger file is a
    /// mistake, and refusing it keeps a hostile file from taking minutes to check.
    static let largestFile = 1 << 20

    /// Reads the scheme file at `path`: UTF-8, or GB18030/GBK as a Chinese Windows editor saves
    /// it (decoded and checked as tables are, never with replacement characters), at most 1 MiB.
    ///
    /// - Throws: the file's problems (unreadable, wrong encoding, too large, and every problem of
    ///   ``load(yaml:file:)``).
    public static func load(path: String) throws(InputRejected) -> Scheme {
        let source = try SourceText.loadSettings(
            path: path, largest: largestFile,
            tooLarge: "is larger than 1 MiB; a scheme file is a page of settings (see `evalcli scheme`)")
        return try load(yaml: source.withBytes { String(decoding: $0, as: UTF8.self) }, file: source.fileName)
    }
}

extension SourceText {
    /// Reads a settings file (a scheme, a weights file) of at most `largest` bytes, decoded and
    /// checked as tables are (UTF-8 with or without BOM, GB18030/GBK; no NUL bytes).
    ///
    /// - Parameter tooLarge: the message of the `file_too_large` error.
    /// - Throws: `file_too_large` (checked before the file is read: a huge file would otherwise
    ///   be mapped and validated whole), or `unreadable_file`.
    static func loadSettings(path: String, largest: Int, tooLarge: String) throws(InputRejected) -> SourceText {
        let tooLargeError = { (file: String) -> InputRejected in
            var d = Diagnostics()
            d.append(Diagnostic(.error, rule: .fileTooLarge, file: file, message: tooLarge))
            return InputRejected(d)
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > largest {
            throw tooLargeError(path.split(separator: "/").last.map(String.init) ?? path)
        }
        let source: SourceText
        do {
            source = try SourceText.load(path: path)
        } catch {
            var d = Diagnostics()
            d.append(Diagnostic(.error, rule: .unreadableFile, file: error.fileName, line: error.line, message: error.message))
            throw InputRejected(d)
        }
        // A pipe or a file that grew since its size was taken.
        guard source.withBytes({ $0.count }) <= largest else { throw tooLargeError(source.fileName) }
        return source
    }
}
