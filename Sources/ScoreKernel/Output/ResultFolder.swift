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
/// the ``marker`` file and nothing but the files it lists and ``companions``): another folder is
/// never replaced. A staging folder left by a run that was killed is removed by the next run
/// into the same destination.
final class ResultFolder {
    /// The file every results folder holds, listing the run's files: what makes a folder safe to
    /// replace.
    static let marker = ".scorekernel-results"

    let destination: String
    private let staging: String
    private var committed = false

    /// Files a results folder may hold besides those its marker lists: the report `score
    /// --report` adds after the folder is in place.
    static let companions: Set<String> = ["report.html"]

    /// Checks the destination and creates the staging folder beside it. A link is followed: the
    /// folder it points to is what is replaced.
    init(destination: String) throws(OutputError) {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: destination).resolvingSymlinksInPath()
        self.destination = url.path
        let parent = url.deletingLastPathComponent()
        let prefix = Self.stagingPrefix(url.lastPathComponent)
        staging = parent.appendingPathComponent(prefix + "\(getpid())").path
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: self.destination, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(path: destination, message: "is a file, not a folder; choose a folder for the results")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: self.destination)) ?? []
            if !contents.isEmpty {
                // Earlier results are replaced whole: only when the folder holds nothing else.
                guard contents.contains(Self.marker),
                      let listed = try? String(contentsOfFile: self.destination + "/" + Self.marker, encoding: .utf8)
                else {
                    throw OutputError(path: destination, message: "holds files that are not ScoreKernel results; choose a new or empty folder (it would be replaced)")
                }
                let ours = Set(listed.split(separator: "\n").map(String.init)).union([Self.marker]).union(Self.companions)
                if let other = contents.sorted().first(where: { !ours.contains($0) }) {
                    throw OutputError(path: destination, message: "holds \(other), which is not one of its results; move it out first (the folder is replaced whole)")
                }
            }
        }
        // Staging folders of runs that were killed (their process is gone) are removed.
        for name in (try? fm.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(atPath: parent.appendingPathComponent(name).path)
            }
        }
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: destination, message: "cannot create the folder: \((error as NSError).localizedDescription)")
        }
    }

    /// `.<name>.partial-`, with the name cut to 200 bytes (at a character) so that the staging
    /// folder's name stays within the 255 bytes a file name may have.
    static func stagingPrefix(_ name: String) -> String {
        var cut = Substring(name)
        while cut.utf8.count > 200 { cut = cut.dropLast() }
        return "." + cut + ".partial-"
    }

    /// A new file of the run, in the staging folder.
    func create(_ name: String) throws(OutputError) -> OutputFile {
        try OutputFile(creating: path(of: name))
    }

    /// The path of the run's file `name` in the staging folder.
    func path(of name: String) -> String { staging + "/" + name }

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
