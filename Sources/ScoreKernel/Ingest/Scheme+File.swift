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
        // Refused before it is read: a huge file would otherwise be mapped and validated whole.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > largestFile {
            throw tooLarge(file: path.split(separator: "/").last.map(String.init) ?? path)
        }
        let source: SourceText
        do {
            source = try SourceText.load(path: path)
        } catch {
            var d = Diagnostics()
            d.append(Diagnostic(.error, rule: .unreadableFile, file: error.fileName, line: error.line, message: error.message))
            throw InputRejected(d)
        }
        let text = source.withBytes { bytes -> String? in
            bytes.count <= largestFile ? String(decoding: bytes, as: UTF8.self) : nil
        }
        guard let text else { throw tooLarge(file: source.fileName) }  // a pipe or a file that grew
        return try load(yaml: text, file: source.fileName)
    }

    /// The error for a scheme file over 1 MiB.
    private static func tooLarge(file: String) -> InputRejected {
        var d = Diagnostics()
        d.append(Diagnostic(.error, rule: .fileTooLarge, file: file,
                            message: "is larger than 1 MiB; a scheme file is a page of settings (see `evalcli scheme`)"))
        return InputRejected(d)
    }
}
