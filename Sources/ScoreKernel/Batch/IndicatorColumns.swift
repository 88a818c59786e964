/// The indicators (三级指标) of a batch as a struct of arrays, in CSR order: the indicators of
/// project `p` are `offsets[p] ..< offsets[p + 1]`, in the order of the file.
///
/// Targets and actuals are the numbers as written (95% → 95). `targetHigh` is NaN unless the
/// direction is `range`; `actual` is NaN on qualitative rows, whose grade is in `grade`.
struct IndicatorColumns: Sendable {
    /// CSR offsets, `projects.count + 1` entries.
    var offsets: [Int] = [0]
    var level1: [Level1] = []
    var level2: [Level2] = []
    var direction: [Direction] = []
    /// 年度指标值 (the lower bound L of a range).
    var target: [Double] = []
    /// 指标值上限 H of a range, else NaN.
    var targetHigh: [Double] = []
    /// 实际完成值, NaN on qualitative rows.
    var actual: [Double] = []
    /// 分值 (points), > 0.
    var points: [Double] = []
    /// The grade of a qualitative row, `.none` otherwise.
    var grade: [QualitativeGrade] = []
    /// 得分 as filed, or NaN.
    var enteredScore: [Double] = []
    /// Decimal places of the filed 得分.
    var enteredScoreDecimals: [Int8] = []
    /// 三级指标 (free text).
    var name = TextColumn()
    /// Code into ``ProjectBatch/indicatorCodes``, or -1 when the row has no 指标编码.
    var code: [Int32] = []
    /// The line of indicators.csv the indicator came from.
    var sourceLine: [Int32] = []

    var count: Int { points.count }

    /// The indicator rows of project `p`.
    func range(ofProject p: Int) -> Range<Int> { offsets[p]..<offsets[p + 1] }
}

extension IndicatorColumns {
    /// Gives row `r` values every formula takes (a `>=` of 1 against 1 on 1 point): for a row
    /// that is read but not scored, whose values may be missing.
    mutating func neutralize(_ r: Int) {
        direction[r] = .atLeast
        target[r] = 1
        targetHigh[r] = .nan
        actual[r] = 1
        points[r] = 1
        grade[r] = .none
        enteredScore[r] = .nan
    }

    /// The rows of `parts` moved to the positions `destinations` gives them (-1: left out). One
    /// pass, one copy.
    /// A part whose rows all go, in order, to consecutive positions (the common case: a file
    /// grouped by project, nothing left out) is copied as one block. Each part's column is
    /// emptied as soon as it is copied, so that the parts and the result are never both whole
    /// in memory (`parts` is left empty).
    init(scattering parts: inout [IndicatorColumns], to destinations: [[Int32]], count: Int) {
        let runs = destinations.map(Self.runStart)
        func scatter<T>(_ column: WritableKeyPath<IndicatorColumns, [T]>) -> [T] {
            Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                for k in parts.indices {
                    let values = parts[k][keyPath: column]
                    parts[k][keyPath: column] = []
                    if let start = runs[k] {
                        values.withUnsafeBufferPointer { (buffer.baseAddress! + start).initialize(from: $0.baseAddress!, count: $0.count) }
                        continue
                    }
                    for (r, d) in destinations[k].enumerated() where d >= 0 {
                        (buffer.baseAddress! + Int(d)).initialize(to: values[r])
                    }
                }
                initialized = count
            }
        }
        level1 = scatter(\.level1)
        level2 = scatter(\.level2)
        direction = scatter(\.direction)
        target = scatter(\.target)
        targetHigh = scatter(\.targetHigh)
        actual = scatter(\.actual)
        points = scatter(\.points)
        grade = scatter(\.grade)
        enteredScore = scatter(\.enteredScore)
        enteredScoreDecimals = scatter(\.enteredScoreDecimals)
        code = scatter(\.code)
        sourceLine = scatter(\.sourceLine)
        name = TextColumn(scattering: parts.map(\.name), to: destinations, runs: runs, count: count)
        for k in parts.indices { parts[k].name = TextColumn() }
        parts = []
    }

    /// The first destination when `destinations` are consecutive positions, else nil.
    static func runStart(_ destinations: [Int32]) -> Int? {
        guard let first = destinations.first, first >= 0 else { return destinations.isEmpty ? 0 : nil }
        for (r, d) in destinations.enumerated() where d != first + Int32(r) { return nil }
        return Int(first)
    }
}
