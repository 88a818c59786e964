/// adjustments.csv (SPEC §8, issue 9): one row per deduction, reward or listing, with the rule
/// that caused it. First columns fixed: period, scope, key (project_id or department), rule,
/// action (deduct, reward, flag), value and threshold (the figure the condition was met on),
/// base, base_amount, rate (percent), amount (元, 2 decimals, positive for deductions and
/// rewards alike), list; then department and charged_period (the year whose base is charged).
enum AdjustmentsTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "范围", "对象", "规则", "措施", "实际值", "标准", "基数项目", "基数金额", "比例", "金额", "名单", "部门", "扣减年度"]
            : ["period", "scope", "key", "rule", "action", "value", "threshold", "base", "base_amount", "rate", "amount", "list",
               "department", "charged_period"]
    }

    static func bytes(_ batch: ProjectBatch, _ application: ResultApplication, precision: Int, language: OutputLanguage,
                      format: ResultFormat) -> [UInt8]
    {
        var w = TableWriter(format: format, header: header(language))
        for a in application.adjustments {
            let rule = application.rules[a.rule]
            let (key, department): (String, Int32) = rule.scope == .project
                ? (batch.projects.id[a.unit], batch.projects.department[a.unit])
                : (batch.departments[Int(application.department(ofUnit: a.unit).department)], application.department(ofUnit: a.unit).department)
            w.text(batch.periods[Int(a.period)])
            w.text(rule.scope.rawValue)
            w.text(key)
            w.text(rule.name)
            w.text(a.kind.rawValue)
            switch a.witness {
            case let .metric(metric, value, threshold):
                // Rates in percent with 4 decimals, so that 84.9960 is not shown as 85.00.
                let decimals = metric == .total || metric == .departmentScore ? precision : 4
                w.decimal(value, decimals: decimals)
                w.roundTrip(threshold)
            case let .grade(band, names):
                let bands = rule.scope == .project ? application.projectGrades : application.departments.grades
                w.text(bands.bands[band].name)
                w.text(names.joined(separator: ";"))
            case let .belowAverage(value, average):
                w.decimal(value, decimals: precision)
                w.decimal(average, decimals: 4)
            }
            if let base = a.base { w.text(base) } else { w.empty() }
            if let amount = a.baseAmount { w.money(fen: amount) } else { w.empty() }
            if let rate = a.rate { w.roundTrip(rate) } else { w.empty() }
            if a.kind == .flag { w.empty() } else { w.money(fen: a.amount) }
            if let list = a.list { w.text(list) } else { w.empty() }
            w.text(batch.departments[Int(department)])
            w.text(a.chargedPeriod)
            w.endRow()
        }
        return w.finish()
    }
}

/// application_totals.csv (SPEC §8, issue 9): per period and rule, one row per department with
/// what it lost, gained and had listed (deducted, rewarded, net = rewarded − deducted, listed),
/// then the rule's total row (department empty), which for a pool rule also says what the pool
/// collected, paid out and kept (remainder: 0 unless no unit qualified).
enum ApplicationTotalsTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "规则", "部门", "扣减金额", "奖励金额", "净额", "列入名单数", "资金池归集", "资金池分配", "资金池余额"]
            : ["period", "rule", "department", "deducted", "rewarded", "net", "listed", "collected", "paid_out", "remainder"]
    }

    static func bytes(_ batch: ProjectBatch, _ application: ResultApplication, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language))
        var next = 0
        let totals = application.totals
        for period in 0..<Int32(batch.periods.count) {
            for (r, rule) in application.rules.enumerated() {
                var sum = ResultApplication.Total(period: period, rule: r, department: -1)
                while next < totals.count, totals[next].period == period, totals[next].rule == r {
                    let t = totals[next]
                    row(&w, batch, rule, t, department: batch.departments[Int(t.department)], pool: nil)
                    sum.deducted += t.deducted
                    sum.rewarded += t.rewarded
                    sum.listed += t.listed
                    next += 1
                }
                let pool = application.pools.first { $0.period == period && $0.rule == r }
                row(&w, batch, rule, sum, department: "", pool: pool)
            }
        }
        return w.finish()
    }

    private static func row(_ w: inout TableWriter, _ batch: ProjectBatch, _ rule: ApplicationRule, _ t: ResultApplication.Total,
                            department: String, pool: ResultApplication.Pool?)
    {
        w.text(batch.periods[Int(t.period)])
        w.text(rule.name)
        w.text(department)
        w.money(fen: t.deducted)
        w.money(fen: t.rewarded)
        w.money(fen: t.rewarded - t.deducted)
        w.integer(t.listed)
        if let pool {
            w.money(fen: pool.collected)
            w.money(fen: pool.paidOut)
            w.money(fen: pool.remainder)
        } else {
            w.empty()
            w.empty()
            w.empty()
        }
        w.endRow()
    }
}
