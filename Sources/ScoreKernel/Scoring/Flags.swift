/// Findings on one indicator row, as bits (SPEC §4.1, §5, §6).
public struct IndicatorFlags: OptionSet, Sendable, Hashable, BitwiseCopyable {
    public let rawValue: UInt8
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
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Budget 0: the execution rate is undefined and the execution score 0 (SPEC §4.2).
    public static let zeroBudget = ProjectFlags(rawValue: 1 << 0)
    /// The filed 自评得分 differs from the recomputed total at the filed number of decimals.
    public static let selfScoreDiffers = ProjectFlags(rawValue: 1 << 1)
}

/// How a flag is written in flags.csv and the flags columns: its code, severity and meaning.
public struct FlagInfo: Sendable {
    public let code: String
    public let severity: String
    public let english: String
    public let chinese: String
}

extension IndicatorFlags {
    /// The flags of this set, in bit order, with their descriptions.
    public var infos: [FlagInfo] {
        var out: [FlagInfo] = []
        if contains(.overshoot) {
            out.append(FlagInfo(code: "overshoot", severity: "warning",
                                english: "actual far above target: target possibly set too low", chinese: "完成值高于指标值较多，指标值设定可能偏低"))
        }
        if contains(.underachieved) {
            out.append(FlagInfo(code: "underachieved", severity: "info", english: "achievement below 1", chinese: "未完全达成指标值"))
        }
        if contains(.filedScoreDiffers) {
            out.append(FlagInfo(code: "filed_score_differs", severity: "warning",
                                english: "the filed score differs from the recomputed score", chinese: "填报得分与复算得分不一致"))
        }
        return out
    }
}

extension ProjectFlags {
    public var infos: [FlagInfo] {
        var out: [FlagInfo] = []
        if contains(.zeroBudget) {
            out.append(FlagInfo(code: "zero_budget", severity: "warning",
                                english: "budget is 0: execution rate undefined, execution score 0", chinese: "全年预算数为0，预算执行率无法计算，预算执行得分为0"))
        }
        if contains(.selfScoreDiffers) {
            out.append(FlagInfo(code: "self_score_differs", severity: "warning",
                                english: "the filed self-evaluation score differs from the recomputed total", chinese: "自评得分与复算总分不一致"))
        }
        return out
    }
}
