/// indicator_scores.csv (SPEC §10): the fixed leading columns, then target_high and
/// indicator_code. Targets and actuals are the numbers as written (95% → 95); a qualitative
/// actual is its grade code. Rows are in the order of indicators.csv.
enum IndicatorScoresTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "项目编码", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "完成度", "得分", "偏离度",
               "标记", "指标值上限", "指标编码"]
            : ["period", "project_id", "level1", "level2", "indicator", "direction", "target", "actual", "points", "achievement",
               "score", "deviation", "flags", "target_high", "indicator_code"]
    }

    /// The few distinct words of the table as UTF-8 once, not a String per cell.
    struct Words {
        let periods: [[UInt8]]
        let codes: [[UInt8]]
        let level1: [[UInt8]]
        let level2: [[UInt8]]
        let directions: [[UInt8]]
        let grades: [[UInt8]]
        let flags: [[UInt8]]

        init(periods: [String], codes: [String], language: OutputLanguage) {
            let zh = language == .zh
            self.periods = periods.map { Array($0.utf8) }
            self.codes = codes.map { Array($0.utf8) }
            level1 = Level1.allCases.map { Array((zh ? $0.chineseName : $0.code).utf8) }
            level2 = [UInt8](0...255).map { Level2(rawValue: $0).map { Array((zh ? $0.chineseName : $0.code).utf8) } ?? [] }
            directions = Direction.allCases.map { Array($0.code.utf8) }
            grades = QualitativeGrade.allCases.map { Array($0.code.utf8) }
            flags = (0...255).map { Array(FlagCodes.joined(indicator: IndicatorFlags(rawValue: UInt8($0))).utf8) }
        }
    }

    /// The rows at positions `rows` of the file's order of a batch that holds its indicators:
    /// `order[k]` is the batch's row at position k, or k itself when `order` is nil (the batch's
    /// rows are in file order); `project[i]` is the project of the batch's row i. `header:
    /// false` for a part that follows another (`rowsBefore` rows before it).
    static func bytes(
        _ batch: ProjectBatch, _ scores: ScoreTable, rows: Range<Int>, order: [Int]?, project: [Int32], header writeHeader: Bool,
        rowsBefore: Int, language: OutputLanguage, format: ResultFormat
    ) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language), writeHeader: writeHeader, rowsBefore: rowsBefore, capacity: rows.count * 120)
        let words = Words(periods: batch.periods, codes: batch.indicatorCodes, language: language)
        for k in rows {
            let i = order?[k] ?? k
            let q = Int(project[i])
            row(&w, batch.indicators, i, scores, i, period: words.periods[Int(batch.projects.period[q])], id: batch.projects.id.utf8(q), words)
        }
        return w.finish(closing: false)
    }

    /// The rows of a streamed part that have a project, scored in `scores`; the array is
    /// `rowsBefore` rows into the table (the first part writes the header).
    static func bytes(
        _ part: IndicatorRows, _ scores: ScoreTable, _ tables: RowTables, words: Words, header writeHeader: Bool, rowsBefore: Int,
        language: OutputLanguage, format: ResultFormat
    ) -> (bytes: [UInt8], rows: Int) {
        var w = TableWriter(format: format, header: header(language), writeHeader: writeHeader, rowsBefore: rowsBefore,
                            capacity: part.count * 120)
        let projects = tables.projects
        for r in 0..<part.count where part.project[r] >= 0 {
            let q = Int(part.project[r])
            row(&w, part.columns, r, scores, r, period: words.periods[Int(projects.period[q])], id: projects.id.utf8(q), words)
        }
        return (w.finish(closing: false), w.rowCount - rowsBefore)
    }

    /// The start of a table written in parts: the header (CSV) or the opening bracket (JSON).
    static func opening(language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language), capacity: 1 << 10)
        return w.finish(closing: false)
    }

    /// The end of the table after `rows` rows (a JSON array's closing bracket; nothing in CSV).
    static func closing(rows: Int, language: OutputLanguage, format: ResultFormat) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language), writeHeader: false, rowsBefore: rows, capacity: 16)
        return w.finish()
    }

    /// Row `i` of `ind`, scored as row `j` of `scores`, of the project `id` in `period`.
    @inline(__always)
    private static func row(
        _ w: inout TableWriter, _ ind: IndicatorColumns, _ i: Int, _ scores: ScoreTable, _ j: Int, period: [UInt8], id: ArraySlice<UInt8>,
        _ words: Words
    ) {
        w.text(utf8: period)
        w.text(utf8: id)
        w.text(utf8: words.level1[Int(ind.level1[i].rawValue)])
        w.text(utf8: words.level2[Int(ind.level2[i].rawValue)])
        w.text(utf8: ind.name.utf8(i))
        w.text(utf8: words.directions[Int(ind.direction[i].rawValue)])
        w.roundTrip(ind.target[i])
        if ind.direction[i] == .qualitative { w.text(utf8: words.grades[Int(ind.grade[i].rawValue)]) } else { w.roundTrip(ind.actual[i]) }
        w.roundTrip(ind.points[i])
        w.rate(scores.achievement.unsafeBuffer[j])
        w.decimal(units: scores.indicatorScore.unsafeBuffer[j], decimals: scores.precision)
        w.rate(IndicatorDeviation.relative(ind, i))
        w.text(utf8: words.flags[Int(scores.indicatorFlags.unsafeBuffer[j].rawValue)])
        w.roundTrip(ind.targetHigh[i])
        if ind.code[i] >= 0 { w.text(utf8: words.codes[Int(ind.code[i])]) } else { w.empty() }
        w.endRow()
    }
}
