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
        // The few distinct words of the table as UTF-8 once, not a String per cell.
        let periods = batch.periods.map { Array($0.utf8) }
        let level1 = Level1.allCases.map { Array((zh ? $0.chineseName : $0.code).utf8) }
        let level2 = [UInt8](0...255).map { Level2(rawValue: $0).map { Array((zh ? $0.chineseName : $0.code).utf8) } ?? [] }
        let directions = Direction.allCases.map { Array($0.code.utf8) }
        let grades = QualitativeGrade.allCases.map { Array($0.code.utf8) }
        let codes = batch.indicatorCodes.map { Array($0.utf8) }
        let flags = (0...255).map { Array(FlagCodes.joined(indicator: IndicatorFlags(rawValue: UInt8($0))).utf8) }
        let achievement = scores.achievement.unsafeBuffer
        let score = scores.indicatorScore.unsafeBuffer
        let indicatorFlags = scores.indicatorFlags.unsafeBuffer
        for q in projects {
            let period = periods[Int(batch.projects.period[q])]
            let id = batch.projects.id.utf8(q)
            for i in ind.range(ofProject: q) {
                w.text(utf8: period)
                w.text(utf8: id)
                w.text(utf8: level1[Int(ind.level1[i].rawValue)])
                w.text(utf8: level2[Int(ind.level2[i].rawValue)])
                w.text(utf8: ind.name.utf8(i))
                w.text(utf8: directions[Int(ind.direction[i].rawValue)])
                w.roundTrip(ind.target[i])
                if ind.direction[i] == .qualitative { w.text(utf8: grades[Int(ind.grade[i].rawValue)]) } else { w.roundTrip(ind.actual[i]) }
                w.roundTrip(ind.points[i])
                w.decimal(achievement[i], decimals: 4)
                w.decimal(units: score[i], decimals: scores.precision)
                w.decimal(IndicatorDeviation.relative(ind, i), decimals: 4)
                w.text(utf8: flags[Int(indicatorFlags[i].rawValue)])
                w.roundTrip(ind.targetHigh[i])
                if ind.code[i] >= 0 { w.text(utf8: codes[Int(ind.code[i])]) } else { w.empty() }
                w.endRow()
            }
        }
        return w.finish()
    }
}
