/// The terminal view of a report: the machine, its limits, one row per stage and size.
extension BenchReport {
    func renderTable() -> String {
        var limitTable = TextTable([("limit", .left), ("threads", .right), ("best", .right),
                                    ("median", .right), ("unit", .left)])
        for m in limits.measurements {
            limitTable.append([m.kind.rawValue, "\(m.threads)", Format.significant(m.best),
                               Format.significant(m.median), m.unit])
        }

        var stageTable = TextTable([
            ("stage", .left), ("projects", .right), ("thr", .right), ("median", .right), ("min", .right),
            ("projects/s", .right), ("throughput", .right), ("", .left), ("limit", .left), ("ratio", .right),
            ("best", .right),
        ])
        for r in results {
            stageTable.append([
                r.stage, Format.grouped(r.projects), "\(r.threads)", Format.duration(r.seconds.median),
                Format.duration(r.seconds.min), Format.compact(r.projectsPerSecond), Format.significant(r.throughput),
                r.unit, "\(r.limit.kind.label(threads: r.limit.threads)) \(Format.significant(r.limit.value)) \(r.limit.unit)",
                Format.significant(r.ratio), Format.significant(r.ratioBest),
            ])
        }
        let notes = (warnings ?? []).map { "\nWARNING: \($0)" }.joined()
        return """
            machine: \(machine.summary)\(notes)
            seed \(seed), \(warmup) warm-up + \(repeats) repeats; times and throughput at the median (min: fastest); \
            ratio = throughput ÷ limit (best: at the min)

            \(limitTable.render())

            \(stageTable.render())
            """
    }
}
