/// A run's limit-normalised ratios checked against a stored baseline, for CI gates.
///
/// Raw times move with the machine (another VM, a busy neighbour); the ratio to a limit measured
/// in the same run moves much less, so that is what is compared. A stage at a size regressed when
/// its ratio fell more than `tolerance` below the baseline's:
/// `current < baseline × (1 − tolerance)`. Improvements never fail the check. Stages and sizes
/// present on one side only are listed but not judged, so a `--quick` run can be compared with a
/// full baseline.
struct BaselineComparison: Equatable {
    /// One stage at one size present in both runs.
    struct Entry: Equatable {
        var key: StageKey
        var baseline: Double
        var current: Double
        var regressed: Bool
        /// current ÷ baseline − 1: −0.3 is 30 % behind.
        var change: Double { current / baseline - 1 }
    }

    var tolerance: Double
    /// Every stage and size compared, ordered by size then name.
    var entries: [Entry]
    /// In this run but not in the baseline.
    var newInRun: [StageKey]
    /// In the baseline but not run this time.
    var notRun: [StageKey]

    var regressions: [Entry] { entries.filter(\.regressed) }
    /// True when something was compared and nothing regressed.
    var passed: Bool { !entries.isEmpty && regressions.isEmpty }

    /// Compares ratios keyed by stage and size. Baseline ratios that are not positive and
    /// finite cannot be fallen behind and are skipped as if absent.
    init(current: [StageKey: Double], baseline: [StageKey: Double], tolerance: Double) {
        self.tolerance = tolerance
        let usable = baseline.filter { $0.value.isFinite && $0.value > 0 }
        entries = current.keys.filter { usable[$0] != nil }.sorted().map { key in
            let (b, c) = (usable[key]!, current[key]!)
            return Entry(key: key, baseline: b, current: c, regressed: !(c >= b * (1 - tolerance)))
        }
        newInRun = current.keys.filter { usable[$0] == nil }.sorted()
        notRun = usable.keys.filter { current[$0] == nil }.sorted()
    }

    /// Compares the median-time ratios of two reports.
    init(current: BenchReport, baseline: BenchReport, tolerance: Double) {
        func ratios(_ r: BenchReport) -> [StageKey: Double] {
            Dictionary(r.results.map { ($0.key, $0.ratio) }, uniquingKeysWith: { first, _ in first })
        }
        self.init(current: ratios(current), baseline: ratios(baseline), tolerance: tolerance)
    }

    /// The comparison table and a verdict naming every stage that fell behind.
    func render() -> String {
        var table = TextTable([("stage", .left), ("baseline", .right), ("now", .right), ("change", .right),
                               ("", .left)])
        for e in entries {
            table.append([e.key.description, Format.significant(e.baseline), Format.significant(e.current),
                          Self.percent(e.change), e.regressed ? "REGRESSED" : "ok"])
        }
        var lines = ["comparison with baseline (ratio to limit, tolerance \(Self.percent(tolerance, sign: false)))", table.render()]
        if !newInRun.isEmpty { lines.append("not in the baseline: " + newInRun.map(\.description).joined(separator: ", ")) }
        if !notRun.isEmpty { lines.append("in the baseline, not run: " + notRun.map(\.description).joined(separator: ", ")) }
        if entries.isEmpty {
            lines.append("FAIL: no stage and size in common with the baseline, nothing was checked")
        } else if regressions.isEmpty {
            lines.append("PASS: \(entries.count) compared, none more than \(Self.percent(tolerance, sign: false)) behind")
        } else {
            lines.append("FAIL: fell behind the baseline by more than \(Self.percent(tolerance, sign: false)): "
                + regressions.map { "\($0.key) (\(Self.percent($0.change)))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private static func percent(_ x: Double, sign: Bool = true) -> String {
        (sign && x >= 0 ? "+" : "") + Format.significant(x * 100, digits: 2) + " %"
    }
}
