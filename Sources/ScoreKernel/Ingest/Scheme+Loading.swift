import Yams

extension Scheme {
    /// The names of the built-in schemes, for `preset:` in a scheme file and for `evalcli`.
    public static let presetNames = ["national", "local-80-70-60", "tiers", "guangxi"]

    /// A built-in scheme: `national` (the defaults), `local-80-70-60` and `tiers` (those grade
    /// bands, SPEC §4.4), `guangxi` (overshoot flagged from 1.3 × target, §4.1); nil for any other
    /// name.
    public static func named(_ preset: String) -> Scheme? {
        var scheme = Scheme()
        switch preset {
        case "national": break
        case "local-80-70-60": scheme.grades = GradePreset.local807060.bands
        case "tiers": scheme.grades = GradePreset.tiers.bands
        case "guangxi": scheme.overshootFlag = 1.3
        default: return nil
        }
        return scheme
    }

    /// Reads a scheme file (scheme.yaml, SPEC §3.4). Every key is optional: a key left out or left
    /// empty keeps the value of `preset:` if there is one, else of ``Scheme/init()``. The file's
    /// format is what ``yaml`` prints.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the file's name as the user gave it, for diagnostics.
    /// - Throws: every problem in the file, each with its line and key path (`execution.points`).
    public static func load(yaml: String, file: String) throws(InputRejected) -> Scheme {
        var reader = SchemeReader(file: file)
        let scheme = reader.scheme(from: yaml)
        guard !reader.diagnostics.hasErrors else { throw InputRejected(reader.diagnosticsInFileOrder) }
        return scheme
    }
}

extension CategoryDimension {
    /// The category codes in matrix order (SPEC §4.5), execution last; nil for `indicator`, whose
    /// categories are the indicator codes the files share.
    var categoryCodes: [String]? {
        switch self {
        case .level1: Level1.allCases.map(\.code) + ["execution"]
        case .level2: Level2.dimensions.map(\.code) + ["execution"]
        case .indicator: nil
        }
    }
}

/// The keys of scheme.yaml and their checks. A value that fails a check is reported and the
/// setting keeps its previous value, so that later checks still see a valid scheme.
extension SchemeReader {
    mutating func scheme(from yaml: String) -> Scheme {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reportSyntax(error, in: yaml)
            return Scheme()
        }
        // A file with nothing in it but comments means all defaults.
        guard let root, !SchemeValue(node: root, path: "", line: nil).isEmpty else { return Scheme() }
        let fields = entries(
            of: SchemeValue(node: root, path: "", line: root.mark?.line),
            known: [
                "preset", "precision", "rounding", "points_total", "normalize_points", "negative_actual", "reverse", "equal",
                "overshoot_flag", "execution", "qualitative", "grades", "unit_words", "dimension",
                "missing_category", "weights", "deviation", "benchmarks", "application",
            ])
        let field = { (key: String) in fields.first { $0.key == key }?.value }

        // `preset` and `dimension` first, wherever they are written: the other keys refine the
        // preset, and category codes are checked against the dimension.
        var scheme = Scheme()
        if let v = field("preset"), let name = text(v), let preset = oneOf(v, Scheme.presetNames, name) {
            scheme = Scheme.named(preset)!
        }
        // nil: any code is a category (indicator codes), or the dimension is itself in error.
        var categories = scheme.dimension.categoryCodes
        if let v = field("dimension") {
            let dimension = choice(v, CategoryDimension.self)
            categories = dimension?.categoryCodes
            if let dimension { scheme.dimension = dimension }
        }

        for (key, v) in fields {
            switch key {
            case "precision":
                if let n = integer(v, mustBe: "from 0 to 6", { (0...6).contains($0) }) { scheme.precision = n }
            case "rounding":
                if let rule = choice(v, RoundingRule.self) { scheme.rounding = rule }
            case "points_total":
                if let x = number(v, mustBe: "above 0 and at most 10000", { $0 > 0 && $0 <= 10_000 }) { scheme.pointsTotal = x }
            case "normalize_points":
                if let b = bool(v) { scheme.normalizePoints = b }
            case "negative_actual":
                if let rule = choice(v, NegativeActual.self) { scheme.negativeActual = rule }
            case "reverse":
                if let rule = choice(v, ReverseRule.self) { scheme.reverse = rule }
            case "equal":
                if let rule = choice(v, EqualRule.self) { scheme.equal = rule }
            case "overshoot_flag":
                if let x = number(v, mustBe: "at least 1", { $0 >= 1 }) { scheme.overshootFlag = x }
            case "execution":
                readExecution(v, into: &scheme)
            case "qualitative":
                readQualitative(v, into: &scheme)
            case "grades":
                if let bands = grades(v) { scheme.grades = bands }
            case "unit_words":
                if let elements = list(v) {
                    let words = elements.compactMap { text($0) }
                    if words.count == elements.count { scheme.unitWords = words }
                }
            case "missing_category":
                if let rule = missingCategory(v, categories) { scheme.missingCategory = rule }
            case "weights":
                if let weights = weights(v, categories) { scheme.weights = weights }
            case "deviation":
                readDeviation(v, into: &scheme)
            case "benchmarks":
                for (key, v) in entries(of: v, known: ["rank_by", "average_of"]) {
                    if key == "rank_by", let s = choice(v, RankStatistic.self) { scheme.rankBy = s }
                    if key == "average_of", let a = choice(v, AverageOf.self) { scheme.averageOf = a }
                }
            case "application":
                readApplication(v, into: &scheme)
            default:
                break  // preset and dimension, read above
            }
        }

        if !(scheme.executionPoints < scheme.pointsTotal), let at = field("execution") ?? field("points_total") {
            report(.inconsistent, at, "execution.points (\(yamlNumber(scheme.executionPoints))) must be below points_total (\(yamlNumber(scheme.pointsTotal))), so that the indicators carry points")
        }

        // The default weights are over level1 categories; another dimension needs weights of its own.
        if let v = field("dimension"), field("weights") == nil, scheme.dimension != .level1 {
            let codes = scheme.dimension.categoryCodes?.joined(separator: ", ") ?? "indicator codes and execution"
            report(.inconsistent, v, "needs `weights` over its categories: \(codes)")
        }
        return scheme
    }

    /// `execution: {points, cap}` (SPEC §4.2).
    mutating func readExecution(_ v: SchemeValue, into scheme: inout Scheme) {
        for (key, v) in entries(of: v, known: ["points", "cap"]) {
            if key == "points", let x = nonNegative(v) { scheme.executionPoints = x }
            if key == "cap", let b = bool(v) { scheme.executionCap = b }
        }
    }

    /// `qualitative: {achieved, partial, not_achieved}` (SPEC §4.3): each in [0, 1], in that order.
    mutating func readQualitative(_ v: SchemeValue, into scheme: inout Scheme) {
        for (key, v) in entries(of: v, known: ["achieved", "partial", "not_achieved", "words"]) {
            if key == "words" {
                for (word, grade) in entries(of: v) {
                    if let g = choice(grade, QualitativeGrade.Word.self) { scheme.qualitativeWords[Vocabulary.normalized(word)] = g.grade }
                }
                continue
            }
            guard let a = number(v, mustBe: "from 0 to 1", { (0...1).contains($0) }) else { continue }
            switch key {
            case "achieved": scheme.qualitativeAchieved = a
            case "partial": scheme.qualitativePartial = a
            default: scheme.qualitativeNotAchieved = a
            }
        }
        if !(scheme.qualitativeAchieved >= scheme.qualitativePartial
            && scheme.qualitativePartial >= scheme.qualitativeNotAchieved)
        {
            report(
                .inconsistent, v,
                "needs achieved ≥ partial ≥ not_achieved; they are \(yamlNumber(scheme.qualitativeAchieved)), "
                    + "\(yamlNumber(scheme.qualitativePartial)), \(yamlNumber(scheme.qualitativeNotAchieved))")
        }
    }

    /// `grades`: a preset name, or a list of `{name, label, min}` from the highest minimum down to
    /// 0 (SPEC §4.4). A band without a label is labelled with its name.
    mutating func grades(_ v: SchemeValue) -> [GradeBand]? {
        if v.node.scalar != nil { return choice(v, GradePreset.self)?.bands }
        guard let elements = list(v) else { return nil }
        guard !elements.isEmpty else {
            report(.inconsistent, v, "needs at least one band")
            return nil
        }
        guard elements.count <= GradeBand.maximumCount else {
            report(.outOfRange, v, "has \(elements.count) bands; a scheme has at most \(GradeBand.maximumCount)")
            return nil
        }
        var bands: [GradeBand] = []
        for element in elements {
            var name: String?, label: String?, minimum: Double?
            for (key, v) in required(["name", "min"], optional: ["label"], in: element) {
                switch key {
                case "name": name = text(v)
                case "label": label = text(v)
                default: minimum = number(v, mustBe: "from 0 to 10000", { (0...10_000).contains($0) })
                }
            }
            if let name, let minimum { bands.append(GradeBand(name: name, label: label ?? name, minimum: minimum)) }
        }
        guard bands.count == elements.count else { return nil }

        var valid = true
        for (i, band) in bands.enumerated() {
            let at = { (key: String) in
                SchemeValue(node: Node(key == "min" ? yamlNumber(band.minimum) : band.name),
                            path: "\(elements[i].path).\(key)", line: elements[i].line)
            }
            if bands[..<i].contains(where: { $0.name == band.name }) {
                report(.inconsistent, at("name"), "grade names must be unique")
                valid = false
            }
            if i > 0, band.minimum >= bands[i - 1].minimum {
                let previous = yamlNumber(bands[i - 1].minimum)
                report(.inconsistent, at("min"), "must be below the previous band's minimum \(previous)")
                valid = false
            } else if i == bands.count - 1, band.minimum != 0 {
                report(.inconsistent, at("min"), "the last band's minimum must be 0, so that every total has a grade")
                valid = false
            }
        }
        return valid ? bands : nil
    }

    /// `missing_category`: `renormalize`, `zero`, or `{merge: {missing: replacement}}` (SPEC §4.5).
    /// A replacement must not be merged itself, so that one step always reaches a present category.
    mutating func missingCategory(_ v: SchemeValue, _ categories: [String]?) -> MissingCategory? {
        if v.node.scalar != nil {
            guard let s = text(v), let rule = oneOf(v, ["renormalize", "zero"], s) else { return nil }
            return rule == "zero" ? .zero : .renormalize
        }
        let fields = entries(of: v, known: ["merge"])
        guard let merge = fields.first?.value else {
            // An unknown key is reported as such; an empty mapping is reported here.
            if v.node.mapping?.isEmpty == true {
                report(.missingKey, v, "must be renormalize, zero or `merge: {missing: replacement}`")
            }
            return nil
        }
        var pairs: [(missing: String, replacement: String, at: SchemeValue)] = []
        var valid = true
        for (missing, target) in entries(of: merge) {
            let at = SchemeValue(node: Node(missing), path: target.path, line: target.line)
            guard category(at, missing, categories), let replacement = text(target),
                category(target, replacement, categories)
            else {
                valid = false
                continue
            }
            pairs.append((missing, replacement, target))
        }
        let merged = Dictionary(uniqueKeysWithValues: pairs.map { ($0.missing, $0.replacement) })
        for (missing, replacement, at) in pairs {
            if replacement == missing {
                report(.inconsistent, at, "a category cannot be merged into itself")
                valid = false
            } else if let next = merged[replacement] {
                report(.inconsistent, at, "is itself merged into \(next); merge into \(next) directly")
                valid = false
            }
        }
        if valid, pairs.isEmpty, merge.node.mapping != nil {
            report(.inconsistent, merge, "needs at least one `missing: replacement` pair")
        }
        return valid && !pairs.isEmpty ? .merge(merged) : nil
    }

    /// `weights`: category code → weight, each 0 or more, summing to 100 (SPEC §4.5).
    mutating func weights(_ v: SchemeValue, _ categories: [String]?) -> [String: Double]? {
        var weights: [String: Double] = [:]
        var valid = true
        for (code, w) in entries(of: v) {
            let known = category(SchemeValue(node: Node(code), path: w.path, line: w.line), code, categories)
            if let x = nonNegative(w), known { weights[code] = x } else { valid = false }
        }
        guard valid, v.node.mapping != nil else { return nil }
        let sum = weights.values.reduce(0, +)
        guard abs(sum - 100) <= 1e-9 else {
            report(.inconsistent, v, "must sum to 100; they sum to \(yamlNumber(sum))")
            return nil
        }
        return weights
    }

    /// Whether `code` is a category of the dimension (any code when `categories` is nil).
    mutating func category(_ v: SchemeValue, _ code: String, _ categories: [String]?) -> Bool {
        guard let categories else { return true }
        return oneOf(v, categories, code) != nil
    }

    /// `deviation: {…}`, the thresholds of SPEC §6.
    mutating func readDeviation(_ v: SchemeValue, into scheme: inout Scheme) {
        let fields = entries(
            of: v,
            known: [
                "execution_completion_gap", "progress_light", "checkpoints", "low_monitoring_score",
                "consecutive_low_monitoring", "key_evaluation", "execution_reason_below", "review_gap",
                "outlier_robust_z",
            ])
        for (key, v) in fields {
            switch key {
            case "execution_completion_gap":
                if let x = nonNegative(v) { scheme.executionCompletionGap = x }
            case "progress_light":
                for (key, v) in entries(of: v, known: ["red_below", "green_from"]) {
                    if key == "red_below", let x = nonNegative(v) { scheme.progressRedBelow = x }
                    if key == "green_from", let x = nonNegative(v) { scheme.progressGreenFrom = x }
                }
                if scheme.progressRedBelow > scheme.progressGreenFrom {
                    report(.inconsistent, v, "red_below must not be above green_from")
                }
            case "checkpoints":
                if let checkpoints = checkpoints(v) { scheme.checkpoints = checkpoints }
            case "low_monitoring_score":
                if let x = nonNegative(v) { scheme.lowMonitoringScore = x }
            case "consecutive_low_monitoring":
                if let n = integer(v, mustBe: "from 1 to 100", { (1...100).contains($0) }) { scheme.consecutiveLowMonitoring = n }
            case "key_evaluation":
                for (key, v) in entries(of: v, known: ["rate_below", "years"]) {
                    if key == "rate_below", let x = percent(v) { scheme.keyEvaluationRateBelow = x }
                    if key == "years", let n = integer(v, mustBe: "from 1 to 100", { (1...100).contains($0) }) {
                        scheme.keyEvaluationYears = n
                    }
                }
            case "execution_reason_below":
                if let x = percent(v) { scheme.executionReasonBelow = x }
            case "review_gap":
                if let x = nonNegative(v) { scheme.reviewGap = x }
            default:
                if let x = number(v, mustBe: "above 0", { $0 > 0 }) { scheme.outlierRobustZ = x }
            }
        }
    }

    /// `checkpoints: [{month, min_rate}]`: month 1–12, rate in percent.
    mutating func checkpoints(_ v: SchemeValue) -> [Checkpoint]? {
        guard let elements = list(v) else { return nil }
        var checkpoints: [Checkpoint] = []
        for element in elements {
            var month: Int?, rate: Double?
            for (key, v) in required(["month", "min_rate"], in: element) {
                if key == "month" { month = integer(v, mustBe: "from 1 to 12", { (1...12).contains($0) }) }
                if key == "min_rate" { rate = percent(v) }
            }
            if let month, let rate { checkpoints.append(Checkpoint(month: month, minimumRate: rate)) }
        }
        return checkpoints.count == elements.count ? checkpoints : nil
    }

    /// The entries of a list element that must have the `required` keys, reporting those missing.
    mutating func required(_ required: [String], optional: [String] = [], in element: SchemeValue)
        -> [(key: String, value: SchemeValue)]
    {
        let fields = entries(of: element, known: required + optional)
        let missing = required.filter { key in !fields.contains { $0.key == key } }
        if element.node.mapping != nil, !missing.isEmpty {
            let needs = required.joined(separator: ", ")
            report(.missingKey, element, "needs \(needs); missing: \(missing.joined(separator: ", "))")
        }
        return fields
    }

    /// A number of 0 or more.
    mutating func nonNegative(_ v: SchemeValue) -> Double? {
        number(v, mustBe: "0 or more", { $0 >= 0 })
    }

    /// A percentage from 0 to 100.
    mutating func percent(_ v: SchemeValue) -> Double? {
        number(v, mustBe: "from 0 to 100 (percent)", { (0...100).contains($0) })
    }
}

extension QualitativeGrade {
    /// The grades a scheme's `qualitative.words` may name, by their codes.
    enum Word: String, CaseIterable {
        case achieved, partial
        case notAchieved = "not_achieved"

        var grade: QualitativeGrade {
            switch self {
            case .achieved: .achieved
            case .partial: .partial
            case .notAchieved: .notAchieved
            }
        }
    }
}
