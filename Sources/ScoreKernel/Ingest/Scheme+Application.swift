import Yams

/// The `application:` section of scheme.yaml (SPEC §8): amount unit, department score and
/// grades, and the rules, each problem reported with its line and key path.
extension SchemeReader {
    mutating func readApplication(_ v: SchemeValue, into scheme: inout Scheme) {
        let known = ["amount_unit", "department_score", "department_grades", "rules"]
        for (key, v) in entries(of: v, known: known) {
            switch key {
            case "amount_unit":
                if let unit = choice(v, AmountUnit.self) { scheme.application.amountUnit = unit }
            case "department_score":
                if let rule = choice(v, DepartmentScoreRule.self) { scheme.application.departmentScore = rule }
            case "department_grades":
                if let bands = grades(v) { scheme.application.departmentGrades = bands }
            default:
                if let rules = rules(v) { scheme.application.rules = rules }
            }
        }
    }

    /// `rules: [{name, scope, when, <action>, charge_period}]`.
    mutating func rules(_ v: SchemeValue) -> [ApplicationRule]? {
        guard let elements = list(v) else { return nil }
        var rules: [ApplicationRule] = []
        for element in elements {
            guard let rule = rule(element) else { continue }
            if rules.contains(where: { $0.name == rule.name }) {
                report(.duplicateKey, element, "rule name \(rule.name) is used twice; names must be unique")
                continue
            }
            rules.append(rule)
        }
        return rules.count == elements.count ? rules : nil
    }

    static let actionKeys = ["flag", "deduct_percent", "deduct_fixed", "reward_from_pool"]

    mutating func rule(_ element: SchemeValue) -> ApplicationRule? {
        let fields = required(["name", "scope", "when"], optional: Self.actionKeys + ["charge_period"], in: element)
        let field = { (key: String) in fields.first { $0.key == key }?.value }
        guard let nameValue = field("name"), let name = text(nameValue),
            let scopeValue = field("scope"), let scope = choice(scopeValue, ApplicationRule.Scope.self),
            let whenValue = field("when")
        else { return nil }
        let actions = fields.filter { Self.actionKeys.contains($0.key) }
        guard actions.count == 1 else {
            report(.missingKey, element, "rule \(name) needs exactly one action: \(Self.actionKeys.joined(separator: ", "))")
            return nil
        }
        guard let condition = condition(whenValue, scope: scope), let action = action(actions[0].key, actions[0].value) else {
            return nil
        }
        var offset = 0
        if let v = field("charge_period") {
            guard let n = integer(v, mustBe: "from 0 to 10 (years after the evaluated period)", { (0...10).contains($0) }) else { return nil }
            if scope == .project, n != 0 {
                report(.inconsistent, v, "a project rule charges the project's own amounts; charge_period applies to department rules")
                return nil
            }
            offset = n
        }
        return ApplicationRule(name: name, scope: scope, condition: condition, action: action, chargeOffset: offset)
    }

    /// `{grade: [..]}`, `{metric: M, below|at_most|above|at_least: x}`, `{below_average: true}`,
    /// `{all: [..]}`, `{any: [..]}`; each may add `periods: N`.
    mutating func condition(_ v: SchemeValue, scope: ApplicationRule.Scope) -> ApplicationRule.Condition? {
        let comparisons = ApplicationRule.Comparison.allCases.map(\.rawValue)
        let kinds = ["grade", "metric", "below_average", "all", "any"]
        let fields = entries(of: v, known: kinds + comparisons + ["periods", "years"])
        let field = { (key: String) in fields.first { $0.key == key }?.value }
        let present = fields.filter { kinds.contains($0.key) }
        guard present.count == 1 else {
            if v.node.mapping != nil {
                report(.missingKey, v, "a condition needs exactly one of: \(kinds.joined(separator: ", "))")
            }
            return nil
        }
        let (kind, value) = present[0]
        let given = fields.filter { comparisons.contains($0.key) }
        if kind != "metric", let stray = given.first {
            report(.inconsistent, stray.value, "`\(stray.key)` goes with `metric`")
            return nil
        }
        var result: ApplicationRule.Condition
        switch kind {
        case "grade":
            guard let elements = list(value) else { return nil }
            let names = elements.compactMap { text($0) }
            guard names.count == elements.count, !names.isEmpty else {
                if elements.isEmpty { report(.inconsistent, value, "needs at least one grade name") }
                return nil
            }
            result = .grade(names)
        case "metric":
            guard let metric = choice(value, ApplicationRule.Metric.self) else { return nil }
            if metric == .departmentScore, scope == .department {
                report(.inconsistent, value, "department_score is for project rules; a department rule compares `total`, its overall score")
                return nil
            }
            guard given.count == 1 else {
                report(.missingKey, v, "`metric` needs exactly one of: \(comparisons.joined(separator: ", "))")
                return nil
            }
            guard let threshold = number(given[0].value) else { return nil }
            result = .compare(metric, ApplicationRule.Comparison(rawValue: given[0].key)!, threshold)
        case "below_average":
            guard let b = bool(value) else { return nil }
            guard b else {
                report(.outOfRange, value, "must be true (leave the key out otherwise)")
                return nil
            }
            result = .belowAverage
        default:
            guard let elements = list(value) else { return nil }
            var parts: [ApplicationRule.Condition] = []
            for element in elements { if let part = condition(element, scope: scope) { parts.append(part) } }
            guard parts.count == elements.count else { return nil }
            guard !parts.isEmpty else {
                report(.inconsistent, value, "needs at least one condition")
                return nil
            }
            result = kind == "all" ? .all(parts) : .any(parts)
        }
        if field("periods") != nil, let y = field("years") {
            report(.inconsistent, y, "give `periods` or `years`, not both")
            return nil
        }
        if let p = field("periods") ?? field("years") {
            guard let n = integer(p, mustBe: "from 1 to 10", { (1...10).contains($0) }) else { return nil }
            let annual = field("years") != nil
            if n > 1 || annual { result = .consecutive(result, periods: n, annual: annual) }
        }
        return result
    }

    mutating func action(_ key: String, _ v: SchemeValue) -> ApplicationRule.Action? {
        switch key {
        case "flag":
            return text(v).map { .flag(list: $0) }
        case "deduct_percent":
            var base: String?, rate: ApplicationRule.Rate?
            for (key, v) in required(["base", "rate"], in: v) {
                if key == "base" { base = text(v) } else { rate = self.rate(v) }
            }
            guard let base, let rate else { return nil }
            return .deductPercent(base: base, rate: rate)
        case "deduct_fixed":
            var amount: Double?, base: String?
            for (key, v) in required(["amount"], optional: ["base"], in: v) {
                if key == "base" { base = text(v) } else { amount = money(v) }
            }
            guard let amount else { return nil }
            return .deductFixed(amount: amount, base: base)
        default:
            var rules: [String]?, base: String?
            var valid = true
            for (key, v) in required(["rules", "base"], in: v) {
                if key == "base" {
                    base = text(v)
                    valid = valid && base != nil
                } else if let elements = list(v) {
                    rules = elements.compactMap { text($0) }
                    if rules!.count != elements.count || elements.isEmpty {
                        if elements.isEmpty { report(.inconsistent, v, "needs the name of at least one deduction rule") }
                        valid = false
                    } else if let twice = rules!.enumerated().first(where: { rules![..<$0.offset].contains($0.element) }) {
                        report(.inconsistent, elements[twice.offset], "names rule \(twice.element) twice")
                        valid = false
                    }
                }
            }
            guard valid, let rules, let base else { return nil }
            return .rewardFromPool(rules: rules, base: base == "equal" ? nil : base)
        }
    }

    /// A percentage from 0 to 100 with at most six decimals, or `{grade: rate, …}`.
    mutating func rate(_ v: SchemeValue) -> ApplicationRule.Rate? {
        let check = { (x: Double) in (0...100).contains(x) && ApplicationRule.Rate.micros(x) != nil }
        if v.node.mapping != nil {
            var rates: [String: Double] = [:]
            var valid = true
            for (grade, r) in entries(of: v) {
                if let x = number(r, mustBe: "a percentage from 0 to 100 with at most 6 decimals", check) { rates[grade] = x } else { valid = false }
            }
            guard valid, !rates.isEmpty else {
                if valid { report(.inconsistent, v, "needs at least one `grade: rate`") }
                return nil
            }
            return .byGrade(rates)
        }
        return number(v, mustBe: "a percentage from 0 to 100 with at most 6 decimals", check).map { .single($0) }
    }

    /// An amount in 元, 0 or more, to the fen.
    mutating func money(_ v: SchemeValue) -> Double? {
        number(v, mustBe: "an amount in 元, 0 to 10,000,000,000,000, at most 2 decimals") { x in
            x >= 0 && x <= ApplicationRule.largestFixedAmount && abs((x * 100).rounded() - x * 100) < 1e-6
        }
    }
}

extension ApplicationRule.Rate {
    /// A percentage in millionths of a percent, exact for rates written with at most six
    /// decimals; nil otherwise.
    static func micros(_ percent: Double) -> Int64? {
        let scaled = percent * 1_000_000
        let rounded = scaled.rounded()
        return abs(rounded - scaled) < 1e-3 ? Int64(rounded) : nil
    }
}
