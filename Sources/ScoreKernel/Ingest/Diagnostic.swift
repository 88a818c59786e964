/// One problem found in the input: where it is (file, line, column), what was there, which rule
/// it breaks, in the user's own column names (SPEC §5).
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// An error rejects the input (strict) or its project (lenient); a warning never stops a run.
    public enum Severity: String, Sendable { case error, warning }

    /// Error or warning.
    public var severity: Severity
    /// The rule broken (`not_a_number`, `duplicate_project`, …).
    public var rule: DiagnosticRule
    /// The file's name as the user gave it (its last path component).
    public var file: String
    /// 1-based line of the file, or nil when the problem is about the file as a whole. For a
    /// sheet of a workbook, the 1-based row of the sheet.
    public var line: Int?
    /// For a sheet of a workbook (`file` is then `book.xlsx!Sheet`): the cell (`F17`), or the
    /// row (`17:17`) when the problem is the row's; what the message shows instead of the line.
    public var cell: String?
    /// The column as named in the file's header (or the scheme key).
    public var column: String?
    /// The offending value as written.
    public var value: String?
    /// What is wrong, in plain words.
    public var message: String
    /// The period of the project concerned, when there is one.
    public var period: String?
    /// The project_id of the project concerned, when there is one.
    public var projectID: String?

    init(
        _ severity: Severity, rule: DiagnosticRule, file: String, line: Int? = nil, column: String? = nil,
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

    /// `indicators.csv:1842: column 实际完成值: "完成" is not a number on a quantitative indicator`,
    /// `book.xlsx!指标表!F17: column 实际完成值: …` for a sheet's cell.
    public var description: String {
        var s = file
        if let cell { s += "!\(cell)" } else if let line { s += ":\(line)" }
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
    /// Every diagnostic, in the order found.
    public private(set) var all: [Diagnostic] = []
    /// How many of them are errors.
    public private(set) var errorCount = 0
    /// How many of them are warnings.
    public private(set) var warningCount = 0

    init() {}

    /// Whether any is an error.
    public var hasErrors: Bool { errorCount > 0 }
    /// The errors, in order.
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    /// The warnings, in order.
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    mutating func append(_ d: Diagnostic) {
        all.append(d)
        if d.severity == .error { errorCount += 1 } else { warningCount += 1 }
    }

    /// Moves every line number by `offset` (for parts of a file read separately).
    mutating func shiftLines(by offset: Int) {
        for i in all.indices where all[i].line != nil { all[i].line! += offset }
    }

    mutating func append(contentsOf other: Diagnostics) {
        for d in other.all { append(d) }
    }
}

/// Input that cannot be used, with every problem found (SPEC §5: strict mode stops on any error).
public struct InputRejected: Error, Sendable, CustomStringConvertible {
    /// Every problem found, errors and warnings.
    public var diagnostics: Diagnostics
    init(_ diagnostics: Diagnostics) { self.diagnostics = diagnostics }
    /// The errors, one a line, as the terminal shows them.
    public var description: String { diagnostics.errors.map(\.description).joined(separator: "\n") }
}

/// The rule a diagnostic reports, a stable code written in rejects.csv and listed in
/// docs/flags.md: the input rules of the two tables (SPEC §3, §5), the scheme file's and the
/// weights file's (docs/scheme.md).
public enum DiagnosticRule: String, Sendable, CaseIterable {
    case ambiguousProject = "ambiguous_project"
    case amountPrecision = "amount_precision"
    case csvSyntax = "csv_syntax"
    case directionConflict = "direction_conflict"
    case directionDefaulted = "direction_defaulted"
    case duplicateColumn = "duplicate_column"
    case duplicateProject = "duplicate_project"
    case emptyFile = "empty_file"
    case emptyValue = "empty_value"
    case executedAboveBudget = "executed_above_budget"
    case executionRateRange = "execution_rate_range"
    case fieldCount = "field_count"
    case fileTooLarge = "file_too_large"
    case missingColumn = "missing_column"
    case negativeActual = "negative_actual"
    case negativeAmount = "negative_amount"
    case negativeTarget = "negative_target"
    case noIndicators = "no_indicators"
    case notAGrade = "not_a_grade"
    case notANumber = "not_a_number"
    case notAnAmount = "not_an_amount"
    case numberRange = "number_range"
    case periodFormat = "period_format"
    case pointsNormalized = "points_normalized"
    case pointsNotPositive = "points_not_positive"
    case pointsRange = "points_range"
    case pointsTotal = "points_total"
    case rangeInverted = "range_inverted"
    case rangeNegative = "range_negative"
    case satisfactionAbsent = "satisfaction_absent"
    case scoreOutsideBand = "score_outside_band"
    case scoreRange = "score_range"
    case unitMismatch = "unit_mismatch"
    case unknownDirection = "unknown_direction"
    case unknownLevel1 = "unknown_level1"
    case unknownLevel2 = "unknown_level2"
    case unknownProject = "unknown_project"
    case unreadableFile = "unreadable_file"
    case unusedColumn = "unused_column"
    case unknownUnit = "unknown_unit"
    case signedActual = "signed_actual"
    case notADate = "not_a_date"
    // Workbooks (.xlsx).
    /// A cell holds a formula whose value was never saved (a workbook written by a program that
    /// does not compute formulas).
    case formulaWithoutValue = "formula_without_value"
    /// A hidden row of a sheet (a warning: it is read like the others).
    case hiddenRow = "hidden_row"
    /// A table read from several sheets, `Sheet`, `Sheet (2)`, … (a warning naming them, in
    /// case one is a copy rather than a continuation).
    case sheetsJoined = "sheets_joined"
    // The scheme file.
    /// The scheme file is not valid YAML.
    case yamlSyntax = "yaml_syntax"
    /// A scheme key that does not exist here.
    case unknownKey = "unknown_key"
    /// A scheme key written twice.
    case duplicateKey = "duplicate_key"
    /// A scheme entry without a key it needs.
    case missingKey = "missing_key"
    /// A scheme value of the wrong kind (text for a number, a list for a mapping).
    case wrongType = "wrong_type"
    /// A text value outside a closed set (an enum, a preset, a category code).
    case unknownValue = "unknown_value"
    /// A number outside its allowed interval.
    case outOfRange = "out_of_range"
    /// Values that are each allowed but not together (band order, weight sum).
    case inconsistent
    // The weights file of `evalcli scenarios --weights` (SPEC §9); it also uses `missing_column`,
    // `duplicate_column`, `empty_value`, `not_a_number`, `number_range`, `field_count`,
    // `csv_syntax` and `empty_file` as tables do, and the scheme file's rules for its YAML form.
    /// A scenario's weights do not sum to 100.
    case weightsSum = "weights_sum"
    /// A negative weight.
    case negativeWeight = "negative_weight"
    /// A header or key that names no category of the dimension.
    case unknownCategory = "unknown_category"
    /// A scenario name written twice.
    case duplicateScenario = "duplicate_scenario"
    /// A scenario named `as_filed` or `scheme`, the names of the built-in scenarios.
    case reservedScenario = "reserved_scenario"
    /// A weights file without any scenario.
    case noScenarios = "no_scenarios"
    /// A scenario's own grade bands are not the scheme's band names in the scheme's order.
    case gradeNames = "grade_names"
    // Result application (SPEC §8): bases.csv, and the rules applied to a batch.
    /// bases.csv has two rows for one (period, department).
    case duplicateBase = "duplicate_base"
    /// A bases.csv row of a department the projects file does not have (a warning).
    case unknownDepartment = "unknown_department"
    /// A rule needs a base amount that is not there: no bases file, no such column, no row or an
    /// empty cell for a unit it charges.
    case missingBase = "missing_base"
    /// A rule that cannot be applied as written: a grade that is no band, a pool of rules that do
    /// not deduct, a charged period that is not a year, two rules of one name.
    case invalidRule = "invalid_rule"
}
