/// Every rule choice of SPEC §4–§8, with the defaults of the official rules (财预〔2020〕10号
/// and the practice the spec cites). Read from scheme.yaml by ``Scheme/load(yaml:file:)``;
/// `evalcli scheme` prints it with every default spelled out.
public struct Scheme: Sendable, Equatable {
    // MARK: Scoring (§4)

    /// Decimal places of indicator scores and totals (2; 0 for units that publish integers).
    public var precision = 2
    /// How scores are rounded at ``precision``: indicator scores, the execution score, scenario
    /// totals (rates and statistics in the output keep their own rule).
    public var rounding = RoundingRule.halfAway
    /// Σ points + execution points must equal this (100).
    public var pointsTotal = 100.0
    /// Rescale points that do not total `pointsTotal` (with a warning) instead of rejecting.
    public var normalizePoints = false
    /// What a negative actual value becomes.
    public var negativeActual = NegativeActual.zero
    /// How a reverse (`<=`) indicator above its target is scored.
    public var reverse = ReverseRule.ratio
    /// How an `=` indicator is scored.
    public var equal = EqualRule.asPositive
    /// An indicator with actual ≥ this × target is flagged `overshoot` (1.2; 1.3 in Guangxi).
    public var overshootFlag = 1.2
    /// Points of the budget-execution score (10).
    public var executionPoints = 10.0
    /// Cap the execution rate at 1 in the execution score.
    public var executionCap = true
    /// Achievement of a qualitative grade when the row has no entered score, in [0, 1] and
    /// ordered achieved ≥ partial ≥ not_achieved: 达成 (1.0), 部分达成 (0.7), 未达成 (0.3).
    public var qualitativeAchieved = 1.0
    /// 部分达成 (0.7), as ``qualitativeAchieved``.
    public var qualitativePartial = 0.7
    /// 未达成 (0.3), as ``qualitativeAchieved``.
    public var qualitativeNotAchieved = 0.3
    /// Words a file uses for qualitative grades beyond the built-in ones (docs/values.md), by the
    /// grade they mean: `["有成效": .achieved]`.
    public var qualitativeWords: [String: QualitativeGrade] = [:]
    /// Grade bands, highest minimum first, the last minimum 0.
    public var grades = GradePreset.national.bands
    /// Words stripped after a number (`95个` → 95).
    public var unitWords = [
        // Counts and people.
        "个", "次", "人", "人次", "万人", "万人次", "人天", "名", "户", "件", "项", "座", "处", "所", "家", "台", "套", "辆",
        "份", "场", "起", "篇", "期", "批", "课时", "学时",
        // Money.
        "元", "万元", "亿元",
        // Length, area, volume, weight.
        "米", "厘米", "公里", "千米", "平方米", "平方公里", "亩", "公顷", "立方米", "吨", "公斤",
        // Time.
        "天", "小时", "月", "年",
        // Shares.
        "百分比", "个百分点",
    ]

    // MARK: Categories and scenarios (§4.5)

    /// The categories projects are compared on.
    public var dimension = CategoryDimension.level1
    /// What a project lacking a category gets.
    public var missingCategory = MissingCategory.renormalize
    /// Category weights of the scenario `scheme`, by category code, summing to 100.
    public var weights: [String: Double] = ["output": 50, "benefit": 30, "satisfaction": 10, "execution": 10]

    // MARK: Deviation analytics (§6)

    /// Flag `execution_completion_gap` when |completion rate − execution rate| exceeds this many points.
    public var executionCompletionGap = 20.0
    /// Time-progress light on the progress ratio (percent): red below `progressRedBelow`, green from
    /// `progressGreenFrom`, yellow between.
    public var progressRedBelow = 60.0
    /// Green from this progress ratio (percent), as ``progressRedBelow``.
    public var progressGreenFrom = 80.0
    /// Execution checkpoints: by the end of `month`, the execution rate should be ≥ `minimumRate` percent.
    public var checkpoints = [Checkpoint(month: 10, minimumRate: 60), Checkpoint(month: 12, minimumRate: 85)]
    /// A monitoring score below this is low.
    public var lowMonitoringScore = 60.0
    /// This many consecutive low monitoring periods → `consecutive_low_monitoring`.
    public var consecutiveLowMonitoring = 2
    /// Execution rate below this percent …
    public var keyEvaluationRateBelow = 70.0
    /// … in this many consecutive years → `key_evaluation_candidate`.
    public var keyEvaluationYears = 2
    /// Execution rate below this percent → `execution_reason_required`.
    public var executionReasonBelow = 90.0
    /// |self − review| at least this → `review_gap`.
    public var reviewGap = 10.0
    /// |robust z| above this → `outlier`.
    public var outlierRobustZ = 3.5

    // MARK: Department benchmarks (§7)

    /// The department statistic departments are ranked by.
    public var rankBy = RankStatistic.mean
    /// What "average" means for `below_average` and `gap_to_average`: the mean of the department
    /// statistics (`departments`), or the same statistic over all projects of the period (`projects`).
    public var averageOf = AverageOf.departments

    // MARK: Result application (§8)

    /// The rules that apply results to budgets, and how departments are scored for them.
    public var application = ApplicationSettings()

    /// The national defaults (the `national` preset), every setting as SPEC §4–§7 states it.
    public init() {}
}

/// How scores are rounded at the scheme's precision (SPEC §4.4; issue 12): half away from zero,
/// as the official systems and Excel's ROUND do, or truncated, as some units publish (临翔:
/// 97.809 → 97.80, 9.78 → 9 at precision 0).
public enum RoundingRule: String, Sendable, CaseIterable {
    /// 8.625 → 8.63, 89.995 → 90.00.
    case halfAway = "half_away"
    /// 8.629 → 8.62, 9.78 → 9 at precision 0.
    case truncate
}

/// What a negative actual value counts as (SPEC §4.1): 0 (`zero`), or an input error.
public enum NegativeActual: String, Sendable, CaseIterable { case zero, error }
/// How a `<=` indicator above its target scores (SPEC §4.1): A / B (`ratio`) or 1 − (B − A)/A.
public enum ReverseRule: String, Sendable, CaseIterable { case ratio, linear }
/// How an `=` indicator scores (SPEC §4.1): as `>=` (the official systems), or both ways.
public enum EqualRule: String, Sendable, CaseIterable {
    /// Below the target as `>=`, above it full marks.
    case asPositive = "as_positive"
    /// Below as `>=`, above as `<=`.
    case twoSided = "two_sided"
}
/// The categories projects are compared on in scenarios (SPEC §4.5): level-1 indicators, the
/// nine level-2 dimensions, or shared indicator codes — each with execution.
public enum CategoryDimension: String, Sendable, CaseIterable { case level1, level2, indicator }

/// What a project lacking some category gets in scenario scores (SPEC §4.5).
public enum MissingCategory: Sendable, Equatable {
    /// Scale the applicable weights back up to 100 (用适用指标得分汇总后按百分制折算).
    case renormalize
    /// Score the missing category 0.
    case zero
    /// Move the missing category's weight to another: `[missing: replacement]` by category code.
    case merge([String: String])
}

/// An execution checkpoint (SPEC §6): by the end of `month` the execution rate should be at
/// least `minimumRate` percent.
public struct Checkpoint: Sendable, Equatable {
    /// 1–12.
    public var month: Int
    /// Percent.
    public var minimumRate: Double
    /// A checkpoint of `minimumRate` percent at the end of `month`.
    public init(month: Int, minimumRate: Double) {
        self.month = month
        self.minimumRate = minimumRate
    }
}

/// The department statistic departments are ranked by (SPEC §7).
public enum RankStatistic: String, Sendable, CaseIterable {
    case mean
    case weightedMean = "weighted_mean"
    case median
}

/// What `below_average` compares with (SPEC §7): the mean of the department statistics, or the
/// statistic over all projects of the period.
public enum AverageOf: String, Sendable, CaseIterable { case departments, projects }
