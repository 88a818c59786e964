/// indicator_scores.csv (SPEC §10): the fixed leading columns, then target_high and
/// indicator_code. Targets and actuals are the numbers as written (95% → 95); a qualitative
/// actual is its grade code.
enum IndicatorScoresTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "项目编码", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "完成度", "得分", "偏离度",
               "标记", "指标值上限", "指标编码"]
            : ["period", "project_id", "level1", "level2", "indicator", "direction", "target", "actual", "points", "achievement",
               "score", "deviation", "flags", "target_high", "indicator_code"]
    }

    /// The rows of `projects`' indicators; `header: false` for a CSV part that follows another.
    static func bytes(
        _ batch: ProjectBatch, _ scores: ScoreTable, projects: Range<Int>, header writeHeader: Bool, language: OutputLanguage,
        format: ResultFormat
    ) -> [UInt8] {
        let ind = batch.indicators
        let rows = projects.isEmpty ? 0 : ind.offsets[projects.upperBound] - ind.offsets[projects.lowerBound]
        var w = TableWriter(format: format, header: header(language), writeHeader: writeHeader, capacity: rows * 120)
        let zh = language == .zh
        for q in projects {
            let period = batch.periods[Int(batch.projects.period[q])]
            for i in ind.range(ofProject: q) {
                w.text(period)
                w.text(utf8: batch.projects.id.utf8(q))
                w.text(zh ? ind.level1[i].chineseName : ind.level1[i].code)
                w.text(zh ? ind.level2[i].chineseName : ind.level2[i].code)
                w.text(utf8: ind.name.utf8(i))
                w.text(ind.direction[i].code)
                w.roundTrip(ind.target[i])
                if ind.direction[i] == .qualitative { w.text(ind.grade[i].code) } else { w.roundTrip(ind.actual[i]) }
                w.roundTrip(ind.points[i])
                w.decimal(scores.achievement[i], decimals: 4)
                w.decimal(units: scores.indicatorScore[i], decimals: scores.precision)
                w.decimal(IndicatorDeviation.relative(ind, i), decimals: 4)
                w.text(FlagCodes.joined(indicator: scores.indicatorFlags[i]))
                w.roundTrip(ind.targetHigh[i])
                if ind.code[i] >= 0 { w.text(batch.indicatorCodes[Int(ind.code[i])]) } else { w.empty() }
                w.endRow()
            }
        }
        return w.finish()
    }
}
