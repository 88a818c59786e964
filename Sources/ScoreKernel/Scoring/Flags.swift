/// Findings on one indicator row, as bits (SPEC §4.1, §5, §6).
public struct IndicatorFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    /// The flags as bits.
    public let rawValue: UInt8
    /// The flags of the bits `rawValue`.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Actual ≥ overshoot_flag × target on a `>=`/`>` (or as-positive `=`) indicator:
    /// 指标值设定可能偏低.
    public static let overshoot = IndicatorFlags(rawValue: 1 << 0)
    /// Achievement below 1.
    public static let underachieved = IndicatorFlags(rawValue: 1 << 1)
    /// The filed 得分 differs from the recomputed score at the filed number of decimals.
    public static let filedScoreDiffers = IndicatorFlags(rawValue: 1 << 2)
}

/// Findings on one project, as bits.
public struct ProjectFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    /// The flags as bits.
    public let rawValue: UInt32
    /// The flags of the bits `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Budget 0: the execution rate is undefined and the execution score 0 (SPEC §4.2).
    public static let zeroBudget = ProjectFlags(rawValue: 1 << 0)
    /// The filed 自评得分 differs from the recomputed total at the filed number of decimals.
    public static let selfScoreDiffers = ProjectFlags(rawValue: 1 << 1)

    // Deviation analytics and monitoring (SPEC §6).
    /// |completion rate − execution rate| above the scheme's gap (20 points).
    public static let executionCompletionGap = ProjectFlags(rawValue: 1 << 2)
    /// Time-progress light red: execution rate ÷ time elapsed below 60%.
    public static let progressRed = ProjectFlags(rawValue: 1 << 3)
    /// Execution rate below the checkpoint for the period's month (60% by October, 85% by December).
    public static let executionBehindCheckpoint = ProjectFlags(rawValue: 1 << 4)
    /// 监控得分 below 60.
    public static let lowMonitoringScore = ProjectFlags(rawValue: 1 << 5)
    /// Below 60 in consecutive monitoring periods: budget adjustment.
    public static let consecutiveLowMonitoring = ProjectFlags(rawValue: 1 << 6)
    /// Execution rate below 70% in consecutive years: key-evaluation candidate.
    public static let keyEvaluationCandidate = ProjectFlags(rawValue: 1 << 7)
    /// Execution rate below 90%: the form requires a written reason.
    public static let executionReasonRequired = ProjectFlags(rawValue: 1 << 8)
    /// An indicator scored below its points: the form requires a written reason.
    public static let deviationReasonRequired = ProjectFlags(rawValue: 1 << 9)
    /// Self-evaluation and review differ by 10 or more, or fall in different grades.
    public static let reviewGap = ProjectFlags(rawValue: 1 << 10)
    /// |robust z| of the total above 3.5 within the department or the sector.
    public static let outlier = ProjectFlags(rawValue: 1 << 11)
}

/// What a flag asks of its reader (flags.csv's `severity` column).
public enum FlagSeverity: String, Sendable, CaseIterable {
    /// Worth knowing; most projects carry some (a written reason the form requires).
    case info
    /// Something to look at.
    case warning
    /// A rule's consequence: a budget adjustment, the key-evaluation list.
    case action
}

/// Every flag, by the code written in flags.csv and the flags columns (docs/flags.md).
public enum FlagCode: String, Sendable, CaseIterable {
    // Indicator flags.
    case overshoot, underachieved
    case filedScoreDiffers = "filed_score_differs"
    // Project flags.
    case zeroBudget = "zero_budget"
    case selfScoreDiffers = "self_score_differs"
    case executionCompletionGap = "execution_completion_gap"
    case progressRed = "progress_red"
    case executionBehindCheckpoint = "execution_behind_checkpoint"
    case lowMonitoringScore = "low_monitoring_score"
    case consecutiveLowMonitoring = "consecutive_low_monitoring"
    case keyEvaluationCandidate = "key_evaluation_candidate"
    case executionReasonRequired = "execution_reason_required"
    case deviationReasonRequired = "deviation_reason_required"
    case reviewGap = "review_gap"
    case outlier
}

/// How a flag is written in flags.csv and the flags columns: its code, severity and meaning.
public struct FlagInfo: Sendable {
    /// The code written in files.
    public let code: FlagCode
    /// What it asks of the reader.
    public let severity: FlagSeverity
    /// The meaning in English (flags.csv's `message`).
    public let english: String
    /// The meaning in Chinese (flags.csv's `message` with `--lang zh`).
    public let chinese: String
}

extension IndicatorFlags {
    /// Every indicator flag with its code, severity and meaning, in bit order.
    static let catalogue: [(IndicatorFlags, FlagInfo)] = [
        (.overshoot, FlagInfo(code: .overshoot, severity: .warning,
            english: "actual far above target: target possibly set too low", chinese: "完成值高于指标值较多，指标值设定可能偏低")),
        (.underachieved, FlagInfo(code: .underachieved, severity: .info, english: "achievement below 1", chinese: "未完全达成指标值")),
        (.filedScoreDiffers, FlagInfo(code: .filedScoreDiffers, severity: .warning,
            english: "the filed score differs from the recomputed score", chinese: "填报得分与复算得分不一致")),
    ]

    /// The flags of this set, in bit order, with their descriptions.
    public var infos: [FlagInfo] {
        Self.catalogue.compactMap { contains($0.0) ? $0.1 : nil }
    }
}

extension ProjectFlags {
    /// Every project flag with its code, severity and meaning, in bit order.
    static let catalogue: [(ProjectFlags, FlagInfo)] = [
        (.zeroBudget, FlagInfo(code: .zeroBudget, severity: .warning,
            english: "budget is 0: execution rate undefined, execution score 0", chinese: "全年预算数为0，预算执行率无法计算，预算执行得分为0")),
        (.selfScoreDiffers, FlagInfo(code: .selfScoreDiffers, severity: .warning,
            english: "the filed self-evaluation score differs from the recomputed total", chinese: "自评得分与复算总分不一致")),
        (.executionCompletionGap, FlagInfo(code: .executionCompletionGap, severity: .warning,
            english: "execution rate and target completion rate differ by more than the threshold (points)",
            chinese: "预算执行率与绩效目标总体完成率偏离较大")),
        (.progressRed, FlagInfo(code: .progressRed, severity: .warning,
            english: "red light: execution rate behind the time elapsed (序时进度)", chinese: "红灯：预算执行进度明显落后于序时进度")),
        (.executionBehindCheckpoint, FlagInfo(code: .executionBehindCheckpoint, severity: .warning,
            english: "execution rate below the checkpoint for this month", chinese: "预算执行率低于时间节点要求")),
        (.lowMonitoringScore, FlagInfo(code: .lowMonitoringScore, severity: .warning,
            english: "monitoring score below the threshold", chinese: "监控得分低于标准")),
        (.consecutiveLowMonitoring, FlagInfo(code: .consecutiveLowMonitoring, severity: .action,
            english: "monitoring score low in consecutive monitoring periods: budget adjustment", chinese: "连续监控得分偏低，调整预算")),
        (.keyEvaluationCandidate, FlagInfo(code: .keyEvaluationCandidate, severity: .action,
            english: "execution rate low in consecutive years: key evaluation candidate", chinese: "连续多年预算执行率偏低，列入重点评价")),
        (.executionReasonRequired, FlagInfo(code: .executionReasonRequired, severity: .info,
            english: "execution rate below the threshold: a written reason is required", chinese: "预算执行率偏低，需说明原因")),
        (.deviationReasonRequired, FlagInfo(code: .deviationReasonRequired, severity: .info,
            english: "indicators scored below their points: a written reason is required", chinese: "存在未满分指标，需说明偏差原因")),
        (.reviewGap, FlagInfo(code: .reviewGap, severity: .warning,
            english: "self-evaluation and review scores differ", chinese: "自评得分与复核得分差异较大")),
        (.outlier, FlagInfo(code: .outlier, severity: .warning,
            english: "total far from its peers (robust z)", chinese: "总分显著偏离同组项目")),
    ]

    /// The flags of this set, in bit order, with their descriptions.
    public var infos: [FlagInfo] {
        Self.catalogue.compactMap { contains($0.0) ? $0.1 : nil }
    }
}
