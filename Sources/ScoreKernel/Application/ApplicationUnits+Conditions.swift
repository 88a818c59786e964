extension ApplicationUnits {
    /// A condition bound to these units: grade names turned into a mask of band indices, metric
    /// names into their columns, so that testing a unit touches no text.
    indirect enum Test {
        case grade(mask: UInt64, names: [String])
        case compare(ApplicationRule.Metric, [Double], ApplicationRule.Comparison, Double)
        case belowAverage
        case consecutive(Test, periods: Int, annual: Bool)
        case all([Test])
        case any([Test])
    }

    func test(_ condition: ApplicationRule.Condition) -> Test {
        switch condition {
        case let .grade(names):
            var mask: UInt64 = 0
            for (k, band) in grades.bands.enumerated() where names.contains(band.name) { mask |= 1 << UInt64(k) }
            return .grade(mask: mask, names: names)
        case let .compare(metric, comparison, threshold):
            return .compare(metric, metrics[metric] ?? [Double](repeating: .nan, count: count), comparison, threshold)
        case .belowAverage: return .belowAverage
        case let .consecutive(inner, periods, annual): return .consecutive(test(inner), periods: periods, annual: annual)
        case let .all(parts): return .all(parts.map(test))
        case let .any(parts): return .any(parts.map(test))
        }
    }

    /// Whether a bound condition holds for unit `u`. A comparison with an undefined figure (the
    /// execution rate of a zero budget, a monitoring score not filed) does not hold. Comparisons
    /// forgive the last bits of binary rounding, as the flags of SPEC §6 do: an execution rate of
    /// exactly 85 % is not below 85.
    func holds(_ t: Test, _ u: Int) -> Bool {
        switch t {
        case let .grade(mask, _): return mask & (1 << UInt64(grade[u])) != 0
        case let .compare(_, values, comparison, threshold): return Self.compare(values[u], comparison, threshold)
        case .belowAverage: return belowAverage[u]
        case let .consecutive(inner, periods, annual):
            var v = u
            for _ in 0..<periods {
                guard v >= 0, holds(inner, v), !annual || isAnnual[v] else { return false }
                v = Int(previous[v])
            }
            return true
        case let .all(parts): return parts.allSatisfy { holds($0, u) }
        case let .any(parts): return parts.contains { holds($0, u) }
        }
    }

    /// The figure a bound condition was met on for unit `u`: its first comparison, grade or
    /// average that holds (the first of all, when none does).
    func witness(_ t: Test, _ u: Int) -> ResultApplication.Witness {
        switch t {
        case let .grade(_, names): return .grade(Int(grade[u]), of: names)
        case let .compare(metric, values, _, threshold): return .metric(metric, value: values[u], threshold: threshold)
        case .belowAverage: return .belowAverage(value: metrics[.total]![u], average: average[Int(period[u])])
        case let .consecutive(inner, _, _): return witness(inner, u)
        case let .all(parts), let .any(parts): return witness(parts.first { holds($0, u) } ?? parts[0], u)
        }
    }

    /// With the §6 flags' tolerance (``ProjectDeviations/below(_:_:)``); NaN meets none.
    static func compare(_ x: Double, _ comparison: ApplicationRule.Comparison, _ threshold: Double) -> Bool {
        switch comparison {
        case .below: ProjectDeviations.below(x, threshold)
        case .atMost: !x.isNaN && !ProjectDeviations.above(x, threshold)
        case .above: ProjectDeviations.above(x, threshold)
        case .atLeast: !x.isNaN && !ProjectDeviations.below(x, threshold)
        }
    }
}
