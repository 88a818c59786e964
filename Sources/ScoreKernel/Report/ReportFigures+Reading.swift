import Foundation

extension ReportFigures {
    typealias Column = ResultTableReader.Column

    /// Reads the result files in `folders` (each file from the first folder that has it) for
    /// `period`, or for the latest period when nil. project_scores.csv and departments.csv are
    /// required; the others add their sections when present.
    ///
    /// - Throws: ``InputRejected`` naming file, line and column when a file is missing, not a
    ///   result table, or does not match the others (another run's departments, an unknown period).
    ///
    /// `progress` is told the bytes read (stage `reading`) as each part of a table is done.
    init(folders: [String], period: String?, parts: Int, progress: (@Sendable (RunProgress) -> Void)? = nil) throws(InputRejected) {
        var read: [String] = []
        let paths = Self.tableNames.compactMap { ResultTableReader.find($0, in: folders) }
        let total = paths.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        let counter = progress.map { report in
            ByteCounter(bytes: 0, rows: 0) { bytes, _ in
                report(RunProgress(stage: .reading, fraction: Double(bytes) / Double(max(total, 1)), bytes: bytes))
            }
        }
        try self.init(period: period, parts: parts) { (name) throws(InputRejected) in
            guard let path = ResultTableReader.find(name, in: folders) else { return nil }
            read.append(URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            var table = try ResultTableReader(path: path)
            if let counter { table.partDone = { counter.add($0, rows: 0) } }
            return table
        } missing: { name in
            "is in none of \(folders.joined(separator: ", ")); the report needs the results of `evalcli score` (with project_scores and departments among --outputs)"
        }
        sources = read
    }

    /// Reads the tables `open` gives by file name (nil: the run did not write it); `missing`
    /// says why a required one is absent. The large tables (project_scores, flags, rank
    /// intervals, grade margins) are read in up to `parts` parts at once and the parts merged;
    /// the figures and the first error do not depend on how many.
    init(period: String?, parts: Int, open: (String) throws(InputRejected) -> ResultTableReader?, missing: (String) -> String)
        throws(InputRejected)
    {
        self.parts = parts
        func table(_ name: String, required: Bool = false) throws(InputRejected) -> ResultTableReader? {
            guard let table = try open(name) else {
                guard !required else {
                    throw ResultTableReader.rejected(Diagnostic(.error, rule: .unreadableFile, file: name, message: missing(name)))
                }
                return nil
            }
            return table
        }
        var interner = ByteInterner()
        try readDepartments(try table("departments.csv", required: true)!, period: period, interner: &interner)
        try readProjects(try table("project_scores.csv", required: true)!, interner: interner)
        if let t = try table("department_categories.csv") { try readCategories(t, interner: interner) }
        if let t = try table("flags.csv") { try readFlags(t) }
        if let t = try table("scenarios.csv") { try readScenarios(t) }
        if let t = try table("department_rank_intervals.csv") { try readRankIntervals(t) }
        if let t = try table("rank_intervals.csv") { try readCertainty(t) }
        if let t = try table("grade_margins.csv") { try readMargins(t) }
        if let t = try table("application_totals.csv") { try readApplication(t) }
        chinese = chinese || departments.contains { $0.name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
    }

    /// The tables the report reads (the `report` fuzz harness picks one by its index).
    static let tableNames = ["project_scores.csv", "departments.csv", "department_categories.csv", "flags.csv", "scenarios.csv",
                             "department_rank_intervals.csv", "rank_intervals.csv", "grade_margins.csv", "application_totals.csv"]

    private static let periodColumn = Column(en: "period", zh: "年度")

    /// Whether the row's period cell is `period`.
    private static func inPeriod(_ row: ResultTableReader.Row, _ period: [UInt8]) -> Bool {
        row.withValue(0) { key in key.count == period.count && (period.isEmpty || memcmp(key.baseAddress!, period, period.count) == 0) }
    }

    /// An error when a table of `rows` rows for the period does not match the `expected` count
    /// of the score results: files of another run, or of another period.
    private func check(_ table: ResultTableReader, rows: Int, expected: Int, of what: String) throws(InputRejected) {
        guard rows != expected else { return }
        let p = period.isEmpty ? "\"\"" : period
        throw ResultTableReader.rejected(Diagnostic(
            .error, rule: .inconsistent, file: table.file,
            message: "has \(rows) \(what) of period \(p), the score results \(expected): the files are not from one run"))
    }

    /// The department of column `c`, by its index in ``departments``.
    private func department(_ row: ResultTableReader.Row, _ c: Int, _ interner: ByteInterner) throws(InputRejected) -> Int {
        guard let d = row.withValue(c, interner.find) else {
            throw row.error(c, .unknownDepartment, "is not in departments.csv for \(period); are the files from one run?")
        }
        return Int(d)
    }

    /// departments.csv: the period chosen, and the departments ranked.
    private mutating func readDepartments(_ table: ResultTableReader, period wanted: String?, interner: inout ByteInterner)
        throws(InputRejected)
    {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "department", zh: "部门"), Column(en: "projects", zh: "项目数"),
                       Column(en: "execution_rate", zh: "预算执行率"), Column(en: "mean", zh: "平均分"),
                       Column(en: "weighted_mean", zh: "资金加权平均分"), Column(en: "median", zh: "中位数"),
                       Column(en: "q1", zh: "下四分位数"), Column(en: "q3", zh: "上四分位数"), Column(en: "p10", zh: "第10百分位数"),
                       Column(en: "p90", zh: "第90百分位数"), Column(en: "rank", zh: "排名"), Column(en: "below_average", zh: "低于平均")]
        var rows: [(period: String, department: Department)] = []
        try table.rows(columns) { (r) throws(InputRejected) in
            func shown(_ c: Int, _ decimals: Int) throws(InputRejected) -> Shown { Shown(try r.number(c), decimals: decimals) }
            let department = Department(
                name: r.text(1), projects: try r.count(2), rank: try r.count(11),
                mean: try shown(4, 2), weightedMean: try shown(5, 2), median: try shown(6, 2), q1: try shown(7, 2),
                q3: try shown(8, 2), p10: try shown(9, 2), p90: try shown(10, 2),
                executionRate: try r.number(3).map { Shown(units: $0.units(roundedTo: 4), decimals: 2) } ?? Shown(nil, decimals: 2),
                belowAverage: try r.flag(12))
            rows.append((r.text(0), department))
        }
        guard !rows.isEmpty else {
            throw ResultTableReader.rejected(Diagnostic(.error, rule: .emptyFile, file: table.file, message: "has no department"))
        }
        for row in rows where !periods.contains(row.period) { periods.append(row.period) }
        // The scheme's grade bands, best first, from the count and share columns departments.csv
        // has for each (n_<name>, share_<name>; <label>项目数, <label>占比(%) in Chinese), so
        // that a band no project is in still shows.
        let known = GradePreset.allCases.flatMap(\.bands)
        for (h, next) in zip(table.headers, table.headers.dropFirst()) {
            if h.hasPrefix("n_"), next == "share_" + h.dropFirst(2) {
                let name = String(h.dropFirst(2))
                grades.append(Grade(name: name, label: known.first { $0.name == name }?.label ?? name))
            } else if h.hasSuffix("项目数"), next == h.dropLast(3) + "占比(%)" {
                grades.append(Grade(name: "", label: String(h.dropLast(3))))
            }
        }
        gradesFromHeader = !grades.isEmpty
        if let wanted {
            guard periods.contains(wanted) else {
                throw ResultTableReader.rejected(Diagnostic(
                    .error, rule: .unknownValue, file: table.file, column: "period", value: wanted,
                    message: "is not a period of the results (\(periods.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ")))"))
            }
            period = wanted
        } else {
            // The latest: by date where the periods are dates (2023 < 2024-06 < 2024), else the last written.
            period = periods.last ?? ""
            for p in periods {
                if let a = PeriodDate(p), let b = PeriodDate(period), (a.year, a.month ?? 12) > (b.year, b.month ?? 12) { period = p }
            }
        }
        departments = rows.filter { $0.period == period }.map(\.department).sorted { ($0.rank, $0.name) < ($1.rank, $1.name) }
        for d in departments { _ = interner.intern(d.name) }
        lights = Array(repeating: [0, 0, 0], count: departments.count)
    }

    /// What one part of project_scores.csv adds up to.
    private struct ProjectTally {
        var projects = 0
        var budget: Int128 = 0
        var executed: Int128 = 0
        var grades: [Grade] = []
        var gradeKeys = ByteInterner()
        var histogram: [Int] = []
        var density = [Int](repeating: 0, count: densityBins * densityBins)
        var densityMissing = 0
        var gapBands = [0, 0, 0, 0]
        var lights: [[Int]]
        var perDepartment: [Int]
    }

    /// project_scores.csv: the batch at a glance and the 双监控 aggregates, one pass.
    private mutating func readProjects(_ table: ResultTableReader, interner: ByteInterner) throws(InputRejected) {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "department", zh: "部门"), Column(en: "budget", zh: "全年预算数"),
                       Column(en: "executed", zh: "全年执行数"), Column(en: "execution_rate", zh: "预算执行率"),
                       Column(en: "completion_rate", zh: "绩效目标完成率"), Column(en: "total", zh: "总分"), Column(en: "grade", zh: "等级"),
                       Column(en: "grade_label", zh: "等级名称"), Column(en: "execution_completion_gap", zh: "偏离度"),
                       Column(en: "progress_light", zh: "进度灯")]
        let period = Array(self.period.utf8)
        let bins = Self.densityBins
        let lightWords: [[UInt8]] = ["red", "yellow", "green", "红", "黄", "绿"].map { Array($0.utf8) }
        let pieces = try table.rows(columns, parts: parts, state: ProjectTally(lights: lights, perDepartment: Array(repeating: 0, count: departments.count))) { (t, r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            t.projects += 1
            let d = try department(r, 1, interner)
            t.perDepartment[d] += 1
            t.budget += try r.number(2)?.units(roundedTo: 6) ?? 0
            t.executed += try r.number(3)?.units(roundedTo: 6) ?? 0
            guard let score = try r.number(6) else { throw r.error(6, .emptyValue, "is empty; every project has a total") }
            let total = score.units(roundedTo: 6)
            guard total >= 0 && total <= 1_000_000_000 else { throw r.error(6, .scoreRange, "is not a total score (0 to 1,000)") }
            let (g, inserted) = t.gradeKeys.intern(r.key(7))
            if inserted { t.grades.append(Grade(name: r.text(7), label: r.text(8))) }
            t.grades[Int(g)].count += 1
            t.grades[Int(g)].best = max(t.grades[Int(g)].best, total)
            let point = Int(total / 1_000_000)
            if point >= t.histogram.count { t.histogram += Array(repeating: 0, count: point + 1 - t.histogram.count) }
            t.histogram[point] += 1
            if let x = try r.number(4), let y = try r.number(5) {
                // 0.05-wide cells: a rate in units of 10^-4, over 500.
                let cx = min(bins - 1, Int(max(0, x.units(roundedTo: 4)) / 500)), cy = min(bins - 1, Int(max(0, y.units(roundedTo: 4)) / 500))
                t.density[cy * bins + cx] += 1
            } else {
                t.densityMissing += 1
            }
            if let gap = try r.number(9) {
                let points = gap.units(roundedTo: 2).magnitude  // hundredths of a point
                t.gapBands[points <= 1000 ? 0 : points <= 2000 ? 1 : points <= 3000 ? 2 : 3] += 1
            }
            let light = r.key(10)
            if let w = lightWords.firstIndex(where: { $0.elementsEqual(light) }) { t.lights[d][w % 3] += 1 }
        }
        density = Array(repeating: 0, count: bins * bins)
        var perDepartment = Array(repeating: 0, count: departments.count)
        for t in pieces {
            projects += t.projects
            budget += t.budget
            executed += t.executed
            for g in t.grades {
                // A band of the header, by its name (English) or label (Chinese); else a new one.
                guard let k = grades.firstIndex(where: { $0.name == g.name || ($0.name.isEmpty && $0.label == g.label) }) else {
                    grades.append(g)
                    continue
                }
                grades[k].name = g.name
                grades[k].label = g.label
                grades[k].count += g.count
                grades[k].best = max(grades[k].best, g.best)
            }
            for d in departments.indices { perDepartment[d] += t.perDepartment[d] }
            if t.histogram.count > histogram.count { histogram += Array(repeating: 0, count: t.histogram.count - histogram.count) }
            for (k, n) in t.histogram.enumerated() { histogram[k] += n }
            for k in density.indices { density[k] += t.density[k] }
            densityMissing += t.densityMissing
            for b in 0..<4 { gapBands[b] += t.gapBands[b] }
            for d in lights.indices { for c in 0..<3 { lights[d][c] += t.lights[d][c] } }
        }
        guard projects > 0 else {
            throw ResultTableReader.rejected(Diagnostic(.error, rule: .emptyFile, file: table.file,
                                                        message: "has no project of period \(self.period.isEmpty ? "\"\"" : self.period)"))
        }
        for (d, department) in departments.enumerated() where perDepartment[d] != department.projects {
            throw ResultTableReader.rejected(Diagnostic(
                .error, rule: .inconsistent, file: table.file, column: "department", value: department.name,
                message: "has \(perDepartment[d]) projects of this department in period \(self.period), departments.csv \(department.projects): the files are not from one run"))
        }
        // Without the header's bands (a file not written by score), best first by the highest total seen.
        if !gradesFromHeader { grades.sort { $0.best > $1.best } }
    }

    /// department_categories.csv: the department × category heat map.
    private mutating func readCategories(_ table: ResultTableReader, interner: ByteInterner) throws(InputRejected) {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "department", zh: "部门"), Column(en: "category", zh: "指标类别"),
                       Column(en: "mean_achievement", zh: "平均完成度")]
        let period = Array(self.period.utf8)
        var cells: [(Int, Int, Shown)] = []
        try table.rows(columns) { (r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            let d = try department(r, 1, interner)
            let name = CategoryName.code(r.text(2))
            if !categories.contains(name) { categories.append(name) }
            // Achievement as a percentage with 1 decimal: the ratio rounded at 3.
            let shown = try r.number(3).map { Shown(units: $0.units(roundedTo: 3), decimals: 1) } ?? Shown(nil, decimals: 1)
            cells.append((d, categories.firstIndex(of: name)!, shown))
        }
        achievement = Array(repeating: Array(repeating: nil, count: categories.count), count: departments.count)
        for (d, k, s) in cells { achievement[d][k] = s }
    }

    /// flags.csv: rows per flag code.
    private mutating func readFlags(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        hasFlags = true
        let period = Array(self.period.utf8)
        let pieces = try table.rows([Self.periodColumn, Column(en: "code", zh: "标记代码")], parts: parts,
                                   state: ([FlagCount](), ByteInterner())) { (s, r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            let (c, inserted) = s.1.intern(r.key(1))
            if inserted { s.0.append(FlagCount(code: r.text(1), count: 0)) }
            s.0[Int(c)].count += 1
        }
        for (counts, _) in pieces {
            for f in counts {
                if let k = flags.firstIndex(where: { $0.code == f.code }) { flags[k].count += f.count } else { flags.append(f) }
            }
        }
        flags.sort { ($0.count, $1.code) > ($1.count, $0.code) }
    }

    /// scenarios.csv: grade counts and Spearman ρ per scenario; beyond ``scenariosListed``, the
    /// named scenarios and the minimum, median and maximum over the rest.
    private mutating func readScenarios(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        var columns = [Self.periodColumn, Column(en: "scenario", zh: "情景"), Column(en: "spearman", zh: "斯皮尔曼相关系数")]
        columns += grades.map { Column(en: "n_\($0.name)", zh: "\($0.label)项目数") }
        let period = Array(self.period.utf8)
        var rows: [Scenario] = []
        try table.rows(columns) { (r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            var counts: [Int] = []
            for g in grades.indices { counts.append(try r.count(3 + g)) }
            try check(table, rows: counts.reduce(0, +), expected: projects, of: "projects in scenario \(r.text(1))")
            rows.append(Scenario(name: r.text(1), gradeCounts: counts, spearman: Shown(try r.number(2), decimals: 4)))
        }
        guard !rows.isEmpty else {
            throw ResultTableReader.rejected(Diagnostic(
                .error, rule: .inconsistent, file: table.file,
                message: "has no scenario of period \(self.period.isEmpty ? "\"\"" : self.period), the score results' period: the files are not from one run"))
        }
        scenarioCount = rows.count
        let named = rows.prefix { $0.name == "as_filed" || $0.name == "scheme" }
        guard rows.count > Self.scenariosListed, named.count < rows.count else {
            scenarios = rows
            return
        }
        // as_filed and scheme stay; the sampled or grid scenarios are summarised.
        let rest = rows.dropFirst(named.count)
        scenarios = Array(named)
        let rho = rest.compactMap { $0.spearman.value.isNaN ? nil : $0.spearman }.sorted { $0.value < $1.value }
        for (label, pick) in [("min", 0), ("median", 1), ("max", 2)] {
            // The position in a sorted column of `n`: first, lower middle, last.
            func at(_ n: Int) -> Int { pick == 0 ? 0 : pick == 1 ? (n - 1) / 2 : n - 1 }
            let counts = grades.indices.map { g in rest.map { $0.gradeCounts[g] }.sorted()[at(rest.count)] }
            let spearman = rho.isEmpty ? Shown(nil, decimals: 4) : rho[at(rho.count)]
            scenarios.append(Scenario(name: label, gradeCounts: counts, spearman: spearman))
        }
    }

    /// department_rank_intervals.csv: the caterpillar plot, by median rank.
    private mutating func readRankIntervals(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "department", zh: "部门"), Column(en: "baseline_rank", zh: "基准排名"),
                       Column(en: "median_rank", zh: "排名中位数"), Column(en: "p05_rank", zh: "排名第5百分位数"),
                       Column(en: "p95_rank", zh: "排名第95百分位数")]
        let period = Array(self.period.utf8)
        try table.rows(columns) { (r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            rankIntervals.append(RankInterval(department: r.text(1), baseline: try r.count(2), median: Shown(try r.number(3), decimals: 1),
                                              p05: Shown(try r.number(4), decimals: 1), p95: Shown(try r.number(5), decimals: 1)))
        }
        try check(table, rows: rankIntervals.count, expected: departments.count, of: "departments")
        rankIntervals.sort { ($0.median.value, $0.baseline) < ($1.median.value, $1.baseline) }
    }

    /// The ``listed`` projects with the smallest measure (then the smallest file line), kept
    /// while reading; parts merge into the same list as one pass would make.
    private struct SmallestList {
        var items: [UncertainProject] = []
        var measures: [Int128] = []

        mutating func offer(_ measure: Int128, line: Int, _ make: () -> UncertainProject) {
            if items.count == listed, (measure, line) >= (measures[listed - 1], items[listed - 1].line) { return }
            let at = measures.indices.firstIndex { (measure, line) < (measures[$0], items[$0].line) } ?? items.count
            items.insert(make(), at: at)
            measures.insert(measure, at: at)
            if items.count > listed {
                items.removeLast()
                measures.removeLast()
            }
        }

        mutating func merge(_ other: SmallestList) {
            for (k, p) in other.items.enumerated() { offer(other.measures[k], line: p.line) { p } }
        }
    }

    /// rank_intervals.csv: projects by how certain their grade is, and the least certain.
    private mutating func readCertainty(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        var columns = [Self.periodColumn, Column(en: "project_id", zh: "项目编码"), Column(en: "department", zh: "部门")]
        columns += grades.map { Column(en: "prob_\($0.name)", zh: "\($0.label)概率") }
        let period = Array(self.period.utf8)
        let grades = self.grades
        let bands = [Int](repeating: 0, count: Self.certaintyBounds.count)
        // A part's state: the bands, the list, and the row's probabilities (one buffer, reused).
        let pieces = try table.rows(columns, parts: parts, state: (bands, SmallestList(), [Int128]())) { (s, r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            s.2.removeAll(keepingCapacity: true)
            for g in grades.indices { s.2.append(try r.number(3 + g)?.units(roundedTo: 3) ?? 0) }
            let probabilities = s.2
            let top = probabilities.indices.max { (probabilities[$0], $1) < (probabilities[$1], $0) }!
            let most = probabilities[top]
            s.0[Self.certaintyBounds.firstIndex { most >= Int128($0) }!] += 1
            s.1.offer(most, line: r.line) {
                let second = probabilities.indices.filter { $0 != top }.max { (probabilities[$0], $1) < (probabilities[$1], $0) }
                return UncertainProject(
                    projectID: r.text(1), department: r.text(2), grade: grades[top].name, measure: Shown(units: most, decimals: 3),
                    next: second.map { (grades[$0].name, Shown(units: probabilities[$0], decimals: 3)) }, line: r.line)
            }
        }
        certaintyBands = bands
        var least = SmallestList()
        for (counts, list, _) in pieces {
            for k in counts.indices { certaintyBands[k] += counts[k] }
            least.merge(list)
        }
        try check(table, rows: certaintyBands.reduce(0, +), expected: projects, of: "projects")
        leastCertain = least.items
    }

    /// grade_margins.csv: the projects nearest a grade boundary by weight change.
    private mutating func readMargins(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "project_id", zh: "项目编码"), Column(en: "department", zh: "部门"),
                       Column(en: "grade", zh: "等级"), Column(en: "margin_down", zh: "降等最小权重变化"),
                       Column(en: "margin_up", zh: "升等最小权重变化"), Column(en: "toward_down", zh: "降等增加权重"),
                       Column(en: "toward_up", zh: "升等增加权重")]
        let period = Array(self.period.utf8)
        let pieces = try table.rows(columns, parts: parts, state: (SmallestList(), 0)) { (s, r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            s.1 += 1
            let down = try r.number(4)?.units(roundedTo: 4), up = try r.number(5)?.units(roundedTo: 4)
            guard down != nil || up != nil else { return }
            let towardDown = down != nil && (up == nil || down! <= up!)
            let margin = towardDown ? down! : up!
            s.0.offer(margin, line: r.line) {
                UncertainProject(projectID: r.text(1), department: r.text(2), grade: r.text(3), measure: Shown(units: margin, decimals: 4),
                                 toward: (towardDown, r.text(towardDown ? 6 : 7)), line: r.line)
            }
        }
        var smallest = SmallestList()
        for (list, _) in pieces { smallest.merge(list) }
        try check(table, rows: pieces.reduce(0) { $0 + $1.1 }, expected: projects, of: "projects")
        smallestMargins = smallest.items
    }

    /// application_totals.csv: each rule's total row, and per department all rules together.
    private mutating func readApplication(_ table: ResultTableReader) throws(InputRejected) {
        chinese = chinese || table.chinese
        let columns = [Self.periodColumn, Column(en: "rule", zh: "规则"), Column(en: "department", zh: "部门"),
                       Column(en: "deducted", zh: "扣减金额"), Column(en: "rewarded", zh: "奖励金额"), Column(en: "listed", zh: "列入名单数"),
                       Column(en: "remainder", zh: "资金池余额")]
        let period = Array(self.period.utf8)
        var byDepartment: [String: Int] = [:]
        try table.rows(columns) { (r) throws(InputRejected) in
            guard Self.inPeriod(r, period) else { return }
            let deducted = try r.number(3)?.units(roundedTo: 2) ?? 0, rewarded = try r.number(4)?.units(roundedTo: 2) ?? 0
            let listed = try r.count(5, empty: 0)
            if r.isEmpty(2) {
                rules.append(RuleTotal(rule: r.text(1), deducted: deducted, rewarded: rewarded, listed: listed,
                                       remainder: try r.number(6)?.units(roundedTo: 2)))
                return
            }
            let name = r.text(2)
            let d = byDepartment[name] ?? {
                applicationDepartments.append(DepartmentTotal(department: name, deducted: 0, rewarded: 0, listed: 0))
                byDepartment[name] = applicationDepartments.count - 1
                return applicationDepartments.count - 1
            }()
            applicationDepartments[d].deducted += deducted
            applicationDepartments[d].rewarded += rewarded
            applicationDepartments[d].listed += listed
        }
        applicationDepartments.sort { ($0.deducted, $1.department) > ($1.deducted, $0.department) }
        applicationDepartments = Array(applicationDepartments.prefix(Self.listed))
    }
}
