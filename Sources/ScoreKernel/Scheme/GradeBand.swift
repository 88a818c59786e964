/// One grade band (等级): projects whose total is at least `minimum` and below the next band's
/// minimum. Bands are listed from the highest minimum down; the last band's minimum is 0.
public struct GradeBand: Sendable, Equatable {
    /// The code used in files and column names (`excellent`).
    public var name: String
    /// What people read (优).
    public var label: String
    /// Inclusive lower bound of the total.
    public var minimum: Double

    /// The most bands a scheme may have (grades are stored in a byte, and each band is a column
    /// of the department tables).
    static let maximumCount = 32

    /// A band `name` (labelled `label`) for totals from `minimum` up to the next band's.
    public init(name: String, label: String, minimum: Double) {
        self.name = name
        self.label = label
        self.minimum = minimum
    }
}

/// The grade-band presets of SPEC §4.4.
public enum GradePreset: String, Sendable, CaseIterable {
    /// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (excellent, good, fair, poor).
    case national
    /// 优 ≥ 80, 良 ≥ 70, 中 ≥ 60, 差 below.
    case local807060 = "local-80-70-60"
    /// 一等 ≥ 90, 二等 ≥ 80, 三等 ≥ 60, 四等 below (first … fourth).
    case tiers

    /// The preset's bands, highest first.
    public var bands: [GradeBand] {
        switch self {
        case .national:
            [.init(name: "excellent", label: "优", minimum: 90), .init(name: "good", label: "良", minimum: 80),
             .init(name: "fair", label: "中", minimum: 60), .init(name: "poor", label: "差", minimum: 0)]
        case .local807060:
            [.init(name: "excellent", label: "优", minimum: 80), .init(name: "good", label: "良", minimum: 70),
             .init(name: "fair", label: "中", minimum: 60), .init(name: "poor", label: "差", minimum: 0)]
        case .tiers:
            [.init(name: "first", label: "一等", minimum: 90), .init(name: "second", label: "二等", minimum: 80),
             .init(name: "third", label: "三等", minimum: 60), .init(name: "fourth", label: "四等", minimum: 0)]
        }
    }
}
