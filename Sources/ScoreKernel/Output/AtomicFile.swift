import Foundation

/// A file written whole or not at all (SPEC §5): bytes go to a temporary file beside the target,
/// which is renamed over it on ``commit()``; a writer dropped without commit leaves nothing.
public final class AtomicFile {
    public let path: String
    private let temporaryPath: String
    private var handle: FileHandle?

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil) else {
            throw OutputError(path: path, message: "cannot create the file (does the folder exist and is it writable?)")
        }
        handle = FileHandle(forWritingAtPath: temporaryPath)
    }

    public func write(_ bytes: [UInt8]) throws {
        guard let handle else { return }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw OutputError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Makes the file appear under its name.
    public func commit() throws {
        try handle?.close()
        handle = nil
        if rename(temporaryPath, path) != 0 {
            throw OutputError(path: path, message: "cannot rename the finished file into place: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if handle != nil {
            try? handle?.close()
            unlink(temporaryPath)
        }
    }
}

/// A result file that could not be written.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
