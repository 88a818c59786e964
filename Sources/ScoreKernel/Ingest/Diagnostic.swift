/// One problem found in the input: where it is (file, line, column), what was there, which rule
/// it breaks, in the user's own column names (SPEC §5).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    /// The rule broken, a stable code (`not_a_number`, `duplicate_project`, …).
    public var rule: String
    /// The file's name as the user gave it (its last path component).
    public var file: String
    /// 1-based line of the file, or nil when the problem is about the file as a whole.
    public var line: Int?
    /// The column as named in the file's header (or the scheme key).
    public var column: String?
    /// The offending value as written.
    public var value: String?
    /// What is wrong, in plain words.
    public var message: String
    /// The project concerned, when there is one: its period and project_id.
    public var period: String?
    public var projectID: String?

    public init(
        _ severity: Severity, rule: String, file: String, line: Int? = nil, column: String? = nil,
        value: String? = nil, message: String, period: String? = nil, projectID: String? = nil
    ) {
        self.severity = severity
        self.rule = rule
        self.file = file
        self.line = line
        self.column = column
        self.value = value.map(Self.excerpt)
        self.message = message
        self.period = period.map(Self.excerpt)
        self.projectID = projectID.map(Self.excerpt)
    }

    /// `text` as a message quotes it: whole up to 80 characters, else its first 60 and how long
    /// it is, so that a 10 MB cell does not become a 10 MB message.
    public static func excerpt(_ text: String) -> String {
        guard text.utf8.count > 80 else { return text }
        let count = text.count
        guard count > 80 else { return text }
        return String(text.prefix(60)) + "… (\(count) characters)"
    }

    /// `indicators.csv:1842: column 实际完成值: "完成" is not a number on a quantitative indicator`
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if severity == .warning { s += "warning: " }
        if let column { s += "column \(column): " }
        if let value { s += "\"\(value)\" " }
        s += message
        return s
    }
}

/// The diagnostics of one run, errors and warnings, in the order found.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0

    public init() {}

    public var hasErrors: Bool { errorCount > 0 }
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    public mutating func append(_ d: Diagnostic) {
        all.append(d)
        if d.severity == .error { errorCount += 1 } else { warningCount += 1 }
    }

    /// Moves every line number by `offset` (for parts of a file read separately).
    mutating func shiftLines(by offset: Int) {
        for i in all.indices where all[i].line != nil { all[i].line! += offset }
    }

    public mutating func append(contentsOf other: Diagnostics) {
        for d in other.all { append(d) }
    }
}

/// Input that cannot be used, with every problem found (SPEC §5: strict mode stops on any error).
public struct InputRejected: Error, Sendable, CustomStringConvertible {
    public var diagnostics: Diagnostics
    public init(_ diagnostics: Diagnostics) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.errors.map(\.description).joined(separator: "\n") }
}
