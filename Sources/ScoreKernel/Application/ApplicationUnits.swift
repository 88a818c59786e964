/// The units one scope of result-application rules looks at (SPEC §8) — the batch's projects, or
/// its (period, department) pairs that have projects — with every figure a condition compares.
///
/// Columnar: element `u` of each array is unit `u`. Department units are ordered by period, then
/// by department code, as the department benchmarks are.
struct ApplicationUnits: Sendable {
    let scope: ApplicationRule.Scope
    /// Period code per unit.
    let period: [Int32]
    /// Department code per unit (a project's department).
    let department: [Int32]
    /// The unit's score in units of 10^-precision: a project's total, a department's overall score.
    private(set) var score: [Int64]
    /// Band index of ``score`` in ``grades``.
    private(set) var grade: [UInt8]
    /// The bands units are graded with.
    private(set) var grades: GradeScale
    /// Whether the score is below its period's average (ties are not below).
    private(set) var belowAverage: [Bool]
    /// The average of each period code, in points.
    private(set) var average: [Double]
    /// Figures per metric, in percent or points; NaN where undefined.
    private(set) var metrics: [ApplicationRule.Metric: [Double]]
    /// Per unit, the unit of the same project_id or department in the previous period, or −1
    /// (``PeriodSuccession``).
    let previous: [Int32]
    /// Per unit, whether its period is a year (not a monitoring cut-off), for `years: N`.
    let isAnnual: [Bool]
    /// Per project: its department unit, for project rules on the department's score.
    let departmentUnit: [Int32]
    /// Department units: how many projects each has (empty for project units).
    let projectCount: [Int64]
    /// How `below_average` averages department scores.
    let averageOf: AverageOf

    var count: Int { period.count }

    /// The department units of a scored batch.
    init(departmentsOf batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, scheme: Scheme) {
        let p = batch.projects
        let n = p.count
        let (codes, codeCount) = batch.periodGroupCodes(by: .department)
        var unitOfCode = [Int32](repeating: -1, count: codeCount)
        for c in codes { unitOfCode[Int(c)] = 0 }
        var units = 0
        var period: [Int32] = [], department: [Int32] = []
        let width = batch.departments.count
        for c in 0..<codeCount where unitOfCode[c] == 0 {
            unitOfCode[c] = Int32(units)
            units += 1
            period.append(Int32(c / width))
            department.append(Int32(c % width))
        }
        var count = [Int64](repeating: 0, count: units)
        var sum = [Int64](repeating: 0, count: units)
        var budget = [Int128](repeating: 0, count: units), executed = budget, weighted = budget
        var completion = [Double](repeating: 0, count: units), gap = completion, monitor = completion
        var gapCount = [Int](repeating: 0, count: units), monitorCount = gapCount
        var departmentUnit = [Int32](repeating: 0, count: n)
        for q in 0..<n {
            let u = Int(unitOfCode[Int(codes[q])])
            departmentUnit[q] = Int32(u)
            let total = scores.total[q]
            count[u] += 1
            sum[u] += total
            budget[u] += Int128(p.budget[q])
            executed[u] += Int128(p.executed[q])
            weighted[u] += Int128(p.budget[q]) * Int128(total)
            completion[u] += scores.completionRate[q]
            if !deviations.gap[q].isNaN { gap[u] += deviations.gap[q]; gapCount[u] += 1 }
            if !p.monitorScore[q].isNaN { monitor[u] += p.monitorScore[q]; monitorCount[u] += 1 }
        }
        let score: [Int64] = (0..<units).map { u in
            switch scheme.application.departmentScore {
            case .weightedMean where budget[u] > 0: Int64(Self.roundedQuotient(weighted[u], budget[u]))
            default: Int64(Self.roundedQuotient(Int128(sum[u]), Int128(count[u])))
            }
        }
        self.scope = .department
        self.period = period
        self.department = department
        self.score = score
        let scaleOfGrades = GradeScale(bands: scheme.application.departmentGrades ?? scheme.grades, precision: scheme.precision)
        grades = scaleOfGrades
        grade = score.map { UInt8(scaleOfGrades.grade(units: $0)) }
        let scale = Rounding.scale(scheme.precision)
        var metrics: [ApplicationRule.Metric: [Double]] = [:]
        metrics[.total] = score.map { Double($0) / scale }
        metrics[.executionRate] = (0..<units).map { budget[$0] == 0 ? .nan : Double(executed[$0]) / Double(budget[$0]) * 100 }
        metrics[.completionRate] = (0..<units).map { completion[$0] / Double(count[$0]) * 100 }
        metrics[.gap] = (0..<units).map { gapCount[$0] == 0 ? .nan : gap[$0] / Double(gapCount[$0]) }
        metrics[.monitorScore] = (0..<units).map { monitorCount[$0] == 0 ? .nan : monitor[$0] / Double(monitorCount[$0]) }
        self.metrics = metrics
        // Below average: the mean of the period's department scores, or of its projects' totals.
        (belowAverage, average) = scheme.averageOf == .projects
            ? Self.standing(score, period: period, periods: batch.periods.count, sums: sum, counts: count, scale: scale)
            : Self.standing(score, period: period, periods: batch.periods.count, sums: score, counts: nil, scale: scale)
        let succession = PeriodSuccession(periods: batch.periods)
        previous = succession.previousUnits(period: period, entity: department, entities: width)
        self.departmentUnit = departmentUnit
        isAnnual = succession.isAnnual(period)
        projectCount = count
        averageOf = scheme.averageOf
    }

    /// The project units of a scored batch; `departments` are its department units.
    init(projectsOf batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, scheme: Scheme,
         departments: ApplicationUnits)
    {
        let p = batch.projects
        let n = p.count
        scope = .project
        period = p.period
        department = p.department
        let score = Array(scores.total.unsafeBuffer)
        self.score = score
        grade = Array(scores.grade.unsafeBuffer)
        grades = scores.grades
        let scale = Rounding.scale(scores.precision)
        var metrics: [ApplicationRule.Metric: [Double]] = [:]
        metrics[.total] = score.map { Double($0) / scale }
        metrics[.executionRate] = scores.executionRate.unsafeBuffer.map { $0 * 100 }
        metrics[.completionRate] = scores.completionRate.unsafeBuffer.map { $0 * 100 }
        metrics[.gap] = deviations.gap
        metrics[.monitorScore] = p.monitorScore
        let departmentScores = departments.metrics[.total]!
        metrics[.departmentScore] = departments.departmentUnit.map { departmentScores[Int($0)] }
        self.metrics = metrics
        (belowAverage, average) = Self.standing(score, period: period, periods: batch.periods.count, sums: score, counts: nil, scale: scale)
        // The same project in another period, by project_id: only when some period has one before it.
        let succession = PeriodSuccession(periods: batch.periods)
        if succession.previous.allSatisfy({ $0 < 0 }) {
            previous = [Int32](repeating: -1, count: n)
        } else {
            var ids = ByteInterner(capacity: n)
            var entity = [Int32](repeating: 0, count: n)
            for q in 0..<n {
                entity[q] = Array(p.id.utf8(q)).withUnsafeBufferPointer { ids.intern($0).code }
            }
            previous = succession.previousUnits(period: period, entity: entity, entities: ids.count)
        }
        departmentUnit = departments.departmentUnit
        isAnnual = succession.isAnnual(period)
        projectCount = []
        averageOf = scheme.averageOf
    }

    /// These department units with their scores formed from other project scores: `sums[u]`
    /// is the Σ of unit u's projects' rounded scores (units of 10^-precision), as a scenario
    /// gives them; graded with `grades`. Only the mean makes a department score here.
    func rescored(sums: [Int64], grades: GradeScale, scale: Double) -> ApplicationUnits {
        var copy = self
        let score = (0..<count).map { Int64(Self.roundedQuotient(Int128(sums[$0]), Int128(projectCount[$0]))) }
        copy.score = score
        copy.grades = grades
        copy.grade = score.map { UInt8(grades.grade(units: $0)) }
        copy.metrics[.total] = score.map { Double($0) / scale }
        (copy.belowAverage, copy.average) = averageOf == .projects
            ? Self.standing(score, period: period, periods: average.count, sums: sums, counts: projectCount, scale: scale)
            : Self.standing(score, period: period, periods: average.count, sums: score, counts: nil, scale: scale)
        return copy
    }

    /// Whether each unit's score is below its period's average, and the averages in points: the
    /// average of a period is Σ `sums` / Σ `counts` over its units (`counts` nil: one each), so
    /// that a score equal to it is not below (exact, in integers).
    static func standing(_ score: [Int64], period: [Int32], periods: Int, sums: [Int64], counts: [Int64]?, scale: Double)
        -> (below: [Bool], average: [Double])
    {
        var total = [Int128](repeating: 0, count: periods), weight = total
        for u in score.indices {
            total[Int(period[u])] += Int128(sums[u])
            weight[Int(period[u])] += Int128(counts?[u] ?? 1)
        }
        let below = score.indices.map { u in Int128(score[u]) * weight[Int(period[u])] < total[Int(period[u])] }
        return (below, (0..<periods).map { weight[$0] == 0 ? .nan : Double(total[$0]) / Double(weight[$0]) / scale })
    }

    /// round(a / b) half away from zero, for a ≥ 0 and b > 0.
    static func roundedQuotient(_ a: Int128, _ b: Int128) -> Int128 { (2 * a + b) / (2 * b) }
}

/// Which period comes before which for rules over consecutive periods (SPEC §8): a year's is the
/// year before (2023 before 2024, none when the batch lacks 2023); a monitoring cut-off's is the
/// latest earlier cut-off in the batch (2024-06 before 2024-09); a period that is no date has none.
struct PeriodSuccession {
    /// The previous period code of each period code, or −1.
    let previous: [Int32]
    /// Per period code, whether it is a year.
    let annual: [Bool]

    init(periods: [String]) {
        let dates = periods.map(PeriodDate.init)
        annual = dates.map { $0 != nil && $0!.month == nil }
        var previous = [Int32](repeating: -1, count: periods.count)
        for (p, date) in dates.enumerated() {
            guard let date else { continue }
            var best: (index: Int, year: Int, month: Int)?
            for (o, other) in dates.enumerated() {
                guard let other, (other.month == nil) == (date.month == nil) else { continue }
                if date.month == nil {
                    if other.year == date.year - 1 { best = (o, other.year, 12) }
                } else if (other.year, other.month!) < (date.year, date.month!),
                    best.map({ (other.year, other.month!) > ($0.year, $0.month) }) ?? true
                {
                    best = (o, other.year, other.month!)
                }
            }
            previous[p] = Int32(best?.index ?? -1)
        }
        self.previous = previous
    }

    /// Per unit, whether its period is a year.
    func isAnnual(_ period: [Int32]) -> [Bool] { period.map { annual[Int($0)] } }

    /// Per unit, the unit of the same entity in the previous period, or −1; units are keyed by
    /// (entity, period), each key at most once.
    func previousUnits(period: [Int32], entity: [Int32], entities: Int) -> [Int32] {
        let periods = previous.count
        var at = [Int32](repeating: -1, count: entities * periods)
        for u in period.indices { at[Int(entity[u]) * periods + Int(period[u])] = Int32(u) }
        return period.indices.map { u in
            let before = previous[Int(period[u])]
            return before < 0 ? -1 : at[Int(entity[u]) * periods + Int(before)]
        }
    }
}
