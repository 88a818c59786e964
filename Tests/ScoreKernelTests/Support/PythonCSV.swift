import Foundation

/// Python's `csv` module as an independent oracle for the tokenizer, when python3 is installed.
enum PythonCSV {
    /// Whether `/usr/bin/env python3` runs and has the `csv` and `json` modules.
    static let isAvailable: Bool = (try? run(["-c", "import csv, json"])) != nil

    /// Parses each of `texts` with `csv.reader(open(f, newline='', encoding='utf-8'))` in one
    /// python3 process. Python yields `[]` for a blank line; those are dropped, as our reader
    /// skips blank lines. Each record's line is where Python started reading it (one past the
    /// `line_num` after the previous row, blank rows included).
    static func parse(_ texts: [String]) throws -> [[RandomCSV.Record]] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("csvreader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (k, text) in texts.enumerated() {
            try Data(text.utf8).write(to: directory.appendingPathComponent("\(k).csv"))
        }
        let script = """
            import csv, json, os, sys
            directory, count = sys.argv[1], int(sys.argv[2])
            out = []
            for k in range(count):
                rows = []
                with open(os.path.join(directory, f"{k}.csv"), newline="", encoding="utf-8") as f:
                    reader = csv.reader(f)
                    start = 1
                    for row in reader:
                        if row:
                            rows.append({"line": start, "fields": row})
                        start = reader.line_num + 1
                out.append(rows)
            json.dump(out, sys.stdout)
            """
        let output = try run(["-c", script, directory.path, String(texts.count)])
        return try JSONDecoder().decode([[RandomCSV.Record]].self, from: output)
    }

    struct Failed: Error { var status: Int32 }

    /// Runs python3 with `arguments`; its standard output, or an error when it fails.
    private static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()  // before waiting: no pipe deadlock
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
        return data
    }
}
