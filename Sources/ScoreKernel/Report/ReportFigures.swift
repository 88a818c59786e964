/// What the report shows for one period, computed from the result files: every figure an
/// aggregate (counts, sums, per-department rows, a few top-k lists), so that the page stays the
/// same size for 2,000 projects or a million.
///
/// Numbers are kept as the page prints them (``Shown``): rounded half away from zero from the
/// decimal the file holds, never through a `Double`, so that the page and the CSVs agree digit
/// for digit.
struct ReportFigures: Sendable {
    /// A number as drawn (`value`) and as printed (`text`).
    struct Shown: Sendable {
        var value: Double
        var text: String

        /// `number` rounded half away from zero to `decimals`; "–" when absent.
        init(_ number: DecimalNumber?, decimals: Int) {
            guard let number else {
                self.init(value: .nan, text: "–")
                return
            }
            self.init(units: number.units(roundedTo: decimals), decimals: decimals)
        }

        init(units: Int128, decimals: Int) {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            self.init(value: Double(units) / scale, text: Rounding.text(units: units, precision: decimals))
        }

        init(value: Double, text: String) {
            self.value = value
            self.text = text
        }

        /// `count` of `total` as a percentage with 2 decimals, rounded half away from zero.
        static func share(_ count: Int, of total: Int) -> Shown {
            guard total > 0 else { return Shown(value: .nan, text: "–") }
            // ⌊(count × 10⁴ / total) + ½⌋: hundredths of a percent, rounded half up.
            return Shown(units: (Int128(count) * 20_000 + Int128(total)) / (2 * Int128(total)), decimals: 2)
        }
    }

    /// A grade band as the batch uses it.
    struct Grade: Sendable {
        var name: String
        var label: String
        var count = 0
        /// The highest total seen in the band (units of 10^-6), to order bands best first.
        var best: Int128 = .min
    }

    /// One department's row of departments.csv.
    struct Department: Sendable {
        var name: String
        var projects: Int
        var rank: Int
        var mean, weightedMean, median, q1, q3, p10, p90: Shown
        /// Percent.
        var executionRate: Shown
        var belowAverage: Bool
    }

    /// A flag and how many rows of flags.csv carry it.
    struct FlagCount: Sendable {
        var code: String
        var count: Int
    }

    /// One row of scenarios.csv, or a summary of many (`name` says which).
    struct Scenario: Sendable {
        var name: String
        var gradeCounts: [Int]
        var spearman: Shown
    }

    /// A department's Monte Carlo rank interval.
    struct RankInterval: Sendable {
        var department: String
        var baseline: Int
        var median, p05, p95: Shown
    }

    /// A project whose grade is uncertain: its identity and the figure that says how much.
    struct UncertainProject: Sendable {
        var projectID: String
        var department: String
        /// The grade's name: the likeliest (probabilities) or the scenario's (margins).
        var grade: String
        /// The lowest max grade probability, or the smallest grade-flip margin.
        var measure: Shown
        /// Probabilities: the next likeliest grade's name and its probability.
        var next: (grade: String, probability: Shown)? = nil
        /// Margins: whether the grade moves down (else up), and the category whose weight grows.
        var toward: (down: Bool, category: String)? = nil
        /// Order among equals: the file line.
        var line: Int
    }

    /// Result application: one rule's total row.
    struct RuleTotal: Sendable {
        var rule: String
        var deducted, rewarded: Int128  // fen
        var listed: Int
        var remainder: Int128?
    }

    /// Result application: one department, all rules together.
    struct DepartmentTotal: Sendable {
        var department: String
        var deducted, rewarded: Int128  // fen
        var listed: Int
    }

    /// Parts the large tables are read in at once.
    var parts = 1
    /// The files read, symbolic links resolved.
    var sources: [String] = []
    var period = ""
    /// Every period in departments.csv, in order of first appearance.
    var periods: [String] = []
    /// Results in Chinese: Chinese headers, or Chinese department names.
    var chinese = false

    // The batch at a glance (project_scores.csv).
    var projects = 0
    /// Sums of 全年预算数 and 全年执行数, in millionths of the file's unit.
    var budget: Int128 = 0
    var executed: Int128 = 0
    /// The scheme's grade bands, best first (from departments.csv's count columns; by the
    /// highest total seen when it has none).
    var grades: [Grade] = []
    var gradesFromHeader = false
    /// Projects per whole point of the total: `histogram[k]` counts totals in [k, k + 1).
    var histogram: [Int] = []

    // Departments (departments.csv, department_categories.csv), in the order of their rank.
    var departments: [Department] = []
    /// Category codes (output, benefit, …), in file order.
    var categories: [String] = []
    /// Mean achievement per department (in `departments` order) and category, percent.
    var achievement: [[Shown?]] = []

    // 双监控 (project_scores.csv, flags.csv).
    /// Per department (in `departments` order): red, yellow and green lights.
    var lights: [[Int]] = []
    /// Projects per cell of execution rate (x) × completion rate (y), ``densityBins`` squared.
    var density: [Int] = []
    /// Projects without both rates (no budget, no quantitative indicator).
    var densityMissing = 0
    /// Projects by |execution rate − completion rate| in points: ≤ 10, ≤ 20, ≤ 30, more.
    var gapBands = [0, 0, 0, 0]
    var flags: [FlagCount] = []
    var hasFlags = false

    // Scenarios (scenarios.csv, department_rank_intervals.csv, rank_intervals.csv, grade_margins.csv).
    /// Per scenario, or per summary row beyond ``scenariosListed``: grade counts in ``grades``
    /// order and Spearman ρ.
    var scenarios: [Scenario] = []
    /// How many scenarios scenarios.csv has for the period.
    var scenarioCount = 0
    var rankIntervals: [RankInterval] = []
    /// Projects by max grade probability: ≥ 0.99, 0.9–0.99, 0.75–0.9, 0.5–0.75, < 0.5.
    var certaintyBands: [Int] = []
    var leastCertain: [UncertainProject] = []
    var smallestMargins: [UncertainProject] = []

    // Result application (application_totals.csv).
    var rules: [RuleTotal] = []
    var applicationDepartments: [DepartmentTotal] = []

    /// Cells per axis of the execution × completion density, 0.05 wide from 0 to 1.2 (the last
    /// cell holds everything above).
    static let densityBins = 24
    /// At most this many scenarios are listed one by one; more are summarised.
    static let scenariosListed = 30
    /// Length of the lists of least certain projects and of departments by deduction.
    static let listed = 15
    /// The lower bounds of ``certaintyBands``, in thousandths.
    static let certaintyBounds = [990, 900, 750, 500, 0]
}
