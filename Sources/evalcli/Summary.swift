import Foundation
import ScoreKernel

/// The short run summary on the terminal (SPEC §10): counts, grade distribution, the top and
/// bottom departments of each period, top flags, time taken.
enum Summary {
    static func print(
        batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, departments: DepartmentBenchmarks,
        read: BatchReader.Result, files: [String], out: String, seconds: Double
    ) {
        let n = batch.projects.count
        var grades = [Int](repeating: 0, count: scores.grades.bands.count)
        var flagCounts: [String: Int] = [:]
        for q in 0..<n {
            grades[Int(scores.grade[q])] += 1
            for info in scores.projectFlags[q].union(deviations.flags[q]).infos { flagCounts[info.code, default: 0] += 1 }
        }
        for f in scores.indicatorFlags {
            if f.isEmpty { continue }
            for info in f.infos { flagCounts[info.code, default: 0] += 1 }
        }
        Swift.print("projects   \(n) in \(batch.departments.count) departments, \(batch.indicators.count) indicators")
        if read.excludedProjects > 0 {
            Swift.print("excluded   \(read.excludedProjects) projects (\(read.excludedIndicators) indicator rows): see rejects")
        }
        let bands = scores.grades.bands
        Swift.print("grades     " + bands.indices.map { k in
            let share = n == 0 ? 0 : 100 * Double(grades[k]) / Double(n)
            return "\(bands[k].label) \(bands[k].name) \(grades[k]) (\(String(format: "%.2f", share))%)"
        }.joined(separator: ", "))
        standings(batch: batch, departments)
        let top = flagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        Swift.print("flags      " + (top.isEmpty ? "none" : top.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        Swift.print("wrote      " + files.map { out + "/" + $0 }.joined(separator: ", "))
        Swift.print(String(format: "time       %.2f s", seconds))
    }

    /// The top 3 and bottom 3 departments of each period by the rank statistic, with their
    /// ranks (the bottom line only lists departments not already on the top line).
    private static func standings(batch: ProjectBatch, _ b: DepartmentBenchmarks) {
        let statistic = b.rankBy.rawValue.replacingOccurrences(of: "_", with: " ")
        for q in batch.periods.indices {
            let ranked = (0..<b.count).filter { Int(b.period[$0]) == q && b.rank[$0] != nil }.sorted { (b.rank[$0]!, $0) < (b.rank[$1]!, $1) }
            if ranked.isEmpty { continue }
            let top = ranked.prefix(3)
            let bottom = ranked.dropFirst(top.count).suffix(3)
            func list(_ rows: ArraySlice<Int>) -> String {
                rows.map { "\(b.rank[$0]!) \(batch.departments[Int(b.group[$0])]) \(Rounding.text(b.statistic($0), precision: b.precision))" }
                    .joined(separator: ", ")
            }
            let period = batch.periods[q].isEmpty ? "" : batch.periods[q] + " "
            Swift.print("top        \(period)by \(statistic): " + list(top))
            if !bottom.isEmpty { Swift.print("bottom     \(period)by \(statistic): " + list(bottom)) }
        }
    }
}
