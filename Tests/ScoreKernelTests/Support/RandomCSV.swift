@_spi(Stages) import ScoreKernel
import Foundation

/// Random tables and their RFC 4180 encoding, for property tests of the CSV tokenizer.
struct RandomCSV {
    /// The values of one record, and the physical line its encoding starts on.
    struct Record: Equatable, Codable {
        var line: Int
        var fields: [String]
    }

    /// Pieces a value is built from: every byte the tokenizer treats specially, the line ends
    /// in all three spellings, spaces, letters and Chinese (three UTF-8 bytes each).
    static let pieces = [
        ",", "\"", "\r", "\n", "\r\n", " ", "  ", "a", "b", "Z", "x", "1", "9", ".", "-",
        "项", "目", "编", "码", "部", "门", "预", "算",
    ]

    /// A random table: up to `maxRecords` records of 1…`maxFields` fields each.
    static func table(
        _ rng: inout SplitMix64, maxRecords: Int = 8, maxFields: Int = 6, maxPieces: Int = 6
    ) -> [[String]] {
        let records = Int.random(in: 1...maxRecords, using: &rng)
        let sameWidth = Bool.random(using: &rng)
        let width = Int.random(in: 1...maxFields, using: &rng)
        return (0..<records).map { _ in
            let fields = sameWidth ? width : Int.random(in: 1...maxFields, using: &rng)
            return (0..<fields).map { _ in
                // Mostly short plain values, sometimes long or full of special bytes.
                let length = Int.random(in: 0...maxPieces, using: &rng)
                let special = Int.random(in: 0..<4, using: &rng) == 0
                return (0..<length).map { _ in
                    special
                        ? pieces[Int.random(in: 0..<5, using: &rng)]
                        : pieces.randomElement(using: &rng)!
                }.joined()
            }
        }
    }

    /// Encodes `table` as RFC 4180: a value is quoted when it must be (it holds `,` `"` CR or
    /// LF, or it is the only field of its record and empty, which would otherwise be a blank
    /// line) and sometimes when it need not be. Records end with LF or CRLF (per table, or mixed),
    /// blank lines are sprinkled between them, and the final line end is optional.
    ///
    /// - Returns: the text and each record with the physical line it starts on.
    static func encode(_ table: [[String]], _ rng: inout SplitMix64) -> (text: String, records: [Record]) {
        let lineEnds = ["\n", "\r\n"]
        let mixed = Int.random(in: 0..<4, using: &rng) == 0
        let tableEnd = lineEnds.randomElement(using: &rng)!
        var text = ""
        var line = 1
        func append(_ s: String) {
            // Pieces never end in a CR that the next piece's LF would pair with.
            line += physicalLines(in: s)
            text += s
        }
        var records: [Record] = []
        for (r, values) in table.enumerated() {
            func lineEnd() -> String { mixed ? lineEnds.randomElement(using: &rng)! : tableEnd }
            while Int.random(in: 0..<8, using: &rng) == 0 { append(lineEnd()) }  // blank lines
            records.append(Record(line: line, fields: values))
            let encoded = values.map { value -> String in
                let must = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
                    || (values.count == 1 && value.isEmpty)
                guard must || Int.random(in: 0..<5, using: &rng) == 0 else { return value }
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            append(encoded.joined(separator: ","))
            if r < table.count - 1 || Bool.random(using: &rng) { append(lineEnd()) }
        }
        if Int.random(in: 0..<8, using: &rng) == 0 { append(tableEnd) }  // a trailing blank line
        return (text, records)
    }

    /// The line ends in `text`: LF, CRLF and lone CR each end a line.
    static func physicalLines(in text: String) -> Int {
        let bytes = Array(text.utf8)
        var count = 0
        for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
            count += 1
        }
        return count
    }
}
