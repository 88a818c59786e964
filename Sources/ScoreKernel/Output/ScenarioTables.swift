/// The result files of a scenario analysis (SPEC §9, §10): scenarios, scenario_weights,
/// grade_margins, and for Monte Carlo runs rank_intervals, department_rank_intervals and
/// sensitivity. Columns: docs/output.md.
enum ScenarioTables {
    /// The file stems of `r`'s tables (a whole run), in the order written.
    static func names(_ r: ScenarioResults) -> [String] {
        ["scenarios", "scenario_weights"]
            + (r.isMonteCarlo ? ["rank_intervals", "department_rank_intervals", "sensitivity"] : []) + ["grade_margins"]
            + (r.application != nil ? ["scenario_application"] : [])
    }

    /// The bytes of table `name` (one of ``names(_:)``).
    static func bytes(_ name: String, _ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        switch name {
        case "scenarios": scenarios(r, language: language, format: format)
        case "scenario_weights": weights(r, language: language, format: format)
        case "rank_intervals": rankIntervals(r, language: language, format: format)
        case "department_rank_intervals": departmentIntervals(r, language: language, format: format)
        case "sensitivity": sensitivity(r, language: language, format: format)
        case "scenario_application": application(r, language: language, format: format)
        default: margins(r, language: language, format: format)
        }
    }

    private static func category(_ r: ScenarioResults, _ k: Int, _ language: OutputLanguage) -> String {
        CategoryName.text(r.categories[k], dimension: r.dimension, language: language)
    }

    private static func weightHeaders(_ r: ScenarioResults, _ language: OutputLanguage) -> [String] {
        r.categories.indices.map { (language == .zh ? "权重_" : "w_") + category(r, $0, language) }
    }

    private static func gradeHeaders(_ r: ScenarioResults, _ language: OutputLanguage, zh: String, en: String) -> [String] {
        language == .zh ? r.gradeLabels.map { $0 + zh } : r.gradeNames.map { en + $0 }
    }

    static func scenarios(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let zh = language == .zh
        let header = (zh ? ["年度", "情景"] : ["period", "scenario"]) + weightHeaders(r, language) + [zh ? "平均分" : "mean"]
            + gradeHeaders(r, language, zh: "项目数", en: "n_")
            + (zh ? ["升等项目数", "降等项目数", "斯皮尔曼相关系数", "前K名重合数", "后K名重合数", "部门斯皮尔曼相关系数"]
                : ["n_up", "n_down", "spearman", "top_k_overlap", "bottom_k_overlap", "department_spearman"])
        var w = TableWriter(format: format, header: header)
        let g = r.gradeNames.count
        let scale = Rounding.scale(r.precision)
        for p in r.periods {
            for m in 0..<r.scenarioCount {
                w.text(p.period)
                w.text(r.names[m])
                for k in 0..<r.categoryCount {
                    if m == 0 { w.empty() } else { w.roundTrip(r.weights[m * r.categoryCount + k]) }
                }
                w.roundTrip(Double(p.sums[m]) / (Double(p.projectCount) * scale))
                for b in 0..<g { w.integer(Int(p.gradeCounts[m * g + b])) }
                w.integer(Int(p.movedUp[m]))
                w.integer(Int(p.movedDown[m]))
                optional(&w, p.spearman(m))
                w.integer(Int(p.topOverlap[m]))
                w.integer(Int(p.bottomOverlap[m]))
                optional(&w, p.departmentSpearman(m))
                w.endRow()
            }
        }
        return w.finish()
    }

    /// scenario_application: per period, scenario and rule, the units adjusted, those that
    /// entered and left compared with the official application, and the money moved.
    static func application(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let header = language == .zh
            ? ["年度", "情景", "规则", "涉及单位数", "新增单位数", "退出单位数", "扣减金额", "奖励金额", "资金池余额"]
            : ["period", "scenario", "rule", "adjusted", "entered", "left", "deducted", "rewarded", "remainder"]
        var w = TableWriter(format: format, header: header)
        guard let a = r.application else { return w.finish() }
        for (pi, p) in r.periods.enumerated() {
            let f = a.periods[pi]
            for m in 0..<r.scenarioCount {
                for (k, rule) in a.rules.enumerated() {
                    let i = m * a.rules.count + k
                    w.text(p.period)
                    w.text(r.names[m])
                    w.text(rule)
                    w.integer(Int(f.adjusted[i]))
                    w.integer(Int(f.entered[i]))
                    w.integer(Int(f.left[i]))
                    w.money(fen: f.deducted[i])
                    w.money(fen: f.rewarded[i])
                    w.money(fen: f.remainder[i])
                    w.endRow()
                }
            }
        }
        return w.finish()
    }

    static func weights(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        var w = TableWriter(format: format, header: [language == .zh ? "情景" : "scenario"] + weightHeaders(r, language))
        for m in 1..<r.scenarioCount {
            w.text(r.names[m])
            for k in 0..<r.categoryCount { w.roundTrip(r.weights[m * r.categoryCount + k]) }
            w.endRow()
        }
        return w.finish()
    }

    static func rankIntervals(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let zh = language == .zh
        let header = (zh ? ["年度", "项目编码", "部门", "基准排名", "排名中位数", "排名第5百分位数", "排名第95百分位数"]
            : ["period", "project_id", "department", "baseline_rank", "median_rank", "p05_rank", "p95_rank"])
            + gradeHeaders(r, language, zh: "概率", en: "prob_") + [zh ? "最敏感权重" : "most_sensitive_to"]
        var w = TableWriter(format: format, header: header, capacity: 1 << 20)
        let g = r.gradeNames.count
        let m = Double(r.sampled.count)
        for p in r.periods {
            let rows = p.rows
            for i in 0..<rows.count {
                project(&w, p, i)
                w.integer(Int(rows.baselineRank[i]))
                for q in 0..<3 { w.decimal(units: rows.quantiles[i * 3 + q], decimals: 2) }
                for b in 0..<g { w.roundTrip(Double(rows.gradeCounts[i * g + b]) / m) }
                let k = Int(rows.mostSensitive[i])
                if k >= 0 { w.text(category(r, k, language)) } else { w.empty() }
                w.endRow()
            }
        }
        return w.finish()
    }

    static func departmentIntervals(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let zh = language == .zh
        let header = zh ? ["年度", "部门", "项目数", "基准排名", "排名中位数", "排名第5百分位数", "排名第95百分位数"]
            : ["period", "department", "projects", "baseline_rank", "median_rank", "p05_rank", "p95_rank"]
        var w = TableWriter(format: format, header: header)
        for p in r.periods {
            for (d, interval) in p.departmentIntervals(sampled: r.sampled).enumerated() {
                w.text(p.period)
                w.text(p.departments[d])
                w.integer(p.departmentProjects[d])
                w.integer(Int(interval.baseline))
                for q in interval.quantiles { w.decimal(units: q, decimals: 2) }
                w.endRow()
            }
        }
        return w.finish()
    }

    static func sensitivity(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let zh = language == .zh
        var w = TableWriter(format: format, header: zh ? ["年度", "权重", "得分方差贡献", "相关系数方差贡献"]
                                                     : ["period", "category", "score_share", "spearman_share"])
        for p in r.periods {
            let score = p.scoreShares
            let rho = r.spearmanShares(p)
            for k in 0..<r.categoryCount {
                w.text(p.period)
                w.text(category(r, k, language))
                optional(&w, score?[k])
                optional(&w, rho?[k])
                w.endRow()
            }
        }
        return w.finish()
    }

    static func margins(_ r: ScenarioResults, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        let zh = language == .zh
        let header = zh ? ["年度", "项目编码", "部门", "情景得分", "等级", "降等最小权重变化", "升等最小权重变化", "降等增加权重", "升等增加权重"]
            : ["period", "project_id", "department", "score", "grade", "margin_down", "margin_up", "toward_down", "toward_up"]
        var w = TableWriter(format: format, header: header, capacity: 1 << 20)
        for p in r.periods {
            let rows = p.rows
            for i in 0..<rows.count {
                project(&w, p, i)
                w.decimal(units: rows.schemeUnits[i], decimals: r.precision)
                w.text(r.gradeNames[Int(rows.schemeGrade[i])])
                for x in [rows.marginDown[i], rows.marginUp[i]] {
                    if let x { w.decimal(x, decimals: 4) } else { w.empty() }
                }
                for k in [rows.towardDown[i], rows.towardUp[i]] {
                    if k >= 0 { w.text(category(r, Int(k), language)) } else { w.empty() }
                }
                w.endRow()
            }
        }
        return w.finish()
    }

    /// The leading cells of a project row: period, project_id, department.
    private static func project(_ w: inout TableWriter, _ p: PeriodScenarioResults, _ i: Int) {
        w.text(p.period)
        w.text(p.rows.projectIDs[i])
        w.text(p.departments[Int(p.rows.department[i])])
    }

    private static func optional(_ w: inout TableWriter, _ x: Double?) {
        if let x { w.roundTrip(x) } else { w.empty() }
    }
}
