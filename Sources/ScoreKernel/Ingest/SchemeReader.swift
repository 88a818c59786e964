import Yams

/// A value found in a scheme file and where: its key path as a user would write it
/// (`execution.points`, `grades[1].min`) and the 1-based line of its key.
struct SchemeValue {
    var node: Node
    var path: String
    var line: Int?

    /// The scalar as written, for diagnostics; nil for a mapping or a list.
    var written: String? { node.scalar?.string }

    /// A plain `~`, `null` or nothing at all: the key is there but left empty.
    var isEmpty: Bool { node.scalar != nil && Resolver.default.resolveTag(of: node) == .null }
}

/// Reads typed values out of a composed YAML tree. Each problem becomes a diagnostic and the
/// reader carries on, so that a user fixes a scheme file in one pass; a reading that fails
/// returns nil and the caller keeps the setting's previous value.
struct SchemeReader {
    let file: String
    private(set) var diagnostics = Diagnostics()

    init(file: String) { self.file = file }

    /// The diagnostics by line, those of one line in the order found.
    var diagnosticsInFileOrder: Diagnostics {
        var sorted = Diagnostics()
        let byLine = diagnostics.all.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }
        for (_, d) in byLine { sorted.append(d) }
        return sorted
    }

    mutating func report(_ rule: DiagnosticRule, _ v: SchemeValue, _ message: String) {
        diagnostics.append(
            Diagnostic(.error, rule: rule, file: file, line: v.line, column: v.path.isEmpty ? nil : v.path,
                       value: v.written, message: message))
    }

    /// Reports a file that is not YAML, at the line the YAML parser gives.
    mutating func reportSyntax(_ error: any Error, in yaml: String) {
        var rule = DiagnosticRule.yamlSyntax
        let line: Int?
        let problem: String
        switch error as? YamlError {
        case let .scanner(context, text, mark, _), let .parser(context, text, mark, _),
            let .composer(context, text, mark, _):
            line = mark.line
            problem = [context?.text, text].compactMap { $0 }.joined(separator: " ")
        case let .reader(text, offset, _, _):
            line = offset.map { yaml.prefix($0).count(where: { $0 == "\n" }) + 1 }
            problem = text
        case let .duplicatedKeysInMapping(keys, context):
            // Yams gives the line of the first occurrence.
            rule = .duplicateKey
            line = context.mark.line
            problem = "key `\(keys.joined(separator: "`, `"))` appears more than once in one mapping"
        default:
            line = nil
            problem = "\(error)"
        }
        diagnostics.append(
            Diagnostic(.error, rule: rule, file: file, line: line, message: "not valid YAML: \(problem)"))
    }

    /// The entries of a mapping in file order, leaving out the empty ones (an empty key keeps its
    /// default). With `known`, other keys are reported with the closest known key as a hint.
    mutating func entries(of v: SchemeValue, known: [String]? = nil) -> [(key: String, value: SchemeValue)] {
        guard case let .mapping(mapping) = v.node else {
            report(.wrongType, v, "must be a mapping of `key: value` lines")
            return []
        }
        var result: [(key: String, value: SchemeValue)] = []
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line
            let keyPath = SchemeValue(node: keyNode, path: v.path, line: line)
            guard let key = keyNode.scalar?.string else {
                report(.wrongType, keyPath, "a key must be text")
                continue
            }
            let child = SchemeValue(node: valueNode, path: v.path.isEmpty ? key : "\(v.path).\(key)", line: line)
            if let known, !known.contains(key) {
                // A suggestion costs an edit distance per known key: only the first problems,
                // which are all anyone reads, get one.
                let suggestion = diagnostics.errorCount < 100
                    ? known.min { editDistance(key, $0) < editDistance(key, $1) }.map { "did you mean `\($0)`? " } ?? "" : ""
                report(.unknownKey, SchemeValue(node: keyNode, path: child.path, line: line),
                       "is not a key here; \(suggestion)Keys here: \(known.joined(separator: ", "))")
            } else if result.contains(where: { $0.key == key }) {
                report(.duplicateKey, child, "`\(key)` appears more than once")
            } else if !child.isEmpty {
                result.append((key, child))
            }
        }
        return result
    }

    /// The elements of a list, each with its index in the path (`grades[0]`) and its own line.
    mutating func list(_ v: SchemeValue) -> [SchemeValue]? {
        guard case let .sequence(sequence) = v.node else {
            report(.wrongType, v, "must be a list")
            return nil
        }
        return sequence.enumerated().map { index, node in
            SchemeValue(node: node, path: "\(v.path)[\(index)]", line: node.mark?.line ?? v.line)
        }
    }

    /// A finite decimal number written plainly (`90`, `0.7`, `1e-3`), satisfying `isAllowed`.
    mutating func number(
        _ v: SchemeValue, mustBe requirement: String = "", _ isAllowed: (Double) -> Bool = { _ in true }
    ) -> Double? {
        guard let text = plainScalar(v), text.allSatisfy({ "0123456789+-.eE".contains($0) }),
            let x = Double(text), x.isFinite
        else {
            report(.wrongType, v, "must be a number")
            return nil
        }
        guard isAllowed(x) else {
            report(.outOfRange, v, "must be \(requirement)")
            return nil
        }
        return x
    }

    /// A whole number written plainly (`2`), satisfying `isAllowed`.
    mutating func integer(_ v: SchemeValue, mustBe requirement: String, _ isAllowed: (Int) -> Bool) -> Int? {
        guard let text = plainScalar(v), let n = Int(text) else {
            report(.wrongType, v, "must be a whole number")
            return nil
        }
        guard isAllowed(n) else {
            report(.outOfRange, v, "must be \(requirement)")
            return nil
        }
        return n
    }

    /// `true` or `false` (YAML's `yes`/`no`, `on`/`off` too).
    mutating func bool(_ v: SchemeValue) -> Bool? {
        guard let b = v.node.bool else {
            report(.wrongType, v, "must be true or false")
            return nil
        }
        return b
    }

    /// Non-empty text, quoted or not (`90` written as a label is the text "90").
    mutating func text(_ v: SchemeValue) -> String? {
        guard let s = v.node.scalar?.string, !v.isEmpty, !s.isEmpty else {
            report(.wrongType, v, "must be text")
            return nil
        }
        return s
    }

    /// One of the named values of `E`, reported with the whole list when it is none of them.
    mutating func choice<E: RawRepresentable<String> & CaseIterable>(_ v: SchemeValue, _: E.Type) -> E? {
        guard let s = text(v) else { return nil }
        return oneOf(v, E.allCases.map(\.rawValue), s).flatMap(E.init(rawValue:))
    }

    /// `s` when it is one of `accepted`; otherwise reports the accepted values.
    mutating func oneOf(_ v: SchemeValue, _ accepted: [String], _ s: String) -> String? {
        if accepted.contains(s) { return s }
        report(.unknownValue, v, "must be one of: \(accepted.joined(separator: ", "))")
        return nil
    }

    /// The text of a plain (unquoted) scalar: numbers must not be quoted, as in YAML itself.
    private func plainScalar(_ v: SchemeValue) -> String? {
        guard let scalar = v.node.scalar, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }
}

/// A number in the shortest form that reads back as the same `Double` (`100`, `0.7`, `1e-05`).
func yamlNumber(_ x: Double) -> String {
    let s = x.description
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}

/// Levenshtein distance in characters, to suggest the key a user most likely meant.
func editDistance(_ a: String, _ b: String) -> Int {
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
