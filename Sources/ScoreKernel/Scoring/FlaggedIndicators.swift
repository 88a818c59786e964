/// The indicator rows with a flag that flags.csv lists (every flag but `underachieved`, which
/// stays in indicator_scores.csv), with what flags.csv says of them: kept as rows stream past,
/// so that flags.csv is written without the rows. Few rows carry these flags.
struct FlaggedIndicators: Sendable {
    /// Per row, its project (an index of the batch once ``renumbered(_:)``).
    var project: [Int32] = []
    /// 三级指标.
    var name = TextColumn()
    var flags: [IndicatorFlags] = []
    var target: [Double] = []
    var actual: [Double] = []
    /// 得分 as filed, and its decimals.
    var enteredScore: [Double] = []
    var enteredScoreDecimals: [Int8] = []
    /// The recomputed score, in units.
    var score: [Int64] = []

    /// The flags flags.csv lists.
    static let listed = IndicatorFlags(rawValue: ~IndicatorFlags.underachieved.rawValue)

    var count: Int { project.count }

    init() {}

    /// The flagged rows of a scored batch, in CSR order.
    init(_ batch: ProjectBatch, _ scores: ScoreTable) {
        let ind = batch.indicators
        for q in 0..<batch.projects.count {
            for i in ind.range(ofProject: q) where !scores.indicatorFlags[i].isDisjoint(with: Self.listed) {
                append(ind, i, project: q, flags: scores.indicatorFlags[i], score: scores.indicatorScore[i])
            }
        }
    }

    /// Adds row `i` of `ind`, of `project`, when `flags` holds a listed flag.
    @inline(__always)
    mutating func append(_ ind: IndicatorColumns, _ i: Int, project q: Int, flags f: IndicatorFlags, score s: Int64) {
        guard !f.isDisjoint(with: Self.listed) else { return }
        project.append(Int32(q))
        ind.name.utf8(i).withUnsafeBufferPointer { name.append(utf8: $0) }
        flags.append(f)
        target.append(ind.target[i])
        actual.append(ind.actual[i])
        enteredScore.append(ind.enteredScore[i])
        enteredScoreDecimals.append(ind.enteredScoreDecimals[i])
        score.append(s)
    }

    /// Appends the rows of `other`.
    mutating func append(contentsOf other: FlaggedIndicators) {
        project += other.project
        name.append(contentsOf: other.name)
        flags += other.flags
        target += other.target
        actual += other.actual
        enteredScore += other.enteredScore
        enteredScoreDecimals += other.enteredScoreDecimals
        score += other.score
    }

    /// The rows with their projects renumbered through `newIndex` (project indices as read →
    /// the batch's, every one ≥ 0), in order of project and, within a project, of the file.
    func renumbered(_ newIndex: [Int]) -> FlaggedIndicators {
        // A stable counting sort by the new index.
        var next = [Int](repeating: 0, count: newIndex.count + 1)
        for q in project { next[newIndex[Int(q)] + 1] += 1 }
        for k in 0..<newIndex.count { next[k + 1] += next[k] }
        var order = [Int](repeating: 0, count: count)
        for (r, q) in project.enumerated() {
            let k = newIndex[Int(q)]
            order[next[k]] = r
            next[k] += 1
        }
        var out = FlaggedIndicators()
        out.project = order.map { Int32(newIndex[Int(project[$0])]) }
        out.name = name.gathered(order)
        out.flags = order.map { flags[$0] }
        out.target = order.map { target[$0] }
        out.actual = order.map { actual[$0] }
        out.enteredScore = order.map { enteredScore[$0] }
        out.enteredScoreDecimals = order.map { enteredScoreDecimals[$0] }
        out.score = order.map { score[$0] }
        return out
    }
}
