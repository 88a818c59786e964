import Glibc

/// The whole text of one input table, as UTF-8 bytes, whatever encoding the file was saved in.
///
/// Ingest maps a UTF-8 file into memory and tokenizes the bytes in place (``CSVReader``): no copy
/// of the file is made; a GB18030 file is decoded into one UTF-8 copy. Encodings (SPEC §3.1): UTF-8 with or
/// without a byte-order mark, and GB18030/GBK as Excel saves "CSV" on Chinese Windows. Anything
/// else is rejected with a message that names the encoding as the problem, never read as
/// mojibake.
struct SourceText: Sendable {
    /// The file's name as the user gave it (its last path component), for messages.
    let fileName: String
    /// The encoding the file was in.
    let encoding: SourceEncoding
    private let storage: Storage
    /// Where the text came from when it is a sheet of a workbook (its rows and columns, for
    /// messages in the sheet's terms); nil for a text file.
    private(set) var origin: SheetOrigin?

    /// The text as UTF-8, without a byte-order mark (a copy: readers use ``withBytes(_:)``).
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the text as UTF-8, without a byte-order mark.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapped = storage.mapped { return try body(mapped) }
        return try storage.owned.withUnsafeBufferPointer(body)
    }

    /// Gives back the memory of the whole pages inside `range` of the text when the file is
    /// mapped: they leave the process (its resident size) and are read from the file again if
    /// touched. For a reader done with a part of the file; a decoded text keeps its array.
    func release(_ range: Range<Int>) {
        guard let mapped = storage.mapped else { return }
        Self.release(mapped, range)
    }

    /// Gives back the whole pages inside `range` of mapped text.
    private static func release(_ mapped: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard let base = mapped.baseAddress else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= mapped.count, "range outside the text")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base + range.lowerBound) + page - 1) / page * page
        let end = Int(bitPattern: base + range.upperBound) / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }

    /// The text's memory: an array, or a read-only mapping of the file.
    private final class Storage: @unchecked Sendable {
        let owned: [UInt8]
        /// The text within the mapping, when the file is mapped.
        let mapped: UnsafeBufferPointer<UInt8>?
        private let mapping: (base: UnsafeMutableRawPointer, length: Int)?

        init(_ array: [UInt8]) {
            owned = array
            mapped = nil
            mapping = nil
        }

        init(mapped base: UnsafeMutableRawPointer, length: Int, skip: Int) {
            owned = []
            mapping = (base, length)
            mapped = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + skip, count: length - skip)
        }

        deinit {
            if let mapping { munmap(mapping.base, mapping.length) }
        }
    }

    private init(fileName: String, encoding: SourceEncoding, storage: Storage) {
        self.fileName = fileName
        self.encoding = encoding
        self.storage = storage
    }

    /// Maps a regular file of well-formed UTF-8 (with or without BOM) read-only; nil when the file
    /// cannot be mapped or is not UTF-8, for the reading path to handle.
    private static func mapped(_ fd: Int32, fileName: String) throws(SourceTextError) -> SourceText? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let length = Int(info.st_size)
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        let all = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: length)
        let skip = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let text = UnsafeBufferPointer(rebasing: all[skip...])
        let (valid, nul) = check(text)
        guard valid else {
            munmap(base, length)
            return nil
        }
        let source = SourceText(fileName: fileName, encoding: skip == 3 ? .utf8WithBOM : .utf8,
                                storage: Storage(mapped: base, length: length, skip: skip))
        if let nul { throw source.nulError(at: nul) }
        return source
    }

    /// Whether mapped `text` is well-formed UTF-8, and where its first NUL byte is: checked in
    /// blocks of 8 MiB on two workers, each block's pages given back once checked, so that
    /// checking a large file does not make it resident (readers map it in again as they go).
    private static func check(_ text: UnsafeBufferPointer<UInt8>) -> (valid: Bool, nul: Int?) {
        // Back from `i` to the lead byte of its character, so that no block starts inside one.
        func lead(_ i: Int) -> Int {
            var k = i
            while k > 0, i - k < 3, text[k] & 0xC0 == 0x80 { k -= 1 }
            return k
        }
        let block = 1 << 23
        let halves = text.count >= 1 << 22 ? [0, lead(text.count / 2), text.count] : [0, text.count]
        let results = Parallel.map(halves.count - 1, workers: 2) { h -> (valid: Bool, nul: Int?) in
            var start = halves[h]
            var nul: Int?
            while start < halves[h + 1] {
                let end = start + block >= halves[h + 1] ? halves[h + 1] : lead(start + block)
                let part = UnsafeBufferPointer(rebasing: text[start..<end])
                if UTF8Validation.firstInvalidOffset(in: part) != nil { return (false, nil) }
                if nul == nil, let base = part.baseAddress, let hit = memchr(base, 0, part.count) {
                    nul = start + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
                }
                if text.count >= 1 << 22 { release(text, start..<end) }
                start = end
            }
            return (true, nul)
        }
        return (results.allSatisfy(\.valid), results.compactMap(\.nul).min())
    }

    /// Reads a table: a text file as ``load(path:)`` does, or one sheet of an .xlsx workbook as
    /// CSV text (``Workbook``) — the sheet `book.xlsx#Sheet` names, or the first of `sheets` the
    /// workbook has, or its only sheet — with the sheets it goes on over (`Sheet (2)`, …). A workbook is known by its content (a ZIP), whatever
    /// its name; an Excel 97–2003 .xls and a password-protected workbook are refused with what
    /// to do.
    static func load(path: String, sheets: [String]) throws(SourceTextError) -> SourceText {
        var file = path
        var sheet: String?
        if access(path, F_OK) != 0, let hash = path.lastIndex(of: "#"), access(String(path[..<hash]), F_OK) == 0 {
            file = String(path[..<hash])
            sheet = String(path[path.index(after: hash)...])
        }
        let fileName = file.split(separator: "/").last.map(String.init) ?? file
        switch Self.container(of: file) {
        case .zip:
            let book = try Workbook(path: file, fileName: fileName)
            let chosen = try book.choose(sheet, defaults: sheets)
            var (text, origin) = try book.table(chosen)
            try book.appendContinuations(of: chosen.name, to: &text, &origin)
            var source = try SourceText(fileName: origin.name, data: text)
            source.origin = origin
            return source
        case .encryptedWorkbook:
            throw SourceTextError(fileName: fileName, message: "is a password-protected workbook, which cannot be read; remove its password in Excel (File › Info › Protect Workbook › Encrypt with Password) and save it again")
        case .compoundDocument:
            throw SourceTextError(fileName: fileName, message: "is an Excel 97–2003 workbook (.xls), which is not read; save it as an Excel Workbook (.xlsx) or as CSV UTF-8")
        case .other:
            if sheet != nil {
                throw SourceTextError(fileName: fileName, message: "is not an .xlsx workbook, so #\(sheet!) names no sheet of it")
            }
            return try load(path: path)
        }
    }

    /// What kind of container a file is, by its first bytes.
    private enum Container { case zip, compoundDocument, encryptedWorkbook, other }

    private static func container(of path: String) -> Container {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .other }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 8)
        guard read(fd, &head, 8) == 8 else { return .other }
        if head[0..<4] == [0x50, 0x4B, 0x03, 0x04] { return .zip }
        guard head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] else { return .other }
        // An OLE compound document: an .xls, or an .xlsx encrypted by Excel, which keeps it in a
        // stream named EncryptedPackage (its name in UTF-16 in the directory).
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size <= 1 << 26 else { return .compoundDocument }
        var all = [UInt8](repeating: 0, count: Int(info.st_size))
        let got = pread(fd, &all, all.count, 0)
        let marker = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if got > 0, Workbook.firstRange(of: marker, in: Array(all[0..<got]), from: 0) != nil { return .encryptedWorkbook }
        return .compoundDocument
    }

    /// Reads the file at `path` whole and decodes it (see ``init(fileName:data:)``).
    ///
    /// - Throws: ``SourceTextError`` naming the file when it is missing or unreadable, or when
    ///   its encoding is not one we read.
    static func load(path: String) throws(SourceTextError) -> SourceText {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        var data: [UInt8] = []
        var failure: Int32 = 0
        if fd < 0 {
            failure = errno
        } else {
            defer { close(fd) }
            if let text = try mapped(fd, fileName: fileName) { return text }
            failure = readAll(fd, into: &data)
        }
        guard failure == 0 else {
            throw SourceTextError(
                fileName: fileName, message: "cannot read \"\(path)\": \(String(cString: strerror(failure)))")
        }
        return try SourceText(fileName: fileName, data: consume data)
    }

    /// Reads `fd` to its end into `data`; returns 0, or the `errno` of the failure.
    ///
    /// One read of the size `fstat` reports into uninitialised storage (no zero-fill of a
    /// 100 MB buffer), then, for files whose size is not known up front (pipes, /proc), the rest
    /// in 64 KiB steps.
    private static func readAll(_ fd: Int32, into data: inout [UInt8]) -> Int32 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return errno }
        var failure: Int32 = 0
        let expected = Int(info.st_size) + 1  // one more, to see the end without another call
        data = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let got = read(fd, buffer.baseAddress! + initialized, buffer.count - initialized)
                if got > 0 {
                    initialized += got
                } else if got == 0 {
                    return
                } else if errno != EINTR {
                    failure = errno
                    return
                }
            }
        }
        guard failure == 0, data.count == expected else { return failure }
        var step = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = step.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if got > 0 {
                data.append(contentsOf: step[0..<got])
            } else if got == 0 {
                return 0
            } else if errno != EINTR {
                return errno
            }
        }
    }

    /// Decodes `data`, the raw bytes of a file called `fileName`.
    ///
    /// A UTF-8 byte-order mark is dropped. Well-formed UTF-8 is kept as it is (no copy);
    /// otherwise the bytes are decoded as GB18030, which also covers GBK and GB2312.
    ///
    /// - Throws: ``SourceTextError`` when the bytes are neither UTF-8 nor GB18030 (nor plausibly
    ///   Chinese text when read as GB18030), or hold a NUL byte, with the line of the offending
    ///   byte and what to do about it.
    init(fileName: String, data: consuming [UInt8]) throws(SourceTextError) {
        self.fileName = fileName
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
        if hasBOM { data.removeFirst(3) }
        let utf8Failure = data.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffsetInParallel(in: $0) }
        guard let utf8Failure else {
            self.storage = Storage(data)
            self.encoding = hasBOM ? .utf8WithBOM : .utf8
            try checkNoNUL()
            return
        }
        if !hasBOM, data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw SourceTextError(
                fileName: fileName, line: nil,
                message: "the file is UTF-16 text (Excel's \"Unicode Text\"), not CSV in UTF-8 or GB18030/GBK; save it as \"CSV UTF-8\" in Excel")
        }
        // A UTF-8 byte-order mark says what the file means to be: it is not reread as GB18030.
        let decoded = hasBOM ? .invalid(offset: 0) : data.withUnsafeBufferPointer { GB18030.decode($0) }
        switch decoded {
        case .utf8(let utf8):
            let (rare, all) = data.withUnsafeBufferPointer { GB18030.rareCharacters(in: $0) }
            if rare * 5 > all {
                throw SourceTextError(
                    fileName: fileName, line: nil,
                    message: "the file is not UTF-8, and read as GB18030/GBK \(rare) of its \(all) characters would be rare ones outside GB2312 — it looks like another encoding (Big5? Latin-1?); save it as \"CSV UTF-8\" in Excel")
            }
            self.storage = Storage(utf8)
            self.encoding = .gb18030
            try checkNoNUL()
        case .invalid(let gbFailure):
            // Report the byte where the likelier reading broke down: the one that got further.
            // A UTF-8 file with one stray byte fails early as GB18030 (a UTF-8 lead followed by
            // ASCII is no GB18030 pair); a GBK file fails at once as UTF-8.
            let offset = max(utf8Failure, gbFailure)
            let line = data.withUnsafeBufferPointer { SourceText.lineNumber(of: offset, in: $0) }
            let hex = String(0x100 | Int(data[offset]), radix: 16, uppercase: true).dropFirst()
            throw SourceTextError(
                fileName: fileName, line: line,
                message: "the file is neither UTF-8 nor GB18030/GBK text (invalid byte 0x\(hex) at line \(line)); save it as \"CSV UTF-8\" in Excel")
        case .unavailable:
            let line = data.withUnsafeBufferPointer { SourceText.lineNumber(of: utf8Failure, in: $0) }
            throw SourceTextError(
                fileName: fileName, line: line,
                message: "the file is not UTF-8 text (invalid byte at line \(line)) and this system cannot decode GB18030/GBK (iconv has no GB18030 converter); save it as \"CSV UTF-8\" in Excel")
        }
    }

    /// Refuses text that holds a NUL byte: no table cell has one, and a file with NULs is binary
    /// or UTF-16 saved without its byte-order mark.
    private func checkNoNUL() throws(SourceTextError) {
        let offset: Int? = withBytes { b in
            guard let base = b.baseAddress, let hit = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
        if let offset { throw nulError(at: offset) }
    }

    /// The error of a NUL byte at `offset`.
    private func nulError(at offset: Int) -> SourceTextError {
        let line = withBytes { SourceText.lineNumber(of: offset, in: $0) }
        return SourceTextError(
            fileName: fileName, line: line,
            message: "the file holds a NUL byte (at line \(line)): it is not a text table (a binary file, or UTF-16 without its byte-order mark?); save it as \"CSV UTF-8\" in Excel")
    }

    /// The 1-based physical line of the byte at `offset`, counted as ``CSVReader`` counts: LF,
    /// CRLF and a lone CR each end a line.
    static func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for i in 0..<offset where bytes[i] == .lf || (bytes[i] == .cr && (i + 1 == bytes.count || bytes[i + 1] != .lf)) {
            line += 1
        }
        return line
    }
}
