/// Grade bands with their lower bounds in integer score units, so that a rounded total is graded
/// exactly: the first band whose minimum ≤ total, inclusive at the lower bound (SPEC §4.4).
@_spi(Stages)
public struct GradeScale: Sendable, Equatable {
    public let bands: [GradeBand]
    /// Lower bound of each band in units of 10^-precision.
    public let minimumUnits: [Int64]

    public init(bands: [GradeBand], precision: Int) {
        self.bands = bands
        minimumUnits = bands.map { Rounding.units($0.minimum, precision: precision) }
    }

    /// The index of the band of a total given in units of 10^-precision.
    @inlinable
    public func grade(units total: Int64) -> Int {
        for (k, minimum) in minimumUnits.enumerated() where total >= minimum { return k }
        return bands.count - 1
    }
}
