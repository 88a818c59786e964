/// How results are applied to budgets (结果应用, SPEC §8): the rules, how a department's overall
/// score is formed, and the unit of the money columns. The `application:` section of scheme.yaml.
public struct ApplicationSettings: Sendable, Equatable {
    /// The unit of the base amounts (bases.csv) and of projects' 全年预算数 / 全年执行数.
    public var amountUnit = AmountUnit.yuan
    /// How a department's overall score is formed from its projects' totals.
    public var departmentScore = DepartmentScoreRule.mean
    /// Bands that grade a department's overall score; nil: the scheme's own ``Scheme/grades``.
    public var departmentGrades: [GradeBand]?
    /// The scheme's own rules, applied in order by `--apply scheme`.
    public var rules: [ApplicationRule] = []

    /// No rules, amounts in 元, departments scored by the mean of their totals.
    public init() {}
}

/// The unit money is written in: 元 or 万元.
public enum AmountUnit: String, Sendable, CaseIterable {
    /// 元.
    case yuan
    /// 万元 (10,000 元).
    case wan
}

/// How a department's overall score is formed (SPEC §8): the mean of its projects' totals, or
/// the fund-weighted mean Σ budget·total / Σ budget; then rounded at the scheme's precision.
public enum DepartmentScoreRule: String, Sendable, CaseIterable {
    /// The mean of its projects' rounded totals.
    case mean
    /// Σ budget × total / Σ budget (the mean when Σ budget is 0).
    case weightedMean = "weighted_mean"
}

/// One result-application rule (SPEC §8): whom it looks at, when it applies, and what it does.
public struct ApplicationRule: Sendable, Equatable {
    /// Whom a rule looks at.
    public enum Scope: String, Sendable, CaseIterable {
        /// Each project in its period.
        case project
        /// Each (period, department) that has projects.
        case department
    }

    /// The rule's name: its code in adjustments.csv, and how a pool names the rules it collects.
    public var name: String
    /// Projects or departments, each in its period.
    public var scope: Scope
    /// When the rule applies to a unit.
    public var condition: Condition
    /// What it does then.
    public var action: Action
    /// Years after the evaluated period whose base amount is charged (罗江 charged the 2024 public
    /// funds for the 2022 evaluation: 2); 0 charges the evaluated period's own.
    public var chargeOffset: Int

    /// The largest `deduct_fixed` amount, in 元: 10¹³ (ten trillion), so that its fen are exact
    /// in a `Double`.
    public static let largestFixedAmount = 1e13

    /// A rule named `name` that does `action` to the units of `scope` satisfying `condition`.
    public init(name: String, scope: Scope, condition: Condition, action: Action, chargeOffset: Int = 0) {
        self.name = name
        self.scope = scope
        self.condition = condition
        self.action = action
        self.chargeOffset = chargeOffset
    }

    /// When a rule applies to a unit (a project, or a department in a period).
    public indirect enum Condition: Sendable, Equatable {
        /// The unit's grade (a department's: its overall score's) is one of these band names.
        case grade([String])
        /// The unit's metric compared with a threshold (rates and scores in their usual units:
        /// percent, points).
        case compare(Metric, Comparison, Double)
        /// The unit's score is below the average of its period (SPEC §7's `average_of` says of
        /// what): a score equal to the average is not below it.
        case belowAverage
        /// The condition holds in this period and in each of the `periods − 1` before it, for the
        /// same project_id or department: years one apart for annual periods, the previous
        /// monitoring cut-off for monthly ones. `annual`: years only (`years: N` in a scheme
        /// file) — never on a monitoring cut-off, where a mid-year figure is no year's.
        case consecutive(Condition, periods: Int, annual: Bool = false)
        /// Every condition holds.
        case all([Condition])
        /// At least one condition holds.
        case any([Condition])
    }

    /// A figure a condition compares.
    public enum Metric: String, Sendable, CaseIterable {
        /// A project's total; a department's overall score.
        case total
        /// 预算执行率 in percent (a department's: Σ executed / Σ budget).
        case executionRate = "execution_rate"
        /// 绩效目标完成率 in percent (a department's: the mean of its projects').
        case completionRate = "completion_rate"
        /// δ = completion rate − execution rate in points (a department's: the mean of its projects').
        case gap
        /// 监控得分 (a department's: the mean of the filed ones).
        case monitorScore = "monitor_score"
        /// The overall score of the project's department (project rules only).
        case departmentScore = "department_score"
    }

    /// How a metric is compared with its threshold.
    public enum Comparison: String, Sendable, CaseIterable {
        /// figure < threshold.
        case below
        /// figure ≤ threshold.
        case atMost = "at_most"
        /// figure > threshold.
        case above
        /// figure ≥ threshold.
        case atLeast = "at_least"
    }

    /// What a rule does to a unit its condition holds for. Rates are percentages of a base
    /// amount; amounts are in 元.
    public enum Action: Sendable, Equatable {
        /// Put the unit on a named list (重点评价, 预算调整, 约谈).
        case flag(list: String)
        /// Deduct a percentage of a base amount: one rate, or a rate per grade name (a unit whose
        /// grade has no rate is not charged).
        case deductPercent(base: String, rate: Rate)
        /// Deduct a fixed amount in 元 (at most ``ApplicationRule/largestFixedAmount``), at most
        /// what is left of the base amount when a base is named.
        case deductFixed(amount: Double, base: String?)
        /// Share the pool of the named rules' deductions of the period among the units this rule
        /// selects, in proportion to a base amount (nil: equally).
        case rewardFromPool(rules: [String], base: String?)
    }

    /// The rate of a `deduct_percent` action, in percent.
    public enum Rate: Sendable, Equatable {
        /// One rate for every unit.
        case single(Double)
        /// Grade name → rate.
        case byGrade([String: Double])
    }
}
