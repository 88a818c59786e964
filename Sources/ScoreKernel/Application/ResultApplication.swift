/// Results applied to budgets (结果应用, SPEC §8): every rule run over the scored batch, each
/// deduction, reward and listing recorded with the rule that caused it, and the totals per rule
/// and department. Money is in integer fen: a percentage of a base is rounded half away from zero
/// to the fen, and a pool is shared by the largest-remainder method, so that Σ rewards equals
/// the pool to the fen.
///
/// Deductions and listings are taken first, in rule order; then each `reward_from_pool` rule
/// shares the period's deductions of the rules it names. A pool no unit qualifies for stays
/// undistributed: its remainder is the whole pool.
public struct ResultApplication: Sendable {
    /// The rules applied, in order.
    public let rules: [ApplicationRule]
    /// Every adjustment, by rule, then period, then unit (project or department).
    public let adjustments: [Adjustment]
    /// Per period, rule and department: what was deducted, rewarded and listed.
    public let totals: [Total]
    /// Per pool rule and period: what was collected, paid out and left.
    public let pools: [Pool]
    /// The department units adjustments of department rules refer to.
    let departments: ApplicationUnits
    /// The bands projects are graded with.
    let projectGrades: GradeScale

    /// One deduction, reward or listing.
    public struct Adjustment: Sendable, Equatable {
        /// What an adjustment does.
        public enum Kind: String, Sendable {
            /// Money taken from the unit's base.
            case deduct
            /// A share of a pool.
            case reward
            /// A place on a list.
            case flag
        }
        /// Index into ``ResultApplication/rules``.
        public let rule: Int
        /// Code into ``ProjectBatch/periods``: the evaluated period.
        public let period: Int32
        /// The project (rules of project scope) or department unit (``ResultApplication/department(ofUnit:)``).
        public let unit: Int
        /// Deduction, reward or listing.
        public let kind: Kind
        /// The figure that met the rule's condition (its first comparison).
        public let witness: Witness
        /// The period whose base is charged (the evaluated one unless the rule says otherwise).
        public let chargedPeriod: String
        /// The base amount's column, nil when none is charged.
        public let base: String?
        /// The base amount in fen (rounded half away from zero), nil when none is charged.
        public let baseAmount: Int128?
        /// The rate in percent of a `deduct_percent`; nil otherwise.
        public let rate: Double?
        /// Fen deducted or rewarded (≥ 0); 0 for a listing.
        public let amount: Int128
        /// The list of a `flag` rule.
        public let list: String?
    }

    /// The figure a condition was met on, for people to check.
    public enum Witness: Sendable, Equatable {
        /// A metric and its threshold (percent or points).
        case metric(ApplicationRule.Metric, value: Double, threshold: Double)
        /// A grade (band index) and the band names the rule names.
        case grade(Int, of: [String])
        /// A score and its period's average, in points.
        case belowAverage(value: Double, average: Double)
    }

    /// Per (period, rule, department).
    public struct Total: Sendable, Equatable {
        /// Code into ``ProjectBatch/periods``.
        public let period: Int32
        /// Index into ``ResultApplication/rules``.
        public let rule: Int
        /// Code into ``ProjectBatch/departments`` (a project rule's: the projects' department).
        public let department: Int32
        /// Fen deducted, rewarded; units listed.
        public var deducted: Int128 = 0, rewarded: Int128 = 0, listed = 0
    }

    /// Per (period, pool rule).
    public struct Pool: Sendable, Equatable {
        /// Code into ``ProjectBatch/periods``.
        public let period: Int32
        /// Index into ``ResultApplication/rules``: the `reward_from_pool` rule.
        public let rule: Int
        /// Fen collected from the rules it names, paid out, and left (0 unless no unit qualified).
        public let collected: Int128, paidOut: Int128, remainder: Int128
    }

    /// Period and department codes of department unit `u`.
    public func department(ofUnit u: Int) -> (period: Int32, department: Int32) {
        (departments.period[u], departments.department[u])
    }

    /// Applies `rules` in order to a scored batch.
    ///
    /// - Throws: ``InputRejected`` naming the rule, when a rule cannot be applied: a base it needs
    ///   is missing (no bases file, no such column, no row or an empty cell for a unit it
    ///   charges), a grade is no band, a pool names a rule that does not deduct, a charged period
    ///   is not a year, two rules share a name, or money passes 128 bits.
    init(rules: [ApplicationRule], bases: BaseAmounts?, batch: ProjectBatch, scores: ScoreTable,
         deviations: ProjectDeviations, scheme: Scheme) throws(InputRejected)
    {
        let departments = ApplicationUnits(departmentsOf: batch, scores: scores, deviations: deviations, scheme: scheme)
        let projects = rules.contains { $0.scope == .project }
            ? ApplicationUnits(projectsOf: batch, scores: scores, deviations: deviations, scheme: scheme, departments: departments) : nil
        let (byRule, pools) = try Self.run(rules, bases: bases, batch: batch, scheme: scheme, departments: departments, projects: projects)
        let adjustments = byRule.flatMap { $0 }
        self.rules = rules
        self.adjustments = adjustments
        self.pools = pools
        self.departments = departments
        projectGrades = scores.grades
        totals = Self.totals(adjustments, rules: rules, batch: batch, departments: departments)
    }

    /// Every rule over the units: deductions and listings in rule order, then the pools. A rule
    /// with an entry in `fixed` is not run: its adjustments are taken from there (rules whose
    /// outcome a scenario cannot change).
    static func run(_ rules: [ApplicationRule], bases: BaseAmounts?, batch: ProjectBatch, scheme: Scheme, departments: ApplicationUnits,
                    projects: ApplicationUnits?, fixed: [Int: [Adjustment]] = [:]) throws(InputRejected) -> ([[Adjustment]], [Pool])
    {
        var run = Run(rules: rules, bases: bases, batch: batch, scheme: scheme)
        run.check()
        // A rule that failed its checks would misread the units (a rate that is no percentage).
        guard !run.diagnostics.hasErrors else { throw InputRejected(run.diagnostics) }
        var byRule = [[Adjustment]](repeating: [], count: rules.count)
        for (r, rule) in rules.enumerated() {
            if let given = fixed[r] {
                byRule[r] = given
            } else if case .rewardFromPool = rule.action {
                continue
            } else {
                byRule[r] = run.apply(r, to: rule.scope == .project ? projects! : departments)
            }
        }
        var pools: [Pool] = []
        for (r, rule) in rules.enumerated() where fixed[r] == nil {
            guard case let .rewardFromPool(from, _) = rule.action else { continue }
            let sources = from.compactMap { name in rules.firstIndex { $0.name == name } }
            let (adjustments, rulePools) = run.share(r, sources: sources.map { byRule[$0] },
                                                     units: rule.scope == .project ? projects! : departments)
            byRule[r] = adjustments
            pools += rulePools
        }
        guard !run.diagnostics.hasErrors else { throw InputRejected(run.diagnostics) }
        return (byRule, pools)
    }

    private static func totals(_ adjustments: [Adjustment], rules: [ApplicationRule], batch: ProjectBatch,
                               departments: ApplicationUnits) -> [Total]
    {
        var index: [Int: Int] = [:]
        var totals: [Total] = []
        let (periods, names) = (batch.periods.count, batch.departments.count)
        for a in adjustments {
            let period = a.period
            let department = rules[a.rule].scope == .project ? batch.projects.department[a.unit] : departments.department[a.unit]
            let key = (a.rule * periods + Int(period)) * names + Int(department)
            let t = index[key] ?? {
                totals.append(Total(period: period, rule: a.rule, department: department))
                index[key] = totals.count - 1
                return totals.count - 1
            }()
            switch a.kind {
            case .deduct: totals[t].deducted += a.amount
            case .reward: totals[t].rewarded += a.amount
            case .flag: totals[t].listed += 1
            }
        }
        return totals.sorted { ($0.period, $0.rule, $0.department) < ($1.period, $1.rule, $1.department) }
    }
}

extension ResultApplication {
    /// The state of one application: the rules, the bases, and the problems found.
    private struct Run {
        let rules: [ApplicationRule]
        let bases: BaseAmounts?
        let batch: ProjectBatch
        let scheme: Scheme
        var diagnostics = Diagnostics()
        /// Rules whose charged period was reported as no year (once each).
        private var reportedCharge: Set<String> = []
        /// bases.csv columns whose bad cells were reported.
        private var reportedColumns: Set<Int> = []
        /// Fen already deducted from each base: deductions from one base are capped together.
        private var charged: [Charge: Int128] = [:]
        /// Codes of the charged years of department bases (``BaseAmounts/periodKey(_:)``).
        private var chargedYears: [String: Int] = [:]

        /// One base: a department's column in one year (whichever period's rule charges it), or
        /// a project's own amount. Integers only: a project rule may charge a million of them.
        struct Charge: Hashable {
            let scope: ApplicationRule.Scope
            /// Department code, or project index.
            let owner: Int
            /// The column: its index in bases.csv; for a project 0 (budget) or 1 (executed).
            let column: Int
            /// Department bases: the code of the charged year; projects: 0 (their own period).
            let period: Int
        }

        /// A base as one name, whatever the rule wrote: the bases.csv column's code (公用经费 and
        /// Public_Funds are public_funds), or budget / executed for a project.
        func canonicalBase(_ base: String, scope: ApplicationRule.Scope) -> String {
            if scope == .project { return base.lowercased() }
            return bases.flatMap { b in b.column(base).map { b.columns[$0] } } ?? base
        }

        /// The column `base` names: its bases.csv index, or 0 / 1 for a project's budget / executed.
        func column(_ base: String, scope: ApplicationRule.Scope) -> Int {
            scope == .project ? (base.lowercased() == "budget" ? 0 : 1) : bases?.column(base) ?? -1
        }

        mutating func charge(_ units: ApplicationUnits, _ u: Int, column: Int, _ period: String) -> Charge {
            guard units.scope == .department else { return Charge(scope: .project, owner: u, column: column, period: 0) }
            let key = BaseAmounts.periodKey(period)
            let year = chargedYears[key] ?? {
                chargedYears[key] = chargedYears.count
                return chargedYears.count - 1
            }()
            return Charge(scope: .department, owner: Int(units.department[u]), column: column, period: year)
        }

        init(rules: [ApplicationRule], bases: BaseAmounts?, batch: ProjectBatch, scheme: Scheme) {
            self.rules = rules
            self.bases = bases
            self.batch = batch
            self.scheme = scheme
        }

        mutating func error(_ rule: ApplicationRule, _ kind: DiagnosticRule, _ message: String, file: String? = nil, line: Int? = nil) {
            diagnostics.append(Diagnostic(.error, rule: kind, file: file ?? "rule \(rule.name)", line: line,
                                          message: file == nil ? message : "rule \(rule.name): \(message)"))
        }

        /// What can be checked before any unit is looked at: names, grades, pools, base columns.
        mutating func check() {
            for (r, rule) in rules.enumerated() {
                if rules[..<r].contains(where: { $0.name == rule.name }) {
                    error(rule, .invalidRule, "two rules are named \(rule.name); rename one")
                }
                // What the scheme reader checks, checked again for rules built in code.
                switch rule.action {
                case let .deductPercent(_, .single(rate)) where !Self.isRate(rate):
                    error(rule, .invalidRule, "rate \(rate) is not a percentage from 0 to 100 with at most 6 decimals")
                case let .deductPercent(_, .byGrade(rates)) where !rates.values.allSatisfy(Self.isRate):
                    error(rule, .invalidRule, "its rates must be percentages from 0 to 100 with at most 6 decimals")
                case let .deductFixed(amount, _) where !(amount >= 0 && amount <= ApplicationRule.largestFixedAmount
                    && abs((amount * 100).rounded() - amount * 100) < 1e-6):
                    error(rule, .invalidRule, "amount \(amount) is not an amount in 元, 0 or more, to the fen")
                default: break
                }
                if !(0...10).contains(rule.chargeOffset) || (rule.scope == .project && rule.chargeOffset != 0) {
                    error(rule, .invalidRule, "charge_period \(rule.chargeOffset) must be from 0 to 10, and 0 for a project rule")
                }
                if !Self.periodsValid(rule.condition) {
                    error(rule, .invalidRule, "`periods` must be from 1 to 10")
                }
                let bands = rule.scope == .project ? scheme.grades : (scheme.application.departmentGrades ?? scheme.grades)
                for name in Self.gradeNames(rule) where !bands.contains(where: { $0.name == name }) {
                    error(rule, .invalidRule, "grade \(name) is no band of the \(rule.scope.rawValue) grades (\(bands.map(\.name).joined(separator: ", "))); "
                          + "the presets name the national bands: print a preset's rules with `evalcli scheme --apply NAME` and use your bands' names")
                }
                if case let .rewardFromPool(from, _) = rule.action {
                    for (k, name) in from.enumerated() where from[..<k].contains(name) {
                        error(rule, .invalidRule, "its pool names rule \(name) twice")
                    }
                    // One deduction feeds one pool: two pools of the same money would pay it out twice.
                    for earlier in rules[..<r] {
                        guard case let .rewardFromPool(taken, _) = earlier.action else { continue }
                        for name in Set(from).intersection(taken).sorted() {
                            error(rule, .invalidRule, "its pool names rule \(name), whose deductions already go to the pool of rule \(earlier.name); a deduction feeds one pool")
                        }
                    }
                    for name in from {
                        guard let source = rules.first(where: { $0.name == name }) else {
                            error(rule, .invalidRule, "its pool names rule \(name), which is not applied (rules: \(rules.map(\.name).joined(separator: ", ")))")
                            continue
                        }
                        switch source.action {
                        case .deductPercent, .deductFixed: break
                        default: error(rule, .invalidRule, "its pool names rule \(name), which deducts nothing")
                        }
                    }
                }
                guard let base = Self.base(of: rule) else { continue }
                if rule.scope == .project {
                    if base.lowercased() != "budget" && base.lowercased() != "executed" {
                        error(rule, .missingBase, "a project rule charges the project's budget or executed, not \(base)")
                    }
                } else if let bases {
                    if let column = bases.column(base) {
                        // A bad cell is one error, however many rules charge its column.
                        if reportedColumns.insert(column).inserted { for d in bases.problems[column] { diagnostics.append(d) } }
                    } else {
                        error(rule, .missingBase, "needs base \(base), which \(bases.file) does not have (its amounts: \(bases.columns.joined(separator: ", ")))")
                    }
                    if rule.chargeOffset != 0, !bases.hasPeriod {
                        error(rule, .invalidRule, "charges the base of \(rule.chargeOffset) year(s) later, but \(bases.file) has no period column to find that year in")
                    }
                } else {
                    error(rule, .missingBase, "needs base amounts (\(base)): give them with --bases FILE")
                }
            }
        }

        static func isRate(_ x: Double) -> Bool { (0...100).contains(x) && ApplicationRule.Rate.micros(x) != nil }

        static func periodsValid(_ c: ApplicationRule.Condition) -> Bool {
            switch c {
            case let .consecutive(inner, n, _): (1...10).contains(n) && periodsValid(inner)
            case let .all(parts), let .any(parts): parts.allSatisfy(periodsValid)
            case .grade, .compare, .belowAverage: true
            }
        }

        static func base(of rule: ApplicationRule) -> String? {
            switch rule.action {
            case .flag: nil
            case let .deductPercent(base, _): base
            case let .deductFixed(_, base): base
            case let .rewardFromPool(_, base): base
            }
        }

        static func gradeNames(_ rule: ApplicationRule) -> [String] {
            func names(_ c: ApplicationRule.Condition) -> [String] {
                switch c {
                case let .grade(n): n
                case let .consecutive(inner, _, _): names(inner)
                case let .all(parts), let .any(parts): parts.flatMap(names)
                case .compare, .belowAverage: []
                }
            }
            var all = names(rule.condition)
            if case let .deductPercent(_, .byGrade(rates)) = rule.action { all += rates.keys.sorted() }
            return all
        }

        /// A flag or deduction rule over its units.
        mutating func apply(_ r: Int, to units: ApplicationUnits) -> [Adjustment] {
            let rule = rules[r]
            let test = units.test(rule.condition)
            // The base's names and column, resolved once for the rule.
            let base: String? = switch rule.action {
            case let .deductPercent(b, _): b
            case let .deductFixed(_, b): b
            default: nil
            }
            let code = base.map { canonicalBase($0, scope: units.scope) }
            let column = base.map { self.column($0, scope: units.scope) } ?? -1
            var out: [Adjustment] = []
            for u in 0..<units.count where units.holds(test, u) {
                let witness = units.witness(test, u)
                switch rule.action {
                case let .flag(list):
                    out.append(Adjustment(rule: r, period: units.period[u], unit: u, kind: .flag, witness: witness, chargedPeriod: "",
                                          base: nil, baseAmount: nil, rate: nil, amount: 0, list: list))
                case let .deductPercent(base, rateSpec):
                    let rate: Double?
                    switch rateSpec {
                    case let .single(x): rate = x
                    case let .byGrade(rates): rate = rates[units.grades.bands[Int(units.grade[u])].name]
                    }
                    guard let rate, let charged = chargedPeriod(rule, units, u),
                          let micro = baseAmount(rule, base, column: column, units, u, charged) else { continue }
                    // fen = micro-yuan × (rate in millionths of a percent) / 10¹², half away from zero.
                    let full = ApplicationUnits.roundedQuotient(micro * Int128(ApplicationRule.Rate.micros(rate)!), 1_000_000_000_000)
                    let amount = take(full, from: charge(units, u, column: column, charged), base: Self.fen(micro))
                    // A unit left with nothing to take (its base is 0 or used up) gets no row.
                    guard amount > 0 else { continue }
                    out.append(Adjustment(rule: r, period: units.period[u], unit: u, kind: .deduct, witness: witness, chargedPeriod: charged,
                                          base: code, baseAmount: Self.fen(micro), rate: rate, amount: amount, list: nil))
                case let .deductFixed(fixed, base):
                    guard let charged = chargedPeriod(rule, units, u) else { continue }
                    var amount = Int128((fixed * 100).rounded())
                    var baseFen: Int128?
                    if let base {
                        guard let micro = baseAmount(rule, base, column: column, units, u, charged) else { continue }
                        baseFen = Self.fen(micro)
                        amount = take(amount, from: charge(units, u, column: column, charged), base: baseFen!)
                    }
                    guard amount > 0 else { continue }
                    out.append(Adjustment(rule: r, period: units.period[u], unit: u, kind: .deduct, witness: witness, chargedPeriod: charged,
                                          base: code, baseAmount: baseFen, rate: nil, amount: amount, list: nil))
                case .rewardFromPool:
                    break
                }
            }
            // Projects are in file order, which may interleave periods.
            if units.scope == .project { out.sort { ($0.period, $0.unit) < ($1.period, $1.unit) } }
            return out
        }

        /// At most what is left of a base of `base` fen after the deductions already taken from
        /// it (by earlier rules), recorded as taken.
        mutating func take(_ amount: Int128, from key: Charge, base: Int128) -> Int128 {
            let taken = charged[key, default: 0]
            let amount = max(0, min(amount, base - taken))
            charged[key] = taken + amount
            return amount
        }

        /// A pool rule: per period, the deductions of `sources` shared among the units it selects.
        mutating func share(_ r: Int, sources: [[Adjustment]], units: ApplicationUnits) -> ([Adjustment], [Pool]) {
            let rule = rules[r]
            guard case let .rewardFromPool(_, base) = rule.action else { return ([], []) }
            let test = units.test(rule.condition)
            let code = base.map { canonicalBase($0, scope: units.scope) }
            let column = base.map { self.column($0, scope: units.scope) } ?? -1
            let periods = batch.periods.count
            var collected = [Int128](repeating: 0, count: periods)
            for source in sources {
                for a in source { collected[Int(a.period)] += a.amount }
            }
            var out: [Adjustment] = [], pools: [Pool] = []
            for period in 0..<periods {
                let selected = (0..<units.count).filter { units.period[$0] == period && units.holds(test, $0) }
                var charged: [String] = [], micros: [Int128?] = [], weights: [Int64] = []
                var complete = true
                for u in selected {
                    guard let c = chargedPeriod(rule, units, u) else { complete = false; continue }
                    charged.append(c)
                    if let base {
                        guard let micro = baseAmount(rule, base, column: column, units, u, c) else { complete = false; continue }
                        micros.append(micro)
                        guard let w = Int64(exactly: Self.fen(micro)) else {
                            error(rule, .invalidRule, "a base amount is too large to share exactly")
                            complete = false
                            continue
                        }
                        weights.append(w)
                    } else {
                        micros.append(nil)
                        weights.append(1)
                    }
                }
                guard complete else { continue }
                let pool = collected[period]
                guard let shares = PoolSharing.shares(of: selected.isEmpty ? 0 : pool, weights: weights) else {
                    error(rule, .invalidRule, "the pool and base amounts are too large to share exactly")
                    continue
                }
                for (i, u) in selected.enumerated() where shares[i] > 0 {
                    out.append(Adjustment(rule: r, period: units.period[u], unit: u, kind: .reward, witness: units.witness(test, u),
                                          chargedPeriod: charged[i], base: code, baseAmount: micros[i].map(Self.fen), rate: nil,
                                          amount: shares[i], list: nil))
                }
                let paid = shares.reduce(0, +)
                pools.append(Pool(period: Int32(period), rule: r, collected: pool, paidOut: paid, remainder: pool - paid))
            }
            return (out, pools)
        }

        /// The period whose base unit `u` is charged, nil (reported) when it is not a year.
        mutating func chargedPeriod(_ rule: ApplicationRule, _ units: ApplicationUnits, _ u: Int) -> String? {
            let text = batch.periods[Int(units.period[u])]
            guard rule.chargeOffset != 0 else { return text }
            guard let date = PeriodDate(text), date.month == nil else {
                if reportedCharge.insert(rule.name).inserted {
                    error(rule, .invalidRule, "charges the base of \(rule.chargeOffset) year(s) after the evaluated period, but period \"\(text)\" is not a year")
                }
                return nil
            }
            return String(date.year + rule.chargeOffset)
        }

        /// The base amount of unit `u` in micro-yuan, from `column` (``column(_:scope:)`` of
        /// `base`); nil (reported) when it is missing.
        mutating func baseAmount(_ rule: ApplicationRule, _ base: String, column: Int, _ units: ApplicationUnits, _ u: Int,
                                 _ period: String) -> Int128? {
            if units.scope == .project {
                let micros = column == 0 ? batch.projects.budget[u] : batch.projects.executed[u]
                return scheme.application.amountUnit == .wan ? Int128(micros) * 10_000 : Int128(micros)
            }
            guard let bases, column >= 0 else { return nil }  // reported by check()
            let department = batch.departments[Int(units.department[u])]
            guard let row = bases.row(period: period, department: department) else {
                let when = bases.hasPeriod ? " in period \(period)" : ""
                error(rule, .missingBase, "charges \(base) of \(department)\(when), but \(bases.file) has no row for it", file: bases.file)
                return nil
            }
            guard let amount = row.amounts[column] else {
                // A cell that could not be read is reported as such by check().
                if !bases.problems[column].contains(where: { $0.line == row.line }) {
                    error(rule, .missingBase, "charges \(base) of \(department), but the cell is empty", file: bases.file, line: row.line)
                }
                return nil
            }
            return amount
        }

        /// Micro-yuan to fen, half away from zero.
        static func fen(_ micro: Int128) -> Int128 { ApplicationUnits.roundedQuotient(micro, 10_000) }
    }
}

extension ResultApplication {
    /// One rule's effect over every period, for a terminal summary.
    public struct RuleSummary: Sendable, Equatable {
        /// The rule's name.
        public let rule: String
        /// Its adjustments (deductions, rewards or listings).
        public let adjustments: Int
        /// Fen deducted and rewarded.
        public let deducted: Int128, rewarded: Int128
        /// Fen its pools kept (no unit qualified).
        public let remainder: Int128
    }

    /// Per rule, in order: what it did over every period.
    public var summaries: [RuleSummary] {
        rules.indices.map { r in
            let mine = adjustments.filter { $0.rule == r }
            return RuleSummary(
                rule: rules[r].name, adjustments: mine.count,
                deducted: mine.filter { $0.kind == .deduct }.reduce(0) { $0 + $1.amount },
                rewarded: mine.filter { $0.kind == .reward }.reduce(0) { $0 + $1.amount },
                remainder: pools.filter { $0.rule == r }.reduce(0) { $0 + $1.remainder })
        }
    }
}
