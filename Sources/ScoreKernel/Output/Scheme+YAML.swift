import Yams

extension Scheme {
    /// The scheme as a scheme.yaml file (SPEC §3.4), what `evalcli scheme` prints: every setting
    /// spelled out, each under a comment that says what it means, the values it accepts and the
    /// SPEC section it comes from. `Scheme.load(yaml: s.yaml, file:)` gives `s` back.
    public var yaml: String {
        var out = YAMLLines()
        out.comment("ScoreKernel scheme (评价方案): every rule choice of SPEC §4–§7 at its effective value.")
        out.comment("Every key is optional; a key left out or left empty keeps its default.")
        out.comment("`preset: NAME` starts from a built-in scheme before the other keys apply:")
        out.comment(Scheme.presetNames.joined(separator: ", ") + ".")
        out.blank()

        out.comment("§4.4 Decimal places of indicator scores and totals.")
        out.comment("A whole number from 0 to 6; 0 reproduces units that publish integer scores.")
        out.value("precision", "\(precision)")
        out.comment("How scores are rounded at that precision: half_away (half away from zero, as the official")
        out.comment("systems and Excel's ROUND) or truncate (as units that cut decimals publish: 9.78 → 9 at 0).")
        out.value("rounding", rounding.rawValue)
        out.comment("§4.4 Σ indicator points + execution points must equal this, or the project is an error.")
        out.comment("A number above 0, at most 10000.")
        out.value("points_total", yamlNumber(pointsTotal))
        out.comment("§4.4 true: points that do not total points_total are rescaled to it, with a warning;")
        out.comment("false: such a project is an error.")
        out.value("normalize_points", "\(normalizePoints)")
        out.comment("§4.1 A negative actual value: zero (taken as 0) | error (the row is an error).")
        out.value("negative_actual", negativeActual.rawValue)
        out.comment("§4.1 A reverse (<=, <) indicator whose actual B is above its target A:")
        out.comment("ratio (A / B) | linear (1 − (B − A) / A, 0 from B ≥ 2A).")
        out.value("reverse", reverse.rawValue)
        out.comment("§4.1 An = indicator: as_positive (scored as >=, as the official systems do) |")
        out.comment("two_sided (below the target as >=, above it as <=).")
        out.value("equal", equal.rawValue)
        out.comment("§4.1 Flag `overshoot` (指标值设定可能偏低) when actual ≥ this × target; the score is")
        out.comment("never reduced. A number, at least 1: 1.2 nationally, 1.3 in Guangxi.")
        out.value("overshoot_flag", yamlNumber(overshootFlag))

        out.comment("§4.2 The budget-execution score (预算执行率): points × min(rate, 1).")
        out.open("execution")
        out.comment("Points of the execution score (w_exec). A number, 0 or more, below points_total.")
        out.value("points", yamlNumber(executionPoints))
        out.comment("true: the rate is capped at 1; false: reproduces systems that do not cap it.")
        out.value("cap", "\(executionCap)")
        out.close()

        out.comment("§4.3 Achievement of a qualitative (定性) indicator whose row has no entered score.")
        out.open("qualitative")
        out.comment("Numbers from 0 to 1, achieved ≥ partial ≥ not_achieved.")
        out.value("achieved", yamlNumber(qualitativeAchieved))
        out.value("partial", yamlNumber(qualitativePartial))
        out.value("not_achieved", yamlNumber(qualitativeNotAchieved))
        out.comment("§3.3 Words a file uses for the grades beyond the built-in ones (docs/values.md lists them):")
        out.comment("{word: achieved | partial | not_achieved, …}.")
        let words = qualitativeWords.sorted { $0.key < $1.key }.map { "\(yamlText($0.key)): \($0.value.code)" }
        out.value("words", "{" + words.joined(separator: ", ") + "}")
        out.close()

        out.comment("§4.4 Grade bands, highest first: a total gets the first band whose min ≤ total.")
        out.comment("name: the code in files and column names; label: what people read (the name if left")
        out.comment("out); min: the inclusive lower bound, 0 to 10000. Minima strictly descending, the last 0;")
        out.comment("at most 32 bands.")
        out.comment("Or a preset: " + GradePreset.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        out.open("grades")
        for band in grades {
            out.item("{name: \(yamlText(band.name)), label: \(yamlText(band.label)), min: \(yamlNumber(band.minimum))}")
        }
        out.close()

        out.comment("§3.2 Words stripped after a number (95个 → 95). A list of text.")
        out.value("unit_words", "[" + unitWords.map(yamlText).joined(separator: ", ") + "]")

        out.comment("§4.5 The categories of the category matrix and weight scenarios:")
        out.comment("level1 (output, benefit, satisfaction, execution) | level2 (the nine level-2")
        out.comment("dimensions and execution) | indicator (shared indicator codes and execution).")
        out.value("dimension", dimension.rawValue)
        out.comment("§4.5 A project lacking a category: renormalize (its applicable weights scaled up to")
        out.comment("100) | zero (the category scores 0) | {merge: {missing: replacement}} (the missing")
        out.comment("category's weight moves to the replacement).")
        out.value("missing_category", missingCategory.yaml)
        out.comment("§4.5 Weights of the scenario `scheme`: category code → weight, each 0 or more,")
        out.comment("summing to 100.")
        out.open("weights")
        for code in weights.keys.sorted(by: dimension.categoryOrder) {
            out.value(yamlText(code), yamlNumber(weights[code]!))
        }
        out.close()

        out.comment("§6 Deviation analytics and monitoring (偏离度分析 / 双监控). Rates in percent.")
        out.open("deviation")
        out.comment("Flag execution_completion_gap when |completion rate − execution rate| exceeds this.")
        out.comment("0 or more.")
        out.value("execution_completion_gap", yamlNumber(executionCompletionGap))
        out.comment("Time-progress light (序时进度) on rate / (month / 12) × 100: red below red_below,")
        out.comment("green from green_from, yellow between. 0 or more, red_below ≤ green_from.")
        out.open("progress_light")
        out.value("red_below", yamlNumber(progressRedBelow))
        out.value("green_from", yamlNumber(progressGreenFrom))
        out.close()
        out.comment("Flag execution_behind_checkpoint when the rate is below min_rate by the end of month.")
        out.comment("month 1 to 12, min_rate 0 to 100; [] for none.")
        let checkpointItems = checkpoints.map { "{month: \($0.month), min_rate: \(yamlNumber($0.minimumRate))}" }
        out.value("checkpoints", "[" + checkpointItems.joined(separator: ", ") + "]")
        out.comment("A monitoring score below this is flagged low_monitoring_score. 0 or more.")
        out.value("low_monitoring_score", yamlNumber(lowMonitoringScore))
        out.comment("This many consecutive low monitoring periods → consecutive_low_monitoring. 1 to 100.")
        out.value("consecutive_low_monitoring", "\(consecutiveLowMonitoring)")
        out.comment("An execution rate below rate_below (0 to 100) in `years` consecutive years (1 to 100)")
        out.comment("→ key_evaluation_candidate (重点评价).")
        out.open("key_evaluation")
        out.value("rate_below", yamlNumber(keyEvaluationRateBelow))
        out.value("years", "\(keyEvaluationYears)")
        out.close()
        out.comment("An execution rate below this → execution_reason_required. 0 to 100.")
        out.value("execution_reason_below", yamlNumber(executionReasonBelow))
        out.comment("Flag review_gap when |self_score − review_score| is at least this. 0 or more.")
        out.value("review_gap", yamlNumber(reviewGap))
        out.comment("Flag outlier when |robust z| of the total exceeds this. Above 0.")
        out.value("outlier_robust_z", yamlNumber(outlierRobustZ))
        out.close()

        out.comment("§7 Department benchmarks (部门横向对比).")
        out.open("benchmarks")
        out.comment("The department statistic departments are ranked by:")
        out.comment(RankStatistic.allCases.map(\.rawValue).joined(separator: " | ") + ".")
        out.value("rank_by", rankBy.rawValue)
        out.comment("below_average compares with the mean of the department statistics (departments)")
        out.comment("or with the same statistic taken over all projects of the period (projects).")
        out.value("average_of", averageOf.rawValue)
        out.close()

        out.comment("§8 Result application (结果应用): `evalcli score --apply scheme --bases bases.csv` applies")
        out.comment("the rules below; --apply also takes the presets " + ApplicationRule.presetNames.joined(separator: ", ") + ",")
        out.comment("and `evalcli scheme --apply NAME` prints this file with a preset's rules written out, to edit.")
        out.open("application")
        out.comment("The unit of bases.csv and of projects' budget and executed amounts: yuan (元) | wan (万元).")
        out.value("amount_unit", application.amountUnit.rawValue)
        out.comment("A department's overall score: mean (of its projects' totals) | weighted_mean (Σ budget ×")
        out.comment("total / Σ budget); rounded at `precision`.")
        out.value("department_score", application.departmentScore.rawValue)
        out.comment("Bands grading a department's overall score, as `grades`; ~: the scheme's grades.")
        if let bands = application.departmentGrades {
            out.open("department_grades")
            for band in bands {
                out.item("{name: \(yamlText(band.name)), label: \(yamlText(band.label)), min: \(yamlNumber(band.minimum))}")
            }
            out.close()
        } else {
            out.value("department_grades", "~")
        }
        out.comment("Rules, applied in order. Each: name; scope: project | department; when: a condition;")
        out.comment("one action; charge_period: years after the evaluated period whose base is charged (0).")
        out.comment("Conditions: {grade: [names]} | {metric: M, below|at_most|above|at_least: x} |")
        out.comment("{below_average: true} | {all: [conditions]} | {any: [conditions]}; any of them may add")
        out.comment("`periods: N` (true in N consecutive periods) or `years: N` (N years running, annual periods")
        out.comment("only). Metrics: total, execution_rate,")
        out.comment("completion_rate (percent), gap (points), monitor_score, department_score (project rules).")
        out.comment("Actions: flag: LIST | deduct_percent: {base: COLUMN, rate: r | {grade: r, …}} |")
        out.comment("deduct_fixed: {amount: 元, base: COLUMN (optional cap)} |")
        out.comment("reward_from_pool: {rules: [deduction rules], base: COLUMN | equal}.")
        out.comment("Bases: the columns of bases.csv (public_funds 公用经费, next_year_request 下年预算申请数, …);")
        out.comment("project rules take budget or executed from projects.csv.")
        if application.rules.isEmpty {
            out.value("rules", "[]")
        } else {
            out.open("rules")
            for rule in application.rules { out.mapItem(rule.yamlPairs) }
            out.close()
        }
        out.close()
        return out.text
    }
}

extension ApplicationRule {
    /// The rule's keys and flow-style values, in the order a person reads them.
    fileprivate var yamlPairs: [(String, String)] {
        var pairs = [("name", yamlText(name)), ("scope", scope.rawValue), ("when", condition.yaml)]
        switch action {
        case let .flag(list): pairs.append(("flag", yamlText(list)))
        case let .deductPercent(base, rate): pairs.append(("deduct_percent", "{base: \(yamlText(base)), rate: \(rate.yaml)}"))
        case let .deductFixed(amount, base):
            pairs.append(("deduct_fixed", "{amount: \(yamlNumber(amount))" + (base.map { ", base: \(yamlText($0))" } ?? "") + "}"))
        case let .rewardFromPool(rules, base):
            pairs.append(("reward_from_pool", "{rules: [\(rules.map(yamlText).joined(separator: ", "))], base: \(base.map(yamlText) ?? "equal")}"))
        }
        if chargeOffset != 0 { pairs.append(("charge_period", "\(chargeOffset)")) }
        return pairs
    }
}

extension ApplicationRule.Condition {
    /// The condition as a flow mapping.
    fileprivate var yaml: String {
        switch self {
        case let .grade(names): "{grade: [\(names.map(yamlText).joined(separator: ", "))]}"
        case let .compare(metric, comparison, x): "{metric: \(metric.rawValue), \(comparison.rawValue): \(yamlNumber(x))}"
        case .belowAverage: "{below_average: true}"
        case let .consecutive(inner, n, annual): String(inner.yaml.dropLast()) + ", \(annual ? "years" : "periods"): \(n)}"
        case let .all(parts): "{all: [\(parts.map(\.yaml).joined(separator: ", "))]}"
        case let .any(parts): "{any: [\(parts.map(\.yaml).joined(separator: ", "))]}"
        }
    }
}

extension ApplicationRule.Rate {
    fileprivate var yaml: String {
        switch self {
        case let .single(x): yamlNumber(x)
        case let .byGrade(rates): "{" + rates.sorted { $0.key < $1.key }.map { "\(yamlText($0.key)): \(yamlNumber($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}

extension MissingCategory {
    /// The value of `missing_category:` on one line.
    fileprivate var yaml: String {
        switch self {
        case .renormalize: return "renormalize"
        case .zero: return "zero"
        case let .merge(pairs):
            let items = pairs.sorted { $0.key < $1.key }.map { "\(yamlText($0.key)): \(yamlText($0.value))" }
            return "{merge: {" + items.joined(separator: ", ") + "}}"
        }
    }
}

extension CategoryDimension {
    /// Category codes in matrix order; codes outside it (indicator codes) alphabetically after.
    fileprivate func categoryOrder(_ a: String, _ b: String) -> Bool {
        let order = categoryCodes ?? []
        switch (order.firstIndex(of: a), order.firstIndex(of: b)) {
        case let (i?, j?): return i < j
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return a < b
        }
    }
}

/// Lines of a YAML document with comments, indented two spaces per level.
private struct YAMLLines {
    private var lines: [String] = []
    private var indent = ""

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func blank() { lines.append("") }
    mutating func comment(_ text: String) { lines.append("\(indent)# \(text)") }
    mutating func value(_ key: String, _ scalar: String) { lines.append("\(indent)\(key): \(scalar)") }
    mutating func item(_ scalar: String) { lines.append("\(indent)- \(scalar)") }

    /// A list item that is a block mapping of `pairs`.
    mutating func mapItem(_ pairs: [(String, String)]) {
        for (i, (key, value)) in pairs.enumerated() { lines.append("\(indent)\(i == 0 ? "- " : "  ")\(key): \(value)") }
    }

    /// Starts a nested mapping or list under `key`.
    mutating func open(_ key: String) {
        lines.append("\(indent)\(key):")
        indent += "  "
    }

    mutating func close() { indent.removeLast(2) }
}

/// Text as a YAML scalar that reads back as the same text: plain when it is made of letters,
/// digits, `_`, `-` and `.` and YAML would not read it as something else (a number, `true`,
/// `null`); otherwise double-quoted, escaping what libyaml does not accept raw.
func yamlText(_ s: String) -> String {
    let isPlain =
        !s.isEmpty && s.first != "-" && s.first != "."
        && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789_-.".unicodeScalars.contains($0) }
        && Resolver.default.resolveTag(of: Node(s)) == .str
    if isPlain { return s }
    var quoted = "\""
    for u in s.unicodeScalars {
        switch u.value {
        case 0x22, 0x5C: quoted += "\\" + String(u)
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...:
            quoted.unicodeScalars.append(u)
        default:
            let hex = String(u.value, radix: 16, uppercase: true)
            quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
    return quoted + "\""
}
