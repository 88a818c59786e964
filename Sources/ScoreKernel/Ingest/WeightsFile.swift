import Yams

/// One named weight vector from a weights file (SPEC §9).
struct NamedWeights: Sendable, Equatable {
    let name: String
    /// One weight per category, in the caller's category order.
    let weights: [Double]
    /// This scenario's own grade bands; nil: the scheme's.
    let grades: [GradeBand]?
}

/// The weights file of `evalcli scenarios --weights FILE` (SPEC §9): named weight vectors over
/// the categories of the category matrix (SPEC §4.5), as CSV (one row per scenario) or YAML (a
/// `scenarios` list, each with optional grade bands of its own). The format and its problems are
/// in docs/scheme.md (Weights files).
///
/// Categories are named by their code or by the names of ``Vocabulary/categoryAliases(_:dimension:)``
/// (产出, 产出指标, 预算执行率 …), matched as table headers are; a category left out weighs 0. The
/// file is read as a scheme file is: UTF-8 (with or without BOM) or GB18030/GBK, at most 1 MiB.
enum WeightsFile {
    /// How a weights file is read, by its extension.
    enum Format: Sendable, Equatable {
        case csv, yaml

        /// The format of `path` by its extension (`.csv`; `.yaml`, `.yml`), nil for any other.
        init?(path: String) {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = name.lastIndex(of: ".") else { return nil }
            switch name[name.index(after: dot)...].lowercased() {
            case "csv": self = .csv
            case "yaml", "yml": self = .yaml
            default: return nil
            }
        }
    }

    /// The names of the scenarios a run makes itself: each project on its own points, and the
    /// scheme's weights. Compared ignoring case, as scenario names are.
    static let reservedNames = ["as_filed", "scheme"]
    /// How far from 100 a vector's sum may be (binary noise of decimal weights such as 33.33…).
    static let sumTolerance = 1e-6
    /// The header of the scenario-name column of a CSV weights file.
    static let nameColumn = ColumnSpec(code: "scenario", aliases: ["情景", "情景名称"], required: true)

    /// Reads `path` (CSV or YAML by extension) over `categories` (codes; last is "execution") of `dimension`.
    ///
    /// - Returns: the scenarios in file order, each vector in the order of `categories`.
    /// - Throws: every problem of the file, each with its line and column or key path.
    static func read(path: String, categories: [String], dimension: CategoryDimension, scheme: Scheme)
        throws(InputRejected) -> [NamedWeights]
    {
        guard let format = Format(path: path) else {
            var d = Diagnostics()
            d.append(Diagnostic(.error, rule: .unreadableFile, file: path.split(separator: "/").last.map(String.init) ?? path,
                                message: "is neither .csv nor .yaml/.yml: a weights file is read by its extension"))
            throw InputRejected(d)
        }
        let source = try SourceText.loadSettings(
            path: path, largest: Scheme.largestFile,
            tooLarge: "is larger than 1 MiB; a weights file is a list of scenarios")
        return try read(source, format: format, categories: categories, dimension: dimension, scheme: scheme)
    }

    /// Reads the text of a weights file in `format` (see ``read(path:categories:dimension:scheme:)``).
    static func read(
        _ source: SourceText, format: Format, categories: [String], dimension: CategoryDimension, scheme: Scheme
    ) throws(InputRejected) -> [NamedWeights] {
        var reader = Reader(file: source.fileName, categories: categories, dimension: dimension, scheme: scheme)
        let (scenarios, diagnostics) = switch format {
        case .csv: reader.csv(source)
        case .yaml: reader.yaml(source.withBytes { String(decoding: $0, as: UTF8.self) })
        }
        guard !diagnostics.hasErrors else { throw InputRejected(diagnostics) }
        return scenarios
    }

    /// The checks both formats share.
    private struct Reader {
        let file: String
        let categories: [String]
        let scheme: Scheme
        /// One column spec per category: its code and its other names.
        let categorySpecs: [ColumnSpec]
        /// Normalized category name → category index.
        let lookup: [String: Int]
        /// Normalized scenario name → the line it was first given on.
        var seen: [String: Int] = [:]

        init(file: String, categories: [String], dimension: CategoryDimension, scheme: Scheme) {
            self.file = file
            self.categories = categories
            self.scheme = scheme
            categorySpecs = categories.map {
                ColumnSpec(code: $0, aliases: Vocabulary.categoryAliases($0, dimension: dimension), required: false)
            }
            lookup = HeaderMap.lookup(categorySpecs)
        }

        /// The categories a message lists, with a Chinese name where there is one (the first
        /// 20 when there are more, for indicator codes).
        var known: String {
            let named = categorySpecs.prefix(20).map { spec in
                spec.aliases.first.map { "\(spec.code) (\($0))" } ?? spec.code
            }
            let more = categories.count > 20 ? ", … (\(categories.count) in all)" : ""
            return named.joined(separator: ", ") + more
        }

        /// The problem with scenario name `name` first given on `line`, nil when there is none
        /// (the name is then recorded).
        mutating func nameProblem(_ name: String, line: Int) -> (DiagnosticRule, String)? {
            if name.isEmpty { return (.emptyValue, "is empty: every scenario needs a name") }
            let key = Vocabulary.normalized(name)
            if WeightsFile.reservedNames.contains(key) {
                return (.reservedScenario,
                        "is reserved: as_filed (each project on its own points) and scheme (the scheme's weights) are scenarios of every run; choose another name")
            }
            if let first = seen[key] {
                return (.duplicateScenario, "is a duplicate: the same scenario name (ignoring case) is on line \(first)")
            }
            seen[key] = line
            return nil
        }

        /// The problem with a complete vector, nil when it sums to 100.
        func sumProblem(_ weights: [Double]) -> String? {
            let sum = weights.reduce(0, +)
            return abs(sum - 100) <= WeightsFile.sumTolerance ? nil : "the weights must sum to 100; they sum to \(yamlNumber(sum))"
        }

        // MARK: CSV

        /// A CSV file: a header `scenario,<category>,…` and one row per scenario.
        mutating func csv(_ source: SourceText) -> ([NamedWeights], Diagnostics) {
            var scenarios: [NamedWeights] = []
            var diagnostics = Diagnostics()
            let file = self.file
            source.withBytes { bytes in
                var reader = CSVReader(bytes: bytes, range: 0..<bytes.count, firstLine: 1)
                var fields: [CSVField] = []
                do throws(CSVSyntaxError) {
                    guard try reader.next(into: &fields) else {
                        diagnostics.append(Diagnostic(.error, rule: .emptyFile, file: file,
                                                      message: "the file is empty: it needs a header row (scenario, then the categories)"))
                        return
                    }
                    let headers = fields.map { CSVReader.string($0, in: bytes) }
                    guard let map = header(headers, into: &diagnostics) else { return }
                    var row = TableRow(bytes: bytes, map: map)
                    var rows = 0
                    let syntax = ValueSyntax(unitWords: [])
                    while try row.read(&reader) {
                        guard row.fields.count == headers.count else {
                            diagnostics.append(Diagnostic(.error, rule: .fieldCount, file: file, line: row.line,
                                message: "the row has \(row.fields.count) fields; the header has \(headers.count)"))
                            rows += 1
                            continue
                        }
                        // A row of empty cells, as spreadsheets leave below a table, is no scenario.
                        if (0..<headers.count).allSatisfy({ row.isBlank($0) }) { continue }
                        rows += 1
                        if let scenario = csvRow(row, syntax: syntax, into: &diagnostics) { scenarios.append(scenario) }
                    }
                    if rows == 0 {
                        diagnostics.append(Diagnostic(.error, rule: .noScenarios, file: file, line: 1,
                                                      message: "the file has no scenarios: write one row per scenario below the header"))
                    }
                } catch {
                    diagnostics.append(error.diagnostic(file: file))
                }
            }
            return (scenarios, diagnostics)
        }

        /// Maps the header: spec 0 is the name column, spec 1 + k category k. Nil when the header
        /// has a problem (the rows would be misread).
        private func header(_ headers: [String], into diagnostics: inout Diagnostics) -> HeaderMap? {
            var found = Diagnostics()
            let map = HeaderMap(headers: headers, specs: [WeightsFile.nameColumn] + categorySpecs, file: file, into: &found)
            // A header that is no category is an error here, not an unused column: a misspelt
            // category would otherwise weigh 0 without a word.
            for d in found.all where d.rule != .unusedColumn { diagnostics.append(d) }
            for (field, text) in map.unused {
                let name = text.trimmingSpaces
                diagnostics.append(Diagnostic(
                    .error, rule: .unknownCategory, file: file, line: 1, column: name.isEmpty ? "field \(field + 1)" : name,
                    message: (name.isEmpty ? "has no header" : "is not a category")
                        + "; the name column is scenario (情景, 情景名称), the categories are: \(known)"))
            }
            return diagnostics.hasErrors ? nil : map
        }

        /// One scenario row; nil when it has a problem (reported).
        private mutating func csvRow(_ row: TableRow, syntax: ValueSyntax, into diagnostics: inout Diagnostics) -> NamedWeights? {
            func error(_ rule: DiagnosticRule, _ column: Int?, _ value: String?, _ message: String) {
                diagnostics.append(Diagnostic(.error, rule: rule, file: file, line: row.line,
                                              column: column.map { row.map.header[$0] }, value: value, message: message))
            }
            let name = row.string(0)
            var valid = true
            if let (rule, message) = nameProblem(name, line: row.line) {
                error(rule, 0, name.isEmpty ? nil : name, message)
                valid = false
            }
            var weights = [Double](repeating: 0, count: categories.count)
            for k in categories.indices where row.has(k + 1) {
                let c = k + 1
                guard !row.isBlank(c) else {
                    error(.notANumber, c, nil, "is empty; write 0 for a category that weighs nothing")
                    valid = false
                    continue
                }
                // A plain number: `60%` would say 0.6 to some readers and 60 to others.
                guard let n = syntax.number(row.bytes, row.range(c)!), n.suffix == .none else {
                    error(.notANumber, c, row.string(c), "is not a number")
                    valid = false
                    continue
                }
                guard let x = n.value.boundedDouble else {
                    error(.numberRange, c, row.string(c), DecimalNumber.rangeMessage)
                    valid = false
                    continue
                }
                guard x >= 0 else {
                    error(.negativeWeight, c, row.string(c), "is negative; a weight must be 0 or more")
                    valid = false
                    continue
                }
                weights[k] = x + 0  // -0 as 0
            }
            guard valid else { return nil }
            if let message = sumProblem(weights) {
                error(.weightsSum, nil, nil, message)
                return nil
            }
            return NamedWeights(name: name, weights: weights, grades: nil)
        }

        // MARK: YAML

        /// A YAML file: `scenarios:` a list of `{name, weights, grades}`, read with the scheme
        /// file's readers (types, duplicate keys, line numbers).
        mutating func yaml(_ text: String) -> ([NamedWeights], Diagnostics) {
            var reader = SchemeReader(file: file)
            let root: Node?
            do {
                root = try Yams.compose(yaml: text)
            } catch {
                reader.reportSyntax(error, in: text)
                return ([], reader.diagnostics)
            }
            guard let root, !SchemeValue(node: root, path: "", line: nil).isEmpty else {
                var d = Diagnostics()
                d.append(Diagnostic(.error, rule: .noScenarios, file: file,
                                    message: "the file is empty: it needs a `scenarios:` list of `{name, weights}`"))
                return ([], d)
            }
            let top = SchemeValue(node: root, path: "", line: root.mark?.line)
            let fields = reader.entries(of: top, known: ["scenarios"])
            var scenarios: [NamedWeights] = []
            if let list = fields.first(where: { $0.key == "scenarios" })?.value {
                if let elements = reader.list(list) {
                    if elements.isEmpty { reader.report(.noScenarios, list, "has no scenarios") }
                    for element in elements {
                        if let scenario = yamlScenario(element, &reader) { scenarios.append(scenario) }
                    }
                }
            } else if root.mapping != nil {
                reader.report(.noScenarios, top, "the file has no `scenarios:` list of `{name, weights}`")
            }
            return (scenarios, reader.diagnosticsInFileOrder)
        }

        /// One element of `scenarios`; nil when it has a problem (reported).
        private mutating func yamlScenario(_ element: SchemeValue, _ reader: inout SchemeReader) -> NamedWeights? {
            guard element.node.mapping != nil else {
                reader.report(.wrongType, element, "must be a mapping `{name: …, weights: {…}}`")
                return nil
            }
            var name: String?, weights: [Double]?, grades: [GradeBand]?
            var valid = true
            for (key, v) in reader.required(["name", "weights"], optional: ["grades"], in: element) {
                switch key {
                case "name":
                    // `name: ""` is empty; `name:` (no value) is a missing name, as in a scheme file.
                    let written = v.node.scalar?.string.trimmingSpaces
                    if written?.isEmpty == true {
                        reader.report(.emptyValue, v, "is empty: every scenario needs a name")
                    } else if let text = reader.text(v) {
                        let text = text.trimmingSpaces
                        if let (rule, message) = nameProblem(text, line: v.line ?? 0) {
                            reader.report(rule, v, message)
                        } else {
                            name = text
                        }
                    }
                case "weights":
                    weights = yamlWeights(v, &reader)
                default:
                    grades = yamlGrades(v, &reader)
                    if grades == nil { valid = false }
                }
            }
            guard valid, let name, let weights else { return nil }
            return NamedWeights(name: name, weights: weights, grades: grades)
        }

        /// `weights: {category: number, …}`; categories left out weigh 0.
        private func yamlWeights(_ v: SchemeValue, _ reader: inout SchemeReader) -> [Double]? {
            var weights = [Double](repeating: 0, count: categories.count)
            var given: [Int: String] = [:]
            var valid = v.node.mapping != nil  // else `entries` reports it
            for (key, w) in reader.entries(of: v) {
                let at = SchemeValue(node: Node(key), path: w.path, line: w.line)
                guard let k = lookup[Vocabulary.normalized(key)] else {
                    reader.report(.unknownCategory, at, "is not a category; the categories are: \(known)")
                    valid = false
                    continue
                }
                if let first = given[k] {
                    reader.report(.duplicateKey, at, "names the same category (\(categories[k])) as `\(first)`")
                    valid = false
                    continue
                }
                given[k] = key
                guard let x = reader.number(w) else {
                    valid = false
                    continue
                }
                guard x >= 0 else {
                    reader.report(.negativeWeight, w, "is negative; a weight must be 0 or more")
                    valid = false
                    continue
                }
                weights[k] = x + 0  // -0 as 0
            }
            guard valid else { return nil }
            if let message = sumProblem(weights) {
                reader.report(.weightsSum, v, message)
                return nil
            }
            return weights
        }

        /// `grades`: bands as the scheme's `grades` takes them, with the scheme's band names in
        /// its order, so that the n_<grade> columns of every scenario line up.
        private func yamlGrades(_ v: SchemeValue, _ reader: inout SchemeReader) -> [GradeBand]? {
            guard let bands = reader.grades(v) else { return nil }
            let expected = scheme.grades.map(\.name)
            guard bands.map(\.name) == expected else {
                reader.report(
                    .gradeNames, v,
                    "must name the scheme's bands in its order: \(expected.joined(separator: ", ")); they are \(bands.map(\.name).joined(separator: ", ")) (only labels and minima may differ)")
                return nil
            }
            return bands
        }
    }
}
