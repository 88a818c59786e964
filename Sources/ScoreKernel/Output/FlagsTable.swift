/// flags.csv (SPEC §10): one row per finding, with its scope, the project (or project/indicator)
/// it concerns, its code, severity, the value that triggered it, the threshold, and a message in
/// plain words. `underachieved` stays in indicator_scores.csv's flags column: most indicators
/// carry it, and `deviation_reason_required` speaks for it at project level.
enum FlagsTable {
    static func header(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["年度", "范围", "对象", "标记代码", "严重程度", "值", "阈值", "说明"]
            : ["period", "scope", "key", "code", "severity", "value", "threshold", "message"]
    }

    /// The rows of `projects`; `flagged` holds the flagged indicator rows, in order of project;
    /// `header: false` for a CSV part that follows another.
    static func bytes(
        _ batch: ProjectBatch, _ scores: ScoreTable, _ deviations: ProjectDeviations, flagged ind: FlaggedIndicators, projects: Range<Int>,
        header writeHeader: Bool, scheme: Scheme, language: OutputLanguage, format: ResultFormat
    ) -> [UInt8] {
        var w = TableWriter(format: format, header: header(language), writeHeader: writeHeader)
        let zh = language == .zh
        let scale = Rounding.scale(scores.precision)
        // The first flagged indicator row of the first project (rows are in order of project).
        var (lo, hi) = (0, ind.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(ind.project[mid]) < projects.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        for q in projects {
            let period = batch.periods[Int(batch.projects.period[q])]
            let id = batch.projects.id[q]
            func row(_ scope: String, _ key: String, _ info: FlagInfo, _ value: Double, _ threshold: Double, _ detail: String = "") {
                w.text(period)
                w.text(scope)
                w.text(key)
                w.text(info.code.rawValue)
                w.text(info.severity.rawValue)
                w.roundTrip(value)
                w.roundTrip(threshold)
                w.text((zh ? info.chinese : info.english) + detail)
                w.endRow()
            }
            let flags = scores.projectFlags[q].union(deviations.flags[q])
            for info in flags.infos {
                let (value, threshold) = projectValues(info.code, q, batch, scores, deviations, scheme)
                var detail = ""
                if info.code == .selfScoreDiffers {
                    let recomputed = Rounding.text(units: scores.total[q], precision: scores.precision)
                    let filed = Rounding.text(batch.projects.selfScore[q], precision: Int(batch.projects.selfScoreDecimals[q]))
                    detail = zh ? "（填报 \(filed)，复算 \(recomputed)）" : " (filed \(filed), recomputed \(recomputed))"
                }
                row("project", id, info, value, threshold, detail)
            }
            while i < ind.count && ind.project[i] == q {
                defer { i += 1 }
                let key = id + "/" + ind.name[i]
                for info in ind.flags[i].infos where info.code != .underachieved {
                    switch info.code {
                    case .overshoot:
                        row("indicator", key, info, ind.actual[i] / ind.target[i], scheme.overshootFlag)
                    case .filedScoreDiffers:
                        let recomputed = Rounding.text(units: ind.score[i], precision: scores.precision)
                        let filed = Rounding.text(ind.enteredScore[i], precision: Int(ind.enteredScoreDecimals[i]))
                        row("indicator", key, info, ind.enteredScore[i], Double(ind.score[i]) / scale,
                            zh ? "（填报 \(filed)，复算 \(recomputed)）" : " (filed \(filed), recomputed \(recomputed))")
                    default:
                        row("indicator", key, info, .nan, .nan)
                    }
                }
            }
        }
        return w.finish()
    }

    /// The value that raised a project flag and the threshold it was compared with (NaN: none).
    static func projectValues(
        _ code: FlagCode, _ q: Int, _ batch: ProjectBatch, _ scores: ScoreTable, _ d: ProjectDeviations, _ scheme: Scheme
    ) -> (Double, Double) {
        let rate = scores.executionRate[q] * 100
        switch code {
        case .zeroBudget: return (0, .nan)
        case .selfScoreDiffers: return (batch.projects.selfScore[q], scores.value(scores.total[q]))
        case .executionCompletionGap: return (d.gap[q], scheme.executionCompletionGap)
        case .progressRed: return (d.progressRatio[q], scheme.progressRedBelow)
        case .executionBehindCheckpoint: return (rate, d.checkpointMinimum[q])
        case .lowMonitoringScore, .consecutiveLowMonitoring: return (batch.projects.monitorScore[q], scheme.lowMonitoringScore)
        case .keyEvaluationCandidate: return (rate, scheme.keyEvaluationRateBelow)
        case .executionReasonRequired: return (rate, scheme.executionReasonBelow)
        case .deviationReasonRequired: return (Double(scores.indicatorsBelowPoints[q]), .nan)
        case .reviewGap: return (d.selfReviewGap[q], scheme.reviewGap)
        case .outlier: return (d.outlierRobustZ(q), scheme.outlierRobustZ)
        default: return (.nan, .nan)
        }
    }
}
