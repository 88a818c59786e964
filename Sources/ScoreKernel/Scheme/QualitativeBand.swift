/// The score bands of qualitative (定性) grades (财预〔2020〕10号, SPEC §4.3): achieved [0.8w, w],
/// partial [0.6w, 0.8w), not achieved [0, 0.6w), with the bounds rounded at the scheme's
/// precision as the official systems do.
enum QualitativeBand {
    /// The band of `grade` for `points`: inclusive lower bound, upper bound, and whether the
    /// upper bound is inclusive (only for achieved), in units of 10^-precision.
    static func bounds(grade: QualitativeGrade, points: Double, precision: Int) -> (low: Int64, high: Int64, highInclusive: Bool) {
        let full = Rounding.units(points, precision: precision)
        let r8 = Rounding.units(0.8 * points, precision: precision)
        let r6 = Rounding.units(0.6 * points, precision: precision)
        switch grade {
        case .achieved, .none: return (r8, full, true)
        case .partial: return (r6, r8, false)
        case .notAchieved: return (0, r6, false)
        }
    }

    /// Nil when `score` (as entered) lies in the band of `grade`; otherwise the reason, in words.
    static func violation(score: Double, grade: QualitativeGrade, points: Double, scheme: Scheme) -> String? {
        let p = scheme.precision
        let (low, high, inclusive) = bounds(grade: grade, points: points, precision: p)
        let s = score * Rounding.scale(p)
        let inside = s >= Double(low) - 1e-9 && (inclusive ? s <= Double(high) + 1e-9 : s < Double(high) - 1e-9)
        if inside { return nil }
        let lowText = Rounding.text(units: low, precision: p)
        let highText = Rounding.text(units: high, precision: p)
        return "is outside the band of \(grade.code) for \(Rounding.text(points, precision: p)) points: "
            + "\(lowText) ≤ score \(inclusive ? "≤" : "<") \(highText)"
    }
}
