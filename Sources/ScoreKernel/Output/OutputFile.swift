import Glibc

/// A file being written through its descriptor, every write and the close checked: a full disk
/// or a lost mount is an ``OutputError``, never a short file.
final class OutputFile {
    let path: String
    private var descriptor: Int32

    /// Creates (or truncates) the file at `path`.
    init(creating path: String) throws(OutputError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(path: path, errno: errno, doing: "cannot create the file") }
    }

    /// Appends `bytes`, all of them.
    func write(_ bytes: [UInt8]) throws(OutputError) {
        try bytes.withUnsafeBufferPointer { (b) throws(OutputError) in try write(b) }
    }

    /// Appends `bytes`, all of them.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, base + done, bytes.count - done)
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                throw OutputError(path: path, errno: n < 0 ? errno : EIO, doing: "cannot write")
            }
        }
    }

    /// Writes `bytes` at `offset` from the start, over what is there (a header filled in after
    /// the data it describes).
    func write(_ bytes: [UInt8], at offset: Int64) throws(OutputError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done)) }
            if n > 0 {
                done += n
            } else if !(n < 0 && errno == EINTR) {
                throw OutputError(path: path, errno: n < 0 ? errno : EIO, doing: "cannot write")
            }
        }
    }

    /// Closes the file; an error here (NFS, a full disk on delayed allocation) is an error too.
    func close() throws(OutputError) {
        let fd = descriptor
        descriptor = -1
        if Glibc.close(fd) != 0 { throw OutputError(path: path, errno: errno, doing: "cannot finish writing") }
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }
}

/// A result file or folder that could not be written (exit code 1): the path and the system's
/// reason.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public var path: String
    /// What failed, in plain words (`cannot write: No space left on device`).
    public var message: String

    /// `results/flags.csv: cannot write: No space left on device`
    public var description: String { "\(path): \(message)" }

    init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(path: String, errno code: Int32, doing what: String) {
        self.init(path: path, message: "\(what): \(String(cString: strerror(code)))")
    }
}
