/// What a read found, in counts: the batch's size and shape and the problems (`evalcli
/// validate`).
public struct InputSummary: Sendable {
    /// How many projects were accepted.
    public let projects: Int
    /// How many departments they belong to.
    public let departments: Int
    /// The periods, in order of first appearance ("" when the files have none).
    public let periods: [String]
    /// How many indicator rows they have.
    public let indicators: Int
    /// Indicators per level-1 category, by code.
    public let byLevel1: [(code: String, count: Int)]
    /// Indicators per direction (only the directions that occur), by code.
    public let byDirection: [(code: String, count: Int)]
    /// Every warning; in lenient mode also every error of the excluded projects.
    public let diagnostics: Diagnostics
    /// Projects left out in lenient mode.
    public let excludedProjects: Int
    /// Indicator rows left out in lenient mode (their own errors, or their project's).
    public let excludedIndicators: Int

    init(_ batch: ProjectBatch, _ tally: IndicatorTally, diagnostics: Diagnostics, excludedProjects: Int, excludedIndicators: Int) {
        projects = batch.projects.count
        departments = batch.departments.count
        periods = batch.periods
        indicators = tally.rows
        byLevel1 = Level1.allCases.map { ($0.code, tally.byLevel1[Int($0.rawValue)]) }
        byDirection = Direction.allCases.filter { tally.byDirection[Int($0.rawValue)] > 0 }.map { ($0.code, tally.byDirection[Int($0.rawValue)]) }
        self.diagnostics = diagnostics
        self.excludedProjects = excludedProjects
        self.excludedIndicators = excludedIndicators
    }
}

extension Evaluation {
    /// Reads and checks the two files without scoring them (`evalcli validate`).
    ///
    /// - Throws: ``InputRejected`` as ``init(projectsPath:indicatorsPath:options:)`` does.
    public static func validate(projectsPath: String, indicatorsPath: String, options: Options = Options())
        throws(InputRejected) -> InputSummary
    {
        // Streamed: the rows are counted as they are read, and none is kept.
        var tally = IndicatorTally()
        let reader = BatchReader(scheme: options.scheme, mode: options.lenient ? .lenient : .strict, threads: options.threads,
                                 progress: options.progress)
        let read = try reader.stream(projectsPath: projectsPath, indicatorsPath: indicatorsPath) {
            tally = IndicatorTally()
        } rows: { parts, _ in
            for part in parts {
                for r in 0..<part.count where part.project[r] >= 0 { tally.add(part.columns, r, flags: []) }
            }
        }.result
        return InputSummary(read.batch, tally, diagnostics: read.diagnostics, excludedProjects: read.excludedProjects,
                            excludedIndicators: read.excludedIndicators)
    }

    /// The run in a few numbers (SPEC §10's terminal summary): counts, grade distribution, the
    /// departments at the top and bottom of each period, the most frequent flags.
    public var summary: RunSummary { RunSummary(self) }
}

/// An evaluation in a few numbers, for a terminal or a log.
public struct RunSummary: Sendable {
    /// One grade band and how many projects it holds.
    public struct GradeCount: Sendable {
        /// The band.
        public let band: GradeBand
        /// How many projects' totals fall in it.
        public let projects: Int
        /// Percent of all projects.
        public let share: Double
    }

    /// The departments ranked first and last in one period by the scheme's rank statistic.
    public struct Standing: Sendable {
        /// One department: its rank, name and statistic, rounded at the scheme's precision.
        public struct Entry: Sendable {
            /// The department's rank in its period.
            public let rank: Int
            /// Its name.
            public let department: String
            /// Its statistic, written at the scheme's precision.
            public let statistic: String
        }

        /// The period ("" when the files have none).
        public let period: String
        /// The statistic ranked on (`mean`, `weighted_mean`, `median`).
        public let statistic: String
        /// The first three.
        public let top: [Entry]
        /// The last three, not already in ``top``.
        public let bottom: [Entry]
    }

    /// What was read.
    public let input: InputSummary
    /// Every grade band, highest first, with its projects.
    public let grades: [GradeCount]
    /// Per period with ranked departments, the top and bottom of the ranking.
    public let standings: [Standing]
    /// Every flag code raised, with how often: most frequent first, then by code.
    public let flags: [(code: FlagCode, count: Int)]

    init(_ e: Evaluation) {
        let tally = e.indicatorTally
        input = InputSummary(e.batch, tally, diagnostics: e.diagnostics, excludedProjects: e.excludedProjects,
                             excludedIndicators: e.excludedIndicators)
        let n = e.batch.projects.count
        let scores = e.scores
        var gradeCounts = [Int](repeating: 0, count: scores.grades.bands.count)
        // Flags counted by bit, then named: no array or dictionary per project or indicator row.
        var projectBits = [Int](repeating: 0, count: 64)
        func count(_ raw: UInt64, into bits: inout [Int]) {
            var rest = raw
            while rest != 0 {
                bits[rest.trailingZeroBitCount] += 1
                rest &= rest - 1
            }
        }
        for q in 0..<n {
            gradeCounts[Int(scores.grade[q])] += 1
            count(UInt64(scores.projectFlags[q].union(e.deviations.flags[q]).rawValue), into: &projectBits)
        }
        var flagCounts: [FlagCode: Int] = [:]
        for (flag, info) in ProjectFlags.catalogue where projectBits[flag.rawValue.trailingZeroBitCount] > 0 {
            flagCounts[info.code, default: 0] += projectBits[flag.rawValue.trailingZeroBitCount]
        }
        for (flag, info) in IndicatorFlags.catalogue where tally.flagBits[flag.rawValue.trailingZeroBitCount] > 0 {
            flagCounts[info.code, default: 0] += tally.flagBits[flag.rawValue.trailingZeroBitCount]
        }
        grades = scores.grades.bands.indices.map { k in
            GradeCount(band: scores.grades.bands[k], projects: gradeCounts[k], share: n == 0 ? 0 : 100 * Double(gradeCounts[k]) / Double(n))
        }
        flags = flagCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }

        let b = e.departments.benchmarks
        standings = e.batch.periods.indices.compactMap { q in
            let ranked = (0..<b.count).filter { Int(b.period[$0]) == q && b.rank[$0] != nil }.sorted { (b.rank[$0]!, $0) < (b.rank[$1]!, $1) }
            guard !ranked.isEmpty else { return nil }
            let entry = { (r: Int) in
                Standing.Entry(rank: b.rank[r]!, department: e.batch.departments[Int(b.group[r])],
                               statistic: Rounding.text(b.statistic(r), precision: b.precision))
            }
            let top = ranked.prefix(3)
            return Standing(period: e.batch.periods[q], statistic: b.rankBy.rawValue, top: top.map(entry),
                            bottom: ranked.dropFirst(top.count).suffix(3).map(entry))
        }
    }
}
