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
