/// departments.csv (SPEC §10) and sectors.csv: one row per (period, department) or (period,
/// sector) of ``DepartmentBenchmarks``, with the fixed leading columns, a count and a share column
/// per grade band, rank, gap_to_average, below_average, the mean achievement per category, then
/// the self-evaluation inflation (mean self − review) and the share of flagged projects.
///
/// Exact values are written exactly: amounts as amounts, min and max at the scheme's precision,
/// shares with 2 decimals (percent), the execution rate with 4. Means, quantiles, the standard
/// deviation, gaps and achievements are statistics, in shortest round-trip form.
enum DepartmentsTable {
    static func header(_ b: DepartmentBenchmarks, dimension: CategoryDimension, language: OutputLanguage) -> [String] {
        let zh = language == .zh
        let key = b.key == .department ? (zh ? "部门" : "department") : (zh ? "行业" : "sector")
        var h =
            zh
            ? ["年度", key, "项目数", "全年预算数", "全年执行数", "预算执行率", "平均分", "资金加权平均分", "中位数", "下四分位数", "上四分位数",
               "第10百分位数", "第90百分位数", "最低分", "最高分", "标准差"]
            : ["period", key, "projects", "budget", "executed", "execution_rate", "mean", "weighted_mean", "median", "q1", "q3",
               "p10", "p90", "min", "max", "std"]
        for band in b.grades {
            h += zh ? ["\(band.label)项目数", "\(band.label)占比(%)"] : ["n_\(band.name)", "share_\(band.name)"]
        }
        h += zh ? ["排名", "与平均值差距", "低于平均"] : ["rank", "gap_to_average", "below_average"]
        for c in b.categories {
            let name = CategoryName.text(c, dimension: dimension, language: language)
            h.append(zh ? "\(name)平均完成度" : "achievement_\(name)")
        }
        h += zh ? ["自评复核平均差", "复核项目数", "预警项目占比(%)"] : ["self_review_gap_mean", "reviewed", "flagged_share"]
        return h
    }

    static func bytes(
        _ batch: ProjectBatch, _ group: GroupBenchmarks, dimension: CategoryDimension, language: OutputLanguage, format: ResultFormat
    ) -> [UInt8] {
        let (b, d) = (group.benchmarks, group.deviations)
        var w = TableWriter(format: format, header: header(b, dimension: dimension, language: language))
        let names = b.key == .department ? batch.departments : batch.sectors
        for r in 0..<b.count {
            w.text(batch.periods[Int(b.period[r])])
            w.text(names[Int(b.group[r])])
            w.integer(b.projects[r])
            w.amount(b.budget[r])
            w.amount(b.executed[r])
            w.rate(b.executionRate[r])
            for x in [b.mean[r], b.weightedMean[r], b.median[r], b.q1[r], b.q3[r], b.p10[r], b.p90[r]] { w.roundTrip(x) }
            w.decimal(units: b.minimum[r], decimals: b.precision)
            w.decimal(units: b.maximum[r], decimals: b.precision)
            w.roundTrip(b.standardDeviation[r])
            for band in b.grades.indices {
                w.integer(b.gradeCount(row: r, band: band))
                w.decimal(units: b.gradeShare(row: r, band: band), decimals: 2)
            }
            if let rank = b.rank[r] { w.integer(rank) } else { w.empty() }
            w.roundTrip(b.gapToAverage[r])
            if let below = b.belowAverage[r] { w.boolean(below) } else { w.empty() }
            for k in b.categories.indices { w.roundTrip(b.categoryAchievement(row: r, category: k)) }
            w.roundTrip(d.selfReviewGapMean[r])
            w.integer(d.reviewed[r])
            w.decimal(d.flaggedShare[r], decimals: 2)
            w.endRow()
        }
        return w.finish()
    }
}
