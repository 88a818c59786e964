import Foundation

/// Runs the built evalcli binary (it sits beside the test bundle) and captures what it says.
struct CLI {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("evalcli")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: ".build/debug/evalcli")
    }()

    static func run(_ arguments: [String]) throws -> Run {
        try run(binary, arguments)
    }

    /// Runs `command` with /bin/sh (for limits such as `ulimit` and for `mount`).
    static func shell(_ command: String) throws -> Run {
        try run(URL(fileURLWithPath: "/bin/sh"), ["-c", command])
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // A crash must end the child at once: the runtime's backtracer can hang on one.
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty run cannot fill a pipe and block.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The folder holding this test process's temporary folders. Those of earlier test processes
    /// that have ended are removed (the test runner ends without running `atexit` handlers).
    private static let runFolder: String = {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [] where name.hasPrefix("evalcli-tests-") {
            if let pid = Int32(name.dropFirst("evalcli-tests-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(atPath: NSTemporaryDirectory() + name)
            }
        }
        return NSTemporaryDirectory() + "evalcli-tests-\(getpid())"
    }()

    /// A fresh temporary folder in ``runFolder``.
    static func temporaryFolder() throws -> String {
        let path = runFolder + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
