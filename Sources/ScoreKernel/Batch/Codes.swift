/// 一级指标: the three level-1 indicator categories of a project's own indicators.
///
/// The budget-execution score (预算执行率) is not an indicator row; it is its own category in the
/// category matrix (``CategoryDimension``).
public enum Level1: UInt8, Sendable, CaseIterable {
    case output = 0, benefit, satisfaction

    /// The code used in files and column names.
    public var code: String {
        switch self {
        case .output: "output"
        case .benefit: "benefit"
        case .satisfaction: "satisfaction"
        }
    }

    /// The Chinese name as printed on the 自评表.
    public var chineseName: String {
        switch self {
        case .output: "产出指标"
        case .benefit: "效益指标"
        case .satisfaction: "满意度指标"
        }
    }
}

/// 二级指标: the nine level-2 dimensions, or `unspecified` when the file has none.
enum Level2: UInt8, Sendable, CaseIterable {
    case quantity = 0, quality, timeliness, cost, economic, social, ecological, sustainability, satisfaction
    case unspecified = 255

    /// The nine named dimensions, in category order.
    static let dimensions: [Level2] = [
        .quantity, .quality, .timeliness, .cost, .economic, .social, .ecological, .sustainability, .satisfaction,
    ]

    var code: String {
        switch self {
        case .quantity: "quantity"
        case .quality: "quality"
        case .timeliness: "timeliness"
        case .cost: "cost"
        case .economic: "economic"
        case .social: "social"
        case .ecological: "ecological"
        case .sustainability: "sustainability"
        case .satisfaction: "satisfaction"
        case .unspecified: ""
        }
    }

    var chineseName: String {
        switch self {
        case .quantity: "数量指标"
        case .quality: "质量指标"
        case .timeliness: "时效指标"
        case .cost: "成本指标"
        case .economic: "经济效益指标"
        case .social: "社会效益指标"
        case .ecological: "生态效益指标"
        case .sustainability: "可持续影响指标"
        case .satisfaction: "服务对象满意度指标"
        case .unspecified: ""
        }
    }
}

/// 指标性质: how an indicator's actual value is compared with its target (SPEC §4.1).
enum Direction: UInt8, Sendable, CaseIterable {
    /// `>=` 正向
    case atLeast = 0
    /// `>`, scored as `>=`
    case above
    /// `<=` 反向
    case atMost
    /// `<`, scored as `<=`
    case below
    /// `=` 等于
    case equal
    /// `range` 区间 [target, target_high]
    case range
    /// `qual` 定性
    case qualitative
    /// A date to meet (时效, `2023年12月前完成`): target and actual are dates as yyyymmdd; met on or
    /// before the target scores 1, later 0.
    case deadline

    /// The code written in output files.
    var code: String {
        switch self {
        case .atLeast: ">="
        case .above: ">"
        case .atMost: "<="
        case .below: "<"
        case .equal: "="
        case .range: "range"
        case .qualitative: "qual"
        case .deadline: "deadline"
        }
    }

    /// Directions that conflict when a direction column and a target prefix disagree (SPEC §3.2).
    var family: UInt8 {
        switch self {
        case .atLeast, .above: 0
        case .atMost, .below, .deadline: 1
        case .equal: 2
        case .range: 3
        case .qualitative: 4
        }
    }
}

/// The three grades of a qualitative (定性) actual value (SPEC §3.3).
public enum QualitativeGrade: UInt8, Sendable, CaseIterable {
    /// Not a qualitative row.
    case none = 0
    /// 达成: achievement 0.8–1.
    case achieved
    /// 部分达成: 0.6–0.8.
    case partial
    /// 未达成: below 0.6.
    case notAchieved

    /// The code written in files and schemes (`achieved`, `partial`, `not_achieved`).
    public var code: String {
        switch self {
        case .none: ""
        case .achieved: "achieved"
        case .partial: "partial"
        case .notAchieved: "not_achieved"
        }
    }
}
