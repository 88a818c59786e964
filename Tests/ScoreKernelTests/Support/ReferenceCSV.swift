@_spi(Stages) @testable import ScoreKernel

/// A deliberately plain RFC 4180 reader — one byte at a time through an explicit state machine,
/// building `String`s — to check ``CSVReader`` against on arbitrary (also malformed) input.
/// It shares no code with the reader; it encodes the same rules: blank lines are skipped, LF,
/// CRLF and lone CR end lines and records, and the first syntax error stops the read.
enum ReferenceCSV {
    private enum State { case recordStart, fieldStart, unquoted, quoted, quoteSeen }

    static func parse(_ bytes: [UInt8]) -> (records: [RandomCSV.Record], error: CSVSyntaxError?) {
        var records: [RandomCSV.Record] = []
        var fields: [String] = []
        var value: [UInt8] = []
        var state = State.recordStart
        var line = 1
        var recordLine = 1
        var openLine = 1
        func pushField() {
            fields.append(String(decoding: value, as: UTF8.self))
            value = []
        }
        func pushRecord() {
            records.append(RandomCSV.Record(line: recordLine, fields: fields))
            fields = []
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let endsLine = b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A))
            let isLineEnd = b == 0x0A || b == 0x0D
            switch state {
            case .recordStart:
                if !isLineEnd {
                    recordLine = line
                    state = .fieldStart
                    continue  // the same byte again, as the start of the first field
                }
            case .fieldStart:
                if b == 0x22 {
                    openLine = line
                    state = .quoted
                } else if b == 0x2C {
                    pushField()
                } else if isLineEnd {
                    pushField()
                    pushRecord()
                    state = .recordStart  // the LF of a CRLF is then skipped as a blank line
                } else {
                    value.append(b)
                    state = .unquoted
                }
            case .unquoted:
                if b == 0x2C {
                    pushField()
                    state = .fieldStart
                } else if isLineEnd {
                    pushField()
                    pushRecord()
                    state = .recordStart
                } else if b == 0x22 {
                    return (records, CSVSyntaxError(line: line, field: fields.count + 1, kind: .quoteInUnquotedField))
                } else {
                    value.append(b)
                }
            case .quoted:
                if b == 0x22 { state = .quoteSeen } else { value.append(b) }
            case .quoteSeen:
                if b == 0x22 {
                    value.append(b)
                    state = .quoted
                } else if b == 0x2C {
                    pushField()
                    state = .fieldStart
                } else if isLineEnd {
                    pushField()
                    pushRecord()
                    state = .recordStart
                } else {
                    return (records, CSVSyntaxError(line: line, field: fields.count + 1, kind: .textAfterClosingQuote))
                }
            }
            if endsLine { line += 1 }
            i += 1
        }
        switch state {
        case .recordStart: break
        case .fieldStart, .unquoted, .quoteSeen:
            pushField()
            pushRecord()
        case .quoted:
            return (records, CSVSyntaxError(line: openLine, field: fields.count + 1, kind: .unterminatedQuote))
        }
        return (records, nil)
    }
}
