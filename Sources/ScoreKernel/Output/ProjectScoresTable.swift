/// project_scores.csv (SPEC §10): the fixed leading columns, then grade_label, project_name and
/// sector.
enum ProjectScoresTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "项目编码", "部门", "全年预算数", "全年执行数", "预算执行率", "绩效目标完成率", "产出得分", "效益得分", "满意度得分",
               "预算执行得分", "总分", "等级", "排名", "部门内排名", "百分位", "标记", "等级名称", "项目名称", "行业",
               "偏离度", "序时进度比", "进度灯", "部门内z值", "部门内稳健z值", "行业内z值", "行业内稳健z值", "部门内百分位", "自评复核差"]
            : ["period", "project_id", "department", "budget", "executed", "execution_rate", "completion_rate", "score_output",
               "score_benefit", "score_satisfaction", "score_execution", "total", "grade", "rank", "rank_in_department",
               "percentile", "flags", "grade_label", "project_name", "sector",
               "execution_completion_gap", "progress_ratio", "progress_light", "z_department", "robust_z_department",
               "z_sector", "robust_z_sector", "percentile_in_department", "self_review_gap"]
    }

    /// The rows of `projects`; `header: false` for a CSV part that follows another.
    static func bytes(
        _ batch: ProjectBatch, _ scores: ScoreTable, _ ranks: ProjectRanks, _ d: ProjectDeviations, projects: Range<Int>,
        header writeHeader: Bool, language: OutputLanguage, format: ResultFormat
    ) -> [UInt8] {
        let p = batch.projects
        var w = TableWriter(format: format, header: header(language), writeHeader: writeHeader, capacity: projects.count * 260)
        let precision = scores.precision
        var flagBytes: [UInt8] = []
        for q in projects {
            w.text(batch.periods[Int(p.period[q])])
            w.text(utf8: p.id.utf8(q))
            w.text(batch.departments[Int(p.department[q])])
            w.amount(p.budget[q])
            w.amount(p.executed[q])
            w.rate(scores.executionRate[q])
            w.rate(scores.completionRate[q])
            for l in 0..<Level1.allCases.count {
                let s = scores.level1Score[l][q]
                if s == ScoreTable.absent { w.empty() } else { w.decimal(units: s, decimals: precision) }
            }
            w.decimal(units: scores.executionScore[q], decimals: precision)
            w.decimal(units: scores.total[q], decimals: precision)
            let band = scores.grades.bands[Int(scores.grade[q])]
            w.text(band.name)
            w.integer(Int(ranks.rank[q]))
            w.integer(Int(ranks.rankInDepartment[q]))
            w.roundTrip(ranks.percentile[q])
            FlagCodes.write(project: scores.projectFlags[q].union(d.flags[q]), into: &flagBytes)
            w.text(utf8: flagBytes)
            w.text(band.label)
            w.text(utf8: p.name.utf8(q))
            w.text(batch.sectors[Int(p.sector[q])])
            w.decimal(d.gap[q], decimals: 2)
            w.decimal(d.progressRatio[q], decimals: 2)
            switch d.light[q] {
            case .none: w.empty()
            case .red: w.text(language == .zh ? "红" : "red")
            case .yellow: w.text(language == .zh ? "黄" : "yellow")
            case .green: w.text(language == .zh ? "绿" : "green")
            }
            w.roundTrip(d.zDepartment[q])
            w.roundTrip(d.robustZDepartment[q])
            w.roundTrip(d.zSector[q])
            w.roundTrip(d.robustZSector[q])
            w.roundTrip(ranks.percentileInDepartment[q])
            w.roundTrip(d.selfReviewGap[q])
            w.endRow()
        }
        return w.finish()
    }
}

/// Flag codes joined by `;` for the flags columns.
enum FlagCodes {
    static func joined(indicator: IndicatorFlags) -> String { indicator.infos.map(\.code.rawValue).joined(separator: ";") }

    /// Each project flag's bit and the range of its code in `codeText`, in bit order: plain
    /// values, so that the loop over them touches no reference count.
    private static let projectCodes: [(bit: UInt32, code: Range<Int>)] = {
        var start = 0
        return ProjectFlags.catalogue.map { flag, info in
            defer { start += info.code.rawValue.utf8.count }
            return (flag.rawValue, start..<(start + info.code.rawValue.utf8.count))
        }
    }()
    private static let codeText: [UInt8] = ProjectFlags.catalogue.flatMap { Array($0.1.code.rawValue.utf8) }

    /// The codes of `project` joined by `;` into `bytes` (emptied first, its capacity kept): no
    /// `String` or array per row.
    static func write(project: ProjectFlags, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        guard project.rawValue != 0 else { return }
        codeText.withUnsafeBufferPointer { text in
            for (bit, code) in projectCodes where project.rawValue & bit != 0 {
                if !bytes.isEmpty { bytes.append(0x3B) }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[code]))
            }
        }
    }
}
