import Glibc

/// Writes a realistic projects.csv and indicators.csv (SPEC §11): 40–120 departments, 6–20
/// indicators per project with points 50/30/10 plus 10 for execution, skewed execution rates,
/// reverse, range and qualitative indicators, targets written with prefixes, projects without
/// satisfaction indicators, self and review scores for a share of projects.
///
/// Deterministic: projects are made in blocks of 4,096, block `b` from
/// `SplitMix64(seed:stream: b)`, using integer and IEEE-754 arithmetic only, so the same seed
/// gives byte-identical files on any machine and any thread count.
public struct BatchGenerator: Sendable {
    let projectCount: Int
    let seed: UInt64
    let language: OutputLanguage
    let period: String
    let threads: Int

    static let blockSize = 4096

    /// A generator of `projects` projects from `seed`, with headers in `language` (English codes
    /// or the forms' Chinese names) and `period` on every row; `threads` workers make the blocks.
    public init(projects: Int, seed: UInt64, language: OutputLanguage = .en, period: String = "2024", threads: Int = 2) {
        self.projectCount = projects
        self.seed = seed
        self.language = language
        self.period = period
        self.threads = max(1, threads)
    }

    /// Writes both files, each whole or not at all (written beside its name, then renamed);
    /// `progress` is told the projects written so far.
    public func write(projectsPath: String, indicatorsPath: String, progress: (Int) -> Void = { _ in }) throws(OutputError) {
        let paths = [projectsPath, indicatorsPath]
        let partial = paths.map { $0 + ".partial-\(getpid())" }
        defer { for p in partial { unlink(p) } }
        let projectsFile = try OutputFile(creating: partial[0])
        let indicatorsFile = try OutputFile(creating: partial[1])
        try projectsFile.write(header(Self.projectHeaders))
        try indicatorsFile.write(header(Self.indicatorHeaders))
        let blocks = (projectCount + Self.blockSize - 1) / Self.blockSize
        let wave = threads * 2
        for first in stride(from: 0, to: blocks, by: wave) {
            let count = min(wave, blocks - first)
            let parts = Parallel.map(count, workers: threads) { k in block(first + k) }
            for part in parts {
                try projectsFile.write(part.projects)
                try indicatorsFile.write(part.indicators)
            }
            progress(min(projectCount, (first + count) * Self.blockSize))
        }
        try projectsFile.close()
        try indicatorsFile.close()
        for (from, to) in zip(partial, paths) where rename(from, to) != 0 {
            throw OutputError(path: to, errno: errno, doing: "cannot move the finished file into place")
        }
    }

    /// bases.csv for result application (SPEC §8): per department of this seed, in the batch's
    /// period, 公用经费 (`public_funds`, 200,000–5,000,000 元) and 下年预算申请数
    /// (`next_year_request`, 1–50 million 元), to the fen. Written whole or not at all.
    public func writeBases(path: String) throws(OutputError) {
        let partial = path + ".partial-\(getpid())"
        defer { unlink(partial) }
        let file = try OutputFile(creating: partial)
        try file.write(bases())
        try file.close()
        if rename(partial, path) != 0 { throw OutputError(path: path, errno: errno, doing: "cannot move the finished file into place") }
    }

    /// The bytes of ``writeBases(path:)``.
    public func bases() -> [UInt8] {
        var w = CSVWriter()
        w.raw(header(Self.basesHeaders))
        for d in 0..<departmentCount {
            var r = SplitMix64(seed: seed, stream: 2 << 40 | UInt64(d))
            w.field(period)
            w.field(Self.departmentName(d))
            w.field(units: Int64(20_000_000 + r.below(480_000_000)), decimals: 2)
            w.field(units: Int64(100_000_000 + r.below(4_900_000_000)), decimals: 2)
            w.endRow()
        }
        return w.bytes
    }

    static let basesHeaders = [("period", "年度"), ("department", "部门"), ("public_funds", "公用经费"), ("next_year_request", "下年预算申请数")]

    /// Writes both tables as one .xlsx workbook at `path`: sheets 项目表 and 指标表 (projects and
    /// indicators with English headers), 一级指标 merged down each project's block, percentages
    /// as numbers under % formats, numbers as numbers where a spreadsheet shows them as written;
    /// a table longer than a worksheet's 1,048,576 rows goes on over `指标表 (2)`, …. Read back,
    /// the workbook gives exactly the text of the CSV files.
    public func writeWorkbook(path: String) throws(OutputError) {
        let (projects, indicators) = generate()
        let column = { (code: String) in Self.indicatorHeaders.firstIndex { $0.0 == code }! }
        let zh = language == .zh
        try WorkbookWriter.write([
            .init(name: zh ? "项目表" : "projects", csv: projects),
            .init(name: zh ? "指标表" : "indicators", csv: indicators,
                  merge: (column: column("level1"), key: [column("period"), column("project_id")])),
        ], to: path)
    }

    /// Both files in memory (for tests and benchmarks).
    public func generate() -> (projects: [UInt8], indicators: [UInt8]) {
        var p = header(Self.projectHeaders)
        var i = header(Self.indicatorHeaders)
        let blocks = (projectCount + Self.blockSize - 1) / Self.blockSize
        for b in 0..<blocks {
            let part = block(b)
            p += part.projects
            i += part.indicators
        }
        return (p, i)
    }

    static let projectHeaders = [
        ("period", "年度"), ("project_id", "项目编码"), ("project_name", "项目名称"), ("department", "部门"),
        ("sector", "行业"), ("budget", "全年预算数"), ("executed", "全年执行数"), ("self_score", "自评得分"),
        ("review_score", "复核得分"),
    ]
    static let indicatorHeaders = [
        ("period", "年度"), ("project_id", "项目编码"), ("level1", "一级指标"), ("level2", "二级指标"),
        ("indicator", "三级指标"), ("indicator_code", "指标编码"), ("direction", "指标性质"), ("target", "年度指标值"),
        ("target_high", "指标值上限"), ("actual", "实际完成值"), ("points", "分值"), ("score", "得分"), ("unit", "计量单位"),
    ]

    private func header(_ names: [(String, String)]) -> [UInt8] {
        var w = CSVWriter()
        for (en, zh) in names { w.field(language == .zh ? zh : en) }
        w.endRow()
        return w.bytes
    }

    /// The departments of this seed: 40–120, each with a sector and a size weight.
    private var departmentCount: Int {
        var r = SplitMix64(seed: seed)
        return 40 + r.below(81)
    }

    private func block(_ b: Int) -> (projects: [UInt8], indicators: [UInt8]) {
        var r = SplitMix64(seed: seed, stream: UInt64(b))
        let first = b * Self.blockSize
        let last = min(projectCount, first + Self.blockSize)
        var p = CSVWriter(capacity: (last - first) * 120)
        var i = CSVWriter(capacity: (last - first) * 1400)
        let departments = departmentCount
        for q in first..<last { project(q, departments: departments, &r, &p, &i) }
        return (p.bytes, i.bytes)
    }

    // MARK: One project

    private func project(_ q: Int, departments: Int, _ r: inout SplitMix64, _ p: inout CSVWriter, _ w: inout CSVWriter) {
        let zh = language == .zh
        // Larger departments own more projects: the square of a uniform skews toward low codes.
        let u = r.unit()
        let dept = Int(u * u * Double(departments))
        // Departments differ in how well they execute and deliver: a shift of −0.15 … +0.15 on
        // the draws below, fixed per department by the seed.
        let weakness = departmentWeakness(dept)
        let sector = Self.sectors[dept % Self.sectors.count]
        let id = "P\(period)-\(Self.padded(q + 1, 7))"

        // Budget: a decade from a skewed table times 1–10, in fen.
        let decades: [Int64] = [1_000_000, 10_000_000, 10_000_000, 100_000_000, 100_000_000, 1_000_000_000]
        var budget = decades[r.below(decades.count)] * Int64(100 + r.below(900)) / 100 + Int64(r.below(100))
        // Execution rate: mostly 90–100%, a tail below, a few above (skewed, SPEC §11).
        let mix = min(0.999_999, r.unit() + weakness)
        let rate: Double =
            mix < 0.62 ? r.uniform(0.9...1.0) : mix < 0.84 ? r.uniform(0.7...0.9) : mix < 0.96 ? r.uniform(0.2...0.7)
            : mix < 0.985 ? 1.0 : r.uniform(1.0...1.06)
        if r.below(2000) == 0 { budget = 0 }
        let executed = Int64(Double(budget) * rate)

        // Indicators: 6–20, triangular around 13; satisfaction absent in about 15%.
        let n = 6 + Int(7.5 * (r.unit() + r.unit()))
        let hasSatisfaction = r.below(100) >= 15
        let nSat = hasSatisfaction ? (n >= 14 ? 2 : 1) : 0
        let nBen = max(2, (n - nSat) * 3 / 10)
        let nOut = n - nSat - nBen
        let outputPoints = hasSatisfaction ? 50 : 55
        let benefitPoints = hasSatisfaction ? 30 : 35

        // Self-evaluation for 60% of projects, re-check for a quarter of those.
        var selfScore: Int64 = -1
        var reviewScore: Int64 = -1
        if r.below(100) < 60 {
            selfScore = Int64(800 + r.below(195))  // tenths: 80.0–99.4
            if r.below(4) == 0 { reviewScore = selfScore - Int64(r.below(120)) }
        }

        p.field(period)
        p.field(id)
        p.field(Self.projectNames[r.below(Self.projectNames.count)] + (r.below(10) == 0 ? "（一期，二期）" : "") + "项目")
        p.field(Self.departmentName(dept))
        p.field(sector)
        p.field(units: budget, decimals: 2)
        p.field(units: executed, decimals: 2)
        if selfScore >= 0 { p.field(units: selfScore, decimals: 1) } else { p.empty() }
        if reviewScore >= 0 { p.field(units: reviewScore, decimals: 1) } else { p.empty() }
        p.endRow()

        let groups: [(Level1, Int, Int, [Level2])] = [
            (.output, nOut, outputPoints, [.quantity, .quality, .timeliness, .cost]),
            (.benefit, nBen, benefitPoints, [.social, .economic, .sustainability, .ecological]),
            (.satisfaction, nSat, 10, [.satisfaction]),
        ]
        for (level1, count, total, dimensions) in groups where count > 0 {
            let points = Self.split(total, into: count, &r)
            for k in 0..<count {
                let level2 = dimensions[k % dimensions.count]
                w.field(period)
                w.field(id)
                w.field(zh ? level1.chineseName : level1.code)
                w.field(zh ? level2.chineseName : level2.code)
                indicator(level2, points: points[k], zh: zh, weakness: weakness, &r, &w)
                w.endRow()
            }
        }
    }

    /// Department `d`'s weakness in −0.15 … +0.15, from the seed alone.
    private func departmentWeakness(_ d: Int) -> Double {
        var r = SplitMix64(seed: seed, stream: 1 << 40 | UInt64(d))
        return r.uniform(-0.15...0.15)
    }

    /// `total` points split into `count` positive integers, unevenly.
    private static func split(_ total: Int, into count: Int, _ r: inout SplitMix64) -> [Int] {
        var points = [Int](repeating: total / count, count: count)
        for k in 0..<(total % count) { points[k] += 1 }
        for _ in 0..<(count / 2) {
            let a = r.below(count)
            let b = r.below(count)
            let t = r.below(max(1, points[a] / 2))
            if a != b, points[a] - t >= 1 {
                points[a] -= t
                points[b] += t
            }
        }
        return points
    }

    /// The remaining fields of one indicator row: name, code, direction, target, target_high,
    /// actual, points, score, unit.
    private func indicator(_ level2: Level2, points: Int, zh: Bool, weakness: Double, _ r: inout SplitMix64, _ w: inout CSVWriter) {
        let templates = Self.templates[Int(level2.rawValue)]
        let t = templates[r.below(templates.count)]
        w.field(t.name)
        w.field(t.code)
        // Achievement draw: about half met, the rest short (some far short), a few overshooting.
        let d = min(0.999_999, max(0, r.unit() + weakness))
        let ratio = d < 0.5 ? 1 + r.unit() * 0.1 : d < 0.8 ? r.uniform(0.75...1.0) : d < 0.94 ? r.uniform(0.3...0.75) : r.uniform(1.2...1.6)
        let explicit = r.below(10) < 6
        switch t.kind {
        case .count:
            let target = 10 + r.below(5000)
            let actual = Int(Double(target) * ratio)
            w.field(explicit ? (zh ? "正向" : ">=") : "")
            w.field("≥\(target)\(t.unit)")
            w.empty()
            w.field("\(actual)\(t.unit)")
        case .percent(let target):
            let actualTenths = min(1000, Int(Double(target * 10) * min(ratio, 1.02)))
            let equal = target == 100
            w.field(explicit ? (equal ? (zh ? "等于" : "=") : (zh ? "正向" : ">=")) : "")
            w.field("\(equal ? "=" : "≥")\(target)%")
            w.empty()
            w.field(Self.tenths(actualTenths) + "%")
        case .reverse:
            let cap = 20 + r.below(500)  // 万元 in tenths
            let actual = Int(Double(cap) * (d < 0.8 ? r.uniform(0.8...1.0) : r.uniform(1.0...1.4)))
            w.field(explicit ? (zh ? "反向" : "<=") : "")
            w.field("≤" + Self.tenths(cap) + t.unit)
            w.empty()
            w.field(Self.tenths(actual) + t.unit)
        case .range:
            let low = 3 + r.below(5)
            let high = low + 3 + r.below(6)
            let actualTenths = Int(Double(low * 10) * r.uniform(0.6...1.0) + Double((high - low) * 10) * r.uniform(0...1.3))
            w.field(zh ? "区间" : "range")
            if r.below(2) == 0 {
                w.field("\(low)%-\(high)%")
                w.empty()
            } else {
                w.field("\(low)")
                w.field("\(high)")
            }
            w.field(Self.tenths(actualTenths))
        case .qualitative(let target):
            let g = min(99, max(0, r.below(100) + Int(weakness * 100)))
            let grade: QualitativeGrade = g < 55 ? .achieved : g < 88 ? .partial : .notAchieved
            w.field(zh ? "定性" : "qual")
            w.field(target)
            w.empty()
            w.field(grade == .achieved ? "达成年度指标" : grade == .partial ? "部分达成年度指标并具有一定效果" : "未达成年度指标且效果较差")
            w.field(points)
            // An entered score inside the grade's band for 70% of rows (SPEC §4.3).
            if r.below(10) < 7 {
                let (low, high, inclusive) = QualitativeBand.bounds(grade: grade, points: Double(points), precision: 1)
                let span = max(0, high - low - (inclusive ? 0 : 1))
                w.field(units: low + Int64(r.below(Int(span) + 1)), decimals: 1)
            } else {
                w.empty()
            }
            w.field(t.unit)
            return
        }
        w.field(points)
        w.empty()
        w.field(t.unit == "" ? "%" : t.unit)
    }

    // MARK: Vocabulary of the generated files

    private enum Kind {
        case count, percent(Int), reverse, range, qualitative(String)
    }

    private struct Template {
        let name: String
        let code: String
        let kind: Kind
        let unit: String
    }

    /// Templates per level 2 (in `Level2` order).
    private static let templates: [[Template]] = [
        [Template(name: "培训人次", code: "OUT-QTY-01", kind: .count, unit: "人次"),
         Template(name: "设备购置数量", code: "OUT-QTY-02", kind: .count, unit: "件"),
         Template(name: "服务覆盖户数", code: "OUT-QTY-03", kind: .count, unit: "户"),
         Template(name: "维修道路里程", code: "OUT-QTY-04", kind: .count, unit: "公里"),
         Template(name: "完成项目个数", code: "OUT-QTY-05", kind: .count, unit: "个")],
        [Template(name: "验收合格率", code: "OUT-QLT-01", kind: .percent(95), unit: ""),
         Template(name: "设备完好率", code: "OUT-QLT-02", kind: .percent(98), unit: ""),
         Template(name: "资金拨付准确率", code: "OUT-QLT-03", kind: .percent(100), unit: "")],
        [Template(name: "按时完成率", code: "OUT-TIM-01", kind: .percent(100), unit: ""),
         Template(name: "资金拨付及时率", code: "OUT-TIM-02", kind: .percent(95), unit: "")],
        [Template(name: "项目成本控制", code: "OUT-CST-01", kind: .reverse, unit: "万元"),
         Template(name: "单位建设成本", code: "OUT-CST-02", kind: .reverse, unit: "万元")],
        [Template(name: "带动就业增长率", code: "BEN-ECO-01", kind: .range, unit: "%"),
         Template(name: "农民人均增收", code: "BEN-ECO-02", kind: .range, unit: "%")],
        [Template(name: "公共服务水平", code: "BEN-SOC-01", kind: .qualitative("有所提升"), unit: ""),
         Template(name: "社会效益", code: "BEN-SOC-02", kind: .qualitative("效果明显"), unit: ""),
         Template(name: "受益人口覆盖率", code: "BEN-SOC-03", kind: .percent(90), unit: "")],
        [Template(name: "绿化覆盖率", code: "BEN-ENV-01", kind: .percent(40), unit: ""),
         Template(name: "生态环境改善", code: "BEN-ENV-02", kind: .qualitative("明显改善"), unit: "")],
        [Template(name: "长效管理机制", code: "BEN-SUS-01", kind: .qualitative("健全"), unit: ""),
         Template(name: "设施持续使用率", code: "BEN-SUS-02", kind: .percent(95), unit: "")],
        [Template(name: "服务对象满意度", code: "SAT-01", kind: .percent(90), unit: ""),
         Template(name: "受益群众满意度", code: "SAT-02", kind: .percent(85), unit: "")],
    ]

    private static let sectors = ["教育", "卫生健康", "农业农村", "交通运输", "城乡建设", "社会保障", "生态环境", "文化旅游", "科技", "公共安全"]

    private static let bureaus = [
        "教育局", "卫生健康委员会", "农业农村局", "交通运输局", "住房和城乡建设局", "人力资源和社会保障局", "生态环境局",
        "文化和旅游局", "科学技术局", "公安局",
    ]
    private static let places = ["", "东城", "西城", "南湖", "北塘", "高新", "临江", "青山", "白云", "金水", "长安", "凤凰", "云龙"]

    /// Department `d`'s name: a bureau, prefixed by a place for the second and later rounds.
    static func departmentName(_ d: Int) -> String {
        let place = places[(d / bureaus.count) % places.count]
        return (place.isEmpty ? "区" : place + "区") + bureaus[d % bureaus.count] + (d >= bureaus.count * places.count ? "\(d)" : "")
    }

    private static let projectNames = [
        "义务教育薄弱环节改善", "基层医疗卫生机构能力提升", "高标准农田建设", "农村公路养护", "老旧小区改造", "就业创业补贴",
        "大气污染防治", "公共文化服务体系建设", "科技创新平台建设", "社会治安防控体系建设", "学前教育发展", "乡村振兴衔接资金",
    ]

    private static func padded(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// 953 → "95.3".
    private static func tenths(_ v: Int) -> String { "\(v / 10).\(v % 10)" }
}
