import Foundation
import ScoreKernel

/// The short run summary on the terminal (SPEC §10): counts, grade distribution, top flags,
/// time taken.
enum Summary {
    static func print(batch: ProjectBatch, scores: ScoreTable, deviations: ProjectDeviations, read: BatchReader.Result, files: [String], out: String, seconds: Double) {
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
        let top = flagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        Swift.print("flags      " + (top.isEmpty ? "none" : top.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        Swift.print("wrote      " + files.map { out + "/" + $0 }.joined(separator: ", "))
        Swift.print(String(format: "time       %.2f s", seconds))
    }
}
