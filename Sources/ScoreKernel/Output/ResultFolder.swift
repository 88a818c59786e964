import Foundation

/// The folder of a run's result files, which appears whole or not at all (SPEC §5).
///
/// Files are written into a staging folder beside the destination (`.results.partial-<pid>` for
/// `results`); ``commit(_:)`` then puts it in the destination's place with one atomic exchange
/// (Linux `renameat2(RENAME_EXCHANGE)`, else two renames) and deletes the previous results. A run
/// that fails before that, or is killed, leaves the destination exactly as it was: no half-written
/// file, no mix of two runs, no stale file of an earlier run beside new ones.
///
/// The destination must be absent, an empty folder, or a folder of earlier results (it holds
/// the ``marker`` file): another folder is never replaced.
final class ResultFolder {
    /// The file every results folder holds, listing the run's files: what makes a folder safe to
    /// replace.
    static let marker = ".scorekernel-results"

    let destination: String
    private let staging: String
    private var committed = false

    /// Checks the destination and creates the staging folder beside it.
    init(destination: String) throws(OutputError) {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: destination)
        self.destination = url.path
        staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: self.destination, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(path: destination, message: "is a file, not a folder; choose a folder for the results")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: self.destination)) ?? []
            guard contents.isEmpty || contents.contains(Self.marker) else {
                throw OutputError(path: destination, message: "holds files that are not ScoreKernel results; choose a new or empty folder (it would be replaced)")
            }
        }
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: destination, message: "cannot create the folder: \((error as NSError).localizedDescription)")
        }
    }

    /// A new file of the run, in the staging folder.
    func create(_ name: String) throws(OutputError) -> OutputFile {
        try OutputFile(creating: staging + "/" + name)
    }

    /// Puts the finished files (`names`, all closed) in the destination's place.
    func commit(_ names: [String]) throws(OutputError) {
        let list = try OutputFile(creating: staging + "/" + Self.marker)
        try list.write(Array((names.joined(separator: "\n") + "\n").utf8))
        try list.close()
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if !fm.fileExists(atPath: destination, isDirectory: &isFolder) {
            guard rename(staging, destination) == 0 else {
                throw OutputError(path: destination, errno: errno, doing: "cannot move the results into place")
            }
        } else if Self.exchange(staging, destination) {
            try? fm.removeItem(atPath: staging)  // now the previous results
        } else {
            let previous = staging + ".previous"
            guard rename(destination, previous) == 0 else {
                throw OutputError(path: destination, errno: errno, doing: "cannot move the previous results aside")
            }
            guard rename(staging, destination) == 0 else {
                let code = errno
                _ = rename(previous, destination)
                throw OutputError(path: destination, errno: code, doing: "cannot move the results into place")
            }
            try? fm.removeItem(atPath: previous)
        }
        committed = true
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Swaps two paths atomically with `renameat2(…, RENAME_EXCHANGE)` where the C library and
    /// the file system have it (looked up at run time: glibc ≥ 2.28); false otherwise.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let atCurrentDirectory: Int32 = -100  // AT_FDCWD
        let exchange: UInt32 = 2  // RENAME_EXCHANGE
        return renameat2(atCurrentDirectory, a, atCurrentDirectory, b, exchange) == 0
    }
}
