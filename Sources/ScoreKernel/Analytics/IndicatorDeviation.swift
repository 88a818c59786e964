/// The relative deviation of an indicator's actual value from its target (SPEC §6):
/// (B − A) / |A|; for a range, from the bound it lies beyond (0 inside); NaN for qualitative rows
/// and a zero target; NaN for a deadline too (its values are dates).
enum IndicatorDeviation {
    static func relative(_ c: IndicatorColumns, _ i: Int) -> Double {
        let b = c.actual[i]
        var a = c.target[i]
        switch c.direction[i] {
        case .qualitative, .deadline: return .nan
        case .range:
            if b > c.targetHigh[i] { a = c.targetHigh[i] } else if b >= a { return 0 }
        default: break
        }
        return a == 0 ? .nan : (b - a) / abs(a)
    }
}
