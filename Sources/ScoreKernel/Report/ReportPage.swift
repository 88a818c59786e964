import Foundation

/// The report as one self-contained HTML page: a stylesheet inline, no script, no font or file
/// fetched, every chart inline SVG with the numbers it draws in a table beside it.
///
/// Every number cell carries `data-k`, a stable key (`grade.count.优`, `dept.mean.<部门>`), so
/// that a test can compare the page with the CSVs it came from.
struct ReportPage {
    let figures: ReportFigures
    let zh: Bool
    let title: String
    private var html = ""
    private var sections = 0

    init(figures: ReportFigures, zh: Bool, title: String?) {
        self.figures = figures
        self.zh = zh
        self.title = title ?? (zh ? "预算绩效评价结果报告" : "Budget performance evaluation report")
    }

    private func t(_ zh: String, _ en: String) -> String { self.zh ? zh : en }

    /// A grade as the page names it: its label (优) in Chinese, its name (excellent) in English.
    private func grade(_ g: ReportFigures.Grade) -> String { zh || g.name.isEmpty ? g.label : g.name }

    /// The grade of that name as the page names it.
    private func grade(named name: String) -> String { figures.grades.first { $0.name == name }.map(grade) ?? name }

    /// A chart label cut to what fits left of the plot; the table beside it has the whole name.
    static func short(_ name: String) -> String { name.count > 16 ? String(name.prefix(15)) + "…" : name }

    /// The most rows a chart draws where the table beside it lists every row.
    static let longestChart = 30

    /// A category as the page's language names it (`output` → 产出指标 in Chinese).
    private func category(_ name: String) -> String {
        guard zh else { return name }
        let level1 = CategoryName.text(name, dimension: .level1, language: .zh)
        return level1 != name ? level1 : CategoryName.text(name, dimension: .level2, language: .zh)
    }

    /// A table cell: its text, the key a test checks it by (numbers only), and its CSS class.
    private struct Cell {
        var text: String
        var key: String?
        var style: String?
        init(_ text: String, key: String? = nil, style: String? = nil) {
            self.text = text
            self.key = key
            self.style = style
        }
    }

    private static func number(_ text: String, key: String) -> Cell { Cell(text, key: key, style: "num") }
    private static func number(_ n: Int, key: String) -> Cell { Cell(grouped(String(n)), key: key, style: "num") }

    /// "1234567.89" → "1,234,567.89".
    static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var i = integer.count - 3
        while i > 0 {
            integer.insert(",", at: integer.index(integer.startIndex, offsetBy: i))
            i -= 3
        }
        return (negative ? "-" : "") + integer + (parts.count > 1 ? "." + parts[1] : "")
    }

    private mutating func table(_ headers: [String], _ rows: [[Cell]], caption: String? = nil, scroll: Bool = false) {
        html += scroll ? "<div class=\"tableBox scroll\">" : "<div class=\"tableBox\">"
        html += "<table>"
        if let caption { html += "<caption>\(HTML.escape(caption))</caption>" }
        html += "<thead><tr>" + headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for c in row {
                html += "<td"
                if let s = c.style { html += " class=\"\(s)\"" }
                if let k = c.key { html += " data-k=\"\(HTML.escape(k))\"" }
                html += ">\(HTML.escape(c.text))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
    }

    private mutating func figure(_ chart: String, note: String, _ numbers: (inout ReportPage) -> Void) {
        html += "<div class=\"fig\"><figure>\(chart)<figcaption>\(HTML.escape(note))</figcaption></figure>"
        numbers(&self)
        html += "</div>"
    }

    private mutating func section(_ id: String, _ heading: String, intro: String? = nil) {
        sections += 1
        let number = zh ? ["一", "二", "三", "四", "五", "六"][sections - 1] + "、" : "\(sections). "
        html += "<section id=\"\(id)\"><h2>\(HTML.escape(number + heading))</h2>"
        if let intro { html += "<p class=\"intro\">\(HTML.escape(intro))</p>" }
    }

    /// The whole page.
    mutating func render() -> String {
        let f = figures
        sections = 0
        html = "<!DOCTYPE html>\n<html lang=\"\(zh ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(HTML.escape(title))</title><style>\(Self.style)</style></head><body><main>"
        html += "<header><h1>\(HTML.escape(title))</h1><p class=\"sub\">"
        let cutOff = PeriodDate(f.period)?.month != nil
        html += HTML.escape((cutOff ? t("监控期间：", "Monitoring period: ") : t("评价年度：", "Period: ")) + (f.period.isEmpty ? "–" : f.period))
        if f.periods.count > 1 { html += HTML.escape(t("（结果共含 \(f.periods.count) 个期间）", " (the results hold \(f.periods.count) periods)")) }
        html += "</p></header>"
        overview()
        departments()
        monitoring()
        if !f.scenarios.isEmpty || !f.rankIntervals.isEmpty || !f.leastCertain.isEmpty || !f.smallestMargins.isEmpty { scenarios() }
        if !f.rules.isEmpty { application() }
        html += "<footer>" + HTML.escape(t(
            "由 ScoreKernel evalcli report 根据评分结果文件生成。分数、金额与比率均按结果文件中的数值四舍五入显示。",
            "Made by ScoreKernel's evalcli report from the result files. Scores, amounts and rates are the files' values, rounded half away from zero for display."))
        html += "</footer></main></body></html>\n"
        return html
    }

    // MARK: - Sections

    private mutating func overview() {
        let f = figures
        section("overview", t("批次概况", "The batch at a glance"))
        let rate = f.budget > 0 ? ReportFigures.Shown(units: (f.executed * 20_000 + f.budget) / (2 * f.budget), decimals: 2).text + "%" : "–"
        func money(_ micros: Int128) -> String {
            Self.grouped(Rounding.text(units: (micros + (micros >= 0 ? 5_000 : -5_000)) / 10_000, precision: 2))
        }
        html += "<div class=\"kpis\">"
        for (label, value, key) in [(t("项目数", "Projects"), Self.grouped(String(f.projects)), "projects"),
                                    (t("部门数", "Departments"), Self.grouped(String(f.departments.count)), "departments"),
                                    (t("全年预算数合计", "Budget"), money(f.budget), "budget"),
                                    (t("全年执行数合计", "Executed"), money(f.executed), "executed"),
                                    (t("预算执行率", "Execution rate"), rate, "execution_rate")] {
            html += "<div class=\"kpi\"><div class=\"kpiLabel\">\(HTML.escape(label))</div><div class=\"kpiValue\" data-k=\"\(key)\">\(HTML.escape(value))</div></div>"
        }
        html += "</div><p class=\"note\">" + HTML.escape(t("金额单位与 projects.csv 相同（元或万元）。", "Amounts are in the unit of projects.csv (yuan or 万元).")) + "</p>"

        html += "<h3>\(HTML.escape(t("等级分布", "Grades")))</h3>"
        let bars = f.grades.enumerated().map { g, grade in
            SVGChart.Bar(label: self.grade(grade), segments: [SVGChart.Segment(value: Double(grade.count), style: "g\(g % 8)")],
                         note: "\(Self.grouped(String(grade.count))) (\(ReportFigures.Shown.share(grade.count, of: f.projects).text)%)")
        }
        figure(SVGChart.bars(bars, title: t("等级分布", "Grades")), note: t("各等级项目数及占比。", "Projects per grade and their share.")) { page in
            page.table([page.t("等级", "Grade"), page.t("项目数", "Projects"), page.t("占比(%)", "Share (%)")], f.grades.map { g in
                [Cell(page.grade(g)), Self.number(g.count, key: "grade.count.\(g.label)"),
                 Self.number(ReportFigures.Shown.share(g.count, of: f.projects).text, key: "grade.share.\(g.label)")]
            })
        }

        html += "<h3>\(HTML.escape(t("总分分布", "Totals")))</h3>"
        let first = f.histogram.firstIndex { $0 > 0 } ?? 0
        let lo = first / 5 * 5
        let values = Array(f.histogram[lo...])
        let labels = values.indices.map { String(lo + $0) }
        var bands: [[Cell]] = []
        for b in stride(from: lo, to: f.histogram.count, by: 5) {
            let count = f.histogram[b..<min(b + 5, f.histogram.count)].reduce(0, +)
            let end = min(b + 5, f.histogram.count)
            bands.append([Cell(end == b + 1 ? "\(b)" : "\(b)–\(end)"), Self.number(count, key: "hist.\(b)")])
        }
        figure(SVGChart.columns(values, labels: labels, every: 5, title: t("总分分布", "Totals")),
               note: t("每一分一个柱：横轴为总分，纵轴为项目数。", "One column per point of the total; height: projects.")) { page in
            page.table([page.t("总分区间", "Total"), page.t("项目数", "Projects")], bands,
                       caption: page.t("区间含下限、不含上限", "Each band includes its lower bound"))
        }
    }

    private mutating func departments() {
        let f = figures
        section("departments", t("部门比较", "Departments"),
                intro: t("按部门平均分排序。方框为上下四分位数，横线为第10至第90百分位数，圆点为平均分，菱形为资金加权平均分；红色为低于全部项目平均分的部门。",
                         "Ranked by mean score. Box: quartiles; line: 10th to 90th percentile; dot: mean; diamond: fund-weighted mean; red: below the average of all projects."))
        let drawn = f.departments.flatMap { [$0.p10.value, $0.p90.value, $0.mean.value, $0.weightedMean.value, $0.q1.value, $0.q3.value] }.filter(\.isFinite)
        let low = drawn.min() ?? 0
        let high = drawn.max() ?? 100
        let range = (floor(low / 5) * 5)...(max(floor(low / 5) * 5 + 5, ceil(high / 5) * 5))
        let ticks = stride(from: range.lowerBound, through: range.upperBound, by: 5).map { $0 }
        let rows = f.departments.map { d in
            SVGChart.Interval(label: Self.short(d.name), low: d.p10.value, boxLow: d.q1.value, centre: d.mean.value, boxHigh: d.q3.value,
                              high: d.p90.value, second: d.weightedMean.value, marked: d.belowAverage)
        }
        figure(SVGChart.intervals(rows, range: range, ticks: ticks, title: t("部门平均分", "Department scores"), width: 430),
               note: t("部门数：\(f.departments.count)", "Departments: \(f.departments.count)")) { page in
            page.table([page.t("排名", "Rank"), page.t("部门", "Department"), page.t("项目数", "Projects"), page.t("平均分", "Mean"),
                        page.t("加权平均分", "Weighted"), "P10", page.t("下四分位", "Q1"), page.t("中位数", "Median"), page.t("上四分位", "Q3"),
                        "P90", page.t("执行率(%)", "Execution (%)")],
                       f.departments.map { d in
                           [Self.number(d.rank, key: "dept.rank.\(d.name)"),
                            Cell((d.belowAverage ? "▼ " : "") + d.name, style: d.belowAverage ? "name warnText" : "name"),
                            Self.number(d.projects, key: "dept.n.\(d.name)"), Self.number(d.mean.text, key: "dept.mean.\(d.name)"),
                            Self.number(d.weightedMean.text, key: "dept.wmean.\(d.name)"), Self.number(d.p10.text, key: "dept.p10.\(d.name)"),
                            Self.number(d.q1.text, key: "dept.q1.\(d.name)"), Self.number(d.median.text, key: "dept.median.\(d.name)"),
                            Self.number(d.q3.text, key: "dept.q3.\(d.name)"), Self.number(d.p90.text, key: "dept.p90.\(d.name)"),
                            Self.number(d.executionRate.text, key: "dept.rate.\(d.name)")]
                       }, scroll: true)
        }
        guard !f.categories.isEmpty else { return }
        html += "<h3>\(HTML.escape(t("部门 × 指标类别完成度", "Achievement by department and category")))</h3>"
        let all = f.achievement.flatMap { $0.compactMap { $0?.value } }
        let (minA, maxA) = (all.min() ?? 0, all.max() ?? 1)
        let values = f.achievement.map { row in row.map { s in s.map { maxA > minA ? ($0.value - minA) / (maxA - minA) : 0.5 } ?? .nan } }
        let texts = f.achievement.map { row in row.map { $0?.text ?? "" } }
        html += "<div class=\"fig\"><figure>"
        html += SVGChart.grid(rows: f.departments.map(\.name), columns: f.categories.map(category), values: values, texts: texts,
                              title: t("完成度热力图", "Achievement heat map"), cell: 70)
        html += "<figcaption>" + HTML.escape(t("单元格为该部门项目在该类别的平均完成度（%），颜色越深越高。", "Each cell: the department's mean achievement in the category (%); darker is higher.")) + "</figcaption></figure>"
        // The numbers are in the cells; the keys are on an equivalent table for checking and screen readers.
        var rowsCells: [[Cell]] = []
        for (i, d) in f.departments.enumerated() {
            rowsCells.append([Cell(d.name)] + f.categories.indices.map { k in
                f.achievement[i][k].map { Self.number($0.text, key: "heat.\(d.name).\(f.categories[k])") } ?? Cell("–")
            })
        }
        table([t("部门", "Department")] + f.categories.map(category), rowsCells, scroll: true)
        html += "</div>"
    }

    private mutating func monitoring() {
        let f = figures
        section("monitoring", t("双监控", "Dual monitoring (双监控)"),
                intro: t("预算执行进度与绩效目标完成情况同时监控。", "Budget execution and target completion, watched together."))
        html += "<h3>\(HTML.escape(t("序时进度红黄绿灯", "Time-progress lights")))</h3>"
        // By share of red, then of yellow, largest first (shares compared as cross products), then by name.
        let order = f.departments.indices.sorted { a, b in
            let (ra, rb) = (f.lights[a], f.lights[b])
            let (ta, tb) = (max(1, ra.reduce(0, +)), max(1, rb.reduce(0, +)))
            if ra[0] * tb != rb[0] * ta { return ra[0] * tb > rb[0] * ta }
            if ra[1] * tb != rb[1] * ta { return ra[1] * tb > rb[1] * ta }
            return f.departments[a].name < f.departments[b].name
        }
        if f.lights.allSatisfy({ $0.allSatisfy { $0 == 0 } }) {
            html += "<p class=\"note\">" + HTML.escape(t("结果中没有序时进度灯（项目没有可比较的执行进度）。", "The results have no progress lights.")) + "</p>"
        } else {
            let shown = order.prefix(Self.longestChart)
            let bars = shown.map { d in
                let total = f.lights[d].reduce(0, +)
                return SVGChart.Bar(label: Self.short(f.departments[d].name), segments: [SVGChart.Segment(value: Double(f.lights[d][0]), style: "red"),
                                                                              SVGChart.Segment(value: Double(f.lights[d][1]), style: "yellow"),
                                                                              SVGChart.Segment(value: Double(f.lights[d][2]), style: "green")],
                                    note: t("红 ", "red ") + ReportFigures.Shown.share(f.lights[d][0], of: total).text + "%")
            }
            let subset = order.count > shown.count
                ? t("图中为红灯（其次黄灯）占比最高的 \(shown.count) 个部门，表中为全部部门。", "The chart shows the \(shown.count) departments with the largest share of red (then yellow); the table lists all. ") : ""
            figure(SVGChart.bars(bars, title: t("序时进度灯", "Progress lights"), shares: true),
                   note: subset + t("按红灯占比排序，每条为该部门项目的红、黄、绿灯占比。红：执行进度明显落后于序时进度；黄：略落后；绿：正常。",
                                    "Ordered by share of red; each bar is the department's projects by light. Red: execution well behind the time elapsed; yellow: behind; green: on time.")) { page in
                page.table([page.t("部门", "Department"), page.t("红", "Red"), page.t("黄", "Yellow"), page.t("绿", "Green")], order.map { d in
                    let name = f.departments[d].name
                    return [Cell(name), Self.number(f.lights[d][0], key: "light.\(name).red"), Self.number(f.lights[d][1], key: "light.\(name).yellow"),
                            Self.number(f.lights[d][2], key: "light.\(name).green")]
                }, scroll: true)
            }
        }

        html += "<h3>\(HTML.escape(t("预算执行率与目标完成率", "Execution rate against completion rate")))</h3>"
        let bins = ReportFigures.densityBins
        let largest = Double(f.density.max() ?? 0)
        var cells: [[Double]] = []
        for y in (0..<bins).reversed() {
            cells.append((0..<bins).map { x in
                let c = Double(f.density[y * bins + x])
                return c == 0 ? .nan : log1p(c) / log1p(max(largest, 1))
            })
        }
        let axis = (0..<bins).map { $0 % 4 == 0 ? String(format: "%.1f", Double($0) * 0.05) : "" }
        let chart = SVGChart.grid(rows: axis.reversed().map { $0 }, columns: axis, values: cells, title: t("执行率 × 完成率密度", "Execution × completion density"),
                                  cell: 15, cellHeight: 15, rowLabelWidth: 40, columnLabelHeight: 20, axes: true)
        let bandNames = [t("≤10 个百分点", "≤ 10 points"), t("10–20 个百分点", "10–20 points"), t("20–30 个百分点", "20–30 points"), t(">30 个百分点", "> 30 points")]
        if f.densityMissing == f.projects {
            html += "<p class=\"note\">" + HTML.escape(t("没有项目同时具有预算执行率与目标完成率。", "No project has both rates.")) + "</p>"
        } else {
            figure(chart, note: t("横轴：预算执行率；纵轴：绩效目标完成率（每格 0.05，颜色按项目数的对数）。虚线为两者相等；\(f.densityMissing) 个项目缺少其中一个比率。",
                                  "x: execution rate; y: target completion rate (cells of 0.05, colour by log of projects). Dashed: the two equal; \(f.densityMissing) projects lack one of the rates.")) { page in
                page.table([page.t("偏离度", "|Execution − completion|"), page.t("项目数", "Projects"), page.t("占比(%)", "Share (%)")],
                           f.gapBands.indices.map { b in
                               [Cell(bandNames[b]), Self.number(f.gapBands[b], key: "gap.\(b)"),
                                Self.number(ReportFigures.Shown.share(f.gapBands[b], of: f.projects).text, key: "gapshare.\(b)")]
                           })
            }
        }

        guard f.hasFlags else { return }
        html += "<h3>\(HTML.escape(t("预警标记", "Flags")))</h3>"
        guard !f.flags.isEmpty else {
            html += "<p class=\"note\">" + HTML.escape(t("flags.csv 中本期间没有预警标记。", "flags.csv has no flag in this period.")) + "</p>"
            return
        }
        func info(_ code: String) -> FlagInfo? {
            guard let c = FlagCode(rawValue: code) else { return nil }
            return (ProjectFlags.catalogue.map(\.1) + IndicatorFlags.catalogue.map(\.1)).first { $0.code == c }
        }
        let flagBars = f.flags.map { fl in
            SVGChart.Bar(label: fl.code, segments: [SVGChart.Segment(value: Double(fl.count), style: info(fl.code)?.severity == .action ? "red" : "s0")],
                         note: Self.grouped(String(fl.count)))
        }
        figure(SVGChart.bars(flagBars, title: t("预警标记", "Flags")), note: t("flags.csv 中各标记的行数。", "Rows of flags.csv per flag.")) { page in
            page.table([page.t("标记", "Flag"), page.t("含义", "Meaning"), page.t("级别", "Severity"), page.t("数量", "Count")], f.flags.map { fl in
                let i = info(fl.code)
                let severity = i.map { page.zh ? ["info": "提示", "warning": "预警", "action": "处理"][$0.severity.rawValue]! : $0.severity.rawValue } ?? ""
                return [Cell(fl.code), Cell(i.map { page.zh ? $0.chinese : $0.english } ?? ""), Cell(severity),
                        Self.number(fl.count, key: "flag.\(fl.code)")]
            })
        }
    }

    private mutating func scenarios() {
        let f = figures
        section("scenarios", t("权重情景与排名不确定性", "Weight scenarios and rank uncertainty"))
        if !f.scenarios.isEmpty {
            html += "<h3>\(HTML.escape(t("各情景等级分布", "Grades per scenario")))</h3>"
            let summarised = f.scenarioCount > ReportFigures.scenariosListed
            func name(_ s: ReportFigures.Scenario) -> String {
                if summarised, let zh = ["min": "其余情景最小值", "median": "其余情景中位数", "max": "其余情景最大值"][s.name] {
                    return t(zh, "\(s.name) of the rest")
                }
                return s.name + (zh ? ["as_filed": "（填报得分）", "scheme": "（方案权重）"][s.name] ?? "" : "")
            }
            let names = f.scenarios.map(name)
            let bars = f.scenarios.enumerated().map { i, s in
                SVGChart.Bar(label: names[i], segments: s.gradeCounts.enumerated().map { SVGChart.Segment(value: Double($1), style: "g\($0 % 8)") })
            }
            let note = summarised
                ? t("共 \(f.scenarioCount) 个情景：as_filed 与 scheme 逐一列出，其余情景取各列的最小值、中位数（偶数个时取较小的中间值）与最大值，各列分别取，故汇总行不是某一个情景。",
                    "\(f.scenarioCount) scenarios: as_filed and scheme as they are; for the rest, the minimum, median (the lower middle value for an even count) and maximum of each column, each taken on its own, so a summary row is no one scenario.")
                : t("颜色依次为各等级（由高到低）。", "Colours are the grades, best first.")
            figure(SVGChart.bars(bars, title: t("各情景等级分布", "Grades per scenario")), note: note) { page in
                page.table([page.t("情景", "Scenario")] + f.grades.map(page.grade) + [page.t("斯皮尔曼ρ", "Spearman ρ")], f.scenarios.enumerated().map { i, s in
                    [Cell(names[i])] + s.gradeCounts.enumerated().map { Self.number($1, key: "scen.\(s.name).\(f.grades[$0].label)") }
                        + [Self.number(s.spearman.text, key: "scen.\(s.name).rho")]
                }, scroll: true)
            }
        }
        if !f.rankIntervals.isEmpty {
            html += "<h3>\(HTML.escape(t("部门排名区间（蒙特卡洛）", "Department rank intervals (Monte Carlo)")))</h3>"
            let most = Double(max(f.rankIntervals.count, 1))
            let rows = f.rankIntervals.map { r in
                SVGChart.Interval(label: Self.short(r.department), low: r.p05.value, boxLow: .nan, centre: r.median.value, boxHigh: .nan, high: r.p95.value,
                                  second: Double(r.baseline))
            }
            let step = max(1, (Int(most) / 10 + 4) / 5 * 5)
            figure(SVGChart.intervals(rows, range: 1...max(2, most), ticks: [1] + stride(from: step, through: Int(most), by: step).map(Double.init),
                                      title: t("部门排名区间", "Department rank intervals")),
                   note: t("横线为第5至第95百分位排名，圆点为排名中位数，菱形为基准排名。", "Line: 5th to 95th percentile rank; dot: median rank; diamond: baseline rank.")) { page in
                page.table([page.t("部门", "Department"), page.t("基准排名", "Baseline"), page.t("中位数", "Median"), "P5", "P95"], f.rankIntervals.map { r in
                    [Cell(r.department), Self.number(r.baseline, key: "interval.\(r.department).baseline"),
                     Self.number(r.median.text, key: "interval.\(r.department).median"), Self.number(r.p05.text, key: "interval.\(r.department).p05"),
                     Self.number(r.p95.text, key: "interval.\(r.department).p95")]
                }, scroll: true)
            }
        }
        if f.certaintyBands.reduce(0, +) > 0 {
            html += "<h3>\(HTML.escape(t("等级确定性", "How certain each grade is")))</h3>"
            let names = ["≥ 0.99", "0.90–0.99", "0.75–0.90", "0.50–0.75", "< 0.50"]
            let bars = f.certaintyBands.enumerated().map { SVGChart.Bar(label: names[$0], segments: [SVGChart.Segment(value: Double($1), style: "s0")],
                                                                         note: Self.grouped(String($1))) }
            figure(SVGChart.bars(bars, title: t("最可能等级的概率", "Probability of the likeliest grade")),
                   note: t("按项目最可能等级的概率分组。", "Projects by the probability of their likeliest grade.")) { page in
                page.table([page.t("概率", "Probability"), page.t("项目数", "Projects")],
                           f.certaintyBands.enumerated().map { [Cell(names[$0]), Self.number($1, key: "cert.\($0)")] })
            }
            uncertain(f.leastCertain, heading: t("等级最不确定的项目", "Projects whose grade is least certain"),
                      grade: t("最可能等级", "Likeliest grade"), measure: t("最可能等级概率", "Its probability"), detail: t("次可能等级", "Next likeliest"),
                      key: "least")
        }
        if !f.smallestMargins.isEmpty {
            uncertain(f.smallestMargins, heading: t("最接近等级边界的项目", "Projects nearest a grade boundary"), grade: t("等级", "Grade"),
                      measure: t("改变等级的最小权重变化（占总权重）", "Smallest weight change that changes the grade (share of all weight)"),
                      detail: t("方向与增加的权重", "Direction and the weight that grows"), key: "margin")
        }
    }

    private mutating func uncertain(_ list: [ReportFigures.UncertainProject], heading: String, grade gradeHeader: String, measure: String,
                                    detail detailHeader: String, key: String)
    {
        html += "<h4>\(HTML.escape(heading))</h4>"
        let rows = list.map { p in
            let detail = p.next.map { "\(grade(named: $0.grade)) \($0.probability.text)" }
                ?? p.toward.map { ($0.down ? "↓ " : "↑ ") + category($0.category) } ?? ""
            return [Cell(p.projectID), Cell(p.department), Cell(grade(named: p.grade)), Self.number(p.measure.text, key: "\(key).\(p.projectID)"),
                    Cell(detail)]
        }
        table([t("项目编码", "Project"), t("部门", "Department"), gradeHeader, measure, detailHeader], rows)
    }

    private mutating func application() {
        let f = figures
        section("application", t("结果应用", "Result application"))
        func yuan(_ fen: Int128) -> String { Self.grouped(Rounding.text(units: fen, precision: 2)) }
        let bars = f.rules.map { r in
            SVGChart.Bar(label: r.rule, segments: [SVGChart.Segment(value: Double(r.deducted), style: "red"), SVGChart.Segment(value: Double(r.rewarded), style: "green")])
        }
        let totals: (inout ReportPage) -> Void = { page in
            page.table([page.t("规则", "Rule"), page.t("扣减（元）", "Deducted"), page.t("奖励（元）", "Rewarded"), page.t("列入名单", "Listed"),
                        page.t("资金池余额", "Pool remainder")], f.rules.map { r in
                [Cell(r.rule), Self.number(yuan(r.deducted), key: "rule.\(r.rule).deducted"), Self.number(yuan(r.rewarded), key: "rule.\(r.rule).rewarded"),
                 Self.number(r.listed, key: "rule.\(r.rule).listed"), r.remainder.map { Self.number(yuan($0), key: "rule.\(r.rule).remainder") } ?? Cell("–")]
            })
        }
        if f.rules.contains(where: { $0.deducted > 0 || $0.rewarded > 0 }) {
            figure(SVGChart.bars(bars, title: t("各规则扣减与奖励", "Deducted and rewarded per rule")),
                   note: t("红：扣减；绿：奖励（元）。", "Red: deducted; green: rewarded (yuan).")) { totals(&$0) }
        } else {
            html += "<p class=\"note\">" + HTML.escape(t("没有规则扣减或奖励任何金额。", "No rule deducted or rewarded any amount.")) + "</p>"
            totals(&self)
        }
        guard !f.applicationDepartments.isEmpty else { return }
        html += "<h4>\(HTML.escape(t("扣减最多的部门（全部规则合计）", "Departments with the largest deductions (all rules)")))</h4>"
        table([t("部门", "Department"), t("扣减（元）", "Deducted"), t("奖励（元）", "Rewarded"), t("列入名单", "Listed")], f.applicationDepartments.map { d in
            [Cell(d.department), Self.number(yuan(d.deducted), key: "appdept.\(d.department).deducted"),
             Self.number(yuan(d.rewarded), key: "appdept.\(d.department).rewarded"), Self.number(d.listed, key: "appdept.\(d.department).listed")]
        })
    }

    // MARK: - Style

    static let style = """
        :root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--accent:#2f5d8a;--warn:#c0392b}
        *{box-sizing:border-box}
        body{margin:0;color:var(--ink);background:#fff;font:14px/1.5 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei","Source Han Sans SC",system-ui,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:24px 28px}
        header{border-bottom:3px solid var(--accent);margin-bottom:18px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;color:var(--accent);border-bottom:1px solid var(--line)}
        h3{font-size:16px;margin:18px 0 6px}h4{font-size:14px;margin:14px 0 4px}
        .sub,.intro,.note,figcaption{color:var(--muted)}figcaption{font-size:12px;max-width:560px}
        .kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}
        .kpiLabel{font-size:12px;color:var(--muted)}.kpiValue{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
        .fig{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start;break-inside:avoid}figure{margin:0}
        .tableBox{flex:1 1 320px;min-width:280px}.tableBox.scroll{max-height:520px;overflow:auto}
        table{border-collapse:collapse;width:100%;font-size:12px}caption{text-align:left;color:var(--muted);font-size:12px}
        th,td{border-bottom:1px solid var(--line);padding:2px 4px;text-align:left}th{background:#f0f4f8;position:sticky;top:0;white-space:nowrap}
        td.num,td.name{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}.warnText{color:var(--warn)}
        svg.chart{max-width:100%;height:auto}svg text{font-size:11px;fill:var(--ink)}svg .val{fill:var(--muted)}svg .cellText{font-size:10px}svg .cellText.light{fill:#fff}
        .axis,.grid{stroke:var(--line)}.mark{stroke:var(--warn);stroke-dasharray:3 2}
        .s0{fill:var(--accent);stroke:var(--accent)}.warn{fill:var(--warn);stroke:var(--warn)}
        .whisker{stroke-width:1.5}.box{fill-opacity:.35}.dot{fill:var(--ink)}.diamond{fill:#f0a202}
        .g0{fill:#2e7d32}.g1{fill:#7cb342}.g2{fill:#f9a825}.g3{fill:#e64a19}.g4{fill:#8e24aa}.g5{fill:#5c6bc0}.g6{fill:#00897b}.g7{fill:#6d4c41}
        .red{fill:#d64541}.yellow{fill:#f2c12e}.green{fill:#3a9d5d}
        footer{margin-top:32px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
        @page{size:A4;margin:12mm}
        @media print{main{max-width:none;padding:0}.tableBox.scroll{max-height:none;overflow:visible}th{position:static}section{break-before:auto}h2,h3{break-after:avoid}}
        """
}
