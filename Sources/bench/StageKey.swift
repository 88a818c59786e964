/// A stage at a size: what a run and a baseline are matched on.
struct StageKey: Hashable, Comparable, CustomStringConvertible {
    var stage: String
    var projects: Int

    static func < (l: StageKey, r: StageKey) -> Bool {
        (l.projects, l.stage) < (r.projects, r.stage)
    }

    /// `ingest @ 100,000`.
    var description: String { "\(stage) @ \(Format.grouped(projects))" }
}
